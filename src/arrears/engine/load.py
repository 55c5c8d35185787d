"""A snapshot folder as validated Ibis tables on a backend: what the engine and the daily cycle read.

On DuckDB, a Parquet snapshot is checked where it lies (``arrears.snapshot.fastpath``:
a few aggregate SQL passes and streaming comparisons) and, when clean, exposed as views
over the files that already have the reader's column contract: amounts as ``*_minor``
int64, dates as dates, ``seq`` as int64, blank optional values as null, extra columns
kept. Nothing is copied into Python; DuckDB reads the files again as each query needs.

Everything else goes through ``read_snapshot``: CSV (decoding and text parsing are the
reader's job), other backends (Spark gets the validated Arrow tables), and any Parquet
snapshot the fast path does not call clean. The reader then either refuses the snapshot
with every problem as ``file:line:column: message`` (``SnapshotInvalid``, exactly as
before) or, when the fast path was only being careful, returns the tables itself.
"""

from __future__ import annotations

import itertools
import logging
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from arrears.engine.backends import PortfolioTables, portfolio_tables

log = logging.getLogger(__name__)

_views = itertools.count(1)


def is_duckdb(backend) -> bool:
    return getattr(backend, "name", None) == "duckdb"


def start_check(con, directory: Path) -> Future | None:
    """Start the fast-path check of ``directory`` on the DuckDB connection ``con`` in a thread.

    The command starts it before importing Ibis, so the checks (DuckDB and Arrow, which
    release the interpreter) run while the rest of the engine is imported. Pass the result
    to ``load_portfolio`` with a backend on the same connection (``connect(con=con)``).
    None when there is nothing to check (not a folder).
    """
    directory = Path(directory)
    if not directory.is_dir():
        return None
    from arrears.snapshot.fastpath import check_parquet

    pool = ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(check_parquet, con, directory)
    finally:
        pool.shutdown(wait=False)


def load_portfolio(
    backend, directory: Path, *, encoding: str | None = None, max_problems: int = 100, started: Future | None = None
) -> PortfolioTables:
    """The snapshot in ``directory`` as validated tables on ``backend``; raises ``SnapshotInvalid``.

    ``started``: the fast-path check already running for this folder on ``backend``'s connection (``start_check``).
    """
    from arrears.snapshot import read_snapshot

    directory = Path(directory)
    if is_duckdb(backend) and directory.is_dir():
        from arrears.snapshot.fastpath import check_parquet

        checked = started.result() if started is not None else check_parquet(backend.con, directory)
        if checked.clean:
            n = next(_views)
            tables = {}
            for name, select in checked.selects.items():
                view = f"arrears_{name}_{n}"
                backend.con.execute(f'CREATE OR REPLACE TEMP VIEW "{view}" AS {select}')
                tables[name] = backend.table(view)
            return PortfolioTables(backend=backend, **tables, currencies=checked.currencies)
        log.info("%s: checked by the reader (%s)", directory, checked.reason)
    snapshot = read_snapshot(directory, encoding=encoding, max_problems=max_problems)
    return portfolio_tables(backend, snapshot.customers, snapshot.accounts, snapshot.installments, snapshot.payments)
