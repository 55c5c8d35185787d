"""Write the latest business date's results back to the store as each account's position.

Collectors' queues and the console read positions from the store, so after the cycle the
store must say where every account stands. The whole position table is replaced in one
transaction, in bulk (``COPY`` on PostgreSQL, batched ``executemany`` on SQLite; see
``BulkWriter``), together with the ``CycleRun`` record: a reader, or a cycle killed at any
point, sees the previous positions or the new ones, never a mix. Accounts that left the
book lose their position (their history keeps the ``closed`` row).
"""

from __future__ import annotations

from datetime import datetime

import pyarrow as pa
import pyarrow.compute as pc
from django.db import transaction

from arrears.cycle.faults import crashpoint
from arrears.cycle.history import AMOUNT_COLUMNS
from arrears.money_columns import decimal_text, iso_dates
from arrears.portfolio.importing.writer import BulkWriter
from arrears.portfolio.models import AccountPosition, CycleRun

#: Position column -> history column (the store keeps decimals, the history minor units).
AMOUNTS = {c.removesuffix("_minor"): c for c in AMOUNT_COLUMNS}


def write_positions(results: pa.Table, run: dict, started_at: datetime, finished_at: datetime) -> int:
    """Replace every position with the on-book rows of ``results``; returns the rows written."""
    rows = results.filter(pc.not_equal(results["status"], "closed"))
    writer = BulkWriter()
    pk_of = writer.id_map("portfolio_account", "account_id")
    keys = pa.array(list(pk_of), pa.string())
    rows = rows.filter(pc.is_in(rows["account_id"], value_set=keys))
    account_pk = pa.array(list(pk_of.values()), pa.int64()).take(pc.index_in(rows["account_id"], value_set=keys))
    table = pa.table(
        {
            "account_id": account_pk,
            "as_of": iso_dates(rows["as_of"]),
            "dpd": rows["dpd"],
            "delinquent_days": rows["delinquent_days"],
            "bucket": rows["bucket"],
            "amount_band": pc.fill_null(rows["amount_band"], ""),
            **{c: decimal_text(rows[minor], rows["currency"]) for c, minor in AMOUNTS.items()},
            "oldest_overdue_due_date": iso_dates(rows["oldest_overdue_due_date"]),
            "status": rows["status"],
            "previous_bucket": pc.fill_null(rows["previous_bucket"], ""),
            "roll": rows["roll"],
            "cured": rows["cured"],
            "first_delinquency_date": iso_dates(rows["first_delinquency_date"]),
            "times_delinquent": rows["times_delinquent"],
        }
    )
    with transaction.atomic():
        writer.replace_all(AccountPosition._meta.db_table, table, midway=lambda: crashpoint("writeback.half_written"))
        CycleRun.objects.create(**run, accounts=table.num_rows, started_at=started_at, finished_at=finished_at)
        crashpoint("writeback.before_commit")
    return table.num_rows
