"""On PostgreSQL, a full dump of the database holds no identifier in clear."""

from __future__ import annotations

import csv
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.db import connection

from arrears.demo.generator import generate
from arrears.portfolio.importing.service import import_snapshot


@pytest.mark.django_db(transaction=True)
def test_a_postgresql_dump_after_an_import_holds_no_identifier_in_clear(request, tmp_path: Path, test_keyring):
    cluster = getattr(request.config, "arrears_postgres", None)
    if cluster is None:
        pytest.skip("PostgreSQL-only: runs in the `pytest --postgres` pass")
    generate(tmp_path / "snap", accounts=400, seed=3, locale="en_US", as_of=date(2026, 11, 30))
    import_snapshot(tmp_path / "snap", test_keyring)
    dump = subprocess.run(
        [
            str(cluster.bin_dir / "pg_dump"),
            "-h",
            "127.0.0.1",
            "-p",
            str(cluster.port),
            "-U",
            "postgres",
            connection.settings_dict["NAME"],
        ],
        capture_output=True,
        check=True,
        cwd="/",
    ).stdout
    assert b"portfolio_contactpoint" in dump and len(dump) > 100_000
    with (tmp_path / "snap" / "customers.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    secrets = {r["national_id"] for r in rows if r["national_id"]}
    secrets |= {p.lstrip("+") for r in rows for p in (r["phones"] or "").split(";") if p}
    secrets |= {e for r in rows for e in (r["emails"] or "").split(";") if e}
    assert len(secrets) > 300
    assert [s for s in secrets if s.encode() in dump] == []
