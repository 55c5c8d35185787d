"""Business days: which dates the daily cycle runs for.

Collections work follows the lender's business calendar, not the civil one: no cycle on
a public holiday, and in China a cycle on the Saturday or Sunday that the State Council
turned into a working day (调休) to bridge a long holiday. ``BusinessCalendar`` combines:

- the public holidays of a country (ISO 3166-1 alpha-2) and optional subdivision, from the
  ``holidays`` package, whose data ships inside the package (nothing is downloaded);
- the make-up working days that ``holidays`` publishes for that country
  (``weekend_workdays``: for CN, every announced 调休 Saturday and Sunday);
- a weekend definition (Saturday and Sunday unless configured otherwise);
- extra holidays and extra working days from configuration, which win over everything,
  because the lender's own closures (a company day off) and years the package does not
  know yet (the State Council announces each year's schedule in the autumn before) must be
  expressible without waiting for a release.

The calendar never reads the clock: every method takes the date it answers for.

>>> cal = BusinessCalendar("CN")
>>> cal.is_business_day(date(2025, 10, 1)), cal.is_business_day(date(2025, 9, 28))  # National Day; a make-up Sunday
(False, True)
>>> cal.next_business_day(date(2025, 9, 30))
datetime.date(2025, 10, 9)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import holidays

#: Weekday names accepted in configuration, Monday first (``date.weekday()`` order).
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NUMBERS = {
    name: n
    for n, day in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
    for name in (day[:3], day)
}
_ONE_DAY = timedelta(days=1)
#: How far ``next_business_day``/``previous_business_day`` look before giving up: a
#: calendar with no business day in a whole year is a configuration mistake, not a wait.
_SEARCH_LIMIT = 366


class CalendarError(ValueError):
    """The calendar cannot be built or answer; the message names the offending value.

    ``setting`` names the constructor argument at fault (``country``, ``subdivision``,
    ``weekend``, ``extra_workdays``), so that a settings loader can name its key.
    """

    def __init__(self, message: str, setting: str | None = None):
        super().__init__(message)
        self.setting = setting


@dataclass(frozen=True)
class BusinessCalendar:
    """The business days of one region, with the lender's own exceptions.

    ``weekend`` holds ``date.weekday()`` numbers (Monday 0 ... Sunday 6). Precedence, from
    strongest: an extra working day, an extra holiday, a public holiday, a make-up working
    day published by ``holidays``, the weekend.
    """

    country: str
    subdivision: str | None = None
    weekend: frozenset[int] = frozenset({5, 6})
    extra_holidays: frozenset[date] = frozenset()
    extra_workdays: frozenset[date] = frozenset()
    _public: Any = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        country = (self.country or "").strip().upper()
        subdivision = (self.subdivision or "").strip() or None
        object.__setattr__(self, "country", country)
        object.__setattr__(self, "weekend", frozenset(self.weekend))
        object.__setattr__(self, "extra_holidays", frozenset(self.extra_holidays))
        object.__setattr__(self, "extra_workdays", frozenset(self.extra_workdays))
        if not self.weekend <= set(range(7)):
            raise CalendarError(
                f"weekend days must be weekday numbers 0 (Monday) to 6 (Sunday), got {sorted(self.weekend)}", "weekend"
            )
        if len(self.weekend) == 7:
            raise CalendarError("a weekend of all seven days leaves no business day", "weekend")
        both = sorted(self.extra_holidays & self.extra_workdays)
        if both:
            raise CalendarError(f"{both[0].isoformat()} is both an extra holiday and an extra working day", "extra_workdays")
        if country not in holidays.list_supported_countries():
            raise CalendarError(
                f"unknown country {self.country!r}: expected an ISO 3166-1 alpha-2 code supported by 'holidays'", "country"
            )
        subdivision = _known_subdivision(country, subdivision)
        object.__setattr__(self, "subdivision", subdivision)
        # Years are filled in lazily by ``holidays`` the first time a date of that year is asked about.
        object.__setattr__(self, "_public", holidays.country_holidays(country, subdiv=subdivision))

    @classmethod
    def from_names(
        cls,
        country: str,
        subdivision: str | None = None,
        weekend: Iterable[str] = ("sat", "sun"),
        extra_holidays: Iterable[date] = (),
        extra_workdays: Iterable[date] = (),
    ) -> BusinessCalendar:
        """Build from configuration words: weekend days as ``"sat"``, ``"sunday"``, ..."""
        return cls(country, subdivision, weekend_days(weekend), frozenset(extra_holidays), frozenset(extra_workdays))

    def holiday_name(self, d: date) -> str | None:
        """Why ``d`` is closed, for logs: the holiday's name, or None."""
        if d in self.extra_holidays:
            return "extra holiday (configured)"
        names = self._public.get_list(d)
        return "; ".join(names) if names else None

    def is_business_day(self, d: date) -> bool:
        if d in self.extra_workdays:
            return True
        if d in self.extra_holidays:
            return False
        if d in self._public:  # also loads d's year, which fills ``weekend_workdays`` for it
            return False
        if d in self._public.weekend_workdays:
            return True
        return d.weekday() not in self.weekend

    def next_business_day(self, d: date) -> date:
        """The first business day strictly after ``d``."""
        return self._step(d, _ONE_DAY)

    def previous_business_day(self, d: date) -> date:
        """The last business day strictly before ``d``."""
        return self._step(d, -_ONE_DAY)

    def business_days(self, start: date, end: date) -> list[date]:
        """Every business day from ``start`` to ``end``, both included, oldest first (empty if ``end < start``)."""
        days, d = [], start
        while d <= end:
            if self.is_business_day(d):
                days.append(d)
            d += _ONE_DAY
        return days

    def _step(self, d: date, step: timedelta) -> date:
        for _ in range(_SEARCH_LIMIT):
            d += step
            if self.is_business_day(d):
                return d
        raise CalendarError(f"no business day within {_SEARCH_LIMIT} days of {d.isoformat()} in {self.describe()}")

    def describe(self) -> str:
        """A short human description for logs: ``CN (weekend sat, sun; 2 extra holidays)``."""
        region = self.country + (f"-{self.subdivision}" if self.subdivision else "")
        parts = ["weekend " + (", ".join(WEEKDAYS[n] for n in sorted(self.weekend)) or "none")]
        if self.extra_holidays:
            parts.append(f"{len(self.extra_holidays)} extra holidays")
        if self.extra_workdays:
            parts.append(f"{len(self.extra_workdays)} extra working days")
        return f"{region} ({'; '.join(parts)})"


def weekend_days(names: Iterable[str]) -> frozenset[int]:
    """Weekday numbers from names: ``"sat"`` or ``"Saturday"`` (any case) is 5."""
    days = set()
    for name in names:
        key = name.strip().lower() if isinstance(name, str) else None
        if key not in _DAY_NUMBERS:
            raise CalendarError(f"unknown weekday {name!r}: expected one of {', '.join(WEEKDAYS)}", "weekend")
        days.add(_DAY_NUMBERS[key])
    return frozenset(days)


def _known_subdivision(country: str, subdivision: str | None) -> str | None:
    """The subdivision code as ``holidays`` spells it (case-insensitive match), or a clear error."""
    if subdivision is None:
        return None
    known = holidays.list_supported_countries()[country]
    for code in known:
        if code.casefold() == subdivision.casefold():
            return code
    listing = ", ".join(known) if known else "none"
    raise CalendarError(f"unknown subdivision {subdivision!r} of {country} (known: {listing})", "subdivision")
