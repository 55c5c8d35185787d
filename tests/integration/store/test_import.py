"""Importing snapshots into the store: all or nothing, idempotent, identifiers sealed."""

from __future__ import annotations

import csv
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from arrears.domain.errors import DomainError
from arrears.portfolio.importing.service import import_snapshot
from arrears.portfolio.lookup import customers_with_contact, customers_with_national_id
from arrears.portfolio.models import Account, ContactPoint, Customer, Installment, Payment, Snapshot
from arrears.protection.keyring import Sealed
from arrears.snapshot import SnapshotInvalid

pytestmark = pytest.mark.django_db

WORKED = Path(__file__).resolve().parents[3] / "examples" / "worked"


@pytest.fixture
def worked(tmp_path) -> Path:
    folder = tmp_path / "worked"
    shutil.copytree(WORKED, folder)
    return folder


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (Snapshot, Customer, ContactPoint, Account, Installment, Payment)}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_snapshot_loads_with_exact_amounts(worked, test_keyring):
    report = import_snapshot(worked, test_keyring)
    assert (report.accounts_new, report.customers_new) == (11, 4)
    assert counts() == {"Snapshot": 1, "Customer": 4, "ContactPoint": 6, "Account": 11, "Installment": 19, "Payment": 15}
    assert Account.objects.get(account_id="W09").principal == Decimal("50000")
    assert Payment.objects.get(payment_id="P10").amount == Decimal("250.55")
    w08 = Installment.objects.get(account__account_id="W08", seq=1)
    assert (w08.due_date, w08.penalty_due) == (date(2026, 6, 30), Decimal("5"))
    assert Payment.objects.get(payment_id="R08").reverses == "P08"
    assert Customer.objects.get(customer_id="C04").timezones == "Asia/Tokyo"
    assert Customer.objects.get(customer_id="C02").timezones == "Asia/Shanghai"


def test_identifiers_are_sealed_masked_and_found_by_keyed_hash(worked, test_keyring):
    edit(worked / "customers.csv", "C01,王芳,,", "C01,王芳,110101199003071234,")
    import_snapshot(worked, test_keyring)
    customer = Customer.objects.get(customer_id="C01")
    assert customer.national_id_masked == "**************1234"
    assert b"110101199003071234" not in bytes(customer.national_id_sealed)
    assert (
        test_keyring.open(Sealed(customer.national_id_key, bytes(customer.national_id_sealed)), "customer.national_id")
        == "110101199003071234"
    )
    phone = ContactPoint.objects.get(customer=customer, kind="phone")
    assert phone.masked == "+86 *******0001" and b"13800000001" not in bytes(phone.sealed)
    assert list(customers_with_contact(test_keyring, "phone", "+86 138 0000 0001")) == [customer]
    assert list(customers_with_national_id(test_keyring, "110101199003071234")) == [customer]
    assert not customers_with_contact(test_keyring, "phone", "+8613800000009").exists()


def test_reimporting_the_same_snapshot_changes_nothing(worked, test_keyring):
    import_snapshot(worked, test_keyring)
    before = counts()
    sealed = {cp.pk: bytes(cp.sealed) for cp in ContactPoint.objects.all()}
    installment_ids = set(Installment.objects.values_list("id", flat=True))
    report = import_snapshot(worked, test_keyring)
    assert not report.changed_anything and report.accounts_unchanged == 11
    assert counts() == before
    assert {cp.pk: bytes(cp.sealed) for cp in ContactPoint.objects.all()} == sealed
    assert set(Installment.objects.values_list("id", flat=True)) == installment_ids


def test_an_account_in_a_new_snapshot_replaces_its_rows_and_others_are_untouched(worked, test_keyring):
    import_snapshot(worked, test_keyring)
    untouched = set(Installment.objects.exclude(account__account_id="W02").values_list("id", flat=True))
    edit(worked / "payments.csv", "P05,W02,2026-10-20,50.00,", "P05,W02,2026-10-20,60.00,")
    edit(worked / "manifest.json", "2026-12-02T18:00:00", "2026-12-03T18:00:00")
    report = import_snapshot(worked, test_keyring)
    assert (report.accounts_new, report.accounts_changed, report.accounts_unchanged) == (0, 1, 10)
    assert Payment.objects.get(payment_id="P05").amount == Decimal("60")
    assert set(Installment.objects.exclude(account__account_id="W02").values_list("id", flat=True)) == untouched
    assert Installment.objects.filter(account__account_id="W02").count() == 4


def test_a_changed_phone_replaces_only_that_contact_point(worked, test_keyring):
    import_snapshot(worked, test_keyring)
    kept = ContactPoint.objects.get(customer__customer_id="C02", masked="+86 *******0002", lookup_hash__isnull=False, position=0)
    kept_blob = bytes(kept.sealed)
    edit(worked / "customers.csv", "+8613800000002;+8613900000002", "+8613800000002;+8613700000007")
    import_snapshot(worked, test_keyring)
    phones = ContactPoint.objects.filter(customer__customer_id="C02", kind="phone")
    assert sorted(p.masked for p in phones) == ["+86 *******0002", "+86 *******0007"]
    assert bytes(ContactPoint.objects.get(pk=kept.pk).sealed) == kept_blob


def test_a_bad_snapshot_leaves_the_database_exactly_as_before(worked, test_keyring):
    import_snapshot(worked, test_keyring)
    before = counts()
    edit(worked / "installments.csv", "W01,4,2026-12-15", "W01,4,2026-12-32")
    edit(worked / "accounts.csv", "W11,C03,auto_loan,USD", "W11,C99,auto_loan,USD")
    with pytest.raises(SnapshotInvalid) as refused:
        import_snapshot(worked, test_keyring)
    lines = str(refused.value).splitlines()
    assert any(line.startswith(f"{worked / 'installments.csv'}:5:due_date:") for line in lines)
    assert any(line.startswith(f"{worked / 'accounts.csv'}:12:customer_id:") for line in lines)
    assert counts() == before


def test_an_older_extract_is_refused(worked, test_keyring):
    import_snapshot(worked, test_keyring)
    edit(worked / "manifest.json", "2026-12-02T18:00:00", "2026-12-01T18:00:00")
    edit(worked / "payments.csv", "P05,W02,2026-10-20,50.00,", "P05,W02,2026-10-20,60.00,")
    with pytest.raises(DomainError) as refused:
        import_snapshot(worked, test_keyring)
    assert refused.value.code == "import.older_extract"
    assert Payment.objects.get(payment_id="P05").amount == Decimal("50")


def test_reject_file_loads_the_valid_accounts_and_lists_the_rejected_ones(worked, test_keyring, tmp_path):
    edit(worked / "installments.csv", "W01,4,2026-12-15", "W01,4,2026-12-32")
    edit(worked / "payments.csv", "P13,W10,2026-10-01,99.50,", "P13,W10,2026-10-01,-99.50,")
    reject = tmp_path / "rejected.csv"
    report = import_snapshot(worked, test_keyring, reject_file=reject)
    assert report.accounts_rejected == 2
    assert set(Account.objects.values_list("account_id", flat=True)) == {f"W{n:02d}" for n in range(2, 12)} - {"W10"}
    with reject.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {r["account_id"] for r in rows} == {"W01", "W10"}
    assert {(r["column"], r["line"]) for r in rows} == {("due_date", "5"), ("amount", "16")}


def test_a_gb18030_export_keeps_its_chinese_names(worked, test_keyring):
    text = (worked / "customers.csv").read_text(encoding="utf-8")
    (worked / "customers.csv").write_bytes(text.encode("gb18030"))
    import_snapshot(worked, test_keyring)
    assert Customer.objects.get(customer_id="C01").full_name == "王芳"
    assert Customer.objects.get(customer_id="C04").full_name == "山田太郎"


def test_the_postgres_switch_really_runs_on_postgresql(request):
    from django.db import connection

    assert connection.vendor == ("postgresql" if request.config.getoption("--postgres") else "sqlite")


def test_a_payment_id_already_held_by_another_stored_account_is_refused_whole(worked, test_keyring, tmp_path):
    import_snapshot(worked, test_keyring)
    before = counts()
    w02_payments = set(Payment.objects.filter(account__account_id="W02").values_list("payment_id", flat=True))
    partial = tmp_path / "partial"
    partial.mkdir()
    for name in ("customers", "accounts", "installments", "payments"):
        lines = (worked / f"{name}.csv").read_text(encoding="utf-8").splitlines()
        keep = [lines[0]] + [line for line in lines[1:] if line.startswith(("W01,", "C01,", "P01,", "P02,", "P03,", "P05,"))]
        (partial / f"{name}.csv").write_text("\n".join(keep).replace("P05,W02,", "P05,W01,") + "\n", encoding="utf-8")
    with pytest.raises(DomainError) as refused:
        import_snapshot(partial, test_keyring)
    assert refused.value.code == "import.conflict"
    assert counts() == before
    assert set(Payment.objects.filter(account__account_id="W02").values_list("payment_id", flat=True)) == w02_payments
