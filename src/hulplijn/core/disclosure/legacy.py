"""Disclosure control for aggregates: no cell from fewer than the minimum number of firms, no
cell a few firms dominate, and no cell that can be derived from the others.

Rules (reference data disclosure.yaml): a cell with n < ``min_n`` firms is suppressed
(``min_n``); a cell whose ``dominance_top`` largest contributions exceed ``dominance_share`` of
the cell total (in absolute values) has its total suppressed (``dominance``); and when a group of
cells that adds up to a published total has exactly one suppressed cell, the smallest other cell
is suppressed too (``secondary``), so the first cannot be recovered by subtraction.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Rules:
    min_n: int
    dominance_top: int
    dominance_share: float

    @classmethod
    def from_parameters(cls, values: Mapping[str, float]) -> Rules:
        return cls(int(values["min_cell_firms"]), int(values["dominance_top_firms"]),
                   float(values["dominance_share"]))


@dataclass
class Cell:
    """One published cell: its key, n, the sum of its values, and why parts are hidden."""

    key: tuple[Hashable, ...]
    n: int
    total: float | None
    suppressed: str | None = None  # min_n, dominance or secondary: the whole cell is hidden
    total_suppressed: str | None = None  # dominance: only the total is hidden
    contributions: list[float] = field(default_factory=list, repr=False)

    @property
    def shown_n(self) -> int | None:
        return None if self.suppressed else self.n

    @property
    def shown_total(self) -> float | None:
        return None if self.suppressed or self.total_suppressed else self.total


def dominated(contributions: Sequence[float], rules: Rules) -> bool:
    """True when the ``dominance_top`` largest absolute contributions exceed ``dominance_share``
    of the sum of absolute contributions."""
    sizes = sorted((abs(c) for c in contributions), reverse=True)
    whole = sum(sizes)
    return whole > 0 and sum(sizes[: rules.dominance_top]) > rules.dominance_share * whole


def tabulate(
    rows: Iterable[Mapping[str, Any]],
    key: Callable[[Mapping[str, Any]], tuple[Hashable, ...]],
    value: Callable[[Mapping[str, Any]], float] | None,
    rules: Rules,
    all_keys: Sequence[tuple[Hashable, ...]] = (),
) -> list[Cell]:
    """Cells by ``key`` (with every key in ``all_keys`` present, empty ones with n = 0), each
    with n and the sum of ``value``; primary and dominance suppression applied. Cells of one
    group for secondary suppression share all but the last key element."""
    cells: dict[tuple[Hashable, ...], Cell] = {k: Cell(k, 0, 0.0) for k in all_keys}
    for row in rows:
        k = key(row)
        cell = cells.setdefault(k, Cell(k, 0, 0.0))
        cell.n += 1
        if value is not None:
            amount = value(row)
            cell.total += amount
            cell.contributions.append(amount)
    for cell in cells.values():
        if value is None:
            cell.total = None
        if cell.n < rules.min_n:
            cell.suppressed = "min_n"
        elif value is not None and dominated(cell.contributions, rules):
            cell.total_suppressed = "dominance"
    _secondary(list(cells.values()))
    return sorted(cells.values(), key=lambda c: tuple(str(part) for part in c.key))


def _secondary(cells: list[Cell]) -> None:
    groups: dict[tuple[Hashable, ...], list[Cell]] = {}
    for cell in cells:
        groups.setdefault(cell.key[:-1], []).append(cell)
    for members in groups.values():
        hidden = [c for c in members if c.suppressed and c.n > 0]
        if len(hidden) == 1:
            candidates = sorted((c for c in members if not c.suppressed and c.n > 0),
                                key=lambda c: c.n)
            if candidates:
                candidates[0].suppressed = "secondary"
