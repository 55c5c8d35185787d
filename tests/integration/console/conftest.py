"""Fixtures of the console tests: a worked portfolio, a user who can log in, a logged-in client."""

from __future__ import annotations

import pytest

from tests.support import store

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _static_root(settings, tmp_path):
    """WhiteNoise warns (an error here) when ``STATIC_ROOT`` does not exist, as before ``collectstatic``."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()


@pytest.fixture(autouse=True)
def history_dir(monkeypatch, tmp_path):
    """An empty history folder of the daily cycle, so pages never read a developer's ``var/history``."""
    root = tmp_path / "history"
    monkeypatch.setenv("ARREARS_HISTORY_DIR", str(root))
    return root


@pytest.fixture
def worked(db):
    return store.worked_portfolio()


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("collector", password=PASSWORD, first_name="Mei", last_name="Wang")


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser("boss", password=PASSWORD)


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client
