"""Checks across rows and tables: unique ids, references, schedules and reversals.

These are the rules a single field cannot show: an id used twice, a payment for an account
the snapshot does not have, two installments numbered 3, a reversal that cancels the wrong
thing. Every check is a hash lookup (``index_in``/``is_in``) or a group-by over whole
columns; rows become Python objects only when they are reported. Duplicates are first
counted (one hash pass) and only looked for when there are any, which is the rare case.

Each check names the earlier row it conflicts with ("first seen on line 7"), because the
lender has to decide which of the two is wrong.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from arrears.snapshot.problems import Message, ProblemLog, Violation, show
from arrears.snapshot.tables import Typed

Column = pa.Array | pa.ChunkedArray


def _array(values: Column) -> pa.Array:
    if isinstance(values, pa.ChunkedArray):
        return values.combine_chunks() if values.num_chunks != 1 else values.chunk(0)
    return values


def _positions(n: int) -> pa.Array:
    return pa.array(np.arange(n, dtype=np.int64))


def _distinct(key: Column) -> bool:
    """No two non-null values are equal: strictly ascending (a sorted export: one cheap pass), or by hashing."""
    if key.null_count == 0 and len(key) > 1 and pc.all(pc.less(key[:-1], key[1:])).as_py():
        return True
    return pc.count_distinct(key).as_py() == len(key) - key.null_count


def duplicates(key: Column, rows: pa.Array | None = None) -> pa.Table | None:
    """Elements whose key repeats an earlier one's: a table of ``key``, ``row``, ``first_row``, by row.

    ``rows`` maps each element to its row in the file (default: its position). Null keys
    are ignored (a missing value is its own problem). None when every key is distinct, the
    common case, found without building anything.
    """
    if _distinct(key):
        return None
    table = pa.table({"key": _array(key), "row": rows if rows is not None else _positions(len(key))})
    if table["key"].null_count:
        table = table.filter(pc.is_valid(table["key"]))
    groups = table.group_by("key").aggregate([("row", "min"), ("row", "count")])
    repeated = groups.filter(pc.greater(groups["row_count"], 1)).select(["key", "row_min"])
    joined = table.join(repeated, keys="key")
    later = joined.filter(pc.not_equal(joined["row"], joined["row_min"])).sort_by("row")
    return later.rename_columns({"row_min": "first_row"})


def _add(log: ProblemLog, typed: Typed, column: str, rows: Column, message: Message, **details: Column) -> None:
    rows = _array(rows).cast(pa.int64())
    if len(rows):
        log.add(Violation(typed.source, column, rows, message, {k: _array(v) for k, v in details.items()}))


def _where(mask: Column) -> pa.Array:
    return _array(pc.indices_nonzero(pc.fill_null(mask, False)))


def unique_ids(typed: Typed, log: ProblemLog) -> None:
    """The table's id column holds each id once; every later occurrence is reported."""
    key = typed.spec.key
    if key is None or not typed.has(key):
        return
    found = duplicates(typed[key])
    if found is None:
        return
    rows = found["row"]
    details = {"value": found["key"], "first_row": found["first_row"]}
    if typed.spec.owner != key:  # payments: the first occurrence's account is tainted too
        details["other_account"] = typed[typed.spec.owner].take(found["first_row"])
    _add(log, typed, key, rows, lambda d: f"{key} {show(d['value'])} is a duplicate; first seen on {d['first_at']}", **details)


def references(
    child: Typed, column: str, parent: Typed | None, parent_key: str, log: ProblemLog, found: Column | None = None
) -> None:
    """Every non-missing ``child.column`` names an existing ``parent.parent_key``.

    ``found``, when given, is the already computed lookup (null = not found).
    """
    if parent is None or not child.has(column) or not parent.has(parent_key):
        return
    found = pc.is_in(child[column], value_set=_array(parent[parent_key])) if found is None else pc.is_valid(found)
    present = pc.is_valid(child[column])
    rows = _where(pc.and_(present, pc.invert(found)))
    name = parent.spec.name
    _add(
        log,
        child,
        column,
        rows,
        lambda d: f"{show(d['value'])} does not match any {parent_key} in {name}",
        value=child[column].take(rows),
    )


def unique_seq(installments: Typed, account_at: Column | None, log: ProblemLog) -> None:
    """Within an account, each installment number appears once.

    The key is the account's position in the accounts table combined with ``seq`` (at most
    nine digits) into one integer: hashing one int64 column is far cheaper than a string and
    an integer. Installments of unknown accounts are already reported and skipped here.
    """
    if account_at is None or not installments.has("seq"):
        return
    key = pc.add(pc.multiply(account_at.cast(pa.int64()), 1 << 30), installments["seq"])
    found = duplicates(key)
    if found is None:
        return
    rows = found["row"]
    _add(
        log,
        installments,
        "seq",
        rows,
        lambda d: f"seq {d['value']} is repeated for account {show(d['account'])}; first seen on {d['first_at']}",
        value=installments["seq"].take(rows),
        account=installments["account_id"].take(rows),
        first_row=found["first_row"],
    )


def _amount(minor: int | None, places: int | None) -> str:
    if minor is None:
        return "?"
    return str(Decimal(minor).scaleb(-(places or 0))) if places else str(minor)


def _targets(reverses: Column, payment_ids: pa.Array) -> pa.Array:
    """Row of the (first) payment each reversal names, null when none.

    Reversals are few and payments many: hashing the few targets and scanning the ids once
    is far cheaper than hashing every payment id to look the few up.
    """
    named = pc.unique(reverses).drop_null()
    candidates = _where(pc.is_in(payment_ids, value_set=named))  # ascending rows, so index_in finds the first
    at = pc.index_in(reverses, value_set=payment_ids.take(candidates), skip_nulls=True)
    return candidates.cast(pa.int64()).take(_array(at))


def reversals(payments: Typed, places: Column | None, log: ProblemLog) -> None:
    """A reversal cancels one earlier, ordinary payment of the same account, for the same amount, once."""
    if not payments.has("reverses") or not payments.has("payment_id"):
        return
    reverses = payments["reverses"]
    is_reversal = pc.is_valid(reverses)
    if not pc.any(is_reversal).as_py():
        return
    target = _targets(reverses, _array(payments["payment_id"]))
    missing = _where(pc.and_(is_reversal, pc.is_null(target)))
    _add(
        log,
        payments,
        "reverses",
        missing,
        lambda d: f"{show(d['value'])} does not match any payment_id in payments",
        value=reverses.take(missing),
    )

    rows = _where(pc.is_valid(target))  # reversals whose target exists, ascending
    of = _array(target).take(rows).cast(pa.int64())
    value = _array(reverses).take(rows)

    def pick(mask: Column, message: Message, **extra: Column) -> None:
        keep = _where(mask)
        _add(
            log,
            payments,
            "reverses",
            rows.take(keep),
            message,
            value=value.take(keep),
            **{k: _array(v).take(keep) for k, v in extra.items()},
        )

    itself = pc.equal(rows.cast(pa.int64()), of)
    pick(itself, lambda d: f"{show(d['value'])} is the payment's own id; a payment cannot reverse itself")
    of_reversal = pc.and_(pc.is_valid(_array(reverses).take(of)), pc.invert(itself))
    pick(of_reversal, lambda d: f"{show(d['value'])} is itself a reversal; a reversal cannot be reversed")

    account = _array(payments["account_id"])
    own_account, their_account = account.take(rows), account.take(of)
    elsewhere = pc.not_equal(own_account, their_account)
    pick(
        elsewhere,
        lambda d: (
            f"{show(d['value'])} is a payment of account {show(d['other_account'])}; "
            f"a reversal must be on the same account ({show(d['account'])})"
        ),
        other_account=their_account,
        account=own_account,
    )

    paid = _array(payments["paid_on"])
    own_date, their_date = paid.take(rows), paid.take(of)
    pick(
        pc.less(own_date, their_date),
        lambda d: f"reversal dated {d['date']} is before the payment {show(d['value'])} it reverses ({d['their_date']})",
        date=own_date,
        their_date=their_date,
    )

    amount = _array(payments["amount_minor"])
    own_amount, their_amount = amount.take(rows), amount.take(of)
    row_places = _array(places).take(rows) if places is not None else pa.nulls(len(rows), pa.int8())
    pick(
        pc.and_(pc.invert(elsewhere), pc.not_equal(own_amount, their_amount)),
        lambda d: (
            f"amount {_amount(d['amount'], d['places'])} differs from the amount of the reversed payment "
            f"{show(d['value'])} ({_amount(d['their_amount'], d['places'])}); a reversal cancels the whole payment"
        ),
        amount=own_amount,
        their_amount=their_amount,
        places=row_places,
    )

    again = duplicates(of, rows=rows.cast(pa.int64()))
    if again is not None:
        _add(
            log,
            payments,
            "reverses",
            again["row"],
            lambda d: f"{show(d['value'])} is already reversed on {d['first_at']}; a payment can be reversed once",
            value=_array(reverses).take(again["row"]),
            first_row=again["first_row"],
            other_account=account.take(again["first_row"]),
        )
