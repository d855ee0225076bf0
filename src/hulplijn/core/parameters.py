"""Parameters dated by validity, each with its label, unit and source (as OpenFisca's).

A parameter name can hold several values, each valid over its own dates (``valid_from`` up to and
including ``valid_until``; None is open-ended). ``ParameterSet.at(name, on)`` gives the value
valid on a date and refuses when none is: a norm read for 2019 when only its 2020 value is known
is an error, never a silent default. ``ParameterSet[name]`` is the current value: the one without
an end date. Loaded by ``hulplijn.reference.params`` from the ``parameters`` section of a YAML
file in ``reference/data``; explained in docs/reference/derivations-and-parameters.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from types import MappingProxyType
from typing import Any

from hulplijn.core.errors import Refused
from hulplijn.core.text import Text


@dataclass(frozen=True)
class Parameter:
    """One value of a named parameter, with what it is, its unit, its source and its validity.

    ``period`` is the period the value describes when it describes one (``2018`` for the value
    added of 2018), as written in the file; the validity says when the value may be used."""

    name: str
    label: Text
    unit: str
    value: Any
    source: str
    valid_from: date | None = None
    valid_until: date | None = None
    period: str | None = None

    def valid_on(self, on: date) -> bool:
        """True when ``on`` lies within ``valid_from`` .. ``valid_until`` (both inclusive)."""
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_until is None or on <= self.valid_until
        )

    @property
    def validity(self) -> Text:
        """The validity in words: ``geldig vanaf 2020-01-01`` / ``valid from 2020-01-01``."""
        start, end = self.valid_from, self.valid_until
        if start is None and end is None:
            return Text("altijd geldig", "always valid")
        if end is None:
            return Text(f"geldig vanaf {start}", f"valid from {start}")
        if start is None:
            return Text(f"geldig tot en met {end}", f"valid up to and including {end}")
        return Text(f"geldig van {start} tot en met {end}", f"valid from {start} to {end}")


class NotValid(Refused):
    """No value of a parameter is valid on the date asked for (or none is current)."""


@dataclass(frozen=True)
class ParameterSet:
    """The parameters of one file (``norms.yaml``): per name its values in date order."""

    file: str
    entries: Mapping[str, tuple[Parameter, ...]]

    @classmethod
    def of(cls, file: str, parameters: Iterable[Parameter]) -> ParameterSet:
        """The set of ``parameters``; refuses two values of one name whose validity overlaps."""
        grouped: dict[str, list[Parameter]] = {}
        for parameter in parameters:
            grouped.setdefault(parameter.name, []).append(parameter)
        entries = {}
        for name, values in grouped.items():
            ordered = sorted(values, key=lambda p: p.valid_from or date.min)
            for earlier, later in pairwise(ordered):
                if earlier.valid_until is None or (
                    later.valid_from is not None and later.valid_from <= earlier.valid_until
                ):
                    raise ValueError(f"{file}: the values of {name} overlap in validity")
            entries[name] = tuple(ordered)
        return cls(file, MappingProxyType(entries))

    def __contains__(self, name: object) -> bool:
        return name in self.entries

    @property
    def names(self) -> tuple[str, ...]:
        """The parameter names, in file order."""
        return tuple(self.entries)

    def _values(self, name: str) -> tuple[Parameter, ...]:
        if name not in self.entries:
            raise KeyError(f"{self.file} has no parameter {name}")
        return self.entries[name]

    def at(self, name: str, on: date) -> Parameter:
        """The value of ``name`` valid on ``on``; refuses (NotValid) when none is."""
        for parameter in self._values(name):
            if parameter.valid_on(on):
                return parameter
        known = Text.join([p.validity for p in self.entries[name]], "; ", "; ")
        raise NotValid.one(
            "parameter_not_valid",
            f"{self.file}: {name} heeft geen waarde die geldig is op {on} ({known.nl})",
            f"{self.file}: {name} has no value valid on {on} ({known.en})",
            name,
        )

    def current(self, name: str) -> Parameter:
        """The current value of ``name``: the one without an end date; refuses when every value
        has ended (then ask ``at`` with the date the value is for)."""
        for parameter in self._values(name):
            if parameter.valid_until is None:
                return parameter
        raise NotValid.one(
            "parameter_not_current",
            f"{self.file}: {name} heeft geen geldende waarde; vraag de waarde op een datum",
            f"{self.file}: {name} has no current value; ask for the value on a date",
            name,
        )

    def __getitem__(self, name: str) -> Any:
        """The current value of ``name`` (``current(name).value``)."""
        return self.current(name).value

    def values(self) -> dict[str, Any]:
        """Every current value, name -> value (what the engines and models take)."""
        return {name: self[name] for name in self.entries}
