"""A collector's first minutes, in a real browser: log in, read the overview, open an account.

With ``ARREARS_SCREENSHOTS=1`` the test also saves the screenshots of ``docs/images/``
(overview in Chinese and English, an account page in English); otherwise it writes nothing,
so a test run never rewrites committed files.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support import store

IMAGES = Path(__file__).resolve().parents[3] / "docs" / "images"
PASSWORD = "correct horse battery staple"


def screenshot(page: Page, name: str) -> None:
    if os.environ.get("ARREARS_SCREENSHOTS") == "1":
        IMAGES.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(IMAGES / name), full_page=True)


def log_in(page: Page, base: str) -> None:
    page.goto(f"{base}/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))
    page.get_by_label("用户名").fill("collector")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("资产组合概览")


@pytest.mark.django_db(transaction=True)
def test_a_collector_logs_in_reads_the_overview_and_opens_an_account(page: Page, live_server, django_user_model):
    store.worked_portfolio()
    store.demo_portfolio(150)
    django_user_model.objects.create_user("collector", password=PASSWORD, first_name="王美")
    base = live_server.url

    log_in(page, base)
    expect(page.get_by_test_id("as-of")).to_have_text("2026年11月30日")
    expect(page.get_by_test_id("total-accounts")).to_have_text("157")
    screenshot(page, "overview-zh.png")

    page.get_by_role("button", name="EN").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Portfolio overview")
    expect(page.get_by_test_id("as-of")).to_have_text("30 Nov 2026")
    screenshot(page, "overview-en.png")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Accounts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accounts")
    page.get_by_label("Search").fill("W02")
    row = page.locator("tr[data-account]")
    expect(row).to_have_count(1)  # the htmx filter replaced the results without a reload
    expect(page).to_have_url(re.compile(r"/accounts/\?q=W02"))
    row.get_by_role("link", name="W02").click()

    expect(page.get_by_test_id("account-id")).to_have_text("W02")
    expect(page.get_by_test_id("bucket")).to_have_text("M2")
    expect(page.get_by_test_id("dpd")).to_have_text("46")
    expect(page.get_by_test_id("contact-phone").first).to_have_text("+86 *******5678")
    expect(page.get_by_test_id("national-id")).to_have_text("**************1234")
    html = page.content()
    assert store.CLEAR_PHONE not in html and "13812345678" not in html and store.CLEAR_NATIONAL_ID not in html
    screenshot(page, "account-en.png")

    page.get_by_role("button", name="中文").click()
    expect(page.get_by_role("heading", name="还款冲抵")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_the_bucket_filter_works_in_the_browser(page: Page, live_server, django_user_model):
    store.worked_portfolio()
    django_user_model.objects.create_user("collector", password=PASSWORD)
    log_in(page, live_server.url)
    page.get_by_role("link", name="账户").first.click()
    page.get_by_label("逾期阶段").select_option("M2")
    expect(page.locator("tr[data-account]")).to_have_count(1)
    expect(page.locator("tr[data-account]")).to_have_attribute("data-account", "W02")
    expect(page).to_have_url(re.compile(r"bucket=M2"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/", "/accounts/", "/accounts/W02/"])
def test_pages_fit_a_phone_screen_without_sideways_scrolling(browser, live_server, django_user_model, path):
    """On a 390 px phone the page itself never scrolls sideways; wide tables scroll in their own box."""
    store.worked_portfolio()
    django_user_model.objects.create_user("collector", password=PASSWORD)
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        log_in(page, live_server.url)
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("button", name="登录")).to_have_count(0)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
