"""Run the classification step over validated tables, write the result and summarise it.

Kept apart from the expressions so that the daily cycle can reuse ``classify_portfolio``
with other inputs (the store, yesterday's results) while ``arrears classify`` stays a
thin command: validate, classify, write, summarise.

``classify_loaded`` streams: on DuckDB a Parquet result is written by DuckDB itself
(``COPY``, the amounts turned into decimals in SQL) and the summary read back from the
written file; elsewhere the engine's result arrives in Arrow record batches, each added to
the per-bucket summary and written straight away, so a portfolio's rows are never all held
in Python. CSV keeps the whole result (its quoting is decided over all values at once; see
``output``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import ibis.expr.operations as ops
import pyarrow as pa

from arrears.domain.delinquency import ClassificationPolicy
from arrears.engine.backends import PortfolioTables, connect, portfolio_tables
from arrears.engine.classify import classify_portfolio
from arrears.engine.output import ParquetResultWriter, copy_parquet_result, with_decimal_text, write_result
from arrears.reporting import BucketLine

_BATCH_ROWS = 1 << 18


@dataclass(frozen=True)
class ClassificationRun:
    """The per-account rows (amounts as decimal text; None when streamed to a file) and the per-bucket summary."""

    rows: pa.Table | None
    summary: list[BucketLine]
    currencies: set[str]


class _Summary:
    """Accounts, overdue and outstanding per (bucket, currency), added up batch by batch."""

    def __init__(self) -> None:
        self.totals: dict[tuple[str, str], list[int]] = {}

    def add(self, batch: pa.RecordBatch | pa.Table) -> None:
        if not batch.num_rows:
            return
        table = pa.Table.from_batches([batch]) if isinstance(batch, pa.RecordBatch) else batch
        grouped = table.group_by(["bucket", "currency"]).aggregate(
            [("account_id", "count"), ("overdue_total", "sum"), ("outstanding_total", "sum")]
        )
        for row in grouped.to_pylist():
            line = self.totals.setdefault((row["bucket"], row["currency"]), [0, 0, 0])
            line[0] += row["account_id_count"]
            line[1] += row["overdue_total_sum"]
            line[2] += row["outstanding_total_sum"]

    def add_totals(self, rows: list[tuple]) -> None:
        """Totals already added up elsewhere: ``(bucket, currency, accounts, overdue, outstanding)``."""
        for bucket, currency, n, overdue, outstanding in rows:
            line = self.totals.setdefault((bucket, currency), [0, 0, 0])
            line[0] += n
            line[1] += overdue
            line[2] += outstanding

    def lines(self) -> list[BucketLine]:
        return [BucketLine(b, c, n, overdue, outstanding) for (b, c), (n, overdue, outstanding) in sorted(self.totals.items())]


def currencies_of(tables: PortfolioTables) -> set[str]:
    """The currencies the accounts are in (checks the amount bands cover them)."""
    if tables.currencies is not None:
        return set(tables.currencies)
    found = tables.backend.to_pyarrow(tables.accounts.select("currency").distinct())
    return {c for c in found["currency"].to_pylist() if c is not None}


def _unsorted(expr):
    """``expr`` without its final ``order_by`` (when it has one): for a writer that sorts itself."""
    op = expr.op()
    return op.parent.to_expr() if isinstance(op, ops.Sort) else expr


def _is_duckdb(backend) -> bool:
    return getattr(backend, "name", None) == "duckdb"


def _batches(backend, expr):
    """The result in record batches. On DuckDB straight from its Arrow stream (Ibis' own batch
    reader calls a connection method this DuckDB no longer has), elsewhere through Ibis."""
    if _is_duckdb(backend):
        backend._run_pre_execute_hooks(expr)  # registers in-memory (Arrow) inputs, as Ibis' own execute does
        reader = backend.con.sql(backend.compile(expr)).to_arrow_reader(_BATCH_ROWS)
        target = expr.schema().to_pyarrow()
        for batch in reader:
            yield batch if batch.schema == target else batch.cast(target)
        return
    yield from backend.to_pyarrow_batches(expr, chunk_size=_BATCH_ROWS)


def classify_loaded(tables: PortfolioTables, as_of: date, policy: ClassificationPolicy, out: Path | None) -> ClassificationRun:
    """Classify validated tables and write ``out`` (CSV or Parquet, atomically); rows sorted by ``account_id``.

    With a Parquet ``out`` or none, the rows are streamed and ``rows`` is None.
    """
    currencies = currencies_of(tables)
    policy.amount_bands.check_currencies(currencies)
    expr = classify_portfolio(tables.accounts, tables.installments, tables.payments, tables.customers, as_of, policy)
    summary = _Summary()
    if out is not None and out.suffix.lower() == ".csv":
        result = tables.backend.to_pyarrow(expr)
        summary.add(result)
        rows = with_decimal_text(result)
        write_result(rows, out, currencies)
        return ClassificationRun(rows, summary.lines(), currencies)
    schema = expr.schema().to_pyarrow()
    if out is None:
        for batch in _batches(tables.backend, expr):
            summary.add(batch)
        return ClassificationRun(None, summary.lines(), currencies)
    if _is_duckdb(tables.backend):
        tables.backend._run_pre_execute_hooks(expr)  # registers in-memory (Arrow) inputs, as Ibis' own execute does
        sql = tables.backend.compile(_unsorted(expr))  # the COPY sorts by account_id once, where it writes
        totals = copy_parquet_result(tables.backend.con, sql, expr.columns, out, currencies)
        if totals is not None:
            summary.add_totals(totals)
            return ClassificationRun(None, summary.lines(), currencies)
    with ParquetResultWriter(out, currencies) as writer:
        for batch in _batches(tables.backend, expr):
            summary.add(batch)
            writer.write(batch)
        writer.commit(schema)
    return ClassificationRun(None, summary.lines(), currencies)


def classify_tables(
    customers: pa.Table,
    accounts: pa.Table,
    installments: pa.Table,
    payments: pa.Table,
    as_of: date,
    policy: ClassificationPolicy,
    engine: str = "duckdb",
) -> ClassificationRun:
    """Classify typed Arrow tables (the reader's) as of ``as_of``; ``rows`` as decimal text, sorted by ``account_id``."""
    currencies = set(accounts["currency"].unique().to_pylist())
    policy.amount_bands.check_currencies(currencies)
    backend = connect(engine)
    tables = portfolio_tables(backend, customers, accounts, installments, payments)
    expr = classify_portfolio(tables.accounts, tables.installments, tables.payments, tables.customers, as_of, policy)
    result = backend.to_pyarrow(expr)
    summary = _Summary()
    summary.add(result)
    rows = with_decimal_text(result.sort_by("account_id"))
    return ClassificationRun(rows, summary.lines(), currencies)
