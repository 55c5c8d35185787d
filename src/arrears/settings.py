"""Classification settings from a TOML file, validated on load.

Lenders differ in bucket cuts, waterfall order, tolerance for small residuals, grace days
and amount bands; none of that is code. This module reads those settings from TOML (the
standard library's ``tomllib``, so it costs nothing at start-up) into a
``ClassificationPolicy``, and a bad file is refused with the file, the key and the reason.
``docs/settings.md`` documents every key; ``examples/settings.toml`` shows them all.

    [classification]
    grace_days = 3
    allocation = { mode = "vertical", components = ["penalty", "fee", "interest", "principal"] }
    tolerance = { CNY = 100, JPY = 10 }         # minor units per currency

    [[classification.buckets]]
    name = "M0"
    from = 0
    to = 0
    ...
    [classification.amount_bands]
    CNY = [ { name = "small", from = "0", to = "1000" }, { name = "large", from = "1000" } ]
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from arrears.domain.aging import DEFAULT_BUCKETS, BucketTable
from arrears.domain.allocation import COMPONENTS, AllocationOrder
from arrears.domain.amount_bands import AmountBandPolicy
from arrears.domain.delinquency import ClassificationPolicy
from arrears.domain.errors import DomainError

KNOWN_KEYS = {"grace_days", "allocation", "tolerance", "buckets", "amount_bands"}


class SettingsError(ValueError):
    """A settings file that cannot be used; the message names the file and the key."""


def _fail(path: Path, key: str, message: str) -> SettingsError:
    return SettingsError(f"{path}: {key}: {message}")


def _int(path: Path, key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(path, key, f"expected a whole number, got {value!r}")
    return value


def _amount(path: Path, key: str, value: Any) -> str:
    if isinstance(value, bool | float) or not isinstance(value, str | int):
        raise _fail(path, key, f'expected an amount as a string such as "1000.00" (never a float), got {value!r}')
    return str(value)


def policy_from_mapping(data: dict[str, Any], path: Path) -> ClassificationPolicy:
    """Build the policy from the parsed ``[classification]`` table."""
    unknown = sorted(set(data) - KNOWN_KEYS)
    if unknown:
        raise _fail(path, f"classification.{unknown[0]}", f"unknown setting (known: {', '.join(sorted(KNOWN_KEYS))})")
    try:
        kwargs: dict[str, Any] = {}
        if "grace_days" in data:
            kwargs["grace_days"] = _int(path, "classification.grace_days", data["grace_days"])
        if "allocation" in data:
            alloc = data["allocation"]
            if not isinstance(alloc, dict) or set(alloc) - {"mode", "components"}:
                raise _fail(path, "classification.allocation", "expected a table with 'mode' and/or 'components'")
            kwargs["allocation"] = AllocationOrder(tuple(alloc.get("components", COMPONENTS)), alloc.get("mode", "vertical"))
        if "tolerance" in data:
            tol = data["tolerance"]
            if not isinstance(tol, dict):
                raise _fail(path, "classification.tolerance", "expected a table of currency = minor units")
            kwargs["tolerance_minor"] = {c: _int(path, f"classification.tolerance.{c}", v) for c, v in tol.items()}
        kwargs["buckets"] = _buckets(path, data.get("buckets"))
        if "amount_bands" in data:
            kwargs["amount_bands"] = _bands(path, data["amount_bands"])
        return ClassificationPolicy(**kwargs)
    except DomainError as e:
        raise _fail(path, "classification", f"{e.message} [{e.code}]") from None


def _buckets(path: Path, rows: Any) -> BucketTable:
    if rows is None:
        return DEFAULT_BUCKETS
    if not isinstance(rows, list):
        raise _fail(path, "classification.buckets", "expected an array of tables ([[classification.buckets]])")
    parsed = []
    for n, row in enumerate(rows, start=1):
        key = f"classification.buckets[{n}]"
        if not isinstance(row, dict) or "name" not in row or "from" not in row:
            raise _fail(path, key, "each bucket needs 'name' and 'from' (and 'to', except the last)")
        upper = row.get("to")
        parsed.append(
            (str(row["name"]), _int(path, f"{key}.from", row["from"]), None if upper is None else _int(path, f"{key}.to", upper))
        )
    try:
        return BucketTable.from_bounds(parsed)
    except DomainError as e:
        raise _fail(path, "classification.buckets", f"{e.message} [{e.code}]") from None


def _bands(path: Path, config: Any) -> AmountBandPolicy:
    if not isinstance(config, dict):
        raise _fail(path, "classification.amount_bands", "expected a table of currency = [bands]")
    rows = {}
    for currency, bands in config.items():
        key = f"classification.amount_bands.{currency}"
        if not isinstance(bands, list) or not all(isinstance(b, dict) and "name" in b and "from" in b for b in bands):
            raise _fail(path, key, "expected an array of { name, from, to } tables")
        rows[currency] = [
            (
                str(b["name"]),
                _amount(path, f"{key}.from", b["from"]),
                None if b.get("to") is None else _amount(path, f"{key}.to", b["to"]),
            )
            for b in bands
        ]
    try:
        return AmountBandPolicy.from_config(rows)
    except DomainError as e:
        raise _fail(path, "classification.amount_bands", f"{e.message} [{e.code}]") from None


def read_toml(path: Path) -> dict:
    """The settings file as a dict; a missing or malformed file is a ``SettingsError`` naming it."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingsError(f"{path}: no such settings file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise SettingsError(f"{path}: not valid TOML: {e}") from None


def load_policy(path: str | Path | None) -> ClassificationPolicy:
    """The policy in ``path`` (its ``[classification]`` table), or the reference defaults."""
    if path is None:
        return ClassificationPolicy()
    path = Path(path)
    data = read_toml(path)
    table = data.get("classification", {})
    if not isinstance(table, dict):
        raise _fail(path, "classification", "expected a table")
    return policy_from_mapping(table, path)
