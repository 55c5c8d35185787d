"""The account page: masked identifiers only, the position, and the allocation by the domain's rules."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.support import store
from tests.support.html import parse, table_rows

pytestmark = pytest.mark.django_db  # also selected by `pytest --postgres -m django_db`


def account_page(client, account_id: str):
    response = client.get(reverse("account", args=[account_id]))
    assert response.status_code == 200
    return response.content.decode()


def test_identifiers_are_shown_masked_and_never_in_clear(signed_in, worked):
    html = account_page(signed_in, "W08")
    page = parse(html)
    assert page.find(data_testid="national-id").text == "**************1234"
    phones = [n.text for n in page.find_all(data_testid="contact-phone")]
    assert phones == ["+86 *******5678", "+86 *******1111"]
    assert page.find(data_testid="contact-email").text == "z********@example.com"
    assert page.find(data_testid="contact-address").text == "广东省深圳市…"
    for clear in (store.CLEAR_PHONE, "13812345678", "1381234", store.CLEAR_NATIONAL_ID, "11010119900307", "zhang.wei", "南山区"):
        assert clear not in html


def test_the_debtor_and_the_account_are_described(signed_in, worked):
    page = parse(account_page(signed_in, "W02"))
    text = page.text
    for shown in ("张伟", "C001", "CN / 44", "Asia/Shanghai", "zh-CN", "cash_loan", "400.00 CNY", "2026年1月15日", "18%"):
        assert shown in text


def test_the_position_is_shown(signed_in, worked):
    page = parse(account_page(signed_in, "W02"))
    assert page.find(data_testid="bucket").text == "M2"
    assert page.find(data_testid="dpd").text == "46"
    position = page.find(data_testid="position").text
    assert "2026年10月15日" in position  # oldest overdue due date
    assert page.find(data_testid="overdue-total").text == "170.00 CNY"


def test_the_allocation_of_a_hand_checked_account(signed_in, worked):
    """W08 (docs/semantics.md): two installments due 30 Jun, (100 principal, 5 penalty) and
    (100 principal, 8 interest), 110 paid on 5 Jul. Vertical order: seq 1 penalty 5 then
    principal 100; the last 5 pays seq 2's interest; left: interest 3 and principal 100."""
    page = parse(account_page(signed_in, "W08"))
    rows = {r.attrs["data-seq"]: r for r in table_rows(page, "allocation")}

    def paid(seq: str, component: str) -> str:
        return rows[seq].find(data_component=component).text.split(" / ")[0]

    assert [paid("1", c) for c in ("penalty", "fee", "interest", "principal")] == ["5.00", "0.00", "0.00", "100.00"]
    assert [paid("2", c) for c in ("penalty", "fee", "interest", "principal")] == ["0.00", "0.00", "5.00", "0.00"]
    assert rows["1"].find(data_testid="paid").text == "105.00"
    assert rows["2"].find(data_testid="paid").text == "5.00"
    assert page.find(data_testid="paid-total").text == "110.00"
    assert page.find(data_testid="unpaid-total").text == "103.00"
    assert page.find(data_testid="credit-balance").text == "0.00 CNY"
    schedule = {r.attrs["data-seq"]: r.find(data_testid="unpaid").text for r in table_rows(page, "schedule")}
    assert schedule == {"1": "0.00", "2": "103.00"}


def test_the_allocation_only_counts_payments_up_to_the_business_date(signed_in, worked):
    """W04: 520 paid on 1 Dec, the day after the business date: nothing is allocated yet."""
    page = parse(account_page(signed_in, "W04"))
    assert page.find(data_testid="paid-total").text == "0.00"
    payment = table_rows(page, "payments")[0]
    assert payment.attrs["data-payment"] == "P0401"
    assert "晚于业务日期" in payment.find(data_testid="flag").text


def test_a_reversal_is_marked_and_linked_to_the_payment_it_cancels(signed_in, worked):
    page = parse(account_page(signed_in, "W05"))
    rows = {r.attrs["data-payment"]: r for r in table_rows(page, "payments")}
    assert rows["P0502"].find(data_testid="reverses").attrs["href"] == "#payment-P0501"
    assert "冲正" in rows["P0502"].find(data_testid="flag").text
    assert rows["P0501"].find(data_testid="reversed-by").attrs["href"] == "#payment-P0502"
    assert "已冲正" in rows["P0501"].find(data_testid="flag").text
    assert page.find(data_testid="paid-total").text == "0.00"


def test_a_reversal_after_the_business_date_does_not_cancel_yet(signed_in, worked):
    page = parse(account_page(signed_in, "W06"))
    rows = {r.attrs["data-payment"]: r for r in table_rows(page, "payments")}
    assert rows["P0601"].find_all(data_testid="flag") == []  # still counts
    assert rows["P0601"].find(data_testid="reversed-by").text == "P0602"
    assert page.find(data_testid="paid-total").text == "300.00"


def test_an_overpayment_shows_as_credit_balance(signed_in, worked):
    page = parse(account_page(signed_in, "W07"))
    assert page.find(data_testid="credit-balance").text == "50.55 CNY"


def test_an_account_without_position_is_explained_as_of_today(signed_in, worked):
    snap = store.snapshot("second")
    acct = store.account(store.customer(snap, "C900", "王芳"), "U01", principal="100")
    store.installment(acct, 1, store.AS_OF, principal="100")
    page = parse(account_page(signed_in, "U01"))
    assert "尚未分类" in page.find(data_testid="position").text
    assert len(table_rows(page, "allocation")) == 1


def test_an_unknown_account_is_not_found(signed_in):
    assert signed_in.get(reverse("account", args=["NOPE"])).status_code == 404


def test_yen_amounts_have_no_decimals(signed_in, worked):
    page = parse(account_page(signed_in, "W09"))
    assert page.find(data_testid="overdue-total").text == "31,000 JPY"
    assert page.find(data_testid="paid-total").text == "20,000"
