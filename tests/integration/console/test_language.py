"""Chinese by default; the switch (open before login too) changes every page to English and back."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.support.html import parse

pytestmark = pytest.mark.django_db  # also selected by `pytest --postgres -m django_db`


def switch(client, language: str, next_url: str):
    return client.post(reverse("language"), {"language": language, "next": next_url})


def test_pages_are_chinese_by_default(signed_in, worked):
    page = parse(signed_in.get(reverse("overview")).content)
    assert page.find("html").attrs["lang"] == "zh-Hans"
    assert page.find("h1").text == "资产组合概览"
    assert page.find(data_testid="as-of").text == "2026年11月30日"


def test_the_switch_changes_the_page_to_english_and_back(signed_in, worked):
    response = switch(signed_in, "en", "/accounts/W02/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/W02/"
    page = parse(signed_in.get(reverse("overview")).content)
    assert page.find("html").attrs["lang"] == "en"
    assert page.find("h1").text == "Portfolio overview"
    assert page.find(data_testid="as-of").text == "30 Nov 2026"
    account = signed_in.get(reverse("account", args=["W02"])).content.decode()
    assert "Allocation of payments" in account
    assert "15 Oct 2026" in account

    switch(signed_in, "zh-hans", "/")
    page = parse(signed_in.get(reverse("overview")).content)
    assert page.find("h1").text == "资产组合概览"


def test_a_visitor_can_switch_the_login_page_before_logging_in(client):
    response = switch(client, "en", "/login/")
    assert response["Location"] == "/login/"
    html = client.get(reverse("login")).content.decode()
    assert "Sign in with the account your administrator gave you." in html


def test_the_switch_refuses_a_redirect_to_another_site(client):
    response = switch(client, "en", "https://evil.example/")
    assert response["Location"] == "/"


def test_the_switch_only_accepts_post(client):
    assert client.get(reverse("language")).status_code == 405


def test_model_names_are_translated_in_the_admin(client, staff):
    client.force_login(staff)
    html = client.get("/admin/portfolio/").content.decode()
    assert "资产组合" in html
    assert "快照" in html
