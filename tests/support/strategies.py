"""Hypothesis strategies for accounts, payments and policies, edge cases weighted in.

The shapes that break naive implementations are drawn on purpose: installments sharing a
due date, leap days, zero components, payments on and after the business date, reversals
on either side of it, overpayments, zero-decimal (JPY) and three-decimal (KWD) currencies.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from arrears.domain.aging import BucketTable
from arrears.domain.allocation import COMPONENTS, AllocationOrder, Components, Installment
from arrears.domain.amount_bands import AmountBandPolicy
from arrears.domain.delinquency import ClassificationPolicy, Payment
from arrears.domain.money import Money
from tests.support.portfolios import LedgerAccount

CURRENCIES = ("CNY", "JPY", "USD", "KWD")
BASE = date(2028, 1, 15)  # 2028 is a leap year: due dates cross 29 February


def day_offsets():
    return st.integers(min_value=-10, max_value=260)


@st.composite
def installments(draw, currency: str):
    n = draw(st.integers(min_value=0, max_value=6))
    out = []
    for seq in range(1, n + 1):
        offset = draw(st.one_of(st.sampled_from([0, 45, 45, 31 + 14]), day_offsets()))  # 45: 29 Feb 2028
        amounts = {c: draw(st.one_of(st.just(0), st.integers(min_value=1, max_value=50_000), st.just(1))) for c in COMPONENTS}
        due = Components(**{c: Money.from_minor(v, currency) for c, v in amounts.items()})
        out.append(Installment(seq, BASE + timedelta(days=offset), due))
    return tuple(out)


@st.composite
def payments(draw, account_id: str, currency: str):
    n = draw(st.integers(min_value=0, max_value=5))
    out = []
    for k in range(n):
        paid_on = BASE + timedelta(days=draw(day_offsets()))
        amount = Money.from_minor(draw(st.integers(min_value=1, max_value=120_000)), currency)
        out.append(Payment(f"{account_id}-P{k}", paid_on, amount))
    reversals = []
    for k, p in enumerate(out):
        if draw(st.integers(0, 3)) == 0:
            later = p.paid_on + timedelta(days=draw(st.integers(min_value=0, max_value=60)))
            reversals.append(Payment(f"{account_id}-R{k}", later, p.amount, reverses=p.payment_id))
    return tuple(out + reversals)


@st.composite
def accounts(draw, account_id: str):
    currency = draw(st.sampled_from(CURRENCIES))
    grade = draw(st.sampled_from([None, "A", "C", "E"]))
    return LedgerAccount(account_id, currency, draw(installments(currency)), draw(payments(account_id, currency)), grade)


@st.composite
def portfolios(draw, max_accounts: int = 12):
    n = draw(st.integers(min_value=1, max_value=max_accounts))
    return [draw(accounts(f"A{k:03d}")) for k in range(n)]


@st.composite
def policies(draw):
    order = AllocationOrder(tuple(draw(st.permutations(COMPONENTS))), draw(st.sampled_from(["vertical", "horizontal"])))
    tolerance = {c: draw(st.sampled_from([0, 0, 1, 500, 5000])) for c in CURRENCIES}
    buckets = draw(
        st.sampled_from(
            [
                None,
                BucketTable.from_bounds([("current", 0, 0), ("1-29", 1, 29), ("30-59", 30, 59), ("60+", 60, None)]),
            ]
        )
    )
    bands = draw(st.booleans())
    band_policy = (
        AmountBandPolicy.from_config(
            {
                "CNY": [("low", "0", "100"), ("mid", "100", "400.5"), ("high", "400.5", None)],
                "JPY": [("low", "0", "10000"), ("high", "10000", None)],
                "USD": [("all_usd", "0", None)],
                "KWD": [("low", "0", "0.001"), ("high", "0.001", None)],
            }
        )
        if bands
        else AmountBandPolicy()
    )
    kwargs = dict(
        allocation=order,
        tolerance_minor=tolerance,
        grace_days=draw(st.sampled_from([0, 0, 3, 30])),
        amount_bands=band_policy,
    )
    if buckets is not None:
        kwargs["buckets"] = buckets
    return ClassificationPolicy(**kwargs)


def as_of_dates():
    return st.integers(min_value=-5, max_value=300).map(lambda d: BASE + timedelta(days=d))
