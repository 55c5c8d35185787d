"""The ``[worker]`` table of the TOML settings file: when and on which days the cycle runs.

    [worker]
    at = "06:00"                      # local time of day, 24-hour
    timezone = "Asia/Shanghai"        # IANA name; the run time and "today" are read in it
    country = "CN"                    # ISO 3166-1 alpha-2: whose public holidays close business
    subdivision = ""                  # e.g. "CA" for California; "" for the whole country
    weekend = ["sat", "sun"]
    extra_holidays = ["2026-12-31"]   # the lender's own closures
    extra_workdays = []               # working Saturdays the holidays package does not know yet
    start = "2026-11-02"              # optional: the first business date the worker owes

``country`` and ``timezone`` have no default on purpose: a calendar silently taken from
the wrong region would run the cycle on another country's holidays. A bad value is
refused with the file, the key and the reason, like the rest of the settings file
(``arrears.settings``); ``docs/settings.md`` documents every key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from arrears.business_calendar import BusinessCalendar, CalendarError, weekend_days
from arrears.settings import SettingsError, _fail, read_toml

KNOWN_KEYS = {"at", "timezone", "country", "subdivision", "weekend", "extra_holidays", "extra_workdays", "start"}
REQUIRED_KEYS = ("country", "timezone")
DEFAULT_AT = time(6, 0)


@dataclass(frozen=True)
class WorkerSettings:
    """Everything ``arrears worker`` needs besides the cycle itself."""

    at: time
    timezone: ZoneInfo
    calendar: BusinessCalendar
    start: date | None = None


def load_worker_settings(path: str | Path | None) -> WorkerSettings:
    """The ``[worker]`` table of ``path``, validated; refused with the file and the key."""
    if path is None:
        raise SettingsError(
            "the worker needs a settings file with a [worker] table (at least country and timezone): pass --settings FILE"
        )
    path = Path(path)
    data = read_toml(path)
    if "worker" not in data:
        raise _fail(path, "worker", "no [worker] table: the worker needs at least country and timezone")
    return worker_settings_from_mapping(data["worker"], path)


def worker_settings_from_mapping(table: Any, path: Path) -> WorkerSettings:
    """Build the settings from the parsed ``[worker]`` table."""
    if not isinstance(table, dict):
        raise _fail(path, "worker", "expected a table")
    unknown = sorted(set(table) - KNOWN_KEYS)
    if unknown:
        raise _fail(path, f"worker.{unknown[0]}", f"unknown setting (known: {', '.join(sorted(KNOWN_KEYS))})")
    for key in REQUIRED_KEYS:
        if key not in table:
            raise _fail(path, f"worker.{key}", "required (no default, so that no region's holidays are assumed)")
    at = _time(path, table.get("at", DEFAULT_AT))
    zone = _zone(path, table["timezone"])
    country = _text(path, "worker.country", table["country"])
    subdivision = _text(path, "worker.subdivision", table.get("subdivision", ""))
    weekend = table.get("weekend", ["sat", "sun"])
    if not isinstance(weekend, list):
        raise _fail(path, "worker.weekend", f'expected a list of weekday names such as ["sat", "sun"], got {weekend!r}')
    try:
        weekend_set = weekend_days(weekend)
    except CalendarError as e:
        raise _fail(path, "worker.weekend", str(e)) from None
    holidays = _dates(path, "worker.extra_holidays", table.get("extra_holidays", []))
    workdays = _dates(path, "worker.extra_workdays", table.get("extra_workdays", []))
    start = _date(path, "worker.start", table["start"]) if "start" in table else None
    try:
        calendar = BusinessCalendar(country, subdivision or None, weekend_set, holidays, workdays)
    except CalendarError as e:
        raise _fail(path, f"worker.{e.setting}" if e.setting else "worker", str(e)) from None
    return WorkerSettings(at=at, timezone=zone, calendar=calendar, start=start)


def _text(path: Path, key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise _fail(path, key, f"expected a string, got {value!r}")
    return value.strip()


def _time(path: Path, value: Any) -> time:
    """``"06:00"`` (or a TOML local time ``06:00:00``): a time of day without a zone."""
    if isinstance(value, time):
        parsed = value
    elif isinstance(value, str) and len(value.strip()) in (5, 8):
        try:
            parsed = time.fromisoformat(value.strip())
        except ValueError:
            parsed = None
    else:
        parsed = None
    if parsed is None or parsed.tzinfo is not None:
        raise _fail(path, "worker.at", f'expected a local time of day such as "06:00", got {value!r}')
    return parsed


def _zone(path: Path, value: Any) -> ZoneInfo:
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, "worker.timezone", f'expected an IANA time zone name such as "Asia/Shanghai", got {value!r}')
    try:
        return ZoneInfo(value.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise _fail(path, "worker.timezone", f'unknown time zone {value!r} (an IANA name such as "Asia/Shanghai")') from None


def _date(path: Path, key: str, value: Any) -> date:
    """A TOML local date (``2026-10-08``) or the same as a string."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _fail(path, key, f"expected a date in the form YYYY-MM-DD, got {value!r}")


def _dates(path: Path, key: str, value: Any) -> frozenset[date]:
    if not isinstance(value, list):
        raise _fail(path, key, f'expected a list of dates such as ["2026-10-08"], got {value!r}')
    return frozenset(_date(path, f"{key}[{n}]", item) for n, item in enumerate(value, start=1))
