"""Classify a portfolio snapshot: validate it, run the engine, write the result.

Order matters for "nothing is half-written": the snapshot and the settings are fully
validated before the engine runs, and the output file only appears, atomically, once the
whole result exists.

On DuckDB the snapshot is loaded with ``arrears.engine.load.load_portfolio`` (a Parquet
snapshot is checked and read by DuckDB in place; anything else, or anything doubtful,
goes through the precise reader) and the result is streamed from the engine to the file.
The check starts on a plain DuckDB connection before Ibis is imported, so that start-up
and checking overlap; the Ibis backend then wraps the same connection.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from arrears.domain.delinquency import ClassificationPolicy
from arrears.domain.errors import DomainError

if TYPE_CHECKING:
    from arrears.engine.run import ClassificationRun


def classify_snapshot(
    portfolio: Path,
    as_of: date,
    policy: ClassificationPolicy,
    out: Path | None,
    encoding: str | None = None,
    max_problems: int = 100,
    engine: str = "duckdb",
) -> ClassificationRun:
    """Validate ``portfolio``, classify it as of ``as_of`` and write ``out`` (CSV or Parquet)."""
    if out is not None and out.suffix.lower() not in (".csv", ".parquet"):
        raise DomainError("output.bad_suffix", f"{out}: the output must end in .csv or .parquet")
    if engine != "duckdb":
        from arrears.engine.output import write_result
        from arrears.engine.run import classify_tables
        from arrears.snapshot import read_snapshot

        snapshot = read_snapshot(portfolio, encoding=encoding, max_problems=max_problems)
        run = classify_tables(
            snapshot.customers, snapshot.accounts, snapshot.installments, snapshot.payments, as_of, policy, engine
        )
        if out is not None:
            write_result(run.rows, out, run.currencies)
        return run
    from arrears.engine.backends import connect, duckdb_connection
    from arrears.engine.load import load_portfolio, start_check

    con = duckdb_connection()
    started = start_check(con, Path(portfolio))  # checks the snapshot while Ibis and the engine are imported
    from arrears.engine.run import classify_loaded

    backend = connect(engine, con=con)
    tables = load_portfolio(backend, Path(portfolio), encoding=encoding, max_problems=max_problems, started=started)
    return classify_loaded(tables, as_of, policy, out)
