"""Server-side geometry for the console's charts and heat maps: numbers in, shapes and colours out.

The console draws its charts as inline SVG and its heat maps as table cells coloured here,
not with a JavaScript chart library: nothing is fetched from the internet, a page reads
the same with scripts off, and a test can assert what is drawn by reading the HTML. This
module knows nothing of Django's database or of requests; it turns values into rectangles,
ticks and colours.

>>> nice_step(0), nice_step(7), nice_step(1234)
(1, 2, 500)
>>> heat(Decimal("0.5"), "forward").level, heat(None, "stable").level, heat(Decimal(0), "back").level
(3, 0, 0)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

#: Bucket colours, as the bucket badges of ``console.css``: green for current, warming to dark red.
BUCKET_COLOURS = {
    "M0": "#52a677",
    "M1": "#e8c14f",
    "M2": "#f0a04b",
    "M3": "#e4794a",
    "M4": "#d4533f",
    "M5": "#b63a30",
    "M6": "#8f2a22",
    "M6+": "#5e1510",
}
OTHER_COLOURS = ("#7c8ea3", "#5f7187", "#9aa9ba", "#46566a")

#: Heat-map hue of each kind of move (RGB): the darker the cell, the larger its share of the row.
HEAT_HUES = {
    "forward": (192, 57, 43),  # rolled to a worse bucket
    "stable": (44, 92, 143),  # stayed in the same bucket
    "back": (26, 127, 75),  # rolled back to a better bucket (to the first one: a cure)
    "paid_off": (15, 118, 110),
    "charged_off": (107, 63, 160),
    "sold": (107, 63, 160),
    "recalled": (107, 63, 160),
    "closed": (91, 102, 112),
    "unaccounted": (154, 98, 0),
}
HEAT_LEVELS = 5


def bucket_colour(bucket: str, order: Sequence[str]) -> str:
    if bucket in BUCKET_COLOURS:
        return BUCKET_COLOURS[bucket]
    return OTHER_COLOURS[(list(order).index(bucket) if bucket in order else 0) % len(OTHER_COLOURS)]


@dataclass(frozen=True)
class Heat:
    """A heat-map cell's level (0 empty .. 5 darkest) and its colours."""

    level: int
    background: str
    foreground: str


def heat(share: Decimal | None, kind: str) -> Heat:
    """The colour of a cell whose share of its row is ``share``, in the hue of ``kind``.

    The level is the share in fifths, rounded up (any flow at all is level 1), so the CSS
    class says how strong a cell is without reading its colour.
    """
    if not share:
        return Heat(0, "#ffffff", "#a3adb8")
    level = min(HEAT_LEVELS, math.ceil(share * HEAT_LEVELS))
    t = Decimal("0.1") + Decimal("0.8") * min(share, Decimal(1))
    rgb = HEAT_HUES.get(kind, HEAT_HUES["closed"])
    mixed = [round(255 - (255 - c) * t) for c in rgb]
    return Heat(level, "#{:02x}{:02x}{:02x}".format(*mixed), "#ffffff" if t > Decimal("0.5") else "#1f2933")


def nice_step(top: float | int | Decimal) -> int:
    """A round step (1, 2 or 5 times a power of ten) giving at most five grid lines up to ``top``."""
    if top <= 0:
        return 1
    raw = Decimal(top) / 4
    power = Decimal(10) ** max(0, raw.adjusted())
    for m in (1, 2, 5, 10):
        if m * power >= raw:
            return int(m * power)
    return int(10 * power)  # pragma: no cover - the loop always returns


@dataclass(frozen=True)
class Segment:
    bucket: str
    y: float
    height: float
    colour: str
    value: int | Decimal


@dataclass(frozen=True)
class Bar:
    as_of: date
    x: float
    width: float
    segments: tuple[Segment, ...]
    total: int | Decimal
    marked: bool  # a date the page is about (the roll-rate period's ends)


@dataclass(frozen=True)
class Tick:
    y: float
    value: int
    text: str


@dataclass(frozen=True)
class Label:
    x: float
    as_of: date
    text: str


@dataclass(frozen=True)
class StackedBars:
    """A stacked-bar chart in SVG user units; ``plot_*`` is the area inside the axes."""

    width: int
    height: int
    plot_left: int
    plot_top: int
    plot_right: int
    plot_bottom: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    labels: tuple[Label, ...]
    legend: tuple[tuple[str, str], ...]  # (bucket, colour)


def stacked_bars(
    dates: Sequence[date],
    buckets: Sequence[str],
    value: Callable[[date, str], int | Decimal],
    *,
    width: int = 760,
    height: int = 240,
    left: int = 64,
    marked: Sequence[date] = (),
    max_labels: int = 8,
    tick_text: Callable[[int], str] = str,
    date_text: Callable[[date], str] = date.isoformat,
) -> StackedBars:
    """One bar per date, one segment per bucket (first bucket at the bottom), on a shared scale."""
    top, right, bottom = 10, 8, 24
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = {d: sum((value(d, b) for b in buckets), start=0) for d in dates}
    highest = max(totals.values(), default=0)
    step = nice_step(highest)
    ceiling = max(step, math.ceil(Decimal(highest) / step) * step) if highest else step
    scale = plot_h / float(ceiling)
    slot = plot_w / max(1, len(dates))
    bar_w = max(1.0, min(36.0, slot * 0.72))
    bars = []
    for i, d in enumerate(dates):
        y = float(top + plot_h)
        segments = []
        for b in buckets:
            v = value(d, b)
            if not v:
                continue
            h = float(v) * scale
            y -= h
            segments.append(Segment(b, round(y, 2), round(h, 2), bucket_colour(b, buckets), v))
        x = left + slot * i + (slot - bar_w) / 2
        bars.append(Bar(d, round(x, 2), round(bar_w, 2), tuple(segments), totals[d], d in marked))
    ticks = tuple(Tick(round(top + plot_h - v * scale, 2), v, tick_text(v)) for v in range(0, int(ceiling) + 1, step))
    every = max(1, math.ceil(len(dates) / max_labels))
    labels = tuple(
        Label(round(left + slot * i + slot / 2, 2), d, date_text(d))
        for i, d in enumerate(dates)
        if i % every == 0 or i == len(dates) - 1
    )
    if len(labels) > 1 and (labels[-1].x - labels[-2].x) < slot * every * 0.6:
        labels = (*labels[:-2], labels[-1])  # the last date always shows; drop its crowded neighbour
    legend = tuple((b, bucket_colour(b, buckets)) for b in buckets)
    return StackedBars(width, height, left, top, width - right, top + plot_h, tuple(bars), ticks, labels, legend)
