"""``arrears rollrates``: the documented example as text and JSON, and refusals as messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from arrears.cli import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, main
from tests.support.rollrate_history import write_example


@pytest.fixture
def history(tmp_path, monkeypatch):
    root = tmp_path / "history"
    monkeypatch.setenv("ARREARS_HISTORY_DIR", str(root))
    write_example(root)
    return root


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["rollrates", *args])
    out, err = capsys.readouterr()
    return code, out, err


def line(text: str, first: str) -> list[str]:
    return next(row for row in text.splitlines() if row.split() and row.split()[0] == first).split()


def test_text_shows_the_documented_matrix_by_count(history, capsys):
    code, out, _ = run(capsys, "--from", "2026-12-01", "--to", "2026-12-03")
    assert code == EXIT_OK
    assert out.splitlines()[0] == "Roll rates from 2026-12-01 to 2026-12-03, by count"
    header = line(out, "CNY")
    m0, m1, m2 = line(out, "M0"), line(out, "M1"), line(out, "M2")
    column = {name: i - 1 for i, name in enumerate(header)}  # header has "CNY from\to" as two words
    assert m0[1] == "4" and m1[1] == "3" and m2[1] == "2"
    assert [m0[column[c]] for c in ("M0", "M1", "paid_off", "closed")] == ["25.0%"] * 4
    assert [m1[column[c]] for c in ("M0", "M1", "M2")] == ["33.3%"] * 3
    assert [m2[column[c]] for c in ("M3", "charged_off")] == ["50.0%", "50.0%"]
    assert m2[column["M2"]] == "."
    assert line(out, "total")[1] == "9"


def test_text_by_balance_shows_the_start_balance_as_row_totals(history, capsys):
    code, out, _ = run(capsys, "--from", "2026-12-01", "--to", "2026-12-03", "--by", "balance")
    assert code == EXIT_OK
    assert line(out, "M0")[1:3] == ["10,000.00", "10.0%"]
    assert line(out, "M1")[1] == "4,500.00"
    assert line(out, "total")[1] == "24,500.00"


def test_json_holds_counts_balances_and_shares(history, capsys):
    code, out, _ = run(capsys, "--from", "2026-12-01", "--to", "2026-12-03", "--by", "balance", "--json")
    assert code == EXIT_OK
    data = json.loads(out)
    assert (data["from"], data["to"], data["by"], data["stale"]) == ("2026-12-01", "2026-12-03", "balance", [])
    (m,) = data["matrices"]
    assert m["currency"] == "CNY"
    assert m["exits"] == ["paid_off", "charged_off", "sold", "recalled", "closed"]
    rows = {r["bucket"]: r for r in m["rows"]}
    assert rows["M1"]["total"] == {"accounts": 3, "balance_minor": 450_000, "balance": "4500.00"}
    assert rows["M1"]["cells"]["M2"] == {"accounts": 1, "balance_minor": 250_000, "balance": "2500.00", "share": 0.555556}
    assert rows["M0"]["cells"]["closed"]["share"] == 0.4
    assert rows["M6+"]["cells"]["M6+"]["share"] is None  # an empty row has no shares
    assert m["total"]["balance_minor"] == 2_450_000


def test_json_by_count(history, capsys):
    _, out, _ = run(capsys, "--from", "2026-12-01", "--to", "2026-12-03", "--json")
    rows = {r["bucket"]: r for r in json.loads(out)["matrices"][0]["rows"]}
    assert rows["M0"]["cells"]["paid_off"]["share"] == 0.25
    assert rows["M2"]["cells"]["charged_off"]["accounts"] == 1


def test_a_currency_filter_refuses_an_absent_currency(history, capsys):
    code, out, err = run(capsys, "--from", "2026-12-01", "--to", "2026-12-03", "--currency", "USD")
    assert code == EXIT_REFUSED and out == ""
    assert err.strip() == "error: no active accounts in USD on 2026-12-01 (currencies on that date: CNY)"


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2026-12-03", "2026-12-01", "the start date 2026-12-03 must be before the end date 2026-12-01"),
        ("2026-11-30", "2026-12-03", "no results for the start date 2026-11-30"),
    ],
)
def test_bad_periods_are_refused_with_a_message(history, capsys, start, end, message):
    code, _, err = run(capsys, "--from", start, "--to", end)
    assert code == EXIT_REFUSED
    assert err.startswith("error: ") and message in err and "Traceback" not in err


def test_no_history_is_explained(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ARREARS_HISTORY_DIR", str(tmp_path / "empty"))
    code, _, err = run(capsys, "--from", "2026-12-01", "--to", "2026-12-03")
    assert code == EXIT_REFUSED and "no history yet" in err and "arrears cycle --as-of DATE" in err


def test_a_malformed_date_is_a_usage_error(history, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["rollrates", "--from", "2026-12-1", "--to", "2026-12-03"])
    assert exit_.value.code == EXIT_USAGE
    assert "'2026-12-1' is not a date in the form YYYY-MM-DD" in capsys.readouterr().err


def test_settings_give_the_bucket_order(history, tmp_path, capsys):
    settings = tmp_path / "settings.toml"
    settings.write_text(
        "[classification]\n"
        + "".join(
            f'[[classification.buckets]]\nname = "{n}"\nfrom = {a}\n' + (f"to = {b}\n" if b is not None else "")
            for n, a, b in (("C", 0, 0), ("X1", 1, 30), ("X2", 31, None))
        ),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "--from", "2026-12-01", "--to", "2026-12-03", "--settings", str(settings))
    assert code == EXIT_OK
    rows = [r.split()[0] for r in out.splitlines()[3:] if r.strip()]
    assert rows[:3] == ["C", "X1", "X2"]  # the settings' buckets first, then those of the history by name
    assert "M0" in rows


def test_the_command_runs_as_a_process(history):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARREARS_")} | {"ARREARS_HISTORY_DIR": str(history)}
    args = [sys.executable, "-m", "arrears", "rollrates", "--from", "2026-12-02", "--to", "2026-12-03", "--json"]
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    rows = {r["bucket"]: r for r in json.loads(done.stdout)["matrices"][0]["rows"]}
    assert rows["M0"]["total"]["accounts"] == 2  # A01 and A03 on 2026-12-02 (A04 closed that day)
