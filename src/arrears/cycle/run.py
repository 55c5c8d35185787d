"""The daily cycle: named, ordered, idempotent steps for one business date.

    load -> classify -> compare -> score -> assign_strategy -> write_back -> keep_history

- **load**: the portfolio from a snapshot folder (``--portfolio``) or from the store;
- **classify**: the core issue's expressions (``arrears.engine.classify``);
- **compare**: with the previous business date's results (``arrears.cycle.compare``);
- **score** and **assign_strategy**: where the risk-model and strategy issues plug in;
  today they leave ``score`` and ``strategy`` null and say so in the log;
- **write_back**: the latest date's positions to the store, in bulk, in one transaction;
- **keep_history**: the date's Parquet partition, swapped in atomically.

Re-running a date gives the same partition and the same positions (idempotent). Crash
safety comes from the order: a date being (re)computed, and every later date, is marked
stale *before* anything changes; the store is written before the partition is swapped in;
the swap clears the date's stale mark. A run killed at any point leaves dates that are
either complete and consistent, or marked stale (and recomputed, in order, by the next
cycle or the worker); never half a partition, never a mix of positions.

Every step is logged (``arrears.cycle``) with its duration and row count.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa

from arrears.cycle.compare import compare_with_previous, today_rows
from arrears.cycle.faults import crashpoint
from arrears.cycle.history import History, history_root
from arrears.cycle.lock import CycleLock
from arrears.cycle.summary import CycleSummary, summarise
from arrears.domain.errors import DomainError

log = logging.getLogger("arrears.cycle")

STEPS = ("load", "classify", "compare", "score", "assign_strategy", "write_back", "keep_history")


@dataclass
class CycleReport:
    """What one ``arrears cycle`` did: the date asked for, and every date it (re)computed."""

    as_of: date
    summary: CycleSummary
    recomputed: list[date] = field(default_factory=list)
    steps: list[tuple[str, float, int | None]] = field(default_factory=list)


class _Steps:
    """Runs and logs the named steps of one date."""

    def __init__(self, as_of: date, report: CycleReport | None):
        self.as_of, self.report = as_of, report

    def __call__(self, name: str, fn: Callable[[], object], rows: Callable[[object], int] | None = None):
        started = time.perf_counter()
        result = fn()
        seconds = time.perf_counter() - started
        count = rows(result) if rows else None
        what = f"{count:,} rows" if count is not None else "done"
        log.info("cycle %s step %s: %s in %.2f s", self.as_of.isoformat(), name, what, seconds)
        if self.report is not None:
            self.report.steps.append((name, seconds, count))
        return result


def run_cycle(
    as_of: date,
    *,
    portfolio: Path | None = None,
    engine: str = "duckdb",
    settings: Path | None = None,
    history: Path | None = None,
    write_back: bool = True,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> CycleReport:
    """Run the cycle for ``as_of``; recomputes stale and later dates in order (see the module doc)."""
    from arrears.settings import load_policy

    policy = load_policy(settings)  # a bad settings file is refused before anything is touched
    store = History(history or history_root())
    with CycleLock(store.root, as_of):
        for stale in [d for d in store.stale_dates() if d < as_of]:
            _recompute(store, stale, engine, settings, write_back, clock, is_latest=False)
        later = [d for d in store.dates() if d > as_of]
        store.mark_stale([as_of, *later] if store.path(as_of).exists() else later)
        crashpoint("cycle.stale_marked")
        report = CycleReport(as_of, CycleSummary.empty())
        report.summary = _run_date(store, as_of, portfolio, engine, settings, policy, write_back and not later, clock, report)
        for day in later:
            _recompute(store, day, engine, settings, write_back, clock, is_latest=day == later[-1])
            report.recomputed.append(day)
            crashpoint("cycle.later_date_done")
        log.info(
            "cycle %s done (%s)%s", as_of.isoformat(), _source(portfolio), f"; recomputed {len(later)} later dates" * bool(later)
        )
    return report


def _recompute(store: History, day: date, engine, settings, write_back, clock, *, is_latest: bool) -> None:
    """Recompute a date from the input it was computed from (its folder, or the store)."""
    from arrears.settings import load_policy

    source = store.metadata(day).get("source", "store")
    portfolio = None if source == "store" else Path(source)
    if portfolio is not None and not portfolio.is_dir():
        raise DomainError(
            "cycle.source_missing",
            f"{day.isoformat()} must be recomputed but its portfolio folder {portfolio} is gone; "
            f"run: arrears cycle --as-of {day.isoformat()} --portfolio DIR",
        )
    log.info("cycle %s: recomputing (stale) from %s", day.isoformat(), source)
    _run_date(store, day, portfolio, engine, settings, load_policy(settings), write_back and is_latest, clock, None)


def _run_date(store, as_of, portfolio, engine, settings, policy, write_back, clock, report) -> CycleSummary:
    from arrears.engine.backends import connect

    started = clock()
    step = _Steps(as_of, report)
    backend = connect(engine)
    tables = step("load", lambda: _load(backend, portfolio), lambda t: t.accounts.count().execute())
    policy.amount_bands.check_currencies(set(tables.accounts.select("currency").distinct().to_pyarrow()["currency"].to_pylist()))
    classified = step("classify", lambda: _classify(tables, as_of, policy))  # an expression: it runs in "compare"
    crashpoint("cycle.classified")
    previous_day = store.previous_date(as_of)
    previous = backend.read_parquet(str(store.path(previous_day))) if previous_day else None
    today = today_rows(classified, tables.accounts)
    expr = compare_with_previous(today, tables.accounts, previous, as_of, policy.buckets.names)
    results: pa.Table = step("compare", lambda: backend.to_pyarrow(expr), lambda t: t.num_rows)
    step("score", lambda: log.info("score: no risk model configured yet (risk-model issue); score left null"))
    step("assign_strategy", lambda: log.info("assign_strategy: no strategy configured yet (strategy issue); left null"))
    run = {
        "run_id": uuid.uuid4().hex,
        "as_of": as_of,
        "engine": engine,
        "source": _source(portfolio),
    }
    if write_back:
        ensure_django()
        from arrears.cycle.writeback import write_positions

        step("write_back", lambda: write_positions(results, run, started, clock()), lambda n: n)
    meta = {
        **run,
        "as_of": as_of.isoformat(),
        "settings": str(settings) if settings else None,
        "computed_at": clock().isoformat(),
    }
    step(
        "keep_history",
        lambda: store.write(as_of, results, meta, before_swap=lambda: crashpoint("history.before_swap")),
        lambda _: results.num_rows,
    )
    crashpoint("history.after_swap")
    return summarise(results, policy.buckets.names)


def _source(portfolio: Path | None) -> str:
    """What a date was computed from, as recorded in its partition: a folder's absolute path, or ``store``."""
    return str(Path(portfolio).resolve()) if portfolio else "store"


def _load(backend, portfolio: Path | None):
    from arrears.engine.backends import portfolio_tables

    if portfolio is not None:
        try:
            from arrears.engine.load import load_portfolio
        except ImportError:  # the fast loader arrives with the engine work; the reader is the fallback
            from arrears.snapshot import read_snapshot

            snap = read_snapshot(Path(portfolio))
            return portfolio_tables(backend, snap.customers, snap.accounts, snap.installments, snap.payments)
        return load_portfolio(backend, Path(portfolio))
    ensure_django()
    from arrears.portfolio.export import store_portfolio

    data = store_portfolio()
    return portfolio_tables(backend, data["customers"], data["accounts"], data["installments"], data["payments"])


def _classify(tables, as_of: date, policy):
    from arrears.engine.classify import classify_portfolio

    return classify_portfolio(tables.accounts, tables.installments, tables.payments, tables.customers, as_of, policy)


def ensure_django() -> None:
    """Set Django up for the write-back (and the store loader) when the caller has not."""
    import os

    import django
    from django.apps import apps

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arrears.web.settings")
        django.setup()
