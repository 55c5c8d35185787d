"""Money to the currency's minor unit with thousands and the code; dates in the page's language."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from arrears.console.templatetags.console_format import amount, count, day, money, percent


@pytest.mark.parametrize(
    ("value", "currency", "text"),
    [
        (Decimal("1234567.5"), "CNY", "1,234,567.50\u00a0CNY"),
        (Decimal("31000.0000"), "JPY", "31,000\u00a0JPY"),
        (Decimal("1.5"), "KWD", "1.500\u00a0KWD"),
        (Decimal("0"), "USD", "0.00\u00a0USD"),
        (None, "USD", "—"),
    ],
)
def test_money_is_fixed_to_the_minor_unit_grouped_with_the_code(value, currency, text):
    assert money(value, currency) == text


def test_an_amount_that_is_not_in_a_known_currency_is_shown_as_stored():
    assert amount(Decimal("12.5"), "XXX") == "12.5"


def test_dates_follow_the_language():
    with translation.override("zh-hans"):
        assert day(date(2026, 11, 30)) == "2026年11月30日"
    with translation.override("en"):
        assert day(date(2026, 11, 30)) == "30 Nov 2026"
    assert day(None) == "—"


def test_counts_and_rates():
    assert count(1000000) == "1,000,000"
    assert percent(Decimal("0.18000000")) == "18%"
    assert percent(None) == "—"
