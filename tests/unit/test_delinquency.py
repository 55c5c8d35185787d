"""Days past due, tolerance, grace and buckets as the reference defines them."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arrears.domain.aging import BucketTable
from arrears.domain.allocation import Components, Installment
from arrears.domain.delinquency import ClassificationPolicy, Payment, classify_account, counted_payments
from arrears.domain.errors import DomainError
from arrears.domain.money import Money
from tests.support.strategies import accounts, policies

POLICY = ClassificationPolicy()


def inst(seq, due, principal="100", **others):
    return Installment(seq, due, Components.of("CNY", principal=principal, **others))


def pay(pid, on, amount, reverses=None):
    return Payment(pid, on, Money.of(amount, "CNY"), reverses)


def classify(schedule, payments=(), as_of=date(2026, 11, 2), policy=POLICY):
    return classify_account("A1", "CNY", schedule, payments, as_of, policy, "B")


# Each row: what happened, as_of, expected (dpd, bucket, overdue_total, oldest overdue due date).
CASES = [
    ("unpaid, one day after due", [inst(1, date(2026, 11, 1))], [], date(2026, 11, 2), (1, "M1", "100.00", date(2026, 11, 1))),
    ("due on as_of is not overdue", [inst(1, date(2026, 11, 2))], [], date(2026, 11, 2), (0, "M0", "0.00", None)),
    (
        "paid on as_of counts",
        [inst(1, date(2026, 11, 1))],
        [pay("P", date(2026, 11, 2), "100")],
        date(2026, 11, 2),
        (0, "M0", "0.00", None),
    ),
    (
        "paid after as_of does not count yet",
        [inst(1, date(2026, 11, 1))],
        [pay("P", date(2026, 11, 3), "100")],
        date(2026, 11, 2),
        (1, "M1", "100.00", date(2026, 11, 1)),
    ),
    (
        "partial payment leaves the oldest installment overdue",
        [inst(1, date(2026, 9, 1)), inst(2, date(2026, 10, 1))],
        [pay("P", date(2026, 9, 5), "150")],
        date(2026, 11, 2),
        (32, "M2", "50.00", date(2026, 10, 1)),
    ),
    (
        "reversal before as_of cancels the payment",
        [inst(1, date(2026, 10, 1))],
        [pay("P", date(2026, 10, 1), "100"), pay("R", date(2026, 10, 3), "100", "P")],
        date(2026, 11, 2),
        (32, "M2", "100.00", date(2026, 10, 1)),
    ),
    (
        "reversal after as_of does not cancel yet",
        [inst(1, date(2026, 10, 1))],
        [pay("P", date(2026, 10, 1), "100"), pay("R", date(2026, 11, 3), "100", "P")],
        date(2026, 11, 2),
        (0, "M0", "0.00", None),
    ),
    (
        "two installments on one date",
        [inst(1, date(2026, 8, 1)), inst(2, date(2026, 8, 1))],
        [pay("P", date(2026, 8, 1), "150")],
        date(2026, 11, 2),
        (93, "M4", "50.00", date(2026, 8, 1)),
    ),
    ("leap day", [inst(1, date(2028, 2, 29))], [], date(2028, 3, 1), (1, "M1", "100.00", date(2028, 2, 29))),
    ("long delinquent", [inst(1, date(2025, 1, 1))], [], date(2026, 11, 2), (670, "M6+", "100.00", date(2025, 1, 1))),
]


@pytest.mark.parametrize(("story", "schedule", "payments", "as_of", "expected"), CASES, ids=[c[0] for c in CASES])
def test_reference_cases(story, schedule, payments, as_of, expected):
    c = classify(schedule, payments, as_of)
    assert (c.dpd, c.bucket, c.overdue_total.format(), c.oldest_overdue_due_date) == expected


def test_a_residual_within_tolerance_is_not_delinquent_but_still_shown():
    policy = ClassificationPolicy(tolerance_minor={"CNY": 100})
    c = classify([inst(1, date(2026, 10, 1))], [pay("P", date(2026, 10, 1), "99")], policy=policy)
    assert (c.dpd, c.bucket, c.oldest_overdue_due_date) == (0, "M0", None)
    assert c.overdue.principal.format() == "1.00"
    c2 = classify([inst(1, date(2026, 10, 1))], [pay("P", date(2026, 10, 1), "98.99")], policy=policy)
    assert c2.dpd == 32


def test_grace_days_shift_the_bucket_but_not_the_dpd():
    c = classify([inst(1, date(2026, 10, 1))], as_of=date(2026, 10, 31), policy=ClassificationPolicy(grace_days=5))
    assert (c.dpd, c.delinquent_days, c.bucket) == (30, 25, "M1")
    c = classify([inst(1, date(2026, 10, 1))], as_of=date(2026, 10, 4), policy=ClassificationPolicy(grace_days=5))
    assert (c.dpd, c.delinquent_days, c.bucket) == (3, 0, "M0")


def test_custom_bucket_table_is_read_on_delinquent_days():
    table = BucketTable.from_bounds([("current", 0, 0), ("1-29", 1, 29), ("30+", 30, None)])
    c = classify([inst(1, date(2026, 10, 1))], as_of=date(2026, 10, 31), policy=ClassificationPolicy(buckets=table))
    assert c.bucket == "30+"


def test_overpayment_is_a_credit_balance_and_outstanding_never_negative():
    c = classify([inst(1, date(2026, 10, 1))], [pay("P", date(2026, 10, 1), "130.50")])
    assert (c.credit_balance.format(), c.outstanding_total.format()) == ("30.50", "0.00")


def test_outstanding_includes_installments_not_yet_due():
    c = classify([inst(1, date(2026, 10, 1)), inst(2, date(2026, 12, 1))], [pay("P", date(2026, 10, 1), "40")])
    assert (c.overdue_total.format(), c.outstanding_total.format()) == ("60.00", "160.00")


def test_overdue_is_split_by_component():
    c = classify(
        [inst(1, date(2026, 10, 1), principal="100", interest="10", fee="5", penalty="1")], [pay("P", date(2026, 10, 1), "8")]
    )
    row = c.as_row()
    assert (row["overdue_penalty"], row["overdue_fee"], row["overdue_interest"], row["overdue_principal"]) == (
        "0.00",
        "0.00",
        "8.00",
        "100.00",
    )


def test_counted_payments_exclude_reversals_and_what_they_cancel():
    ps = [pay("P1", date(2026, 1, 1), "5"), pay("P2", date(2026, 1, 2), "6"), pay("R1", date(2026, 1, 3), "5", "P1")]
    assert [p.payment_id for p in counted_payments(ps, date(2026, 1, 3))] == ["P2"]
    assert [p.payment_id for p in counted_payments(ps, date(2026, 1, 2))] == ["P1", "P2"]


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [({"grace_days": -1}, "policy.bad_grace_days"), ({"tolerance_minor": {"CNY": -5}}, "policy.bad_tolerance")],
)
def test_invalid_policies_cannot_be_built(kwargs, code):
    with pytest.raises(DomainError) as e:
        ClassificationPolicy(**kwargs)
    assert e.value.code == code


@given(account=accounts("A1"), policy=policies(), start=st.integers(-5, 200), step=st.integers(0, 120))
def test_dpd_never_decreases_as_as_of_advances_while_nothing_is_paid(account, policy, start, step):
    first = date(2028, 1, 15) + timedelta(days=start)
    later = first + timedelta(days=step)
    settled = [p for p in account.payments if p.paid_on <= first]  # nothing is paid or reversed in between
    before = classify_account("A1", account.currency, account.installments, settled, first, policy)
    after = classify_account("A1", account.currency, account.installments, settled, later, policy)
    assert after.dpd >= before.dpd


@given(
    account=accounts("A1"),
    policy=policies(),
    day=st.integers(-10, 260),
    amount=st.integers(1, 200_000),
    as_of=st.integers(-5, 300),
)
def test_a_payment_never_increases_dpd(account, policy, day, amount, as_of):
    on = date(2028, 1, 15) + timedelta(days=as_of)
    extra = Payment("NEW", date(2028, 1, 15) + timedelta(days=day), Money.from_minor(amount, account.currency))
    before = classify_account("A1", account.currency, account.installments, account.payments, on, policy)
    after = classify_account("A1", account.currency, account.installments, (*account.payments, extra), on, policy)
    assert after.dpd <= before.dpd
    assert after.overdue_total <= before.overdue_total
