"""The account page's history: the account's bucket path over the cycle's business dates."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from arrears.cycle.history import History
from tests.support.html import parse, table_rows
from tests.support.rollrate_history import row, write

pytestmark = pytest.mark.django_db

DATES = [date(2026, 11, 28), date(2026, 11, 29), date(2026, 11, 30)]


def write_path(root) -> None:
    h = History(root)
    path = [("M1", 29, 11_000, "new", False), ("M2", 30, 11_000, "forward", False), ("M0", 0, 0, "back", True)]
    for as_of, (bucket, dpd, overdue, roll, cured) in zip(DATES, path, strict=True):
        r = row("W02", as_of, bucket=bucket, dpd=dpd, overdue=overdue, outstanding=28_000, roll=roll)
        r["cured"] = cured
        write(h, as_of, [r, row("W04", as_of, bucket="M1")])


def history_rows(client):
    page = parse(client.get(reverse("account", args=["W02"])).content)
    return page, table_rows(page, "account-history")


def test_the_account_page_lists_the_path_newest_first(signed_in, worked, history_dir):
    write_path(history_dir)
    page, rows = history_rows(signed_in)
    assert [r.attrs["data-date"] for r in rows] == ["2026-11-30", "2026-11-29", "2026-11-28"]
    texts = [[td.text for td in r.find_all("td")] for r in rows]
    assert texts[0] == ["2026年11月30日", "在账", "M0", "0", "0.00", "280.00", "出催（回到 M0）"]
    assert texts[1] == ["2026年11月29日", "在账", "M2", "30", "110.00", "280.00", "前滚"]
    assert texts[2][2] == "M1" and texts[2][6] == "新入账"
    assert [s.text for s in page.find("div", **{"class": "path"}).find_all("span")] == ["M1", "M2", "M0"]  # oldest first


def test_an_exit_shows_the_status_and_no_bucket(signed_in, worked, history_dir):
    h = History(history_dir)
    write(h, DATES[0], [row("W02", DATES[0], bucket="M2")])
    write(h, DATES[1], [row("W02", DATES[1], "closed")])
    _, rows = history_rows(signed_in)
    assert rows[0].attrs["data-status"] == "closed"
    cells = [td.text for td in rows[0].find_all("td")]
    assert cells[1:3] == ["已移出账簿", "—"] and cells[6] == "移出账簿"


def test_without_history_the_account_page_says_so(signed_in, worked):
    page = parse(signed_in.get(reverse("account", args=["W02"])).content)
    assert "暂无历史" in page.find(data_testid="history").find(data_testid="no-history").text
    assert not page.find_all("table", data_testid="account-history")


def test_an_account_missing_from_the_history_says_so(signed_in, worked, history_dir):
    h = History(history_dir)
    write(h, DATES[0], [row("OTHER", DATES[0])])
    page = parse(signed_in.get(reverse("account", args=["W02"])).content)
    assert "尚未出现在日终批量的历史中" in page.find(data_testid="history").text


def test_the_history_is_in_english_after_the_switch(signed_in, worked, history_dir):
    write_path(history_dir)
    signed_in.post(reverse("language"), {"language": "en", "next": "/"})
    page, rows = history_rows(signed_in)
    assert page.find(data_testid="history").find("h2").text == "History"
    cells = [td.text for td in rows[1].find_all("td")]
    assert cells[:3] == ["29 Nov 2026", "active", "M2"] and cells[6] == "rolled forward"


def test_a_damaged_history_file_does_not_break_the_account_page(signed_in, worked, history_dir):
    write_path(history_dir)
    History(history_dir).path(DATES[1]).write_bytes(b"garbage")
    response = signed_in.get(reverse("account", args=["W02"]))
    assert response.status_code == 200
    assert parse(response.content).find(data_testid="history").find(data_testid="history-unreadable")


def test_the_position_says_how_the_account_moved_since_the_previous_business_date(signed_in, worked):
    from arrears.portfolio.models import AccountPosition

    AccountPosition.objects.filter(account__account_id="W02").update(
        previous_bucket="M1", roll="forward", cured=False, times_delinquent=2, first_delinquency_date=date(2026, 9, 16)
    )
    page = parse(signed_in.get(reverse("account", args=["W02"])).content)
    move = page.find("dd", **{"data-testid": "position-move"})
    bucket = AccountPosition.objects.get(account__account_id="W02").bucket
    assert move.text == f"前滚 (M1 → {bucket})"
    assert page.find("dd", **{"data-testid": "position-times"}).text == "2"


def test_a_position_never_compared_shows_no_move(signed_in, worked):
    page = parse(signed_in.get(reverse("account", args=["W02"])).content)
    assert page.find_all("dd", **{"data-testid": "position-move"}) == []
    assert page.find("dd", **{"data-testid": "position-as-of"}).text  # the position itself is there
