"""A manager reads roll rates in a real browser: the heat map, the switches, the chart, both languages.

With ``ARREARS_SCREENSHOTS=1`` the second test saves ``docs/images/rollrates.png`` (a year of
month-ends, in English, by count); otherwise nothing is written.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support.rollrate_history import D1, D3, synthetic_history, write_example

IMAGES = Path(__file__).resolve().parents[3] / "docs" / "images"
PASSWORD = "correct horse battery staple"
MONTH_ENDS = [date(2025, 12, 31)] + [
    date(2026, m, d)
    for m, d in ((1, 31), (2, 28), (3, 31), (4, 30), (5, 31), (6, 30), (7, 31), (8, 31), (9, 30), (10, 31), (11, 30))
]


def log_in(page: Page, base: str, path: str = "/roll-rates/") -> None:
    page.goto(f"{base}{path}")
    expect(page).to_have_url(re.compile(r"/login/\?next="))
    page.get_by_label("用户名").fill("manager")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def cell(page: Page, bucket: str, column: str):
    return page.locator(f'table[data-testid="matrix"] tr[data-row="{bucket}"] td[data-column="{column}"]')


@pytest.mark.django_db(transaction=True)
def test_a_manager_reads_the_documented_roll_rates(page: Page, live_server, django_user_model, history_dir):
    write_example(history_dir)
    django_user_model.objects.create_user("manager", password=PASSWORD)
    log_in(page, live_server.url, "/")
    page.locator("nav.mainnav").get_by_role("link", name="迁徙率").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("迁徙率")

    page.get_by_label("开始日期").select_option(D1.isoformat())
    page.get_by_label("结束日期").select_option(D3.isoformat())
    page.get_by_role("button", name="查看").click()
    expect(page.get_by_test_id("matrix-title")).to_contain_text("2026年12月1日 → 2026年12月3日")
    expect(page.locator('tr[data-row="M0"] [data-testid="row-total"]')).to_have_text("4")
    for column in ("M0", "M1", "paid_off", "closed"):
        expect(cell(page, "M0", column)).to_have_text("25.0%")
    expect(cell(page, "M1", "M2")).to_have_text("33.3%")
    expect(cell(page, "M2", "charged_off")).to_have_text("50.0%")
    expect(cell(page, "M2", "charged_off")).to_have_class(re.compile(r"\bheat-3\b"))
    # a coloured cell is visibly coloured; an empty one stays white
    assert cell(page, "M2", "charged_off").evaluate("e => getComputedStyle(e).backgroundColor") != "rgb(255, 255, 255)"
    assert cell(page, "M2", "M0").evaluate("e => getComputedStyle(e).backgroundColor") in (
        "rgba(0, 0, 0, 0)",
        "rgb(255, 255, 255)",
    )
    expect(page.get_by_test_id("legend")).to_contain_text("前滚（恶化）")

    page.get_by_test_id("measure-switch").get_by_role("link", name="按余额").click()
    expect(page.locator('tr[data-row="M0"] [data-testid="row-total"]')).to_have_text("10,000.00")
    expect(cell(page, "M0", "closed")).to_have_text("40.0%")
    expect(cell(page, "M1", "M2")).to_have_text("55.6%")
    expect(page.get_by_test_id("bucket-chart").locator("g.bar")).to_have_count(3)

    page.get_by_role("button", name="EN").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Roll rates")
    expect(page.locator("table[data-testid=matrix] th[data-column=closed]")).to_have_text("Closed")
    expect(page.get_by_test_id("matrix-title")).to_contain_text("by balance · CNY · 1 Dec 2026 → 3 Dec 2026")


@pytest.mark.django_db(transaction=True)
def test_a_year_of_month_ends_in_every_currency(page: Page, live_server, django_user_model, history_dir):
    _, written = synthetic_history(history_dir, MONTH_ENDS, {"CNY": 600, "USD": 150})
    start, end = MONTH_ENDS[-2], MONTH_ENDS[-1]
    before = {r["account_id"]: r for r in written[start] if r["status"] == "active" and r["currency"] == "USD"}
    after = {r["account_id"]: r for r in written[end]}
    m1 = [a for a, r in before.items() if r["bucket"] == "M1"]
    to_m0 = sum(1 for a in m1 if after.get(a, {}).get("status") == "active" and after[a]["bucket"] == "M0")
    django_user_model.objects.create_user("manager", password=PASSWORD)
    log_in(page, live_server.url)
    page.get_by_role("button", name="EN").click()

    # the default period: the last two month-ends, the first currency
    expect(page.get_by_test_id("matrix-title")).to_contain_text("CNY · 31 Oct 2026 → 30 Nov 2026")
    page.get_by_test_id("currency-switch").get_by_role("link", name="USD").click()
    expect(page.locator("table[data-testid=matrix]")).to_have_attribute("data-currency", "USD")
    expect(page.locator('tr[data-row="M1"] [data-testid="row-total"]')).to_have_text(str(len(m1)))
    expect(cell(page, "M1", "M0")).to_have_text(f"{100 * to_m0 / len(m1):.1f}%" if to_m0 else "")
    expect(page.get_by_test_id("bucket-chart").locator("g.bar")).to_have_count(len(MONTH_ENDS))

    page.get_by_test_id("currency-switch").get_by_role("link", name="CNY").click()
    expect(page.locator("table[data-testid=matrix]")).to_have_attribute("data-currency", "CNY")
    if os.environ.get("ARREARS_SCREENSHOTS") == "1":
        IMAGES.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(IMAGES / "rollrates.png"), full_page=True)
