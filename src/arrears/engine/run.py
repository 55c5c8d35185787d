"""Run the classification step over validated tables and collect the result.

Kept apart from the expressions so that the daily cycle can reuse ``classify_portfolio``
with other inputs (the store, yesterday's results) while ``arrears classify`` stays a
thin command: validate, classify, write, summarise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import ibis
import pyarrow as pa

from arrears.domain.delinquency import ClassificationPolicy
from arrears.engine.backends import connect, portfolio_tables
from arrears.engine.classify import classify_portfolio
from arrears.engine.output import with_decimal_text
from arrears.reporting import BucketLine


@dataclass(frozen=True)
class ClassificationRun:
    """The per-account rows (amounts as decimal text) and the per-bucket summary."""

    rows: pa.Table
    summary: list[BucketLine]
    currencies: set[str]


def classify_tables(
    customers: pa.Table,
    accounts: pa.Table,
    installments: pa.Table,
    payments: pa.Table,
    as_of: date,
    policy: ClassificationPolicy,
    engine: str = "duckdb",
) -> ClassificationRun:
    """Classify every account as of ``as_of``; rows sorted by ``account_id``."""
    currencies = set(accounts["currency"].unique().to_pylist())
    policy.amount_bands.check_currencies(currencies)
    backend = connect(engine)
    tables = portfolio_tables(backend, customers, accounts, installments, payments)
    expr = classify_portfolio(tables.accounts, tables.installments, tables.payments, tables.customers, as_of, policy)
    result = backend.to_pyarrow(expr)
    materialised = ibis.memtable(result)
    summary_expr = materialised.group_by(["bucket", "currency"]).aggregate(
        accounts=materialised.count(),
        overdue_minor=materialised.overdue_total.sum(),
        outstanding_minor=materialised.outstanding_total.sum(),
    )
    summary = [
        BucketLine(r["bucket"], r["currency"], int(r["accounts"]), int(r["overdue_minor"]), int(r["outstanding_minor"]))
        for r in backend.to_pyarrow(summary_expr).to_pylist()
    ]
    rows = with_decimal_text(result.sort_by("account_id"))
    return ClassificationRun(rows, summary, currencies)
