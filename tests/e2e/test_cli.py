"""The ``arrears`` command as a user runs it: a real process, real files."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKED = ROOT / "examples" / "worked"


def arrears(*args: str, cwd: Path | None = None, home: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARREARS_")}
    if home is not None:
        env["ARREARS_HOME"] = str(home)
    return subprocess.run([sys.executable, "-m", "arrears", *args], capture_output=True, text=True, cwd=cwd, timeout=300, env=env)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_start_up_imports_no_heavy_library():
    code = (
        "import sys, arrears.cli; print(sorted(m for m in ('ibis', 'pyarrow', 'duckdb', 'pandas', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_help_lists_the_commands():
    out = arrears("--help")
    assert out.returncode == 0
    for command in ("demo", "demo-data", "classify"):
        assert command in out.stdout


@pytest.mark.parametrize(
    ("settings", "expected"),
    [(None, "expected.csv"), ("settings.toml", "expected-with-settings.csv")],
)
def test_classify_reproduces_the_hand_checked_worked_example(tmp_path, settings, expected):
    out_file = tmp_path / "result.csv"
    args = ["classify", "--portfolio", str(WORKED), "--as-of", "2026-11-30", "--out", str(out_file)]
    if settings:
        args += ["--settings", str(WORKED / settings)]
    result = arrears(*args)
    assert result.returncode == 0, result.stderr
    assert read_csv(out_file) == read_csv(WORKED / expected)
    assert out_file.read_text(encoding="utf-8").splitlines()[0].split(",")[0].strip('"') == "account_id"


def test_classify_writes_parquet_with_decimal_amounts(tmp_path):
    out_file = tmp_path / "result.parquet"
    result = arrears("classify", "--portfolio", str(WORKED), "--as-of", "2026-11-30", "--out", str(out_file))
    assert result.returncode == 0, result.stderr
    table = pq.read_table(out_file)
    assert str(table.schema.field("overdue_total").type).startswith("decimal128")
    assert str(table.schema.field("as_of").type) == "date32[day]"
    rows = {r["account_id"]: r for r in table.to_pylist()}
    expected = {r["account_id"]: r for r in read_csv(WORKED / "expected.csv")}
    assert {k: str(v["overdue_total"]) for k, v in rows.items()} == {
        k: v["overdue_total"] if v["currency"] != "JPY" else v["overdue_total"] + ".00" for k, v in expected.items()
    }


def test_classify_prints_the_summary_as_json(tmp_path):
    result = arrears("classify", "--portfolio", str(WORKED), "--as-of", "2026-11-30", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["total"]["accounts"] == len(read_csv(WORKED / "expected.csv"))
    by_bucket = {b["bucket"]: b for b in summary["buckets"]}
    assert by_bucket["M6+"]["overdue"] == {"JPY": "31000"}


def test_a_bad_snapshot_is_refused_with_every_problem_and_nothing_written(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    for f in WORKED.glob("*.csv"):
        (bad / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    installments = (bad / "installments.csv").read_text(encoding="utf-8").splitlines()
    installments[3] = installments[3].replace("2026-11-15", "2026-11-31")  # line 4: impossible date
    installments[5] = installments[5].replace("100.00", "-100.00")  # line 6: negative amount
    (bad / "installments.csv").write_text("\n".join(installments) + "\n", encoding="utf-8")
    payments = (bad / "payments.csv").read_text(encoding="utf-8").replace("P13,W10", "P13,W99")  # missing account
    (bad / "payments.csv").write_text(payments, encoding="utf-8")
    out_file = tmp_path / "result.csv"
    result = arrears("classify", "--portfolio", str(bad), "--as-of", "2026-11-30", "--out", str(out_file))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{bad / 'installments.csv'}:4:due_date:" in result.stderr
    assert f"{bad / 'installments.csv'}:6:principal_due:" in result.stderr
    assert f"{bad / 'payments.csv'}:16:account_id:" in result.stderr
    assert not out_file.exists()


def test_bad_settings_are_refused_before_anything_runs(tmp_path):
    settings = tmp_path / "s.toml"
    settings.write_text("[classification]\ngrace_days = 'three'\n", encoding="utf-8")
    out_file = tmp_path / "r.csv"
    result = arrears(
        "classify", "--portfolio", str(WORKED), "--as-of", "2026-11-30", "--out", str(out_file), "--settings", str(settings)
    )
    assert result.returncode == 1
    assert "classification.grace_days" in result.stderr and "Traceback" not in result.stderr
    assert not out_file.exists()


def test_a_malformed_business_date_is_a_usage_error():
    result = arrears("classify", "--portfolio", str(WORKED), "--as-of", "30/11/2026")
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr


def test_demo_data_is_deterministic_per_seed(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for out, seed in ((a, "5"), (b, "5"), (c, "6")):
        result = arrears(
            "demo-data", "--accounts", "300", "--seed", seed, "--locale", "en_US", "--as-of", "2026-11-30", "--out", str(out)
        )
        assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    assert all((a / n).read_bytes() == (b / n).read_bytes() for n in names)
    assert (a / "payments.csv").read_bytes() != (c / "payments.csv").read_bytes()


def test_demo_generates_classifies_and_prints_every_bucket(tmp_path):
    result = arrears("demo", "--accounts", "3000", "--as-of", "2026-11-30", "--no-serve", "--json", home=tmp_path)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["total"]["accounts"] == 3000
    assert [b["bucket"] for b in summary["buckets"]] == ["M0", "M1", "M2", "M3", "M4", "M5", "M6", "M6+"]
    rows = read_csv(tmp_path / "var" / "demo" / "classification.csv")
    assert len(rows) == 3000
    m6plus = [r for r in rows if r["bucket"] == "M6+"]
    assert all(int(r["delinquent_days"]) >= 181 for r in m6plus)


def test_demo_prints_a_readable_table(tmp_path):
    result = arrears("demo", "--accounts", "500", "--as-of", "2026-11-30", "--no-serve", home=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.startswith("bucket"))
    assert "accounts" in header and "overdue CNY" in header
    assert any(line.startswith("total") and "500" in line for line in lines)
