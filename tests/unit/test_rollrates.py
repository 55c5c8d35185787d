"""The roll-rate matrix over history partitions: the documented example, exits, currencies, refusals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from arrears.cycle.history import EXITS, History
from arrears.cycle.rollrates import (
    UNACCOUNTED,
    Flow,
    RollRateError,
    account_path,
    bucket_distribution,
    default_range,
    matrix_text,
    roll_rates,
)
from arrears.domain.aging import DEFAULT_BUCKETS
from tests.support.rollrate_history import D1, D2, D3, EXAMPLE, row, write, write_example

BUCKETS = DEFAULT_BUCKETS.names
D4 = date(2026, 12, 4)


def shares(matrix, bucket: str, by: str = "count") -> dict[str, Decimal]:
    """The non-empty cells of a row as shares rounded to 0.1%."""
    out = {}
    for column in matrix.columns:
        share = matrix.share(bucket, column, by)
        if share:
            out[column] = (share * 100).quantize(Decimal("0.1"))
    return out


# -- the worked example of docs/rollrates.md ----------------------------------------------------


def test_the_documented_example_by_count(tmp_path):
    rates = roll_rates(write_example(tmp_path), D1, D3, BUCKETS)
    (m,) = rates.matrices
    assert m.currency == "CNY"
    assert [m.row_total(b).accounts for b in ("M0", "M1", "M2", "M3")] == [4, 3, 2, 0]
    assert {c: m.cell("M0", c).accounts for c in m.columns if m.cell("M0", c).accounts} == {
        "M0": 1,
        "M1": 1,
        "paid_off": 1,
        "closed": 1,
    }
    assert shares(m, "M0") == {
        "M0": Decimal("25.0"),
        "M1": Decimal("25.0"),
        "paid_off": Decimal("25.0"),
        "closed": Decimal("25.0"),
    }
    assert shares(m, "M1") == {"M0": Decimal("33.3"), "M1": Decimal("33.3"), "M2": Decimal("33.3")}
    assert shares(m, "M2") == {"M3": Decimal("50.0"), "charged_off": Decimal("50.0")}
    assert m.total() == Flow(9, 2_450_000)  # A10 was paid off on D1: not active, not a row


def test_the_documented_example_by_balance_uses_the_start_balance(tmp_path):
    (m,) = roll_rates(write_example(tmp_path), D1, D3, BUCKETS).matrices
    assert [m.row_total(b).balance_minor for b in ("M0", "M1", "M2")] == [1_000_000, 450_000, 1_000_000]
    assert shares(m, "M0", "balance") == {
        "M0": Decimal("10.0"),
        "M1": Decimal("20.0"),
        "paid_off": Decimal("30.0"),
        "closed": Decimal("40.0"),
    }
    assert shares(m, "M1", "balance") == {"M0": Decimal("33.3"), "M1": Decimal("11.1"), "M2": Decimal("55.6")}
    assert shares(m, "M2", "balance") == {"M3": Decimal("40.0"), "charged_off": Decimal("60.0")}
    # the balance of a cell is the accounts' balance on the start date, not on the end date
    assert m.cell("M2", "M3").balance_minor == 400_000
    assert m.share("M1", "M2", "balance") == Decimal(250_000) / Decimal(450_000)


def test_the_example_rows_match_the_table_in_the_docs(tmp_path):
    """The docs' table of accounts is EXAMPLE; a change there must show up in this matrix."""
    (m,) = roll_rates(write_example(tmp_path), D1, D3, BUCKETS).matrices
    active_on_d1 = [a for a, first, *_ in EXAMPLE if first[0] == "active"]
    assert m.total().accounts == len(active_on_d1)


def test_every_account_lands_in_exactly_one_column(tmp_path):
    (m,) = roll_rates(write_example(tmp_path), D1, D3, BUCKETS).matrices
    for bucket in m.rows:
        total = m.row_total(bucket)
        if total.accounts:
            assert sum(m.share(bucket, c) for c in m.columns) == pytest.approx(Decimal(1))


# -- exits ---------------------------------------------------------------------------------------


def test_each_exit_status_on_the_end_date_has_its_column(tmp_path):
    h = History(tmp_path)
    write(h, D1, [row(f"X{i}", D1, bucket="M3") for i in range(4)])
    write(h, D2, [row("X0", D2, "paid_off"), row("X1", D2, "charged_off"), row("X2", D2, "sold"), row("X3", D2, "recalled")])
    (m,) = roll_rates(h, D1, D2, BUCKETS).matrices
    assert {c: m.cell("M3", c).accounts for c in EXITS} == {
        "paid_off": 1,
        "charged_off": 1,
        "sold": 1,
        "recalled": 1,
        "closed": 0,
    }
    assert m.columns[-len(EXITS) :] == EXITS


def test_an_account_closed_on_the_end_date_or_before_is_closed(tmp_path):
    h = History(tmp_path)
    write(h, D1, [row("on-end", D1, bucket="M1"), row("before", D1, bucket="M1"), row("stays", D1, bucket="M1")])
    write(h, D2, [row("on-end", D2, bucket="M1"), row("before", D2, "closed"), row("stays", D2, bucket="M1")])
    write(h, D3, [row("on-end", D3, "closed"), row("stays", D3, bucket="M1")])
    (m,) = roll_rates(h, D1, D3, BUCKETS).matrices
    assert m.cell("M1", "closed").accounts == 2
    assert m.cell("M1", "M1").accounts == 1


def test_an_account_that_left_and_came_back_is_placed_by_its_row_on_the_end_date(tmp_path):
    h = History(tmp_path)
    write(h, D1, [row("back", D1, bucket="M2")])
    write(h, D2, [row("back", D2, "closed")])
    write(h, D3, [row("back", D3, bucket="M0", roll="new")])
    (m,) = roll_rates(h, D1, D3, BUCKETS).matrices
    assert m.cell("M2", "M0").accounts == 1 and m.cell("M2", "closed").accounts == 0


def test_paid_off_and_other_inactive_accounts_on_the_start_date_are_not_rows(tmp_path):
    h = History(tmp_path)
    write(h, D1, [row("P", D1, "paid_off", outstanding=0), row("S", D1, "sold", bucket="M5"), row("A", D1, bucket="M0")])
    write(h, D2, [row("P", D2, bucket="M1"), row("S", D2, "sold", bucket="M5"), row("A", D2, bucket="M0")])
    (m,) = roll_rates(h, D1, D2, BUCKETS).matrices
    assert m.total().accounts == 1
    assert m.cell("M0", "M1").accounts == 0  # P's new debt is not a roll from M0


def test_new_accounts_after_the_start_date_are_not_counted(tmp_path):
    h = History(tmp_path)
    write(h, D1, [row("A", D1)])
    write(h, D2, [row("A", D2), row("NEW", D2, bucket="M1", roll="new")])
    (m,) = roll_rates(h, D1, D2, BUCKETS).matrices
    assert m.total().accounts == 1 and m.cell("M0", "M1").accounts == 0


def test_an_account_the_history_cannot_place_is_counted_as_unaccounted(tmp_path):
    h = History(tmp_path)
    write(h, D1, [row("A", D1, bucket="M1"), row("GONE", D1, bucket="M1")])
    write(h, D2, [row("A", D2, bucket="M1")])  # GONE has neither a row nor a closed row
    rates = roll_rates(h, D1, D2, BUCKETS)
    (m,) = rates.matrices
    assert rates.unaccounted == 1
    assert m.columns[-1] == UNACCOUNTED and m.cell("M1", UNACCOUNTED).accounts == 1
    assert m.share("M1", "M1") == Decimal("0.5")
    assert "history is incomplete" in matrix_text(rates)


# -- currencies, empty rows, bucket order -------------------------------------------------------------


def test_each_currency_has_its_own_matrix_and_amounts_are_never_added(tmp_path):
    h = History(tmp_path)
    write(
        h,
        D1,
        [row("C1", D1, bucket="M1", outstanding=100_00), row("U1", D1, bucket="M1", currency="USD", outstanding=5_00)],
    )
    write(h, D2, [row("C1", D2, bucket="M2"), row("U1", D2, bucket="M0", currency="USD")])
    rates = roll_rates(h, D1, D2, BUCKETS)
    assert [m.currency for m in rates.matrices] == ["CNY", "USD"]
    cny, usd = rates.matrices
    assert cny.row_total("M1") == Flow(1, 100_00) and cny.cell("M1", "M2").accounts == 1
    assert usd.row_total("M1") == Flow(1, 5_00) and usd.cell("M1", "M0").accounts == 1
    only = roll_rates(h, D1, D2, BUCKETS, currency="USD")
    assert [m.currency for m in only.matrices] == ["USD"] and only.currencies == ("CNY", "USD")


def test_a_currency_without_active_accounts_is_refused_by_name(tmp_path):
    with pytest.raises(RollRateError, match=r"no active accounts in EUR on 2026-12-01 \(currencies on that date: CNY\)"):
        roll_rates(write_example(tmp_path), D1, D3, BUCKETS, currency="EUR")


def test_every_bucket_is_a_row_and_empty_rows_have_no_shares(tmp_path):
    (m,) = roll_rates(write_example(tmp_path), D1, D3, BUCKETS).matrices
    assert m.rows == tuple(BUCKETS)
    assert m.row_total("M6+") == Flow() and m.share("M6+", "M6+") is None
    assert m.columns == (*BUCKETS, *EXITS)


def test_buckets_the_order_does_not_know_follow_it(tmp_path):
    h = History(tmp_path)
    write(h, D1, [row("A", D1, bucket="X9"), row("B", D1, bucket="M1")])
    write(h, D2, [row("A", D2, bucket="M1"), row("B", D2, bucket="X9")])
    (m,) = roll_rates(h, D1, D2, ["M0", "M1"]).matrices
    assert m.rows == ("M0", "M1", "X9")
    assert m.direction("X9", "M1") == "back" and m.direction("M1", "X9") == "forward"


def test_direction_of_each_cell(tmp_path):
    (m,) = roll_rates(write_example(tmp_path), D1, D3, BUCKETS).matrices
    assert [m.direction("M1", c) for c in ("M0", "M1", "M2", "closed")] == ["back", "stable", "forward", "closed"]


# -- refusals and stale dates ----------------------------------------------------------------------


def test_the_start_must_be_before_the_end(tmp_path):
    h = write_example(tmp_path)
    for start, end in ((D3, D1), (D2, D2)):
        with pytest.raises(RollRateError, match="must be before the end date"):
            roll_rates(h, start, end, BUCKETS)


def test_a_date_without_results_is_named_with_its_file_and_the_dates_that_exist(tmp_path):
    h = write_example(tmp_path)
    with pytest.raises(RollRateError) as error:
        roll_rates(h, D1, D4, BUCKETS)
    message = str(error.value)
    assert "as_of=2026-12-04" in message and "end date 2026-12-04" in message
    assert "2026-12-01, 2026-12-02, 2026-12-03" in message


def test_an_empty_history_says_so(tmp_path):
    with pytest.raises(RollRateError, match="no history yet"):
        roll_rates(History(tmp_path / "none"), D1, D2, BUCKETS)


def test_a_damaged_file_is_refused_with_its_folder(tmp_path):
    h = write_example(tmp_path)
    h.path(D3).write_bytes(b"not parquet")
    with pytest.raises(RollRateError, match="cannot read the results"):
        roll_rates(h, D1, D3, BUCKETS)


def test_stale_dates_read_are_reported(tmp_path):
    h = write_example(tmp_path)
    h.mark_stale([D2, D3])
    rates = roll_rates(h, D1, D3, BUCKETS)
    assert rates.stale == (D2, D3)
    assert "results of 2026-12-03 are stale" in matrix_text(rates)
    assert roll_rates(h, D1, D2, BUCKETS).stale == (D2,)


def test_the_default_range_is_the_last_two_dates(tmp_path):
    assert default_range(History(tmp_path)) is None
    assert default_range(write_example(tmp_path)) == (D2, D3)


# -- distribution and account path ------------------------------------------------------------------------


def test_the_distribution_counts_active_accounts_and_their_balance_per_date(tmp_path):
    dist = bucket_distribution(write_example(tmp_path), BUCKETS)
    assert dist.dates == (D1, D2, D3)
    assert dist.at(D1, "CNY", "M0") == Flow(4, 1_000_000)
    assert dist.at(D3, "CNY", "M3") == Flow(1, 420_000)  # A08 charged off: not active
    assert dist.total(D3, "CNY") == Flow(6, 1_120_000)
    assert bucket_distribution(write_example(tmp_path), BUCKETS, last=1).dates == (D3,)
    assert bucket_distribution(write_example(tmp_path), BUCKETS, start=D2, end=D2).dates == (D2,)


def test_the_distribution_reads_a_rewritten_date_again(tmp_path):
    h = write_example(tmp_path)
    assert bucket_distribution(h, BUCKETS).at(D3, "CNY", "M0").accounts == 2
    write(h, D3, [row("A01", D3, bucket="M0"), row("A02", D3, bucket="M0"), row("A05", D3, bucket="M0")])
    assert bucket_distribution(h, BUCKETS).at(D3, "CNY", "M0").accounts == 3


def test_an_accounts_path_is_newest_first(tmp_path):
    steps = account_path(write_example(tmp_path), "A06")
    assert [(s.as_of, s.bucket, s.dpd) for s in steps] == [(D3, "M2", 40), (D2, "M2", 40), (D1, "M1", 12)]
    assert account_path(write_example(tmp_path), "A06", last=1)[0].as_of == D3
    assert account_path(write_example(tmp_path), "nobody") == []


# -- text ------------------------------------------------------------------------------------------------------


def test_the_text_matrix_is_aligned_with_row_totals(tmp_path):
    text = matrix_text(roll_rates(write_example(tmp_path), D1, D3, BUCKETS), "balance")
    lines = text.splitlines()
    header = next(line for line in lines if line.startswith("CNY from\\to"))
    m0 = next(line for line in lines if line.startswith("M0 "))
    assert header.split()[2:6] == ["balance", "CNY", "M0", "M1"]
    assert m0.split()[1:4] == ["10,000.00", "10.0%", "20.0%"]
    assert len({len(line) for line in lines if line.startswith(("M0 ", "M1 ", "M2 "))}) == 1  # aligned columns
    assert header.index("closed") + len("closed") == m0.index("40.0%") + len("40.0%")
