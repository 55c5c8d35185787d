"""Classification of a whole portfolio as Ibis expressions.

The same rules as ``arrears.domain.delinquency``, restated over columns so that one
definition runs on DuckDB (the embedded default) and on Spark. Amounts are integer minor
units throughout (exact, and fast); formatting to decimal text happens at the very end.

The steps, each a small function from tables to a table:

1. ``received_per_account``: payments that count on ``as_of`` (reference 2.1), summed.
2. ``due_slots``: every non-zero component of every installment, with the four integer
   sort keys of ``AllocationOrder.slot_key`` (reference 2.2).
3. ``allocated_slots``: a running total per account in slot order fills each slot with
   ``clamp(received - due_before, 0, amount)``: the waterfall without a loop.
4. ``account_positions``: overdue by component, outstanding, credit balance and the oldest
   overdue due date per account (2.3).
5. ``classify_portfolio``: tolerance, DPD, delinquent days, bucket, amount band (2.4-3).

A parity test holds this module to the domain functions on generated portfolios.
"""

from __future__ import annotations

from datetime import date

import ibis
import ibis.expr.types as ir

from arrears.domain.allocation import COMPONENTS, AllocationOrder
from arrears.domain.delinquency import ClassificationPolicy

#: Output components in the order the reference lists the ``overdue_*`` columns.
OUTPUT_COMPONENTS = ("principal", "interest", "fee", "penalty")


def received_per_account(payments: ir.Table, as_of: date) -> ir.Table:
    """Total of counted payments per account: received by ``as_of``, not reversed by then."""
    on_time = payments.filter(payments.paid_on <= as_of)
    reversals = on_time.filter(on_time.reverses.notnull()).select(reversed_id=on_time.reverses)
    originals = on_time.filter(on_time.reverses.isnull())
    counted = originals.anti_join(reversals, originals.payment_id == reversals.reversed_id)
    return counted.group_by("account_id").aggregate(received=counted.amount_minor.sum())


def _slot_keys(order: AllocationOrder, due_date: ir.DateValue, seq: ir.IntegerValue, rank: int, as_of: date) -> list:
    """The four integers of ``AllocationOrder.slot_key`` as column expressions."""
    day = due_date.epoch_days()
    rank_lit = ibis.literal(rank, type="int64")
    zero = ibis.literal(0, type="int64")
    if order.mode == "vertical":
        return [zero, day, seq, rank_lit]
    is_due = due_date <= as_of
    return [
        ibis.ifelse(is_due, 0, 1).cast("int64"),
        ibis.ifelse(is_due, rank_lit, day),
        ibis.ifelse(is_due, day, seq),
        ibis.ifelse(is_due, seq, rank_lit),
    ]


def due_slots(installments: ir.Table, order: AllocationOrder, as_of: date) -> ir.Table:
    """One row per non-zero (installment, component) with its waterfall sort keys."""
    parts = []
    for component in COMPONENTS:
        amount = installments[f"{component}_minor"]
        keys = _slot_keys(order, installments.due_date, installments.seq, order.rank(component), as_of)
        parts.append(
            installments.filter(amount > 0).select(
                account_id=installments.account_id,
                due_date=installments.due_date,
                component=ibis.literal(component),
                amount=amount.cast("int64"),
                k1=keys[0],
                k2=keys[1],
                k3=keys[2],
                k4=keys[3],
            )
        )
    return ibis.union(*parts, distinct=False)


def allocated_slots(slots: ir.Table, received: ir.Table) -> ir.Table:
    """Fill the slots in order with each account's received money; adds ``unpaid``."""
    joined = slots.left_join(received, slots.account_id == received.account_id).select(
        slots, received=received.received.fill_null(0)
    )
    window = ibis.window(group_by="account_id", order_by=["k1", "k2", "k3", "k4"], rows=(None, 0))
    due_before = joined.amount.sum().over(window) - joined.amount
    paid = ibis.least(ibis.greatest(joined.received - due_before, 0), joined.amount)
    return joined.mutate(unpaid=(joined.amount - paid).cast("int64"))


def account_positions(accounts: ir.Table, slots: ir.Table, received: ir.Table, as_of: date) -> ir.Table:
    """Per account: overdue components, outstanding, credit balance, oldest overdue date."""
    overdue = (slots.due_date < as_of) & (slots.unpaid > 0)
    per_account = slots.group_by("account_id").aggregate(
        **{f"overdue_{c}": slots.unpaid.sum(where=overdue & (slots.component == c)) for c in OUTPUT_COMPONENTS},
        outstanding_total=slots.unpaid.sum(),
        total_due=slots.amount.sum(),
        oldest_overdue=slots.due_date.min(where=overdue),
    )
    base = accounts.select("account_id", "customer_id", "currency")
    joined = base.left_join(per_account, base.account_id == per_account.account_id).left_join(
        received, base.account_id == received.account_id
    )
    zero = ibis.literal(0, type="int64")
    amounts = {f"overdue_{c}": joined[f"overdue_{c}"].fill_null(0).cast("int64") for c in OUTPUT_COMPONENTS}
    received_total = joined.received.fill_null(0)
    return joined.select(
        "account_id",
        "customer_id",
        "currency",
        **amounts,
        overdue_total=sum(amounts.values(), zero),
        outstanding_total=joined.outstanding_total.fill_null(0).cast("int64"),
        credit_balance=ibis.greatest(received_total - joined.total_due.fill_null(0), 0).cast("int64"),
        oldest_overdue=joined.oldest_overdue,
    )


def _tolerance(currency: ir.StringValue, policy: ClassificationPolicy) -> ir.IntegerValue:
    expr = ibis.literal(0, type="int64")
    for code, minor in sorted(policy.tolerance_minor.items()):
        expr = ibis.ifelse(currency == code, ibis.literal(minor, type="int64"), expr)
    return expr


def _bucket(days: ir.IntegerValue, policy: ClassificationPolicy) -> ir.StringValue:
    cases = [(days <= b.upper, b.name) for b in policy.buckets.buckets if b.upper is not None]
    return ibis.cases(*cases, else_=policy.buckets.buckets[-1].name)


def _amount_band(currency: ir.StringValue, overdue_total: ir.IntegerValue, policy: ClassificationPolicy) -> ir.StringValue:
    bands = policy.amount_bands
    if not bands.configured:
        return ibis.literal("all")
    cases = []
    for code, table in sorted(bands.per_currency.items()):
        for band in table.bands:
            inside = (currency == code) & (overdue_total >= band.lower.minor)
            if band.upper is not None:
                inside = inside & (overdue_total < band.upper.minor)
            cases.append((inside, band.name))
    return ibis.cases(*cases, else_=ibis.null("string"))


def classify_portfolio(
    accounts: ir.Table,
    installments: ir.Table,
    payments: ir.Table,
    customers: ir.Table,
    as_of: date,
    policy: ClassificationPolicy,
) -> ir.Table:
    """One row per account with the reference's columns; amounts in minor units (int64)."""
    received = received_per_account(payments, as_of)
    slots = allocated_slots(due_slots(installments, policy.allocation, as_of), received)
    pos = account_positions(accounts, slots, received, as_of)
    delinquent = pos.oldest_overdue.notnull() & (pos.overdue_total > _tolerance(pos.currency, policy))
    dpd = ibis.ifelse(delinquent, ibis.literal(as_of).delta(pos.oldest_overdue, unit="day"), 0).cast("int64")
    days = ibis.greatest(dpd - policy.grace_days, 0).cast("int64")
    grades = customers.select(grade_customer_id=customers.customer_id, credit_grade=customers.credit_grade)
    classified = pos.left_join(grades, pos.customer_id == grades.grade_customer_id)
    return classified.select(
        "account_id",
        as_of=ibis.literal(as_of),
        dpd=dpd,
        delinquent_days=days,
        bucket=_bucket(days, policy),
        **{f"overdue_{c}": classified[f"overdue_{c}"] for c in OUTPUT_COMPONENTS},
        overdue_total=classified.overdue_total,
        outstanding_total=classified.outstanding_total,
        credit_balance=classified.credit_balance,
        oldest_overdue_due_date=ibis.ifelse(delinquent, classified.oldest_overdue, ibis.null("date")),
        amount_band=_amount_band(classified.currency, classified.overdue_total, policy),
        credit_grade=classified.credit_grade,
        currency=classified.currency,
    ).order_by("account_id")
