"""Writing a classification result back to the store as each account's current position.

The engine classifies the whole book in one columnar pass; writing the result row by row
through the ORM would take longer than computing it. The rows are replaced in bulk in one
transaction: a reader sees the old positions or the new ones, never a mix.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
from django.db import transaction

from arrears.money_columns import iso_dates
from arrears.portfolio.importing.writer import BulkWriter
from arrears.portfolio.models import AccountPosition

TEXT_COLUMNS = ("bucket", "amount_band")
AMOUNTS = ("overdue_principal", "overdue_interest", "overdue_fee", "overdue_penalty", "overdue_total", "outstanding_total")
AMOUNTS += ("credit_balance",)


def replace_positions(rows: pa.Table) -> int:
    """Replace the positions of the accounts in ``rows`` (the engine's text result); returns rows written."""
    writer = BulkWriter()
    pk_of = writer.id_map("portfolio_account", "account_id")
    keys = pa.array(list(pk_of), pa.string())
    found = pc.is_in(rows["account_id"], value_set=keys)
    rows = rows.filter(found)
    account_pk = pa.array(list(pk_of.values()), pa.int64()).take(pc.index_in(rows["account_id"], value_set=keys))
    table = pa.table(
        {
            "account_id": account_pk,
            "as_of": iso_dates(rows["as_of"]),
            "dpd": rows["dpd"],
            "delinquent_days": rows["delinquent_days"],
            **{c: rows[c] for c in TEXT_COLUMNS},
            **{c: rows[c] for c in AMOUNTS},
            "oldest_overdue_due_date": iso_dates(rows["oldest_overdue_due_date"]),
        }
    )
    with transaction.atomic():
        writer.delete_where_in(AccountPosition._meta.db_table, "account_id", account_pk.to_pylist())
        writer.insert_arrow(AccountPosition._meta.db_table, table)
    return table.num_rows
