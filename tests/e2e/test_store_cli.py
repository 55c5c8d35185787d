"""The store through the command line: import, refusals, and no identifier in clear on disk."""

from __future__ import annotations

import csv
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKED = ROOT / "examples" / "worked"


def arrears(home: Path, *args: str, key_file: bool = True) -> subprocess.CompletedProcess:
    """Run the command in a clean environment; ``key_file=False`` lets the demo make its own keys."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARREARS_")}
    env["ARREARS_HOME"] = str(home)
    if key_file:
        env["ARREARS_KEY_FILE"] = str(home / "keys.json")
    return subprocess.run([sys.executable, "-m", "arrears", *args], capture_output=True, text=True, timeout=300, env=env)


@pytest.fixture
def home(tmp_path) -> Path:
    from arrears.protection.keyring import create_key_file

    create_key_file(tmp_path / "keys.json")
    assert arrears(tmp_path, "migrate").returncode == 0
    return tmp_path


def table_counts(home: Path) -> dict[str, int]:
    with sqlite3.connect(home / "var" / "arrears.sqlite3") as db:
        return {
            t: db.execute(f"SELECT count(*) FROM portfolio_{t}").fetchone()[0]
            for t in ("account", "installment", "payment", "customer")
        }


def test_import_refuses_bad_rows_naming_each_and_leaves_the_database_unchanged(home, tmp_path):
    assert arrears(home, "import", str(WORKED)).returncode == 0
    before = table_counts(home)
    bad = tmp_path / "bad"
    shutil.copytree(WORKED, bad)
    text = (bad / "payments.csv").read_text(encoding="utf-8").replace("P03,W01,2026-11-15,110.00", "P03,W01,2026-11-15,11O.00")
    (bad / "payments.csv").write_text(text, encoding="utf-8")
    result = arrears(home, "import", str(bad))
    assert result.returncode == 1
    assert f"{bad / 'payments.csv'}:4:amount: '11O.00' is not an amount" in result.stderr
    assert "Traceback" not in result.stderr
    assert table_counts(home) == before


def test_import_twice_reports_nothing_changed(home):
    first = arrears(home, "import", str(WORKED))
    second = arrears(home, "import", str(WORKED))
    assert "11 new" in first.stdout
    assert "nothing changed" in second.stdout


def test_import_without_keys_is_refused_with_the_setting_to_fix(tmp_path):
    env_home = tmp_path
    assert arrears(env_home, "migrate").returncode == 0
    result = arrears(env_home, "import", str(WORKED))  # ARREARS_KEY_FILE points to a missing file
    assert result.returncode == 1 and "ARREARS_KEY_FILE" in result.stderr


def test_no_identifier_is_in_clear_in_the_sqlite_files_after_a_demo(tmp_path):
    result = arrears(tmp_path, "demo", "--accounts", "800", "--as-of", "2026-11-30", "--no-serve", key_file=False)
    assert result.returncode == 0, result.stderr
    with (tmp_path / "var" / "demo" / "snapshot" / "customers.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    secrets = {r["national_id"] for r in rows if r["national_id"]}
    secrets |= {p for r in rows for p in (r["phones"] or "").split(";") if p}
    secrets |= {p.lstrip("+") for r in rows for p in (r["phones"] or "").split(";") if p}
    secrets |= {e for r in rows for e in (r["emails"] or "").split(";") if e}
    secrets |= {r["address"] for r in rows if r["address"]}
    assert len(secrets) > 1000
    files = list((tmp_path / "var").glob("arrears.sqlite3*"))
    assert any(f.name.endswith("-wal") for f in files) or len(files) >= 1
    blob = b"".join(f.read_bytes() for f in files)
    assert [s for s in secrets if s.encode() in blob] == []
    assert "王" in (tmp_path / "var" / "demo" / "snapshot" / "customers.csv").read_text(encoding="utf-8")  # the test data is real
    for secret in list(secrets)[:50]:
        assert secret not in result.stdout + result.stderr


def test_demo_users_can_be_given_a_password_and_are_printed_with_their_roles(tmp_path):
    result = arrears(tmp_path, "demo", "--accounts", "200", "--no-serve", "--password", "correct-horse-42", key_file=False)
    assert result.returncode == 0, result.stderr
    assert "manager" in result.stderr and "collections_manager" in result.stderr and "correct-horse-42" in result.stderr
    with sqlite3.connect(tmp_path / "var" / "arrears.sqlite3") as db:
        hashes = dict(db.execute("SELECT username, password FROM auth_user").fetchall())
    assert set(hashes) == {"manager", "collector", "compliance"}
    assert all(h.startswith("argon2") for h in hashes.values())
