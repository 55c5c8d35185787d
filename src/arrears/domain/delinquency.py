"""Days past due and the classification of one account on a business date.

This module is the executable statement of ``docs/semantics.md`` (the reference's
sections 2 and 3): which payments count on ``as_of``, how they are allocated, what is
overdue, when a small residual is tolerated, DPD, delinquent days, bucket and amount band.

>>> cny = "CNY"
>>> schedule = [Installment(1, date(2026, 11, 1), Components.of(cny, principal="100"))]
>>> c = classify_account("A1", cny, schedule, [], as_of=date(2026, 11, 2), policy=ClassificationPolicy())
>>> c.dpd, c.bucket, c.overdue_total.format()
(1, 'M1', '100.00')
>>> paid = [Payment("P1", date(2026, 11, 2), Money.of("100", cny))]
>>> classify_account("A1", cny, schedule, paid, as_of=date(2026, 11, 2), policy=ClassificationPolicy()).dpd
0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from arrears.domain.aging import DEFAULT_BUCKETS, BucketTable
from arrears.domain.allocation import AllocationOrder, Components, Installment, allocate
from arrears.domain.amount_bands import AmountBandPolicy
from arrears.domain.errors import DomainError
from arrears.domain.money import Money


@dataclass(frozen=True, slots=True)
class Payment:
    """Money received (``paid_on``), or a reversal of an earlier payment when ``reverses`` is set."""

    payment_id: str
    paid_on: date
    amount: Money
    reverses: str | None = None


@dataclass(frozen=True, slots=True)
class ClassificationPolicy:
    """The lender's settings for classification, with the reference defaults."""

    buckets: BucketTable = DEFAULT_BUCKETS
    allocation: AllocationOrder = field(default_factory=AllocationOrder)
    tolerance_minor: Mapping[str, int] = field(default_factory=dict)
    grace_days: int = 0
    amount_bands: AmountBandPolicy = field(default_factory=AmountBandPolicy)

    def __post_init__(self) -> None:
        if isinstance(self.grace_days, bool) or not isinstance(self.grace_days, int) or self.grace_days < 0:
            raise DomainError("policy.bad_grace_days", f"grace days must be a whole number >= 0, not {self.grace_days!r}")
        for currency, tol in self.tolerance_minor.items():
            Money.zero(currency)  # currency.unknown
            if isinstance(tol, bool) or not isinstance(tol, int) or tol < 0:
                raise DomainError("policy.bad_tolerance", f"tolerance for {currency} must be whole minor units >= 0, not {tol!r}")

    def tolerance(self, currency: str) -> Money:
        return Money.from_minor(self.tolerance_minor.get(currency, 0), currency)


@dataclass(frozen=True, slots=True)
class AccountClassification:
    """One output row of the classification (reference section 2)."""

    account_id: str
    as_of: date
    dpd: int
    delinquent_days: int
    bucket: str
    overdue: Components
    outstanding_total: Money
    credit_balance: Money
    oldest_overdue_due_date: date | None
    amount_band: str
    credit_grade: str | None
    currency: str

    @property
    def overdue_total(self) -> Money:
        return self.overdue.total

    def as_row(self) -> dict[str, str]:
        """The row as text, exactly as the CSV output writes it."""
        return {
            "account_id": self.account_id,
            "as_of": self.as_of.isoformat(),
            "dpd": str(self.dpd),
            "delinquent_days": str(self.delinquent_days),
            "bucket": self.bucket,
            **{f"overdue_{c}": self.overdue.get(c).format() for c in ("principal", "interest", "fee", "penalty")},
            "overdue_total": self.overdue_total.format(),
            "outstanding_total": self.outstanding_total.format(),
            "credit_balance": self.credit_balance.format(),
            "oldest_overdue_due_date": self.oldest_overdue_due_date.isoformat() if self.oldest_overdue_due_date else "",
            "amount_band": self.amount_band,
            "credit_grade": self.credit_grade or "",
            "currency": self.currency,
        }


def counted_payments(payments: Iterable[Payment], as_of: date) -> list[Payment]:
    """Payments that count on ``as_of``: received by then and not reversed by then."""
    payments = list(payments)
    reversed_ids = {p.reverses for p in payments if p.reverses is not None and p.paid_on <= as_of}
    return [p for p in payments if p.reverses is None and p.paid_on <= as_of and p.payment_id not in reversed_ids]


def classify_account(
    account_id: str,
    currency: str,
    installments: Sequence[Installment],
    payments: Iterable[Payment],
    as_of: date,
    policy: ClassificationPolicy,
    credit_grade: str | None = None,
) -> AccountClassification:
    """Classify one account as of the business date ``as_of``."""
    received = Money.zero(currency)
    for p in counted_payments(payments, as_of):
        received = received + p.amount
    allocation = allocate(installments, received, policy.allocation, as_of)

    overdue = Components.zero(currency)
    outstanding = Money.zero(currency)
    oldest: date | None = None
    for line in allocation.lines:
        unpaid = line.unpaid
        outstanding = outstanding + unpaid.total
        if line.installment.due_date < as_of and unpaid.total:
            overdue = overdue + unpaid
            due = line.installment.due_date
            oldest = due if oldest is None or due < oldest else oldest

    delinquent = oldest is not None and overdue.total > policy.tolerance(currency)
    dpd = (as_of - oldest).days if delinquent and oldest is not None else 0
    delinquent_days = max(0, dpd - policy.grace_days)
    return AccountClassification(
        account_id=account_id,
        as_of=as_of,
        dpd=dpd,
        delinquent_days=delinquent_days,
        bucket=policy.buckets.bucket_for(delinquent_days),
        overdue=overdue,
        outstanding_total=outstanding,
        credit_balance=allocation.credit_balance,
        oldest_overdue_due_date=oldest if delinquent else None,
        amount_band=policy.amount_bands.band_for(overdue.total),
        credit_grade=credit_grade,
        currency=currency,
    )


OUTPUT_COLUMNS: tuple[str, ...] = (
    "account_id",
    "as_of",
    "dpd",
    "delinquent_days",
    "bucket",
    *(f"overdue_{c}" for c in ("principal", "interest", "fee", "penalty")),
    "overdue_total",
    "outstanding_total",
    "credit_balance",
    "oldest_overdue_due_date",
    "amount_band",
    "credit_grade",
    "currency",
)
AMOUNT_COLUMNS = tuple(c for c in OUTPUT_COLUMNS if c.startswith(("overdue_", "outstanding_", "credit_balance")))
