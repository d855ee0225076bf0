"""Option values shared by the command groups (``main`` and ``stats``; ``stats`` cannot import
``main``, which registers it)."""

from __future__ import annotations

from enum import Enum


class Format(str, Enum):
    json = "json"
    text = "text"


class Language(str, Enum):
    nl = "nl"
    en = "en"
