"""The reference data for this process: loaded once, read-only, shared by every request.

The reference folder holds one artifact per round (its own, and further ones under
``periods/``: docs/decisions/0024-periods.md); ``reference()`` is the folder's own, used for
what does not depend on the period (the sector list, norms), ``reference_for`` the one that
serves a round, ``by_vintage`` the one a stored result was computed against."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from django.conf import settings

from hulplijn.core import FirmInput, Reference
from hulplijn.core.period import choose
from hulplijn.reference import artifact


@cache
def _load(folder: str) -> Reference:
    return artifact.load(Path(folder))


@cache
def _load_all(folder: str) -> tuple[Reference, ...]:
    own = Path(folder)
    return tuple(_load(str(f)) for f in artifact.folders(own))


def reference() -> Reference:
    """The Reference of settings.HULPLIJN_REFERENCE_DIR (raises ArtifactMissing if not built)."""
    return _load(str(settings.HULPLIJN_REFERENCE_DIR))


def references() -> tuple[Reference, ...]:
    """Every Reference in the folder: its own first, then those of ``periods/``."""
    return _load_all(str(settings.HULPLIJN_REFERENCE_DIR))


def reference_for(years: Sequence[int], moments: Sequence[str]) -> Reference:
    """The Reference that serves a round (years and moments) best; when none does, one that
    says per figure that it has no comparison data for the round's period."""
    return choose(references(), years, moments)


def by_vintage(vintage: str) -> Reference | None:
    """The loaded Reference of this vintage, if it is still there."""
    return next((r for r in references() if r.vintage == vintage), None)


def clear() -> None:
    """Forget the loaded reference (tests, or after a new build)."""
    _load.cache_clear()
    _load_all.cache_clear()


def reference_of(firm: FirmInput) -> Reference:
    """The Reference for a firm's own years and moments (``reference_for``)."""
    return reference_for([y.year for y in firm.years], [m.moment for m in firm.liquidity])
