"""The cycle against the store (SQLite, and PostgreSQL with ``--postgres``): load and write-back."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pyarrow as pa
import pytest

from arrears.cycle.history import History
from arrears.cycle.run import run_cycle
from arrears.demo.generator import generate
from arrears.portfolio.export import store_portfolio
from arrears.portfolio.importing.service import import_snapshot
from arrears.portfolio.models import AccountPosition, CycleRun
from arrears.snapshot import read_snapshot

AS_OF = date(2026, 11, 30)
pytestmark = pytest.mark.django_db


@pytest.fixture
def book(tmp_path, test_keyring):
    folder = tmp_path / "book"
    generate(folder, 250, 11, "en_US", AS_OF)
    import_snapshot(folder, test_keyring)
    return folder


def sorted_rows(table: pa.Table, key: list[str]) -> list[dict]:
    return sorted(table.to_pylist(), key=lambda r: tuple(str(r[k]) for k in key))


def test_the_store_gives_the_engine_exactly_what_the_snapshot_said(book):
    snap, stored = read_snapshot(book), store_portfolio()
    assert sorted_rows(stored["installments"], ["account_id", "seq"]) == sorted_rows(snap.installments, ["account_id", "seq"])
    assert sorted_rows(stored["payments"], ["payment_id"]) == sorted_rows(snap.payments, ["payment_id"])
    accounts = ["account_id", "customer_id", "product", "currency", "principal_minor", "opened_on"]
    assert stored["accounts"].select(accounts).to_pylist() == snap.accounts.select(accounts).sort_by("account_id").to_pylist()


def test_a_cycle_from_the_store_equals_one_from_the_snapshot_and_writes_positions_back(book, tmp_path):
    run_cycle(AS_OF, portfolio=book, history=tmp_path / "from-folder", write_back=False)
    run_cycle(AS_OF, history=tmp_path / "from-store")
    from_folder, from_store = History(tmp_path / "from-folder").read(AS_OF), History(tmp_path / "from-store").read(AS_OF)
    assert from_store.equals(from_folder)
    positions = {p.account.account_id: p for p in AccountPosition.objects.select_related("account")}
    rows = {r["account_id"]: r for r in from_store.to_pylist()}
    assert set(positions) == set(rows)
    for account_id, row in rows.items():
        position = positions[account_id]
        assert (position.bucket, position.dpd, position.roll, position.status) == (
            row["bucket"],
            row["dpd"],
            "new",
            row["status"],
        )
        unit = Decimal(10) ** -2 if row["currency"] != "JPY" else Decimal(1)
        assert position.outstanding_total == Decimal(row["outstanding_total_minor"]) * unit
    assert CycleRun.objects.get().accounts == len(rows)


def test_re_running_the_same_date_leaves_the_same_positions(book, tmp_path):
    run_cycle(AS_OF, history=tmp_path / "h")
    first = sorted(AccountPosition.objects.values_list("account_id", "bucket", "dpd", "outstanding_total", "roll"))
    run_cycle(AS_OF, history=tmp_path / "h")
    assert sorted(AccountPosition.objects.values_list("account_id", "bucket", "dpd", "outstanding_total", "roll")) == first
    assert CycleRun.objects.count() == 2


def test_the_next_day_writes_the_roll_back_to_the_store(book, tmp_path):
    run_cycle(AS_OF, history=tmp_path / "h")
    run_cycle(date(2026, 12, 31), history=tmp_path / "h")
    rolls = set(AccountPosition.objects.values_list("roll", flat=True))
    assert "new" not in rolls and "forward" in rolls
    assert set(AccountPosition.objects.values_list("as_of", flat=True)) == {date(2026, 12, 31)}
