"""Parquet snapshots checked in DuckDB: the same tables as the reader's, and never a bad one called clean.

The fast path (``arrears.snapshot.fastpath`` via ``arrears.engine.load``) may only ever
be more suspicious than the precise reader. Each corruption below is one the reader
refuses; the fast path must not call any of them clean, and ``load_portfolio`` must then
refuse it with exactly the reader's problems.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from arrears.demo.generator import generate
from arrears.domain.allocation import AllocationOrder
from arrears.domain.delinquency import ClassificationPolicy
from arrears.engine.backends import connect
from arrears.engine.load import load_portfolio
from arrears.engine.run import classify_loaded, classify_tables
from arrears.snapshot import SnapshotInvalid, read_snapshot
from arrears.snapshot.fastpath import check_parquet
from tests.support.portfolios import as_text, domain_rows, ledger_accounts

AS_OF = dt.date(2026, 11, 30)
D2 = pa.decimal128(18, 2)


def base_tables() -> dict[str, pa.Table]:
    """A small valid snapshot: three currencies (JPY has no decimals), a reversal, extra columns."""
    customers = pa.table(
        {
            "customer_id": ["C1", "C2", "C3"],
            "full_name": ["王伟", "Ann Lee", "Bo"],
            "country": ["CN", "US", "JP"],
            "region": ["CN-GD", "US-CA", None],
            "timezone": ["Asia/Shanghai", "America/Los_Angeles;America/New_York", None],
            "credit_grade": ["A", "", None],
        }
    )
    accounts = pa.table(
        {
            "account_id": ["A1", "A2", "A3", "A4"],
            "customer_id": ["C1", "C1", "C2", "C3"],
            "product": ["cash_loan", "cash_loan", "credit_card", "consumer_loan"],
            "currency": ["CNY", "CNY", "USD", "JPY"],
            "principal": pa.array([Decimal("1000.00"), Decimal("500.50"), Decimal("300.00"), Decimal("50000.00")], D2),
            "opened_on": pa.array([dt.date(2026, 1, 1)] * 4),
            "annual_rate": ["0.12", None, "", "0.2"],
            "status": ["active", "", "active", "closed"],
        }
    )
    installments = pa.table(
        {
            "account_id": ["A1", "A1", "A2", "A3", "A4", "A4"],
            "seq": pa.array([1, 2, 1, 1, 1, 2], pa.int32()),
            "due_date": pa.array([dt.date(2026, m, 15) for m in (9, 10, 11, 8, 6, 12)]),
            "principal_due": pa.array([Decimal(x) for x in ("500", "500", "500.50", "300", "25000", "25000")], D2),
            "interest_due": pa.array([Decimal(x) for x in ("10.25", "10", "0", "3", "1000", "1000")], D2),
            "fee_due": pa.array([Decimal("0")] * 5 + [None], D2),
        }
    )
    payments = pa.table(
        {
            "payment_id": ["P1", "P2", "P3", "P4", "P5"],
            "account_id": ["A1", "A1", "A3", "A3", "A4"],
            "paid_on": pa.array(
                [dt.date(2026, 9, 15), dt.date(2026, 10, 1), dt.date(2026, 8, 20), dt.date(2026, 8, 25), dt.date(2026, 7, 1)]
            ),
            "amount": pa.array([Decimal(x) for x in ("510.25", "100", "303", "303", "20000")], D2),
            "reverses": [None, None, None, "P3", None],
        }
    )
    return {"customers": customers, "accounts": accounts, "installments": installments, "payments": payments}


def write(folder: Path, tables: dict[str, pa.Table], **options) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        pq.write_table(table, folder / f"{name}.parquet", **options)
    return folder


#: Ways a writer may lay out the same rows: the streaming comparisons carry the last account,
#: ``seq`` and id across row groups and across dictionary pages (the reader then returns several
#: chunks, each with its own dictionary, or builds the dictionary itself from plain pages).
LAYOUTS = {
    "one row group": {},
    "one row per row group": {"row_group_size": 1},
    "plain pages": {"use_dictionary": False, "row_group_size": 4},
    "tiny dictionary pages": {"dictionary_pagesize_limit": 1, "data_page_size": 1, "row_group_size": 5},
}


def put(table: pa.Table, column: str, row: int, value, type_=None) -> pa.Table:
    values = table[column].to_pylist()
    values[row] = value
    return table.set_column(table.schema.get_field_index(column), column, pa.array(values, type_ or table[column].type))


def retype(table: pa.Table, column: str, type_: pa.DataType) -> pa.Table:
    return table.set_column(table.schema.get_field_index(column), column, pc.cast(table[column], type_))


Corruption = Callable[[dict[str, pa.Table]], None]


def _c(table: str, column: str, row: int, value, type_=None) -> Corruption:
    def corrupt(t: dict[str, pa.Table]) -> None:
        t[table] = put(t[table], column, row, value, type_)

    return corrupt


def _rows(table: str, mutate: Callable[[pa.Table], pa.Table]) -> Corruption:
    def corrupt(t: dict[str, pa.Table]) -> None:
        t[table] = mutate(t[table])

    return corrupt


CORRUPTIONS: dict[str, Corruption] = {
    "customer id missing": _c("customers", "customer_id", 1, None),
    "customer id blank": _c("customers", "customer_id", 1, "  "),
    "customer id repeated": _c("customers", "customer_id", 2, "C1"),
    "full name missing": _c("customers", "full_name", 0, None),
    "full name ideographic space": _c("customers", "full_name", 0, "\u3000"),
    "country UK": _c("customers", "country", 1, "UK"),
    "country missing": _c("customers", "country", 1, None),
    "region of another country": _c("customers", "region", 0, "US-CA"),
    "region malformed": _c("customers", "region", 1, "California"),
    "time zone misspelt": _c("customers", "timezone", 1, "America/New_Yorkk"),
    "account id repeated": _c("accounts", "account_id", 1, "A1"),
    "account id missing": _c("accounts", "account_id", 1, None),
    "account of a missing customer": _c("accounts", "customer_id", 2, "C9"),
    "product missing": _c("accounts", "product", 0, ""),
    "currency unknown": _c("accounts", "currency", 2, "US$"),
    "principal zero": _c("accounts", "principal", 0, Decimal("0")),
    "principal negative": _c("accounts", "principal", 0, Decimal("-1")),
    "principal with cents in JPY": _c("accounts", "principal", 3, Decimal("50000.50")),
    "principal too large": _c("accounts", "principal", 0, Decimal("100000000000000.00")),
    "principal as floats": _rows("accounts", lambda a: retype(a, "principal", pa.float64())),
    "opened_on missing": _c("accounts", "opened_on", 0, None),
    "annual rate not a rate": _c("accounts", "annual_rate", 0, "12%"),
    "reserved column name": _rows("accounts", lambda a: a.append_column("principal_minor", pa.array([1, 2, 3, 4]))),
    "installment of a missing account": _c("installments", "account_id", 2, "A9"),
    "installment account blank": _c("installments", "account_id", 2, ""),
    "seq repeated": _c("installments", "seq", 1, 1),
    "seq repeated out of order": _rows("installments", lambda i: put(i.take([1, 0, 2, 3, 4, 5]), "seq", 0, 1)),
    "seq repeated in a later run of the account": _rows("installments", lambda i: put(i.take([0, 2, 1, 3, 4, 5]), "seq", 2, 1)),
    "seq repeated in the last account": _c("installments", "seq", 5, 1),
    "installment of a missing account, in order": _c("installments", "account_id", 2, "A15"),
    "installment of a missing account, last": _rows("installments", lambda i: put(i.slice(0, 5), "account_id", 4, "A9")),
    "seq zero": _c("installments", "seq", 0, 0),
    "seq negative": _c("installments", "seq", 0, -3),
    "seq missing": _c("installments", "seq", 0, None),
    "seq as floats": _rows("installments", lambda i: retype(i, "seq", pa.float64())),
    "due date missing": _c("installments", "due_date", 3, None),
    "due date as text": _rows("installments", lambda i: put(retype(i, "due_date", pa.string()), "due_date", 0, "2026/02/30")),
    "principal due missing": _c("installments", "principal_due", 0, None),
    "interest due negative": _c("installments", "interest_due", 0, Decimal("-0.01")),
    "fee with cents in JPY": _c("installments", "fee_due", 4, Decimal("0.50")),
    "required column due_date absent": _rows("installments", lambda i: i.drop_columns(["due_date"])),
    "payment id repeated": _c("payments", "payment_id", 1, "P1"),
    "payment id repeated out of order": _c("payments", "payment_id", 4, "P2"),
    "payment id missing": _c("payments", "payment_id", 0, None),
    "payment of a missing account": _c("payments", "account_id", 1, "A7"),
    "payment of a missing account, in order": _c("payments", "account_id", 1, "A15"),
    "payment of a missing account, last": _c("payments", "account_id", 4, "A9"),
    "paid_on missing": _c("payments", "paid_on", 0, None),
    "payment amount zero": _c("payments", "amount", 1, Decimal("0")),
    "payment amount negative": _c("payments", "amount", 1, Decimal("-5")),
    "payment amount as floats": _rows("payments", lambda p: retype(p, "amount", pa.float64())),
    "reversal of a missing payment": _c("payments", "reverses", 3, "P99"),
    "reversal of itself": _c("payments", "reverses", 3, "P4"),
    "reversal of a reversal": _rows("payments", lambda p: put(put(p, "reverses", 4, "P4"), "account_id", 4, "A3")),
    "reversal on another account": _c("payments", "reverses", 3, "P1"),
    "reversal dated before its payment": _c("payments", "paid_on", 3, dt.date(2026, 8, 1)),
    "reversal of another amount": _c("payments", "amount", 3, Decimal("302")),
    "second reversal of one payment": _rows(
        "payments", lambda p: put(put(put(p, "reverses", 4, "P3"), "account_id", 4, "A3"), "amount", 4, Decimal("303"))
    ),
}


@pytest.fixture
def base(tmp_path) -> Path:
    return write(tmp_path / "base", base_tables())


def test_the_base_snapshot_is_clean_for_both_paths(base):
    read_snapshot(base)
    assert check_parquet(duckdb.connect(), base).clean


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_the_base_snapshot_takes_the_fast_path_in_every_layout(tmp_path, layout):
    folder = write(tmp_path / "base", base_tables(), **LAYOUTS[layout])
    checked = check_parquet(duckdb.connect(), folder)
    assert checked.clean, checked.reason
    _same_tables(folder)


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("name", list(CORRUPTIONS))
def test_no_snapshot_the_reader_refuses_is_called_clean(tmp_path, name, layout):
    tables = base_tables()
    CORRUPTIONS[name](tables)
    folder = write(tmp_path / "bad", tables, **LAYOUTS[layout])
    with pytest.raises(SnapshotInvalid) as by_reader:
        read_snapshot(folder)
    assert not check_parquet(duckdb.connect(), folder).clean
    with pytest.raises(SnapshotInvalid) as by_loader:
        load_portfolio(connect(), folder)
    assert str(by_loader.value) == str(by_reader.value)


@pytest.mark.parametrize(
    "layout",
    ["csv beside parquet", "table missing", "bad manifest"],
)
def test_folder_problems_go_to_the_reader(base, layout):
    if layout == "csv beside parquet":
        (base / "payments.csv").write_text("payment_id\n", encoding="utf-8")
    elif layout == "table missing":
        (base / "payments.parquet").unlink()
    else:
        (base / "manifest.json").write_text("{not json", encoding="utf-8")
    assert not check_parquet(duckdb.connect(), base).clean
    with pytest.raises(SnapshotInvalid):
        load_portfolio(connect(), base)


def test_a_cautious_refusal_still_loads_what_the_reader_accepts(base):
    """A value starting with a space is left to the reader, which accepts it; the load goes on."""
    tables = base_tables()
    tables["accounts"] = put(tables["accounts"], "status", 0, " active")
    shutil.rmtree(base)
    write(base, tables)
    assert not check_parquet(duckdb.connect(), base).clean
    loaded = load_portfolio(connect(), base)
    assert loaded.accounts.to_pyarrow().sort_by("account_id")["status"].to_pylist()[0] == " active"


def _same_tables(folder: Path) -> None:
    snap = read_snapshot(folder)
    loaded = load_portfolio(connect(), folder)
    for name in ("customers", "accounts", "installments", "payments"):
        expected = getattr(snap, name)
        got = getattr(loaded, name).to_pyarrow()
        assert got.schema.names == expected.schema.names, name
        key = [(c, "ascending") for c in expected.schema.names if expected[c].type in (pa.string(), pa.int64(), pa.date32())]
        assert got.cast(expected.schema).sort_by(key).equals(expected.sort_by(key)), name


def test_fast_tables_are_the_readers_tables(base):
    assert check_parquet(duckdb.connect(), base).clean
    _same_tables(base)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    generate(folder, accounts=600, seed=5, locale="en_US", as_of=AS_OF, fmt="parquet")
    return folder


def test_a_generated_parquet_snapshot_takes_the_fast_path_with_the_readers_tables(demo):
    assert check_parquet(duckdb.connect(), demo).clean
    _same_tables(demo)


@pytest.mark.parametrize("mode", ["vertical", "horizontal"])
@pytest.mark.parametrize("days_before", [0, 60])
def test_classifying_the_fast_tables_matches_the_domain(demo, tmp_path, mode, days_before):
    as_of = AS_OF - dt.timedelta(days=days_before)
    policy = ClassificationPolicy(allocation=AllocationOrder(("interest", "principal", "fee", "penalty"), mode))
    out = tmp_path / "r.csv"
    run = classify_loaded(load_portfolio(connect(), demo), as_of, policy, out)
    snap = read_snapshot(demo)
    tables = dict(customers=snap.customers, accounts=snap.accounts, installments=snap.installments, payments=snap.payments)
    expected = domain_rows(ledger_accounts(**tables), as_of, policy)
    assert [as_text(r) for r in run.rows.to_pylist()] == expected
    assert run.summary == classify_tables(**tables, as_of=as_of, policy=policy).summary


def test_a_parquet_result_is_streamed_with_decimal_amounts_and_the_same_rows(demo, tmp_path):
    policy = ClassificationPolicy()
    out = tmp_path / "r.parquet"
    run = classify_loaded(load_portfolio(connect(), demo), AS_OF, policy, out)
    assert run.rows is None
    written = pq.read_table(out)
    assert written.schema.field("overdue_total").type == pa.decimal128(38, 2)
    text = classify_loaded(load_portfolio(connect(), demo), AS_OF, policy, tmp_path / "r.csv").rows
    assert written["account_id"].to_pylist() == text["account_id"].to_pylist()
    assert [f"{v:.2f}" for v in written["overdue_total"].to_pylist()] == [
        f"{Decimal(v):.2f}" for v in text["overdue_total"].to_pylist()
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv", "r.parquet"]


def _arrow_written(tables, as_of, policy, path: Path):
    """The result as the Arrow batch writer writes it (the path other backends take)."""
    from arrears.engine.classify import classify_portfolio
    from arrears.engine.output import ParquetResultWriter
    from arrears.engine.run import _batches, currencies_of

    expr = classify_portfolio(tables.accounts, tables.installments, tables.payments, tables.customers, as_of, policy)
    with ParquetResultWriter(path, currencies_of(tables)) as writer:
        for batch in _batches(tables.backend, expr):
            writer.write(batch)
        writer.commit(expr.schema().to_pyarrow())
    return pq.read_table(path)


@pytest.mark.parametrize("currencies", ["CNY, USD, JPY", "with KWD (three places)", "none (no accounts)"])
def test_duckdb_writes_the_parquet_file_the_arrow_writer_writes(tmp_path, currencies):
    """DuckDB's own COPY: same schema (decimals at the largest scale, nullable columns), same rows, same order."""
    tables = base_tables()
    if currencies.startswith("with KWD"):
        tables["accounts"] = put(tables["accounts"], "currency", 2, "KWD")
    elif currencies.startswith("none"):
        tables = {name: t.slice(0, 0) for name, t in tables.items()}
    folder = write(tmp_path / "snap", tables)
    loaded = load_portfolio(connect(), folder)
    out = tmp_path / "out" / "r.parquet"
    run = classify_loaded(loaded, AS_OF, ClassificationPolicy(), out)
    expected = _arrow_written(loaded, AS_OF, ClassificationPolicy(), tmp_path / "expected.parquet")
    written = pq.read_table(out)
    assert written.schema == expected.schema
    assert written.equals(expected)
    snap = read_snapshot(folder)
    typed = dict(customers=snap.customers, accounts=snap.accounts, installments=snap.installments, payments=snap.payments)
    assert run.summary == classify_tables(**typed, as_of=AS_OF, policy=ClassificationPolicy()).summary
    assert [p.name for p in out.parent.iterdir()] == ["r.parquet"]
