"""Read settings from the environment, each with a default (Open Formulieren style)."""

from __future__ import annotations

import os


def text(name: str, default: str) -> str:
    """A string setting."""
    return os.environ.get(name, default)


def flag(name: str, default: bool) -> bool:
    """A boolean setting: 1/true/yes/on (any case) is true."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def number(name: str, default: int) -> int:
    """An integer setting."""
    return int(os.environ.get(name, default))


def items(name: str, default: str) -> list[str]:
    """A comma-separated list setting."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]
