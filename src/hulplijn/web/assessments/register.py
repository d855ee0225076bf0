"""The register that a completed assessment's figures are checked against (services.verification).

The register itself (its table and the KVK API) is the intake app's, and intake sits above this
app: it imports the wizard's services and forms. So intake hands its lookup in when Django starts
(IntakeConfig.ready) and this app never imports intake (docs/decisions/0019-app-layers.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from hulplijn.core.text import Text
from hulplijn.core.verification import RegisterFigures


@dataclass(frozen=True)
class Answer:
    """What the register gives to check a completed assessment against: its figures (None when
    it has none), a note for each source that could not be reached or gave a caveat, and the
    credit bureaus' scores (JSON-ready; for the firm itself only: never shown to others, never
    in the statistics)."""

    figures: RegisterFigures | None
    notes: tuple[Text, ...] = ()
    credit: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Found:
    """What the register and credit sources say of a KvK number, to fill in the wizard's
    sector step: each value with the source that gave it; ``answered`` the sources that
    answered, ``notes`` what the others (or a caveat) say."""

    kvk_number: str
    name: str = ""
    answered: tuple[str, ...] = ()
    sbi: str | None = None
    sbi_source: str | None = None
    working_persons: int | None = None
    persons_source: str | None = None
    registration_date: date | None = None
    date_source: str | None = None
    notes: tuple[Text, ...] = ()

    def as_data(self) -> dict[str, Any]:
        """JSON-ready, as the draft keeps it."""
        return {
            "kvk_number": self.kvk_number,
            "name": self.name,
            "answered": list(self.answered),
            "sbi": self.sbi,
            "sbi_source": self.sbi_source,
            "working_persons": self.working_persons,
            "persons_source": self.persons_source,
            "registration_date": self.registration_date.isoformat()
            if self.registration_date
            else None,
            "date_source": self.date_source,
            "notes": [{"nl": n.nl, "en": n.en} for n in self.notes],
        }


Lookup = Callable[[str, tuple[int, int], bool], Answer]
"""A firm's register answer for a KvK number, the round's two years and whether the firm proved
it is that KvK number (only then are the credit bureaus asked)."""

_lookup: Lookup | None = None


def provide(lookup: Lookup) -> None:
    """Set the register's lookup (once, at start-up)."""
    global _lookup
    _lookup = lookup


_legal_form: Callable[[str], str | None] | None = None


def provide_legal_form(lookup: Callable[[str], str | None]) -> None:
    """Set the register's lookup of a firm's legal form (once, at start-up)."""
    global _legal_form
    _legal_form = lookup


def legal_form(kvk_number: str) -> str | None:
    """The legal form the register gives for ``kvk_number`` (eenmanszaak, vof, bv, other), to
    prefill the wizard's question; None when it gives none or none is provided."""
    return _legal_form(kvk_number) if _legal_form is not None and kvk_number else None


_prefill: Callable[[str, bool], Found | None] | None = None
_names: Callable[[], list[str]] = list


def provide_prefill(
    lookup: Callable[[str, bool], Found | None], names: Callable[[], list[str]]
) -> None:
    """Set the lookup that fills in the sector step from the configured sources, and the names
    of those sources (at start-up)."""
    global _prefill, _names
    _prefill, _names = lookup, names


def source_names() -> list[str]:
    """The names of the configured register and credit sources (none by default)."""
    return _names()


def prefill(kvk_number: str, proven: bool = False) -> Found | None:
    """What the configured sources say of ``kvk_number`` (the bureaus only when ``proven``);
    None when no source is configured."""
    return _prefill(kvk_number, proven) if _prefill is not None and kvk_number else None


def figures(kvk_number: str, years: tuple[int, int], proven: bool = False) -> Answer:
    """The register's figures for ``kvk_number``, from the lookup the intake app provides (the
    bureaus' scores only when ``proven``)."""
    if _lookup is None:
        raise ImproperlyConfigured("no register to check against: install hulplijn.web.intake")
    return _lookup(kvk_number, years, proven)


def proven(user: Any, kvk_number: str) -> bool:
    """Whether ``user`` proved to be the firm with ``kvk_number``: logged in with eHerkenning
    for that number (an e-mail account or an adviser proves nothing about a firm)."""
    identity = getattr(user, "eherkenning", None) if user.is_authenticated else None
    return identity is not None and bool(kvk_number) and identity.kvk_number == kvk_number
