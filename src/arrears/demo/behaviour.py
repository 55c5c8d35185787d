"""Who pays what, when: payment behaviours placed so that every aging bucket is populated.

A random walk of payments would leave the outcome to chance; instead each account gets a
behaviour profile and the profile fixes the *state on as_of* first, then the history that
leads to it. The state is the first instalment not fully paid and its due date (the
"anchor"); the schedule is laid out around the anchor, so a profile that wants 75 days
past due gets exactly that, however the billing day and month lengths fall.

Under the reference allocation (vertical waterfall) the state is a function of the total
counted payments only, so the history may vary freely as long as it sums right: on-time,
late and split payments, catch-up lumps (cures), bounced payments with their reversal,
a partial payment on the first unpaid instalment, or a small overpayment after payoff.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from arrears.demo.columns import pick
from arrears.demo.loans import CARD, Loans, Schedule, half_up_div, month_and_day, on_day, schedule


@dataclass(frozen=True)
class Profile:
    name: str
    share: float  # of accounts, before the grade tilt
    risk: float  # exponent of the grade risk factor: > 0 more common among weak grades
    family: str  # new | current | matured | delinquent
    late: float  # chance that a paid instalment is paid after its due date
    dpd: tuple[tuple[int, int, float], ...] = ()  # delinquent: (low, high, weight) bands of days past due
    partial: float = 0.0  # chance of a partial payment on the first unpaid instalment


PROFILES: tuple[Profile, ...] = (
    Profile("new", 0.04, 0.0, "new", 0.0),
    Profile("on_time", 0.24, -0.6, "current", 0.0),
    Profile("late_payer", 0.12, 0.5, "current", 0.65),
    Profile("split_payer", 0.06, 0.5, "current", 0.5),
    Profile("pays_on_as_of", 0.03, 0.0, "current", 0.0),
    Profile("cured", 0.05, 0.6, "current", 0.1),
    Profile("bounced_then_paid", 0.03, 0.6, "current", 0.1),
    Profile("paid_off", 0.05, -0.3, "matured", 0.1),
    Profile("overpaid", 0.02, -0.3, "matured", 0.05),
    Profile("due_today", 0.02, 0.0, "delinquent", 0.1, ((0, 0, 1.0),), partial=0.3),
    Profile("missed_recently", 0.12, 1.0, "delinquent", 0.15, ((1, 30, 1.0),), partial=0.4),
    Profile("bounced_unpaid", 0.02, 1.0, "delinquent", 0.15, ((1, 60, 1.0),)),
    Profile(
        "rolling", 0.12, 1.0, "delinquent", 0.2,
        ((31, 60, 0.30), (61, 90, 0.22), (91, 120, 0.18), (121, 150, 0.16), (151, 180, 0.14)), partial=0.3,
    ),
    Profile("stopped_paying", 0.08, 1.2, "delinquent", 0.25, ((181, 365, 0.55), (366, 730, 0.35), (731, 1100, 0.10)), 0.1),
)  # fmt: skip
P = {p.name: k for k, p in enumerate(PROFILES)}
FAMILIES = ("new", "current", "matured", "delinquent")
GRADE_RISK = np.array([0.35, 0.6, 1.0, 1.7, 2.6])  # A..E
# Late fee per late instalment, in minor units of each currency.
LATE_FEE = {"CNY": 3000, "USD": 2900, "HKD": 15000, "GBP": 1200, "JPY": 1000}
PENALTY_DAYS_CAP = 180  # penalty interest stops accruing after half a year


@dataclass(frozen=True)
class Plan:
    """Per account: profile, opening date, first unpaid seq; per row: schedule, charges, pay dates."""

    profile: np.ndarray
    term: np.ndarray
    opened: np.ndarray
    first_unpaid: np.ndarray
    rows: Schedule
    fee: np.ndarray
    penalty: np.ndarray
    total: np.ndarray
    paid_on: np.ndarray  # per row, meaningful where seq < first_unpaid
    lump_from: np.ndarray  # per account: cured accounts pay seq lump_from..first_unpaid-1 in one sum
    bounce_seq: np.ndarray  # per account: the instalment a bounced payment was for
    bounced_on: np.ndarray
    reversed_on: np.ndarray


def _profiles(rng: np.random.Generator, grade: np.ndarray) -> np.ndarray:
    profile = np.zeros(len(grade), dtype=np.int64)
    shares = np.array([p.share for p in PROFILES])
    risk = np.array([p.risk for p in PROFILES])
    for g, factor in enumerate(GRADE_RISK):
        idx = np.flatnonzero(grade == g)
        profile[idx] = pick(rng, len(idx), shares * factor**risk)
    return profile


def _days_past_due(rng: np.random.Generator, profile: np.ndarray) -> np.ndarray:
    dpd = np.zeros(len(profile), dtype=np.int64)
    for k, p in enumerate(PROFILES):
        idx = np.flatnonzero(profile == k)
        if p.dpd and len(idx):
            band = pick(rng, len(idx), [w for *_, w in p.dpd])
            low, high = np.array([b[0] for b in p.dpd])[band], np.array([b[1] for b in p.dpd])[band]
            dpd[idx] = low + (rng.random(len(idx)) * (high - low + 1)).astype(np.int64)
    return dpd


def plan(rng: np.random.Generator, loans: Loans, grade: np.ndarray, as_of: int) -> Plan:
    """Lay out every account's schedule and the dates its instalments were paid."""
    n, count = loans.term, len(loans.term)
    profile = _profiles(rng, grade[loans.customer])
    family = np.array([FAMILIES.index(p.family) for p in PROFILES])[profile]
    dpd = _days_past_due(rng, profile)

    # The anchor: which instalment falls on which day. Current accounts paid instalment
    # k (due within the last four weeks, so k + 1 is due after as_of); delinquent ones
    # first missed instalment j, due exactly dpd days ago; matured ones are all paid.
    u = rng.random(count)
    k_min = np.minimum(np.where(profile == P["cured"], 3, 1), n - 1)
    k = k_min + (u * (n - k_min)).astype(np.int64)
    j = 1 + (u * n).astype(np.int64)
    recent = np.where(profile == P["pays_on_as_of"], as_of, as_of - rng.integers(0, 28, count))
    long_ago = as_of - rng.integers(0, 541, count)
    anchor_seq = np.choose(family, [np.zeros(count, dtype=np.int64), k, n, j])
    anchor_day = np.choose(family, [recent, recent, long_ago, as_of - dpd])
    first_unpaid = np.choose(family, [np.ones(count, dtype=np.int64), k + 1, n + 1, j])
    month, billing_day = month_and_day(anchor_day)
    rows = schedule(loans, month, anchor_seq, billing_day)
    opened = on_day(month - anchor_seq, billing_day)

    # Account-level events: a catch-up lump (cured) and a bounced payment.
    last_paid = first_unpaid - 1
    lump_from = np.maximum(1, last_paid - 1 - rng.integers(0, 3, count))
    lump_on = np.minimum(as_of, anchor_day + 1 + (rng.random(count) * (as_of - anchor_day)).astype(np.int64))
    bounce_seq = np.where(profile == P["bounced_unpaid"], first_unpaid, last_paid)
    bounced_on = np.clip(anchor_day + rng.integers(-3, 3, count), opened + 1, as_of)
    reversed_on = np.minimum(as_of, bounced_on + rng.integers(1, 8, count))

    # Row level: when each paid instalment was paid.
    acct, seq, due = rows.account, rows.seq, rows.due
    size = len(acct)
    p_row = profile[acct]
    early = -rng.integers(0, 6, size) * (rng.random(size) < 0.7)
    late = rng.integers(1, 26, size)
    paid_on = due + np.where(rng.random(size) < np.array([p.late for p in PROFILES])[p_row], late, early)
    is_last_paid = seq == last_paid[acct]
    paid_on = np.where(is_last_paid & (p_row == P["pays_on_as_of"]), as_of, paid_on)
    in_lump = (p_row == P["cured"]) & (seq >= lump_from[acct]) & (seq <= last_paid[acct])
    paid_on = np.where(in_lump, lump_on[acct], paid_on)
    repaid_on = np.minimum(as_of, reversed_on + rng.integers(0, 7, count))
    paid_on = np.where(is_last_paid & (p_row == P["bounced_then_paid"]), repaid_on[acct], paid_on)
    paid_on = np.clip(paid_on, opened[acct] + 1, as_of)

    # Charges for lateness: a late fee per late instalment and penalty interest per day
    # (1.5 x the contract rate) on its principal, for instalments paid late or still overdue.
    paid = seq < first_unpaid[acct]
    days_late = np.where(paid, np.maximum(0, paid_on - due), np.maximum(0, as_of - due))
    late_fee = np.array([LATE_FEE[c] for c in loans.currencies])[loans.currency[acct]]
    fee = rows.plan_fee + np.where(days_late > 0, late_fee, 0)
    per_day = rows.principal * loans.rate_bp[acct] * 3
    penalty = np.where(loans.product[acct] == CARD, 0, half_up_div(per_day * np.minimum(days_late, PENALTY_DAYS_CAP), 7_200_000))
    total = rows.principal + rows.interest + fee + penalty
    return Plan(
        profile, n, opened, first_unpaid, rows, fee, penalty, total, paid_on, lump_from, bounce_seq, bounced_on, reversed_on
    )
