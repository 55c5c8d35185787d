"""Aging buckets: the M0..M6+ classification on delinquent days.

A bucket table is ordered data: inclusive day ranges starting at 0, with no gaps and no
overlaps, the last one open-ended. Lenders rename and re-cut buckets (1-29, 30-59 ... is
common in the US), so the table is configuration, but an invalid table cannot even be
constructed: every account must land in exactly one bucket.

>>> DEFAULT_BUCKETS.bucket_for(0), DEFAULT_BUCKETS.bucket_for(30), DEFAULT_BUCKETS.bucket_for(400)
('M0', 'M1', 'M6+')
>>> BucketTable.from_bounds([("current", 0, 0), ("late", 1, None)]).names
('current', 'late')
>>> BucketTable.from_bounds([("M0", 0, 0), ("M1", 2, None)])
Traceback (most recent call last):
...
arrears.domain.errors.DomainError: aging.ranges_gap: bucket 'M1' starts at day 2, but the previous bucket ends at day 0
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from arrears.domain.errors import DomainError


@dataclass(frozen=True, slots=True)
class Bucket:
    """``name`` covers delinquent days ``lower``..``upper`` inclusive; ``upper=None`` is open."""

    name: str
    lower: int
    upper: int | None

    def contains(self, days: int) -> bool:
        return days >= self.lower and (self.upper is None or days <= self.upper)

    def label(self) -> str:
        return f"{self.lower}+" if self.upper is None else f"{self.lower}-{self.upper}"


@dataclass(frozen=True, slots=True)
class BucketTable:
    """An ordered, gapless, non-overlapping cover of 0..infinity by named buckets."""

    buckets: tuple[Bucket, ...]

    def __post_init__(self) -> None:
        if not self.buckets:
            raise DomainError("aging.empty", "a bucket table needs at least one bucket")
        names = [b.name for b in self.buckets]
        for b in self.buckets:
            if not isinstance(b.name, str) or not b.name.strip():
                raise DomainError("aging.bad_name", "every bucket needs a non-empty name")
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise DomainError("aging.duplicate_name", f"bucket names must be unique: {', '.join(dupes)}")
        first = self.buckets[0]
        if first.lower != 0:
            raise DomainError("aging.not_from_zero", f"the first bucket {first.name!r} must start at day 0, not {first.lower}")
        previous: Bucket | None = None
        for b in self.buckets:
            if b.upper is not None and b.upper < b.lower:
                raise DomainError("aging.bad_range", f"bucket {b.name!r} ends (day {b.upper}) before it starts (day {b.lower})")
            if previous is not None:
                if previous.upper is None:
                    raise DomainError("aging.ranges_overlap", f"bucket {previous.name!r} is open-ended but {b.name!r} follows it")
                if b.lower <= previous.upper:
                    raise DomainError(
                        "aging.ranges_overlap",
                        f"bucket {b.name!r} starts at day {b.lower}, inside {previous.name!r} ({previous.label()})",
                    )
                if b.lower > previous.upper + 1:
                    raise DomainError(
                        "aging.ranges_gap",
                        f"bucket {b.name!r} starts at day {b.lower}, but the previous bucket ends at day {previous.upper}",
                    )
            previous = b
        if self.buckets[-1].upper is not None:
            raise DomainError("aging.not_open_ended", f"the last bucket {self.buckets[-1].name!r} must be open-ended")

    @classmethod
    def from_bounds(cls, rows: Iterable[tuple[str, int, int | None]]) -> BucketTable:
        """Build from ``(name, lower, upper)`` rows; ``upper`` None for the last."""
        return cls(tuple(Bucket(name, lower, upper) for name, lower, upper in rows))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(b.name for b in self.buckets)

    def bucket_for(self, delinquent_days: int) -> str:
        """The bucket name for a number of delinquent days (never negative)."""
        if delinquent_days < 0:
            raise DomainError("aging.negative_days", f"delinquent days cannot be negative ({delinquent_days})")
        for b in self.buckets:
            if b.contains(delinquent_days):
                return b.name
        raise AssertionError("unreachable: a valid table covers every day")  # pragma: no cover

    def rank(self, name: str) -> int:
        """Position of a bucket (0 for current); later buckets are worse."""
        try:
            return self.names.index(name)
        except ValueError:
            raise DomainError("aging.unknown_bucket", f"no bucket named {name!r}") from None


DEFAULT_BUCKETS = BucketTable.from_bounds(
    [
        ("M0", 0, 0),
        ("M1", 1, 30),
        ("M2", 31, 60),
        ("M3", 61, 90),
        ("M4", 91, 120),
        ("M5", 121, 150),
        ("M6", 151, 180),
        ("M6+", 181, None),
    ]
)
