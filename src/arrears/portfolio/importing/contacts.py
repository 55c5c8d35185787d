"""A customer's identifiers, sealed: national id and one contact point per phone, e-mail, address.

Values are normalised before their lookup hash is taken (``+86 138-1234-5678`` and
``+8613812345678`` are one number; e-mail addresses are case-insensitive), so an incoming
call's number finds its debtor and a re-import recognises a contact point it already has
without decrypting anything.

>>> normalise("phone", " +86 138-1234-5678 "), normalise("email", "Zhang.Wei@Example.COM")
('+8613812345678', 'zhang.wei@example.com')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from arrears.protection.keyring import Keyring, Sealed
from arrears.protection.masking import mask_address, mask_email, mask_national_id, mask_phone

_NON_DIGITS = re.compile(r"[^0-9]")
MASKS = {"phone": mask_phone, "email": mask_email, "address": mask_address}


def normalise(kind: str, value: str) -> str:
    value = value.strip()
    if kind == "phone":
        digits = _NON_DIGITS.sub("", value)
        return ("+" if value.startswith("+") else "") + digits
    if kind == "email":
        return value.lower()
    return " ".join(value.split())


@dataclass(frozen=True)
class ContactValue:
    kind: str
    position: int
    normalised: str
    lookup_hash: str
    masked: str


def contact_values(row: dict, keyring: Keyring) -> list[ContactValue]:
    """The contact points a customer row names, in order, duplicates dropped."""
    out: list[ContactValue] = []
    seen: set[tuple[str, str]] = set()
    sources = [("phone", row.get("phones")), ("email", row.get("emails")), ("address", row.get("address"))]
    for kind, text in sources:
        if not text:
            continue
        parts = [text] if kind == "address" else text.split(";")
        for position, part in enumerate(p for p in parts if p.strip()):
            value = normalise(kind, part)
            digest = keyring.lookup_hash(kind, value)
            if (kind, digest) in seen:
                continue
            seen.add((kind, digest))
            out.append(ContactValue(kind, position, value, digest, MASKS[kind](value)))
    return out


def seal_contact(keyring: Keyring, contact: ContactValue) -> Sealed:
    return keyring.seal(contact.normalised, f"contact_point.{contact.kind}")


def national_id_parts(value: str | None, keyring: Keyring) -> tuple[Sealed | None, str, str]:
    """(sealed, digest, masked) of a national id; empty parts when there is none."""
    if not value:
        return None, "", ""
    value = value.strip()
    return keyring.seal(value, "customer.national_id"), keyring.lookup_hash("national_id", value), mask_national_id(value)
