"""``arrears demo``: build the demo portfolio and console, then serve it on a local address."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from arrears.domain.aging import DEFAULT_BUCKETS
from arrears.jobs.demo import build_demo, ensure_demo_keys
from arrears.reporting import summary_json, summary_table


class Command(BaseCommand):
    help = "Generate a demo portfolio, load and classify it, create demo users and start the console."

    def add_arguments(self, parser):
        parser.add_argument("--accounts", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--locale", choices=["zh_CN", "en_US"], default="zh_CN")
        parser.add_argument("--as-of", type=date.fromisoformat, default=None)
        parser.add_argument("--out", type=Path, default=None)
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--password", default=None, help="password for every demo user (default: random, printed)")
        parser.add_argument("--no-serve", action="store_true", help="build everything, do not start the console")
        parser.add_argument("--json", action="store_true", help="print the bucket summary as JSON")

    def handle(self, *args, accounts, seed, locale, as_of, out, port, password, no_serve, json: bool, **options):
        as_of = as_of or date.today()  # the edge: the business date defaults to today here, never in the rules
        out = out or settings.VAR_DIR / "demo"
        ensure_demo_keys(settings.VAR_DIR)
        run, users = build_demo(out, accounts, seed, locale, as_of, password)
        if json:
            self.stdout.write(_json_dumps(summary_json(run.summary, DEFAULT_BUCKETS.names)))
        else:
            self.stdout.write(f"Demo portfolio: {accounts:,} accounts ({locale}, seed {seed}), classified as of {as_of}.")
            self.stdout.write(f"Snapshot: {out / 'snapshot'}   Result: {out / 'classification.csv'}   Store: {_store()}\n")
            self.stdout.write(summary_table(run.summary, DEFAULT_BUCKETS.names))
        self.stderr.write("\nDemo users (role, password shown once):")
        for user in users:
            role = user.role + (" + admin" if user.is_staff else "")
            self.stderr.write(f"  {user.username:<11} {role:<28} password: {user.password}")
        if no_serve:
            return
        self.stderr.write(f"\nConsole: http://127.0.0.1:{port}/   (Ctrl-C stops it)\n")
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, skip_checks=True)


def _store() -> str:
    db = settings.DATABASES["default"]
    return db["NAME"] if db["ENGINE"].endswith("sqlite3") else f"PostgreSQL {db.get('HOST')}:{db.get('PORT')}/{db['NAME']}"


def _json_dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
