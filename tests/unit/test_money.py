"""Money is exact, single-currency and rounds only when told how."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arrears.domain.errors import DomainError
from arrears.domain.money import ROUND_HALF_EVEN, ROUND_HALF_UP, Money, parse_amount


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1234.56", "1234.56"), ("1,234.56", "1234.56"), ("1,234,567", "1234567"), ("0.5", "0.5"), ("-3.10", "-3.10"), ("7", "7")],
)
def test_parse_amount_accepts_plain_and_grouped_decimals(text, expected):
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["1,23.00", "12,3456", "1.2.3", "1e5", "NaN", "", "12.", ".5", "1 234", "１２", "abc"])
def test_parse_amount_refuses_anything_else(text):
    with pytest.raises(DomainError) as e:
        parse_amount(text)
    assert e.value.code == "money.bad_amount"


def test_float_is_refused():
    with pytest.raises(DomainError) as e:
        Money.of(0.1, "CNY")  # type: ignore[arg-type]
    assert e.value.code == "money.float_refused"


def test_currencies_do_not_mix():
    with pytest.raises(DomainError) as e:
        Money.of("1", "CNY") + Money.of("1", "USD")
    assert e.value.code == "money.currency_mismatch"


@pytest.mark.parametrize(("amount", "currency"), [("100.5", "JPY"), ("1.001", "USD"), ("0.0001", "KWD")])
def test_more_decimals_than_the_currency_has_is_an_error(amount, currency):
    with pytest.raises(DomainError) as e:
        Money.of(amount, currency)
    assert e.value.code == "money.too_many_decimals"


@pytest.mark.parametrize(("amount", "currency", "text"), [("1200", "JPY", "1200"), ("5", "CNY", "5.00"), ("1.5", "KWD", "1.500")])
def test_format_fixes_the_currency_minor_unit(amount, currency, text):
    assert Money.of(amount, currency).format() == text


def test_unknown_currency_is_refused():
    with pytest.raises(DomainError) as e:
        Money.of("1", "XYZ")
    assert e.value.code == "currency.unknown"


def test_rounding_mode_is_explicit():
    m = Money.of("0.25", "CNY") * Decimal("0.1")  # 0.025
    assert m.rounded(ROUND_HALF_UP).format() == "0.03"
    assert m.rounded(ROUND_HALF_EVEN).format() == "0.02"


@given(minor=st.integers(min_value=-(10**15), max_value=10**15), currency=st.sampled_from(["JPY", "CNY", "KWD", "CLF"]))
def test_minor_units_round_trip_exactly(minor, currency):
    assert Money.from_minor(minor, currency).minor == minor
    assert Money.of(Money.from_minor(minor, currency).format(), currency) == Money.from_minor(minor, currency)


@given(a=st.integers(-(10**12), 10**12), b=st.integers(-(10**12), 10**12))
def test_addition_is_exact(a, b):
    assert (Money.from_minor(a, "USD") + Money.from_minor(b, "USD")).minor == a + b
