"""The daily cycle gives the same history on Spark as on DuckDB, row for row."""

from __future__ import annotations

from datetime import date

from arrears.cycle.history import History
from arrears.cycle.run import run_cycle
from arrears.demo.generator import generate

DATES = (date(2026, 10, 31), date(2026, 11, 30))


def test_cycle_on_spark_equals_duckdb_on_a_demo_book_over_two_dates(tmp_path):
    book = tmp_path / "book"
    generate(book, 300, 21, "zh_CN", DATES[-1], fmt="parquet")
    for engine in ("duckdb", "spark"):
        for day in DATES:
            run_cycle(day, portfolio=book, engine=engine, history=tmp_path / engine, write_back=False)
    duck, spark = History(tmp_path / "duckdb"), History(tmp_path / "spark")
    for day in DATES:
        expected, actual = duck.read(day), spark.read(day)
        assert actual.schema == expected.schema
        assert actual.to_pylist() == expected.to_pylist()
    rolls = set(duck.read(DATES[-1])["roll"].to_pylist())
    assert {"forward", "stable"} <= rolls  # the second date really compares with the first
