"""The pieces a release is made of: the contributions of atoms, the family of cells published over
them, and a cell as published (with the truth beside it, for the audit and the tests)."""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hulplijn.core.disclosure.cellkey import KEY_SPACE
from hulplijn.core.disclosure.rules import Rules

MIN_N, DOMINANCE, SECONDARY = "min_n", "dominance", "secondary"


@dataclass
class Contribution:
    """What the contributors of an atom (or a cell) add up to: their number, the sum of their
    record keys modulo 2**32, the sum and the sum of absolute values of their values (for
    totals), and the largest absolute values (as many as the dominance rule needs)."""

    n: int = 0
    key: int = 0
    total: float = 0.0
    absolute: float = 0.0
    largest: tuple[float, ...] = ()

    def add(self, record_key: int, value: float = 0.0, top: int = 2) -> None:
        self.n += 1
        self.key = (self.key + record_key) % KEY_SPACE
        self.total += value
        self.absolute += abs(value)
        self.largest = tuple(heapq.nlargest(top, (*self.largest, abs(value))))

    @classmethod
    def merged(cls, parts: Iterable[Contribution], top: int) -> Contribution:
        out = cls()
        largest: list[float] = []
        for part in parts:
            out.n += part.n
            out.key = (out.key + part.key) % KEY_SPACE
            out.total += part.total
            out.absolute += part.absolute
            largest.extend(part.largest)
        out.largest = tuple(heapq.nlargest(top, largest))
        return out

    def dominated(self, rules: Rules) -> bool:
        """The (n, k) dominance rule: the ``dominance_top`` largest absolute contributions are
        more than ``dominance_share`` of the sum of absolute contributions."""
        top = sum(self.largest[: rules.dominance_top])
        return self.absolute > 0 and top > rules.dominance_share * self.absolute


@dataclass
class Published:
    """One cell as published: ``shown_n`` / ``shown_total`` are what anybody may see (None:
    hidden or no contributors); ``n``, ``total`` and ``largest`` are the truth, for the audit
    and the tests only."""

    n: int
    shown_n: int | None
    total: float
    shown_total: float | None
    reason: str | None = None  # the whole cell is hidden: min_n or secondary
    total_reason: str | None = None  # only the total is hidden: dominance or secondary
    largest: float = 0.0
    dominated: bool = False

    @property
    def hidden(self) -> str | None:
        """Why (part of) the cell is hidden, for the page; None when nothing is hidden or the
        cell has no contributors."""
        return self.reason or self.total_reason


@dataclass
class Family:
    """Atoms and the cells published over them (each cell: the keys of its atoms)."""

    name: str
    atoms: Mapping[Any, Contribution]  # any hashable key (Mapping's key type is invariant)
    cells: Mapping[Hashable, Sequence[Hashable]]
    magnitude: bool = False  # the cells publish totals as well as counts
