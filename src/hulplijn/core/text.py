"""What the product says, in Dutch and English: one type for every bilingual sentence.

Pages use gettext for their own wording; everything the pure packages (core, plan, imports,
reference) say reaches the interface as a ``Text`` and is shown in the reader's language with
``text(language)``. Dutch is the default: the service is Dutch, English is the courtesy. What to
use when: docs/reference/text-and-errors.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, TypeVar

_T = TypeVar("_T")

Language = Literal["nl", "en"]
"""The two languages; every function takes a language code (``nl``, ``en``, ``en-gb``, None for
the default, Dutch) and reads it with ``language_of``."""


def language_of(code: str | None) -> Language:
    """``en``, ``en-gb``, ``EN`` -> ``en``; anything else (``nl``, ``nl-be``, None) -> ``nl``."""
    return "en" if (code or "").lower().startswith("en") else "nl"


def pick(language: str | None, nl: _T, en: _T) -> _T:
    """One of a Dutch and an English wording (or list of wordings), for the reader's language:
    for the texts that reference data and stored results keep as two fields (``name`` and
    ``name_en``); a text made in code is a ``Text``."""
    return en if language_of(language) == "en" else nl


@dataclass(frozen=True)
class Text:
    """One sentence (or label) in Dutch and English."""

    nl: str
    en: str

    def __call__(self, language: str | None = "nl") -> str:
        """The wording for ``language``: ``Text("ja", "yes")("en") == "yes"``."""
        return pick(language, self.nl, self.en)

    def format(self, **values: Any) -> Text:
        """Both wordings with ``{name}`` fields filled in: a ``Text`` value with its own wording
        in each language, any other value the same in both."""
        nl = {k: v.nl if isinstance(v, Text) else v for k, v in values.items()}
        en = {k: v.en if isinstance(v, Text) else v for k, v in values.items()}
        return Text(self.nl.format(**nl), self.en.format(**en))

    @classmethod
    def join(cls, texts: list[Text], nl: str, en: str) -> Text:
        """Texts joined by a separator per language (``"; "`` or ``" en "`` / ``" and "``)."""
        return cls(nl.join(t.nl for t in texts), en.join(t.en for t in texts))
