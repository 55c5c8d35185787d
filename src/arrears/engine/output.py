"""The classification result as files: decimal text in CSV, decimals in Parquet.

The engine computes in integer minor units; this module turns them (with
``arrears.money_columns``) into what the reference promises: amounts fixed to the currency's minor unit (``1234.50`` CNY, ``1200``
JPY). Files are written to a temporary name in the target folder and renamed into place,
so a failure never leaves a half-written result where the old one was.

Parquet results are written batch by batch as the engine produces them
(``ParquetResultWriter``): the amounts go from minor units to decimals by integer
arithmetic on the batch, so a portfolio of any size is never held whole in Python. On
DuckDB the engine writes the file itself (``copy_parquet_result``: the same decimals,
computed in SQL, with DuckDB's parallel Parquet writer) and the result never reaches Python.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from decimal import Decimal, localcontext
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from arrears.domain.currency import MINOR_UNITS
from arrears.domain.delinquency import AMOUNT_COLUMNS, OUTPUT_COLUMNS
from arrears.money_columns import decimal_text


def with_decimal_text(result: pa.Table) -> pa.Table:
    """Replace the minor-unit amount columns by decimal text fixed to each row's currency."""
    for name in AMOUNT_COLUMNS:
        result = result.set_column(result.schema.get_field_index(name), name, decimal_text(result[name], result["currency"]))
    return result.select(list(OUTPUT_COLUMNS))


def _atomic_target(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    return Path(tmp)


def _write_csv(table: pa.Table, path: Path) -> None:
    """Plain CSV as spreadsheets and loan systems expect; quotes only if a value needs them."""
    import pyarrow.csv as pcsv

    for style in ("none", "needed"):
        try:
            with path.open("wb") as f:
                f.write((",".join(table.column_names) + "\n").encode("utf-8"))
                pcsv.write_csv(table, f, pcsv.WriteOptions(include_header=False, quoting_style=style))
            return
        except pa.ArrowInvalid:  # a value holds a comma, a quote or a line break
            continue


def write_result(table: pa.Table, path: Path, currencies: set[str]) -> None:
    """Write CSV (decimal text) or Parquet (decimal columns) by the file's suffix, atomically."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise ValueError(f"{path}: the output must end in .csv or .parquet")
    tmp = _atomic_target(path)
    try:
        if suffix == ".csv":
            _write_csv(table, tmp)
        else:
            import pyarrow.parquet as pq

            places = max((MINOR_UNITS[c] for c in currencies), default=2)
            decimal = pa.decimal128(38, places)
            for name in AMOUNT_COLUMNS:
                table = table.set_column(table.schema.get_field_index(name), name, pc.cast(table[name], decimal))
            pq.write_table(table, tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def result_scale(currencies: Iterable[str]) -> int:
    """The scale of Parquet amount columns: the largest minor unit among the currencies (2 when none)."""
    return max((MINOR_UNITS[c] for c in currencies), default=2)


def decimal_amounts(batch: pa.RecordBatch, scale: int) -> pa.RecordBatch:
    """Minor-unit amount columns as ``decimal128(38, scale)``, exactly.

    A row's minor units times ``10 ** (scale - its currency's minor unit)`` are its amount
    in units of ``10 ** -scale``: an integer, which *is* the decimal's unscaled value, so
    the decimal column is that integer column reinterpreted (no text, no float).
    """
    currency = batch["currency"]
    codes = pc.unique(currency).drop_null().to_pylist()
    factors = pa.array([10 ** (scale - MINOR_UNITS[c]) for c in codes], pa.int64())
    factor = factors.take(pc.index_in(currency, value_set=pa.array(codes, pa.string())))
    columns = {}
    for name in batch.schema.names:
        column = batch[name]
        if name in AMOUNT_COLUMNS:
            unscaled = pc.cast(pc.multiply_checked(column, factor), pa.decimal128(38, 0))
            column = unscaled.view(pa.decimal128(38, scale))
        columns[name] = column
    return pa.RecordBatch.from_pydict(columns).select(list(OUTPUT_COLUMNS))


class ParquetResultWriter:
    """Writes result batches (minor units) to ``path`` as Parquet decimals; the file appears only on ``commit``."""

    def __init__(self, path: Path, currencies: Iterable[str]):
        import pyarrow.parquet as pq

        self.path = path
        self.scale = result_scale(currencies)
        self._tmp = _atomic_target(path)
        self._writer: pq.ParquetWriter | None = None

    def write(self, batch: pa.RecordBatch) -> None:
        import pyarrow.parquet as pq

        out = decimal_amounts(batch, self.scale)
        if self._writer is None:
            self._writer = pq.ParquetWriter(self._tmp, out.schema)
        self._writer.write_batch(out)

    def commit(self, schema: pa.Schema) -> None:
        """Close the file and move it into place (an empty result still gets its schema)."""
        import pyarrow.parquet as pq

        if self._writer is None:
            empty = pa.RecordBatch.from_pylist([], schema=schema)
            self._writer = pq.ParquetWriter(self._tmp, decimal_amounts(empty, self.scale).schema)
        self._writer.close()
        self._writer = None
        os.replace(self._tmp, self.path)

    def discard(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> ParquetResultWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()  # after commit the temporary name is gone: nothing to do


def _decimal_sql(column: str, factor: str | None, scale: int) -> str:
    """DuckDB SQL: minor units (BIGINT) times ``factor`` as ``DECIMAL(38, scale)``, exactly.

    The unscaled value is an integer (``DECIMAL(19, 0)`` holds every BIGINT); multiplying by
    ``10 ** -scale`` as a decimal only moves the point, and an overflowing ``* factor`` is an
    error, as ``multiply_checked`` is in ``decimal_amounts``.
    """
    unscaled = column if factor is None else f"({column} * {factor})"
    if scale == 0:
        return f"CAST({unscaled} AS DECIMAL(38, 0))"
    point = f"CAST('{Decimal(1).scaleb(-scale)}' AS DECIMAL({scale + 1}, {scale}))"
    return f"CAST(CAST({unscaled} AS DECIMAL(19, 0)) * {point} AS DECIMAL(38, {scale}))"


def parquet_result_sql(result_sql: str, columns: Iterable[str], currencies: Iterable[str]) -> str:
    """A SELECT over ``result_sql`` (minor units) giving the Parquet result: ``OUTPUT_COLUMNS`` sorted by
    ``account_id``, the amounts as ``DECIMAL(38, result_scale)``: the values and types ``decimal_amounts`` gives.

    DuckDB writes a column as required (not nullable) when it can prove it has no nulls; the
    result's columns are nullable, as the Arrow writer's are, so ``result_sql`` is joined to
    one row from the right (an outer join makes every column nullable to DuckDB, and a join
    on ``TRUE`` with one row keeps every row once). An empty result yields one all-null row,
    which ``copy_parquet_result`` recognises.
    """
    currencies = sorted(set(currencies))
    scale = result_scale(currencies)
    factors = {c: 10 ** (scale - MINOR_UNITS[c]) for c in currencies}
    if all(f == 1 for f in factors.values()):
        factor = None if currencies else "CAST(NULL AS BIGINT)"
    else:
        whens = " ".join(f"WHEN '{c}' THEN {f}" for c, f in factors.items())
        factor = f"(CASE r.currency {whens} END)"
    present = set(columns)
    out = []
    for name in OUTPUT_COLUMNS:
        if name not in present:
            raise ValueError(f"the result has no column {name}")
        q = f'r."{name}"'
        out.append(f'{_decimal_sql(q, factor, scale) if name in AMOUNT_COLUMNS else q} AS "{name}"')
    return f'SELECT {", ".join(out)} FROM (SELECT 1 AS one) o LEFT JOIN ({result_sql}) r ON TRUE ORDER BY r."account_id"'


def copy_parquet_result(
    con, result_sql: str, columns: Iterable[str], path: Path, currencies: Iterable[str]
) -> list[tuple] | None:
    """Write the result of ``result_sql`` to ``path`` as Parquet decimals with DuckDB, sorted by ``account_id``, atomically.

    Returns the per (bucket, currency) totals read back from the written file before it is moved
    into place: ``(bucket, currency, accounts, overdue_total, outstanding_total)`` in minor units;
    None, and nothing written, when the result has no rows (``ParquetResultWriter`` writes that file).
    """
    currencies = set(currencies)
    tmp = _atomic_target(path)
    try:
        target = str(tmp).replace("'", "''")
        con.execute(f"COPY ({parquet_result_sql(result_sql, columns, currencies)}) TO '{target}' (FORMAT parquet)")
        rows = con.execute(
            "SELECT bucket, currency, count(*), sum(overdue_total), sum(outstanding_total) "
            f"FROM read_parquet('{target}') GROUP BY ALL"
        ).fetchall()
        if any(bucket is None for bucket, *_ in rows):  # every result row has a bucket: this is the empty result's row
            return None
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    with localcontext() as ctx:
        ctx.prec = 80
        return [
            (bucket, currency, n, _minor_units(overdue, currency), _minor_units(outstanding, currency))
            for bucket, currency, n, overdue, outstanding in rows
        ]


def _minor_units(amount: Decimal | None, currency: str) -> int:
    return 0 if amount is None else int(Decimal(amount).scaleb(MINOR_UNITS[currency]))
