"""The store's portfolio as Arrow tables with the snapshot reader's contract, for the engine.

The daily cycle classifies what the store holds (payments taken through Arrears included)
without a snapshot folder. The engine never reads the database itself: DuckDB's SQLite
and PostgreSQL readers download extensions at run time, which cannot happen offline. So
the rows come over the DB-API in batches, become Arrow columns, and go to the engine.

Amounts become integer minor units of the account's currency in SQL. On PostgreSQL the
columns are ``numeric`` and the product is exact. On SQLite, Django stores decimals with
NUMERIC affinity (a double for fractional values); every stored value has at most the
currency's minor-unit places, so ``ROUND(value * 10^places)`` recovers the exact integer
(a double carries 15 significant digits; amounts up to 10^13 major units stay exact).
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from django.db import connection

from arrears.domain.currency import MINOR_UNITS

BATCH = 200_000


def _scale_case(column: str, currencies: list[str]) -> str:
    whens = " ".join(f"WHEN '{c}' THEN {10 ** MINOR_UNITS[c]}" for c in currencies if c in MINOR_UNITS)
    return f"(CASE {column} {whens} ELSE 1 END)" if whens else "1"


def _minor(value: str, scale: str) -> str:
    return f"CAST(ROUND({value} * {scale}) AS BIGINT)"


def _fetch(sql: str, names: list[str], types: list[pa.DataType]) -> pa.Table:
    """Run ``sql`` and build an Arrow table (PostgreSQL: ``COPY`` as CSV, parsed in C)."""
    schema = pa.schema(list(zip(names, types, strict=True)))
    if connection.vendor == "postgresql":
        return _copy_out(sql, schema)
    batches: list[pa.RecordBatch] = []
    with connection.cursor() as cursor:
        cursor.execute(sql)
        for rows in _chunks(cursor):
            columns = list(zip(*rows, strict=True))
            arrays = [_array(values, kind) for values, kind in zip(columns, types, strict=True)]
            batches.append(pa.RecordBatch.from_arrays(arrays, schema=schema))
    return pa.Table.from_batches(batches, schema=schema)


def _copy_out(sql: str, schema: pa.Schema) -> pa.Table:
    """``COPY (sql) TO STDOUT`` on Django's connection (same transaction), read by Arrow's CSV reader.

    An empty text and a NULL differ in PostgreSQL's CSV (``""`` against nothing), and the
    reader is told so: only unquoted empty fields are nulls.
    """
    buffer = io.BytesIO()
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)") as copy:
        for chunk in copy:
            buffer.write(chunk)
    if buffer.tell() == 0:
        return schema.empty_table()
    buffer.seek(0)
    return pacsv.read_csv(
        buffer,
        read_options=pacsv.ReadOptions(column_names=schema.names),
        convert_options=pacsv.ConvertOptions(
            column_types=schema, strings_can_be_null=True, quoted_strings_can_be_null=False, null_values=[""]
        ),
    )


def _chunks(cursor) -> Iterator[list[tuple]]:
    while rows := cursor.fetchmany(BATCH):
        yield rows


def _array(values: tuple, kind: pa.DataType) -> pa.Array:
    if kind == pa.date32() and values and isinstance(next((v for v in values if v is not None), None), str):
        return pc.cast(pa.array(values, pa.string()), pa.date32())
    return pa.array(values, kind)


def store_portfolio() -> dict[str, pa.Table]:
    """``customers``, ``accounts``, ``installments``, ``payments`` as the reader would give them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT currency FROM portfolio_account")
        currencies = sorted(r[0] for r in cursor.fetchall())
    scale = _scale_case("a.currency", currencies)
    status = "json_extract(a.attributes, '$.status')" if connection.vendor == "sqlite" else "a.attributes::jsonb ->> 'status'"
    customers = _fetch(
        "SELECT customer_id, credit_grade FROM portfolio_customer ORDER BY customer_id",
        ["customer_id", "credit_grade"],
        [pa.string(), pa.string()],
    )
    accounts = _fetch(
        f"SELECT a.account_id, c.customer_id, a.product, a.currency, {_minor('a.principal', scale)}, a.opened_on, {status} "
        "FROM portfolio_account a JOIN portfolio_customer c ON c.id = a.customer_id ORDER BY a.account_id",
        ["account_id", "customer_id", "product", "currency", "principal_minor", "opened_on", "status"],
        [pa.string(), pa.string(), pa.string(), pa.string(), pa.int64(), pa.date32(), pa.string()],
    )
    components = ", ".join(_minor(f"i.{c}_due", scale) for c in ("principal", "interest", "fee", "penalty"))
    installments = _fetch(
        f"SELECT a.account_id, i.seq, i.due_date, {components} "
        "FROM portfolio_installment i JOIN portfolio_account a ON a.id = i.account_id",
        ["account_id", "seq", "due_date", "principal_minor", "interest_minor", "fee_minor", "penalty_minor"],
        [pa.string(), pa.int64(), pa.date32(), pa.int64(), pa.int64(), pa.int64(), pa.int64()],
    )
    payments = _fetch(
        f"SELECT p.payment_id, a.account_id, p.paid_on, {_minor('p.amount', scale)}, NULLIF(p.reverses, '') "
        "FROM portfolio_payment p JOIN portfolio_account a ON a.id = p.account_id",
        ["payment_id", "account_id", "paid_on", "amount_minor", "reverses"],
        [pa.string(), pa.string(), pa.date32(), pa.int64(), pa.string()],
    )
    return {"customers": customers, "accounts": accounts, "installments": installments, "payments": payments}
