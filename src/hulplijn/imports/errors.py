"""One clear error for any file we refuse, naming the problem in Dutch and English."""

from __future__ import annotations

from hulplijn.core.errors import Problem, Refused
from hulplijn.core.text import Text


class ImportRefused(Refused):
    """The file cannot be used: one problem, whose ``code`` names it and whose ``text`` says why
    in plain Dutch and English (``refused.text(language)``, or ``refused.message(language)``)."""

    def __init__(self, code: str, message_nl: str, message_en: str):
        super().__init__([Problem(code, Text(message_nl, message_en))])
