"""Amount bands: classes of overdue accounts by how much is overdue.

Bands are half-open ranges ``[lower, upper)`` on ``overdue_total``, configured per
currency because 1,000 means different things in JPY and in GBP. Like buckets, a band
list starts at 0, has no gaps or overlaps and ends open-ended. With no configuration,
every account is in one band, ``all``; once bands are configured, a currency they do not
name is a configuration error rather than a silent ``all``.

>>> bands = AmountBandPolicy.from_config({"CNY": [("small", "0", "1000"), ("large", "1000", None)]})
>>> bands.band_for(Money.of("999.99", "CNY")), bands.band_for(Money.of("1000", "CNY"))
('small', 'large')
>>> AmountBandPolicy().band_for(Money.of("5", "USD"))
'all'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from arrears.domain.errors import DomainError
from arrears.domain.money import Money

DEFAULT_BAND = "all"


@dataclass(frozen=True, slots=True)
class AmountBand:
    """``name`` covers overdue totals in ``[lower, upper)``; ``upper=None`` is open."""

    name: str
    lower: Money
    upper: Money | None

    def contains(self, amount: Money) -> bool:
        return amount >= self.lower and (self.upper is None or amount < self.upper)


@dataclass(frozen=True, slots=True)
class AmountBands:
    """The ordered bands of one currency."""

    currency: str
    bands: tuple[AmountBand, ...]

    def __post_init__(self) -> None:
        c = self.currency
        if not self.bands:
            raise DomainError("amount_band.empty", f"{c}: at least one amount band is needed")
        names = [b.name for b in self.bands]
        if len(set(names)) != len(names) or not all(isinstance(n, str) and n.strip() for n in names):
            raise DomainError("amount_band.bad_name", f"{c}: band names must be unique and non-empty")
        if any(b.lower.currency != c or (b.upper is not None and b.upper.currency != c) for b in self.bands):
            raise DomainError("amount_band.currency_mismatch", f"{c}: every bound must be in {c}")
        if self.bands[0].lower.amount != 0:
            raise DomainError("amount_band.not_from_zero", f"{c}: the first band must start at 0")
        for prev, b in zip(self.bands, self.bands[1:], strict=False):
            if prev.upper is None:
                raise DomainError(
                    "amount_band.ranges_overlap", f"{c}: band {prev.name!r} is open-ended but {b.name!r} follows it"
                )
            if b.lower < prev.upper:
                raise DomainError("amount_band.ranges_overlap", f"{c}: band {b.name!r} starts inside {prev.name!r}")
            if b.lower > prev.upper:
                raise DomainError("amount_band.ranges_gap", f"{c}: gap between {prev.name!r} and {b.name!r}")
        for b in self.bands:
            if b.upper is not None and b.upper <= b.lower:
                raise DomainError("amount_band.bad_range", f"{c}: band {b.name!r} is empty")
        if self.bands[-1].upper is not None:
            raise DomainError("amount_band.not_open_ended", f"{c}: the last band must be open-ended")

    def band_for(self, amount: Money) -> str:
        for b in self.bands:
            if b.contains(amount):
                return b.name
        raise DomainError("amount_band.negative", f"{amount} is below every band")


@dataclass(frozen=True, slots=True)
class AmountBandPolicy:
    """Bands per currency; empty means the single default band ``all`` everywhere."""

    per_currency: Mapping[str, AmountBands] = field(default_factory=dict)

    @classmethod
    def from_config(
        cls, config: Mapping[str, Iterable[tuple[str, str | Decimal | int, str | Decimal | int | None]]]
    ) -> AmountBandPolicy:
        """From ``{"CNY": [(name, lower, upper), ...]}`` with amounts as strings or Decimals."""
        per = {}
        for currency, rows in config.items():
            bands = tuple(
                AmountBand(name, Money.of(lo, currency), None if hi is None else Money.of(hi, currency)) for name, lo, hi in rows
            )
            per[currency] = AmountBands(currency, bands)
        return cls(per)

    @property
    def configured(self) -> bool:
        return bool(self.per_currency)

    def names_for(self, currency: str) -> tuple[str, ...]:
        if not self.per_currency:
            return (DEFAULT_BAND,)
        return tuple(b.name for b in self.bands_of(currency).bands)

    def bands_of(self, currency: str) -> AmountBands:
        try:
            return self.per_currency[currency]
        except KeyError:
            raise DomainError(
                "amount_band.currency_unconfigured",
                f"amount bands are configured, but not for {currency}",
            ) from None

    def check_currencies(self, currencies: Iterable[str]) -> None:
        """Refuse a portfolio whose currencies the configuration does not cover."""
        if self.per_currency:
            missing = sorted(set(currencies) - set(self.per_currency))
            if missing:
                raise DomainError(
                    "amount_band.currency_unconfigured",
                    f"amount bands are configured, but not for {', '.join(missing)}",
                )

    def band_for(self, amount: Money) -> str:
        if not self.per_currency:
            return DEFAULT_BAND
        return self.bands_of(amount.currency).band_for(amount)
