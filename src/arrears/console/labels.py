"""Translated names of the domain's codes (components, payment flags) for pages.

The domain speaks in stable codes (``penalty``, ``after_as_of``) so that rules and files
never depend on a language; this table is the one place that says how a page names them.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

COMPONENTS = {
    "principal": _("Principal"),
    "interest": _("Interest"),
    "fee": _("Fee"),
    "penalty": _("Penalty"),
}

ALLOCATION_MODES = {
    "vertical": _("vertical (installment by installment)"),
    "horizontal": _("horizontal (component by component across due installments)"),
}

PAYMENT_FLAGS = {
    "reversal": _("reversal"),
    "after_as_of": _("after the business date: does not count yet"),
    "reversed": _("reversed: does not count"),
}

INSTALLMENT_STATES = {
    "paid": _("paid"),
    "overdue": _("overdue"),
    "due": _("due today"),
    "open": _("not yet due"),
}


def label(table: dict, code: str) -> str:
    """The translated name of ``code``, or the code itself when the table does not know it."""
    return str(table.get(code, code))
