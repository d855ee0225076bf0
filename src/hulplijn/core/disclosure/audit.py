"""The audit: for every small or dominated cell, and every small atom, the range of values it can
take given everything published alongside it, by linear programming over the published cells
(scipy's HiGHS), as tau-ARGUS audits a protected table (Hundepool et al., Statistical Disclosure
Control, Wiley 2012, section 4.3; de Wolf, "Auditing", in the tau-ARGUS manual).

What an attacker knows of a cell is turned into bounds on the sum of its atoms:

- a published count c (perturbed by at most D, never below min_n): max(c - D, min_n) .. c + D;
- a count hidden because it is small: 1 .. min_n - 1 (the page says it is hidden, so not empty);
- a count hidden by the audit: at least min_n (only published-size cells are hidden so);
- an empty cell: its atoms are left out, as if known to be empty (the narrowest case);
- a published total t with noise of at most noise_max x its largest contribution L:
  t - noise_max L .. t + noise_max L; atoms' totals are otherwise unbounded (values can be
  negative).

A unit passes when the range of its true count spans at least ``protection_count`` firms, and
the range of its total at least 2 x ``protection_share`` x its largest contribution (the p%-rule
either way). The LP relaxation only widens nothing: integer solutions lie inside the LP range,
and the count range is narrowed to whole numbers before the check.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_array

from hulplijn.core.disclosure.rules import Rules

if TYPE_CHECKING:
    from hulplijn.core.disclosure.release import Family, Published

_EPS = 1e-6


@dataclass(frozen=True)
class Range:
    """What the published cells leave possible for one unit (a cell, or an atom)."""

    unit: Hashable
    kind: str  # count | total
    atoms: tuple[Hashable, ...]
    true: float
    low: float
    high: float
    required: float

    @property
    def width(self) -> float:
        return self.high - self.low

    @property
    def ok(self) -> bool:
        return self.width >= self.required - _EPS


@dataclass
class Audit:
    ranges: list[Range] = field(default_factory=list)

    @property
    def exposed(self) -> list[Range]:
        return [r for r in self.ranges if not r.ok]

    @property
    def passed(self) -> bool:
        return not self.exposed


def audit(family: Family, cells: Mapping[Hashable, Published], rules: Rules) -> Audit:
    """The ranges of every sensitive unit of the family given its published cells."""
    from hulplijn.core.disclosure.release import MIN_N, Contribution

    present = [a for a, c in family.atoms.items() if c.n > 0]
    index = {a: i for i, a in enumerate(present)}
    top = max(rules.dominance_top, 1)
    units: dict[tuple[Hashable, ...], tuple[Hashable, Contribution]] = {}
    for name, atoms in family.cells.items():
        members = tuple(sorted((a for a in atoms if a in index), key=index.__getitem__))
        if members and members not in units:
            units[members] = (name, Contribution.merged((family.atoms[a] for a in members), top))
    for a in present:
        units.setdefault((a,), (("atom", a), family.atoms[a]))

    ranges: list[Range] = []
    count_rows, count_low, count_high = [], [], []
    total_rows, total_low, total_high = [], [], []
    for name, atoms in family.cells.items():
        cell = cells[name]
        columns = [index[a] for a in atoms if a in index]
        if not columns or cell.n == 0:
            continue
        if cell.shown_n is not None:
            low = max(cell.shown_n - rules.max_perturbation, rules.min_n)
            high = cell.shown_n + rules.max_perturbation
        elif cell.reason == MIN_N:
            low, high = 1, rules.min_n - 1
        else:
            low, high = rules.min_n, math.inf
        count_rows.append(columns)
        count_low.append(low)
        count_high.append(high)
        if family.magnitude and cell.shown_total is not None:
            bound = rules.noise_max * cell.largest
            total_rows.append(columns)
            total_low.append(cell.shown_total - bound)
            total_high.append(cell.shown_total + bound)

    counts = _System(len(present), count_rows, count_low, count_high, lower=0.0)
    totals = _System(len(present), total_rows, total_low, total_high, lower=None)
    for members, (name, found) in units.items():
        if 0 < found.n < rules.min_n:
            low, high = counts.range([index[a] for a in members])
            # whole firms only: the integer solutions lie within ceil(low) .. floor(high)
            low = math.ceil(low - _EPS) if math.isfinite(low) else low
            high = math.floor(high + _EPS) if math.isfinite(high) else high
            ranges.append(
                Range(name, "count", members, found.n, low, high, rules.protection_count)
            )
        small = 0 < found.n < rules.min_n
        if family.magnitude and (small or found.dominated(rules)):
            largest = found.largest[0] if found.largest else 0.0
            required = max(2 * rules.protection_share * largest, _EPS)
            low, high = totals.range([index[a] for a in members])
            ranges.append(Range(name, "total", members, found.total, low, high, required))
    return Audit(ranges)


class _System:
    """low <= A x <= high over atoms x (each >= ``lower``, or free when None)."""

    def __init__(
        self,
        size: int,
        rows: Sequence[Sequence[int]],
        low: Sequence[float],
        high: Sequence[float],
        lower: float | None,
    ) -> None:
        self.size, self.lower = size, lower
        data, indices, pointers = [], [], [0]
        a_rows, b = [], []
        for columns, lo, hi in zip(rows, low, high, strict=True):
            if math.isfinite(hi):
                a_rows.append((columns, 1.0))
                b.append(hi)
            if math.isfinite(lo) and (lower is None or lo > lower):
                a_rows.append((columns, -1.0))
                b.append(-lo)
        for columns, sign in a_rows:
            data.extend([sign] * len(columns))
            indices.extend(columns)
            pointers.append(len(indices))
        self.a = (
            csr_array((data, indices, pointers), shape=(len(a_rows), size)) if a_rows else None
        )
        self.b = np.array(b, dtype=float)

    def range(self, columns: Sequence[int]) -> tuple[float, float]:
        """The smallest and largest sum of ``columns`` the constraints allow."""
        if self.a is None:
            return (len(columns) * self.lower if self.lower is not None else -math.inf), math.inf
        c = np.zeros(self.size)
        c[list(columns)] = 1.0
        bounds = (self.lower, None)
        low = linprog(c, A_ub=self.a, b_ub=self.b, bounds=bounds, method="highs")
        high = linprog(-c, A_ub=self.a, b_ub=self.b, bounds=bounds, method="highs")
        return _value(low, +1), _value(high, -1)


def _value(result, sign: int) -> float:
    if result.status == 3:  # unbounded
        return -math.inf if sign > 0 else math.inf
    if result.status != 0:
        raise RuntimeError(f"audit LP failed: {result.message}")
    return sign * result.fun
