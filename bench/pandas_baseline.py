"""The classification written the way a data team would in pandas: vectorised, no per-row Python.

A baseline for ``bench/classify.py``, not part of the product. It reads the Parquet
snapshot with pyarrow, turns the decimal amounts into integer cents, and computes the
default policy (vertical waterfall penalty, fee, interest, principal; no tolerance, no
grace, the default buckets, one amount band): sort the installments, ``groupby().cumsum()``
for the running totals, clip for what each component gets, group-by sums for the account
positions, and writes the result as Parquet. It does not validate the snapshot, so it does
strictly less work than ``arrears classify``. Every currency is assumed to have the
amount columns' decimal places (true of the demo portfolio: CNY, USD, HKD).

    python bench/pandas_baseline.py SNAPSHOT_DIR 2026-11-30 OUT.parquet
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

BUCKETS = [(0, "M0"), (30, "M1"), (60, "M2"), (90, "M3"), (120, "M4"), (150, "M5"), (180, "M6")]
ORDER = ("penalty", "fee", "interest", "principal")


def _minor(table, columns: list[str]):
    import pyarrow as pa
    import pyarrow.compute as pc

    out = {}
    for c in columns:
        col = table[c]
        scale = col.type.scale
        out[c] = pc.cast(pc.multiply(col, pa.scalar(10**scale, pa.int64()).cast(pa.decimal128(19, 0))), pa.int64())
    return out


def classify(snapshot: Path, as_of: date, out: Path) -> int:
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    inst_t = pq.read_table(snapshot / "installments.parquet")
    pay_t = pq.read_table(snapshot / "payments.parquet")
    amounts = [f"{c}_due" for c in ORDER]
    inst = inst_t.select(["account_id", "seq", "due_date"]).to_pandas()
    for c, values in _minor(inst_t, amounts).items():
        inst[c.removesuffix("_due")] = values.to_numpy()
    pay = pay_t.select(["payment_id", "account_id", "paid_on", "reverses"]).to_pandas()
    pay["amount"] = _minor(pay_t, ["amount"])["amount"].to_numpy()
    accounts = pq.read_table(snapshot / "accounts.parquet", columns=["account_id", "customer_id", "currency"]).to_pandas()
    customers = pq.read_table(snapshot / "customers.parquet", columns=["customer_id", "credit_grade"]).to_pandas()
    day = pd.Timestamp(as_of)
    inst["due_date"] = pd.to_datetime(inst["due_date"])
    pay["paid_on"] = pd.to_datetime(pay["paid_on"])

    on_time = pay[pay["paid_on"] <= day]
    reversed_ids = on_time.loc[on_time["reverses"].notna(), "reverses"]
    counted = on_time[on_time["reverses"].isna() & ~on_time["payment_id"].isin(reversed_ids)]
    received = counted.groupby("account_id")["amount"].sum()

    inst = inst.sort_values(["account_id", "due_date", "seq"], kind="stable")
    inst["total"] = inst[list(ORDER)].sum(axis=1)
    before = inst.groupby("account_id", sort=False)["total"].cumsum() - inst["total"]
    money = inst["account_id"].map(received).fillna(0).astype("int64")
    paid = (money - before).clip(lower=0).clip(upper=inst["total"])
    earlier = pd.Series(0, index=inst.index, dtype="int64")
    overdue = inst["due_date"] < day
    for c in ORDER:
        inst[f"unpaid_{c}"] = inst[c] - (paid - earlier).clip(lower=0).clip(upper=inst[c])
        earlier = earlier + inst[c]
    unpaid_total = inst[[f"unpaid_{c}" for c in ORDER]].sum(axis=1)
    late = inst[overdue & (unpaid_total > 0)]
    per = late.groupby("account_id").agg(
        **{f"overdue_{c}": (f"unpaid_{c}", "sum") for c in ORDER}, oldest_overdue_due_date=("due_date", "min")
    )
    total_due = inst.groupby("account_id")["total"].sum()

    result = accounts.merge(customers, on="customer_id", how="left").set_index("account_id")
    result = result.join(per, how="left")
    for c in ORDER:
        result[f"overdue_{c}"] = result[f"overdue_{c}"].fillna(0).astype("int64")
    result["overdue_total"] = result[[f"overdue_{c}" for c in ORDER]].sum(axis=1)
    got = result.index.map(received).fillna(0).astype("int64")
    due = result.index.map(total_due).fillna(0).astype("int64")
    result["outstanding_total"] = np.maximum(due - got, 0)
    result["credit_balance"] = np.maximum(got - due, 0)
    delinquent = result["oldest_overdue_due_date"].notna() & (result["overdue_total"] > 0)
    result["dpd"] = np.where(delinquent, (day - result["oldest_overdue_due_date"]).dt.days, 0).astype("int64")
    result["delinquent_days"] = result["dpd"]
    uppers = np.array([u for u, _ in BUCKETS])
    names = np.array([n for _, n in BUCKETS] + ["M6+"])
    result["bucket"] = names[np.searchsorted(uppers, result["delinquent_days"].to_numpy(), side="left")]
    result["oldest_overdue_due_date"] = result["oldest_overdue_due_date"].where(delinquent)
    result["as_of"] = day
    result["amount_band"] = "all"
    result = result.sort_index().reset_index()
    columns = ["account_id", "as_of", "dpd", "delinquent_days", "bucket"]
    columns += [f"overdue_{c}" for c in ("principal", "interest", "fee", "penalty")]
    columns += ["overdue_total", "outstanding_total", "credit_balance", "oldest_overdue_due_date", "amount_band"]
    columns += ["credit_grade", "currency"]
    pq.write_table(pa.Table.from_pandas(result[columns], preserve_index=False), out)
    return len(result)


if __name__ == "__main__":
    print(classify(Path(sys.argv[1]), date.fromisoformat(sys.argv[2]), Path(sys.argv[3])))
