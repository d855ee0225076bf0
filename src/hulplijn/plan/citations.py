"""Citing the report for people: the parameter files cite the seed report by line of its text
extraction ("r. 5112-5114"), which a reader of the report cannot find. ``cite`` replaces each such
reference by the report's section or slide (#16): appendix "Detaillering aannames" 1/3, 2/3 or
3/3, the measure pages, the plan's headline and financing slides, the prioritisation slides and
the macro slide. Quotations and other words stay as written.

Pure: no Django, no files.
"""

from __future__ import annotations

import re

from hulplijn.core.text import Language, Text, language_of

SECTIONS: tuple[tuple[int, int, Text], ...] = (
    (
        2480,
        2600,
        Text(
            'de slide "Gerichte stimulering mkb kan in 2025 €20-30 mld aan extra toegevoegde '
            'waarde opleveren"',
            'the slide "Gerichte stimulering mkb kan in 2025 €20-30 mld aan extra toegevoegde '
            'waarde opleveren"',
        ),
    ),
    (2848, 3171, Text("de slides over de prioritering", "the prioritisation slides")),
    (
        3474,
        3724,
        Text(
            'de slides met de uitkomsten van het plan ("Herstel- en groeiplan")',
            'the slides with the plan\'s outcomes ("Herstel- en groeiplan")',
        ),
    ),
    (3725, 4021, Text("de slides over de financiering", "the financing slides")),
    (
        4022,
        4180,
        Text(
            "de slide \"Er is geen 'silver bullet'\"",
            "the slide \"Er is geen 'silver bullet'\"",
        ),
    ),
    (
        4992,
        5178,
        Text('bijlage "Detaillering aannames" 1/3', 'appendix "Detaillering aannames" 1/3'),
    ),
    (
        5179,
        5336,
        Text('bijlage "Detaillering aannames" 2/3', 'appendix "Detaillering aannames" 2/3'),
    ),
    (
        5337,
        5460,
        Text('bijlage "Detaillering aannames" 3/3', 'appendix "Detaillering aannames" 3/3'),
    ),
    (5461, 7472, Text("de maatregelpagina", "the measure page")),
)
"""(first line, last line, the section as a reader finds it) of the seed report's text."""

REPORT = Text("het rapport", "the report")

_LINES = re.compile(
    r"(?:\b(?:[123]/3|page|pagina|range 2/3) )?"  # the section said already: named once
    r"\br\. ?(\d{2,4})(?:-\d{2,4})?(?:(?:,| /| en| and) ?\d{2,4}(?:-\d{2,4})?)*"
)


def section(line: int, language: str | None) -> str:
    """The report's section or slide that holds ``line`` of its text, or "the report"."""
    lang: Language = language_of(language)
    for first, last, text in SECTIONS:
        if first <= line <= last:
            return text(lang)
    return REPORT(lang)


def cite(source: str | None, language: str | None) -> str:
    """``source`` with every line reference ("r. 5112-5114", "r. 5037-5039, 6256") replaced by
    the section it falls in: "r. 5112-5114 (...)" -> 'bijlage "Detaillering aannames" 1/3 (...)'."""
    if not source:
        return ""
    return _LINES.sub(lambda m: section(int(m.group(1)), language), " ".join(source.split()))


__all__ = ["SECTIONS", "cite", "section"]
