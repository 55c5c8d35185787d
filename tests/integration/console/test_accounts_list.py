"""The account list: worst first, filters, search, 50 a page, htmx partial responses."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.support import store
from tests.support.html import parse, table_rows

pytestmark = pytest.mark.django_db  # also selected by `pytest --postgres -m django_db`


def listed(client, **params) -> list[str]:
    page = parse(client.get(reverse("accounts"), params).content)
    try:
        return [r.attrs["data-account"] for r in table_rows(page, "accounts")]
    except AssertionError:
        return []


def test_accounts_are_sorted_by_days_past_due_descending(signed_in, worked):
    assert listed(signed_in)[:5] == ["W09", "W08", "W05", "W02", "W04"]
    assert sorted(listed(signed_in)[5:]) == ["W06", "W07"]


def test_filter_by_bucket(signed_in, worked):
    assert listed(signed_in, bucket="M2") == ["W02"]
    assert listed(signed_in, bucket="M0") == ["W06", "W07"]


def test_filter_by_product_and_currency(signed_in, worked):
    assert listed(signed_in, product="credit_card") == ["W08", "W05", "W06"]
    assert listed(signed_in, product="credit_card", currency="USD") == ["W05", "W06"]
    assert listed(signed_in, currency="JPY") == ["W09"]


def test_search_by_account_id_customer_id_or_name(signed_in, worked):
    assert listed(signed_in, q="W08") == ["W08"]
    assert listed(signed_in, q="c003") == ["W05", "W06"]
    assert listed(signed_in, q="张") == ["W08", "W02"]
    assert listed(signed_in, q="smith") == ["W05", "W06"]


def test_nothing_found_says_so(signed_in, worked):
    page = parse(signed_in.get(reverse("accounts"), {"q": "no such debtor"}).content)
    assert page.find(data_testid="no-results")


def test_an_unknown_filter_value_is_ignored_and_reported(signed_in, worked):
    response = signed_in.get(reverse("accounts"), {"bucket": "M99"})
    assert response.status_code == 200
    assert len(listed(signed_in, bucket="M99")) == 7
    assert 'class="alert"' in response.content.decode()


def test_fifty_accounts_a_page(signed_in, db, django_assert_max_num_queries):
    store.many_accounts(55)
    first = listed(signed_in)
    assert len(first) == 50
    assert first[0] == "BULK00055"  # DPD 55, the worst
    second = listed(signed_in, page=2)
    assert second == ["BULK00005", "BULK00004", "BULK00003", "BULK00002", "BULK00001"]
    with django_assert_max_num_queries(8):  # one page of rows in one query, whatever the page size
        signed_in.get(reverse("accounts"))


def test_an_htmx_request_gets_only_the_results(signed_in, worked):
    response = signed_in.get(reverse("accounts"), {"bucket": "M2"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert 'data-account="W02"' in html
    assert "HX-Request" in response["Vary"]
    full = signed_in.get(reverse("accounts"), {"bucket": "M2"}).content.decode()
    assert "<html" in full and 'hx-get="/accounts/"' in full


def test_amounts_in_the_list_carry_their_currency(signed_in, worked):
    page = parse(signed_in.get(reverse("accounts"), {"currency": "JPY"}).content)
    row = table_rows(page, "accounts")[0]
    assert "31,000 JPY" in row.text
