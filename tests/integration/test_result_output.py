"""Result files: plain CSV that quotes only when it must, Parquet decimals, atomic replacement."""

import csv
from decimal import Decimal

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from arrears.engine.output import write_result


def result_table(account_ids, amounts=("1.50", "31000")):
    n = len(account_ids)
    columns = {
        "account_id": account_ids,
        "overdue_principal": list(amounts[:n]),
        "overdue_interest": ["0"] * n,
        "overdue_fee": ["0"] * n,
        "overdue_penalty": ["0"] * n,
        "overdue_total": list(amounts[:n]),
        "outstanding_total": list(amounts[:n]),
        "credit_balance": ["0"] * n,
        "currency": ["CNY", "JPY"][:n],
    }
    return pa.table(columns)


def test_csv_is_unquoted_when_no_value_needs_quotes(tmp_path):
    path = tmp_path / "r.csv"
    write_result(result_table(["A1", "A2"]), path, {"CNY", "JPY"})
    assert path.read_text(encoding="utf-8").splitlines()[1].startswith("A1,1.50,")


def test_csv_quotes_values_holding_a_comma_and_reads_back_exactly(tmp_path):
    path = tmp_path / "r.csv"
    write_result(result_table(["A,1", 'B"2']), path, {"CNY", "JPY"})
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["account_id"] for r in rows] == ["A,1", 'B"2']


def test_parquet_amounts_are_decimals_at_the_largest_minor_unit(tmp_path):
    path = tmp_path / "r.parquet"
    write_result(result_table(["A1", "A2"]), path, {"CNY", "JPY"})
    table = pq.read_table(path)
    assert table.schema.field("overdue_total").type == pa.decimal128(38, 2)
    assert table["overdue_total"].to_pylist() == [Decimal("1.50"), Decimal("31000.00")]


def test_rewriting_replaces_the_old_result_whole_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "r.csv"
    write_result(result_table(["A1", "A2"]), path, {"CNY", "JPY"})
    write_result(result_table(["Z9"]), path, {"CNY"})
    assert len(path.read_text(encoding="utf-8").splitlines()) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv"]


def test_an_unknown_suffix_is_refused_before_writing(tmp_path):
    with pytest.raises(ValueError, match=r"\.csv or \.parquet"):
        write_result(result_table(["A1"]), tmp_path / "r.xlsx", {"CNY"})
    assert list(tmp_path.iterdir()) == []
