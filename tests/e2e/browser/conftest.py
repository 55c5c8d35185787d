"""Browser tests: Debian's chromium driven by Playwright against Django's live server.

Playwright's own browser downloads are never used (nothing is fetched at run time): the
tests launch ``/usr/bin/chromium`` (or ``ARREARS_CHROMIUM``). Without it they skip with
a loud reason, or fail when ``ARREARS_REQUIRE_BROWSER=1`` (CI sets it, so a missing
browser cannot turn the suite green by skipping).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# there unless told that this is safe (the test drives the browser, the server thread serves).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("ARREARS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]


def chromium_path() -> str | None:
    path = Path(CHROMIUM)
    if path.is_file() and os.access(path, os.X_OK):
        return str(path)
    return shutil.which(CHROMIUM)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    path = chromium_path()
    if path is None:
        message = (
            f"BROWSER TESTS NOT RUN: no chromium at {CHROMIUM}. "
            "Install it with `apt-get install chromium` (never `playwright install`), or set ARREARS_CHROMIUM."
        )
        if os.environ.get("ARREARS_REQUIRE_BROWSER") == "1":
            pytest.fail(message + " ARREARS_REQUIRE_BROWSER=1 makes this a failure.", pytrace=False)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": path, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A Chinese-speaking user on a laptop screen: the console's first language."""
    return {**browser_context_args, "locale": "zh-CN", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture(autouse=True)
def history_dir(monkeypatch, tmp_path):
    """An empty history folder of the daily cycle (the live server runs in this process), never ``var/history``."""
    root = tmp_path / "history"
    monkeypatch.setenv("ARREARS_HISTORY_DIR", str(root))
    return root


@pytest.fixture(scope="session", autouse=True)
def _static_root(tmp_path_factory):
    """The live server's WhiteNoise warns (an error here) when ``STATIC_ROOT`` does not exist."""
    from django.test import override_settings

    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root):
        yield root
