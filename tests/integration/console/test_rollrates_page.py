"""The roll-rate page: the worked example of docs/rollrates.md as a heat map, in both languages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from arrears.cycle.history import History
from tests.support.html import parse, table_rows
from tests.support.rollrate_history import D1, D2, D3, row, write, write_example

pytestmark = pytest.mark.django_db


def cells(page, bucket: str) -> dict[str, str]:
    """Column -> text of the heat-map row of ``bucket``."""
    tr = page.find("tr", data_row=bucket)
    return {td.attrs["data-column"]: td.text for td in tr.find_all("td") if "data-column" in td.attrs}


def cell(page, bucket: str, column: str):
    return page.find("tr", data_row=bucket).find("td", data_column=column)


def get(client, **params):
    return parse(client.get(reverse("rollrates"), params).content)


def test_the_page_needs_a_login(client, history_dir):
    write_example(history_dir)
    response = client.get(reverse("rollrates"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_without_history_the_page_says_so(signed_in):
    page = get(signed_in)
    assert page.find(data_testid="no-history")
    assert "暂无历史" in page.find(data_testid="no-history").text
    assert not page.find_all("table", data_testid="matrix")


def test_with_one_date_the_page_explains_that_a_second_is_needed(signed_in, history_dir):
    write(History(history_dir), D1, [row("A1", D1)])
    page = get(signed_in)
    assert page.find(data_testid="one-date")
    assert page.find(data_testid="bucket-chart")  # the single date is still drawn


def test_the_default_period_is_the_last_two_dates_with_results(signed_in, history_dir):
    write_example(history_dir)
    page = get(signed_in)
    matrix = page.find("table", data_testid="matrix")
    assert matrix.attrs["data-by"] == "count"
    # D2 -> D3: A04 already closed on D2, so M0 on D2 holds A01 and A03 only.
    assert page.find("tr", data_row="M0").find(data_testid="row-total").text == "2"
    assert page.find("select", name="from").find("option", selected="").attrs["value"] == D2.isoformat()
    assert page.find("select", name="to").find("option", selected="").attrs["value"] == D3.isoformat()


def test_the_documented_matrix_by_count_is_rendered_with_its_heat_levels(signed_in, history_dir):
    write_example(history_dir)
    page = get(signed_in, **{"from": D1.isoformat(), "to": D3.isoformat()})
    filled = {column: text for column, text in cells(page, "M0").items() if text}
    assert filled == {"M0": "25.0%", "M1": "25.0%", "paid_off": "25.0%", "closed": "25.0%"}
    assert [cells(page, "M1")[c] for c in ("M0", "M1", "M2")] == ["33.3%", "33.3%", "33.3%"]
    assert [cells(page, "M2")[c] for c in ("M3", "charged_off")] == ["50.0%", "50.0%"]
    assert [page.find("tr", data_row=b).find(data_testid="row-total").text for b in ("M0", "M1", "M2", "M3")] == [
        "4",
        "3",
        "2",
        "0",
    ]
    # hue by direction, level by share (fifths, rounded up); empty cells are level 0
    assert "move-back" in cell(page, "M1", "M0").attrs["class"]  # a cure
    assert "move-forward" in cell(page, "M1", "M2").attrs["class"]
    assert "move-stable" in cell(page, "M1", "M1").attrs["class"]
    assert "move-charged_off" in cell(page, "M2", "charged_off").attrs["class"]
    assert "heat-2" in cell(page, "M1", "M2").attrs["class"]  # 33% -> second fifth
    assert "heat-3" in cell(page, "M2", "M3").attrs["class"]  # 50% -> third fifth
    assert "heat-0" in cell(page, "M0", "M2").attrs["class"] and "style" not in cell(page, "M0", "M2").attrs
    assert cell(page, "M2", "M3").attrs["style"] != cell(page, "M0", "M1").attrs["style"]  # darker for a larger share
    assert page.find(data_testid="grand-total").text == "9"
    assert [c.text for c in page.find("table", data_testid="matrix").find_all("th") if "data-column" in c.attrs][-5:] == [
        "已结清",
        "已核销",
        "已出售",
        "已撤回",
        "已移出",
    ]


def test_the_documented_matrix_by_balance_uses_the_start_balance(signed_in, history_dir):
    write_example(history_dir)
    page = get(signed_in, **{"from": D1.isoformat(), "to": D3.isoformat(), "by": "balance"})
    assert page.find("table", data_testid="matrix").attrs["data-by"] == "balance"
    assert page.find("tr", data_row="M0").find(data_testid="row-total").text == "10,000.00"
    assert [cells(page, "M0")[c] for c in ("M0", "M1", "paid_off", "closed")] == ["10.0%", "20.0%", "30.0%", "40.0%"]
    assert [cells(page, "M1")[c] for c in ("M0", "M1", "M2")] == ["33.3%", "11.1%", "55.6%"]
    assert [cells(page, "M2")[c] for c in ("M3", "charged_off")] == ["40.0%", "60.0%"]
    assert page.find(data_testid="grand-total").text == "24,500.00"
    switch = page.find(data_testid="measure-switch")
    assert switch.find("a", data_by="balance").attrs["aria-current"] == "true"


def test_currencies_get_their_own_matrix_and_a_switch(signed_in, history_dir):
    h = History(history_dir)
    write(h, D1, [row("C1", D1, bucket="M1", outstanding=10_000), row("U1", D1, bucket="M0", currency="USD", outstanding=700)])
    write(h, D2, [row("C1", D2, bucket="M2"), row("U1", D2, status="paid_off", currency="USD")])
    page = get(signed_in, **{"from": D1.isoformat(), "to": D2.isoformat()})
    assert page.find("table", data_testid="matrix").attrs["data-currency"] == "CNY"
    assert cells(page, "M1")["M2"] == "100.0%"
    assert [a.text for a in page.find(data_testid="currency-switch").find_all("a")] == ["CNY", "USD"]
    page = get(signed_in, **{"from": D1.isoformat(), "to": D2.isoformat(), "currency": "USD", "by": "balance"})
    assert cells(page, "M0")["paid_off"] == "100.0%"
    assert page.find("tr", data_row="M0").find(data_testid="row-total").text == "7.00"


def test_a_period_backwards_is_refused_with_a_message(signed_in, history_dir):
    write_example(history_dir)
    page = get(signed_in, **{"from": D3.isoformat(), "to": D1.isoformat()})
    assert "结束日期必须晚于开始日期" in page.find(data_testid="form-error").text
    assert not page.find_all("table", data_testid="matrix")


def test_a_date_without_results_is_refused(signed_in, history_dir):
    write_example(history_dir)
    page = get(signed_in, **{"from": "2026-11-01", "to": D3.isoformat()})
    assert page.find(data_testid="form-error")
    assert not page.find_all("table", data_testid="matrix")


def test_an_unknown_currency_is_named_in_the_error(signed_in, history_dir):
    write_example(history_dir)
    page = get(signed_in, **{"from": D1.isoformat(), "to": D3.isoformat(), "currency": "EUR"})
    assert "EUR" in page.find(data_testid="error").text


def test_a_stale_date_is_reported(signed_in, history_dir):
    h = write_example(history_dir)
    h.mark_stale([D3])
    page = get(signed_in, **{"from": D1.isoformat(), "to": D3.isoformat()})
    assert "3日" in page.find(data_testid="stale").text
    assert page.find("table", data_testid="matrix")


def test_the_chart_draws_each_date_with_bars_per_bucket(signed_in, history_dir):
    write_example(history_dir)
    page = get(signed_in, **{"from": D1.isoformat(), "to": D3.isoformat()})
    chart = page.find(data_testid="bucket-chart")
    bars = chart.find_all("g")
    assert [b.attrs["data-date"] for b in bars] == [D1.isoformat(), D2.isoformat(), D3.isoformat()]
    assert [b.attrs["data-total"] for b in bars] == ["9", "8", "6"]
    first = {r.attrs["data-bucket"]: r.attrs["data-value"] for r in bars[0].find_all("rect") if "data-bucket" in r.attrs}
    assert first == {"M0": "4", "M1": "3", "M2": "2"}
    assert "marked" in bars[0].attrs["class"] and "marked" in bars[2].attrs["class"] and "marked" not in bars[1].attrs["class"]


def test_the_page_switches_to_english(signed_in, history_dir):
    write_example(history_dir)
    signed_in.post(reverse("language"), {"language": "en", "next": "/"})
    page = get(signed_in, **{"from": D1.isoformat(), "to": D3.isoformat()})
    assert page.find("h1").text == "Roll rates"
    headers = [c.text for c in page.find("table", data_testid="matrix").find_all("th") if "data-column" in c.attrs]
    assert headers[-5:] == ["Paid off", "Charged off", "Sold", "Recalled", "Closed"]
    assert "1 Dec 2026" in page.find(data_testid="matrix-title").text
    nav = page.find("nav", aria_label="Main")
    assert nav.find("a", aria_current="page").text == "Roll rates"


def test_the_overview_draws_the_bucket_chart_per_currency(signed_in, history_dir):
    write_example(history_dir)
    page = parse(signed_in.get(reverse("overview")).content)
    charts = page.find(data_testid="buckets-over-time").find_all(data_testid="bucket-chart")
    assert [c.attrs["data-currency"] for c in charts] == ["CNY"]
    assert len(charts[0].find_all("g")) == 3


def test_the_overview_without_history_says_so(signed_in, worked):
    page = parse(signed_in.get(reverse("overview")).content)
    assert page.find(data_testid="buckets-over-time").find(data_testid="no-history")
    assert table_rows(page, "by-product")  # the rest of the page is unchanged
