"""Turn pydantic's validation errors into field paths with plain-language messages."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from hulplijn.core import numbers
from hulplijn.core.errors import Problem
from hulplijn.core.text import Text

# pydantic error type -> message template; its {placeholders} come from the error ctx.
_MESSAGES: dict[str, Text] = {
    "missing": Text("ontbreekt; vul dit in", "is missing; please fill it in"),
    "extra_forbidden": Text("is geen bekend veld", "is not a known field"),
    "int_parsing": Text("moet een geheel getal zijn", "must be a whole number"),
    "int_type": Text("moet een geheel getal zijn", "must be a whole number"),
    "int_from_float": Text("moet een geheel getal zijn", "must be a whole number"),
    "float_parsing": Text("moet een getal zijn", "must be a number"),
    "float_type": Text("moet een getal zijn", "must be a number"),
    "finite_number": Text(
        "moet een gewoon (eindig) getal zijn", "must be an ordinary (finite) number"
    ),
    "greater_than": Text("moet groter zijn dan {gt}", "must be greater than {gt}"),
    "greater_than_equal": Text("moet minstens {ge} zijn", "must be at least {ge}"),
    "less_than": Text("moet kleiner zijn dan {lt}", "must be less than {lt}"),
    "less_than_equal": Text("mag hoogstens {le} zijn", "must be at most {le}"),
    "too_short": Text(
        "moet minstens {min_length} onderdelen hebben",
        "must have at least {min_length} items",
    ),
    "too_long": Text(
        "mag hoogstens {max_length} onderdelen hebben",
        "must have at most {max_length} items",
    ),
    "string_type": Text("moet tekst zijn", "must be text"),
    "string_pattern_mismatch": Text("heeft niet de juiste vorm", "does not have the right form"),
    "literal_error": Text(
        "moet een van deze waarden zijn: {expected}", "must be one of: {expected}"
    ),
    "model_type": Text("heeft de verkeerde vorm (verwacht een object)", "must be an object"),
    "model_attributes_type": Text(
        "heeft de verkeerde vorm (verwacht een object)", "must be an object"
    ),
    "list_type": Text("moet een lijst zijn", "must be a list"),
    "dict_type": Text(
        "moet bestaan uit sleutels met waarden (sleutel: waarde)",
        "must be a mapping (key: value)",
    ),
    "bool_type": Text("moet ja of nee zijn", "must be true or false"),
    "bool_parsing": Text("moet ja of nee zijn", "must be true or false"),
}


def number(value: Any, language: str) -> str:
    """A limit as people write it: 0 not 0.0, 1.000.000 in Dutch and 1,000,000 in English."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return numbers.number(value, language, 2, trim=True)


def field_path(loc: Sequence[Any]) -> str:
    """``('years', 1, 'fte')`` -> ``years[1].fte``."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "(invoer)"


def dotted_path(loc: Sequence[Any]) -> str:
    """``('measures', '7', 'ramp', 0)`` -> ``measures.7.ramp.0``: the keys as a YAML file (a plan
    scenario) writes them; empty for the whole input."""
    return ".".join(str(part) for part in loc)


def problems_from(
    error: ValidationError,
    *,
    messages: Mapping[str, Text] | None = None,
    path: Callable[[Sequence[Any]], str] = field_path,
) -> list[Problem]:
    """One Problem per pydantic error, with a Dutch and an English message. ``messages`` words
    some error types the caller's own way (a scenario's unknown field is an "unknown key");
    ``path`` writes the error's place (default ``years[1].fte``)."""
    wording = {**_MESSAGES, **(messages or {})}
    problems = []
    for err in error.errors(include_url=False):
        kind = err["type"]
        ctx = err.get("ctx") or {}
        if kind in wording:
            limits = {k: Text(number(v, "nl"), number(v, "en")) for k, v in ctx.items()}
            text = wording[kind].format(**limits)
        elif "message_nl" in ctx:  # our own PydanticCustomError
            text = Text(ctx["message_nl"], ctx["message_en"])
        else:
            text = Text(f"is ongeldig ({err['msg']})", f"is invalid ({err['msg']})")
        problems.append(Problem(kind, text, path(err["loc"])))
    return problems
