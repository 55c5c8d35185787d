"""Per-date results of the daily cycle: one Parquet partition per business date.

Layout, readable by any Parquet tool (DuckDB, Spark, pandas) as a hive-partitioned
dataset::

    ROOT/as_of=2026-11-30/results.parquet
    ROOT/as_of=2026-11-30/_STALE          (only while the date must be recomputed)
    ROOT/.cycle.lock                      (held while a cycle runs)

Why one file per date, swapped with ``os.replace``: a rename within one directory is
atomic on POSIX file systems, so a reader (or a cycle killed at any instant) sees the
previous file of that date or the new one, never a mix and never half a file. The new
file is written under a hidden temporary name first, flushed and fsynced; leftovers of a
killed run are hidden names that no reader's ``*.parquet`` glob matches, and the next
write of that date removes them.

A date is *complete* when its file exists and it is not marked stale. A date is marked
stale when an earlier date was re-run (its comparison with the previous day rested on the
old results); the cycle recomputes stale dates in order.

Amounts are integer minor units (``*_minor``, exact) with the account's ``currency``.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

RESULTS = "results.parquet"
STALE = "_STALE"
PARTITION = re.compile(r"^as_of=(\d{4}-\d{2}-\d{2})$")

#: Statuses: ``active`` (on the book, owes money), ``paid_off`` (on the book, nothing
#: outstanding), ``charged_off``/``sold``/``recalled`` (the lender's optional ``status``
#: column), ``closed`` (absent from the day's book although present the day before).
STATUSES = ("active", "paid_off", "charged_off", "sold", "recalled", "closed")
#: Exit columns of a roll-rate matrix, in display order.
EXITS = ("paid_off", "charged_off", "sold", "recalled", "closed")
#: ``roll`` against the previous business date: worse, better, same bucket, first seen, left the book.
ROLLS = ("forward", "back", "stable", "new", "exit")

AMOUNT_COLUMNS = (
    "overdue_principal_minor",
    "overdue_interest_minor",
    "overdue_fee_minor",
    "overdue_penalty_minor",
    "overdue_total_minor",
    "outstanding_total_minor",
    "credit_balance_minor",
)

SCHEMA = pa.schema(
    [
        ("account_id", pa.string()),
        ("customer_id", pa.string()),
        ("product", pa.string()),
        ("currency", pa.string()),
        ("as_of", pa.date32()),
        ("status", pa.string()),
        ("dpd", pa.int64()),
        ("delinquent_days", pa.int64()),
        ("bucket", pa.string()),
        *((c, pa.int64()) for c in AMOUNT_COLUMNS),
        ("oldest_overdue_due_date", pa.date32()),
        ("amount_band", pa.string()),
        ("credit_grade", pa.string()),
        ("previous_bucket", pa.string()),
        ("roll", pa.string()),
        ("cured", pa.bool_()),
        ("first_delinquency_date", pa.date32()),
        ("times_delinquent", pa.int64()),
        ("score", pa.float64()),
        ("strategy", pa.string()),
    ]
)
"""Columns of every partition. ``score`` and ``strategy`` stay null until the risk and
strategy issues plug their steps into the cycle (a probability, never money)."""


class HistoryError(RuntimeError):
    """A partition is missing or unreadable; the message names the file."""


class History:
    """The results of every business date under one root folder."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def partition(self, as_of: date) -> Path:
        return self.root / f"as_of={as_of.isoformat()}"

    def path(self, as_of: date) -> Path:
        return self.partition(as_of) / RESULTS

    def glob(self) -> str:
        """Pattern of every results file, for ``read_parquet`` in DuckDB or Spark."""
        return str(self.root / "as_of=*" / RESULTS)

    def dates(self) -> list[date]:
        """Business dates that have results (stale or not), oldest first."""
        if not self.root.is_dir():
            return []
        found = []
        for entry in self.root.iterdir():
            match = PARTITION.match(entry.name)
            if match and (entry / RESULTS).is_file():
                found.append(date.fromisoformat(match.group(1)))
        return sorted(found)

    def stale_dates(self) -> list[date]:
        return [d for d in self.dates() if (self.partition(d) / STALE).exists()]

    def completed_dates(self) -> set[date]:
        stale = set(self.stale_dates())
        return {d for d in self.dates() if d not in stale}

    def previous_date(self, as_of: date) -> date | None:
        """The latest date before ``as_of`` with results: what ``as_of`` is compared with."""
        earlier = [d for d in self.dates() if d < as_of]
        return earlier[-1] if earlier else None

    def read(self, as_of: date, columns: list[str] | None = None) -> pa.Table:
        path = self.path(as_of)
        try:
            return pq.read_table(path, columns=columns)
        except FileNotFoundError:
            raise HistoryError(f"{path}: no results for {as_of.isoformat()}") from None
        except (pa.ArrowInvalid, OSError) as error:
            raise HistoryError(f"{path}: unreadable results ({error})") from None

    def metadata(self, as_of: date) -> dict:
        """What the run that wrote ``as_of`` recorded (source, run id, engine, policy)."""
        meta = pq.read_schema(self.path(as_of)).metadata or {}
        return json.loads(meta.get(b"arrears", b"{}"))

    def mark_stale(self, dates: list[date]) -> None:
        for d in dates:
            marker = self.partition(d) / STALE
            marker.touch()
            _fsync_dir(marker.parent)

    def write(self, as_of: date, table: pa.Table, metadata: dict, before_swap=None) -> Path:
        """Replace the results of ``as_of`` atomically; clears its stale mark afterwards.

        ``before_swap`` is called once the new file is complete and durable, just before
        the rename (the cycle uses it as a crash point in tests).
        """
        table = table.select(SCHEMA.names).cast(SCHEMA)
        folder = self.partition(as_of)
        folder.mkdir(parents=True, exist_ok=True)
        for leftover in folder.glob(".results-*"):
            leftover.unlink(missing_ok=True)
        tmp = folder / f".results-{uuid.uuid4().hex}"
        schema = table.schema.with_metadata({"arrears": json.dumps(metadata, sort_keys=True)})
        with open(tmp, "wb") as sink:
            pq.write_table(table.replace_schema_metadata(schema.metadata), sink, compression="zstd", row_group_size=256_000)
            sink.flush()
            os.fsync(sink.fileno())
        if before_swap is not None:
            before_swap()
        os.replace(tmp, folder / RESULTS)
        _fsync_dir(folder)
        (folder / STALE).unlink(missing_ok=True)
        _fsync_dir(folder)
        return folder / RESULTS


def _fsync_dir(path: Path) -> None:
    """Make a rename or a new entry in ``path`` durable (POSIX)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def history_root() -> Path:
    """``ARREARS_HISTORY_DIR``, else ``$ARREARS_HOME/var/history`` (``ARREARS_HOME``: current directory)."""
    if os.environ.get("ARREARS_HISTORY_DIR"):
        return Path(os.environ["ARREARS_HISTORY_DIR"])
    return Path(os.environ.get("ARREARS_HOME", Path.cwd())) / "var" / "history"


def completed_dates(settings: Path | None = None) -> set[date]:
    """Dates the worker need not run again (``settings`` is accepted for symmetry with ``run_cycle``)."""
    return History(history_root()).completed_dates()
