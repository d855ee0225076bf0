"""Reference data: sourced parameter files, the synthetic population and the peer artifact."""

from __future__ import annotations

import os
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
