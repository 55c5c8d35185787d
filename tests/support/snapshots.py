"""Small snapshot folders written as the lender would send them (CSV), for cycle tests.

An account is ``(account_id, installments, payments)`` with installments as
``(due_date, principal)`` and payments as ``(payment_id, paid_on, amount)``; amounts are
decimal text in CNY. Every account has its own customer, so accounts can come and go
between snapshots.
"""

from __future__ import annotations

import csv
from pathlib import Path

Account = tuple[str, list[tuple[str, str]], list[tuple[str, str, str]]]


def write_snapshot(folder: Path, accounts: list[Account], *, status: dict[str, str] | None = None) -> Path:
    """Write ``folder`` with the four tables; ``status`` adds the optional lender status column."""
    folder.mkdir(parents=True, exist_ok=True)
    status = status or {}
    _write(
        folder / "customers.csv",
        ["customer_id", "full_name", "country", "phones", "credit_grade"],
        [[f"C-{a}", f"Debtor {a}", "CN", f"+86138000{i:05d}", "B"] for i, (a, _, _) in enumerate(accounts)],
    )
    extra = ["status"] if status else []
    _write(
        folder / "accounts.csv",
        ["account_id", "customer_id", "product", "currency", "principal", "opened_on", *extra],
        [
            [a, f"C-{a}", "cash_loan", "CNY", "1000.00", "2026-01-01", *([status.get(a, "active")] if status else [])]
            for a, _, _ in accounts
        ],
    )
    _write(
        folder / "installments.csv",
        ["account_id", "seq", "due_date", "principal_due"],
        [[a, seq, due, amount] for a, plan, _ in accounts for seq, (due, amount) in enumerate(plan, start=1)],
    )
    _write(
        folder / "payments.csv",
        ["payment_id", "account_id", "paid_on", "amount"],
        [[pid, a, paid, amount] for a, _, pays in accounts for pid, paid, amount in pays],
    )
    return folder


def _write(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(header)
        out.writerows(rows)
