"""The account pages and e-mails address owners formally ("u", "uw"), as Dutch government sites do.

django-allauth's Dutch says "je", "jij" and "jouw". The override catalogue
src/hulplijn/web/locale_allauth/nl/LC_MESSAGES/django.po repeats every allauth entry whose Dutch is
informal, in the u-form; it is in LOCALE_PATHS, so it wins over allauth's own catalogue. After an
allauth upgrade, test_every_informal_allauth_entry_is_overridden lists the informal entries the new
version added (translate them into the override) and test_every_override_is_still_an_allauth_entry
the ones it dropped or reworded (remove them); decision 0015.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import allauth
import pytest
from django.conf import settings
from django.core import mail

from tests.web.test_translations import WEB_DIR, Catalogue, parse_po, placeholders

OVERRIDE = WEB_DIR / "locale_allauth" / "nl" / "LC_MESSAGES" / "django.po"
ALLAUTH = Path(allauth.__file__).resolve().parent / "locale" / "nl" / "LC_MESSAGES" / "django.po"
NL = {"HTTP_ACCEPT_LANGUAGE": "nl"}
PASSWORD = "een-lang-wachtwoord-42"

# the informal pronouns, as whole words in any case ("Jouw", "JIJ"; not "jeugd" or "bijou")
INFORMAL = re.compile(r"\b(?:je|jij|jou|jouw|jezelf)\b", re.IGNORECASE)
FORMAL = re.compile(r"\b(?:u|uw)\b", re.IGNORECASE)
# "heb je" made formal is "hebt u", not "heb u": the verb takes the u-form's -t
UNCONJUGATED = re.compile(r"\b(?:heb|kun|wil|ben|word|vind|herken|ontvang|krijg|zie) u\b", re.I)


def informal_words(text: str) -> list[str]:
    return INFORMAL.findall(text)


def entries_using_informal_words(catalogue: Catalogue) -> dict:
    return {
        key: entry
        for key, entry in catalogue.entries.items()
        if any(informal_words(text) for text in entry.msgstr.values())
    }


def describe(key: tuple[str | None, str]) -> str:
    context, msgid = key
    return f"  {msgid!r}" + (f" (msgctxt {context!r})" if context is not None else "")


@pytest.fixture(scope="module")
def override() -> Catalogue:
    return parse_po(OVERRIDE)


@pytest.fixture(scope="module")
def allauth_dutch() -> Catalogue:
    return parse_po(ALLAUTH)


# --- the catalogue --------------------------------------------------------------------------------


def test_the_override_is_used_after_our_own_catalogue():
    assert settings.LOCALE_PATHS == [WEB_DIR / "locale", WEB_DIR / "locale_allauth"]


def test_header(override):
    assert override.header is not None
    assert "fuzzy" not in override.header.flags
    fields = override.header_fields()
    assert fields.get("Language") == "nl"
    assert fields.get("Plural-Forms") == "nplurals=2; plural=(n != 1);"
    assert "charset=UTF-8" in fields.get("Content-Type", "")


def test_the_override_is_formal(override):
    problems = [
        f"{entry.msgid!r} [{form}]: {text!r}"
        for entry in override.entries.values()
        for form, text in entry.msgstr.items()
        if informal_words(text) or UNCONJUGATED.search(text)
    ]
    assert not problems, "informal Dutch in the override:\n" + "\n".join(problems)


def test_the_override_is_complete(override):
    problems = []
    for entry in override.entries.values():
        forms = 2 if entry.msgid_plural is not None else 1
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy (msgfmt leaves it out): {entry.msgid!r}")
        if sorted(entry.msgstr) != list(range(forms)) or not all(entry.msgstr.values()):
            problems.append(f"untranslated: {entry.msgid!r}")
    assert not problems, "\n".join(problems)


def test_every_informal_allauth_entry_is_overridden(override, allauth_dutch):
    """A new allauth version with a new informal string fails here, with the list to translate
    into the override (msgctxt, msgid and msgid_plural exactly as in allauth's file)."""
    informal = entries_using_informal_words(allauth_dutch)
    assert len(informal) >= 90, "guard: allauth's Dutch is informal, so these must be found"
    missing = sorted((key for key in informal if key not in override.entries), key=str)
    assert not missing, (
        f"{len(missing)} informal entr(y/ies) of {ALLAUTH} not overridden in {OVERRIDE}; add "
        "them with a translation in the u-form:\n" + "\n".join(describe(key) for key in missing)
    )


def test_every_override_is_still_an_allauth_entry(override, allauth_dutch):
    """An override of a string allauth no longer has (or has reworded) is never used: remove it,
    or translate the new wording."""
    stale = sorted((key for key in override.entries if key not in allauth_dutch.entries), key=str)
    assert not stale, "not in allauth's catalogue:\n" + "\n".join(describe(key) for key in stale)
    plural_changed = [
        describe(key)
        for key, entry in override.entries.items()
        if entry.msgid_plural != allauth_dutch.entries[key].msgid_plural
    ]
    assert not plural_changed, "msgid_plural differs from allauth's:\n" + "\n".join(plural_changed)


def test_placeholders_are_kept(override):
    """As for our own catalogues (test_translations): exactly the msgid's %(name)s placeholders,
    and as many unnamed %s / %d ones."""
    unnamed = re.compile(r"%[sd]")
    problems = []
    for entry in override.entries.values():
        for form, text in entry.msgstr.items():
            source = entry.sources(form)
            want, got = placeholders(source), placeholders(text)
            if want != got:
                problems.append(f"{entry.msgid!r} [{form}]: expected {want}, found {got}")
            if sorted(unnamed.findall(source)) != sorted(unnamed.findall(text)):
                problems.append(f"{entry.msgid!r} [{form}]: %s/%d placeholders differ")
    assert not problems, "\n".join(problems)


def test_the_override_compiles():
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext's msgfmt is not installed (apt-get install gettext)")
    run = subprocess.run(
        [msgfmt, "--check-format", "-o", os.devnull, str(OVERRIDE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr


def test_the_word_patterns():
    assert informal_words("Bevestig je e-mailadres. Jouw account, JIJ en jezelf; jou.") == [
        "je",
        "Jouw",
        "JIJ",
        "jezelf",
        "jou",
    ]
    assert not informal_words("jeugd, bijou, jouwe-mailadres, Jeroen, e-mailadres")
    assert FORMAL.search("Bevestig uw e-mailadres") and FORMAL.search("U bent ingelogd.")
    assert not FORMAL.search("Registreren, uitloggen, bureau")
    assert UNCONJUGATED.search("Heb u al een account?")
    assert not UNCONJUGATED.search("Hebt u al een account? Heeft u? Kunt u?")


# --- the pages and e-mails, end to end --------------------------------------------------------


class VisibleText(HTMLParser):
    """The text a reader sees or hears: text outside <script> and <style>, and the attributes
    shown or read aloud. Tokens and nonces are left out (a random "-je_" would count)."""

    SHOWN = {"title", "alt", "placeholder", "aria-label", "aria-description"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in ("script", "style"):
            self.hidden += 1
        values = dict(attrs)
        self.parts += [value for name, value in attrs if name in self.SHOWN and value]
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.parts.append(values["value"])

    def handle_endtag(self, tag) -> None:
        if tag in ("script", "style") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(response) -> str:
    parser = VisibleText()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.parts).split())


def mail_text(message) -> str:
    """Subject and body of a sent e-mail, without its links (a signed key is random text)."""
    texts = [message.subject, message.body]
    texts += [content for content, _ in getattr(message, "alternatives", [])]
    return re.sub(r"https?://\S+", "", "\n".join(texts))


@pytest.fixture
def dutch(compiled_messages):
    """The catalogues compiled (tests/web/conftest.py compiles every LOCALE_PATHS entry)."""
    if shutil.which("msgfmt") is None:
        pytest.skip("GNU gettext's msgfmt is not installed (apt-get install gettext)")
    assert OVERRIDE.with_suffix(".mo").exists()


def assert_formal(what: str, text: str) -> None:
    assert not informal_words(text), f"{what}: informal {informal_words(text)} in\n{text}"
    assert FORMAL.search(text), f"{what}: no 'u' or 'uw' in\n{text}"


@pytest.mark.django_db
def test_account_pages_and_emails_are_formal(client, dutch):
    for url in ("/account/signup/", "/account/password/reset/", "/account/login/"):
        response = client.get(url, **NL)
        assert response.status_code == 200, url
        assert response["Content-Language"] == "nl"
        assert_formal(url, visible_text(response))

    email = "formeel@example.nl"
    response = client.post(
        "/account/signup/",
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
        **NL,
    )
    assert response.redirect_chain, visible_text(response)  # signed up, not the form again
    assert_formal("the page after signing up", visible_text(response))
    [confirmation] = mail.outbox
    assert confirmation.to == [email]
    assert "Bevestig uw e-mailadres" in confirmation.subject
    assert_formal("the e-mail sent on sign-up", mail_text(confirmation))

    mail.outbox.clear()
    response = client.post("/account/password/reset/", {"email": email}, follow=True, **NL)
    assert response.redirect_chain
    assert_formal("the page after asking for a new password", visible_text(response))
    [reset] = mail.outbox
    assert_formal("the password reset e-mail", mail_text(reset))
