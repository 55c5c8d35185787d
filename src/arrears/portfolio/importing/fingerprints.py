"""Fingerprints of source rows: how a re-import knows what did not change.

An account's fingerprint covers its own row, its whole schedule and all its payments, so
"this account is unchanged" is one string comparison and an unchanged account is neither
rewritten nor re-read. Accounts hold no personal data, so a plain MD5 computed by DuckDB
over the Arrow tables is enough (it detects change; it protects nothing). A customer's
row does hold personal data, so its fingerprint is a keyed hash (HMAC with the lookup
key): a leaked database cannot be used to confirm a guessed phone number.
"""

from __future__ import annotations

import json

import duckdb
import pyarrow as pa

from arrears.protection.keyring import Keyring

ACCOUNT_COLUMNS = ("account_id", "customer_id", "product", "currency", "principal_minor", "opened_on", "annual_rate")


def account_fingerprints(accounts: pa.Table, installments: pa.Table, payments: pa.Table) -> dict[str, str]:
    """``{account_id: fingerprint}`` for every account of the snapshot."""
    extras = [c for c in accounts.column_names if c not in ACCOUNT_COLUMNS]
    extra_sql = "".join(f", coalesce(CAST(a.\"{c}\" AS VARCHAR), '')" for c in extras)
    con = duckdb.connect()
    con.register("acc", accounts)
    con.register("inst", installments)
    con.register("pay", payments)
    rows = con.execute(
        f"""
        WITH i AS (
            SELECT account_id, string_agg(concat_ws('|', seq, due_date, principal_minor, interest_minor, fee_minor,
                   penalty_minor), ';' ORDER BY seq) AS s
            FROM inst GROUP BY account_id),
        p AS (
            SELECT account_id, string_agg(concat_ws('|', payment_id, paid_on, amount_minor, coalesce(reverses, '')), ';'
                   ORDER BY payment_id) AS s
            FROM pay GROUP BY account_id)
        SELECT a.account_id, md5(concat_ws('#', a.customer_id, a.product, a.currency, a.principal_minor, a.opened_on,
               coalesce(a.annual_rate, ''){extra_sql}, coalesce(i.s, ''), coalesce(p.s, '')))
        FROM acc a LEFT JOIN i ON i.account_id = a.account_id LEFT JOIN p ON p.account_id = a.account_id
        """
    ).fetchall()
    con.close()
    return dict(rows)


def customer_fingerprint(row: dict, keyring: Keyring) -> str:
    """Keyed hash of a customer's whole source row (personal values included)."""
    return keyring.lookup_hash("customer", json.dumps(row, sort_keys=True, ensure_ascii=False, default=str))
