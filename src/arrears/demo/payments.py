"""Turn a payment plan into payment rows: the ledger a lender would export.

Every row is derived from the plan's per-instalment pay dates, so the money that counts on
as_of is exactly the sum the plan intends (splitting a payment in two, paying several
instalments in one lump, or bouncing a payment and reversing it all leave that sum alone).
Rows are sorted by account, date and kind before ids are given out, so ``P...`` ids rise
with time within an account and a reversal always has a larger id than what it reverses.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from arrears.demo.behaviour import PROFILES, P, Plan


@dataclass(frozen=True)
class Payments:
    """Payment rows in id order; ``reverses`` is the row index reversed, or -1."""

    account: np.ndarray
    paid_on: np.ndarray
    amount: np.ndarray
    reverses: np.ndarray


def payments(rng: np.random.Generator, plan: Plan, as_of: int) -> Payments:
    """All payment rows of the plan, including partials, splits, lumps, overpayments and reversals."""
    rows = plan.rows
    acct_of_row, seq = rows.account, rows.seq
    count = len(plan.profile)

    # One payment per paid instalment, except that a cured account's catch-up lump is one
    # payment for several consecutive instalments (ending with the last paid one).
    paid = np.flatnonzero(seq < plan.first_unpaid[acct_of_row])
    a = acct_of_row[paid]
    joins_next = (plan.profile[a] == P["cured"]) & (seq[paid] >= plan.lump_from[a]) & (seq[paid] < plan.first_unpaid[a] - 1)
    starts = np.flatnonzero(np.concatenate([[True], ~joins_next[:-1]])) if len(paid) else np.zeros(0, dtype=np.int64)
    ends = paid[np.concatenate([starts[1:], [len(paid)]]) - 1] if len(paid) else paid
    amount = np.add.reduceat(plan.total[paid], starts) if len(paid) else np.zeros(0, dtype=np.int64)
    account = acct_of_row[ends]
    paid_on = plan.paid_on[ends]

    # Overpayment: the final instalment paid with a little extra, left as a credit balance.
    excess = rng.integers(1, 5001, count)
    over = (plan.profile[account] == P["overpaid"]) & (seq[ends] == plan.term[account])
    amount = amount + np.where(over, excess[account], 0)

    # Split payers pay most instalments in two parts: some money before the due date and
    # the rest when they can.
    split = (plan.profile[account] == P["split_payer"]) & (rng.random(len(account)) < 0.7) & (amount >= 2)
    first_part = np.clip((amount * rng.uniform(0.3, 0.8, len(account))).astype(np.int64), 1, np.maximum(1, amount - 1))
    first_on = np.minimum(paid_on, rows.due[ends] - rng.integers(0, 4, len(account)))
    amount = np.where(split, amount - first_part, amount)

    # A partial payment on the first unpaid instalment (delinquent profiles only).
    term = plan.term
    target = rows.first_row + np.minimum(plan.first_unpaid, term) - 1
    partial_p = np.array([p.partial for p in PROFILES])[plan.profile]
    partial = (rng.random(count) < partial_p) & (plan.first_unpaid <= term) & (plan.total[target] >= 2)
    partial_amount = np.clip((plan.total[target] * rng.uniform(0.1, 0.9, count)).astype(np.int64), 1, plan.total[target] - 1)
    partial_on = np.clip(rows.due[target] + rng.integers(-5, 11, count), plan.opened + 1, as_of)

    # Bounced payments: the scheduled amount, taken back by a reversal row a few days later.
    bounced = np.flatnonzero(np.isin(plan.profile, [P["bounced_then_paid"], P["bounced_unpaid"]]))
    bounce_row = rows.first_row[bounced] + plan.bounce_seq[bounced] - 1
    bounce_amount = rows.principal[bounce_row] + rows.interest[bounce_row] + rows.plan_fee[bounce_row]

    parts = [
        (account, paid_on, amount, 0),
        (account[split], first_on[split], first_part[split], 0),
        (np.flatnonzero(partial), partial_on[partial], partial_amount[partial], 0),
        (bounced, plan.bounced_on[bounced], bounce_amount, 0),
        (bounced, plan.reversed_on[bounced], bounce_amount, 1),
    ]
    all_account = np.concatenate([p[0] for p in parts])
    all_on = np.concatenate([p[1] for p in parts])
    all_amount = np.concatenate([p[2] for p in parts])
    kind = np.concatenate([np.full(len(p[0]), p[3], dtype=np.int64) for p in parts])
    first_bounce = sum(len(p[0]) for p in parts[:3])
    reverses = np.full(len(all_account), -1, dtype=np.int64)
    reverses[len(all_account) - len(bounced) :] = first_bounce + np.arange(len(bounced))

    # Id order: account, then date, then ordinary payments before reversals.
    low = int(all_on.min()) if len(all_on) else 0
    span = int(all_on.max()) - low + 1 if len(all_on) else 1
    order = np.argsort((all_account * span + (all_on - low)) * 2 + kind, kind="stable")
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order))
    sorted_reverses = reverses[order]
    sorted_reverses = np.where(sorted_reverses >= 0, position[np.maximum(sorted_reverses, 0)], -1)
    return Payments(all_account[order], all_on[order], all_amount[order], sorted_reverses)
