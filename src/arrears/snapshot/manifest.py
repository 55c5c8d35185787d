"""The optional ``manifest.json``: which extract this is and when it was taken.

``extracted_at`` is what lets the loader refuse a snapshot older than the last one loaded,
so a value that is present but unreadable is a problem, never silently ``None``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from arrears.snapshot.format import MANIFEST
from arrears.snapshot.lines import Source
from arrears.snapshot.problems import ProblemLog, show


@dataclass(frozen=True)
class Manifest:
    snapshot_id: str | None
    extracted_at: dt.datetime | None


def _line_of(text: str, key: str) -> int:
    at = text.find(f'"{key}"')
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def read_manifest(directory: Path, rank: int, log: ProblemLog) -> Manifest | None:
    """The manifest, None when there is none; problems are logged (all of them are fatal)."""
    path = directory / MANIFEST
    if not path.is_file():
        return None
    source = Source("manifest", str(path), rank, header_line=1)
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = json.loads(text)
    except UnicodeDecodeError:
        log.fatal(source, "", "is not UTF-8 text")
        return None
    except json.JSONDecodeError as e:
        log.fatal(source, "", f"is not valid JSON: {e.msg} (column {e.colno})", line=e.lineno)
        return None
    if not isinstance(data, dict):
        log.fatal(source, "", 'expected a JSON object: {"snapshot_id": "...", "extracted_at": "2026-11-01T06:00:00+08:00"}')
        return None
    snapshot_id = data.get("snapshot_id")
    if snapshot_id is not None and not isinstance(snapshot_id, str | int):
        log.fatal(source, "snapshot_id", f"{show(snapshot_id)} is not a text id", line=_line_of(text, "snapshot_id"))
        snapshot_id = None
    extracted_at = data.get("extracted_at")
    when = None
    if extracted_at is not None:
        try:
            if not isinstance(extracted_at, str):
                raise ValueError
            when = dt.datetime.fromisoformat(extracted_at)
        except ValueError:
            log.fatal(
                source,
                "extracted_at",
                f"{show(extracted_at)} is not an ISO date-time; expected e.g. 2026-11-01T06:00:00+08:00",
                line=_line_of(text, "extracted_at"),
            )
    return Manifest(None if snapshot_id is None else str(snapshot_id), when)
