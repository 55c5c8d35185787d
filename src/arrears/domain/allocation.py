"""The payment waterfall: which part of which installment a payment pays.

The order is data, read by one function. Every amount due is a *slot* (one component of
one installment); the order sorts the slots and the money received fills them in that
order, exactly, until it runs out; what is left after the last slot is a credit balance.

- ``vertical`` (the default): installment by installment (by due date, then seq), and
  within one installment component by component, by default penalty, fee, interest,
  principal.
- ``horizontal``: across the installments already due (due date on or before ``as_of``)
  all penalties first, then all fees, and so on; installments not yet due come after,
  vertically. A future installment is never paid before a due one.

>>> cny = lambda s: Money.of(s, "CNY")
>>> inst = [Installment(1, date(2026, 1, 1), Components.of("CNY", principal="100", interest="10"))]
>>> result = allocate(inst, cny("50"), AllocationOrder(), as_of=date(2026, 2, 1))
>>> result.lines[0].paid.interest.format(), result.lines[0].paid.principal.format()
('10.00', '40.00')
>>> result.credit_balance.format()
'0.00'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from arrears.domain.errors import DomainError
from arrears.domain.money import Money

COMPONENTS: tuple[str, ...] = ("penalty", "fee", "interest", "principal")
MODES = ("vertical", "horizontal")


@dataclass(frozen=True, slots=True)
class Components:
    """Amounts by component of one installment (due, paid or unpaid)."""

    principal: Money
    interest: Money
    fee: Money
    penalty: Money

    @classmethod
    def of(cls, currency: str, **amounts: str) -> Components:
        unknown = set(amounts) - set(COMPONENTS)
        if unknown:
            raise DomainError("allocation.unknown_component", f"unknown component(s): {', '.join(sorted(unknown))}")
        return cls(**{c: Money.of(amounts.get(c, "0"), currency) for c in COMPONENTS})

    @classmethod
    def zero(cls, currency: str) -> Components:
        return cls.of(currency)

    def get(self, component: str) -> Money:
        return getattr(self, component)

    def replace(self, component: str, value: Money) -> Components:
        values = {c: self.get(c) for c in COMPONENTS}
        values[component] = value
        return Components(**values)

    @property
    def total(self) -> Money:
        return self.principal + self.interest + self.fee + self.penalty

    def __add__(self, other: Components) -> Components:
        return Components(**{c: self.get(c) + other.get(c) for c in COMPONENTS})

    def __sub__(self, other: Components) -> Components:
        return Components(**{c: self.get(c) - other.get(c) for c in COMPONENTS})


@dataclass(frozen=True, slots=True)
class Installment:
    """One scheduled installment of an account."""

    seq: int
    due_date: date
    due: Components


@dataclass(frozen=True, slots=True)
class AllocationOrder:
    """Component order and mode of the waterfall; validated on construction."""

    components: tuple[str, ...] = COMPONENTS
    mode: str = "vertical"

    def __post_init__(self) -> None:
        if sorted(self.components) != sorted(COMPONENTS) or len(self.components) != len(COMPONENTS):
            raise DomainError(
                "allocation.bad_order",
                f"the order must name each of {', '.join(COMPONENTS)} exactly once, got {', '.join(self.components)}",
            )
        if self.mode not in MODES:
            raise DomainError("allocation.bad_mode", f"allocation mode must be one of {', '.join(MODES)}, not {self.mode!r}")

    def rank(self, component: str) -> int:
        return self.components.index(component)

    def slot_key(self, due_date: date, seq: int, component: str, as_of: date) -> tuple[int, int, int, int]:
        """Sort key of one slot. The engine computes the same four integers as columns."""
        r, d = self.rank(component), due_date.toordinal()
        if self.mode == "horizontal" and due_date <= as_of:
            return (0, r, d, seq)
        if self.mode == "horizontal":
            return (1, d, seq, r)
        return (0, d, seq, r)


@dataclass(frozen=True, slots=True)
class AllocationLine:
    installment: Installment
    paid: Components

    @property
    def unpaid(self) -> Components:
        return self.installment.due - self.paid


@dataclass(frozen=True, slots=True)
class Allocation:
    lines: tuple[AllocationLine, ...]
    credit_balance: Money


def allocate(installments: Sequence[Installment], received: Money, order: AllocationOrder, as_of: date) -> Allocation:
    """Apply ``received`` (the total of counted payments) to ``installments`` in ``order``."""
    currency = received.currency
    if received.amount < 0:
        raise DomainError("allocation.negative", f"cannot allocate a negative amount ({received})")
    slots = sorted(
        ((order.slot_key(i.due_date, i.seq, c, as_of), idx, c) for idx, i in enumerate(installments) for c in COMPONENTS),
    )
    paid = [Components.zero(currency) for _ in installments]
    left = received
    for _, idx, component in slots:
        due = installments[idx].due.get(component)
        if due.currency != currency:
            raise DomainError("money.currency_mismatch", f"installment {installments[idx].seq} is not in {currency}")
        take = left.min(due)
        if take:
            paid[idx] = paid[idx].replace(component, take)
            left = left - take
    lines = tuple(AllocationLine(i, p) for i, p in zip(installments, paid, strict=True))
    return Allocation(lines, left)


def total_due(installments: Iterable[Installment], currency: str) -> Money:
    total = Money.zero(currency)
    for i in installments:
        total = total + i.due.total
    return total
