"""Parsing and checking one column at a time, for millions of rows at once.

Each function takes a whole column (as ``Cells``: the text as read, prepared once) and
returns the typed column plus the rules it broke, as boolean masks with a message
template; Python objects are made only later, for the few rows that are reported. The
accepted forms are deliberately narrow (see section 1 of the reference): a lender's export
is either in one of them or wrong, and guessing (is ``01/02/2026`` January or February?)
would corrupt debts silently.

Amounts are parsed exactly, as integer counts of the currency's minor unit, by digit
arithmetic on the text: never through a float. ``parse_amount`` in the domain is the
one-value reference the unit tests hold this vectorised version to. Dates repeat a lot (a
portfolio has a few thousand distinct due dates), so each distinct text is parsed once in
plain Python with ``parse_date`` and the results are spread back to the rows.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from arrears.domain.countries import COUNTRIES
from arrears.domain.currency import MINOR_UNITS
from arrears.snapshot.problems import Message, show

Column = pa.Array | pa.ChunkedArray

_AMOUNT = r"^[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?$"
_WHOLE_DIGITS = 14  # 10^14 units of any currency, times 10^4 for the finest minor unit, still fits int64
_ALL_DIGITS = 18  # int64 holds any 18-digit number
_POWERS_OF_10 = pa.array([10**i for i in range(_ALL_DIGITS + 1)], pa.int64())
_RATE = r"^[0-9]+(?:\.[0-9]+)?$"
_REGION = r"^[A-Z]{2}-[A-Z0-9]{1,3}$"
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})|(\d{4})/(\d{1,2})/(\d{1,2})", re.ASCII)
_MIDNIGHT = " 00:00:00"
DATE_FORMS = "YYYY-MM-DD, YYYY/MM/DD or YYYY/M/D"


@dataclass(frozen=True)
class Failure:
    """Rows (``mask`` true) that break one rule, and how to say so."""

    mask: Column
    message: Message
    details: Mapping[str, Column] = field(default_factory=dict)


@dataclass(frozen=True)
class Parsed:
    """A typed column (null where missing or bad) and the rules its values broke."""

    values: Column
    failures: tuple[Failure, ...] = ()


# -- common ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cells:
    """One column prepared for checking: each distinct value once, and where each row's is.

    Snapshot columns repeat heavily (12 million installments share a few thousand due
    dates, a few hundred ``seq`` values, a few currencies), so the string work (trimming,
    pattern matching, parsing) is done once per distinct value and the per-value results
    are spread back to the rows with one ``take``. A column whose values are nearly all
    different (tested on a sample) is processed row by row instead, since hashing it would
    cost more than it saves. Whitespace around a value is ignored, including the
    ideographic space U+3000 that Chinese exports pad with.
    """

    raw: Column  # per row, as written: messages quote it
    values: Column  # the distinct raw values, or the rows themselves
    at: Column | None  # per row, index into ``values``; None when ``values`` are the rows
    text: Column  # ``values`` trimmed
    blank: Column  # per value: missing (null, empty or whitespace only)

    @classmethod
    def of(cls, raw: Column, *, distinct: bool | None = None) -> Cells:
        """Prepare ``raw``; ``distinct`` forces (True) or forbids (False) the per-value form."""
        if distinct is None:
            distinct = _repetitive(raw)
        if distinct:
            values, at = _encode(raw)
        else:
            values, at = raw, None
        text = pc.utf8_trim_whitespace(values)
        return cls(raw, values, at, text, pc.fill_null(pc.equal(pc.binary_length(text), 0), True))

    def rows(self, per_value: Column) -> Column:
        """A per-value result spread to the rows."""
        return per_value if self.at is None else per_value.take(self.at)

    @functools.cached_property
    def missing(self) -> Column:
        """Per row: the value is missing. Never null."""
        return self.rows(self.blank)

    @functools.cached_property
    def present(self) -> Column:
        return pc.invert(self.missing)

    def __len__(self) -> int:
        return len(self.raw)


_SAMPLE = 100_000


def _encode(raw: Column) -> tuple[pa.Array, Column]:
    """Distinct values (null included) and each row's index into them, in one hash pass.

    Arrow encodes a chunked column with one memo table, so the last chunk's dictionary
    holds every value and the earlier chunks' indices are valid against it.
    """
    encoded = pc.dictionary_encode(raw, null_encoding="encode")
    if isinstance(encoded, pa.Array):
        return encoded.dictionary, encoded.indices
    if encoded.num_chunks == 0:
        return pa.array([], raw.type), pa.chunked_array([], pa.int32())
    dictionary = max((chunk.dictionary for chunk in encoded.chunks), key=len)
    return dictionary, pa.chunked_array([chunk.indices for chunk in encoded.chunks], pa.int32())


def _repetitive(raw: Column) -> bool:
    sample = raw.slice(0, _SAMPLE)
    return len(sample) == 0 or pc.count_distinct(sample, mode="all").as_py() <= len(sample) // 2


def blank(values: Column) -> Column:
    """Missing values: null (Parquet), empty, or whitespace only. Never null itself."""
    empty = pc.or_(pc.equal(pc.binary_length(values), 0), pc.utf8_is_space(values))
    return pc.fill_null(empty, True)


def text(values: Column, missing: Column | None = None) -> Column:
    """A text column as kept: the value as written, null when missing (``blank``, if known)."""
    missing = blank(values) if missing is None else missing
    if not pc.any(missing).as_py():
        return values
    return pc.if_else(missing, pa.scalar(None, pa.string()), values)


def _where(mask: Column) -> Column:
    return pc.fill_null(mask, False)


def _kept(cells: Cells) -> Column:
    """The trimmed value per row, null when missing: how codes are kept."""
    return cells.rows(pc.if_else(cells.blank, pa.scalar(None, pa.string()), cells.text))


# -- dates ----------------------------------------------------------------------------------


class DateError(ValueError):
    """``form``: not one of the accepted spellings; ``calendar``: no such day."""

    def __init__(self, kind: str, text: str):
        super().__init__(f"{kind}: {text!r}")
        self.kind = kind


def parse_date(text: str) -> dt.date:
    """One date in an accepted form; raises ``DateError``.

    >>> parse_date("2026/1/5 00:00:00")
    datetime.date(2026, 1, 5)
    """
    s = text.strip()
    if s.endswith(_MIDNIGHT):
        s = s[: -len(_MIDNIGHT)]
    m = _DATE.fullmatch(s)
    if not m:
        raise DateError("form", text)
    y, mo, d = (int(g) for g in (m.groups()[:3] if m.group(1) else m.groups()[3:]))
    try:
        return dt.date(y, mo, d)
    except ValueError:
        raise DateError("calendar", text) from None


def _date_or_kind(text: str | None) -> tuple[dt.date | None, int]:
    if not text:
        return None, 0
    try:
        return parse_date(text), 0
    except DateError as e:
        return None, 1 if e.kind == "form" else 2


def parse_dates(cells: Cells) -> Parsed:
    """A date column: each distinct text parsed once in Python (``parse_date``), spread to the rows."""
    results = [_date_or_kind(s) for s in _array(cells.text).to_pylist()]
    dates = cells.rows(pa.array([r[0] for r in results], pa.date32()))
    kinds = cells.rows(pa.array([r[1] for r in results], pa.int8()))
    return Parsed(
        dates,
        (
            Failure(pc.equal(kinds, 1), lambda d: f"{show(d['value'])} is not a date; expected {DATE_FORMS}"),
            Failure(pc.equal(kinds, 2), lambda d: f"{show(d['value'])} is not a calendar date"),
        ),
    )


def _array(values: Column) -> pa.Array:
    if isinstance(values, pa.ChunkedArray):
        return values.combine_chunks()
    return values


# -- amounts --------------------------------------------------------------------------------


# problem codes of an amount cell, in order of precedence (one per cell)
_OK, _BAD_FORM, _TOO_LARGE, _TOO_PRECISE, _NEGATIVE, _ZERO = range(6)
_MAX_PLACES = max(MINOR_UNITS.values())
_NO_PLACES = _MAX_PLACES + 1  # the slot for rows whose currency is unknown


def _read(t: Column, blank: Column, positive: bool) -> tuple[Column, Column, Column, Column]:
    """What each amount text says before its currency is known.

    Returns ``code`` (form problems; ``_OK`` for blanks), the unsigned amount times
    ``10**frac_digits`` as an integer (0 where unusable, null where blank),
    ``frac_digits``, and whether it is written with a minus sign.
    """
    well_formed = _where(pc.match_substring_regex(t, _AMOUNT))
    negative = pc.starts_with(t, "-")
    body = t
    if pc.any(negative).as_py() or pc.any(pc.starts_with(t, "+")).as_py():
        body = pc.ascii_ltrim(t, "+-")
    if pc.any(pc.match_substring(body, ",")).as_py():
        body = pc.replace_substring(body, ",", "")
    dot = pc.find_substring(body, ".").cast(pa.int64())
    length = pc.binary_length(body).cast(pa.int64())
    has_dot = pc.greater_equal(dot, 0)
    whole_digits = pc.if_else(has_dot, dot, length)
    frac_digits = pc.if_else(has_dot, pc.subtract(pc.subtract(length, dot), 1), 0)
    digits = pc.replace_substring(body, ".", "") if pc.any(has_dot).as_py() else body
    too_large = pc.and_(
        well_formed,
        pc.or_(pc.greater(whole_digits, _WHOLE_DIGITS), pc.greater(pc.add(whole_digits, frac_digits), _ALL_DIGITS)),
    )
    usable = pc.and_(well_formed, pc.invert(too_large))
    if not pc.all(usable).as_py():  # only digits may reach the cast, which fails the whole column otherwise
        digits = pc.if_else(usable, digits, "0")
    number = pc.cast(digits, pa.int64())
    nonzero = pc.not_equal(number, 0)
    if pc.any(blank).as_py():
        number = pc.if_else(blank, pa.scalar(None, pa.int64()), number)  # missing stays missing, not 0
    rules = {
        _OK: blank,
        _BAD_FORM: pc.invert(well_formed),
        _TOO_LARGE: _where(too_large),
        _NEGATIVE: _where(pc.and_(negative, nonzero)),
    }
    if positive:
        rules[_ZERO] = pc.invert(nonzero)
    code = pc.case_when(pc.make_struct(*rules.values()), *rules.keys(), _OK).cast(pa.int8())  # the first rule that holds
    return code, number, frac_digits, _where(negative)


def _scaled(
    code: Column, number: Column, frac_digits: Column, negative: Column, places: int | Column | None
) -> tuple[Column, Column]:
    """Minor units and final problem code of each value, for a number of decimal places (null: unknown)."""
    if places is None:
        return pa.nulls(len(code), pa.int64()), code
    shift = pc.subtract(places, frac_digits)
    up = _POWERS_OF_10.take(pc.min_element_wise(pc.max_element_wise(shift, 0), _ALL_DIGITS))
    down = _POWERS_OF_10.take(pc.min_element_wise(pc.max_element_wise(pc.negate(shift), 0), _ALL_DIGITS))
    exact = pc.equal(pc.subtract(number, pc.multiply(pc.divide(number, down), down)), 0)
    magnitude = pc.if_else(pc.greater_equal(shift, 0), pc.multiply(number, up), pc.divide(number, down))
    signed = pc.if_else(negative, pc.negate(magnitude), magnitude)
    code = pc.if_else(_where(pc.and_(pc.equal(code, _OK), pc.invert(exact))), pa.scalar(_TOO_PRECISE, pa.int8()), code)
    minor = pc.if_else(pc.equal(code, _OK), signed, pa.scalar(None, pa.int64()))
    return minor, code


def _too_precise(d: Mapping) -> str:
    currency = d.get("currency")
    allowed = f"{currency} allows ({MINOR_UNITS[currency]})" if currency in MINOR_UNITS else "its currency allows"
    return f"{show(d['value'])} has more decimal places than {allowed}"


_AMOUNT_MESSAGES: dict[int, Message] = {
    _BAD_FORM: lambda d: f"{show(d['value'])} is not an amount; expected a plain decimal such as 1234.56 or 1,234.56",
    _TOO_LARGE: lambda d: f"{show(d['value'])} is too large for an amount",
    _TOO_PRECISE: _too_precise,
    _NEGATIVE: lambda d: f"{show(d['value'])} is negative; expected an amount >= 0",
    _ZERO: lambda d: f"{show(d['value'])} is zero; expected an amount > 0",
}


def parse_amounts(cells: Cells, places: Column | None, currency: Column | None, *, positive: bool = False) -> Parsed:
    """An amount column as integer minor units of each row's currency.

    ``places`` is each row's number of decimal places (null when its currency is unknown:
    the form is still checked, the decimals cannot be). Trailing zeros beyond the minor
    unit are fine (``100.0`` JPY), other digits are not (``100.5`` JPY).

    The text is read once per distinct value; the result also depends on the row's
    currency, so each distinct value is scaled for every possible number of places (0 to
    4) and each row picks its cell from that small table with one ``take``: the per-row
    work is a handful of integer operations whatever the rules. Columns of mostly distinct
    values are scaled row by row instead. Each cell gets at most one problem.
    """
    if places is None:
        places = pa.nulls(len(cells), pa.int8())
    code, number, frac_digits, negative = _read(cells.text, cells.blank, positive)
    if cells.at is None:
        minor, code = _scaled(code, number, frac_digits, negative, places.cast(pa.int64()))
    else:
        tables = [_scaled(code, number, frac_digits, negative, p) for p in [*range(_MAX_PLACES + 1), None]]
        slot = pc.fill_null(places.cast(pa.int64()), _NO_PLACES)
        at = pc.add(pc.multiply(slot, len(code)), cells.at.cast(pa.int64()))
        minor = pa.concat_arrays([_array(m) for m, _ in tables]).take(at)
        code = pa.concat_arrays([_array(c) for _, c in tables]).take(at)
    failures = ()
    if pc.max(code).as_py():
        failures = tuple(
            Failure(pc.equal(code, k), message, {"currency": currency} if k == _TOO_PRECISE and currency is not None else {})
            for k, message in _AMOUNT_MESSAGES.items()
        )
    return Parsed(minor, failures)


# -- numbers and codes ----------------------------------------------------------------------


def parse_seq(cells: Cells) -> Parsed:
    """Installment numbers: positive integers (``1``, ``2``, ...; no sign, no decimals)."""
    t = cells.text
    digits = pc.and_(_where(pc.ascii_is_decimal(t)), pc.less_equal(pc.binary_length(t), 9))
    number = pc.cast(pc.if_else(digits, t, "0"), pa.int64())
    ok = pc.and_(digits, pc.greater(number, 0))
    bad = pc.and_(cells.present, cells.rows(pc.invert(ok)))
    return Parsed(
        cells.rows(pc.if_else(ok, number, pa.scalar(None, pa.int64()))),
        (Failure(bad, lambda d: f"{show(d['value'])} is not a positive integer; expected 1, 2, 3 ..."),),
    )


def parse_rates(cells: Cells) -> Parsed:
    """A nominal annual rate as a fraction (``0.12``), kept as text for exact use later."""
    bad = pc.and_(cells.present, cells.rows(pc.invert(_where(pc.match_substring_regex(cells.text, _RATE)))))
    return Parsed(
        _kept(cells),
        (Failure(bad, lambda d: f"{show(d['value'])} is not a rate; expected a non-negative fraction such as 0.12"),),
    )


_CURRENCIES = pa.array(sorted(MINOR_UNITS))
_PLACES = pa.array([MINOR_UNITS[c] for c in sorted(MINOR_UNITS)], pa.int8())


def check_currencies(cells: Cells) -> tuple[Parsed, Column]:
    """ISO 4217 codes, and each row's number of decimal places (null when unknown)."""
    at = pc.index_in(cells.text, value_set=_CURRENCIES)
    bad = pc.and_(cells.present, cells.rows(pc.is_null(at)))
    parsed = Parsed(
        _kept(cells),
        (Failure(bad, lambda d: f"{show(d['value'])} is not an ISO 4217 currency code (e.g. CNY, USD, JPY)"),),
    )
    return parsed, cells.rows(_PLACES.take(at))


_COUNTRIES = pa.array(sorted(COUNTRIES))


def check_countries(cells: Cells) -> Parsed:
    """ISO 3166-1 alpha-2 codes (``UK`` is not one: the code is ``GB``)."""
    bad = pc.and_(cells.present, cells.rows(pc.invert(pc.is_in(cells.text, value_set=_COUNTRIES))))

    def message(d: Mapping) -> str:
        hint = " (the United Kingdom is GB)" if d["value"].strip() == "UK" else ""
        return f"{show(d['value'])} is not an ISO 3166-1 alpha-2 country code (e.g. CN, US, GB){hint}"

    return Parsed(_kept(cells), (Failure(bad, message),))


def check_regions(cells: Cells, country: Column) -> Parsed:
    """ISO 3166-2 subdivisions (``CN-GD``), which must belong to the row's (valid) country."""
    shaped_value = _where(pc.match_substring_regex(cells.text, _REGION))
    shaped = cells.rows(shaped_value)
    bad_form = pc.and_(cells.present, pc.invert(shaped))
    prefix = cells.rows(pc.utf8_slice_codeunits(cells.text, 0, 2))
    known_country = _where(pc.is_in(country, value_set=_COUNTRIES))
    elsewhere = _where(pc.and_(pc.and_(shaped, known_country), pc.not_equal(prefix, country)))
    return Parsed(
        _kept(cells),
        (
            Failure(bad_form, lambda d: f"{show(d['value'])} is not an ISO 3166-2 subdivision code; expected e.g. CN-GD"),
            Failure(
                elsewhere,
                lambda d: f"{show(d['value'])} is not a subdivision of country {d['country']}",
                {"country": country},
            ),
        ),
    )


@functools.cache
def iana_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _unknown_zones(cell: str) -> list[str]:
    return [z.strip() for z in cell.split(";") if z.strip() and z.strip() not in iana_zones()]


def check_timezones(cells: Cells) -> Parsed:
    """One or more IANA zone names separated by ``;`` (a debtor may have several)."""
    unknown = pa.array([bool(v and _unknown_zones(v)) for v in _array(cells.text).to_pylist()], pa.bool_())
    bad = pc.and_(cells.present, cells.rows(unknown))

    def message(d: Mapping) -> str:
        names = ", ".join(show(z) for z in _unknown_zones(d["value"]))
        return f"{names} is not an IANA time zone (e.g. Asia/Shanghai; separate several with ';')"

    return Parsed(_kept(cells), (Failure(bad, message),))
