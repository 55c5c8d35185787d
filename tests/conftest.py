"""Test-run set-up shared by every test: the PostgreSQL switch and the data keys.

``pytest`` runs everything on SQLite; ``pytest --postgres -m django_db`` runs the database
tests again on a throwaway PostgreSQL cluster (see ``tests/postgres.py``). The README's
test command does both.
"""

from __future__ import annotations

import os

import pytest

from tests import postgres

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's event loop next to Django's live server


def pytest_addoption(parser):
    parser.addoption("--postgres", action="store_true", help="run the database tests on a throwaway PostgreSQL cluster")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request):
    """Point the default database at a throwaway PostgreSQL cluster when ``--postgres`` is given."""
    if not request.config.getoption("--postgres"):
        return
    try:
        cluster = postgres.start()
    except FileNotFoundError as missing:
        if os.environ.get("ARREARS_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"ARREARS_REQUIRE_POSTGRES=1 but {missing}", pytrace=False)
        pytest.skip(f"PostgreSQL tests not run: {missing}")
    request.addfinalizer(lambda: postgres.stop(cluster))
    request.config.arrears_postgres = cluster
    from django.conf import settings

    from arrears.web.database import database_from_url

    default = settings.DATABASES["default"]
    default.clear()
    default.update(database_from_url(cluster.url, default_path="unused"))
    default["TEST"] = {"CHARSET": None, "COLLATION": None, "MIGRATE": True, "MIRROR": None, "NAME": None}
    default.setdefault("ATOMIC_REQUESTS", False)
    default.setdefault("AUTOCOMMIT", True)
    default.setdefault("CONN_HEALTH_CHECKS", False)
    default.setdefault("OPTIONS", {})
    default.setdefault("TIME_ZONE", None)
    from django.db import connections

    connections["default"].close()  # a SQLite wrapper may exist already: drop it, the next use opens PostgreSQL
    del connections["default"]


@pytest.fixture
def test_keyring():
    """A fixed keyring for tests: real AES-GCM, keys that are obviously not secret."""
    from arrears.protection.keyring import Keyring

    return Keyring({"t1": bytes(range(32))}, "t1", bytes(range(32, 64)))
