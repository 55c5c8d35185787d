"""DuckDB's spill folder: one per process, and those of killed processes are cleaned up."""

from __future__ import annotations

import subprocess
import sys

from arrears.engine import backends


def test_a_killed_process_spill_folder_is_removed_by_the_next_one(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    orphan = tmp_path / f"arrears-duckdb-{dead.stdout.strip()}-abc"
    mine = tmp_path / f"arrears-duckdb-{__import__('os').getpid()}-xyz"
    orphan.mkdir()
    mine.mkdir()
    (orphan / "spill.tmp").write_bytes(b"x")
    backends._remove_orphans(tmp_path)
    assert not orphan.exists() and mine.exists()
