"""Amount bands are half-open per currency; a currency without bands is a configuration error."""

import pytest

from arrears.domain.amount_bands import AmountBandPolicy
from arrears.domain.errors import DomainError
from arrears.domain.money import Money

POLICY = AmountBandPolicy.from_config(
    {"CNY": [("small", "0", "1000"), ("medium", "1000", "10000"), ("large", "10000", None)], "JPY": [("any", "0", None)]}
)


@pytest.mark.parametrize(("amount", "band"), [("0", "small"), ("999.99", "small"), ("1000", "medium"), ("10000", "large")])
def test_bands_are_half_open(amount, band):
    assert POLICY.band_for(Money.of(amount, "CNY")) == band


def test_unconfigured_currency_is_a_configuration_error():
    with pytest.raises(DomainError) as e:
        POLICY.check_currencies({"CNY", "USD"})
    assert e.value.code == "amount_band.currency_unconfigured"


def test_without_configuration_everything_is_in_band_all():
    assert AmountBandPolicy().band_for(Money.of("123", "USD")) == "all"
    AmountBandPolicy().check_currencies({"XOF"})


@pytest.mark.parametrize(
    ("rows", "code"),
    [
        ([("a", "1", None)], "amount_band.not_from_zero"),
        ([("a", "0", "10"), ("b", "20", None)], "amount_band.ranges_gap"),
        ([("a", "0", "10"), ("b", "5", None)], "amount_band.ranges_overlap"),
        ([("a", "0", "10")], "amount_band.not_open_ended"),
        ([("a", "0", "10"), ("a", "10", None)], "amount_band.bad_name"),
    ],
)
def test_invalid_bands_cannot_be_built(rows, code):
    with pytest.raises(DomainError) as e:
        AmountBandPolicy.from_config({"CNY": rows})
    assert e.value.code == code
