"""US, British and Japanese demo debtors for the en_US locale.

Region, phone area code and time zone come from one city row, so they agree with each
other the way real data mostly does; some time zones and national ids are left empty on
purpose, because the platform must cope with (and derive) what lenders leave out.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from arrears.demo import locale_en as data
from arrears.demo.columns import cat, digits, join_some, pick, take, where

EMPTY = pa.scalar("")


def _const(value: str, n: int) -> pa.Array:
    return take([value], np.zeros(n, dtype=np.int64))


def _letters(rng: np.random.Generator, alphabet: str, n: int) -> pa.Array:
    return take(list(alphabet), rng.integers(0, len(alphabet), n))


def _one_of_each(rng: np.random.Generator, options: list[tuple], rows: np.ndarray) -> np.ndarray:
    """For each row, the index of one of the options of its city (cities own 1-3 options)."""
    counts = np.array([len(o) for o in options])
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    return offsets[rows] + (rng.random(len(rows)) * counts[rows]).astype(np.int64)


def _emails(rng: np.random.Generator, first: pa.Array, last: pa.Array, domains: tuple[str, ...], n: int) -> pa.Array:
    first = pc.utf8_lower(first)
    last = pc.replace_substring(pc.utf8_lower(last), "'", "")
    domain = take(domains, rng.integers(0, len(domains), n))
    number = digits(rng.integers(1, 100, n), 2)
    style = pick(rng, n, [0.45, 0.35, 0.20])
    local = where(
        style == 0,
        cat(first, ".", last),
        where(style == 1, cat(first, last, number), cat(pc.utf8_slice_codeunits(first, 0, 1), last, number)),
    )
    second = cat(last, ".", first, digits(rng.integers(1, 1000, n), 1), "@", take(domains, rng.integers(0, len(domains), n)))
    return join_some(cat(local, "@", domain), second, pick(rng, n, [0.08, 0.82, 0.10]))


def _names(rng: np.random.Generator, n: int) -> tuple[pa.Array, pa.Array, pa.Array]:
    first = take(data.FIRST_NAMES, rng.integers(0, len(data.FIRST_NAMES), n))
    last = take(data.LAST_NAMES, rng.integers(0, len(data.LAST_NAMES), n))
    middle = where(rng.random(n) < 0.15, cat(" ", _letters(rng, "ABCDEFGHJKLMNPRSTW", n), "."), EMPTY)
    return cat(first, middle, " ", last), first, last


def us_people(rng: np.random.Generator, n: int, as_of_days: int) -> dict[str, pa.Array]:
    """Customer columns for ``n`` US debtors."""
    full_name, first, last = _names(rng, n)
    city = pick(rng, n, [row[-1] for row in data.US_CITIES])
    codes = np.array([c for row in data.US_CITIES for c in row[3]], dtype=np.int64)

    def phone() -> pa.Array:
        exchange = rng.integers(200, 1000, n)
        exchange += exchange % 100 == 11  # N11 codes are service numbers, never exchanges
        area = codes[_one_of_each(rng, [row[3] for row in data.US_CITIES], city)]
        return cat("+", digits(10**10 + area * 10**7 + exchange * 10**4 + rng.integers(0, 10**4, n), 11))

    ssn_area = rng.integers(1, 900, n)
    ssn_area += ssn_area == 666  # never issued
    ssn = cat(digits(ssn_area, 3), "-", digits(rng.integers(1, 100, n), 2), "-", digits(rng.integers(1, 10**4, n), 4))
    apartment = cat(", Apt ", digits(rng.integers(1, 40, n), 1), _letters(rng, "ABCDEF", n))
    address = cat(
        digits(rng.integers(1, 10_000, n), 1), " ",
        take(data.US_STREETS, rng.integers(0, len(data.US_STREETS), n)), " ",
        take(data.US_STREET_TYPES, rng.integers(0, len(data.US_STREET_TYPES), n)),
        where(rng.random(n) < 0.25, apartment, EMPTY), ", ",
        take([row[1] for row in data.US_CITIES], city), ", ",
        take([row[0] for row in data.US_CITIES], city), " ",
        take([row[2] for row in data.US_CITIES], city), digits(rng.integers(1, 100, n), 2),
    )  # fmt: skip
    return {
        "full_name": full_name,
        "national_id": where(rng.random(n) < 0.8, ssn),
        "phones": join_some(phone(), phone(), pick(rng, n, [0.05, 0.70, 0.25])),
        "emails": _emails(rng, first, last, data.US_EMAIL_DOMAINS, n),
        "address": where(rng.random(n) < 0.98, address),
        "country": _const("US", n),
        "region": cat("US-", take([row[0] for row in data.US_CITIES], city)),
        "timezone": where(rng.random(n) < 0.8, take([row[4] for row in data.US_CITIES], city)),
        "language": _const("en-US", n),
    }


def gb_people(rng: np.random.Generator, n: int, as_of_days: int) -> dict[str, pa.Array]:
    """Customer columns for ``n`` debtors in Great Britain (GBP accounts)."""
    full_name, first, last = _names(rng, n)
    city = pick(rng, n, [row[-1] for row in data.GB_CITIES])
    areas = [a for row in data.GB_CITIES for a in row[2]]
    postcode = cat(
        take(areas, _one_of_each(rng, [row[2] for row in data.GB_CITIES], city)),
        digits(rng.integers(1, 21, n), 1), " ", digits(rng.integers(0, 10, n), 1),
        _letters(rng, data.GB_POSTCODE_LETTERS, n), _letters(rng, data.GB_POSTCODE_LETTERS, n),
    )  # fmt: skip
    local_digits = np.array([row[4] for row in data.GB_CITIES])[city]
    # London-style 8-digit local numbers start 3, 7 or 8; 7-digit ones never start 0 or 1.
    eight = rng.choice([3, 7, 8], n) * 10**7 + rng.integers(0, 10**7, n)
    local = np.where(local_digits == 8, eight, rng.integers(2 * 10**6, 10**7, n))

    def phone() -> pa.Array:
        mobile = cat("+", digits(447 * 10**9 + rng.integers(400_000_000, 1_000_000_000, n), 12))
        landline = cat("+44", take([row[3] for row in data.GB_CITIES], city), pc.cast(pa.array(local), pa.string()))
        return where(rng.random(n) < 0.7, mobile, landline)

    prefix = cat(_letters(rng, data.GB_NINO_LETTERS, n), _letters(rng, data.GB_NINO_LETTERS, n))
    prefix = pc.if_else(pc.is_in(prefix, pa.array(sorted(data.GB_NINO_BANNED))), pa.scalar("AB"), prefix)
    nino = cat(prefix, digits(rng.integers(0, 10**6, n), 6), _letters(rng, "ABCD", n))
    address = cat(
        digits(rng.integers(1, 300, n), 1), " ", take(data.GB_STREETS, rng.integers(0, len(data.GB_STREETS), n)), ", ",
        take([row[1] for row in data.GB_CITIES], city), " ", postcode,
    )  # fmt: skip
    return {
        "full_name": full_name,
        "national_id": where(rng.random(n) < 0.75, nino),
        "phones": join_some(phone(), phone(), pick(rng, n, [0.05, 0.75, 0.20])),
        "emails": _emails(rng, first, last, data.GB_EMAIL_DOMAINS, n),
        "address": address,
        "country": _const("GB", n),
        "region": take([row[0] for row in data.GB_CITIES], city),
        "timezone": where(rng.random(n) < 0.8, _const("Europe/London", n)),
        "language": _const("en-GB", n),
    }


def jp_people(rng: np.random.Generator, n: int, as_of_days: int) -> dict[str, pa.Array]:
    """Customer columns for ``n`` debtors in Japan (JPY accounts: a zero-decimal currency)."""
    s = rng.integers(0, len(data.JP_SURNAMES), n)
    g = rng.integers(0, len(data.JP_GIVEN), n)
    surname, given = take([k for k, _ in data.JP_SURNAMES], s), take([k for k, _ in data.JP_GIVEN], g)
    sur_r, given_r = take([r for _, r in data.JP_SURNAMES], s), take([r for _, r in data.JP_GIVEN], g)
    city = pick(rng, n, [row[-1] for row in data.JP_CITIES])

    def phone() -> pa.Array:
        return cat("+81", digits(rng.choice([90, 80, 70], n) * 10**8 + rng.integers(0, 10**8, n), 10))

    domain = take(data.JP_EMAIL_DOMAINS, rng.integers(0, len(data.JP_EMAIL_DOMAINS), n))
    email = cat(given_r, ".", sur_r, digits(rng.integers(1, 100, n), 2), "@", domain)
    block = cat(digits(rng.integers(1, 6, n), 1), "-", digits(rng.integers(1, 21, n), 1), "-", digits(rng.integers(1, 31, n), 1))
    return {
        "full_name": cat(surname, "\u3000", given),  # ideographic space, as Japanese forms write it
        "national_id": pa.nulls(n, pa.string()),  # My Number is not for lenders' files
        "phones": join_some(phone(), phone(), pick(rng, n, [0.05, 0.85, 0.10])),
        "emails": where(rng.random(n) < 0.9, email),
        "address": cat(take([row[1] for row in data.JP_CITIES], city), block),
        "country": _const("JP", n),
        "region": take([row[0] for row in data.JP_CITIES], city),
        "timezone": where(rng.random(n) < 0.85, _const("Asia/Tokyo", n)),
        "language": _const("ja-JP", n),
    }
