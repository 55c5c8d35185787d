"""Rows in the portfolio store for tests: a snapshot, customers with sealed identifiers, accounts.

Identifiers are sealed with a fixed test keyring, exactly as the import seals them, so a
page test can prove that the clear value is absent from the HTML while the masked one is
there. Positions are computed with the pure domain from the stored schedule and payments,
so they always agree with what the account page recomputes.

``worked_portfolio`` stores accounts of the hand-checked example of ``docs/semantics.md``
(business date 2026-11-30), with the figures in the table there.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from arrears.console.ledger import to_installment, to_payment
from arrears.domain.delinquency import ClassificationPolicy, classify_account
from arrears.portfolio import models
from arrears.protection.keyring import Keyring
from arrears.protection.masking import mask_address, mask_email, mask_national_id, mask_phone

TEST_KEYRING = Keyring({"t1": bytes(32)}, "t1", bytes(32))
AS_OF = date(2026, 11, 30)

#: Clear identifiers of the worked portfolio's first customer; pages must never show them.
CLEAR_PHONE = "+8613812345678"
CLEAR_EMAIL = "zhang.wei@example.com"
CLEAR_NATIONAL_ID = "110101199003071234"
CLEAR_ADDRESS = "广东省深圳市南山区科技园路 88 号"


def snapshot(snapshot_id: str = "worked-2026-12-02", source: str = "examples/worked") -> models.Snapshot:
    return models.Snapshot.objects.create(
        snapshot_id=snapshot_id,
        source=source,
        extracted_at=timezone.make_aware(datetime(2026, 12, 2, 18, 0)),
        loaded_at=timezone.make_aware(datetime(2026, 12, 3, 7, 30)),
    )


def customer(
    snap: models.Snapshot,
    customer_id: str,
    full_name: str,
    *,
    national_id: str = "",
    phones: tuple[str, ...] = (),
    emails: tuple[str, ...] = (),
    addresses: tuple[str, ...] = (),
    country: str = "CN",
    region: str = "",
    timezones: str = "Asia/Shanghai",
    language: str = "zh-CN",
    credit_grade: str = "",
    ring: Keyring = TEST_KEYRING,
) -> models.Customer:
    """A customer whose national id and contact points are sealed, digested and masked."""
    sealed = ring.seal(national_id, "customer.national_id") if national_id else None
    c = models.Customer.objects.create(
        customer_id=customer_id,
        full_name=full_name,
        national_id_sealed=sealed.blob if sealed else None,
        national_id_key=sealed.key_id if sealed else "",
        national_id_digest=ring.lookup_hash("national_id", national_id) if national_id else "",
        national_id_masked=mask_national_id(national_id) if national_id else "",
        country=country,
        region=region,
        timezones=timezones,
        language=language,
        credit_grade=credit_grade,
        fingerprint=f"test-{customer_id}",
        snapshot=snap,
    )
    kinds = (
        (models.ContactPoint.Kind.PHONE, phones, mask_phone),
        (models.ContactPoint.Kind.EMAIL, emails, mask_email),
        (models.ContactPoint.Kind.ADDRESS, addresses, mask_address),
    )
    for kind, values, mask in kinds:
        for position, value in enumerate(values):
            s = ring.seal(value, f"contact_point.{kind}")
            models.ContactPoint.objects.create(
                customer=c,
                kind=kind,
                position=position,
                sealed=s.blob,
                key_id=s.key_id,
                lookup_hash=ring.lookup_hash(kind, value),
                masked=mask(value),
                timezones=timezones,
            )
    return c


def account(
    cust: models.Customer,
    account_id: str,
    *,
    currency: str = "CNY",
    product: str = "cash_loan",
    principal: str = "1000",
    opened_on: date = date(2026, 1, 15),
    annual_rate: str | None = "0.18",
) -> models.Account:
    return models.Account.objects.create(
        account_id=account_id,
        customer=cust,
        product=product,
        currency=currency,
        principal=Decimal(principal),
        opened_on=opened_on,
        annual_rate=Decimal(annual_rate) if annual_rate is not None else None,
        fingerprint=f"test-{account_id}",
        snapshot=cust.snapshot,
    )


def installment(
    acct: models.Account, seq: int, due_date: date, principal: str = "0", interest: str = "0", fee: str = "0", penalty: str = "0"
) -> models.Installment:
    return models.Installment.objects.create(
        account=acct,
        seq=seq,
        due_date=due_date,
        principal_due=Decimal(principal),
        interest_due=Decimal(interest),
        fee_due=Decimal(fee),
        penalty_due=Decimal(penalty),
    )


def payment(acct: models.Account, payment_id: str, paid_on: date, amount: str, reverses: str = "") -> models.Payment:
    return models.Payment.objects.create(
        account=acct, payment_id=payment_id, paid_on=paid_on, amount=Decimal(amount), reverses=reverses
    )


def classify(acct: models.Account, as_of: date = AS_OF, policy: ClassificationPolicy | None = None) -> models.AccountPosition:
    """Store the account's position on ``as_of``, computed by the domain from its stored rows."""
    cur = acct.currency
    schedule = [to_installment(i, cur) for i in acct.installments.order_by("due_date", "seq")]
    payments = [to_payment(p, cur) for p in acct.payments.all()]
    c = classify_account(acct.account_id, cur, schedule, payments, as_of, policy or ClassificationPolicy())
    position, _ = models.AccountPosition.objects.update_or_create(
        account=acct,
        defaults={
            "as_of": c.as_of,
            "dpd": c.dpd,
            "delinquent_days": c.delinquent_days,
            "bucket": c.bucket,
            "overdue_principal": c.overdue.principal.amount,
            "overdue_interest": c.overdue.interest.amount,
            "overdue_fee": c.overdue.fee.amount,
            "overdue_penalty": c.overdue.penalty.amount,
            "overdue_total": c.overdue_total.amount,
            "outstanding_total": c.outstanding_total.amount,
            "credit_balance": c.credit_balance.amount,
            "oldest_overdue_due_date": c.oldest_overdue_due_date,
            "amount_band": c.amount_band,
        },
    )
    return position


def worked_portfolio(as_of: date = AS_OF) -> dict[str, models.Account]:
    """Seven accounts of the worked example, classified on ``as_of``; keyed by account id.

    | account | currency | product | by hand (docs/semantics.md) |
    |---|---|---|---|
    | W02 | CNY | cash_loan | DPD 46, M2, overdue 170.00, outstanding 280.00 |
    | W04 | CNY | cash_loan | paid the day after the business date: DPD 29, M1, 520.00 |
    | W05 | USD | credit_card | paid then reversed: DPD 91, M4, 300.00 |
    | W06 | USD | credit_card | reversal dated after the business date: M0 |
    | W07 | CNY | consumer_loan | overpaid: M0, credit balance 50.55 |
    | W08 | CNY | credit_card | DPD 153, M6, overdue 103.00 (interest 3, principal 100) |
    | W09 | JPY | cash_loan | DPD 1005, M6+, 31,000 |
    """
    snap = snapshot()
    zhang = customer(
        snap,
        "C001",
        "张伟",
        national_id=CLEAR_NATIONAL_ID,
        phones=(CLEAR_PHONE, "+8613900001111"),
        emails=(CLEAR_EMAIL,),
        addresses=(CLEAR_ADDRESS,),
        region="44",
        credit_grade="B",
    )
    li = customer(snap, "C002", "李娜", national_id="440301198511230021", phones=("+8613700002222",), credit_grade="C")
    smith = customer(
        snap, "C003", "John Smith", phones=("+12025550123",), country="US", timezones="America/New_York", language="en-US"
    )
    tanaka = customer(snap, "C004", "Tanaka Hiroshi", country="JP", timezones="Asia/Tokyo", language="ja-JP")
    out: dict[str, models.Account] = {}

    w02 = out["W02"] = account(zhang, "W02", principal="400")
    for seq, due in enumerate((date(2026, 9, 15), date(2026, 10, 15), date(2026, 11, 15), date(2026, 12, 15)), start=1):
        installment(w02, seq, due, principal="100", interest="10")
    payment(w02, "P0201", date(2026, 9, 15), "110")
    payment(w02, "P0202", date(2026, 10, 20), "50")

    w04 = out["W04"] = account(li, "W04", principal="500")
    installment(w04, 1, date(2026, 11, 1), principal="500", fee="20")
    payment(w04, "P0401", date(2026, 12, 1), "520")

    w05 = out["W05"] = account(smith, "W05", currency="USD", product="credit_card", principal="300")
    installment(w05, 1, date(2026, 8, 31), principal="300")
    payment(w05, "P0501", date(2026, 8, 31), "300")
    payment(w05, "P0502", date(2026, 9, 3), "300", reverses="P0501")

    w06 = out["W06"] = account(smith, "W06", currency="USD", product="credit_card", principal="300")
    installment(w06, 1, date(2026, 10, 31), principal="300")
    payment(w06, "P0601", date(2026, 10, 31), "300")
    payment(w06, "P0602", date(2026, 12, 2), "300", reverses="P0601")

    w07 = out["W07"] = account(li, "W07", product="consumer_loan", principal="200")
    installment(w07, 1, date(2026, 10, 10), principal="200")
    payment(w07, "P0701", date(2026, 10, 10), "250.55")

    w08 = out["W08"] = account(zhang, "W08", product="credit_card", principal="200")
    installment(w08, 1, date(2026, 6, 30), principal="100", penalty="5")
    installment(w08, 2, date(2026, 6, 30), principal="100", interest="8")
    payment(w08, "P0801", date(2026, 7, 5), "110")

    w09 = out["W09"] = account(tanaka, "W09", currency="JPY", principal="50000", annual_rate=None)
    installment(w09, 1, date(2024, 2, 29), principal="50000", fee="1000")
    payment(w09, "P0901", date(2024, 3, 10), "20000")

    for acct in out.values():
        classify(acct, as_of)
    return out


def many_accounts(n: int, *, prefix: str = "BULK", currency: str = "CNY", product: str = "cash_loan") -> list[models.Account]:
    """``n`` accounts of one customer with one overdue installment each (DPD = 1..n), in bulk."""
    snap = snapshot(snapshot_id=f"{prefix}-snapshot")
    cust = customer(snap, f"{prefix}-C", f"{prefix} Debtor")
    accounts = models.Account.objects.bulk_create(
        models.Account(
            account_id=f"{prefix}{i:05d}",
            customer=cust,
            product=product,
            currency=currency,
            principal=Decimal(100),
            opened_on=date(2026, 1, 1),
            fingerprint="bulk",
            snapshot=snap,
        )
        for i in range(1, n + 1)
    )
    accounts = list(models.Account.objects.filter(account_id__startswith=prefix).order_by("account_id"))
    models.AccountPosition.objects.bulk_create(
        models.AccountPosition(
            account=a,
            as_of=AS_OF,
            dpd=i,
            delinquent_days=i,
            bucket=ClassificationPolicy().buckets.bucket_for(i),
            overdue_principal=Decimal(100),
            overdue_interest=Decimal(0),
            overdue_fee=Decimal(0),
            overdue_penalty=Decimal(0),
            overdue_total=Decimal(100),
            outstanding_total=Decimal(100),
            credit_balance=Decimal(0),
            oldest_overdue_due_date=date.fromordinal(AS_OF.toordinal() - i),
            amount_band="all",
        )
        for i, a in enumerate(accounts, start=1)
    )
    return accounts


def demo_portfolio(accounts: int = 150, *, seed: int = 7, locale: str = "zh_CN", as_of: date = AS_OF, workdir=None) -> int:
    """A realistic book from the demo generator, sealed and classified like an import would.

    For screenshots and browser tests: names, products and payment histories that look like
    a lender's, in every bucket. Returns the number of accounts stored.
    """
    import tempfile
    from pathlib import Path

    from arrears.demo.generator import generate
    from arrears.domain.currency import minor_unit
    from arrears.snapshot import read_snapshot

    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        folder = Path(tmp) / "snapshot"
        generate(folder, accounts, seed, locale, as_of)
        snap_tables = read_snapshot(folder)
    snap = snapshot(snapshot_id=f"demo-{locale}-{seed}", source="var/demo/snapshot")

    def split(value: str | None) -> tuple[str, ...]:
        return tuple(v.strip() for v in (value or "").split(";") if v.strip())

    customers = {
        row["customer_id"]: customer(
            snap,
            row["customer_id"],
            row["full_name"],
            national_id=row["national_id"] or "",
            phones=split(row["phones"]),
            emails=split(row["emails"]),
            addresses=split(row["address"]),
            country=row["country"],
            region=row["region"] or "",
            timezones=row["timezone"] or "",
            language=row["language"] or "",
            credit_grade=row["credit_grade"] or "",
        )
        for row in snap_tables.customers.to_pylist()
    }

    def money_of(minor: int, currency: str) -> Decimal:
        return Decimal(minor).scaleb(-minor_unit(currency))

    stored: dict[str, models.Account] = {}
    for row in snap_tables.accounts.to_pylist():
        stored[row["account_id"]] = account(
            customers[row["customer_id"]],
            row["account_id"],
            currency=row["currency"],
            product=row["product"],
            principal=str(money_of(row["principal_minor"], row["currency"])),
            opened_on=row["opened_on"],
            annual_rate=row["annual_rate"],
        )
    models.Installment.objects.bulk_create(
        models.Installment(
            account=stored[r["account_id"]],
            seq=r["seq"],
            due_date=r["due_date"],
            **{
                f"{c}_due": money_of(r[f"{c}_minor"], stored[r["account_id"]].currency)
                for c in ("principal", "interest", "fee", "penalty")
            },
        )
        for r in snap_tables.installments.to_pylist()
    )
    models.Payment.objects.bulk_create(
        models.Payment(
            account=stored[r["account_id"]],
            payment_id=r["payment_id"],
            paid_on=r["paid_on"],
            amount=money_of(r["amount_minor"], stored[r["account_id"]].currency),
            reverses=r["reverses"] or "",
        )
        for r in snap_tables.payments.to_pylist()
    )
    for acct in stored.values():
        classify(acct, as_of)
    return len(stored)
