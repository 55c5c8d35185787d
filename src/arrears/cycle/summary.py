"""What the cycle prints: accounts and balances per bucket, rolls, cures and exits.

The morning view of a collections manager: where the book stands (per bucket and
currency, as ``arrears classify`` prints it) and how it moved since the previous business
date (how many rolled forward or back, how many cured, how many left the book and why).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from arrears.cycle.history import EXITS, ROLLS
from arrears.reporting import BucketLine, summary_json, summary_table

OUTSTANDING = "outstanding_total_minor"


@dataclass
class CycleSummary:
    bucket_order: tuple[str, ...]
    buckets: list[BucketLine]
    rolls: dict[str, int] = field(default_factory=dict)
    cured: int = 0
    exits: dict[str, int] = field(default_factory=dict)

    @classmethod
    def empty(cls) -> CycleSummary:
        return cls((), [])

    def as_json(self) -> dict:
        return {
            **summary_json(self.buckets, self.bucket_order),
            "rolls": {r: self.rolls.get(r, 0) for r in ROLLS},
            "cured": self.cured,
            "exits": {e: self.exits.get(e, 0) for e in EXITS},
        }

    def as_text(self) -> str:
        rolls = ", ".join(f"{r} {self.rolls.get(r, 0):,}" for r in ROLLS)
        exits = ", ".join(f"{e} {self.exits.get(e, 0):,}" for e in EXITS)
        return "\n".join(
            [summary_table(self.buckets, self.bucket_order), "", f"rolls: {rolls}", f"cured: {self.cured:,}", f"exits: {exits}"]
        )


def summarise(results: pa.Table, bucket_order: tuple[str, ...]) -> CycleSummary:
    """Summary of one date's partition (the rows of ``arrears.cycle.history.SCHEMA``)."""
    on_book = results.filter(pc.not_equal(results["status"], "closed"))
    grouped = on_book.group_by(["bucket", "currency"]).aggregate(
        [("account_id", "count"), ("overdue_total_minor", "sum"), ("outstanding_total_minor", "sum")]
    )
    lines = [
        BucketLine(
            r["bucket"], r["currency"], r["account_id_count"], r["overdue_total_minor_sum"], r["outstanding_total_minor_sum"]
        )
        for r in grouped.to_pylist()
    ]
    exits = Counter(s for s in results["status"].to_pylist() if s in EXITS)
    rolls = Counter(results["roll"].to_pylist())
    cured = pc.sum(pc.cast(results["cured"], pa.int64())).as_py() or 0
    return CycleSummary(tuple(bucket_order), lines, dict(rolls), cured, dict(exits))
