"""The console's reads of the cycle's history: roll-rate heat map, bucket chart, an account's path.

The store keeps each account's latest position; what happened from day to day lives in
the cycle's history (``arrears.cycle.history``, one Parquet file per business date). These
selectors read it through ``arrears.cycle.rollrates`` (DuckDB over the files) and shape the
result for a template: the shares, the heat-map colours and the chart geometry are
computed here, so templates only print and views only pass the request's choices along.

Money stays exact: balances come back as integer minor units and become ``Decimal`` in the
currency's major unit for the page's amount filters. Currencies are never added together:
a matrix and a chart show one currency at a time.

The bucket order is the console's (``DEFAULT_BUCKETS``, as on the overview); buckets the
history holds beyond it follow by name.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.utils import dateformat
from django.utils.translation import get_language, pgettext

from arrears.console import labels
from arrears.console.charts import Heat, StackedBars, heat, stacked_bars
from arrears.cycle import rollrates as rr
from arrears.cycle.history import History, history_root
from arrears.domain.aging import DEFAULT_BUCKETS
from arrears.domain.money import Money

log = logging.getLogger(__name__)

#: Dates drawn on the roll-rate page's chart, the overview's and an account's path.
CHART_DATES = 60
OVERVIEW_DATES = 30
ACCOUNT_DATES = 90


def history() -> History:
    return History(history_root())


def bucket_order() -> tuple[str, ...]:
    return tuple(DEFAULT_BUCKETS.names)


def major(minor: int | None, currency: str) -> Decimal | None:
    """Minor units as the currency's amount (``12345`` fen -> ``123.45``), exact."""
    return None if minor is None else Money.from_minor(int(minor), currency).amount


def short_date(d: date) -> str:
    return dateformat.format(d, pgettext("short date format", "j M"))


def compact(value: int) -> str:
    """An axis label: ``1.2M`` in English, ``120万`` in Chinese (ticks are round numbers)."""
    units = (
        ((10**8, "亿"), (10**4, "万")) if (get_language() or "").startswith("zh") else ((10**9, "B"), (10**6, "M"), (10**3, "K"))
    )
    for size, suffix in units:
        if abs(value) >= size:
            text = f"{Decimal(value) / size:.1f}".removesuffix(".0")
            return f"{text}{suffix}"
    return f"{value:,}"


# -- the bucket distribution chart ------------------------------------------------------------


@dataclass(frozen=True)
class BucketChart:
    """Accounts (or outstanding balance) per bucket and date, of one currency."""

    currency: str
    by: str
    chart: StackedBars
    first: date
    last: date
    stale: tuple[date, ...] = ()


def _chart(dist: rr.Distribution, currency: str, by: str, marked=(), **size) -> BucketChart:
    def value(d: date, bucket: str):
        flow = dist.at(d, currency, bucket)
        return flow.accounts if by == "count" else major(flow.balance_minor, currency)

    bars = stacked_bars(dist.dates, dist.buckets, value, marked=marked, tick_text=compact, date_text=short_date, **size)
    return BucketChart(currency, by, bars, dist.dates[0], dist.dates[-1], dist.stale)


def overview_charts() -> list[BucketChart]:
    """One small chart per currency (accounts per bucket, the last ``OVERVIEW_DATES`` dates); [] without history.

    A damaged history file must not take the overview down with it: it is logged and the
    chart left out (the roll-rate page shows the error itself).
    """
    try:
        dist = rr.bucket_distribution(history(), bucket_order(), last=OVERVIEW_DATES)
    except rr.RollRateError as error:
        log.warning("overview chart left out: %s", error)
        return []
    if dist.is_empty:
        return []
    return [_chart(dist, cur, "count", width=520, height=170, max_labels=6) for cur in dist.currencies]


# -- the roll-rate page -------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    is_exit: bool


@dataclass(frozen=True)
class HeatCell:
    column: str
    accounts: int
    balance: Decimal
    share: Decimal | None  # fraction of the row, by the page's measure
    kind: str  # forward / stable / back / the exit column
    heat: Heat

    @property
    def percent(self) -> str:
        return "" if not self.accounts or self.share is None else f"{self.share * 100:.1f}%"


@dataclass(frozen=True)
class HeatRow:
    bucket: str
    accounts: int
    balance: Decimal
    cells: tuple[HeatCell, ...]


@dataclass(frozen=True)
class Switch:
    value: str
    label: str
    query: str
    pressed: bool


@dataclass
class RollRatePage:
    """What the roll-rate page shows; ``error`` set when the chosen period cannot be read."""

    dates: list[date]
    start: date | None = None
    end: date | None = None
    by: str = "count"
    currency: str = ""
    currencies: tuple[str, ...] = ()
    columns: tuple[Column, ...] = ()
    rows: tuple[HeatRow, ...] = ()
    footer: HeatRow | None = None
    stale: tuple[date, ...] = ()
    unaccounted: int = 0
    chart: BucketChart | None = None
    error: str = ""
    measures: list[Switch] = field(default_factory=list)
    currency_switch: list[Switch] = field(default_factory=list)

    @property
    def has_history(self) -> bool:
        return bool(self.dates)

    @property
    def bucket_columns(self) -> int:
        return sum(1 for c in self.columns if not c.is_exit)

    @property
    def exit_columns(self) -> int:
        return sum(1 for c in self.columns if c.is_exit)

    @property
    def legend(self) -> list[tuple[str, str, str, str]]:
        """The hues of the heat map and what they mean: (kind, label, palest, darkest)."""
        return [
            (k, str(text), heat(Decimal("0.01"), k).background, heat(Decimal(1), k).background)
            for k, text in labels.MOVES.items()
        ]


def _row(matrix: rr.Matrix, bucket: str, by: str) -> HeatRow:
    cells = []
    for column in matrix.columns:
        flow = matrix.cell(bucket, column)
        share = matrix.share(bucket, column, by)
        kind = matrix.direction(bucket, column)
        cells.append(
            HeatCell(column, flow.accounts, major(flow.balance_minor, matrix.currency), share, kind, heat(share or None, kind))
        )
    total = matrix.row_total(bucket)
    return HeatRow(bucket, total.accounts, major(total.balance_minor, matrix.currency), tuple(cells))


def _footer(matrix: rr.Matrix, by: str) -> HeatRow:
    """Every row together: where all the accounts (or balance) active on the start date went."""
    grand = matrix.total()
    cells = []
    for column in matrix.columns:
        flow = rr.ZERO
        for bucket in matrix.rows:
            flow += matrix.cell(bucket, column)
        share = rr.ratio(flow.value(by), grand.value(by))
        kind = column if matrix.is_exit(column) else "stable"
        cells.append(HeatCell(column, flow.accounts, major(flow.balance_minor, matrix.currency), share, kind, heat(share, kind)))
    return HeatRow("", grand.accounts, major(grand.balance_minor, matrix.currency), tuple(cells))


def _query(**params: str) -> str:
    return urlencode({k: v for k, v in params.items() if v})


def roll_rate_page(dates: list[date], start: date | None, end: date | None, by: str, currency: str) -> RollRatePage:
    """The matrix of ``currency`` (default: the first with active accounts) from ``start`` to ``end``, and the chart."""
    page = RollRatePage(dates=dates, start=start, end=end, by=by, currency=currency)
    if start is None or end is None:
        if dates:  # one date only: no period yet, but the chart can show that date
            page.chart = _period_chart(dates[-1], currency, by, marked=(dates[-1],))
        return page
    try:
        rates = rr.roll_rates(history(), start, end, bucket_order(), currency or None)
        page.currencies = rates.currencies
        if not rates.currencies:
            raise rr.RollRateError(f"no active accounts on {start.isoformat()}")
        page.currency = currency or rates.currencies[0]
        matrix = rates.matrix(page.currency)
        page.columns = tuple(Column(c, labels.column_label(c), matrix.is_exit(c)) for c in matrix.columns)
        page.rows = tuple(_row(matrix, bucket, by) for bucket in matrix.rows)
        page.footer = _footer(matrix, by)
        page.stale = rates.stale
        page.unaccounted = rates.unaccounted
        page.chart = _period_chart(end, page.currency, by, marked=(start, end))
    except rr.RollRateError as error:
        page.error = str(error)
        return page
    base = {"from": start.isoformat(), "to": end.isoformat()}
    page.measures = [
        Switch(m, str(labels.MEASURES[m]), _query(**base, by=m, currency=page.currency), m == by) for m in rr.MEASURES
    ]
    page.currency_switch = [Switch(c, c, _query(**base, by=by, currency=c), c == page.currency) for c in page.currencies]
    return page


def _period_chart(end: date, currency: str, by: str, marked) -> BucketChart | None:
    """The last ``CHART_DATES`` dates up to ``end``, for ``currency`` (or the first one found)."""
    dist = rr.bucket_distribution(history(), bucket_order(), end=end, last=CHART_DATES)
    if dist.is_empty or not dist.currencies:
        return None
    return _chart(dist, currency if currency in dist.currencies else dist.currencies[0], by, marked=marked)


# -- one account's path ------------------------------------------------------------------------


@dataclass(frozen=True)
class PathRow:
    as_of: date
    status: str
    status_label: str
    bucket: str | None
    dpd: int | None
    overdue: Decimal | None
    outstanding: Decimal | None
    currency: str
    roll: str | None
    roll_label: str
    cured: bool


@dataclass(frozen=True)
class AccountPath:
    """The account on each of the last ``ACCOUNT_DATES`` business dates, newest first."""

    rows: tuple[PathRow, ...]
    has_history: bool  # the cycle has recorded at least one date (for any account)
    window: int  # how many of the latest dates were read
    limited: bool  # there are older dates than the window
    unreadable: bool = False  # a history file could not be read (logged with its name)


def account_path(account_id: str) -> AccountPath:
    h = history()
    dates = h.dates()
    unreadable = False
    try:
        steps = rr.account_path(h, account_id, last=ACCOUNT_DATES) if dates else []
    except rr.RollRateError as error:  # the account page stays usable; the log names the file
        log.warning("account history left out: %s", error)
        steps, unreadable = [], True
    rows = tuple(
        PathRow(
            s.as_of,
            s.status,
            labels.label(labels.STATUSES, s.status),
            s.bucket,
            s.dpd,
            major(s.overdue_minor, s.currency),
            major(s.outstanding_minor, s.currency),
            s.currency,
            s.roll,
            str(labels.CURE) if s.cured else labels.label(labels.ROLLS, s.roll or ""),
            bool(s.cured),
        )
        for s in steps
    )
    return AccountPath(rows, bool(dates), min(len(dates), ACCOUNT_DATES), len(dates) > ACCOUNT_DATES, unreadable)
