"""The admin shows the portfolio read-mostly, with masked values only."""

from __future__ import annotations

import pytest

from arrears.portfolio import models
from tests.support import store

pytestmark = pytest.mark.django_db  # also selected by `pytest --postgres -m django_db`

MODELS = ["snapshot", "customer", "contactpoint", "account", "installment", "payment", "accountposition"]


@pytest.fixture
def admin_client_(client, staff):
    client.force_login(staff)
    return client


@pytest.mark.parametrize("model", MODELS)
def test_every_list_opens_and_shows_no_clear_identifier(admin_client_, worked, model):
    response = admin_client_.get(f"/admin/portfolio/{model}/")
    assert response.status_code == 200
    html = response.content.decode()
    for clear in ("13812345678", store.CLEAR_NATIONAL_ID, "zhang.wei", "南山区"):
        assert clear not in html


def test_a_customer_page_shows_masked_values_and_no_sealed_columns(admin_client_, worked):
    c = models.Customer.objects.get(customer_id="C001")
    html = admin_client_.get(f"/admin/portfolio/customer/{c.pk}/change/").content.decode()
    assert "**************1234" in html
    assert "+86 *******5678" in html
    for hidden in ("national_id_sealed", "national_id_digest", "lookup_hash", "fingerprint", c.national_id_digest, "13812345678"):
        assert hidden not in html


def test_ledger_rows_cannot_be_added_or_deleted(admin_client_, worked):
    assert admin_client_.get("/admin/portfolio/account/add/").status_code == 403
    a = models.Account.objects.get(account_id="W02")
    assert admin_client_.get(f"/admin/portfolio/account/{a.pk}/delete/").status_code == 403


def test_only_a_contact_points_status_can_change(admin_client_, worked):
    cp = models.ContactPoint.objects.filter(customer__customer_id="C001", kind="phone").first()
    url = f"/admin/portfolio/contactpoint/{cp.pk}/change/"
    response = admin_client_.post(url, {"status": "do_not_contact", "masked": "tampered"})
    assert response.status_code == 302
    cp.refresh_from_db()
    assert cp.status == "do_not_contact"
    assert cp.masked == "+86 *******5678"


def test_search_by_account_id(admin_client_, worked):
    html = admin_client_.get("/admin/portfolio/account/", {"q": "W08"}).content.decode()
    assert ">W08<" in html and ">W02<" not in html
