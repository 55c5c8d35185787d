"""The demo: a whole working console from nothing, in one command.

Generate a realistic portfolio, load it into the embedded SQLite store (identifiers
sealed with demo keys kept under ``var/``), classify it as of the business date, create
demo users and start the console on a local address. Running it again reuses what is
there: the import is idempotent and the users get fresh passwords.

This is the README's first command. It must work on a fresh machine with nothing but
Python: no network, no services, a few seconds for the default size.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import date
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
    """Generate, import, classify, write positions, create users. Needs Django set up."""
    from django.core.management import call_command

    from arrears.portfolio.importing.service import import_snapshot
    from arrears.portfolio.positions import replace_positions
    from arrears.protection.keyring import load_keyring

    generate(out_dir / "snapshot", accounts=accounts, seed=seed, locale=locale, as_of=as_of)
    call_command("migrate", verbosity=0, interactive=False)
    import_snapshot(out_dir / "snapshot", load_keyring())
    run = classify_snapshot(out_dir / "snapshot", as_of, ClassificationPolicy(), out_dir / "classification.csv")
    replace_positions(run.rows)
    return run, create_demo_users(password)


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
