"""Read settings from the environment, each with a default (Open Formulieren style).

A value that cannot be read stops start-up with ImproperlyConfigured naming the variable and
the value: a typo must never quietly become a default or ``False``
(``HULPLIJN_SECURE_COOKIES=ture`` would otherwise switch secure cookies off)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

from django.core.exceptions import ImproperlyConfigured

TRUE = ("1", "true", "yes", "on")
FALSE = ("0", "false", "no", "off")


def _refuse(name: str, value: str, expected: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"{name}={value!r} is not valid: {expected}")


def text(name: str, default: str) -> str:
    """A string setting."""
    return os.environ.get(name, default)


def flag(name: str, default: bool) -> bool:
    """A yes/no setting: 1/true/yes/on or 0/false/no/off (any case, spaces ignored)."""
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE:
        return True
    if word in FALSE:
        return False
    raise _refuse(name, value, "use one of 1, 0, true, false, yes, no, on, off")


def number(name: str, default: int, minimum: int | None = None) -> int:
    """A whole-number setting, at least ``minimum`` when given."""
    value = os.environ.get(name)
    if value is None:
        result = default
    else:
        try:
            result = int(value.strip())
        except ValueError:
            raise _refuse(name, value, "use a whole number such as 60") from None
    if minimum is not None and result < minimum:
        raise _refuse(name, str(result), f"use a whole number of at least {minimum}")
    return result


def choice(name: str, default: str, options: Iterable[str]) -> str:
    """One of ``options`` (any case, spaces ignored), returned as written in ``options``."""
    allowed = [str(option) for option in options]
    value = os.environ.get(name)
    if value is None:
        return default
    for option in allowed:
        if value.strip().lower() == option.lower():
            return option
    raise _refuse(name, value, "use one of " + ", ".join(allowed))


PATH_SEGMENTS = re.compile(r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$")


def url_path(name: str, default: str) -> str:
    """A path on the site such as ``beheer/`` (slashes around it optional; never empty)."""
    value = os.environ.get(name, default)
    path = value.strip().strip("/")
    if not PATH_SEGMENTS.match(path):
        raise _refuse(name, value, "use a path such as beheer/ (letters, digits, - and _)")
    return path + "/"


def items(name: str, default: str) -> list[str]:
    """A comma-separated list setting."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]
