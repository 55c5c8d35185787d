"""The account list's filter form: validates the query string before it reaches a query.

Choices come from the data (``selectors.filter_choices``) so a value that is not in the
portfolio is refused instead of silently matching nothing.
"""

from __future__ import annotations

from django import forms
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
