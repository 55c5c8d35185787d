"""The Chinese catalogue is complete, and the committed .mo is the compiled .po."""

from __future__ import annotations

from arrears.console import i18n_build


def test_the_committed_mo_is_compiled_from_the_po():
    expected = i18n_build.compile_bytes(i18n_build.load())
    assert i18n_build.MO_PATH.read_bytes() == expected, "run: python -m arrears.console.i18n_build"


def test_every_message_of_the_po_is_translated():
    po = i18n_build.load()
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    assert len(po.translated_entries()) > 100


def test_every_message_in_templates_and_code_is_in_the_po():
    """The ``makemessages`` check: each ``{% translate %}``, ``{% blocktranslate %}`` and
    ``gettext`` string of the console and the portfolio has an entry; no entry is stale."""
    assert i18n_build.problems(i18n_build.load(), i18n_build.source_messages()) == []


def test_the_scanner_finds_template_and_python_messages():
    template = (
        '{% load i18n %}{% translate "Overview" %}'
        "{% blocktranslate trimmed with n=x %}\n {{ n }} accounts\n{% endblocktranslate %}"
    )
    found = list(i18n_build.template_messages(template, "t.html"))
    assert [m.msgid for m in found] == ["Overview", "%(n)s accounts"]
    code = (
        "from django.utils.translation import gettext_lazy as _, pgettext\n"
        'A = _("phone")\nB = pgettext("date format", "j M Y")\nC = _(name)\n'
    )
    found = list(i18n_build.python_messages(code, "m.py"))
    assert [(m.msgctxt, m.msgid) for m in found] == [("", "phone"), ("date format", "j M Y")]


def test_model_verbose_names_are_in_the_catalogue():
    ids = {e.msgid for e in i18n_build.load()}
    assert {"account", "customer", "national id", "days past due", "do not contact", "Portfolio"} <= ids
