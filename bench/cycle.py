"""Benchmark: the full ``arrears cycle`` (with write-back of the current state) on SQLite and PostgreSQL.

Ours: ``arrears cycle --as-of D --portfolio DIR`` end to end, as a command (start-up,
loading and validating the Parquet snapshot, classification, comparison with the previous
business date, the history partition, and the write-back of every account's position to
the store in one transaction). The previous date has been run first, so the comparison has
real work to do. Baseline in the same run: ``arrears classify`` of the same snapshot to a
Parquet file, i.e. the classification alone; the ratio is what the cycle's comparison,
history and write-back add.

    python bench/cycle.py --accounts 1000000 --runs 3 [--postgres]

The store is prepared once per database (``arrears import`` of the snapshot: not timed;
see bench/import_store.py for that). ``--postgres`` starts a throwaway cluster (Debian's
server package must be installed).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

AS_OF = date(2026, 11, 30)

# Runs one command in a fresh interpreter and reports its wall time and the child's peak RSS.
TIMER = """
import json, resource, subprocess, sys, time
t0 = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - t0
if done.returncode != 0:
    sys.exit(done.stderr[-2000:])
print(json.dumps({"seconds": seconds, "peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def timed(command: list[str], env: dict, runs: int) -> dict:
    results = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", TIMER, *command], env=env, check=True, capture_output=True, text=True)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    times = [r["seconds"] for r in results]
    return {"median_s": statistics.median(times), "runs": times, "peak_mib": max(r["peak_mib"] for r in results)}


def arrears(*args: str) -> list[str]:
    return [sys.executable, "-m", "arrears", *args]


def prepare(home: Path, snapshot: Path, url: str) -> dict:
    """A home with keys, the schema, the snapshot imported and the previous business date run."""
    from arrears.protection.keyring import create_key_file

    env = {k: v for k, v in os.environ.items() if not k.startswith("ARREARS_")}
    env.update(ARREARS_HOME=str(home), ARREARS_KEY_FILE=str(home / "keys.json"), ARREARS_LOG_LEVEL="WARNING")
    if url:
        env["ARREARS_DATABASE_URL"] = url
    create_key_file(home / "keys.json")
    previous = (AS_OF - timedelta(days=1)).isoformat()
    for command in (
        arrears("migrate"),
        arrears("import", str(snapshot)),
        arrears("cycle", "--as-of", previous, "--portfolio", str(snapshot)),
    ):
        subprocess.run(command, env=env, check=True, capture_output=True)
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--snapshot", type=Path, help="reuse this Parquet snapshot folder instead of generating one")
    args = parser.parse_args()
    from arrears.demo.generator import generate

    cluster = None
    targets = [("SQLite", "")]
    if args.postgres:
        from tests import postgres

        cluster = postgres.start()
        targets.append(("PostgreSQL", cluster.url))
    results: dict[str, dict] = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            snapshot = args.snapshot
            if snapshot is None:
                snapshot = Path(tmp) / "snapshot"
                generate(snapshot, accounts=args.accounts, seed=5, locale="zh_CN", as_of=AS_OF, fmt="parquet")
            for name, url in targets:
                env = prepare(Path(tmp) / name, snapshot, url)
                cycle = arrears("cycle", "--as-of", AS_OF.isoformat(), "--portfolio", str(snapshot))
                results[f"{name}: arrears cycle (with write-back)"] = timed(cycle, env, args.runs)
            classify = arrears("classify", "--portfolio", str(snapshot), "--as-of", AS_OF.isoformat())
            results["baseline: arrears classify only"] = timed([*classify, "--out", str(Path(tmp) / "c.parquet")], env, args.runs)
    finally:
        if cluster is not None:
            from tests import postgres

            postgres.stop(cluster)
    base = results["baseline: arrears classify only"]["median_s"]
    print(f"accounts: {args.accounts:,}; runs per row: {args.runs}; cpus: {os.cpu_count()}\n")
    print("| what | median s | runs (s) | peak MiB | vs classify only |")
    print("|---|---:|---|---:|---:|")
    for name, r in results.items():
        runs = ", ".join(f"{t:.1f}" for t in r["runs"])
        print(f"| {name} | {r['median_s']:.1f} | {runs} | {r['peak_mib']:.0f} | {r['median_s'] / base:.1f}x |")


if __name__ == "__main__":
    main()
