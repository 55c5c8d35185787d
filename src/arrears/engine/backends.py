"""Where the engine's expressions run.

DuckDB, in-process, is the default: Arrow tables are handed to it without a copy through
``ibis.memtable`` (``create_table`` from pandas is broken on DuckDB 2 with Ibis 12, and
DuckDB's own readers for SQLite and PostgreSQL download extensions at run time, which
cannot happen offline). Spark (``arrears.engine.spark``) runs the same expressions.

DuckDB gets a memory limit and a temporary folder of its own, so that a portfolio larger
than memory spills to disk instead of the process being killed: the limit is
``ARREARS_DUCKDB_MEMORY_LIMIT`` (DuckDB syntax, e.g. ``6GB``) or a third of the machine's
memory, and the folder ``ARREARS_DUCKDB_TEMP`` or a fresh one under the system temporary
folder, removed when the process ends (and, for a process that was killed, by the next one
that starts: the folder's name carries its owner's pid). (DuckDB's own default for an in-memory database is
a ``.tmp`` folder in the current directory, which may not be writable or may be small.)
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Ibis is imported when a backend is made, so that DuckDB can start work first
    import ibis.expr.types as ir
    import pyarrow as pa

ENGINES = ("duckdb", "spark")


@dataclass(frozen=True)
class PortfolioTables:
    """The four snapshot tables as Ibis table expressions on one backend."""

    backend: object
    customers: ir.Table
    accounts: ir.Table
    installments: ir.Table
    payments: ir.Table
    #: the accounts' currencies when the loader already knows them (else ``None``: ask the backend)
    currencies: frozenset[str] | None = None


def connect(engine: str = "duckdb", *, con=None):
    """An Ibis backend for ``engine``: DuckDB in-process, or Spark.

    ``con``: an existing connection from ``duckdb_connection`` to wrap (DuckDB only), so that
    work started on it before Ibis was imported carries on in the same database.
    """
    if engine == "spark":  # a local or cluster SparkSession; see arrears.engine.spark
        from arrears.engine import spark

        return spark.connect()
    if engine != "duckdb":
        raise ValueError(f"unknown engine {engine!r}; available: {', '.join(ENGINES)}")
    import ibis

    if con is not None:
        return ibis.duckdb.from_connection(con)
    return ibis.duckdb.connect(memory_limit=duckdb_memory_limit(), temp_directory=_duckdb_temp_directory())


def duckdb_connection():
    """A plain DuckDB connection with the same memory limit and spill folder as ``connect``'s, without Ibis."""
    import duckdb

    return duckdb.connect(config={"memory_limit": duckdb_memory_limit(), "temp_directory": _duckdb_temp_directory()})


MEMORY_LIMIT_ENV = "ARREARS_DUCKDB_MEMORY_LIMIT"
TEMP_ENV = "ARREARS_DUCKDB_TEMP"


def duckdb_memory_limit() -> str:
    """``ARREARS_DUCKDB_MEMORY_LIMIT``, else a third of physical memory (DuckDB's default, 80 %, leaves
    too little for Python, Arrow and the operating system once the data no longer fits)."""
    configured = os.environ.get(MEMORY_LIMIT_ENV)
    if configured:
        return configured
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # pragma: no cover - not a POSIX system
        return "4GB"
    return f"{max(1, total // 3 // 2**20)}MB"


def _duckdb_temp_directory() -> str:
    configured = os.environ.get(TEMP_ENV)
    if configured:
        os.makedirs(configured, exist_ok=True)
        return configured
    _remove_orphans(Path(tempfile.gettempdir()))
    folder = tempfile.mkdtemp(prefix=f"arrears-duckdb-{os.getpid()}-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def _remove_orphans(parent: Path) -> None:
    """Spill folders left by killed processes (``arrears-duckdb-PID-*`` whose PID is gone)."""
    for folder in parent.glob("arrears-duckdb-*-*"):
        pid = folder.name.split("-")[2]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def portfolio_tables(
    backend, customers: pa.Table, accounts: pa.Table, installments: pa.Table, payments: pa.Table
) -> PortfolioTables:
    """Expose validated Arrow tables to ``backend`` under stable names."""
    import ibis

    tables = {"customers": customers, "accounts": accounts, "installments": installments, "payments": payments}
    return PortfolioTables(backend=backend, **{name: ibis.memtable(t) for name, t in tables.items()})
