"""``arrears import SNAPSHOT_DIR``: load a lender's snapshot into the store.

Thin: parse, call ``import_snapshot``, report. Refusals (bad rows, an older extract,
missing keys) print every reason and exit 1 with the database exactly as before.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from arrears.domain.errors import DomainError
from arrears.portfolio.importing.service import Progress, import_snapshot
from arrears.protection.keyring import KeyringError, load_keyring
from arrears.snapshot import SnapshotInvalid


class RichProgress(Progress):
    """A progress bar on stderr, one task per step; silent when stderr is not a terminal."""

    def __init__(self):
        super().__init__()
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bar

        self.bar = Bar(
            TextColumn("{task.description:>12}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            disable=not sys.stderr.isatty(),
        )
        self.task = None

    def __enter__(self):
        self.bar.start()
        return self

    def __exit__(self, *exc):
        self.bar.stop()

    def step(self, name: str, total: int) -> None:
        super().step(name, total)
        if self.task is not None:
            self.bar.update(self.task, completed=self.bar.tasks[self.task].total)
        self.task = self.bar.add_task(name, total=max(total, 1))

    def advance(self, n: int) -> None:
        if self.task is not None:
            self.bar.advance(self.task, n)


class Command(BaseCommand):
    help = "Validate a portfolio snapshot folder and load it into the store (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("snapshot_dir", type=Path)
        parser.add_argument(
            "--reject-file", type=Path, help="load the valid accounts; write the rejected ones with their reasons here"
        )
        parser.add_argument("--encoding", help="force the CSV encoding (default: detect UTF-8, UTF-8 with BOM, GB18030)")

    def handle(self, *args, snapshot_dir: Path, reject_file: Path | None, encoding: str | None, **options):
        if MigrationExecutor(connection).migration_plan(MigrationExecutor(connection).loader.graph.leaf_nodes()):
            self._refuse("the database is not up to date: run `arrears migrate` first")
        try:
            keyring = load_keyring()
            with RichProgress() as progress:
                report = import_snapshot(snapshot_dir, keyring, encoding=encoding, reject_file=reject_file, progress=progress)
        except SnapshotInvalid as error:
            self._refuse(f"the snapshot was refused; the database is unchanged.\n{error}")
        except (DomainError, KeyringError) as error:
            self._refuse(str(error))
        if not report.changed_anything:
            self.stdout.write(f"{snapshot_dir}: nothing changed ({report.accounts_unchanged:,} accounts already up to date).")
        else:
            self.stdout.write(
                f"{snapshot_dir}: {report.accounts_new:,} new, {report.accounts_changed:,} changed, "
                f"{report.accounts_unchanged:,} unchanged accounts; {report.customers_new:,} new and "
                f"{report.customers_changed:,} changed customers."
            )
        if reject_file is not None:
            self.stdout.write(
                f"{report.accounts_rejected:,} accounts rejected ({report.total_problems:,} problems): see {reject_file}"
            )

    def _refuse(self, message: str) -> None:
        self.stderr.write(f"error: {message}")
        raise SystemExit(1)
