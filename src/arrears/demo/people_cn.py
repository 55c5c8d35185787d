"""Chinese demo debtors: names, resident identity numbers, +86 mobiles, addresses.

Identity numbers are the real 18-character format (GB 11643): six-digit district code,
birth date, a three-digit sequence and an ISO 7064 MOD 11-2 check character (``X`` for
ten), so that a validator or a masking rule sees exactly what a lender would send.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from arrears.demo import locale_cn as data
from arrears.demo.columns import cat, digits, join_some, pick, take, where

ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
ID_CHECK = "10X98765432"


def id_check_chars(first17: np.ndarray) -> np.ndarray:
    """Index into ``ID_CHECK`` of the MOD 11-2 check character of 17-digit integers.

    >>> ID_CHECK[id_check_chars(np.array([11010519491231002]))[0]]  # the GB 11643 example
    'X'
    """
    total = np.zeros(len(first17), dtype=np.int64)
    for k, weight in enumerate(ID_WEIGHTS):
        total += (first17 // 10 ** (16 - k)) % 10 * weight
    return total % 11


def yyyymmdd(days: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 as integers ``YYYYMMDD``."""
    d = days.astype("datetime64[D]")
    months = d.astype("datetime64[M]")
    year = months.astype(np.int64) // 12 + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (d - months.astype("datetime64[D]")).astype(np.int64) + 1
    return year * 10000 + month * 100 + day


def _mobiles(rng: np.random.Generator, n: int) -> pa.Array:
    prefixes = np.array(data.MOBILE_PREFIXES, dtype=np.int64)[rng.integers(0, len(data.MOBILE_PREFIXES), n)]
    return cat("+", digits(86 * 10**11 + prefixes * 10**8 + rng.integers(0, 10**8, n), 13))


def chinese_people(rng: np.random.Generator, n: int, as_of_days: int) -> dict[str, pa.Array]:
    """Customer columns (without ids and grades) for ``n`` debtors living in mainland China."""
    s = pick(rng, n, [w for *_, w in data.SURNAMES])
    g1, g2 = rng.integers(0, len(data.GIVEN_CHARS), (2, n))
    two = rng.random(n) < 0.72
    chars, sounds = [c for c, _ in data.GIVEN_CHARS], [p for _, p in data.GIVEN_CHARS]
    heads = [p[0] for p in sounds]
    given = where(two, cat(take(chars, g1), take(chars, g2)), take(chars, g1))
    given_py = where(two, cat(take(sounds, g1), take(sounds, g2)), take(sounds, g1))
    initials = where(two, cat(take(heads, g1), take(heads, g2)), take(heads, g1))
    surname_py = take([p for _, p, _ in data.SURNAMES], s)

    district = pick(rng, n, [w for *_, w in data.DISTRICTS])
    birth = yyyymmdd(as_of_days - rng.integers(21 * 365, 66 * 365, n))
    area = np.array([code for _, _, code, _ in data.DISTRICTS], dtype=np.int64)[district]
    first17 = area * 10**11 + birth * 1000 + rng.integers(1, 1000, n)
    national_id = cat(digits(first17, 17), take(list(ID_CHECK), id_check_chars(first17)))

    phone_count = pick(rng, n, [0.03, 0.77, 0.20])
    qq = cat(digits(rng.integers(10_000, 3_999_999_999, n), 5), "@qq.com")
    domain = take(data.EMAIL_DOMAINS, rng.integers(0, len(data.EMAIL_DOMAINS), n))
    full = cat(surname_py, given_py, where(rng.random(n) < 0.5, digits(rng.integers(1, 100, n), 2), pa.scalar("")), "@", domain)
    short = cat(pc.utf8_slice_codeunits(surname_py, 0, 1), initials, digits(birth // 10000, 4), "@", domain)
    style = pick(rng, n, [0.35, 0.45, 0.20])
    primary = where(style == 0, qq, where(style == 1, full, short))
    emails = join_some(primary, where(style == 0, full, qq), pick(rng, n, [0.20, 0.75, 0.05]))

    room = cat(digits(rng.integers(1, 31, n), 1), "栋", digits(rng.integers(1, 33, n) * 100 + rng.integers(1, 5, n), 3), "室")
    address = cat(
        take([p for _, p, _, _ in data.DISTRICTS], district),
        take(data.STREETS, rng.integers(0, len(data.STREETS), n)),
        digits(rng.integers(1, 1000, n), 1),
        "号",
        where(rng.random(n) < 0.6, room, pa.scalar("")),
    )
    return {
        "full_name": cat(take([c for c, _, _ in data.SURNAMES], s), given),
        "national_id": national_id,
        "phones": join_some(_mobiles(rng, n), _mobiles(rng, n), phone_count),
        "emails": emails,
        "address": where(rng.random(n) < 0.97, address),
        "country": take(["CN"], np.zeros(n, dtype=np.int64)),
        "region": take([r for r, _, _, _ in data.DISTRICTS], district),
        # Left empty for half of them: the platform derives it (CN has one zone in practice).
        "timezone": where(rng.random(n) < 0.5, take(["Asia/Shanghai"], np.zeros(n, dtype=np.int64))),
        "language": take(["zh-CN"], np.zeros(n, dtype=np.int64)),
    }
