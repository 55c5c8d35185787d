"""Compare a business date's classification with the previous business date's results.

Reference section 4: the **roll** is the bucket today against the bucket on the previous
business date (forward = worse, back = better, stable); a **cure** is a move from any
delinquent bucket to the first (current) bucket; **times delinquent** counts the entries
into a delinquent bucket from the current one up to ``as_of``. Accounts present the day
before and absent today have left the book: they get one ``closed`` row today, so that a
roll-rate matrix can put them in its exit columns.

The **first delinquency date** is the first day of the account's first delinquency that
the history knows of, carried forward for the life of the account: when an account is
seen entering delinquency, the day its current run of delinquent days began
(``as_of - delinquent_days + 1``), which is also right for an account first seen already
delinquent, and for a day the cycle did not run.

Written as Ibis expressions, so the same comparison runs on DuckDB and on Spark.
"""

from __future__ import annotations

from datetime import date

import ibis
import ibis.expr.types as ir

from arrears.cycle.history import AMOUNT_COLUMNS, SCHEMA

#: Lender statuses (an optional ``status`` column of accounts) that take an account off the book.
LENDER_EXITS = ("charged_off", "sold", "recalled", "paid_off")
CLASSIFIED_AMOUNTS = {c: c.removesuffix("_minor") for c in AMOUNT_COLUMNS}


def _rank(bucket: ir.StringValue, names: tuple[str, ...]) -> ir.IntegerValue:
    """Position of a bucket in the policy's table (0 = current); null for an unknown name."""
    return ibis.cases(*((bucket == name, i) for i, name in enumerate(names)), else_=ibis.null("int64")).cast("int64")


def _typed_nulls() -> dict[str, ir.Value]:
    types = {"string": "string", "date32[day]": "date", "int64": "int64", "bool": "boolean", "double": "float64"}
    return {f.name: ibis.null(types[str(f.type)]) for f in SCHEMA}


def today_rows(classified: ir.Table, accounts: ir.Table) -> ir.Table:
    """The classification with the account's product and its status on the book."""
    has_status = "status" in accounts.columns
    extra = accounts.select(
        acct_id=accounts.account_id,
        product=accounts.product,
        lender_status=accounts.status.lower() if has_status else ibis.null("string"),
    )
    joined = classified.left_join(extra, classified.account_id == extra.acct_id)
    status = ibis.cases(
        (joined.lender_status.isin(LENDER_EXITS), joined.lender_status),
        (joined.outstanding_total == 0, "paid_off"),
        else_="active",
    )
    return joined.select(
        "account_id",
        "currency",
        "as_of",
        "dpd",
        "delinquent_days",
        "bucket",
        "oldest_overdue_due_date",
        "amount_band",
        "credit_grade",
        product=joined.product,
        status=status,
        **{minor: joined[plain] for minor, plain in CLASSIFIED_AMOUNTS.items()},
    )


def compare_with_previous(
    today: ir.Table, customer_of: ir.Table, previous: ir.Table | None, as_of: date, bucket_names: tuple[str, ...]
) -> ir.Table:
    """Today's rows with roll, cure, first delinquency date and times delinquent, plus exits.

    ``today`` comes from ``today_rows``; ``customer_of`` maps ``account_id`` to
    ``customer_id``; ``previous`` is the previous business date's partition (``None`` on
    the first run: every account is ``new``).
    """
    owners = customer_of.select(cust_acct=customer_of.account_id, customer_id=customer_of.customer_id)
    today = today.left_join(owners, today.account_id == owners.cust_acct).drop("cust_acct")
    if previous is None:
        previous = ibis.memtable(SCHEMA.empty_table())
    prev = previous.filter(previous.status != "closed").select(
        p_account_id=previous.account_id,
        p_bucket=previous.bucket,
        p_first=previous.first_delinquency_date,
        p_times=previous.times_delinquent,
    )
    joined = today.left_join(prev, today.account_id == prev.p_account_id)
    rank_today = _rank(joined.bucket, bucket_names)
    rank_prev = _rank(joined.p_bucket, bucket_names)
    seen_before = joined.p_account_id.notnull()
    delinquent = rank_today > 0
    entered = delinquent & (~seen_before | (rank_prev == 0))
    entry_day = ibis.literal(as_of) - (joined.delinquent_days - 1).as_interval("D")
    roll = ibis.cases(
        (~seen_before, "new"),
        (rank_today > rank_prev, "forward"),
        (rank_today < rank_prev, "back"),
        else_="stable",
    )
    on_book = joined.select(
        *[c for c in SCHEMA.names if c in today.columns],
        previous_bucket=joined.p_bucket,
        roll=roll,
        cured=(seen_before & (rank_prev > 0) & (rank_today == 0)).fill_null(False),
        first_delinquency_date=ibis.coalesce(joined.p_first, ibis.ifelse(entered, entry_day.cast("date"), ibis.null("date"))),
        times_delinquent=(joined.p_times.fill_null(0) + ibis.ifelse(entered, 1, 0)).cast("int64"),
        score=ibis.null("float64"),
        strategy=ibis.null("string"),
    )
    gone = previous.filter(previous.status != "closed").anti_join(today, previous.account_id == today.account_id)
    nulls = _typed_nulls()
    exits = gone.select(
        **{
            **nulls,
            "account_id": gone.account_id,
            "customer_id": gone.customer_id,
            "product": gone.product,
            "currency": gone.currency,
            "as_of": ibis.literal(as_of),
            "status": ibis.literal("closed"),
            "previous_bucket": gone.bucket,
            "roll": ibis.literal("exit"),
            "cured": ibis.literal(False),
            "first_delinquency_date": gone.first_delinquency_date,
            "times_delinquent": gone.times_delinquent,
        }
    )
    return ibis.union(on_book.select(*SCHEMA.names), exits.select(*SCHEMA.names), distinct=False).order_by("account_id")
