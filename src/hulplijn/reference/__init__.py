"""Reference data: sourced parameter files, the synthetic population and the peer artifact."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from hulplijn.core.reference import Reference

ENV_DIR = "HULPLIJN_REFERENCE_DIR"
DEFAULT_DIR = Path("var/reference")


def reference_dir() -> Path:
    """Where the peer artifact lives: $HULPLIJN_REFERENCE_DIR, else ./var/reference."""
    return Path(os.environ.get(ENV_DIR) or DEFAULT_DIR)


def load(folder: Path | None = None) -> Reference:
    """Load the Reference (parameters + peer artifact) from ``folder`` or the default folder."""
    from hulplijn.reference import artifact

    return artifact.load(folder or reference_dir())


def load_for(years: Sequence[int], moments: Sequence[str], folder: Path | None = None) -> Reference:
    """The Reference that serves a round best (``hulplijn.core.period.choose``): of the same
    years and moments where one is built, else one that says per figure it has no data."""
    from hulplijn.core.period import choose
    from hulplijn.reference import artifact

    return choose(artifact.load_all(folder or reference_dir()), years, moments)
