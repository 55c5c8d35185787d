"""The cycle benchmark runs (at a tiny size: CI checks that it works, never how fast)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_cycle_benchmark_prints_its_table():
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "cycle.py"), "--accounts", "200", "--runs", "1"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| SQLite") or line.startswith("| baseline")]
    assert len(rows) == 2 and all(line.count("|") == 6 for line in rows)
