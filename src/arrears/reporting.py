"""Plain-text and JSON summaries of a classification: accounts and amounts per bucket.

What a collections manager looks at first each morning: how many accounts sit in each
bucket and how much is overdue and outstanding there, per currency (amounts in different
currencies are never added together). Standard library only, so commands stay fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from arrears.domain.money import Money


@dataclass(frozen=True)
class BucketLine:
    bucket: str
    currency: str
    accounts: int
    overdue_minor: int
    outstanding_minor: int


def summary_json(lines: Sequence[BucketLine], bucket_order: Sequence[str]) -> dict:
    """``{"buckets": [{"bucket", "accounts", "overdue": {CUR: "text"}, "outstanding": {...}}], "total": {...}}``."""
    rank = {b: i for i, b in enumerate(bucket_order)}
    out = []
    for bucket in sorted({line.bucket for line in lines}, key=lambda b: rank.get(b, len(rank))):
        mine = [line for line in lines if line.bucket == bucket]
        out.append(
            {
                "bucket": bucket,
                "accounts": sum(line.accounts for line in mine),
                "overdue": {
                    line.currency: Money.from_minor(line.overdue_minor, line.currency).format()
                    for line in sorted(mine, key=lambda x: x.currency)
                },
                "outstanding": {
                    line.currency: Money.from_minor(line.outstanding_minor, line.currency).format()
                    for line in sorted(mine, key=lambda x: x.currency)
                },
            }
        )
    currencies = sorted({line.currency for line in lines})
    total = {
        "accounts": sum(line.accounts for line in lines),
        "overdue": {c: Money.from_minor(sum(x.overdue_minor for x in lines if x.currency == c), c).format() for c in currencies},
        "outstanding": {
            c: Money.from_minor(sum(x.outstanding_minor for x in lines if x.currency == c), c).format() for c in currencies
        },
    }
    return {"buckets": out, "total": total}


def summary_table(lines: Sequence[BucketLine], bucket_order: Sequence[str]) -> str:
    """A fixed-width table: bucket, accounts, share, then overdue per currency."""
    data = summary_json(lines, bucket_order)
    currencies = sorted(data["total"]["overdue"])
    header = ["bucket", "accounts", "share", *(f"overdue {c}" for c in currencies), *(f"outstanding {c}" for c in currencies)]
    total_accounts = data["total"]["accounts"] or 1

    def row(label: str, item: dict) -> list[str]:
        return [
            label,
            f"{item['accounts']:,}",
            f"{100 * item['accounts'] / total_accounts:.1f}%",
            *(_grouped(item["overdue"].get(c, "")) for c in currencies),
            *(_grouped(item["outstanding"].get(c, "")) for c in currencies),
        ]

    body = [row(b["bucket"], b) for b in data["buckets"]] + [row("total", data["total"])]
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]

    def fmt(r: list[str]) -> str:
        return "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(r, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([fmt(header), rule, *(fmt(r) for r in body[:-1]), rule, fmt(body[-1])])


def _grouped(text: str) -> str:
    if not text:
        return "-"
    whole, dot, frac = text.partition(".")
    return f"{int(whole):,}{dot}{frac}"
