"""One way to say what is wrong: a problem has a code, a place and a bilingual text.

``Problem`` is one thing wrong with one field (``path``, such as ``years[1].fte``, or empty when
it concerns the whole input); ``Refused`` is the one error base every refusal in the pure
packages derives from (invalid figures, a file we cannot read, a scenario that cannot be
applied). Interfaces show ``problem.text(language)`` next to the field the path names, and may
choose their own wording by ``code``: never by matching the text. A problem in a file names its
place in words instead (``rij 3, kolom omzet``), always with ``placed``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Self

from hulplijn.core.text import Text


@dataclass(frozen=True)
class Problem:
    """One problem with one field of the input, named by its path (``years[1].fte``)."""

    code: str
    text: Text
    path: str = ""

    def message(self, language: str | None = "nl") -> str:
        """What is wrong, in ``language``, without the place."""
        return self.text(language)

    def line(self, language: str | None = "nl") -> str:
        """The problem as one line: ``path: message`` (just the message without a path)."""
        message = self.text(language)
        return f"{self.path}: {message}" if self.path else message


class Refused(ValueError):
    """Input refused; ``problems`` says which fields and why (at least one problem)."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(problems)
        if not self.problems:
            raise ValueError("a refusal names at least one problem")
        super().__init__("; ".join(p.line("en") for p in self.problems))

    @classmethod
    def one(cls, code: str, nl: str, en: str, path: str = "") -> Self:
        """A refusal with a single problem."""
        return cls([Problem(code, Text(nl, en), path)])

    @property
    def code(self) -> str:
        """The first problem's code (the only one for most file refusals)."""
        return self.problems[0].code

    @property
    def text(self) -> Text:
        """All problems as one text, joined by '; ' (without their places)."""
        return Text.join([p.text for p in self.problems], "; ", "; ")

    def message(self, language: str | None = "nl") -> str:
        """All problems' messages in ``language`` (without their places)."""
        return self.text(language)

    def lines(self, language: str | None = "nl") -> list[str]:
        """One ``path: message`` line per problem."""
        return [p.line(language) for p in self.problems]


class InvalidInput(Refused):
    """A firm's figures were refused; ``problems`` says which fields and why."""


_PLACES = {
    "row": Text("rij {at}", "row {at}"),
    "line": Text("regel {at}", "line {at}"),
    "column": Text("kolom {at}", "column {at}"),
}


def placed(
    text: Text,
    *,
    row: int | None = None,
    line: int | None = None,
    column: int | str | None = None,
) -> Text:
    """``text`` after its place in a file: ``placed(text, row=3, column="omzet")`` reads
    ``rij 3, kolom omzet: ...`` in Dutch and ``row 3, column omzet: ...`` in English. A place
    that is None or empty is left out; with none at all, ``text`` is returned as it is."""
    where = [
        _PLACES[name].format(at=value)
        for name, value in (("row", row), ("line", line), ("column", column))
        if value is not None and value != ""
    ]
    if not where:
        return text
    return Text.join([Text.join(where, ", ", ", "), text], ": ", ": ")
