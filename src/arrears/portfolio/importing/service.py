"""Import a snapshot folder into the store: one use case, one transaction.

1. Read and validate with ``arrears.snapshot`` (all problems or, with a reject file, the
   valid accounts only). Any problem in the default mode: nothing is written.
2. Refuse an extract older than the last one loaded (``manifest.json``'s
   ``extracted_at``).
3. Compare fingerprints: an account is new, changed (its row, schedule or payments differ)
   or unchanged; the same for customers. Unchanged rows are not touched, so a re-import
   of the same snapshot rewrites nothing and re-encrypts nothing.
4. In one transaction: the snapshot record, new and changed customers (identifiers sealed;
   a national id or contact point whose keyed digest did not change keeps its ciphertext),
   new and changed accounts, and, for those accounts, their whole schedule and payments
   replaced (the lender's ledger is the source of truth for what it sent). Accounts absent
   from the snapshot are left as they are.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from django.db import IntegrityError, transaction
from django.utils import timezone

from arrears.domain.errors import DomainError
from arrears.money_columns import decimal_text, iso_dates
from arrears.portfolio.importing.contacts import contact_values, national_id_parts, seal_contact
from arrears.portfolio.importing.fingerprints import account_fingerprints, customer_fingerprint
from arrears.portfolio.importing.writer import BulkWriter
from arrears.portfolio.models import Account, Customer, Snapshot
from arrears.portfolio.timezones import candidate_zones
from arrears.protection.keyring import Keyring
from arrears.snapshot import Problem, read_snapshot

CUSTOMER_FIELDS = ("customer_id", "full_name", "national_id", "phones", "emails", "address", "country", "region", "timezone")
CUSTOMER_FIELDS += ("language", "credit_grade")
log = logging.getLogger("arrears.import")
ACCOUNT_FIELDS = ("account_id", "customer_id", "product", "currency", "principal_minor", "opened_on", "annual_rate")


@dataclass
class ImportReport:
    """What an import did; ``changed_anything`` is False for a repeated snapshot."""

    accounts_new: int = 0
    accounts_changed: int = 0
    accounts_unchanged: int = 0
    accounts_rejected: int = 0
    customers_new: int = 0
    customers_changed: int = 0
    problems: list[Problem] = field(default_factory=list)
    total_problems: int = 0
    snapshot_pk: int | None = None

    @property
    def changed_anything(self) -> bool:
        return bool(self.accounts_new or self.accounts_changed or self.customers_new or self.customers_changed)


class Progress:
    """What the import reports while it runs: steps (logged with their duration) and rows done."""

    def __init__(self) -> None:
        self._current: tuple[str, int, float] | None = None

    def step(self, name: str, total: int) -> None:
        self.finish()
        self._current = (name, total, time.perf_counter())

    def finish(self) -> None:
        if self._current is not None:
            name, total, started = self._current
            log.info("import step %s: %d rows in %.2f s", name, total, time.perf_counter() - started)
            self._current = None

    def advance(self, n: int) -> None: ...


def import_snapshot(
    directory: Path,
    keyring: Keyring,
    *,
    encoding: str | None = None,
    reject_file: Path | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> ImportReport:
    """Load the snapshot in ``directory``; raises ``SnapshotInvalid`` or ``DomainError`` when refused."""
    progress = progress or Progress()
    progress.step("validate", 1)
    report = ImportReport()
    if reject_file is not None:
        result = read_snapshot(directory, encoding=encoding, reject_bad_accounts=True, max_problems=None)
        snapshot = result.snapshot
        report.problems, report.total_problems = result.problems, result.total_problems
        report.accounts_rejected = len(result.rejected_account_ids)
        _write_reject_file(reject_file, result.problems, result.rejected_account_ids)
    else:
        snapshot = read_snapshot(directory, encoding=encoding)
    progress.advance(1)
    extracted_at = _aware(snapshot.manifest.extracted_at) if snapshot.manifest else None
    _refuse_older_extract(extracted_at)

    progress.step("compare", 1)
    fingerprints = account_fingerprints(snapshot.accounts, snapshot.installments, snapshot.payments)
    known_accounts = {
        a: (fp, pk) for a, fp, pk in Account.objects.values_list("account_id", "fingerprint", "id").iterator(50_000)
    }
    new_accounts = [a for a in fingerprints if a not in known_accounts]
    changed_accounts = [a for a, fp in fingerprints.items() if a in known_accounts and known_accounts[a][0] != fp]
    report.accounts_new, report.accounts_changed = len(new_accounts), len(changed_accounts)
    report.accounts_unchanged = len(fingerprints) - len(new_accounts) - len(changed_accounts)

    customer_rows = snapshot.customers.to_pylist()
    known_customers = {
        c: (fp, pk, nid)
        for c, fp, pk, nid in Customer.objects.values_list("customer_id", "fingerprint", "id", "national_id_digest")
    }
    customer_fps = {row["customer_id"]: customer_fingerprint(row, keyring) for row in customer_rows}
    new_customers = [r for r in customer_rows if r["customer_id"] not in known_customers]
    changed_customers = [
        r
        for r in customer_rows
        if r["customer_id"] in known_customers and known_customers[r["customer_id"]][0] != customer_fps[r["customer_id"]]
    ]
    report.customers_new, report.customers_changed = len(new_customers), len(changed_customers)
    progress.advance(1)
    if not report.changed_anything:
        return report

    try:
        with transaction.atomic():
            record = Snapshot.objects.create(
                snapshot_id=(snapshot.manifest.snapshot_id or "") if snapshot.manifest else "",
                extracted_at=extracted_at,
                source=str(directory),
                loaded_at=now or timezone.now(),
                accounts_new=report.accounts_new,
                accounts_changed=report.accounts_changed,
                accounts_unchanged=report.accounts_unchanged,
                accounts_rejected=report.accounts_rejected,
            )
            report.snapshot_pk = record.pk
            writer = BulkWriter(progress.advance)
            _write_customers(
                writer, keyring, record.pk, new_customers, changed_customers, customer_fps, known_customers, progress
            )
            _write_accounts(writer, snapshot, record.pk, fingerprints, new_accounts, changed_accounts, known_accounts, progress)
    except IntegrityError as error:
        raise DomainError("import.conflict", f"the snapshot conflicts with stored data and was not loaded: {error}") from None
    progress.finish()
    return report


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None or timezone.is_aware(moment):
        return moment
    return timezone.make_aware(moment, timezone.get_default_timezone())


def _refuse_older_extract(extracted_at: datetime | None) -> None:
    if extracted_at is None:
        return
    latest = Snapshot.objects.exclude(extracted_at=None).order_by("-extracted_at").values_list("extracted_at", flat=True).first()
    if latest is not None and extracted_at < latest:
        raise DomainError(
            "import.older_extract",
            f"this snapshot was extracted at {extracted_at.isoformat()}, before the last one loaded ({latest.isoformat()}); "
            "an older extract would overwrite newer data",
        )


def _customer_values(row: dict, keyring: Keyring, snapshot_pk: int, fingerprint: str) -> dict:
    extras = {k: v for k, v in row.items() if k not in CUSTOMER_FIELDS and v is not None}
    return {
        "customer_id": row["customer_id"],
        "full_name": row["full_name"],
        "country": row["country"],
        "region": row.get("region") or "",
        "timezones": ";".join(candidate_zones(row["country"], row.get("timezone"))),
        "language": row.get("language") or "",
        "credit_grade": row.get("credit_grade") or "",
        "attributes": extras,
        "fingerprint": fingerprint,
        "snapshot_id": snapshot_pk,
    }


def _write_customers(writer, keyring, snapshot_pk, new_rows, changed_rows, fps, known, progress) -> None:
    progress.step("customers", len(new_rows) + len(changed_rows))
    columns = ("customer_id", "full_name", "country", "region", "timezones", "language", "credit_grade", "attributes")
    columns += ("fingerprint", "snapshot_id", "national_id_sealed", "national_id_key", "national_id_digest", "national_id_masked")

    def insert_row(row: dict) -> tuple:
        values = _customer_values(row, keyring, snapshot_pk, fps[row["customer_id"]])
        values["attributes"] = json.dumps(values["attributes"], ensure_ascii=False)
        sealed, digest, masked = national_id_parts(row.get("national_id"), keyring)
        return (
            *(values[c] for c in columns[:10]),
            sealed.blob if sealed else None,
            sealed.key_id if sealed else "",
            digest,
            masked,
        )

    writer.insert_rows(Customer._meta.db_table, columns, (insert_row(r) for r in new_rows))
    ids = {c: pk for c, pk in Customer.objects.filter(snapshot_id=snapshot_pk).values_list("customer_id", "id")}

    plain = columns[1:10]
    updates, reseal = [], []
    for row in changed_rows:
        _fp, pk, old_digest = known[row["customer_id"]]
        values = _customer_values(row, keyring, snapshot_pk, fps[row["customer_id"]])
        values["attributes"] = json.dumps(values["attributes"], ensure_ascii=False)
        updates.append((*(values[c] for c in plain), pk))
        sealed, digest, masked = national_id_parts(row.get("national_id"), keyring)
        if digest != old_digest:
            reseal.append((sealed.blob if sealed else None, sealed.key_id if sealed else "", digest, masked, pk))
        ids[row["customer_id"]] = pk
    writer.update_rows(Customer._meta.db_table, plain, "id", updates)
    writer.update_rows(Customer._meta.db_table, columns[10:], "id", reseal)
    _write_contact_points(
        writer, keyring, snapshot_pk, new_rows + changed_rows, ids, {known[r["customer_id"]][1] for r in changed_rows}
    )


def _write_contact_points(writer, keyring, snapshot_pk, rows, ids, changed_pks) -> None:
    """New customers get all their contact points; changed ones keep the unchanged ones as they are."""
    from arrears.portfolio.models import ContactPoint

    existing: dict[int, dict[tuple[str, str], int]] = {}
    for pk, customer, kind, digest in ContactPoint.objects.filter(customer_id__in=changed_pks, source="snapshot").values_list(
        "id", "customer_id", "kind", "lookup_hash"
    ):
        existing.setdefault(customer, {})[(kind, digest)] = pk
    inserts, stale = [], []
    for row in rows:
        customer_pk = ids[row["customer_id"]]
        zones = ";".join(candidate_zones(row["country"], row.get("timezone")))
        wanted = contact_values(row, keyring)
        have = existing.get(customer_pk, {})
        keep = {(c.kind, c.lookup_hash) for c in wanted}
        stale.extend(pk for key, pk in have.items() if key not in keep)
        for contact in wanted:
            if (contact.kind, contact.lookup_hash) in have:
                continue
            sealed = seal_contact(keyring, contact)
            inserts.append(
                (
                    customer_pk,
                    contact.kind,
                    contact.position,
                    sealed.blob,
                    sealed.key_id,
                    contact.lookup_hash,
                    contact.masked,
                    "snapshot",
                    zones,
                    "active",
                )
            )
    writer.delete_where_in(ContactPoint._meta.db_table, "id", stale)
    columns = ("customer_id", "kind", "position", "sealed", "key_id", "lookup_hash", "masked", "source", "timezones", "status")
    writer.insert_rows(ContactPoint._meta.db_table, columns, inserts)


def _write_accounts(writer, snapshot, snapshot_pk, fingerprints, new_ids, changed_ids, known, progress) -> None:
    from arrears.portfolio.models import Installment, Payment

    touched = pa.array(new_ids + changed_ids, pa.string())
    accounts = snapshot.accounts.filter(pc.is_in(snapshot.accounts["account_id"], value_set=touched))
    customer_pk = writer.id_map(Customer._meta.db_table, "customer_id")
    extras = [c for c in accounts.column_names if c not in ACCOUNT_FIELDS]
    principal = decimal_text(accounts["principal_minor"], accounts["currency"]).to_pylist()
    opened = iso_dates(accounts["opened_on"]).to_pylist()
    rows = accounts.to_pylist()
    columns = ("account_id", "customer_id", "product", "currency", "principal", "opened_on", "annual_rate", "attributes")
    columns += ("fingerprint", "snapshot_id")

    def values(i: int, row: dict) -> tuple:
        attrs = json.dumps({k: row[k] for k in extras if row[k] is not None}, ensure_ascii=False)
        aid = row["account_id"]
        return (
            aid,
            customer_pk[row["customer_id"]],
            row["product"],
            row["currency"],
            principal[i],
            opened[i],
            row["annual_rate"],
            attrs,
            fingerprints[aid],
            snapshot_pk,
        )

    progress.step("accounts", accounts.num_rows)
    changed = set(changed_ids)
    table = Account._meta.db_table
    writer.insert_rows(table, columns, (values(i, r) for i, r in enumerate(rows) if r["account_id"] not in changed))
    update_rows = [(*values(i, r)[1:], known[r["account_id"]][1]) for i, r in enumerate(rows) if r["account_id"] in changed]
    writer.update_rows(table, columns[1:], "id", update_rows)
    changed_pks = [known[a][1] for a in changed_ids]
    writer.delete_where_in(Installment._meta.db_table, "account_id", changed_pks)
    writer.delete_where_in(Payment._meta.db_table, "account_id", changed_pks)

    pk_of = {a: pk for a, pk in Account.objects.filter(snapshot_id=snapshot_pk).values_list("account_id", "id")}
    keys = pa.array(list(pk_of), pa.string())
    pks = pa.array(list(pk_of.values()), pa.int64())

    def owned(table: pa.Table) -> tuple[pa.Table, pa.Array, pa.Array]:
        mine = table.filter(pc.is_in(table["account_id"], value_set=keys))
        where = pc.index_in(mine["account_id"], value_set=keys)
        currency = accounts["currency"].take(pc.index_in(mine["account_id"], value_set=accounts["account_id"].combine_chunks()))
        return mine, pks.take(where), currency

    inst, inst_pk, inst_currency = owned(snapshot.installments)
    progress.step("installments", inst.num_rows)
    writer.insert_arrow(
        Installment._meta.db_table,
        pa.table(
            {
                "account_id": inst_pk,
                "seq": inst["seq"],
                "due_date": iso_dates(inst["due_date"]),
                **{
                    f"{c}_due": decimal_text(inst[f"{c}_minor"], inst_currency)
                    for c in ("principal", "interest", "fee", "penalty")
                },
            }
        ),
    )
    pay, pay_pk, pay_currency = owned(snapshot.payments)
    progress.step("payments", pay.num_rows)
    writer.insert_arrow(
        Payment._meta.db_table,
        pa.table(
            {
                "account_id": pay_pk,
                "payment_id": pay["payment_id"],
                "paid_on": iso_dates(pay["paid_on"]),
                "amount": decimal_text(pay["amount_minor"], pay_currency),
                "reverses": pc.fill_null(pay["reverses"], ""),
            }
        ),
    )


def _write_reject_file(path: Path, problems: list[Problem], rejected: frozenset[str]) -> None:
    """One line per problem of every rejected account: ``account_id, file, line, column, message``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    listed: set[str] = set()
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["account_id", "file", "line", "column", "message"])
        for p in problems:
            for account in p.account_ids or ("",):
                out.writerow([account, p.file, p.line, p.column, p.message])
                listed.add(account)
        for account in sorted(rejected - listed):
            out.writerow([account, "", "", "", "rejected with its customer or a related account"])
    os.replace(tmp, path)
