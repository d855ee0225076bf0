"""The register that a completed assessment's figures are checked against (services.verification).

The register itself (its table and the KVK API) is the intake app's, and intake sits above this
app: it imports the wizard's services and forms. So intake hands its lookup in when Django starts
(IntakeConfig.ready) and this app never imports intake (docs/decisions/0019-app-layers.md)."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

from hulplijn.core.verification import RegisterFigures

Lookup = Callable[[str, tuple[int, int]], tuple[RegisterFigures | None, str | None]]
"""A firm's register figures for a KvK number and the round's two years (None when the
register has none), and a note when part of the register could not be reached."""

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


def figures(kvk_number: str, years: tuple[int, int]) -> tuple[RegisterFigures | None, str | None]:
    """The register's figures for ``kvk_number``, from the lookup the intake app provides."""
    if _lookup is None:
        raise ImproperlyConfigured("no register to check against: install hulplijn.web.intake")
    return _lookup(kvk_number, years)
