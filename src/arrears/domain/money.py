"""Money: an exact Decimal amount in one ISO 4217 currency.

Debts are settled to the cent (or yen, or fils), so an amount is never a float: floats
cannot hold 0.10 exactly and every rounding that happens silently is a complaint later.
``Money`` refuses floats, refuses to mix currencies, and rounds only when asked, with the
rounding mode as an explicit argument.

>>> a = Money.of("1,234.50", "CNY")
>>> a + Money.of("0.50", "CNY")
Money(amount=Decimal('1235.00'), currency='CNY')
>>> (a * Decimal("0.015")).rounded(ROUND_HALF_UP).format()
'18.52'
>>> Money.of("100.5", "JPY")
Traceback (most recent call last):
...
arrears.domain.errors.DomainError: money.too_many_decimals: 100.5 has more decimal places than JPY allows (0)
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation

from arrears.domain.currency import minor_unit
from arrears.domain.errors import DomainError

__all__ = ["ROUND_HALF_EVEN", "ROUND_HALF_UP", "Money", "parse_amount"]


def parse_amount(text: str) -> Decimal:
    """Parse a plain decimal as lenders export it: ``1234.56`` or ``1,234.56``.

    Thousands separators must group by three; anything else (exponents, spaces, a second
    dot, ``NaN``) is refused rather than guessed at.
    """
    s = text.strip()
    body = s[1:] if s[:1] in "+-" else s
    whole, _, frac = body.partition(".")
    if "," in whole:
        groups = whole.split(",")
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            raise DomainError("money.bad_amount", f"{text!r} is not a decimal amount")
        whole = "".join(groups)
    if not whole.isdigit() or not whole.isascii() or (frac and not (frac.isdigit() and frac.isascii())):
        raise DomainError("money.bad_amount", f"{text!r} is not a decimal amount")
    if "." in body and not frac:
        raise DomainError("money.bad_amount", f"{text!r} is not a decimal amount")
    sign = "-" if s.startswith("-") else ""
    return Decimal(f"{sign}{whole}.{frac}" if frac else f"{sign}{whole}")


def _decimal(amount: object) -> Decimal:
    if isinstance(amount, bool | float):
        raise DomainError("money.float_refused", f"{amount!r}: money is never a float; pass a str or Decimal")
    if isinstance(amount, Decimal):
        value = amount
    elif isinstance(amount, int):
        value = Decimal(amount)
    elif isinstance(amount, str):
        value = parse_amount(amount)
    else:
        raise DomainError("money.bad_amount", f"{amount!r} is not an amount")
    if not value.is_finite():
        raise DomainError("money.bad_amount", f"{amount!r} is not a finite amount")
    return value


@dataclass(frozen=True, slots=True)
class Money:
    """An exact amount of one currency. Construct with ``Money.of`` or ``Money.from_minor``."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        minor_unit(self.currency)  # raises currency.unknown
        if not isinstance(self.amount, Decimal) or not self.amount.is_finite():
            raise DomainError("money.bad_amount", f"{self.amount!r} is not a finite Decimal")

    # -- construction -------------------------------------------------------------
    @classmethod
    def of(cls, amount: str | Decimal | int, currency: str) -> Money:
        """Exact money; more decimal places than the currency has is an error."""
        value = _decimal(amount)
        places = minor_unit(currency)
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > places and value != value.quantize(Decimal(1).scaleb(-places)):
            raise DomainError(
                "money.too_many_decimals",
                f"{amount} has more decimal places than {currency} allows ({places})",
            )
        return cls(value.quantize(Decimal(1).scaleb(-places)), currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls.from_minor(0, currency)

    @classmethod
    def from_minor(cls, minor: int, currency: str) -> Money:
        """From an integer count of minor units (cents, fen, yen)."""
        if not isinstance(minor, int) or isinstance(minor, bool):
            raise DomainError("money.bad_amount", f"{minor!r} is not an integer number of minor units")
        return cls(Decimal(minor).scaleb(-minor_unit(currency)), currency)

    # -- conversion -----------------------------------------------------------------
    @property
    def minor(self) -> int:
        """The amount in minor units; exact, or ``money.too_many_decimals``."""
        scaled = self.amount.scaleb(minor_unit(self.currency))
        if scaled != scaled.to_integral_value():
            raise DomainError("money.too_many_decimals", f"{self.amount} {self.currency} is not a whole number of minor units")
        return int(scaled)

    def rounded(self, rounding: str) -> Money:
        """Round to the currency's minor unit with an explicit ``decimal`` rounding mode."""
        places = minor_unit(self.currency)
        try:
            return Money(self.amount.quantize(Decimal(1).scaleb(-places), rounding=rounding), self.currency)
        except InvalidOperation:
            raise DomainError("money.bad_amount", f"cannot round {self.amount}") from None

    def format(self) -> str:
        """The amount as a plain decimal fixed to the minor unit: ``'1234.50'``, ``'1200'``."""
        places = minor_unit(self.currency)
        return f"{self.amount:.{places}f}"

    def __str__(self) -> str:
        return f"{self.format()} {self.currency}"

    # -- arithmetic -----------------------------------------------------------------
    def _same(self, other: object) -> Money:
        if not isinstance(other, Money):
            raise DomainError("money.bad_operand", f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise DomainError("money.currency_mismatch", f"cannot combine {self.currency} with {other.currency}")
        return other

    def __add__(self, other: Money) -> Money:
        return Money(self.amount + self._same(other).amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(self.amount - self._same(other).amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        """Scale by a Decimal or int; the result is exact, round it explicitly."""
        if isinstance(factor, bool) or not isinstance(factor, Decimal | int):
            raise DomainError("money.float_refused", f"cannot multiply money by {factor!r}")
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._same(other).amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._same(other).amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._same(other).amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._same(other).amount

    def __bool__(self) -> bool:
        return bool(self.amount)

    def min(self, other: Money) -> Money:
        return self if self <= other else other

    def max(self, other: Money) -> Money:
        return self if self >= other else other
