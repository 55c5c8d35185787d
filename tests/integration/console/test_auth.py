"""Every page but login and the language switch needs a logged-in user; login uses argon2."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.integration.console.conftest import PASSWORD

pytestmark = pytest.mark.django_db  # also selected by `pytest --postgres -m django_db`

PAGES = [reverse("overview"), reverse("accounts"), reverse("account", args=["W02"]), reverse("account", args=["NOPE"])]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_redirects_an_anonymous_visitor_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_the_login_page_is_open_and_has_the_language_switch(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'action="/language/"' in html
    assert "登录" in html


def test_passwords_are_stored_as_argon2_and_the_login_form_accepts_them(client, user):
    assert user.password.startswith("argon2$")
    response = client.post(reverse("login"), {"username": "collector", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("overview")
    assert client.get(reverse("overview")).status_code == 200


def test_a_wrong_password_is_refused_with_a_message(client, user):
    response = client.post(reverse("login"), {"username": "collector", "password": "not the password"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert client.get(reverse("overview")).status_code == 302


def test_login_returns_to_the_page_asked_for(client, user):
    response = client.post(
        f"{reverse('login')}?next=/accounts/", {"username": "collector", "password": PASSWORD, "next": "/accounts/"}
    )
    assert response["Location"] == "/accounts/"


def test_logout_is_a_post_and_ends_the_session(signed_in):
    assert signed_in.get(reverse("overview")).status_code == 200
    response = signed_in.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert signed_in.get(reverse("overview")).status_code == 302


def test_the_admin_link_is_shown_to_staff_only(client, user, staff):
    client.force_login(user)
    assert 'href="/admin/"' not in client.get(reverse("overview")).content.decode()
    client.force_login(staff)
    assert 'href="/admin/"' in client.get(reverse("overview")).content.decode()


def test_pages_show_who_is_logged_in(signed_in):
    assert "Mei Wang" in signed_in.get(reverse("overview")).content.decode()
