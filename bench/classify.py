"""Benchmark: classifying a portfolio with the engine against the domain loop baseline.

The baseline is the same classification done the obvious way: build domain objects for
each account and call ``classify_account`` in a Python loop (what a loan system's nightly
job does, account by account). Both read the same validated snapshot; the snapshot read
(validation included) is measured too.

    python bench/classify.py --accounts 100000 --runs 3

Results go to stdout as a Markdown table; docs/benchmarks.md records them.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import measure  # noqa: E402

SETUP = """
import time
from datetime import date
from pathlib import Path
from arrears.snapshot import read_snapshot
from arrears.domain.delinquency import ClassificationPolicy
AS_OF = date(2026, 11, 30)
snap_dir = Path({snap!r})
"""

READ = (
    SETUP
    + """
t0 = time.perf_counter()
snap = read_snapshot(snap_dir)
seconds = time.perf_counter() - t0
"""
)

ENGINE = (
    SETUP
    + """
from arrears.engine.run import classify_tables
snap = read_snapshot(snap_dir)
t0 = time.perf_counter()
run = classify_tables(snap.customers, snap.accounts, snap.installments, snap.payments, AS_OF, ClassificationPolicy())
seconds = time.perf_counter() - t0
assert run.rows.num_rows == snap.accounts.num_rows
"""
)

BASELINE = (
    SETUP
    + """
import sys
sys.path.insert(0, {root!r})
from tests.support.portfolios import domain_rows, ledger_accounts
snap = read_snapshot(snap_dir)
t0 = time.perf_counter()
accounts = ledger_accounts(snap.customers, snap.accounts, snap.installments, snap.payments)
rows = domain_rows(accounts, AS_OF, ClassificationPolicy())
seconds = time.perf_counter() - t0
assert len(rows) == snap.accounts.num_rows
"""
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-baseline", action="store_true")
    args = parser.parse_args()
    from datetime import date

    from arrears.demo.generator import generate

    with tempfile.TemporaryDirectory() as tmp:
        snap = Path(tmp) / "snapshot"
        generate(snap, accounts=args.accounts, seed=7, locale="zh_CN", as_of=date(2026, 11, 30))
        results = {"read + validate snapshot": measure(READ.format(snap=str(snap)), args.runs)}
        results["classify: engine (Ibis on DuckDB)"] = measure(ENGINE.format(snap=str(snap)), args.runs)
        if not args.skip_baseline:
            results["classify: baseline (domain loop)"] = measure(BASELINE.format(snap=str(snap), root=str(ROOT)), args.runs)
    base = results.get("classify: baseline (domain loop)")
    print(f"accounts: {args.accounts:,}; runs per row: {args.runs}; median seconds, peak RSS of the whole process\n")
    print("| step | median s | runs (s) | peak MiB | vs baseline |")
    print("|---|---:|---|---:|---:|")
    for name, r in results.items():
        ratio = f"{base['median_s'] / r['median_s']:.1f}x faster" if base and name.startswith("classify: engine") else ""
        runs = ", ".join(f"{t:.2f}" for t in r["runs"])
        print(f"| {name} | {r['median_s']:.2f} | {runs} | {r['peak_mib']:.0f} | {ratio} |")


if __name__ == "__main__":
    main()
