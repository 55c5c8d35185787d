"""Where the engine's expressions run.

DuckDB, in-process, is the default: Arrow tables are handed to it without a copy through
``ibis.memtable`` (``create_table`` from pandas is broken on DuckDB 2 with Ibis 12, and
DuckDB's own readers for SQLite and PostgreSQL download extensions at run time, which
cannot happen offline). Spark arrives with the daily cycle and plugs in here.
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
import pyarrow as pa

ENGINES = ("duckdb",)


@dataclass(frozen=True)
class PortfolioTables:
    """The four snapshot tables as Ibis table expressions on one backend."""

    backend: object
    customers: ir.Table
    accounts: ir.Table
    installments: ir.Table
    payments: ir.Table


def connect(engine: str = "duckdb"):
    """An Ibis backend for ``engine``; only DuckDB for now."""
    if engine != "duckdb":
        raise ValueError(f"unknown engine {engine!r}; available: {', '.join(ENGINES)}")
    return ibis.duckdb.connect()


def portfolio_tables(
    backend, customers: pa.Table, accounts: pa.Table, installments: pa.Table, payments: pa.Table
) -> PortfolioTables:
    """Expose validated Arrow tables to ``backend`` under stable names."""
    tables = {"customers": customers, "accounts": accounts, "installments": installments, "payments": payments}
    return PortfolioTables(backend=backend, **{name: ibis.memtable(t) for name, t in tables.items()})
