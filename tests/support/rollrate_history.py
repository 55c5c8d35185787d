"""History partitions for the roll-rate tests, and the worked example of ``docs/rollrates.md``.

Rows are built with ``arrears.cycle.history.SCHEMA`` and written with ``History.write``,
exactly as the cycle writes them, so the tests read real partitions.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa

from arrears.cycle.history import SCHEMA, History

D1, D2, D3 = date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3)


def row(
    account_id: str,
    as_of: date,
    status: str = "active",
    bucket: str | None = "M0",
    outstanding: int = 100_000,
    *,
    currency: str = "CNY",
    dpd: int = 0,
    overdue: int = 0,
    roll: str | None = "stable",
) -> dict:
    """One account on one date; amounts in minor units. A ``closed`` row has no bucket."""
    if status == "closed":
        bucket, roll, outstanding, overdue = None, "exit", 0, 0
    return {
        "account_id": account_id,
        "customer_id": f"C-{account_id}",
        "product": "loan",
        "currency": currency,
        "as_of": as_of,
        "status": status,
        "dpd": dpd,
        "delinquent_days": dpd,
        "bucket": bucket,
        "overdue_principal_minor": overdue,
        "overdue_interest_minor": 0,
        "overdue_fee_minor": 0,
        "overdue_penalty_minor": 0,
        "overdue_total_minor": overdue,
        "outstanding_total_minor": outstanding,
        "credit_balance_minor": 0,
        "oldest_overdue_due_date": None,
        "amount_band": None,
        "credit_grade": None,
        "previous_bucket": None,
        "roll": roll,
        "cured": False,
        "first_delinquency_date": None,
        "times_delinquent": 0,
        "score": None,
        "strategy": None,
    }


def write(history: History, as_of: date, rows: list[dict]) -> None:
    history.write(as_of, pa.Table.from_pylist(rows, schema=SCHEMA), {"source": "test"})


#: The worked example of docs/rollrates.md: (account, bucket or status on D1, D2, D3, outstanding on D1 and D3).
#: Amounts are CNY fen. ``None`` means no row that day.
EXAMPLE = [
    # account  D1              D2              D3              outstanding D1  outstanding D3
    ("A01", ("active", "M0"), ("active", "M0"), ("active", "M0"), 100_000, 90_000),
    ("A02", ("active", "M0"), ("active", "M1"), ("active", "M1"), 200_000, 200_000),
    ("A03", ("active", "M0"), ("active", "M0"), ("paid_off", "M0"), 300_000, 0),
    ("A04", ("active", "M0"), ("closed", None), None, 400_000, 0),
    ("A05", ("active", "M1"), ("active", "M1"), ("active", "M0"), 150_000, 100_000),
    ("A06", ("active", "M1"), ("active", "M2"), ("active", "M2"), 250_000, 260_000),
    ("A07", ("active", "M1"), ("active", "M1"), ("active", "M1"), 50_000, 50_000),
    ("A08", ("active", "M2"), ("active", "M3"), ("charged_off", "M3"), 600_000, 610_000),
    ("A09", ("active", "M2"), ("active", "M3"), ("active", "M3"), 400_000, 420_000),
    ("A10", ("paid_off", "M0"), ("paid_off", "M0"), ("paid_off", "M0"), 0, 0),
]
DPD = {"M0": 0, "M1": 12, "M2": 40, "M3": 70}


def write_example(root: Path) -> History:
    """The three dates of the worked example under ``root``."""
    history = History(root)
    for i, as_of in enumerate((D1, D2, D3)):
        rows = []
        for account, *states, first_balance, last_balance in EXAMPLE:
            state = states[i]
            if state is None:
                continue
            status, bucket = state
            balance = first_balance if i == 0 else last_balance
            rows.append(row(account, as_of, status, bucket, balance, dpd=DPD.get(bucket or "M0", 0)))
        write(history, as_of, rows)
    return history


# -- a larger history for pictures: month-ends of a portfolio rolling through the buckets ----------

#: Where an account in each bucket (or status) goes at the next month-end, with weights.
MOVES = {
    "M0": {"M0": 88, "M1": 7, "paid_off": 4, "closed": 1},
    "M1": {"M0": 38, "M1": 30, "M2": 28, "paid_off": 4},
    "M2": {"M0": 16, "M2": 24, "M3": 56, "paid_off": 2, "recalled": 2},
    "M3": {"M0": 10, "M3": 22, "M4": 64, "paid_off": 2, "sold": 2},
    "M4": {"M0": 6, "M4": 22, "M5": 70, "paid_off": 2},
    "M5": {"M0": 4, "M5": 22, "M6": 72, "paid_off": 2},
    "M6": {"M0": 3, "M6": 25, "M6+": 60, "charged_off": 12},
    "M6+": {"M6+": 70, "charged_off": 20, "sold": 10},
}
DPD_OF = {"M0": 0, "M1": 15, "M2": 45, "M3": 75, "M4": 105, "M5": 135, "M6": 165, "M6+": 200}


def synthetic_history(root: Path, dates: list[date], accounts: dict[str, int], seed: int = 7) -> tuple[History, dict]:
    """Accounts per currency moving by ``MOVES`` at each date; returns the history and every row written.

    Accounts that exit keep their exit status for one date, then get a ``closed`` row and
    disappear, as the cycle records them; a few new accounts join each date.
    """
    import random

    rnd = random.Random(seed)
    history = History(root)
    state: dict[str, tuple[str, str, str | None, int]] = {}  # id -> (currency, status, bucket, balance)
    serial = 0

    def new(currency: str) -> None:
        nonlocal serial
        serial += 1
        start = rnd.choices(["M0", "M1", "M2", "M3", "M6+"], [80, 8, 5, 4, 3])[0]
        state[f"{currency[0]}{serial:05d}"] = (currency, "active", start, rnd.randrange(2_000, 80_000) * 100)

    for currency, n in accounts.items():
        for _ in range(n):
            new(currency)
    written: dict[date, list[dict]] = {}
    for i, as_of in enumerate(dates):
        if i:
            for account, (currency, status, bucket, balance) in list(state.items()):
                if status == "closed":
                    del state[account]
                elif status != "active":
                    state[account] = (currency, "closed", None, 0)
                else:
                    moves = MOVES[bucket]
                    to = rnd.choices(list(moves), list(moves.values()))[0]
                    if to in MOVES:
                        state[account] = (currency, "active", to, max(0, balance - rnd.randrange(0, 3_000) * 100))
                    else:
                        state[account] = (currency, to, bucket, 0 if to == "paid_off" else balance)
            for currency, n in accounts.items():
                for _ in range(max(1, n // 25)):
                    new(currency)
        rows = []
        for account, (currency, status, bucket, balance) in sorted(state.items()):
            dpd = DPD_OF.get(bucket or "", 0) if status == "active" else 0
            overdue = balance // 6 if dpd else 0
            rows.append(row(account, as_of, status, bucket, balance, currency=currency, dpd=dpd, overdue=overdue))
        write(history, as_of, rows)
        written[as_of] = rows
    return history, written
