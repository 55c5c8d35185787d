"""Loan terms and repayment schedules, in integer minor units.

Products differ the way they do in practice: cash loans are round amounts over short
terms, consumer loans follow a shop price, card instalment plans carry a monthly plan fee
instead of interest, and auto loans are large, long, and charge interest on the declining
balance. Principal is split exactly: every instalment gets ``principal // n`` and the
last one the remainder, so the schedule sums to the principal to the minor unit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from arrears.domain.currency import minor_unit

PRODUCTS = ("cash_loan", "consumer_loan", "credit_card", "auto_loan")
PRODUCT_WEIGHTS = (0.35, 0.30, 0.20, 0.15)
TERMS = (
    ((3, 6, 12, 24), (0.15, 0.30, 0.40, 0.15)),
    ((3, 6, 9, 12, 18, 24), (0.15, 0.20, 0.15, 0.25, 0.10, 0.15)),
    ((3, 6, 12, 24), (0.25, 0.30, 0.30, 0.15)),
    ((12, 24, 36), (0.20, 0.40, 0.40)),
)
# Principal range in US dollars (scaled by FX below) and rounding grain in major units.
PRINCIPAL_USD = ((300, 15_000, 100), (100, 6_000, 1), (50, 4_000, 0), (8_000, 60_000, 1_000))
CARD, AUTO = 2, 3
# Annual rate ranges in basis points per locale and product; worse grades sit higher.
RATES_BP = {
    "zh_CN": ((720, 2400), (600, 1800), (1000, 1800), (300, 900)),
    "en_US": ((900, 3599), (600, 2400), (1500, 2999), (400, 1400)),
}
# Rough units per US dollar, only to make principals look local; high-unit currencies
# (JPY) also round to a grain a hundred times larger.
FX = {"USD": 1.0, "CNY": 7.2, "HKD": 7.8, "GBP": 0.8, "JPY": 150.0}
CURRENCY_BY_COUNTRY = {"US": "USD", "GB": "GBP", "JP": "JPY"}
CN_CURRENCIES = (("CNY", 0.92), ("USD", 0.05), ("HKD", 0.03))


@dataclass(frozen=True)
class Loans:
    """One entry per account (numpy arrays, same length)."""

    customer: np.ndarray
    product: np.ndarray
    currency: np.ndarray  # index into ``currencies``
    currencies: tuple[str, ...]
    scale: np.ndarray  # decimal places of the account's currency
    principal: np.ndarray  # minor units
    rate_bp: np.ndarray
    term: np.ndarray


def draw_loans(
    rng: np.random.Generator, n: int, segment: np.ndarray, countries: tuple[str, ...], grade: np.ndarray, locale: str
) -> Loans:
    """Terms of ``n`` accounts for customers in country ``countries[segment[c]]``.

    Every customer gets at least one account and some get several, as in a real book.
    """
    customer_count = len(segment)
    customer = np.concatenate([np.arange(customer_count), rng.integers(0, customer_count, n - customer_count)])
    customer = customer[rng.permutation(n)]
    if locale == "zh_CN":
        currencies = tuple(c for c, _ in CN_CURRENCIES)
        currency = rng.choice(len(currencies), n, p=[w for _, w in CN_CURRENCIES])
    else:
        currencies = tuple(CURRENCY_BY_COUNTRY[c] for c in countries)
        currency = segment[customer]
    scale = np.array([minor_unit(c) for c in currencies])[currency]
    fx = np.array([FX[c] for c in currencies])[currency]

    product = rng.choice(len(PRODUCTS), n, p=PRODUCT_WEIGHTS)
    term = np.zeros(n, dtype=np.int64)
    principal = np.zeros(n, dtype=np.int64)
    rate_bp = np.zeros(n, dtype=np.int64)
    risk = grade[customer] / 4
    by_product = zip(TERMS, PRINCIPAL_USD, RATES_BP[locale], strict=True)
    for p, ((terms, weights), (lo, hi, grain), (r_lo, r_hi)) in enumerate(by_product):
        idx = np.flatnonzero(product == p)
        term[idx] = rng.choice(terms, len(idx), p=weights)
        major = np.exp(rng.uniform(np.log(lo), np.log(hi), len(idx))) * fx[idx]
        grain_minor = np.maximum(1, grain * 10 ** scale[idx] * np.where(fx[idx] >= 50, 100, 1))
        principal[idx] = np.maximum(1, (major * 10.0 ** scale[idx]).astype(np.int64) // grain_minor) * grain_minor
        t = np.clip(0.7 * risk[idx] + 0.3 * rng.random(len(idx)), 0, 1)
        rate_bp[idx] = (r_lo + t * (r_hi - r_lo)).astype(np.int64) // 5 * 5
    return Loans(customer, product, currency, currencies, scale, principal, rate_bp, term)


def on_day(month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Day ``day`` of month ``month`` (months since 1970-01), clamped to the month's end.

    A loan opened on 31 January falls due on 28 (or 29) February and 31 March.
    """
    month = np.asarray(month, dtype=np.int64)
    start = month.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    end = (month + 1).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    return start + np.minimum(day, end - start) - 1


def month_and_day(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Month index (since 1970-01) and day of month of dates given as days since 1970-01-01."""
    d = np.asarray(days, dtype=np.int64).astype("datetime64[D]")
    month = d.astype("datetime64[M]")
    return month.astype(np.int64), (d - month.astype("datetime64[D]")).astype(np.int64) + 1


def half_up_div(numerator: np.ndarray, denominator: int) -> np.ndarray:
    """``round(numerator / denominator)`` half up, exactly, for non-negative integers."""
    return (2 * numerator + denominator) // (2 * denominator)


@dataclass(frozen=True)
class Schedule:
    """One entry per instalment row, rows grouped by account in ``seq`` order."""

    account: np.ndarray
    seq: np.ndarray
    due: np.ndarray  # days since 1970-01-01
    principal: np.ndarray
    interest: np.ndarray
    plan_fee: np.ndarray
    first_row: np.ndarray  # per account: index of its seq 1 row


def schedule(loans: Loans, anchor_month: np.ndarray, anchor_seq: np.ndarray, billing_day: np.ndarray) -> Schedule:
    """Monthly instalments positioned so that instalment ``anchor_seq`` falls in ``anchor_month``."""
    n = loans.term
    account = np.repeat(np.arange(len(n)), n)
    first_row = np.concatenate([[0], np.cumsum(n)[:-1]])
    seq = np.arange(len(account)) - first_row[account] + 1
    due = on_day(anchor_month[account] + seq - anchor_seq[account], billing_day[account])

    base = loans.principal // n
    last = seq == n[account]
    principal = np.where(last, (loans.principal - base * (n - 1))[account], base[account])
    rate = loans.rate_bp[account]
    flat = half_up_div(loans.principal[account] * rate, 120_000)  # principal * rate / 12 months
    declining = half_up_div((loans.principal[account] - base[account] * (seq - 1)) * rate, 120_000)
    product = loans.product[account]
    interest = np.where(product == AUTO, declining, np.where(product == CARD, 0, flat))
    plan_fee = np.where(product == CARD, flat, 0)
    return Schedule(account, seq, due, principal, interest, plan_fee, first_row)
