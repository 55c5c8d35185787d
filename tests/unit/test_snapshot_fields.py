"""Parsing of snapshot dates, amounts and numbers, one value at a time, table-driven.

The vectorised parsers run over whole columns; here each case is a one-row column, so a
failure names the exact text that was misread. Amounts are also held to the domain's
``parse_amount``, the one-value reference for what an amount looks like.
"""

import datetime as dt
from decimal import Decimal

import pyarrow as pa
import pytest

from arrears.domain.errors import DomainError
from arrears.domain.money import parse_amount
from arrears.snapshot.fields import (
    Cells,
    DateError,
    check_countries,
    check_currencies,
    check_regions,
    check_timezones,
    parse_amounts,
    parse_date,
    parse_dates,
    parse_rates,
    parse_seq,
)


def messages(parsed, value):
    """The messages of the rules a one-row column broke."""
    out = []
    for failure in parsed.failures:
        if failure.mask.to_pylist()[0]:
            details = {"value": value, **{k: v.to_pylist()[0] for k, v in failure.details.items()}}
            out.append(failure.message(details))
    return out


# -- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-01", dt.date(2026, 11, 1)),
        ("2026/11/01", dt.date(2026, 11, 1)),
        ("2026/1/5", dt.date(2026, 1, 5)),
        ("2026/01/5", dt.date(2026, 1, 5)),
        ("2026-11-01 00:00:00", dt.date(2026, 11, 1)),
        ("2026/1/5 00:00:00", dt.date(2026, 1, 5)),
        ("  2026-11-01 ", dt.date(2026, 11, 1)),
        ("2024-02-29", dt.date(2024, 2, 29)),
    ],
)
def test_accepted_date_forms_parse_to_the_day(text, expected):
    assert parse_date(text) == expected
    assert parse_dates(Cells.of(pa.array([text]))).values.to_pylist() == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "2026-1-5",  # the dashed form has two-digit month and day
        "2026-11/01",
        "01/11/2026",
        "11/01/2026",
        "20261101",
        "2026-11-01T00:00:00",
        "2026-11-01 10:30:00",
        "2026-11-01 00:00",
        "2026年11月1日",
        "２０２６-１１-０１",
        "NA",
        "null",
        "26-11-01",
    ],
)
def test_other_date_spellings_are_refused_with_the_accepted_forms(text):
    with pytest.raises(DateError) as e:
        parse_date(text)
    assert e.value.kind == "form"
    parsed = parse_dates(Cells.of(pa.array([text])))
    assert parsed.values.to_pylist() == [None]
    assert messages(parsed, text) == [f"{text!r} is not a date; expected YYYY-MM-DD, YYYY/MM/DD or YYYY/M/D"]


@pytest.mark.parametrize("text", ["2026-02-30", "2025-02-29", "2026-13-01", "2026/4/31", "2026-00-10", "0000-01-01"])
def test_dates_that_do_not_exist_are_refused_as_calendar_errors(text):
    parsed = parse_dates(Cells.of(pa.array([text])))
    assert parsed.values.to_pylist() == [None]
    assert messages(parsed, text) == [f"{text!r} is not a calendar date"]


def test_missing_dates_are_null_without_a_parse_error():
    parsed = parse_dates(Cells.of(pa.array(["", "  ", None, "2026-01-01"])))
    assert parsed.values.to_pylist() == [None, None, None, dt.date(2026, 1, 1)]
    assert not any(any(f.mask.to_pylist()) for f in parsed.failures)


# -- amounts ------------------------------------------------------------------------------------


def minor_of(text, places, currency="XXX"):
    parsed = parse_amounts(Cells.of(pa.array([text])), pa.array([places], pa.int8()), pa.array([currency]), positive=True)
    return parsed.values.to_pylist()[0], messages(parsed, text)


@pytest.mark.parametrize(
    ("text", "places", "minor"),
    [
        ("1234.56", 2, 123456),
        ("1,234.56", 2, 123456),
        ("1,234,567.8", 2, 123456780),
        ("12.3", 2, 1230),
        ("12", 2, 1200),
        ("1200", 0, 1200),
        ("1,200", 0, 1200),
        ("100.0", 0, 100),  # trailing zeros are not extra precision
        ("100.500", 2, 10050),
        ("1.234", 3, 1234),
        ("0.001", 3, 1),
        ("+5", 2, 500),
        (" 7.5\u3000", 2, 750),
        ("007", 2, 700),
        ("99999999999999.9999", 4, 999999999999999999),
    ],
)
def test_amounts_become_exact_minor_units_of_the_currency(text, places, minor):
    assert minor_of(text, places) == (minor, [])


@pytest.mark.parametrize(
    ("text", "places", "currency", "message"),
    [
        ("100.5", 0, "JPY", "'100.5' has more decimal places than JPY allows (0)"),
        ("12.345", 2, "CNY", "'12.345' has more decimal places than CNY allows (2)"),
        ("1.2345", 3, "KWD", "'1.2345' has more decimal places than KWD allows (3)"),
        ("-5", 2, "CNY", "'-5' is negative; expected an amount >= 0"),
        ("-0.01", 2, "CNY", "'-0.01' is negative; expected an amount >= 0"),
        ("0", 2, "CNY", "'0' is zero; expected an amount > 0"),
        ("-0.00", 2, "CNY", "'-0.00' is zero; expected an amount > 0"),
        ("123456789012345", 2, "CNY", "'123456789012345' is too large for an amount"),
    ],
)
def test_amount_rules_name_the_value_and_what_is_expected(text, places, currency, message):
    assert minor_of(text, places, currency)[1] == [message]


BAD_AMOUNTS = [
    "1234,56",
    "1,23,456.00",
    "12,34.5",
    "1234,567",
    ",123",
    "1.",
    ".5",
    "1.2.3",
    "1e3",
    "NaN",
    "Infinity",
    "12 345",
    "¥12",
    "12元",
    "１２",
    "--5",
    "+-5",
    "NA",
    "null",
    "abc",
]


@pytest.mark.parametrize("text", BAD_AMOUNTS)
def test_other_amount_spellings_are_refused(text):
    minor, found = minor_of(text, 2)
    assert minor is None
    assert found == [f"{text!r} is not an amount; expected a plain decimal such as 1234.56 or 1,234.56"]


@pytest.mark.parametrize("text", [*BAD_AMOUNTS, "1234.56", "1,234.56", "+5", "-5", "0", "007", " 7.5 ", "1,000,000", "-1,000.5"])
def test_amount_forms_agree_with_the_domain_parser(text):
    try:
        expected = parse_amount(text)
    except DomainError:
        expected = None
    parsed = parse_amounts(Cells.of(pa.array([text])), pa.array([4], pa.int8()), None)
    refused = any("is not an amount" in m for m in messages(parsed, text))
    assert refused == (expected is None)
    if expected is not None and expected >= 0:
        assert Decimal(parsed.values.to_pylist()[0]).scaleb(-4) == expected


def test_amount_decimals_are_checked_against_each_rows_own_currency():
    cells = Cells.of(pa.array(["100.5", "100.5", "100.50", "7"]))
    parsed = parse_amounts(cells, pa.array([2, 0, None, 3], pa.int8()), pa.array(["CNY", "JPY", None, "KWD"]))
    assert parsed.values.to_pylist() == [10050, None, None, 7000]
    too_precise = next(f for f in parsed.failures if "decimal places" in f.message({"value": "", "currency": "JPY"}))
    assert too_precise.mask.to_pylist() == [False, True, False, False]


def test_missing_amounts_are_not_parse_errors():
    parsed = parse_amounts(Cells.of(pa.array(["", " ", None])), pa.array([2, 2, 2], pa.int8()), None)
    assert parsed.values.to_pylist() == [None, None, None]
    assert not any(any(f.mask.to_pylist()) for f in parsed.failures)


def test_repeated_and_distinct_columns_parse_the_same():
    values = pa.array(["1.50", "2", "1.50", "x", "", "2"] * 3)
    places = pa.array([2] * len(values), pa.int8())
    by_value = parse_amounts(Cells.of(values, distinct=True), places, None)
    by_row = parse_amounts(Cells.of(values, distinct=False), places, None)
    assert by_value.values.to_pylist() == by_row.values.to_pylist()
    assert [f.mask.to_pylist() for f in by_value.failures] == [f.mask.to_pylist() for f in by_row.failures]


# -- numbers and codes --------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "seq"), [("1", 1), ("12", 12), ("007", 7), (" 3 ", 3), ("999999999", 999999999)])
def test_seq_is_a_positive_integer(text, seq):
    parsed = parse_seq(Cells.of(pa.array([text])))
    assert parsed.values.to_pylist() == [seq]
    assert messages(parsed, text) == []


@pytest.mark.parametrize("text", ["0", "-1", "+1", "1.0", "1e2", "x", "１", "1000000000"])
def test_seq_other_than_a_positive_integer_is_refused(text):
    parsed = parse_seq(Cells.of(pa.array([text])))
    assert parsed.values.to_pylist() == [None]
    assert messages(parsed, text) == [f"{text!r} is not a positive integer; expected 1, 2, 3 ..."]


@pytest.mark.parametrize(
    ("text", "ok"), [("0.12", True), ("0", True), ("1.5", True), ("12%", False), ("-0.1", False), (".1", False)]
)
def test_rates_are_non_negative_fractions(text, ok):
    assert (messages(parse_rates(Cells.of(pa.array([text]))), text) == []) is ok


def test_currencies_give_each_rows_decimal_places():
    parsed, places = check_currencies(Cells.of(pa.array(["CNY", "JPY", "KWD", "XAU", "cny", ""])))
    assert places.to_pylist() == [2, 0, 3, None, None, None]
    assert [f.mask.to_pylist() for f in parsed.failures] == [[False, False, False, True, True, False]]
    assert messages(check_currencies(Cells.of(pa.array(["XAU"])))[0], "XAU") == [
        "'XAU' is not an ISO 4217 currency code (e.g. CNY, USD, JPY)"
    ]


def test_countries_are_iso_3166_alpha_2_and_uk_gets_a_hint():
    assert messages(check_countries(Cells.of(pa.array(["CN"]))), "CN") == []
    assert messages(check_countries(Cells.of(pa.array(["UK"]))), "UK") == [
        "'UK' is not an ISO 3166-1 alpha-2 country code (e.g. CN, US, GB) (the United Kingdom is GB)"
    ]


@pytest.mark.parametrize(
    ("region", "country", "expected"),
    [
        ("CN-GD", "CN", []),
        ("US-CA", "US", []),
        ("GB-LND", "GB", []),
        ("GD", "CN", ["'GD' is not an ISO 3166-2 subdivision code; expected e.g. CN-GD"]),
        ("cn-gd", "CN", ["'cn-gd' is not an ISO 3166-2 subdivision code; expected e.g. CN-GD"]),
        ("US-CA", "CN", ["'US-CA' is not a subdivision of country CN"]),
        ("US-CA", "XX", []),  # the unknown country is its own problem
    ],
)
def test_regions_have_the_subdivision_form_and_belong_to_the_country(region, country, expected):
    parsed = check_regions(Cells.of(pa.array([region])), pa.array([country]))
    assert messages(parsed, region) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Asia/Shanghai", []),
        ("America/Los_Angeles;America/New_York", []),
        ("Asia/Shanghai; Asia/Urumqi;", []),
        ("Asia/Beijing", ["'Asia/Beijing' is not an IANA time zone (e.g. Asia/Shanghai; separate several with ';')"]),
        ("UTC;Mars/Olympus", ["'Mars/Olympus' is not an IANA time zone (e.g. Asia/Shanghai; separate several with ';')"]),
    ],
)
def test_time_zones_are_iana_names_one_or_several(cell, expected):
    assert messages(check_timezones(Cells.of(pa.array([cell]))), cell) == expected


def test_a_column_read_in_many_chunks_parses_like_one_array():
    texts = ["1.50", "2", "", "x", "2026", "1.50"]
    chunked = pa.chunked_array([texts[:2], texts[2:3], [], texts[3:]])
    places = pa.chunked_array([[2, 0], [2], [], [3, 2, 2]], pa.int8())
    whole = parse_amounts(Cells.of(pa.array(texts), distinct=True), pa.array(places.to_pylist(), pa.int8()), None)
    chunks = parse_amounts(Cells.of(chunked, distinct=True), places, None)
    assert chunks.values.to_pylist() == whole.values.to_pylist() == [150, 2, None, None, 202600, 150]
