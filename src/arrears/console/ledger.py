"""An account's payments and their allocation, recomputed with the pure domain for display.

The stored position says *what* an account owes; a collector on the phone must also say
*why*: which payment paid which part of which installment, and which payments did not
count. This module turns the stored rows into domain values and runs the same rules the
classification runs (``counted_payments`` then ``allocate`` with the default allocation
order), so the page explains the position with the very code that produced it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from arrears.domain.allocation import Allocation, AllocationLine, AllocationOrder, Components, Installment, allocate
from arrears.domain.delinquency import ClassificationPolicy, Payment, counted_payments
from arrears.domain.money import Money
from arrears.portfolio import models


@dataclass(frozen=True)
class PaymentLine:
    """One stored payment and what the business date makes of it."""

    payment_id: str
    paid_on: date
    amount: Decimal
    reverses: str
    reversed_by: str
    reversed_on: date | None
    counted: bool
    reason: str  # "" when counted; else "reversal", "after_as_of" or "reversed"

    @property
    def is_reversal(self) -> bool:
        return bool(self.reverses)


@dataclass(frozen=True)
class ScheduleRow:
    """One installment: due, paid and unpaid by component, and its state on the business date."""

    seq: int
    due_date: date
    due: Components
    paid: Components
    unpaid: Components
    state: str  # "paid", "overdue" (due before as_of), "due" (due on as_of) or "open"


def schedule_row(line: AllocationLine, as_of: date) -> ScheduleRow:
    inst, unpaid = line.installment, line.unpaid
    if not unpaid.total:
        state = "paid"
    elif inst.due_date < as_of:
        state = "overdue"
    elif inst.due_date == as_of:
        state = "due"
    else:
        state = "open"
    return ScheduleRow(inst.seq, inst.due_date, inst.due, line.paid, unpaid, state)


@dataclass(frozen=True)
class Ledger:
    """What a page needs to explain an account as of ``as_of``."""

    as_of: date
    order: AllocationOrder
    received: Money
    allocation: Allocation
    payments: list[PaymentLine]

    @property
    def rows(self) -> list[ScheduleRow]:
        return [schedule_row(line, self.as_of) for line in self.allocation.lines]

    @property
    def paid(self) -> Components:
        total = Components.zero(self.received.currency)
        for line in self.allocation.lines:
            total = total + line.paid
        return total

    @property
    def due(self) -> Components:
        total = Components.zero(self.received.currency)
        for line in self.allocation.lines:
            total = total + line.installment.due
        return total

    @property
    def unpaid(self) -> Components:
        return self.due - self.paid


def to_installment(row: models.Installment, currency: str) -> Installment:
    """A stored installment as a domain value (amounts exact in the account's currency)."""
    return Installment(
        row.seq,
        row.due_date,
        Components(
            principal=Money.of(row.principal_due, currency),
            interest=Money.of(row.interest_due, currency),
            fee=Money.of(row.fee_due, currency),
            penalty=Money.of(row.penalty_due, currency),
        ),
    )


def to_payment(row: models.Payment, currency: str) -> Payment:
    return Payment(row.payment_id, row.paid_on, Money.of(row.amount, currency), row.reverses or None)


def payment_lines(rows: Sequence[models.Payment], currency: str, as_of: date) -> list[PaymentLine]:
    """Every stored payment, flagged: a reversal, received after ``as_of``, or reversed by then."""
    domain = [to_payment(r, currency) for r in rows]
    counted = {p.payment_id for p in counted_payments(domain, as_of)}
    reversal_of = {r.reverses: r for r in rows if r.reverses}
    lines = []
    for r in rows:
        reversal = reversal_of.get(r.payment_id)
        if r.payment_id in counted:
            reason = ""
        elif r.reverses:
            reason = "reversal"
        elif r.paid_on > as_of:
            reason = "after_as_of"
        else:
            reason = "reversed"
        lines.append(
            PaymentLine(
                payment_id=r.payment_id,
                paid_on=r.paid_on,
                amount=r.amount,
                reverses=r.reverses,
                reversed_by=reversal.payment_id if reversal else "",
                reversed_on=reversal.paid_on if reversal else None,
                counted=r.payment_id in counted,
                reason=reason,
            )
        )
    return lines


def ledger(
    installments: Sequence[models.Installment],
    payments: Sequence[models.Payment],
    currency: str,
    as_of: date,
    order: AllocationOrder | None = None,
) -> Ledger:
    """Allocate the payments that count on ``as_of`` to the schedule (default order: the policy's)."""
    order = order or ClassificationPolicy().allocation
    schedule = [to_installment(i, currency) for i in installments]
    received = Money.zero(currency)
    for p in counted_payments((to_payment(p, currency) for p in payments), as_of):
        received = received + p.amount
    return Ledger(
        as_of=as_of,
        order=order,
        received=received,
        allocation=allocate(schedule, received, order, as_of),
        payments=payment_lines(payments, currency, as_of),
    )
