"""``arrears worker --once`` wired to the real daily cycle: it runs what is owed, once, and refuses bad settings."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from arrears.business_calendar import BusinessCalendar
from arrears.cli import main

WORKER_TABLE = '[worker]\ncountry = "CN"\ntimezone = "Asia/Shanghai"\nat = "00:00"\n'


def test_bad_worker_settings_are_refused_before_anything_runs(tmp_path, capsys):
    settings = tmp_path / "settings.toml"
    settings.write_text('[worker]\ncountry = "XX"\ntimezone = "Asia/Shanghai"\n', encoding="utf-8")
    assert main(["worker", "--settings", str(settings), "--once"]) == 1
    assert f"error: {settings}: worker.country: unknown country 'XX'" in capsys.readouterr().err


def _arrears(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARREARS_", "DJANGO_"))}
    env["ARREARS_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "arrears", *args], env=env, cwd=home, capture_output=True, text=True, timeout=300
    )


def test_worker_once_runs_the_latest_due_date_on_a_first_start_and_nothing_the_second_time(tmp_path):
    assert _arrears(tmp_path, "migrate").returncode == 0
    assert _arrears(tmp_path, "demo-data", "--accounts", "30", "--out", str(tmp_path / "snapshot")).returncode == 0
    (tmp_path / "settings.toml").write_text(WORKER_TABLE, encoding="utf-8")
    once = ("worker", "--settings", "settings.toml", "--portfolio", "snapshot", "--once")

    first = _arrears(tmp_path, *once)
    assert first.returncode == 0, first.stderr
    history = sorted(p.name for p in (tmp_path / "var" / "history").glob("as_of=*"))
    assert len(history) == 1, history  # the latest due date only, not the past
    ran = date.fromisoformat(history[0].removeprefix("as_of="))
    assert first.stdout.strip() == f"daily cycle run for: {ran}"
    assert BusinessCalendar("CN").is_business_day(ran)
    assert ran <= datetime.now(ZoneInfo("Asia/Shanghai")).date()
    assert "arrears.worker: first start with no completed cycle" in first.stderr

    second = _arrears(tmp_path, *once)
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == "daily cycle: nothing owed"
    assert sorted(p.name for p in (tmp_path / "var" / "history").glob("as_of=*")) == history
