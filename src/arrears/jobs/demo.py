"""The demo: generate a portfolio, classify it, show where the money is.

This is the README's first command. It must work on a fresh machine with nothing but
Python: no database, no network, a few seconds for the default size.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from arrears.demo.generator import generate
from arrears.domain.delinquency import ClassificationPolicy
from arrears.engine.run import ClassificationRun
from arrears.jobs.classify import classify_snapshot


def run_demo(out_dir: Path, accounts: int, seed: int, locale: str, as_of: date) -> ClassificationRun:
    """Write the snapshot to ``out_dir/snapshot`` and the result to ``out_dir/classification.csv``."""
    generate(out_dir / "snapshot", accounts=accounts, seed=seed, locale=locale, as_of=as_of)
    return classify_snapshot(out_dir / "snapshot", as_of, ClassificationPolicy(), out_dir / "classification.csv")
