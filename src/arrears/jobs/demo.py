"""The demo: a whole working console from nothing, in one command.

Generate a realistic portfolio, load it into the embedded SQLite store (identifiers
sealed with demo keys kept under ``var/``), classify it as of the business date, run the
daily cycle on a few earlier dates and on the business date (so that the console has a
history and roll rates to show), create demo users and start the console on a local address. Running it again reuses what is
there: the import is idempotent and the users get fresh passwords.

This is the README's first command. It must work on a fresh machine with nothing but
Python: no network, no services, a few seconds for the default size.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from arrears.demo.generator import generate
from arrears.domain.delinquency import ClassificationPolicy
from arrears.engine.run import ClassificationRun
from arrears.jobs.classify import classify_snapshot

DEMO_USERS = (
    ("manager", "collections_manager", True),
    ("collector", "collector", False),
    ("compliance", "compliance_officer", False),
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    password: str
    is_staff: bool


def ensure_demo_keys(var_dir: Path) -> None:
    """Use the operator's keys if configured; otherwise demo keys in ``var/keys`` (never in git)."""
    if os.environ.get("ARREARS_KEY_FILE") or os.environ.get("ARREARS_DATA_KEYS"):
        return
    from arrears.protection.keyring import create_key_file

    path = var_dir / "keys" / "demo-keys.json"
    if not path.exists():
        create_key_file(path)
    os.environ["ARREARS_KEY_FILE"] = str(path)


def build_demo(
    out_dir: Path, accounts: int, seed: int, locale: str, as_of: date, password: str | None
) -> tuple[ClassificationRun, list[DemoUser]]:
    """Generate, import, classify, run the cycle (history and positions), create users. Needs Django set up."""
    from django.core.management import call_command

    from arrears.portfolio.importing.service import import_snapshot
    from arrears.protection.keyring import load_keyring

    generate(out_dir / "snapshot", accounts=accounts, seed=seed, locale=locale, as_of=as_of)
    call_command("migrate", verbosity=0, interactive=False)
    import_snapshot(out_dir / "snapshot", load_keyring())
    run = classify_snapshot(out_dir / "snapshot", as_of, ClassificationPolicy(), out_dir / "classification.csv")
    run_demo_cycles(as_of)
    return run, create_demo_users(password)


#: Days before the business date on which the demo runs the cycle: three month-steps for
#: monthly roll rates, and yesterday for the daily one.
DEMO_CYCLE_DAYS = (90, 60, 30, 1, 0)


def run_demo_cycles(as_of: date) -> list[date]:
    """The cycle from the store on the demo's dates not run yet (the business date always: idempotent)."""
    from arrears.cycle.history import History, history_root
    from arrears.cycle.run import run_cycle

    done = History(history_root()).completed_dates()
    dates = [as_of - timedelta(days=n) for n in DEMO_CYCLE_DAYS]
    todo = [d for d in dates if d not in done or d == as_of]
    for day in todo:
        run_cycle(day)
    return todo


def create_demo_users(password: str | None) -> list[DemoUser]:
    from django.contrib.auth.models import Group, User

    users = []
    for username, role, staff in DEMO_USERS:
        group, _ = Group.objects.get_or_create(name=role)
        user, _ = User.objects.get_or_create(username=username)
        secret = password or secrets.token_urlsafe(9)
        user.set_password(secret)
        user.is_staff = user.is_superuser = staff
        user.save()
        user.groups.add(group)
        users.append(DemoUser(username, role, secret, staff))
    return users
