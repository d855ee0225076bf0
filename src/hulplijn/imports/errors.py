"""One clear error for any file we refuse, naming the problem in Dutch and English."""

from __future__ import annotations


class ImportRefused(ValueError):
    """The file cannot be used; ``message_nl`` / ``message_en`` say why, in plain language."""

    def __init__(self, code: str, message_nl: str, message_en: str):
        self.code = code
        self.message_nl = message_nl
        self.message_en = message_en
        super().__init__(message_en)

    def message(self, language: str = "nl") -> str:
        return self.message_en if language == "en" else self.message_nl
