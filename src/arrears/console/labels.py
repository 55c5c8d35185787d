"""Translated names of the domain's codes (components, payment flags) for pages.

The domain speaks in stable codes (``penalty``, ``after_as_of``) so that rules and files
never depend on a language; this table is the one place that says how a page names them.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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


#: ``roll`` of a history row: the bucket against the previous business date.
ROLLS = {
    "forward": _("rolled forward"),
    "back": _("rolled back"),
    "stable": _("same bucket"),
    "new": _("new on the book"),
    "exit": _("left the book"),
}
CURE = _("cured (back to M0)")

#: ``status`` of a history row.
STATUSES = {
    "active": pgettext_lazy("account status", "active"),
    "paid_off": _("paid off"),
    "charged_off": _("charged off"),
    "sold": _("sold"),
    "recalled": _("recalled by the lender"),
    "closed": _("closed (left the book)"),
}

#: Exit columns of the roll-rate matrix (short: they head table columns).
EXIT_COLUMNS = {
    "paid_off": _("Paid off"),
    "charged_off": _("Charged off"),
    "sold": _("Sold"),
    "recalled": _("Recalled"),
    "closed": _("Closed"),
    "unaccounted": _("Unaccounted"),
}

MEASURES = {"count": _("By count"), "balance": _("By balance")}

#: The heat map's legend: what each hue of a cell means.
MOVES = {
    "forward": _("Rolled forward (worse bucket)"),
    "stable": _("Same bucket"),
    "back": _("Rolled back (better bucket; to M0: cure)"),
    "paid_off": _("Paid off"),
    "charged_off": _("Charged off, sold or recalled"),
    "closed": _("Left the book"),
}


def label(table: dict, code: str) -> str:
    """The translated name of ``code``, or the code itself when the table does not know it."""
    return str(table.get(code, code))


def column_label(code: str) -> str:
    """A roll-rate column: a bucket keeps its name, an exit is translated."""
    return label(EXIT_COLUMNS, code)
