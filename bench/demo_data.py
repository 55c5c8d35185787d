"""Benchmark: generating a demo portfolio, against writing the same rows with the csv module.

The target from the issue: 1,000,000 accounts in under 2 minutes on a 2-core machine. The
baseline in the same run is the floor any generator pays: the stdlib ``csv`` writer
writing the generated installment rows (the largest table) from Python lists.

    python bench/demo_data.py --accounts 1000000 --runs 3
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import measure

GENERATE = """
import time, tempfile
from datetime import date
from pathlib import Path
from arrears.demo.generator import generate
with tempfile.TemporaryDirectory() as tmp:
    t0 = time.perf_counter()
    counts = generate(Path(tmp) / "s", accounts={n}, seed=1, locale="{locale}", as_of=date(2026, 11, 30), fmt="{fmt}")
    seconds = time.perf_counter() - t0
"""

BASELINE = """
import csv, time, tempfile
from datetime import date
from pathlib import Path
import pyarrow.csv as pcsv
from arrears.demo.generator import generate
with tempfile.TemporaryDirectory() as tmp:
    generate(Path(tmp) / "s", accounts={n}, seed=1, locale="zh_CN", as_of=date(2026, 11, 30))
    options = pcsv.ConvertOptions(strings_can_be_null=False)
    rows = pcsv.read_csv(Path(tmp) / "s" / "installments.csv", convert_options=options).to_pylist()
    t0 = time.perf_counter()
    with open(Path(tmp) / "copy.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(rows[0].keys())
        w.writerows(r.values() for r in rows)
    seconds = time.perf_counter() - t0
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = {
        "demo-data zh_CN csv": measure(GENERATE.format(n=args.accounts, locale="zh_CN", fmt="csv"), args.runs),
        "demo-data en_US parquet": measure(GENERATE.format(n=args.accounts, locale="en_US", fmt="parquet"), args.runs),
        "baseline: stdlib csv writes the installments table only": measure(BASELINE.format(n=args.accounts), args.runs),
    }
    base = results["baseline: stdlib csv writes the installments table only"]["median_s"]
    print(f"accounts: {args.accounts:,}; runs per row: {args.runs}\n")
    print("| step | median s | runs (s) | peak MiB | time / baseline |")
    print("|---|---:|---|---:|---:|")
    for name, r in results.items():
        runs = ", ".join(f"{t:.1f}" for t in r["runs"])
        print(f"| {name} | {r['median_s']:.1f} | {runs} | {r['peak_mib']:.0f} | {r['median_s'] / base:.2f} |")


if __name__ == "__main__":
    main()
