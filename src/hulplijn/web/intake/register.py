"""Register figures for a firm: the register table, plus the KVK API for sector and size when
configured. Differences never block; an unreachable register is said, not hidden."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from hulplijn.core.text import Text
from hulplijn.core.verification import RegisterFigures, RegisterYear
from hulplijn.imports import kvk
from hulplijn.imports import register as sources
from hulplijn.web.intake.models import RegisterRecord


def figures(kvk_number: str, years: tuple[int, int]) -> tuple[RegisterFigures | None, Text | None]:
    """The register's figures for ``kvk_number`` (None when it has none), and a note when the
    KVK API could not be reached."""
    records = {r.year: r for r in RegisterRecord.objects.filter(kvk_number=kvk_number)}
    latest = records[max(records)] if records else None
    note = None
    sbi, persons = (latest.sbi or None, latest.working_persons) if latest else (None, None)
    if settings.HULPLIJN_KVK_API_KEY:
        try:
            with kvk.KvkClient(
                settings.HULPLIJN_KVK_API_URL, settings.HULPLIJN_KVK_API_KEY
            ) as client:
                profile = client.basisprofiel(kvk_number)
            sbi, persons = profile.main_sbi or sbi, profile.working_persons or persons
            if persons is None and profile.notes:  # e.g. the register's 0 working persons
                note = profile.notes[0]
        except kvk.RegisterError as problem:
            note = problem.text
    if not records and sbi is None and persons is None:
        return None, note
    return RegisterFigures(
        source=latest.source if latest else "KVK",
        retrieved=timezone.localdate(),
        years=tuple(
            RegisterYear(y, r.gross_margin, r.wage_costs, r.fte)
            for y, r in records.items()
            if y in years
        ),
        equity=latest.equity if latest else None,
        total_assets=latest.total_assets if latest else None,
        sbi=sbi,
        working_persons=persons,
    ), note


def legal_form(kvk_number: str) -> str | None:
    """The owner's legal form from the KVK Basisprofiel (eenmanszaak, vof, bv or other), to
    prefill the wizard's optional question; None without the KVK API, when the register names
    none, or when it cannot be reached (the owner then answers, as without a KvK number)."""
    if not settings.HULPLIJN_KVK_API_KEY:
        return None
    try:
        with kvk.KvkClient(settings.HULPLIJN_KVK_API_URL, settings.HULPLIJN_KVK_API_KEY) as client:
            return client.basisprofiel(kvk_number).legal_form
    except kvk.RegisterError:
        return None


def configured_sources() -> list[sources.RegisterSource]:
    """The register and credit sources whose credentials are set, KVK first (none by default).
    Their names may be listed; their keys never are. The caller closes them."""
    found: list[sources.RegisterSource] = []
    if settings.HULPLIJN_KVK_API_KEY:
        found.append(
            sources.KvkSource(
                kvk.KvkClient(settings.HULPLIJN_KVK_API_URL, settings.HULPLIJN_KVK_API_KEY)
            )
        )
    if settings.HULPLIJN_DNB_KEY and settings.HULPLIJN_DNB_SECRET:
        found.append(
            sources.DnbSource(
                settings.HULPLIJN_DNB_KEY,
                settings.HULPLIJN_DNB_SECRET,
                settings.HULPLIJN_DNB_API_URL,
            )
        )
    experian = (
        settings.HULPLIJN_EXPERIAN_CLIENT_ID,
        settings.HULPLIJN_EXPERIAN_CLIENT_SECRET,
        settings.HULPLIJN_EXPERIAN_USERNAME,
        settings.HULPLIJN_EXPERIAN_PASSWORD,
        settings.HULPLIJN_EXPERIAN_SUBCODE,
    )
    if all(experian):
        found.append(sources.ExperianSource(*experian, settings.HULPLIJN_EXPERIAN_API_URL))
    return found


def configured_source_names() -> list[str]:
    """The names of the configured sources, for pages that list them."""
    found = configured_sources()
    names = [source.name for source in found]
    for source in found:
        source.close()
    return names
