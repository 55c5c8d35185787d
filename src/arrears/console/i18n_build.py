"""Build and check the Chinese message catalogue without GNU gettext.

Django's ``makemessages`` and ``compilemessages`` call GNU gettext's ``xgettext`` and
``msgfmt``, which are not installed everywhere Arrears is developed or tested. This
module does the same two jobs in Python with ``polib``:

- it *finds* the messages: Django's own ``templatize`` turns each template into the
  gettext calls ``xgettext`` would see, and the Python files are read with ``ast``;
- it *compiles* ``django.po`` into ``django.mo`` (committed next to it), byte for byte
  reproducible, so a test can tell that the two are in step.

Usage::

    python -m arrears.console.i18n_build            # regenerate django.mo from django.po
    python -m arrears.console.i18n_build --update   # add new messages to django.po (empty msgstr)
    python -m arrears.console.i18n_build --check    # exit 1 on missing, untranslated or stale messages
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polib

PACKAGE_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = PACKAGE_DIR / "locale"
PO_PATH = LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")
#: Apps whose messages live in this catalogue.
SOURCE_DIRS = (PACKAGE_DIR / "console", PACKAGE_DIR / "portfolio")

GETTEXT_NAMES = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "pgettext",
    "pgettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
_LITERAL = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
_CALL = re.compile(rf"\b(n?p?gettext)\(\s*((?:{_LITERAL}\s*,?\s*)+)\)")

HEADER = {
    "Project-Id-Version": "arrears",
    "Language": "zh_Hans",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
}


@dataclass(frozen=True, order=True)
class Message:
    """A message as the catalogue keys it: context (or ""), id and plural id (or "")."""

    msgctxt: str
    msgid: str
    msgid_plural: str = ""


def _message(name: str, args: list[str]) -> Message | None:
    name = "gettext" if name == "_" else name.removesuffix("_lazy").removesuffix("_noop")
    ctx = ""
    if name.startswith(("pgettext", "npgettext")):
        if not args:
            return None
        ctx, args = args[0], args[1:]
    if not args:
        return None
    plural = args[1] if name.startswith(("ngettext", "npgettext")) and len(args) > 1 else ""
    return Message(ctx, args[0], plural)


def template_messages(text: str, origin: str) -> Iterator[Message]:
    """Messages of one template, as ``makemessages`` would extract them."""
    from django.utils.translation.template import templatize

    for m in _CALL.finditer(templatize(text, origin=origin)):
        args = ast.literal_eval(f"({m.group(2)},)")
        if (msg := _message(m.group(1), list(args))) is not None:
            yield msg


def python_messages(text: str, origin: str) -> Iterator[Message]:
    """Messages of one Python file: calls of the gettext family with literal arguments."""
    for node in ast.walk(ast.parse(text, filename=origin)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name not in GETTEXT_NAMES:
            continue
        args = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        if len(args) != len(node.args):
            continue  # a variable: nothing to extract, like xgettext
        if (msg := _message(name, args)) is not None:
            yield msg


def source_files(dirs: Iterable[Path] = SOURCE_DIRS) -> Iterator[Path]:
    for d in dirs:
        for path in sorted(d.rglob("*")):
            if "migrations" in path.parts or "__pycache__" in path.parts:
                continue
            if path.suffix in (".py", ".html", ".txt"):
                yield path


def source_messages(dirs: Iterable[Path] = SOURCE_DIRS) -> dict[Message, list[str]]:
    """Every message found in the sources, with the files that use it."""
    found: dict[Message, list[str]] = {}
    for path in source_files(dirs):
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(PACKAGE_DIR).as_posix()
        extract = python_messages if path.suffix == ".py" else template_messages
        for msg in extract(text, rel):
            found.setdefault(msg, [])
            if rel not in found[msg]:
                found[msg].append(rel)
    return found


def catalogue_messages(po: polib.POFile) -> dict[Message, polib.POEntry]:
    return {Message(e.msgctxt or "", e.msgid, e.msgid_plural or ""): e for e in po if not e.obsolete}


def load(path: Path = PO_PATH) -> polib.POFile:
    return polib.pofile(str(path), wrapwidth=0)


def compile_bytes(po: polib.POFile) -> bytes:
    """The ``.mo`` for ``po``: translated entries only, deterministic."""
    return po.to_binary()


def problems(po: polib.POFile, found: dict[Message, list[str]]) -> list[str]:
    """What ``--check`` complains about: missing, untranslated, fuzzy and stale messages."""
    have = catalogue_messages(po)
    out = [f"missing from {PO_PATH.name}: {m.msgid!r} (used in {', '.join(found[m])})" for m in sorted(set(found) - set(have))]
    for m, e in sorted(have.items()):
        if m not in found:
            out.append(f"stale (no longer in the sources): {m.msgid!r}")
        if "fuzzy" in e.flags:
            out.append(f"fuzzy: {m.msgid!r}")
        if not e.translated():
            out.append(f"untranslated: {m.msgid!r}")
    return out


def update(po: polib.POFile, found: dict[Message, list[str]]) -> int:
    """Add the messages the catalogue lacks (empty translations), refresh occurrences; returns how many were added."""
    have = catalogue_messages(po)
    added = 0
    for m, files in sorted(found.items()):
        entry = have.get(m)
        if entry is None:
            entry = polib.POEntry(msgctxt=m.msgctxt or None, msgid=m.msgid, msgstr="")
            if m.msgid_plural:
                entry.msgid_plural = m.msgid_plural
                entry.msgstr_plural = {0: ""}
            if "%(" in m.msgid:
                entry.flags.append("python-format")
            po.append(entry)
            added += 1
        entry.occurrences = [(f, "") for f in files]
    return added


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m arrears.console.i18n_build", description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="report missing, untranslated or stale messages; exit 1 if any")
    group.add_argument("--update", action="store_true", help="add messages found in the sources to django.po")
    args = parser.parse_args(argv)
    _django()
    po = load()
    if args.update:
        po.metadata = {**HEADER, **po.metadata}
        n = update(po, source_messages())
        po.save(str(PO_PATH))
        print(f"{PO_PATH}: {n} new message(s)")
        return 0
    if args.check:
        found = problems(po, source_messages())
        for line in found:
            print(line, file=sys.stderr)
        return 1 if found else 0
    MO_PATH.write_bytes(compile_bytes(po))
    print(f"{MO_PATH}: {len(po.translated_entries())} message(s)")
    return 0


def _django() -> None:
    """``templatize`` reads settings; configure the project's when run as a command."""
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arrears.web.settings")
    django.setup()


if __name__ == "__main__":
    raise SystemExit(main())
