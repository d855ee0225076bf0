"""Engine models made from values that are already of their fields' types.

An assessment makes about 220 small models a firm (its derivations' quantities and sources, the
measures' verdicts and reasons). Validating values the engine itself made or loaded and checked
cost time; pydantic's own ``model_construct`` costs more still (a Python loop over the fields:
9 µs against 3 µs validated for a ``Quantity``). ``built`` sets the fields as ``model_construct``
does, in about 2 µs. Every field must be given, each of its type (an int where a float is
expected is converted by the caller): the results are then byte for byte those of validated
models (tests/test_population.py's golden hash, tests/test_derivation.py).
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

_new = object.__new__
_set = object.__setattr__


def built(cls: type[M], values: dict[str, Any]) -> M:
    """An instance of ``cls`` with ``values`` (every field, none validated). ValueError when a
    field is missing or unknown: a missing one would otherwise be left out of the JSON."""
    if values.keys() != cls.__pydantic_fields__.keys():
        raise ValueError(f"{cls.__name__} needs exactly its fields: {sorted(values)}")
    made = _new(cls)
    _set(made, "__dict__", values)
    _set(made, "__pydantic_fields_set__", set(values))
    _set(made, "__pydantic_extra__", None)
    _set(made, "__pydantic_private__", None)
    return made
