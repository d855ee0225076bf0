"""The reference data for this process: loaded once, read-only, shared by every request."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings

from hulplijn.core import Reference
from hulplijn.reference import artifact


@cache
def _load(folder: str) -> Reference:
    return artifact.load(Path(folder))


def reference() -> Reference:
    """The Reference of settings.HULPLIJN_REFERENCE_DIR (raises ArtifactMissing if not built)."""
    return _load(str(settings.HULPLIJN_REFERENCE_DIR))


def clear() -> None:
    """Forget the loaded reference (tests, or after a new build)."""
    _load.cache_clear()
