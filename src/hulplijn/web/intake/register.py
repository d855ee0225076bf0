"""Register figures for a firm: the register table, plus the configured register and credit
sources (KVK, Dun & Bradstreet, Experian; all off by default) through the one
``hulplijn.imports.register.RegisterSource`` interface. Differences never block; a source that
cannot be reached is said, never hidden; a bureau's credit score is kept for the firm itself
(docs/decisions/0037-register-data-in-the-pages.md)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

import httpx
from django.conf import settings
from django.utils import timezone

from hulplijn.core.text import Text
from hulplijn.core.verification import RegisterFigures, RegisterYear
from hulplijn.imports import kvk
from hulplijn.imports import register as sources
from hulplijn.web.assessments.register import Answer, Found
from hulplijn.web.intake.models import RegisterRecord

transport: httpx.BaseTransport | None = None
"""The HTTP transport every source's client uses: None (the network) in use; tests put an
``httpx.MockTransport`` with recorded responses here (the I/O boundary)."""


def look_up(
    kvk_number: str, asked: list[sources.RegisterSource] | None = None
) -> tuple[list[sources.RegisterFacts], list[Text]]:
    """Ask every configured source (or those ``asked``), KVK first, and close them: the facts
    of those that answered, and one note (the source's own message) for each that could not
    be asked or did not answer."""
    facts: list[sources.RegisterFacts] = []
    notes: list[Text] = []
    for source in configured_sources() if asked is None else asked:
        try:
            facts.append(source.lookup(kvk_number))
        except kvk.RegisterError as problem:
            notes.append(problem.text)
        finally:
            source.close()
    return facts, notes


def _first(facts: list[sources.RegisterFacts], name: str) -> tuple[object, str | None]:
    """The first source's value of ``name`` (KVK before the bureaus), and that source."""
    for found in facts:
        value = getattr(found, name)
        if value is not None:
            return value, found.source
    return None, None


def _credit(found: sources.RegisterFacts, retrieved: date) -> dict | None:
    """A bureau's score as stored with the assessment: the score with its scale, direction,
    date and source, for the firm itself only."""
    if found.credit is None:
        return None
    score = asdict(found.credit)
    score["as_of"] = found.credit.as_of.isoformat() if found.credit.as_of else None
    return {**score, "source": found.source, "retrieved": retrieved.isoformat()}


def figures(kvk_number: str, years: tuple[int, int], proven: bool = False) -> Answer:
    """The register's figures for ``kvk_number`` (None when no source has any), a note for
    each source that could not be reached or gave a caveat, and the bureaus' credit scores:
    the bureaus are asked only when the firm ``proven`` it is this KvK number (see
    ``configured_sources``)."""
    records = {r.year: r for r in RegisterRecord.objects.filter(kvk_number=kvk_number)}
    latest = records[max(records)] if records else None
    facts, notes = _ask(kvk_number, proven)
    sbi, sbi_source = _first(facts, "sbi")
    persons, persons_source = _first(facts, "working_persons")
    if persons is None:  # e.g. the register's 0 working persons: said, not compared
        notes = [n for f in facts for n in f.notes] + notes
    today = timezone.localdate()
    credit = tuple(c for c in (_credit(f, today) for f in facts) if c is not None)
    if latest is not None:
        sbi, persons = (
            sbi or latest.sbi or None,
            persons if persons is not None else latest.working_persons,
        )
    if not records and sbi is None and persons is None:
        return Answer(None, tuple(notes), credit)
    source = latest.source if latest else (sbi_source or persons_source or "KVK")
    return Answer(
        RegisterFigures(
            source=source,
            retrieved=today,
            years=tuple(
                RegisterYear(y, r.gross_margin, r.wage_costs, r.fte)
                for y, r in records.items()
                if y in years
            ),
            equity=latest.equity if latest else None,
            total_assets=latest.total_assets if latest else None,
            sbi=str(sbi) if sbi else None,
            working_persons=persons if isinstance(persons, int) else None,
        ),
        tuple(notes),
        credit,
    )


def prefill(kvk_number: str, proven: bool = False) -> Found | None:
    """What the configured sources say of a firm, to fill in the wizard's sector step (the
    owner confirms): sector, working persons, registration date, each with its source; notes
    for the sources that did not answer. None when no source is configured. The bureaus only
    when ``proven`` (see ``configured_sources``)."""
    if not any(on for _source, on in _configured()):
        return None
    facts, notes = _ask(kvk_number, proven)
    sbi, sbi_source = _first(facts, "sbi")
    persons, persons_source = _first(facts, "working_persons")
    registered, date_source = _first(facts, "registration_date")
    caveats = [n for f in facts for n in f.notes] if persons is None else []
    return Found(
        kvk_number=kvk_number,
        name=next((f.name for f in facts if f.name), ""),
        answered=tuple(f.source for f in facts),
        sbi=str(sbi) if sbi else None,
        sbi_source=sbi_source,
        working_persons=persons if isinstance(persons, int) else None,
        persons_source=persons_source,
        registration_date=registered if isinstance(registered, date) else None,
        date_source=date_source,
        notes=tuple(caveats + notes),
    )


def legal_form(kvk_number: str) -> str | None:
    """The owner's legal form from the KVK Basisprofiel (eenmanszaak, vof, bv or other), to
    prefill the wizard's optional question; None without the KVK API, when the register names
    none, or when it cannot be reached (the owner then answers, as without a KvK number)."""
    if not settings.HULPLIJN_KVK_API_KEY:
        return None
    try:
        with kvk.KvkClient(
            settings.HULPLIJN_KVK_API_URL, settings.HULPLIJN_KVK_API_KEY, transport=transport
        ) as client:
            return client.basisprofiel(kvk_number).legal_form
    except kvk.RegisterError:
        return None


_NOT_ASKED = Text(
    "Kredietinformatie vragen we alleen op als u met eHerkenning bent ingelogd voor dit "
    "KvK-nummer: een kredietbureau geeft de score van een bedrijf alleen aan dat bedrijf zelf.",
    "We only ask for credit information when you have logged in with eHerkenning for this KvK "
    "number: a credit bureau gives a firm's score to that firm alone.",
)


def _ask(kvk_number: str, proven: bool) -> tuple[list[sources.RegisterFacts], list[Text]]:
    """``look_up`` of the sources this caller may ask, with the note that the configured
    bureaus were not asked when the firm is not ``proven`` (see ``configured_sources``)."""
    facts, notes = look_up(kvk_number, configured_sources(bureaus=proven))
    bureaus_configured = any(on for source, on in _configured() if source is not sources.KvkSource)
    return facts, notes + ([_NOT_ASKED] if bureaus_configured and not proven else [])


def _configured() -> list[tuple[type, bool]]:
    """Each source, KVK first, and whether its credentials are set (no client is made)."""
    return [
        (sources.KvkSource, bool(settings.HULPLIJN_KVK_API_KEY)),
        (sources.DnbSource, bool(settings.HULPLIJN_DNB_KEY and settings.HULPLIJN_DNB_SECRET)),
        (sources.ExperianSource, all(_experian())),
    ]


def _experian() -> tuple[str, ...]:
    return (
        settings.HULPLIJN_EXPERIAN_CLIENT_ID,
        settings.HULPLIJN_EXPERIAN_CLIENT_SECRET,
        settings.HULPLIJN_EXPERIAN_USERNAME,
        settings.HULPLIJN_EXPERIAN_PASSWORD,
        settings.HULPLIJN_EXPERIAN_SUBCODE,
    )


def configured_sources(bureaus: bool = True) -> list[sources.RegisterSource]:
    """The register and credit sources whose credentials are set, KVK first (none by default).
    Their names may be listed; their keys never are. The caller closes them.

    ``bureaus=False`` leaves out Dun & Bradstreet and Experian: a bureau's data about a firm
    (its credit score above all) are for that firm alone, and anybody can type a KvK number,
    so the pages ask the bureaus only for an account that logged in with eHerkenning for that
    very number (decisions/0037); an adviser's batch never asks them."""
    kvk_on, dnb_on, experian_on = (on for _source, on in _configured())
    found: list[sources.RegisterSource] = []
    if kvk_on:
        found.append(
            sources.KvkSource(
                kvk.KvkClient(
                    settings.HULPLIJN_KVK_API_URL,
                    settings.HULPLIJN_KVK_API_KEY,
                    transport=transport,
                )
            )
        )
    if not bureaus:
        return found
    if dnb_on:
        found.append(
            sources.DnbSource(
                settings.HULPLIJN_DNB_KEY,
                settings.HULPLIJN_DNB_SECRET,
                settings.HULPLIJN_DNB_API_URL,
                transport=transport,
            )
        )
    if experian_on:
        found.append(
            sources.ExperianSource(
                *_experian(), settings.HULPLIJN_EXPERIAN_API_URL, transport=transport
            )
        )
    return found


def configured_source_names() -> list[str]:
    """The names of the configured sources, for pages that list them (the sector step, each
    time it is shown): from the settings, without making a client."""
    return [source.name for source, on in _configured() if on]
