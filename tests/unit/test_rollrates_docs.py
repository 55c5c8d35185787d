"""The worked example of docs/rollrates.md, read from the page itself: accounts in, both matrices out.

The accounts table is written as history partitions exactly as the page shows it, and
the matrices the page states (by count and by balance) must be what ``roll_rates``
computes, cell by cell; so the page cannot drift from the code, nor the code from the page.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from arrears.cycle.history import History
from arrears.cycle.rollrates import roll_rates
from arrears.domain.aging import DEFAULT_BUCKETS
from tests.support.rollrate_history import EXAMPLE, row, write

DOC = Path(__file__).resolve().parents[2] / "docs" / "rollrates.md"


def table(name: str) -> list[list[str]]:
    """The body rows of the Markdown table after ``<!-- example:NAME -->``, as cells."""
    text = DOC.read_text(encoding="utf-8")
    start = text.index(f"<!-- example:{name}")
    lines = text[start:].splitlines()[1:]
    rows = []
    for line in lines:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip().strip("|").split("|")])
    return rows


def minor(text: str) -> int:
    return int(Decimal(text.replace(",", "")) * 100)


def write_documented_accounts(root: Path) -> tuple[History, list[date]]:
    header, _, *body = table("accounts")
    dates = [date.fromisoformat(h) for h in header[1:4]]
    history = History(root)
    for i, as_of in enumerate(dates):
        rows = []
        for account, *states, first, last in body:
            state = states[i]
            if state == "—":
                continue
            status, _, bucket = state.partition(" ")
            balance = minor(first if i == 0 else last)
            rows.append(row(account, as_of, status, bucket or None, balance))
        write(history, as_of, rows)
    return history, dates


def cell(text: str) -> tuple[int, str] | None:
    """``'1,000.00 (10.0%)'`` -> (100000, '10.0%'); ``'1 (25.0%)'`` -> (1, '25.0%'); ``'·'`` -> None."""
    if text == "·":
        return None
    match = re.fullmatch(r"([\d,.]+) \(([\d.]+%)\)", text)
    assert match, f"unexpected cell {text!r} in docs/rollrates.md"
    value = match.group(1)
    return (minor(value) if "." in value else int(value)), match.group(2)


@pytest.mark.parametrize("by", ["count", "balance"])
def test_the_documented_matrix_is_what_the_code_computes(tmp_path, by):
    history, dates = write_documented_accounts(tmp_path)
    (m,) = roll_rates(history, dates[0], dates[-1], DEFAULT_BUCKETS.names).matrices
    header, _, *body = table(by)
    columns = header[2:]
    assert {r[0] for r in body} == {b for b in m.rows if m.row_total(b).accounts}  # the page lists every non-empty row
    for bucket, total, *cells in body:
        expected_total = int(total) if by == "count" else minor(total)
        assert m.row_total(bucket).value(by) == expected_total, bucket
        for column, text in zip(columns, cells, strict=True):
            flow = m.cell(bucket, column)
            documented = cell(text)
            if documented is None:
                assert flow.accounts == 0, (bucket, column)
                continue
            value, percent = documented
            assert flow.value(by) == value, (bucket, column)
            assert f"{m.share(bucket, column, by) * 100:.1f}%" == percent, (bucket, column)
    # the columns the page leaves out are empty in every row
    for bucket in m.rows:
        assert all(not m.cell(bucket, c).accounts for c in m.columns if c not in columns), bucket


def test_the_example_of_the_other_tests_is_the_documented_one():
    """Console and CLI tests build ``EXAMPLE``; it must be the page's table."""
    _, _, *body = table("accounts")
    documented = []
    for account, *states, first, last in body:
        parsed = [None if s == "—" else (s.partition(" ")[0], s.partition(" ")[2] or None) for s in states]
        documented.append((account, *parsed, minor(first), minor(last)))
    ours = [
        (a, *(None if s is None else (s[0], s[1] if s[0] == "active" else None) for s in states), f, last)
        for a, *states, f, last in EXAMPLE
    ]
    assert documented == ours
