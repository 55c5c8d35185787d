"""The overview's numbers are those of the hand-checked portfolio, from a few aggregate queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from arrears.console import selectors
from arrears.domain.aging import DEFAULT_BUCKETS
from tests.support import store
from tests.support.html import parse, table_rows

pytestmark = pytest.mark.django_db  # also selected by `pytest --postgres -m django_db`


def overview(client):
    return parse(client.get(reverse("overview")).content)


def test_totals_per_currency_match_the_worked_portfolio(signed_in, worked):
    page = overview(signed_in)
    assert page.find(data_testid="total-accounts").text == "7"
    assert page.find(data_testid="outstanding-CNY").text == "903.00 CNY"  # 280 + 520 + 0 + 103
    assert page.find(data_testid="overdue-CNY").text == "793.00 CNY"  # 170 + 520 + 103
    assert page.find(data_testid="overdue-USD").text == "300.00 USD"
    assert page.find(data_testid="overdue-JPY").text == "31,000 JPY"
    rows = {r.attrs["data-currency"]: [c.text for c in r.find_all("td")] for r in table_rows(page, "by-currency")}
    assert rows == {
        "CNY": ["CNY", "4", "3", "903.00", "793.00"],
        "JPY": ["JPY", "1", "1", "31,000", "31,000"],
        "USD": ["USD", "2", "1", "300.00", "300.00"],
    }


def test_buckets_are_listed_in_table_order_with_their_accounts_and_amounts(signed_in, worked):
    page = overview(signed_in)
    rows = table_rows(page, "buckets-CNY")
    assert [r.attrs["data-bucket-row"] for r in rows] == list(DEFAULT_BUCKETS.names)
    figures = {
        r.attrs["data-bucket-row"]: (
            r.find(data_testid="accounts").text,
            r.find(data_testid="overdue").text,
            r.find(data_testid="outstanding").text,
        )
        for r in rows
    }
    assert figures["M0"] == ("1", "0.00", "0.00")  # W07
    assert figures["M1"] == ("1", "520.00", "520.00")  # W04
    assert figures["M2"] == ("1", "170.00", "280.00")  # W02
    assert figures["M6"] == ("1", "103.00", "103.00")  # W08
    assert figures["M3"] == ("0", "0.00", "0.00")
    usd = {r.attrs["data-bucket-row"]: r.find(data_testid="accounts").text for r in table_rows(page, "buckets-USD")}
    assert usd["M0"] == "1" and usd["M4"] == "1"
    jpy = {r.attrs["data-bucket-row"]: r.find(data_testid="overdue").text for r in table_rows(page, "buckets-JPY")}
    assert jpy["M6+"] == "31,000"


def test_products_are_counted_per_currency(signed_in, worked):
    rows = {
        (r.attrs["data-product"], r.attrs["data-currency"]): r.find(data_testid="accounts").text
        for r in table_rows(overview(signed_in), "by-product")
    }
    assert rows == {
        ("cash_loan", "CNY"): "2",
        ("cash_loan", "JPY"): "1",
        ("consumer_loan", "CNY"): "1",
        ("credit_card", "CNY"): "1",
        ("credit_card", "USD"): "2",
    }


def test_the_business_date_and_the_last_snapshot_are_shown(signed_in, worked):
    page = overview(signed_in)
    assert page.find(data_testid="as-of").text == "2026年11月30日"
    assert "worked-2026-12-02" in page.text


def test_an_empty_store_says_how_to_load_a_portfolio(signed_in):
    page = overview(signed_in)
    empty = page.find(data_testid="empty")
    assert "arrears import" in empty.text
    assert "尚未导入资产组合" in empty.text


def test_accounts_not_classified_yet_are_counted_and_called_out(signed_in, worked):
    snap = store.snapshot("second")
    store.account(store.customer(snap, "C900", "王芳"), "U01")
    page = overview(signed_in)
    assert page.find(data_testid="total-accounts").text == "8"
    assert page.find(data_testid="unclassified").text.startswith("1 ")


def test_the_overview_costs_the_same_few_queries_for_any_number_of_accounts(signed_in, worked, django_assert_max_num_queries):
    store.many_accounts(120)
    with django_assert_max_num_queries(10):  # session + user + the aggregates; nothing per account
        response = signed_in.get(reverse("overview"))
    assert response.status_code == 200
    data = selectors.portfolio_overview()
    assert data.accounts == 127
    assert sum(g.accounts for g in data.buckets) == 127
