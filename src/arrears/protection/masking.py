"""Masked forms of personal data, for screens, logs and exports.

A collector needs to recognise a number ("the one ending 5678") without reading it out;
the masked form is computed once, when the value is stored, so that pages never need the
clear value at all.

>>> mask_phone("+8613812345678"), mask_email("zhang.wei@example.com"), mask_national_id("110101199003071234")
('+86 *******5678', 'z********@example.com', '**************1234')
>>> mask_address("广东省深圳市南山区科技园路 88 号")
'广东省深圳市…'
"""

from __future__ import annotations

import re

COUNTRY_CODES = (
    "1",
    "7",
    "20",
    "27",
    "30",
    "31",
    "32",
    "33",
    "34",
    "36",
    "39",
    "44",
    "49",
    "61",
    "65",
    "81",
    "82",
    "84",
    "86",
    "852",
    "853",
    "886",
    "91",
)


_NON_DIGITS = re.compile(r"[^0-9]")
_LONGEST_FIRST = sorted(COUNTRY_CODES, key=len, reverse=True)


def mask_phone(phone: str) -> str:
    digits = _NON_DIGITS.sub("", phone)
    prefix = ""
    if phone.strip().startswith("+"):
        code = next((c for c in _LONGEST_FIRST if digits.startswith(c)), "")
        prefix, digits = f"+{code} " if code else "+", digits[len(code) :]
    return prefix + "*" * max(0, len(digits) - 4) + digits[-4:]


def mask_email(email: str) -> str:
    local, at, domain = email.partition("@")
    if not at:
        return "*" * len(email)
    return local[:1] + "*" * max(1, len(local) - 1) + "@" + domain


def mask_national_id(value: str) -> str:
    return "*" * max(0, len(value) - 4) + value[-4:]


def mask_address(address: str) -> str:
    return address[:6] + "…" if len(address) > 6 else "…"
