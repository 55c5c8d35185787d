"""Benchmark: ``arrears import`` into SQLite and PostgreSQL, against the Django ORM's bulk_create.

Ours: the whole import (validation, fingerprints, sealing every identifier, bulk writes).
Baseline, same run and same snapshot: what one writes first with Django, the ORM's
``bulk_create`` (batches of 2,000) of customers, accounts, installments and payments,
with no validation, no encryption and no contact points, so it does strictly less work.

    python bench/import_store.py --accounts 100000 --runs 3 [--postgres]

``--postgres`` starts a throwaway cluster (Debian's server package must be installed).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))
from _measure import measure  # noqa: E402

SETUP = """
import os, time, tempfile
home = tempfile.mkdtemp()
os.environ["ARREARS_HOME"] = home
os.environ["DJANGO_SETTINGS_MODULE"] = "arrears.web.settings"
if {url!r}:
    os.environ["ARREARS_DATABASE_URL"] = {url!r}
from pathlib import Path
from arrears.protection.keyring import create_key_file
os.environ["ARREARS_KEY_FILE"] = str(create_key_file(Path(home) / "keys.json"))
import django
django.setup()
from django.core.management import call_command
from django.db import connection
if connection.vendor == "postgresql":
    with connection.cursor() as c:
        c.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
call_command("migrate", verbosity=0)
"""

OURS = (
    SETUP
    + """
from arrears.portfolio.importing.service import import_snapshot
from arrears.protection.keyring import load_keyring
t0 = time.perf_counter()
report = import_snapshot(Path({snap!r}), load_keyring())
seconds = time.perf_counter() - t0
assert report.accounts_new > 0
"""
)

BASELINE = (
    SETUP
    + """
from arrears.snapshot import read_snapshot
from arrears.portfolio.models import Account, Customer, Installment, Payment, Snapshot
from arrears.money_columns import decimal_text
from django.db import transaction
from django.utils import timezone
snap = read_snapshot(Path({snap!r}))
t0 = time.perf_counter()
with transaction.atomic():
    record = Snapshot.objects.create(source="bench", loaded_at=timezone.now())
    Customer.objects.bulk_create(
        (Customer(customer_id=r["customer_id"], full_name=r["full_name"], country=r["country"], fingerprint="", snapshot=record)
         for r in snap.customers.select(["customer_id", "full_name", "country"]).to_pylist()), batch_size=2000)
    cust = dict(Customer.objects.values_list("customer_id", "id"))
    principal = decimal_text(snap.accounts["principal_minor"], snap.accounts["currency"]).to_pylist()
    Account.objects.bulk_create(
        (Account(account_id=r["account_id"], customer_id=cust[r["customer_id"]], product=r["product"], currency=r["currency"],
                 principal=principal[i], opened_on=r["opened_on"], fingerprint="", snapshot=record)
         for i, r in enumerate(snap.accounts.to_pylist())), batch_size=2000)
    acct = dict(Account.objects.values_list("account_id", "id"))
    Installment.objects.bulk_create(
        (Installment(account_id=acct[r["account_id"]], seq=r["seq"], due_date=r["due_date"], principal_due=r["principal_minor"],
                     interest_due=r["interest_minor"], fee_due=r["fee_minor"], penalty_due=r["penalty_minor"])
         for r in snap.installments.to_pylist()), batch_size=2000)
    Payment.objects.bulk_create(
        (Payment(account_id=acct[r["account_id"]], payment_id=r["payment_id"], paid_on=r["paid_on"], amount=r["amount_minor"],
                 reverses=r["reverses"] or "")
         for r in snap.payments.to_pylist()), batch_size=2000)
seconds = time.perf_counter() - t0
"""
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--skip-baseline", action="store_true")
    args = parser.parse_args()
    from datetime import date

    from arrears.demo.generator import generate

    targets = [("SQLite", "")]
    cluster = None
    if args.postgres:
        from tests import postgres

        cluster = postgres.start()
        targets.append(("PostgreSQL", cluster.url))
    results = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            snap = Path(tmp) / "snapshot"
            counts = generate(snap, accounts=args.accounts, seed=5, locale="zh_CN", as_of=date(2026, 11, 30))
            for name, url in targets:
                results[f"{name}: arrears import"] = measure(OURS.format(url=url, snap=str(snap)), args.runs)
                if not args.skip_baseline:
                    results[f"{name}: baseline ORM bulk_create"] = measure(BASELINE.format(url=url, snap=str(snap)), args.runs)
    finally:
        if cluster is not None:
            from tests import postgres

            postgres.stop(cluster)
    print(f"accounts: {args.accounts:,} ({', '.join(f'{n:,} {t}' for t, n in counts.items())}); runs per row: {args.runs}\n")
    print("| database: step | median s | runs (s) | peak MiB | vs baseline |")
    print("|---|---:|---|---:|---:|")
    for name, r in results.items():
        base = results.get(name.split(":")[0] + ": baseline ORM bulk_create")
        ratio = f"{base['median_s'] / r['median_s']:.1f}x faster" if base and "arrears import" in name else ""
        runs = ", ".join(f"{t:.1f}" for t in r["runs"])
        print(f"| {name} | {r['median_s']:.1f} | {runs} | {r['peak_mib']:.0f} | {ratio} |")


if __name__ == "__main__":
    main()
