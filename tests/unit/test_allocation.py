"""The waterfall fills slots in the configured order and never creates or loses a cent."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arrears.domain.allocation import COMPONENTS, AllocationOrder, Components, Installment, allocate, total_due
from arrears.domain.errors import DomainError
from arrears.domain.money import Money
from tests.support.strategies import as_of_dates, installments

AS_OF = date(2026, 12, 1)


def inst(seq, due, **amounts):
    return Installment(seq, due, Components.of("CNY", **amounts))


SCHEDULE = (
    inst(1, date(2026, 10, 1), principal="100", interest="10", fee="5", penalty="2"),
    inst(2, date(2026, 11, 1), principal="100", interest="10", fee="5", penalty="2"),
    inst(3, date(2027, 1, 1), principal="100", interest="10"),
)


def paid(result, seq):
    return {c: result.lines[seq - 1].paid.get(c).format() for c in COMPONENTS}


def test_vertical_order_pays_installment_by_installment_penalty_first():
    result = allocate(SCHEDULE, Money.of("130", "CNY"), AllocationOrder(), AS_OF)
    assert paid(result, 1) == {"penalty": "2.00", "fee": "5.00", "interest": "10.00", "principal": "100.00"}
    assert paid(result, 2) == {"penalty": "2.00", "fee": "5.00", "interest": "6.00", "principal": "0.00"}
    assert result.credit_balance.format() == "0.00"


def test_component_order_is_configurable():
    result = allocate(SCHEDULE, Money.of("105", "CNY"), AllocationOrder(("principal", "interest", "fee", "penalty")), AS_OF)
    assert paid(result, 1) == {"penalty": "0.00", "fee": "0.00", "interest": "5.00", "principal": "100.00"}


def test_horizontal_order_pays_every_due_penalty_then_fees_first():
    result = allocate(SCHEDULE, Money.of("14", "CNY"), AllocationOrder(mode="horizontal"), AS_OF)
    assert paid(result, 1)["penalty"] == "2.00" and paid(result, 2)["penalty"] == "2.00"
    assert paid(result, 1)["fee"] == "5.00" and paid(result, 2)["fee"] == "5.00"
    assert paid(result, 1)["interest"] == "0.00"


def test_horizontal_order_never_pays_a_future_installment_before_a_due_one():
    result = allocate(SCHEDULE, Money.of("240", "CNY"), AllocationOrder(mode="horizontal"), AS_OF)
    assert result.lines[1].unpaid.total.format() == "0.00"
    assert paid(result, 3) == {"penalty": "0.00", "fee": "0.00", "interest": "6.00", "principal": "0.00"}


def test_money_left_after_every_installment_is_a_credit_balance():
    result = allocate(SCHEDULE, Money.of("500", "CNY"), AllocationOrder(), AS_OF)
    assert result.credit_balance.format() == "156.00"


@pytest.mark.parametrize(("components", "mode"), [(("penalty", "fee", "interest"), "vertical"), (COMPONENTS, "diagonal")])
def test_invalid_orders_cannot_be_built(components, mode):
    with pytest.raises(DomainError):
        AllocationOrder(components, mode)


@given(
    schedule=installments("USD"),
    received=st.integers(min_value=0, max_value=400_000),
    as_of=as_of_dates(),
    order=st.builds(AllocationOrder, st.permutations(COMPONENTS).map(tuple), st.sampled_from(["vertical", "horizontal"])),
)
def test_allocation_never_creates_or_loses_a_cent(schedule, received, as_of, order):
    money = Money.from_minor(received, "USD")
    result = allocate(schedule, money, order, as_of)
    allocated = sum((line.paid.total.minor for line in result.lines), 0)
    assert allocated + result.credit_balance.minor == received
    for line in result.lines:
        for c in COMPONENTS:
            assert 0 <= line.paid.get(c).minor <= line.installment.due.get(c).minor
    if result.credit_balance.minor:
        assert allocated == total_due(schedule, "USD").minor
