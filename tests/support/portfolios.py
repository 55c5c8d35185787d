"""Portfolios built from domain objects, for tests that compare the engine with the domain.

A test states accounts as domain values (``Installment``, ``Payment``); this module turns
them into the typed Arrow tables the snapshot reader produces, and runs both the domain
functions and the engine over them so a test can require identical rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pyarrow as pa

from arrears.domain.allocation import Installment
from arrears.domain.delinquency import ClassificationPolicy, Payment, classify_account


@dataclass(frozen=True)
class LedgerAccount:
    account_id: str
    currency: str
    installments: tuple[Installment, ...]
    payments: tuple[Payment, ...] = ()
    credit_grade: str | None = None
    extra: dict = field(default_factory=dict)


def to_tables(accounts: list[LedgerAccount]) -> dict[str, pa.Table]:
    """The four typed snapshot tables (as ``arrears.snapshot`` yields them)."""
    customers = pa.table(
        {
            "customer_id": [f"C-{a.account_id}" for a in accounts],
            "full_name": [f"Debtor {a.account_id}" for a in accounts],
            "country": ["CN" for _ in accounts],
            "credit_grade": pa.array([a.credit_grade for a in accounts], pa.string()),
        }
    )
    accts = pa.table(
        {
            "account_id": [a.account_id for a in accounts],
            "customer_id": [f"C-{a.account_id}" for a in accounts],
            "product": ["cash_loan" for _ in accounts],
            "currency": [a.currency for a in accounts],
            "principal_minor": pa.array(
                [max(1, sum(i.due.principal.minor for i in a.installments)) for a in accounts], pa.int64()
            ),
            "opened_on": pa.array([date(2020, 1, 1) for _ in accounts], pa.date32()),
        }
    )
    inst = [(a.account_id, i) for a in accounts for i in a.installments]
    installments = pa.table(
        {
            "account_id": pa.array([a for a, _ in inst], pa.string()),
            "seq": pa.array([i.seq for _, i in inst], pa.int64()),
            "due_date": pa.array([i.due_date for _, i in inst], pa.date32()),
            **{
                f"{c}_minor": pa.array([i.due.get(c).minor for _, i in inst], pa.int64())
                for c in ("principal", "interest", "fee", "penalty")
            },
        }
    )
    pays = [(a.account_id, p) for a in accounts for p in a.payments]
    payments = pa.table(
        {
            "payment_id": pa.array([p.payment_id for _, p in pays], pa.string()),
            "account_id": pa.array([a for a, _ in pays], pa.string()),
            "paid_on": pa.array([p.paid_on for _, p in pays], pa.date32()),
            "amount_minor": pa.array([p.amount.minor for _, p in pays], pa.int64()),
            "reverses": pa.array([p.reverses for _, p in pays], pa.string()),
        }
    )
    return {"customers": customers, "accounts": accts, "installments": installments, "payments": payments}


def domain_rows(accounts: list[LedgerAccount], as_of: date, policy: ClassificationPolicy) -> list[dict[str, str]]:
    rows = [
        classify_account(a.account_id, a.currency, a.installments, a.payments, as_of, policy, a.credit_grade).as_row()
        for a in sorted(accounts, key=lambda a: a.account_id)
    ]
    return rows


def engine_rows(accounts: list[LedgerAccount], as_of: date, policy: ClassificationPolicy) -> list[dict[str, str]]:
    from arrears.engine.run import classify_tables

    result = classify_tables(**to_tables(accounts), as_of=as_of, policy=policy).rows
    return [as_text(row) for row in result.to_pylist()]


def as_text(row: dict) -> dict[str, str]:
    out = {}
    for key, value in row.items():
        if value is None:
            out[key] = ""
        elif isinstance(value, date):
            out[key] = value.isoformat()
        else:
            out[key] = str(value)
    return out


def ledger_accounts(customers: pa.Table, accounts: pa.Table, installments: pa.Table, payments: pa.Table) -> list[LedgerAccount]:
    """Domain objects from typed snapshot tables (the reader's output), for the domain side of parity."""
    from collections import defaultdict

    from arrears.domain.allocation import Components
    from arrears.domain.money import Money

    grade = {c["customer_id"]: c["credit_grade"] for c in customers.select(["customer_id", "credit_grade"]).to_pylist()}
    acct = accounts.select(["account_id", "customer_id", "currency"]).to_pylist()
    currency = {a["account_id"]: a["currency"] for a in acct}
    insts: dict[str, list[Installment]] = defaultdict(list)
    for r in installments.to_pylist():
        c = currency[r["account_id"]]
        due = Components(*(Money.from_minor(r[f"{k}_minor"], c) for k in ("principal", "interest", "fee", "penalty")))
        insts[r["account_id"]].append(Installment(r["seq"], r["due_date"], due))
    pays: dict[str, list[Payment]] = defaultdict(list)
    for r in payments.to_pylist():
        amount = Money.from_minor(r["amount_minor"], currency[r["account_id"]])
        pays[r["account_id"]].append(Payment(r["payment_id"], r["paid_on"], amount, r["reverses"]))
    return [
        LedgerAccount(
            a["account_id"], a["currency"], tuple(insts[a["account_id"]]), tuple(pays[a["account_id"]]), grade[a["customer_id"]]
        )
        for a in acct
    ]
