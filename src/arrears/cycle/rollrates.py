"""Roll-rate matrices and the bucket distribution over time, read from the cycle's history.

A roll-rate matrix answers "of the accounts that were in bucket *i* on date A, where are
they on date B?" (``docs/rollrates.md``). Rows are the accounts with status ``active`` on
A, by their bucket on A; columns are their bucket on B when they are still active, else an
exit column:

- ``paid_off``, ``charged_off``, ``sold``, ``recalled``: their status on B (still on the book);
- ``closed``: they left the book between A and B. The cycle writes one ``closed`` row on the
  date an account disappears, so the account either has a ``closed`` row on B or has no
  row on B and a ``closed`` row on a date after A and before B.

An account that has no row on B and no ``closed`` row in between cannot be placed: the
history is incomplete (a partition was removed by hand). It is counted in an extra
``unaccounted`` column and reported, rather than silently dropped from its row total.

By count, a cell is the number of accounts; by balance it is their outstanding balance on
A (``outstanding_total_minor``), in both numerator and denominator, as the reference
defines it: the balance on B would mix what was collected with where accounts went.

Currencies are never added together: there is one matrix per currency (``currency=``
selects one). Counts could be added across currencies, but then the count and the balance
view of the same page would describe different populations.

Why DuckDB over the Parquet files: each date holds a row per account (a million rows is
ordinary), and the matrix is one join of two dates plus a semi-join of the ``closed`` rows
in between, grouped into at most currencies x buckets x columns rows. Only the needed
columns are read, nothing per account reaches Python, and sums of ``int64`` minor units
come back as exact integers (DuckDB sums ``BIGINT`` into ``HUGEINT``). Shares are ratios,
computed as ``Decimal``; money is never a float.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from arrears.cycle.history import EXITS, History
from arrears.domain.money import Money

MEASURES = ("count", "balance")
#: Column for accounts the history cannot place (see the module docstring).
UNACCOUNTED = "unaccounted"


class RollRateError(ValueError):
    """A request that cannot be answered; the message names the date, the folder or the value."""


@dataclass(frozen=True)
class Flow:
    """Accounts and their outstanding balance on the start date (minor units)."""

    accounts: int = 0
    balance_minor: int = 0

    def __add__(self, other: Flow) -> Flow:
        return Flow(self.accounts + other.accounts, self.balance_minor + other.balance_minor)

    def value(self, by: str) -> int:
        return self.accounts if by == "count" else self.balance_minor


ZERO = Flow()


def ratio(part: int, whole: int) -> Decimal | None:
    """``part / whole`` as a Decimal fraction, None when the row is empty (no share to show)."""
    return Decimal(part) / Decimal(whole) if whole else None


def bucket_sort_key(order: Sequence[str]):
    """Buckets in the policy's order; names the policy does not know after them, by name."""
    rank = {name: i for i, name in enumerate(order)}
    return lambda name: (rank.get(name, len(rank)), name)


@dataclass(frozen=True)
class Matrix:
    """The roll-rate matrix of one currency: flows from row buckets (on A) to columns (on B)."""

    currency: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: dict[tuple[str, str], Flow] = field(default_factory=dict)

    def cell(self, row: str, column: str) -> Flow:
        return self.cells.get((row, column), ZERO)

    def row_total(self, row: str) -> Flow:
        """Everything that was in ``row`` on A: each account lands in exactly one column."""
        total = ZERO
        for column in self.columns:
            total += self.cell(row, column)
        return total

    def total(self) -> Flow:
        total = ZERO
        for row in self.rows:
            total += self.row_total(row)
        return total

    def share(self, row: str, column: str, by: str = "count") -> Decimal | None:
        """The cell's share of its row, by count or by balance on A (None for an empty row)."""
        return ratio(self.cell(row, column).value(by), self.row_total(row).value(by))

    def is_exit(self, column: str) -> bool:
        return column in EXITS or column == UNACCOUNTED

    def direction(self, row: str, column: str) -> str:
        """``forward`` (worse), ``stable``, ``back`` (better; a move to the first bucket is a cure) or the exit."""
        if self.is_exit(column):
            return column
        key = bucket_sort_key(self.rows)
        a, b = key(row), key(column)
        return "stable" if a == b else ("forward" if b > a else "back")


@dataclass(frozen=True)
class RollRates:
    """The matrices from ``start`` to ``end`` (one per currency) and what the reader should know."""

    start: date
    end: date
    matrices: tuple[Matrix, ...]
    currencies: tuple[str, ...]  # every currency with active accounts on ``start``, before any filter
    stale: tuple[date, ...] = ()  # dates read whose results await recomputation
    unaccounted: int = 0

    def matrix(self, currency: str) -> Matrix | None:
        return next((m for m in self.matrices if m.currency == currency), None)

    def to_json(self, by: str = "count") -> dict:
        """The matrices as plain JSON: counts and minor units as integers, balances also as decimal text."""

        def flow(f: Flow, currency: str) -> dict:
            return {
                "accounts": f.accounts,
                "balance_minor": f.balance_minor,
                "balance": Money.from_minor(f.balance_minor, currency).format(),
            }

        def fraction(value: Decimal | None) -> float | None:
            return None if value is None else float(round(value, 6))

        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "by": by,
            "stale": [d.isoformat() for d in self.stale],
            "unaccounted": self.unaccounted,
            "matrices": [
                {
                    "currency": m.currency,
                    "columns": list(m.columns),
                    "exits": [c for c in m.columns if m.is_exit(c)],
                    "total": flow(m.total(), m.currency),
                    "rows": [
                        {
                            "bucket": row,
                            "total": flow(m.row_total(row), m.currency),
                            "cells": {
                                column: {**flow(m.cell(row, column), m.currency), "share": fraction(m.share(row, column, by))}
                                for column in m.columns
                            },
                        }
                        for row in m.rows
                    ],
                }
                for m in self.matrices
            ],
        }


def _connect():
    import duckdb

    return duckdb.connect(config={"threads": 4})


def _check_range(history: History, start: date, end: date) -> list[date]:
    """The dates with results from ``start`` to ``end`` inclusive; refuses what cannot be answered."""
    if start >= end:
        raise RollRateError(f"the start date {start.isoformat()} must be before the end date {end.isoformat()}")
    dates = history.dates()
    if not dates:
        raise RollRateError(f"{history.root}: no history yet (run `arrears cycle --as-of DATE` to record a business date)")
    have = set(dates)
    for label, d in (("start", start), ("end", end)):
        if d not in have:
            raise RollRateError(
                f"{history.path(d)}: no results for the {label} date {d.isoformat()} (dates with results: {_span(dates)})"
            )
    return [d for d in dates if start <= d <= end]


def _span(dates: Sequence[date]) -> str:
    if len(dates) <= 6:
        return ", ".join(d.isoformat() for d in dates)
    return f"{len(dates)} dates from {dates[0].isoformat()} to {dates[-1].isoformat()}"


def roll_rates(
    history: History,
    start: date,
    end: date,
    bucket_order: Sequence[str],
    currency: str | None = None,
) -> RollRates:
    """The roll-rate matrices from ``start`` to ``end`` (see the module docstring).

    Every bucket of ``bucket_order`` is a row and a column even when empty, so two periods'
    matrices line up; buckets found in the data but not in the order follow, by name.
    """
    span = _check_range(history, start, end)
    between = [str(history.path(d)) for d in span[1:-1]]
    params: dict = {"a": str(history.path(start)), "b": str(history.path(end))}
    if between:
        params["between"] = between
        closed = "SELECT DISTINCT account_id FROM read_parquet($between) WHERE status = 'closed'"
    else:
        closed = "SELECT NULL::VARCHAR AS account_id WHERE false"
    sql = f"""
        WITH a AS (
            SELECT account_id, currency, COALESCE(bucket, '?') AS bucket, COALESCE(outstanding_total_minor, 0) AS balance
            FROM read_parquet($a) WHERE status = 'active'
        ),
        b AS (SELECT account_id, status, COALESCE(bucket, '?') AS bucket FROM read_parquet($b)),
        gone AS ({closed})
        SELECT a.currency, a.bucket,
            CASE
                WHEN b.account_id IS NULL AND gone.account_id IS NOT NULL THEN 'closed'
                WHEN b.account_id IS NULL THEN '{UNACCOUNTED}'
                WHEN b.status = 'active' THEN b.bucket
                ELSE b.status
            END AS destination,
            COUNT(*) AS accounts,
            SUM(a.balance) AS balance
        FROM a LEFT JOIN b USING (account_id) LEFT JOIN gone USING (account_id)
        GROUP BY ALL
    """
    try:
        with _connect() as con:
            groups = con.execute(sql, params).fetchall()
    except Exception as error:  # duckdb.Error: a damaged or foreign file
        raise RollRateError(
            f"{history.root}: cannot read the results of {start.isoformat()}..{end.isoformat()}: {error}"
        ) from None
    currencies = tuple(sorted({g[0] for g in groups}))
    if currency is not None and currency not in currencies:
        present = ", ".join(currencies) or "none"
        raise RollRateError(f"no active accounts in {currency} on {start.isoformat()} (currencies on that date: {present})")
    key = bucket_sort_key(bucket_order)
    found_buckets = {g[1] for g in groups} | {g[2] for g in groups if g[2] not in EXITS and g[2] != UNACCOUNTED}
    buckets = tuple(sorted(set(bucket_order) | found_buckets, key=key))
    unaccounted = sum(g[3] for g in groups if g[2] == UNACCOUNTED)
    columns = (*buckets, *EXITS, *((UNACCOUNTED,) if unaccounted else ()))
    matrices = []
    for cur in currencies if currency is None else (currency,):
        cells = {(g[1], g[2]): Flow(int(g[3]), int(g[4])) for g in groups if g[0] == cur}
        matrices.append(Matrix(cur, buckets, columns, cells))
    stale = set(history.stale_dates())
    return RollRates(start, end, tuple(matrices), currencies, tuple(d for d in span if d in stale), int(unaccounted))


def default_range(history: History) -> tuple[date, date] | None:
    """The last two dates with results: what a page shows before anyone picks dates."""
    dates = history.dates()
    return (dates[-2], dates[-1]) if len(dates) >= 2 else None


# -- the bucket distribution over time ------------------------------------------------------


@dataclass(frozen=True)
class Distribution:
    """Active accounts and their outstanding balance per date, currency and bucket."""

    dates: tuple[date, ...]
    buckets: tuple[str, ...]
    currencies: tuple[str, ...]
    points: dict[tuple[date, str, str], Flow]
    stale: tuple[date, ...] = ()

    def at(self, as_of: date, currency: str, bucket: str) -> Flow:
        return self.points.get((as_of, currency, bucket), ZERO)

    def total(self, as_of: date, currency: str) -> Flow:
        total = ZERO
        for bucket in self.buckets:
            total += self.at(as_of, currency, bucket)
        return total

    @property
    def is_empty(self) -> bool:
        return not self.dates


# Per-file aggregates, keyed by the file's identity: a partition is only ever replaced by a
# rename (a new inode), so a cached aggregate can never describe a file that changed.
_CACHE: OrderedDict[tuple, list[tuple[str, str, int, int]]] = OrderedDict()
_CACHE_SIZE = 2048
_CACHE_LOCK = threading.Lock()


def _identity(path: Path) -> tuple | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (str(path), st.st_ino, st.st_size, st.st_mtime_ns)


def _aggregate(paths: list[Path]) -> dict[Path, list[tuple[str, str, int, int]]]:
    """``(currency, bucket, accounts, balance)`` per file, one DuckDB scan for all uncached files."""
    ids = {p: _identity(p) for p in paths}
    out: dict[Path, list] = {}
    with _CACHE_LOCK:
        for p, ident in ids.items():
            if ident is not None and ident in _CACHE:
                out[p] = _CACHE[ident]
                _CACHE.move_to_end(ident)
    missing = [p for p in paths if p not in out and ids[p] is not None]
    if missing:
        sql = """
            SELECT filename, currency, COALESCE(bucket, '?'), COUNT(*), SUM(COALESCE(outstanding_total_minor, 0))
            FROM read_parquet($files, filename = true) WHERE status = 'active' GROUP BY ALL
        """
        try:
            with _connect() as con:
                rows = con.execute(sql, {"files": [str(p) for p in missing]}).fetchall()
        except Exception as error:  # duckdb.Error: a damaged or foreign file
            raise RollRateError(f"{missing[0].parent.parent}: cannot read the results: {error}") from None
        by_file: dict[str, list] = {str(p): [] for p in missing}
        for filename, cur, bucket, n, balance in rows:
            by_file[filename].append((cur, bucket, int(n), int(balance)))
        with _CACHE_LOCK:
            for p in missing:
                out[p] = by_file[str(p)]
                _CACHE[ids[p]] = out[p]
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
    return out


def bucket_distribution(
    history: History,
    bucket_order: Sequence[str],
    *,
    start: date | None = None,
    end: date | None = None,
    last: int | None = None,
) -> Distribution:
    """Active accounts and balance per bucket for every date from ``start`` to ``end`` (at most the ``last`` ones).

    Each date's aggregate is cached by the file's identity, so a page that shows the last
    sixty dates scans only the dates written since it was last shown.
    """
    dates = [d for d in history.dates() if (start is None or d >= start) and (end is None or d <= end)]
    if last is not None:
        dates = dates[-last:] if last > 0 else []
    paths = {d: history.path(d) for d in dates}
    found = _aggregate(list(paths.values()))
    points: dict[tuple[date, str, str], Flow] = {}
    for d, p in paths.items():
        for cur, bucket, n, balance in found.get(p, []):
            points[(d, cur, bucket)] = Flow(n, balance)
    key = bucket_sort_key(bucket_order)
    buckets = tuple(sorted(set(bucket_order) | {b for _, _, b in points}, key=key))
    currencies = tuple(sorted({c for _, c, _ in points}))
    stale = set(history.stale_dates())
    return Distribution(tuple(dates), buckets, currencies, points, tuple(d for d in dates if d in stale))


# -- one account's path ---------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One account on one business date."""

    as_of: date
    status: str
    bucket: str | None
    dpd: int | None
    overdue_minor: int | None
    outstanding_minor: int | None
    currency: str
    roll: str | None
    cured: bool | None


def account_path(history: History, account_id: str, last: int | None = None) -> list[Step]:
    """The account's rows over the ``last`` dates with results (all by default), newest first.

    One scan of the ``account_id`` column of each date; the other columns are read only
    for the matching row group.
    """
    dates = history.dates()
    if last is not None:
        dates = dates[-last:]
    if not dates:
        return []
    sql = """
        SELECT as_of, status, bucket, dpd, overdue_total_minor, outstanding_total_minor, currency, roll, cured
        FROM read_parquet($files) WHERE account_id = $id ORDER BY as_of DESC
    """
    try:
        with _connect() as con:
            rows = con.execute(sql, {"files": [str(history.path(d)) for d in dates], "id": account_id}).fetchall()
    except Exception as error:  # duckdb.Error
        raise RollRateError(f"{history.root}: cannot read the history of {account_id}: {error}") from None
    return [Step(*row) for row in rows]


def parse_measure(text: str) -> str:
    if text not in MEASURES:
        raise RollRateError(f"unknown measure {text!r} (use one of: {', '.join(MEASURES)})")
    return text


# -- plain text ---------------------------------------------------------------------------------


def _percent(value: Decimal | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def matrix_text(rates: RollRates, by: str = "count") -> str:
    """Aligned matrices for a terminal: shares of each row in percent, with the row totals."""
    out: list[str] = [f"Roll rates from {rates.start.isoformat()} to {rates.end.isoformat()}, by {by}"]
    for d in rates.stale:
        out.append(f"warning: the results of {d.isoformat()} are stale (an earlier date was re-run; the cycle recomputes it)")
    if rates.unaccounted:
        out.append(
            f"warning: {rates.unaccounted} account(s) have no row on {rates.end.isoformat()} and no 'closed' row before it: "
            "the history is incomplete (column 'unaccounted')"
        )
    if not rates.matrices:
        out.append(f"No active accounts on {rates.start.isoformat()}.")
    for m in rates.matrices:
        total_label = "accounts" if by == "count" else f"balance {m.currency}"
        header = [f"{m.currency} from\\to", total_label, *m.columns]
        lines = [header]
        for row in m.rows:
            t = m.row_total(row)
            total = f"{t.accounts:,}" if by == "count" else _amount(t.balance_minor, m.currency)
            cells = ["" if not m.cell(row, c).accounts else _percent(m.share(row, c, by)) for c in m.columns]
            lines.append([row, total, *(c or "." for c in cells)])
        t = m.total()
        lines.append(
            ["total", f"{t.accounts:,}" if by == "count" else _amount(t.balance_minor, m.currency), *("" for _ in m.columns)]
        )
        widths = [max(len(r[i]) for r in lines) for i in range(len(header))]
        out.append("")
        for r in lines:
            first = r[0].ljust(widths[0])
            out.append("  ".join([first, *(cell.rjust(w) for cell, w in zip(r[1:], widths[1:], strict=True))]).rstrip())
    return "\n".join(out)


def _amount(minor: int, currency: str) -> str:
    text = Money.from_minor(minor, currency).format()
    whole, dot, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{int(whole.lstrip('-')):,}{dot}{frac}"
