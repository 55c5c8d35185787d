"""Killing the cycle at any point loses nothing and mixes nothing.

The scenario: a store with a demo book and two business dates already run. The manager
fixes the settings (five grace days) and re-runs the first date, which must also recompute
the second one and write the positions back. That run is killed, in a subprocess, at every
named crash point (``arrears.cycle.faults``: write-back half written, before its commit,
just before and after the partition swap, ...) and at random instants. After each kill:

- every partition is readable and is either its old version or its new one, never a mix;
- a date that is not marked stale already holds its new version;
- the store's positions are all old or all new;
- running the same command again ends exactly where an uninterrupted run ends.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from arrears.cycle.faults import EXIT_CODE, POINTS
from arrears.cycle.history import History

D1, D2 = "2026-11-30", "2026-12-01"
GRACE = "[classification]\ngrace_days = 5\n"


def arrears(home: Path, *args: str, crash_at: str | None = None, wait: bool = True):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARREARS_")}
    env.update(ARREARS_HOME=str(home), ARREARS_KEY_FILE=str(home / "keys.json"), ARREARS_LOG_LEVEL="WARNING")
    if crash_at:
        env["ARREARS_CRASH_AT"] = crash_at
    command = [sys.executable, "-m", "arrears", *args]
    if not wait:
        return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


def rerun_args(home: Path) -> list[str]:
    return ["cycle", "--as-of", D1, "--portfolio", str(home / "book"), "--settings", str(home / "grace.toml")]


def state(home: Path) -> dict:
    """Every partition's rows (stale marks apart) and every stored position."""
    history = History(home / "var" / "history")
    partitions = {d.isoformat(): history.read(d).drop_columns([]).to_pylist() for d in history.dates()}
    with sqlite3.connect(home / "var" / "arrears.sqlite3") as db:
        positions = sorted(
            db.execute(
                "SELECT account_id, as_of, bucket, dpd, delinquent_days, roll, times_delinquent FROM portfolio_accountposition"
            )
        )
    return {"partitions": partitions, "positions": positions, "stale": [d.isoformat() for d in history.stale_dates()]}


@pytest.fixture(scope="module")
def before(tmp_path_factory) -> Path:
    """A home with the book imported and both dates run with the default settings."""
    from arrears.protection.keyring import create_key_file

    home = tmp_path_factory.mktemp("before")
    create_key_file(home / "keys.json")
    (home / "grace.toml").write_text(GRACE, encoding="utf-8")
    for args in (
        ["demo-data", "--accounts", "400", "--seed", "3", "--as-of", D1, "--out", str(home / "book")],
        ["migrate"],
        ["import", str(home / "book")],
        ["cycle", "--as-of", D1, "--portfolio", str(home / "book")],
        ["cycle", "--as-of", D2, "--portfolio", str(home / "book")],
    ):
        done = arrears(home, *args)
        assert done.returncode == 0, done.stderr
    return home


@pytest.fixture(scope="module")
def old_and_new(before, tmp_path_factory) -> tuple[dict, dict]:
    """The state before the re-run, and after an uninterrupted one."""
    home = copy_home(before, tmp_path_factory.mktemp("clean"))
    old = state(home)
    done = arrears(home, *rerun_args(home))
    assert done.returncode == 0, done.stderr
    new = state(home)
    assert old["stale"] == new["stale"] == []
    assert all(old["partitions"][d] != new["partitions"][d] for d in (D1, D2)), "the settings change must change both dates"
    assert old["positions"] != new["positions"]
    return old, new


def copy_home(source: Path, target: Path) -> Path:
    """A copy of a home; its partitions still name the original book folder, which stays as it is."""
    shutil.copytree(source, target, dirs_exist_ok=True)
    return target


def assert_nothing_lost_or_mixed(home: Path, old: dict, new: dict, *, strict: bool) -> None:
    after = state(home)
    for day, rows in after["partitions"].items():
        assert rows in (old["partitions"][day], new["partitions"][day]), f"{day}: a mix of old and new rows"
        if strict and day not in after["stale"]:
            assert rows == new["partitions"][day], f"{day} is not marked stale but holds its old results"
    assert after["positions"] in (old["positions"], new["positions"]), "positions: a mix of old and new"
    done = arrears(home, *rerun_args(home))
    assert done.returncode == 0, done.stderr
    assert state(home) == new


@pytest.mark.parametrize("point", POINTS)
def test_a_cycle_killed_at_a_crash_point_loses_nothing(point, before, old_and_new, tmp_path):
    home = copy_home(before, tmp_path / "home")
    killed = arrears(home, *rerun_args(home), crash_at=point)
    assert killed.returncode == EXIT_CODE, f"{point} was not reached: {killed.stderr}"
    assert_nothing_lost_or_mixed(home, *old_and_new, strict=True)


def test_a_cycle_killed_at_random_instants_loses_nothing(before, old_and_new, tmp_path):
    """SIGKILL at seeded random delays over the run's whole length (a few seconds)."""
    delays = random.Random(20261129).sample([x / 10 for x in range(5, 60)], 3)
    for i, delay in enumerate(delays):
        home = copy_home(before, tmp_path / f"home{i}")
        process = arrears(home, *rerun_args(home), wait=False)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        assert_nothing_lost_or_mixed(home, *old_and_new, strict=False)
