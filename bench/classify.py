"""Benchmark: ``arrears classify`` end to end against a pandas job, a per-account loop and a bare scan.

One run generates a Parquet demo snapshot (zh_CN, seed 7, about 13 installments and 7
payments per account) and measures, each in fresh processes, median of ``--runs``:

- **ours**: the command ``arrears classify --portfolio DIR --as-of D --out FILE.parquet``
  as a subprocess, from start to exit (interpreter start-up, validation, classification,
  the written file and the printed summary all included);
- **pandas**: ``bench/pandas_baseline.py``, the same classification (default policy)
  written vectorised in pandas (sort, ``groupby().cumsum()``), reading the same files and
  writing Parquet; it does not validate, so it does less work; timed from before
  ``import pandas`` to the written file;
- **per-account loop**: what a loan system's nightly job does: domain objects per account
  and ``arrears.domain.delinquency.classify_account`` in a Python loop, timed over
  building the objects and classifying (the snapshot is read before the clock starts). It
  runs on ``--loop-accounts`` accounts (default: all of them up to 100,000) and is scaled
  linearly to the full size; the table says which;
- **bare DuckDB scan**: one query reading every Parquet column the classification reads
  (installments: account, seq, due date, four amounts; payments: id, account, date,
  amount, reversal; accounts and customers: ids, currency, grade), timed around the query.

    python bench/classify.py --accounts 1000000 --runs 3
    python bench/classify.py --accounts 10000000 --runs 1 --skip-baselines --snapshot /tmp/p10m

Results go to stdout as a Markdown table; docs/benchmarks.md records them.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from _measure import measure  # noqa: E402

AS_OF = date(2026, 11, 30)

OURS = """
import subprocess, sys, time
t0 = time.perf_counter()
done = subprocess.run([sys.executable, "-m", "arrears", "classify", "--portfolio", {snap!r}, "--as-of", {as_of!r},
                       "--out", {out!r}], capture_output=True, text=True)
seconds = time.perf_counter() - t0
assert done.returncode == 0, done.stderr
"""

PANDAS = """
import sys, time
t0 = time.perf_counter()
sys.path.insert(0, {here!r})
from datetime import date
from pathlib import Path
from pandas_baseline import classify
n = classify(Path({snap!r}), date.fromisoformat({as_of!r}), Path({out!r}))
seconds = time.perf_counter() - t0
"""

LOOP = """
import sys, time
from datetime import date
sys.path.insert(0, {root!r})
import pyarrow.compute as pc
from arrears.domain.delinquency import ClassificationPolicy
from arrears.snapshot import read_snapshot
from tests.support.portfolios import domain_rows, ledger_accounts
snap = read_snapshot({snap!r})
keep = snap.accounts.slice(0, {n})
ids = keep["account_id"]
inst = snap.installments.filter(pc.is_in(snap.installments["account_id"], value_set=ids))
pays = snap.payments.filter(pc.is_in(snap.payments["account_id"], value_set=ids))
t0 = time.perf_counter()
accounts = ledger_accounts(snap.customers, keep, inst, pays)
rows = domain_rows(accounts, date.fromisoformat({as_of!r}), ClassificationPolicy())
seconds = time.perf_counter() - t0
assert len(rows) == {n}
"""

SCAN = """
import time, duckdb
con = duckdb.connect()
s = {snap!r}
query = f'''
SELECT (SELECT count(account_id) + max(seq) + count(due_date) + sum(principal_due) + sum(interest_due) + sum(fee_due)
               + sum(penalty_due) FROM read_parquet('{{s}}/installments.parquet')),
       (SELECT count(payment_id) + count(account_id) + count(paid_on) + sum(amount) + count(reverses)
          FROM read_parquet('{{s}}/payments.parquet')),
       (SELECT count(account_id) + count(customer_id) + count(currency) FROM read_parquet('{{s}}/accounts.parquet')),
       (SELECT count(customer_id) + count(credit_grade) FROM read_parquet('{{s}}/customers.parquet'))
'''
t0 = time.perf_counter()
con.execute(query).fetchall()
seconds = time.perf_counter() - t0
"""


def _row(name: str, r: dict, note: str = "") -> str:
    runs = ", ".join(f"{t:.2f}" for t in r["runs"])
    return f"| {name} | {r['median_s']:.2f} | {runs} | {r['peak_mib']:.0f} | {note} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--loop-accounts", type=int, help="accounts for the per-account loop (default: min(accounts, 100000))")
    parser.add_argument("--skip-baselines", action="store_true", help="measure ours and the bare scan only")
    parser.add_argument("--snapshot", type=Path, help="use (or create) the snapshot here instead of a temporary folder")
    args = parser.parse_args()
    from arrears.demo.generator import generate

    tmp = Path(tempfile.mkdtemp(prefix="arrears-bench-"))
    try:
        snap = args.snapshot or tmp / "snapshot"
        if not (snap / "installments.parquet").exists():
            generate(snap, accounts=args.accounts, seed=7, locale="zh_CN", as_of=AS_OF, fmt="parquet")
        fields = {"snap": str(snap), "as_of": AS_OF.isoformat(), "here": str(HERE), "root": str(ROOT)}
        results = {"ours": measure(OURS.format(out=str(tmp / "ours.parquet"), **fields), args.runs)}
        results["scan"] = measure(SCAN.format(**fields), args.runs)
        loop_n = min(args.loop_accounts or min(args.accounts, 100_000), args.accounts)
        if not args.skip_baselines:
            results["pandas"] = measure(PANDAS.format(out=str(tmp / "pandas.parquet"), **fields), args.runs)
            loop_runs = args.runs if loop_n <= 100_000 else 1
            results["loop"] = measure(LOOP.format(n=loop_n, **fields), loop_runs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    _report(args.accounts, args.runs, results, loop_n)


def _report(n: int, runs: int, results: dict, loop_n: int) -> None:
    ours = results["ours"]["median_s"]
    print(f"accounts: {n:,}; median of {runs} run(s) each in fresh processes; peak RSS of the measured process(es)\n")
    print("| step | median s | runs (s) | peak MiB | ratio |")
    print("|---|---:|---|---:|---:|")
    print(_row("arrears classify (end to end, Parquet out)", results["ours"]))
    if "pandas" in results:
        pandas = results["pandas"]["median_s"]
        print(_row("baseline: pandas, vectorised (no validation)", results["pandas"], f"ours {pandas / ours:.1f}x faster"))
    if "loop" in results:
        loop = results["loop"]
        per_account = loop["median_s"] / loop_n
        scaled = per_account * n
        where = f"measured on {loop_n:,} accounts" + (f", scaled to {n:,}: {scaled:.1f} s" if loop_n != n else "")
        print(_row(f"baseline: per-account loop ({where})", loop, f"ours {scaled / ours:.1f}x faster"))
    scan = results["scan"]["median_s"]
    print(_row("bare DuckDB scan of the same columns", results["scan"], f"ours / scan = {ours / scan:.1f}"))


if __name__ == "__main__":
    main()
