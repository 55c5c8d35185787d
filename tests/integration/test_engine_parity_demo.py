"""On generated demo portfolios, read through the real reader, engine and domain agree row for row."""

from datetime import date, timedelta

import pytest

from arrears.demo.generator import generate
from arrears.domain.aging import BucketTable
from arrears.domain.allocation import AllocationOrder
from arrears.domain.amount_bands import AmountBandPolicy
from arrears.domain.delinquency import ClassificationPolicy
from arrears.engine.run import classify_tables
from arrears.snapshot import read_snapshot
from tests.support.portfolios import as_text, domain_rows, ledger_accounts

SNAPSHOT_DATE = date(2026, 11, 30)

POLICIES = {
    "defaults": ClassificationPolicy(),
    "horizontal, tolerance, grace, bands": ClassificationPolicy(
        buckets=BucketTable.from_bounds([("current", 0, 0), ("1-29", 1, 29), ("30-59", 30, 59), ("60+", 60, None)]),
        allocation=AllocationOrder(("interest", "principal", "fee", "penalty"), "horizontal"),
        tolerance_minor={"CNY": 500, "USD": 100, "JPY": 100, "GBP": 100, "HKD": 100},
        grace_days=5,
        amount_bands=AmountBandPolicy.from_config(
            {c: [("low", "0", "500"), ("high", "500", None)] for c in ("CNY", "USD", "JPY", "GBP", "HKD")}
        ),
    ),
}


@pytest.fixture(scope="module", params=["zh_CN", "en_US"])
def snapshot(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    generate(
        folder,
        accounts=1500,
        seed=11,
        locale=request.param,
        as_of=SNAPSHOT_DATE,
        fmt="csv" if request.param == "zh_CN" else "parquet",
    )
    return read_snapshot(folder)


@pytest.mark.parametrize("policy_name", list(POLICIES))
@pytest.mark.parametrize("days_before", [0, 1, 45, 400])
def test_engine_matches_domain_on_a_demo_portfolio(snapshot, policy_name, days_before):
    policy = POLICIES[policy_name]
    as_of = SNAPSHOT_DATE - timedelta(days=days_before)
    tables = dict(
        customers=snapshot.customers, accounts=snapshot.accounts, installments=snapshot.installments, payments=snapshot.payments
    )
    engine = [as_text(r) for r in classify_tables(**tables, as_of=as_of, policy=policy).rows.to_pylist()]
    domain = domain_rows(ledger_accounts(**tables), as_of, policy)
    assert len(engine) == snapshot.accounts.num_rows
    mismatches = [(e, d) for e, d in zip(engine, domain, strict=True) if e != d]
    assert mismatches == []
