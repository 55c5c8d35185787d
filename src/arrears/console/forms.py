"""The console's forms (account filter, roll-rate period): they validate the query string before it reaches a query.

Choices come from the data (``selectors.filter_choices``, the history's dates) so a value
that is not in the portfolio is refused instead of silently matching nothing.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import dateformat
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _


class AccountFilter(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("account id, customer id or name"), "autocomplete": "off"}
        ),
    )
    bucket = forms.ChoiceField(label=_("Bucket"), required=False)
    product = forms.ChoiceField(label=_("Product"), required=False)
    currency = forms.ChoiceField(label=_("Currency"), required=False)

    def __init__(self, data, choices: dict[str, list[str]]):
        super().__init__(data)
        everything = {"bucket": _("All buckets"), "product": _("All products"), "currency": _("All currencies")}
        for name, values in choices.items():
            self.fields[name].choices = [("", everything[name]), *((v, v) for v in values)]

    def filters(self) -> dict[str, str]:
        """The valid filters (invalid ones are dropped, and shown as errors by the form)."""
        if self.is_valid():
            return {k: v for k, v in self.cleaned_data.items() if v}
        return {k: v for k, v in self.cleaned_data.items() if v and k not in self.errors}


class RollRateForm(forms.Form):
    """The roll-rate page's period and measure; the dates offered are those with results.

    Without a query string the period is the last two dates with results, so the page
    opens on "what happened since the previous business date".
    """

    by = forms.ChoiceField(label=_("Measure"), required=False, choices=[("count", _("By count")), ("balance", _("By balance"))])
    currency = forms.RegexField(label=_("Currency"), required=False, regex=r"^[A-Z]{3}$")

    def __init__(self, data, dates: list, stale: list | None = None):
        stale = set(stale or [])
        choices = [
            (
                d.isoformat(),
                dateformat.format(d, pgettext("date format", "j M Y")) + (f" ({gettext('stale')})" if d in stale else ""),
            )
            for d in reversed(dates)
        ]
        defaults = {"from": dates[-2].isoformat(), "to": dates[-1].isoformat()} if len(dates) >= 2 else {}
        merged = {**defaults, **{k: v for k, v in data.items() if v}}
        super().__init__(merged if "from" in merged or "to" in merged else None)  # nothing to compare yet: no errors
        self.fields["from"] = forms.TypedChoiceField(label=_("From"), choices=choices, coerce=date.fromisoformat)
        self.fields["to"] = forms.TypedChoiceField(label=_("To"), choices=choices, coerce=date.fromisoformat)
        self.order_fields(["from", "to", "by", "currency"])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start >= end:
            self.add_error("to", _("The end date must be after the start date."))
        return cleaned

    def selection(self) -> dict:
        """The chosen period, measure and currency (no period when the form is not valid)."""
        valid = self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "start": data.get("from") if valid else None,
            "end": data.get("to") if valid else None,
            "by": data.get("by") or "count",
            "currency": data.get("currency") or "",
        }
