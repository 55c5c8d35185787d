"""Formatting for pages: money, dates, rates and the names of domain codes.

Formatting lives here, not in views or templates, so that every page writes an amount
the same way: fixed to the currency's minor unit (``1,234.50 CNY``, ``31,000 JPY``), never
rounded silently and never a float. Dates follow the active language: ``2026年11月30日``
in Chinese, ``30 Nov 2026`` in English (the format string is itself a translated message).

>>> amount(Decimal("1234.5"), "CNY"), amount(Decimal("31000.0000"), "JPY"), amount(Decimal("1.2345"), "KWD")
('1,234.50', '31,000', '1.234')
>>> money(Decimal("-5"), "USD")
'-5.00\\xa0USD'
>>> percent(Decimal("0.12000000")), percent(Decimal("0.0365")), count(1234567)
('12%', '3.65%', '1,234,567')
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from django import template
from django.utils import dateformat
from django.utils.translation import pgettext

from arrears.console import labels
from arrears.domain.errors import DomainError
from arrears.domain.money import Money

register = template.Library()

EMPTY = "—"


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Money):
        return value.amount
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def amount(value, currency: str) -> str:
    """The amount fixed to ``currency``'s minor unit, grouped by thousands, without the code."""
    d = _decimal(value)
    if d is None:
        return EMPTY
    try:
        m = Money(d, currency).rounded(ROUND_HALF_EVEN)
    except DomainError:  # not an ISO 4217 code: show the stored value as it is
        return f"{d:,f}"
    places = len(m.format().partition(".")[2])
    return f"{m.amount:,.{places}f}"


@register.filter
def money(value, currency: str) -> str:
    """The amount and the currency code: ``1,234.50 CNY`` (a no-break space between them)."""
    text = amount(value, currency)
    return text if text == EMPTY else f"{text}\u00a0{currency}"


@register.filter
def count(value) -> str:
    """A whole number grouped by thousands (``1,000,000``) in every language.

    Django's Chinese number format groups by four digits without a separator; lenders'
    reports in China use thousands with commas, as for money.
    """
    if value is None or value == "":
        return EMPTY
    return f"{int(value):,}"


@register.filter(expects_localtime=True)
def day(value: date | None) -> str:
    """A date as the active language writes it (``2026年11月30日``, ``30 Nov 2026``)."""
    if not value:
        return EMPTY
    return dateformat.format(value, pgettext("date format", "j M Y"))


@register.filter(expects_localtime=True)
def stamp(value: datetime | None) -> str:
    """A moment (in the site's time zone) as the active language writes it."""
    if not value:
        return EMPTY
    return dateformat.format(value, pgettext("date and time format", "j M Y, H:i"))


@register.filter
def percent(value) -> str:
    """A rate stored as a fraction (``0.12``) as a percentage (``12%``)."""
    d = _decimal(value)
    if d is None:
        return EMPTY
    text = f"{(d * 100).normalize():f}"
    return f"{text}%"


@register.filter
def component(code: str) -> str:
    return labels.label(labels.COMPONENTS, code)


@register.filter
def payment_flag(code: str) -> str:
    return labels.label(labels.PAYMENT_FLAGS, code)


@register.filter
def installment_state(code: str) -> str:
    return labels.label(labels.INSTALLMENT_STATES, code)


@register.filter
def allocation_mode(code: str) -> str:
    return labels.label(labels.ALLOCATION_MODES, code)


@register.filter
def get(mapping, key):
    """``mapping[key]`` in a template (components are looked up by name)."""
    try:
        return mapping.get(key) if hasattr(mapping, "get") else mapping[key]
    except (KeyError, IndexError, TypeError):
        return None
