"""Classification of a whole portfolio as Ibis expressions.

The same rules as ``arrears.domain.delinquency``, restated over columns so that one
definition runs on DuckDB (the embedded default) and on Spark. Amounts are integer minor
units throughout (exact, and fast); formatting to decimal text happens at the very end.

The steps, each a small function from tables to a table:

1. ``received_per_account``: payments that count on ``as_of`` (reference 2.1), summed.
2. ``installment_totals``: per account, everything scheduled and what is due and overdue
   by component: outstanding and credit balance need nothing else.
3. ``allocated_installments``: the waterfall per installment (reference 2.2). A running
   sum of installment totals in (due date, seq) order gives what each installment gets,
   ``clamp(received - due_before, 0, total)``, and its components take that in rank
   order. Horizontal mode has one running sum per component over the due installments.
   This replaces one row per (installment, component) slot: four times fewer rows in the
   window, which is the costly part.
4. ``account_positions``: overdue by component, outstanding, credit balance and the oldest
   overdue due date per account (2.3); the running sums run only for accounts that have
   some money but less than their due installments need.
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


def _sum(values: list[ir.IntegerValue]) -> ir.IntegerValue:
    return sum(values[1:], values[0])


def installment_totals(installments: ir.Table, as_of: date) -> ir.Table:
    """Per account, one grouped pass: everything scheduled, and the amounts due and overdue by component.

    ``total_due`` gives outstanding and credit balance whatever the order; ``due_total``
    (due on or before ``as_of``) and ``overdue_<component>`` (before ``as_of``) decide
    whether an account needs the waterfall at all (see ``account_positions``).
    """
    amounts = {c: installments[f"{c}_minor"] for c in COMPONENTS}
    total = _sum(list(amounts.values()))
    overdue = installments.due_date < as_of
    return installments.group_by("account_id").aggregate(
        total_due=total.sum(),
        due_total=total.sum(where=installments.due_date <= as_of),
        **{f"all_overdue_{c}": amount.sum(where=overdue) for c, amount in amounts.items()},
        first_overdue=installments.due_date.min(where=overdue & (total > 0)),
    )


def _clamp(value: ir.IntegerValue, upper: ir.IntegerValue) -> ir.IntegerValue:
    """``value`` limited to ``[0, upper]``: what of a slot of size ``upper`` the money left pays."""
    return ibis.least(ibis.greatest(value, 0), upper)


def allocated_installments(installments: ir.Table, received: ir.Table, order: AllocationOrder, as_of: date) -> ir.Table:
    """Installments that can be overdue, with what stays unpaid of each component (``unpaid_<component>``).

    ``received`` has the accounts to allocate and their money (``account_id``, ``received``);
    installments of other accounts are left out. Only installments due on or before
    ``as_of`` are kept: in both orders they are paid before every installment not yet due,
    so the money they get does not depend on the later ones.

    Vertical: a running sum of installment totals in (due date, seq) order tells how much
    of each installment is paid, ``clamp(received - due_before, 0, total)``; its components
    take that in rank order, each ``clamp(paid - earlier components, 0, amount)``.
    Horizontal: rank 1 is paid across all due installments first, then rank 2, and so on,
    so each component has its own running sum, and the money it starts from is what the
    earlier ranks' totals over all due installments left.
    """
    components = [f"{c}_minor" for c in order.components]  # in the order they are paid
    cutoff = installments.due_date < as_of if order.mode == "vertical" else installments.due_date <= as_of
    due = installments.filter(cutoff)
    joined = due.inner_join(received, due.account_id == received.account_id).select(
        due.account_id, due.due_date, due.seq, *[due[c] for c in components], received=received.received.cast("int64")
    )
    running = ibis.window(group_by="account_id", order_by=["due_date", "seq"], rows=(None, 0))
    if order.mode == "vertical":
        total = _sum([joined[c] for c in components])
        sums = {"paid": _clamp(joined.received - (total.sum().over(running) - total), total)}
    else:
        whole = ibis.window(group_by="account_id")
        sums = {f"before_{c}": joined[c].sum().over(running) - joined[c] for c in components}
        sums |= {f"all_{c}": joined[c].sum().over(whole) for c in components[:-1]}
    joined = joined.mutate(**sums)
    paid: dict[str, ir.IntegerValue] = {}
    earlier = ibis.literal(0, type="int64")  # vertical: this installment's earlier components; horizontal: earlier ranks
    for c in components:
        if order.mode == "vertical":
            paid[c] = _clamp(joined.paid - earlier, joined[c])
            earlier = earlier + joined[c]
        else:
            paid[c] = _clamp(joined.received - earlier - joined[f"before_{c}"], joined[c])
            if c != components[-1]:
                earlier = earlier + joined[f"all_{c}"]
    return joined.select(
        "account_id",
        "due_date",
        **{f"unpaid_{c.removesuffix('_minor')}": (joined[c] - paid[c]).cast("int64") for c in components},
    )


def account_positions(
    accounts: ir.Table, installments: ir.Table, received: ir.Table, order: AllocationOrder, as_of: date
) -> ir.Table:
    """Per account: overdue components, outstanding, credit balance, oldest overdue date.

    Most accounts need no waterfall, and the running sums are the costly part, so they
    only run where the answer depends on them. Whatever the order, money first goes to the
    installments due by ``as_of`` (the relevant ones: those before ``as_of`` in vertical
    order, all due ones in horizontal order, where a fee due today can come before an
    overdue principal). Money covering all of them leaves nothing overdue; no money at all
    leaves every overdue amount unpaid. Only accounts with some money, but less than
    that, are allocated installment by installment (``allocated_installments``).
    """
    totals = installment_totals(installments, as_of)
    base = accounts.select("account_id", "customer_id", "currency")
    joined = base.left_join(totals, base.account_id == totals.account_id).left_join(
        received, base.account_id == received.account_id
    )
    zero = ibis.literal(0, type="int64")
    received_total = joined.received.fill_null(0).cast("int64")
    total_due = joined.total_due.fill_null(0).cast("int64")
    all_overdue = {c: joined[f"all_overdue_{c}"].fill_null(0).cast("int64") for c in OUTPUT_COMPONENTS}
    relevant = _sum(list(all_overdue.values())) if order.mode == "vertical" else joined.due_total.fill_null(0).cast("int64")
    state = ibis.cases((received_total >= relevant, "covered"), (received_total == 0, "unpaid"), else_="partial")
    accounts_state = joined.select(
        "account_id",
        "customer_id",
        "currency",
        state=state,
        received=received_total,
        outstanding_total=ibis.greatest(total_due - received_total, 0).cast("int64"),
        credit_balance=ibis.greatest(received_total - total_due, 0).cast("int64"),
        first_overdue=joined.first_overdue,
        **{f"all_overdue_{c}": v for c, v in all_overdue.items()},
    )
    partial = accounts_state.filter(accounts_state.state == "partial").select("account_id", "received")
    rows = allocated_installments(installments, partial, order, as_of)
    unpaid = _sum([rows[f"unpaid_{c}"] for c in COMPONENTS])
    overdue = rows.due_date < as_of
    allocated = rows.group_by(alloc_account_id=rows.account_id).aggregate(
        **{f"unpaid_{c}": rows[f"unpaid_{c}"].sum(where=overdue) for c in OUTPUT_COMPONENTS},
        oldest_unpaid=rows.due_date.min(where=overdue & (unpaid > 0)),
    )
    # joined from the right so that Ibis keeps ``accounts_state`` one subquery (a CTE) instead of
    # merging it into this join, which would compute the grouped passes twice
    s = allocated.right_join(accounts_state, accounts_state.account_id == allocated.alloc_account_id)
    amounts = {
        f"overdue_{c}": ibis.cases(
            (s.state == "covered", zero), (s.state == "unpaid", s[f"all_overdue_{c}"]), else_=s[f"unpaid_{c}"].fill_null(0)
        ).cast("int64")
        for c in OUTPUT_COMPONENTS
    }
    oldest = ibis.cases((s.state == "covered", ibis.null("date")), (s.state == "unpaid", s.first_overdue), else_=s.oldest_unpaid)
    return s.select(
        "account_id",
        "customer_id",
        "currency",
        **amounts,
        overdue_total=_sum(list(amounts.values())),
        outstanding_total=s.outstanding_total,
        credit_balance=s.credit_balance,
        oldest_overdue=oldest,
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
    pos = account_positions(accounts, installments, received, policy.allocation, as_of)
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
