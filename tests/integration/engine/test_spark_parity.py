"""Spark runs the same classification expressions as DuckDB and gives the same answer.

One generated portfolio, read through the real snapshot reader, is classified by both
engines on two business dates and in both allocation modes; the results must be equal
row for row and column for column, with the same Arrow types (int64 minor units, date32,
string). The command line is held to the same: ``arrears classify --engine spark`` writes
byte for byte the file DuckDB writes. Spark is required here, never skipped: CI installs
PySpark (the ``test`` extra) and a JDK (``.ci/run``).

Spark takes seconds to start, so one local session serves the whole test run
(``spark_session``); every ``connect("spark")`` in the process finds and reuses it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from arrears.cli import main
from arrears.demo.generator import generate
from arrears.domain.aging import BucketTable
from arrears.domain.allocation import AllocationOrder
from arrears.domain.amount_bands import AmountBandPolicy
from arrears.domain.delinquency import ClassificationPolicy
from arrears.engine.backends import connect, portfolio_tables
from arrears.engine.classify import classify_portfolio
from arrears.engine.run import classify_tables
from arrears.snapshot import read_snapshot

SNAPSHOT_DATE = date(2026, 11, 30)
AS_OF = {"snapshot date": SNAPSHOT_DATE, "45 days earlier": SNAPSHOT_DATE - timedelta(days=45)}
CURRENCIES = ("CNY", "USD", "JPY", "GBP", "HKD")

POLICIES = {
    "vertical (defaults)": ClassificationPolicy(),
    "horizontal, tolerance, grace, bands": ClassificationPolicy(
        buckets=BucketTable.from_bounds([("current", 0, 0), ("1-29", 1, 29), ("30-59", 30, 59), ("60+", 60, None)]),
        allocation=AllocationOrder(("interest", "principal", "fee", "penalty"), "horizontal"),
        tolerance_minor={c: 500 for c in CURRENCIES},
        grace_days=5,
        amount_bands=AmountBandPolicy.from_config({c: [("low", "0", "500"), ("high", "500", None)] for c in CURRENCIES}),
    ),
}


@pytest.fixture(scope="session")
def spark_session():
    """The process's local SparkSession, stopped once every Spark test has run."""
    from arrears.engine import spark

    session = spark.session()
    yield session
    session.stop()


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("spark-portfolio")
    generate(folder, accounts=400, seed=23, locale="zh_CN", as_of=SNAPSHOT_DATE, fmt="parquet")
    return folder


@pytest.fixture(scope="module")
def snapshot(portfolio):
    return read_snapshot(portfolio)


def engine_result(engine: str, snapshot, as_of: date, policy: ClassificationPolicy) -> pa.Table:
    """The engine's own output (amounts in minor units), as each backend collects it."""
    backend = connect(engine)
    tables = portfolio_tables(backend, snapshot.customers, snapshot.accounts, snapshot.installments, snapshot.payments)
    expr = classify_portfolio(tables.accounts, tables.installments, tables.payments, tables.customers, as_of, policy)
    return backend.to_pyarrow(expr).sort_by("account_id")


@pytest.mark.parametrize("policy_name", list(POLICIES))
@pytest.mark.parametrize("as_of_name", list(AS_OF))
def test_spark_classifies_every_account_exactly_as_duckdb(spark_session, snapshot, as_of_name, policy_name):
    as_of, policy = AS_OF[as_of_name], POLICIES[policy_name]
    duckdb = engine_result("duckdb", snapshot, as_of, policy)
    spark = engine_result("spark", snapshot, as_of, policy)

    assert spark.schema == duckdb.schema
    assert spark.num_rows == duckdb.num_rows == snapshot.accounts.num_rows
    mismatches = [(s, d) for s, d in zip(spark.to_pylist(), duckdb.to_pylist(), strict=True) if s != d]
    assert mismatches == []
    # the comparison means something only if the portfolio spans the buckets and the waterfall
    assert len(set(duckdb["bucket"].to_pylist())) >= 3
    assert any(row["overdue_total"] > 0 and row["outstanding_total"] > row["overdue_total"] for row in duckdb.to_pylist())


def test_spark_gives_the_same_rows_and_bucket_summary_as_duckdb(spark_session, snapshot):
    policy = POLICIES["horizontal, tolerance, grace, bands"]
    tables = dict(
        customers=snapshot.customers, accounts=snapshot.accounts, installments=snapshot.installments, payments=snapshot.payments
    )
    duckdb = classify_tables(**tables, as_of=SNAPSHOT_DATE, policy=policy, engine="duckdb")
    spark = classify_tables(**tables, as_of=SNAPSHOT_DATE, policy=policy, engine="spark")

    assert spark.rows.equals(duckdb.rows)
    key = lambda line: (line.bucket, line.currency)  # noqa: E731
    assert sorted(spark.summary, key=key) == sorted(duckdb.summary, key=key)


def test_classify_command_with_spark_writes_the_csv_duckdb_writes(spark_session, portfolio, tmp_path, capsys):
    as_of = (SNAPSHOT_DATE - timedelta(days=45)).isoformat()
    written = {}
    for engine in ("duckdb", "spark"):
        out = tmp_path / f"{engine}.csv"
        assert main(["classify", "--portfolio", str(portfolio), "--as-of", as_of, "--out", str(out), "--engine", engine]) == 0
        written[engine] = out.read_bytes()
    printed = capsys.readouterr().out

    assert written["spark"] == written["duckdb"]
    assert written["spark"].count(b"\n") == 401  # header and one line per account
    assert "M6+" in printed


def test_classify_command_with_spark_writes_the_parquet_duckdb_writes(spark_session, portfolio, tmp_path, capsys):
    written = {}
    for engine in ("duckdb", "spark"):
        out = tmp_path / f"{engine}.parquet"
        argv = ["classify", "--portfolio", str(portfolio), "--as-of", SNAPSHOT_DATE.isoformat(), "--out", str(out)]
        assert main([*argv, "--engine", engine]) == 0
        written[engine] = pq.read_table(out)
    capsys.readouterr()

    assert written["spark"].schema == written["duckdb"].schema
    assert written["spark"].num_rows == 400
    assert written["spark"].to_pylist() == written["duckdb"].to_pylist()


PYSPARK_MISSING = "import sys; sys.modules['pyspark'] = None; from arrears.cli import main; sys.exit(main(sys.argv[1:]))"
NO_JAVA = "from arrears.cli import main; import sys; sys.exit(main(sys.argv[1:]))"


@pytest.mark.parametrize(
    ("missing", "code", "names"),
    [
        ("pyspark", PYSPARK_MISSING, "pip install 'arrears[spark]'"),
        ("java", NO_JAVA, "openjdk-17-jre-headless"),
    ],
    ids=["pyspark", "java"],
)
def test_spark_without_its_runtime_is_refused_with_what_to_install(portfolio, tmp_path, missing, code, names):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARREARS_", "JAVA_HOME", "SPARK_", "PYSPARK_"))}
    env["PATH"] = str(tmp_path)  # no java on the path
    argv = ["classify", "--portfolio", str(portfolio), "--as-of", SNAPSHOT_DATE.isoformat(), "--engine", "spark"]
    argv += ["--out", str(tmp_path / "result.csv")]
    done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, env=env, timeout=120)

    assert done.returncode == 1
    assert "engine.spark_unavailable" in done.stderr and names in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "result.csv").exists()
