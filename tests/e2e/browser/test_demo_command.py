"""The README's main command, as a newcomer runs it: start the demo, open the console, look around.

The command runs as its own process in the background (a fresh ``ARREARS_HOME``, the
embedded SQLite store, demo keys made on the spot) and the browser talks to the address
it prints; the test stops it at the end.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

PASSWORD = "demo-password-2026"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def demo_console(tmp_path: Path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARREARS_")}
    env["ARREARS_HOME"] = str(tmp_path)
    command = [sys.executable, "-m", "arrears", "demo", "--accounts", "400", "--as-of", "2026-11-30"]
    command += ["--port", str(port), "--password", PASSWORD]
    log = (tmp_path / "demo.log").open("w")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"the demo stopped early:\n{(tmp_path / 'demo.log').read_text()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail(f"the demo did not start serving within 180 s:\n{(tmp_path / 'demo.log').read_text()}")
        yield f"http://127.0.0.1:{port}", tmp_path / "demo.log"
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_the_demo_command_serves_a_working_console(page: Page, demo_console):
    base, log = demo_console
    assert f"Console: {base}/" in log.read_text()
    page.goto(f"{base}/")
    expect(page).to_have_url(re.compile(r"/login/"))
    page.get_by_label("用户名").fill("manager")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("资产组合概览")
    expect(page.get_by_test_id("total-accounts")).to_have_text("400")
    expect(page.get_by_test_id("as-of")).to_have_text("2026年11月30日")

    page.get_by_role("button", name="EN").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Portfolio overview")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Accounts").click()
    first = page.locator("tr[data-account]").first
    account_id = first.get_attribute("data-account")
    first.get_by_role("link", name=account_id).click()
    expect(page.get_by_test_id("account-id")).to_have_text(account_id)
    phones = page.get_by_test_id("contact-phone")
    if phones.count():
        expect(phones.first).to_contain_text("*")
    expect(page.get_by_role("heading", name="Allocation of payments")).to_be_visible()
