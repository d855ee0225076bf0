"""Input problems: what is wrong with which field, in plain Dutch and English."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InputProblem:
    """One problem with one field of the input, named by its path (``years[1].fte``)."""

    path: str
    code: str
    message_nl: str
    message_en: str

    def line(self, language: str = "nl") -> str:
        """The problem as one line: ``path: message``."""
        message = self.message_en if language == "en" else self.message_nl
        return f"{self.path}: {message}"


class InvalidInput(ValueError):
    """The input was refused; ``problems`` says which fields and why."""

    def __init__(self, problems: list[InputProblem]):
        self.problems = tuple(problems)
        super().__init__("; ".join(p.line("en") for p in self.problems))
