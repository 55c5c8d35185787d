"""Candidate time zones of a debtor.

Local time at the debtor's location decides when a contact is allowed, and when the
location is uncertain every candidate zone must allow it. Candidates come from the
snapshot's ``timezone`` column when the lender sent one, otherwise from every zone of the
customer's country in the IANA ``zone.tab`` (shipped by the tzdata package, so no
network): one for Japan, several for the United States. Where a country keeps one legal
time across several IANA zones, its default applies (China: Asia/Shanghai, as the
reference says; ``zone.tab`` also lists Asia/Urumqi). Refining by region and
by phone number belongs to the contact-rules issue.

>>> candidate_zones("CN", None), candidate_zones("US", "America/Chicago")
(('Asia/Shanghai',), ('America/Chicago',))
>>> len(candidate_zones("US", None)) > 5
True
"""

from __future__ import annotations

import importlib.resources
from functools import cache

COUNTRY_DEFAULTS = {"CN": ("Asia/Shanghai",)}


@cache
def _zones_by_country() -> dict[str, tuple[str, ...]]:
    text = importlib.resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    zones: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, _coords, zone, *_ = line.split("\t")
            zones.setdefault(code, []).append(zone)
    return {code: tuple(z) for code, z in zones.items()}


def candidate_zones(country: str, timezone: str | None) -> tuple[str, ...]:
    """The lender's zones when given (``;``-separated), else every zone of ``country``."""
    if timezone:
        return tuple(z.strip() for z in timezone.split(";") if z.strip())
    return COUNTRY_DEFAULTS.get(country) or _zones_by_country().get(country, ())
