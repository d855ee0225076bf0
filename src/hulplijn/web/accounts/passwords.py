"""Password rules for Dutch users: no common Dutch password and not the site's own name, also
with digits, capitals, punctuation, a year or look-alike characters around or inside them
("Wachtwoord1", "W@chtw00rd!", "mkbhulplijn2026"). Django's validators do the rest (length,
common English passwords, only digits, similar to the e-mail address)."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SITE_NAMES = ("mkbhulplijn", "hulplijn")
_LOOK_ALIKES = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
)


@cache
def common_words() -> frozenset[str]:
    text = (
        resources.files("hulplijn.web.accounts")
        .joinpath("data/common-dutch-passwords.txt")
        .read_text(encoding="utf-8")
    )
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def core(password: str) -> str:
    """The password without case, digits and punctuation around it, look-alikes read as letters:
    "W@chtw00rd1!" -> "wachtwoord"."""
    lowered = password.lower()
    stripped = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", lowered) or lowered
    return re.sub(r"[\W_]+", "", stripped.translate(_LOOK_ALIKES))


def problem(password: str) -> str | None:
    """Why the password is refused, or None."""
    word = core(password)
    if any(name in word for name in SITE_NAMES):
        return _("Your password may not contain the name of this site.")
    if word in common_words():
        return _("This password is too common in the Netherlands. Choose another one.")
    return None


class DutchPasswordValidator:
    """AUTH_PASSWORD_VALIDATORS entry."""

    def validate(self, password: str, user=None) -> None:
        message = problem(password)
        if message:
            raise ValidationError(message, code="password_too_common")

    def get_help_text(self) -> str:
        return _("Not a common Dutch password and not the name of this site.")
