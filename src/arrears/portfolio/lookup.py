"""Finding a debtor by an identifier without decrypting anything.

An incoming call shows a number; the keyed hash of its normalised form is looked up in
the contact points' index. Nothing is decrypted and the number is never stored or logged.
"""

from __future__ import annotations

from django.db.models import QuerySet

from arrears.portfolio.importing.contacts import normalise
from arrears.portfolio.models import Customer
from arrears.protection.keyring import Keyring


def customers_with_contact(keyring: Keyring, kind: str, value: str) -> QuerySet[Customer]:
    """Customers one of whose contact points of ``kind`` equals ``value`` (after normalising)."""
    digest = keyring.lookup_hash(kind, normalise(kind, value))
    return Customer.objects.filter(contact_points__kind=kind, contact_points__lookup_hash=digest).distinct()


def customers_with_national_id(keyring: Keyring, national_id: str) -> QuerySet[Customer]:
    return Customer.objects.filter(national_id_digest=keyring.lookup_hash("national_id", national_id.strip()))
