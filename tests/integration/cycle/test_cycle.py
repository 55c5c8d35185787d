"""The daily cycle day to day: rolls, cures, exits, re-runs and the history it keeps."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from arrears.cycle.history import History
from arrears.cycle.lock import CycleBusy, CycleLock
from arrears.cycle.run import run_cycle
from arrears.domain.errors import DomainError
from tests.support.snapshots import write_snapshot

D1, D2, D3 = date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 4)

COMMON = [
    ("A1", [("2026-11-01", "100.00")], []),
    ("A2", [("2026-10-01", "100.00"), ("2026-11-03", "100.00")], [("P2", "2026-11-03", "100.00")]),
    ("A3", [("2026-11-02", "100.00")], []),
    ("A6", [("2026-10-01", "100.00")], [("P6", "2026-10-01", "100.00")]),
]
ONLY_FIRST = [("A4", [("2026-10-15", "100.00")], [])]
ONLY_LATER = [("A5", [("2026-10-20", "50.00")], [])]


@pytest.fixture
def books(tmp_path) -> tuple[Path, Path]:
    """The lender's book on the first day, and on the following days (A4 gone, A5 new)."""
    return write_snapshot(tmp_path / "s1", COMMON + ONLY_FIRST), write_snapshot(tmp_path / "s2", COMMON + ONLY_LATER)


def by_account(history: History, day: date) -> dict[str, dict]:
    return {r["account_id"]: r for r in history.read(day).to_pylist()}


def run(day: date, portfolio: Path, root: Path, **kw):
    return run_cycle(day, portfolio=portfolio, history=root, write_back=False, **kw)


def test_first_day_sees_every_account_as_new_with_its_delinquency_start(books, tmp_path):
    run(D1, books[0], tmp_path / "h")
    rows = by_account(History(tmp_path / "h"), D1)
    assert {a: (r["bucket"], r["roll"], r["status"]) for a, r in rows.items()} == {
        "A1": ("M1", "new", "active"),
        "A2": ("M2", "new", "active"),
        "A3": ("M0", "new", "active"),
        "A4": ("M1", "new", "active"),
        "A6": ("M0", "new", "paid_off"),
    }
    assert rows["A2"]["dpd"] == 32 and rows["A2"]["first_delinquency_date"] == date(2026, 10, 2)
    assert rows["A2"]["times_delinquent"] == 1 and rows["A3"]["times_delinquent"] == 0
    assert rows["A3"]["first_delinquency_date"] is None


def test_next_day_rolls_cures_enters_and_exits(books, tmp_path):
    run(D1, books[0], tmp_path / "h")
    report = run(D2, books[1], tmp_path / "h")
    rows = by_account(History(tmp_path / "h"), D2)
    assert {a: (r["previous_bucket"], r["bucket"], r["roll"], r["cured"]) for a, r in rows.items()} == {
        "A1": ("M1", "M1", "stable", False),
        "A2": ("M2", "M0", "back", True),
        "A3": ("M0", "M1", "forward", False),
        "A4": ("M1", None, "exit", False),
        "A5": (None, "M1", "new", False),
        "A6": ("M0", "M0", "stable", False),
    }
    assert rows["A4"]["status"] == "closed"
    assert (rows["A3"]["times_delinquent"], rows["A3"]["first_delinquency_date"]) == (1, D2)
    assert (rows["A5"]["times_delinquent"], rows["A5"]["first_delinquency_date"]) == (1, date(2026, 10, 21))
    assert (
        report.summary.rolls["forward"] == 1
        and report.summary.cured == 1
        and report.summary.exits == {"closed": 1, "paid_off": 1}
    )


def test_re_entry_counts_again_and_keeps_the_first_delinquency_date(books, tmp_path):
    for day, book in ((D1, books[0]), (D2, books[1]), (D3, books[1])):
        run(day, book, tmp_path / "h")
    a2 = by_account(History(tmp_path / "h"), D3)["A2"]
    assert (a2["bucket"], a2["roll"], a2["times_delinquent"], a2["first_delinquency_date"]) == (
        "M1",
        "forward",
        2,
        date(2026, 10, 2),
    )
    assert "A4" not in by_account(History(tmp_path / "h"), D3)  # an exit is recorded once, on the day it happens


def test_a_lender_status_takes_the_account_off_the_book(tmp_path):
    book = write_snapshot(tmp_path / "s", COMMON, status={"A1": "charged_off", "A3": "Sold"})
    run(D1, book, tmp_path / "h")
    rows = by_account(History(tmp_path / "h"), D1)
    assert (rows["A1"]["status"], rows["A3"]["status"], rows["A2"]["status"]) == ("charged_off", "sold", "active")


def test_re_running_a_date_is_idempotent(books, tmp_path):
    run(D1, books[0], tmp_path / "h")
    first = History(tmp_path / "h").read(D1)
    run(D1, books[0], tmp_path / "h")
    assert History(tmp_path / "h").read(D1).equals(first)
    assert History(tmp_path / "h").stale_dates() == []


def test_re_running_an_earlier_date_recomputes_the_later_ones_in_order(books, tmp_path):
    history = History(tmp_path / "h")
    run(D1, books[0], tmp_path / "h")
    run(D2, books[1], tmp_path / "h")
    run(D3, books[1], tmp_path / "h")
    before = {d: history.read(d) for d in (D2, D3)}
    written = {d: history.metadata(d)["run_id"] for d in (D2, D3)}
    report = run(D1, books[0], tmp_path / "h")
    assert report.recomputed == [D2, D3]
    assert all(history.metadata(d)["run_id"] != written[d] for d in (D2, D3))
    assert all(history.read(d).equals(before[d]) for d in (D2, D3))
    assert history.stale_dates() == [] and history.completed_dates() == {D1, D2, D3}


def test_a_later_date_whose_input_is_gone_stays_stale_and_says_why(books, tmp_path):
    history = History(tmp_path / "h")
    run(D1, books[0], tmp_path / "h")
    run(D2, books[1], tmp_path / "h")
    for f in books[1].iterdir():
        f.unlink()
    books[1].rmdir()
    with pytest.raises(DomainError, match=r"portfolio folder .* is gone") as refused:
        run(D1, books[0], tmp_path / "h")
    assert refused.value.code == "cycle.source_missing"
    assert history.stale_dates() == [D2] and history.completed_dates() == {D1}


def test_an_earlier_run_never_overwrites_a_later_date(books, tmp_path):
    history = History(tmp_path / "h")
    run(D2, books[1], tmp_path / "h")
    d2 = history.read(D2)
    run(D1, books[0], tmp_path / "h")  # an older date run afterwards: D2 is recomputed against it, in order
    assert history.metadata(D2)["source"] == str(books[1].resolve())
    assert history.read(D2)["account_id"].to_pylist() == sorted([*d2["account_id"].to_pylist(), "A4"])


def test_a_second_cycle_is_refused_while_one_runs(books, tmp_path):
    with (
        CycleLock(tmp_path / "h", D1),
        pytest.raises(CycleBusy, match=r"already running \(process \d+, business date 2026-11-02\)"),
    ):
        run(D1, books[0], tmp_path / "h")
    run(D1, books[0], tmp_path / "h")  # the lock is released with its holder


def test_partition_is_plain_hive_parquet(books, tmp_path):
    run(D1, books[0], tmp_path / "h")
    import duckdb

    count = duckdb.sql(
        f"SELECT count(*) FROM read_parquet('{History(tmp_path / 'h').glob()}', hive_partitioning=true)"
    ).fetchall()
    assert count == [(5,)]
    assert not [p for p in (tmp_path / "h").rglob("*") if p.name.startswith(".results-")]
    assert pq.read_schema(History(tmp_path / "h").path(D1)).field("outstanding_total_minor").type == "int64"
