"""The interface's translations: every string in both catalogues, Dutch complete, placeholders kept.

The msgids are English; Dutch is the primary language. The strings the code and templates use
*now* are extracted with Django's ``makemessages`` into a throw-away copy of the web package and
compared with the committed catalogues, so a new ``{% translate %}`` or ``gettext`` without a
catalogue entry fails here instead of showing up in English on a Dutch page.
"""

from __future__ import annotations

import ast
import contextlib
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation
from django.utils.translation import trans_real

import hulplijn.web

WEB_DIR = Path(hulplijn.web.__file__).resolve().parent
LOCALE_DIR = WEB_DIR / "locale"
LANGUAGES = ("nl", "en")
CATALOGUES = {lang: LOCALE_DIR / lang / "LC_MESSAGES" / "django.po" for lang in LANGUAGES}

# %(name)s, %(name)d, %(name).2f ...: the named placeholders of python-format strings
PLACEHOLDER = re.compile(r"%\((\w+)\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # 0 for a plain msgstr
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    def sources(self, form: int) -> str:
        """The msgid a msgstr form translates: the plural for every form after the first."""
        return self.msgid_plural if form > 0 and self.msgid_plural is not None else self.msgid


@dataclass
class Catalogue:
    header: Entry | None
    entries: dict[tuple[str | None, str], Entry]

    def header_fields(self) -> dict[str, str]:
        text = self.header.msgstr.get(0, "") if self.header else ""
        pairs = (line.split(":", 1) for line in text.split("\n") if ":" in line)
        return {name.strip(): value.strip() for name, value in pairs}


def parse_po(path: Path) -> Catalogue:
    """A small .po reader: msgctxt, msgid, msgid_plural, msgstr, msgstr[n], strings over several
    lines and '#,' flags; obsolete '#~' entries are left out."""
    entries: dict[tuple[str | None, str], Entry] = {}
    header: Entry | None = None
    current: Entry | None = None
    target: tuple[str, int | None] | None = None

    def finish() -> None:
        nonlocal current, header, target
        if current is not None and target is not None:
            if current.msgid == "" and current.msgctxt is None:
                header = current
            else:
                assert current.key not in entries, f"{path}:{current.line}: duplicate msgid"
                entries[current.key] = current
        current, target = None, None

    def append(entry: Entry, where: tuple[str, int | None], text: str) -> None:
        name, form = where
        if name == "msgstr":
            entry.msgstr[form or 0] = entry.msgstr.get(form or 0, "") + text
        else:
            setattr(entry, name, (getattr(entry, name) or "") + text)

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#"):
            if target is not None and target[0] == "msgstr":
                finish()  # a comment after a msgstr starts the next entry
            if current is None:
                current = Entry(line=number)
            if line.startswith("#,"):
                current.flags.update(f.strip() for f in line[2:].split(",") if f.strip())
            continue
        match = KEYWORD.match(line)
        if match:
            name, form, quoted = match.groups()
            if name in ("msgctxt", "msgid") and target is not None and target[0] == "msgstr":
                finish()  # an entry without a blank line before it
            if current is None:
                current = Entry(line=number)
            name = "msgstr" if name.startswith("msgstr") else name
            target = (name, int(form) if form is not None else None)
            if name == "msgstr":
                current.msgstr.setdefault(target[1] or 0, "")
            else:
                setattr(current, name, "")
            append(current, target, ast.literal_eval(quoted))
        elif line.startswith('"') and current is not None and target is not None:
            append(current, target, ast.literal_eval(line))
        else:
            raise AssertionError(f"{path}:{number}: cannot read {raw!r}")
    finish()
    return Catalogue(header=header, entries=entries)


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


@pytest.fixture(scope="module")
def catalogues() -> dict[str, Catalogue]:
    return {lang: parse_po(path) for lang, path in CATALOGUES.items()}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Catalogue:
    """The strings the code and templates use now: makemessages on a copy of the web package,
    with a fresh, empty locale folder (the committed catalogues are not involved)."""
    copy = tmp_path_factory.mktemp("extract") / "web"
    shutil.copytree(
        WEB_DIR, copy, ignore=shutil.ignore_patterns("locale", "static", "__pycache__", "*.mo")
    )
    (copy / "locale").mkdir()
    # no LOCALE_PATHS: makemessages then writes only into the copy's ./locale
    with override_settings(LOCALE_PATHS=[]), contextlib.chdir(copy):
        call_command("makemessages", locale=["nl"], domain="django", verbosity=0)
    return parse_po(copy / "locale" / "nl" / "LC_MESSAGES" / "django.po")


def test_extraction_finds_the_interface(extracted):
    """Guard for the test itself: the extraction saw both templates and Python code."""
    msgids = {msgid for _, msgid in extracted.entries}
    assert "Start the self-assessment" in msgids  # a template
    assert "Please fill this in." in msgids  # Python (gettext_lazy)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_interface_string_is_in_the_catalogue(lang, extracted, catalogues):
    committed = catalogues[lang].entries
    missing = sorted(msgid for ctx, msgid in extracted.entries if (ctx, msgid) not in committed)
    assert not missing, (
        f"{len(missing)} interface string(s) missing from {CATALOGUES[lang]}; update the "
        "catalogues with `cd src/hulplijn/web && ../../../.venv/bin/python ../../../manage.py "
        "makemessages -l nl -l en`, then translate them:\n" + "\n".join(f"  {m!r}" for m in missing)
    )
    plural_changed = sorted(
        e.msgid
        for key, e in extracted.entries.items()
        if e.msgid_plural != committed[key].msgid_plural
    )
    assert not plural_changed, f"plural form differs in {CATALOGUES[lang]}: {plural_changed}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_header(lang, catalogues):
    catalogue = catalogues[lang]
    assert catalogue.header is not None
    assert "fuzzy" not in catalogue.header.flags
    fields = catalogue.header_fields()
    assert fields.get("Language") == lang
    assert fields.get("Plural-Forms") == "nplurals=2; plural=(n != 1);"
    assert "charset=UTF-8" in fields.get("Content-Type", "")


def test_dutch_is_complete(catalogues):
    """Every Dutch entry translated in every plural form, and none left fuzzy."""
    problems = []
    for entry in catalogues["nl"].entries.values():
        forms = 2 if entry.msgid_plural is not None else 1
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        if sorted(entry.msgstr) != list(range(forms)) or not all(entry.msgstr.values()):
            problems.append(f"untranslated: {entry.msgid!r}")
    assert not problems, "\n".join(problems)


def test_english_is_complete(catalogues):
    problems = []
    for entry in catalogues["en"].entries.values():
        forms = 2 if entry.msgid_plural is not None else 1
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        if sorted(entry.msgstr) != list(range(forms)) or not all(entry.msgstr.values()):
            problems.append(f"empty: {entry.msgid!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_are_kept(lang, catalogues):
    """A translation uses exactly the msgid's %(name)s placeholders: a missing one loses a
    number, an unknown one breaks the page with a KeyError."""
    problems = []
    for entry in catalogues[lang].entries.values():
        for form, text in entry.msgstr.items():
            want, got = placeholders(entry.sources(form)), placeholders(text)
            if text and want != got:
                problems.append(f"{entry.msgid!r} [{form}]: expected {want}, found {got}")
    assert not problems, "\n".join(problems)


def test_placeholder_pattern():
    assert placeholders("%(n)s firms: %(label)s (%(key)s), 25%% / 75%%") == {"n", "label", "key"}
    assert placeholders("€ %(euros)s, %(share).1f%%") == {"euros", "share"}


def test_parser_reads_plurals_flags_and_continued_lines(tmp_path):
    po = tmp_path / "sample.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: nl\\n"\n\n'
        '#: x.py:1\n#, python-format\nmsgid ""\n"%(n)s long "\n"line"\n'
        'msgid_plural "%(n)s lines"\nmsgstr[0] "%(n)s regel"\nmsgstr[1] ""\n"%(n)s \\"regels\\""\n'
        '\n#, fuzzy\nmsgctxt "menu"\nmsgid "Open"\nmsgstr ""\n'
        '\n#~ msgid "Old"\n#~ msgstr "Oud"\n',
        encoding="utf-8",
    )
    catalogue = parse_po(po)
    assert catalogue.header_fields() == {"Language": "nl"}
    plural = catalogue.entries[(None, "%(n)s long line")]
    assert plural.msgid_plural == "%(n)s lines"
    assert plural.msgstr == {0: "%(n)s regel", 1: '%(n)s "regels"'}
    assert plural.flags == {"python-format"}
    assert catalogue.entries[("menu", "Open")].flags == {"fuzzy"}
    assert (None, "Old") not in catalogue.entries


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_compiles(lang):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext's msgfmt is not installed (apt-get install gettext)")
    run = subprocess.run(
        [msgfmt, "--check-format", "-o", os.devnull, str(CATALOGUES[lang])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr


def reset_translations() -> None:
    """Forget loaded catalogues, so freshly compiled .mo files are read."""
    trans_real._translations = {}
    trans_real._default = None


@pytest.fixture
def compiled(tmp_path):
    """The catalogues compiled to .mo beside the .po files (git-ignored), then loaded anew."""
    if shutil.which("msgfmt") is None:
        pytest.skip("GNU gettext's msgfmt is not installed (apt-get install gettext)")
    # from an empty folder, compilemessages only looks at LOCALE_PATHS (not at the whole tree)
    with contextlib.chdir(tmp_path):
        call_command("compilemessages", locale=list(LANGUAGES), verbosity=0)
    for po in CATALOGUES.values():
        assert po.with_suffix(".mo").exists()
    reset_translations()
    yield
    reset_translations()


@pytest.mark.django_db
def test_landing_page_in_dutch_and_english(client, compiled):
    dutch = client.get("/").content.decode()
    assert '<html lang="nl"' in dutch
    assert "Start de zelfdiagnose" in dutch
    assert "Start the self-assessment" not in dutch

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    english = client.get("/").content.decode()
    assert '<html lang="en"' in english
    assert "Start the self-assessment" in english
    assert "Start de zelfdiagnose" not in english


def test_a_two_field_text_shows_in_the_pages_language():
    """``{% pick nl en %}``: reference data and stored results keep Dutch and English as two
    fields; the page shows the one of its language, escaped."""
    page = Template(
        "{% load hulplijn %}{% pick name name_en %}|{% pick 'en' 'nl' as other %}{{ other }}"
    )
    names = Context({"name": "<Detailhandel>", "name_en": "Retail"})
    with translation.override("nl"):
        assert page.render(names) == "&lt;Detailhandel&gt;|en"
    with translation.override("en"):
        assert page.render(names) == "Retail|nl"


@pytest.mark.django_db
def test_the_language_switch_offers_the_other_language_named_in_itself(client, compiled):
    switch = (
        'name="language" value="{}" lang="{}" class="utrecht-button utrecht-button--subtle">{}<'
    )
    dutch = client.get("/").content.decode()
    assert switch.format("en", "en", "English") in dutch and 'value="nl" lang="nl"' not in dutch
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/").content.decode()
    assert switch.format("nl", "nl", "Nederlands") in english


def test_no_gettext_alias_hides_strings_from_makemessages():
    """makemessages (xgettext) knows gettext, gettext_lazy, gettext_noop, pgettext... by name; a
    string marked through an alias such as ``N_`` is never extracted and shows in English."""
    known = {
        "gettext",
        "gettext_lazy",
        "gettext_noop",
        "ngettext",
        "ngettext_lazy",
        "pgettext",
        "pgettext_lazy",
        "npgettext",
        "npgettext_lazy",
    }
    aliased = []
    for path in WEB_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                aliased += [
                    f"{path.relative_to(WEB_DIR)}: {a.name} as {a.asname}"
                    for a in node.names
                    if a.name in known and a.asname not in (None, "_")
                ]
    assert not aliased, "use the function's own name (or _ for gettext):\n" + "\n".join(aliased)
