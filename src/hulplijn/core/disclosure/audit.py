"""The audit: for every small or dominated cell, and every small atom, the range of values it can
take given everything published alongside it, by linear programming over the published cells
(HiGHS, through its Python interface highspy), as tau-ARGUS audits a protected table
(Hundepool et al., Statistical Disclosure Control, Wiley 2012, section 4.3).

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
from typing import cast

import highspy
import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.linalg import lsqr

from hulplijn.core.disclosure.cells import MIN_N, Contribution, Family, Published
from hulplijn.core.disclosure.rules import Rules

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
    low: float
    high: float
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

    near = _Neighbours(present)
    truth_n = np.array([family.atoms[a].n for a in present], dtype=float)
    truth_total = np.array([family.atoms[a].total for a in present], dtype=float)
    counts = _System(truth_n, count_rows, count_low, count_high, lower=0.0, near=near)
    totals = _System(truth_total, total_rows, total_low, total_high, lower=None, near=near)
    for members, (name, found) in units.items():
        if 0 < found.n < rules.min_n:
            low, high = counts.range([index[a] for a in members], rules.protection_count)
            # whole firms only: the integer solutions lie within ceil(low) .. floor(high)
            low = math.ceil(low - _EPS) if math.isfinite(low) else low
            high = math.floor(high + _EPS) if math.isfinite(high) else high
            ranges.append(Range(name, "count", members, found.n, low, high, rules.protection_count))
        small = 0 < found.n < rules.min_n
        if family.magnitude and (small or found.dominated(rules)):
            largest = found.largest[0] if found.largest else 0.0
            required = max(2 * rules.protection_share * largest, _EPS)
            low, high = totals.range([index[a] for a in members], required)
            ranges.append(Range(name, "total", members, found.total, low, high, required))
    return Audit(ranges)


class _Neighbours:
    """The atoms whose key differs from a given atom's in one place at most (e.g. another
    segment, month or size class of the same firms' group): the variables of the local LP."""

    def __init__(self, atoms: Sequence[Hashable]) -> None:
        self.keyed = all(isinstance(a, tuple) for a in atoms)
        self.buckets: dict[tuple[Hashable, ...], list[int]] = {}
        if self.keyed:
            for i, atom in enumerate(atoms):
                a = cast(tuple[Hashable, ...], atom)  # keyed: every atom is a tuple
                for place in range(len(a)):
                    self.buckets.setdefault((place, a[:place], a[place + 1 :]), []).append(i)
        self.atoms = atoms

    def of(self, columns: Sequence[int]) -> list[int] | None:
        """The neighbourhood of ``columns`` (None: not keyed by tuples, use every atom)."""
        if not self.keyed:
            return None
        found = set(columns)
        for i in columns:
            a = cast(tuple[Hashable, ...], self.atoms[i])
            for place in range(len(a)):
                found.update(self.buckets[place, a[:place], a[place + 1 :]])
        return sorted(found)


class _System:
    """low <= A x <= high over atoms x (each >= ``lower``, or free when None), and the true x.

    ``range`` first solves local LPs: only the unit's neighbourhood (then the neighbourhood's
    neighbourhood) varies and every other atom keeps its true value. That is an inner
    approximation (fewer free variables, so a narrower range), so when it is already wide
    enough the unit passes; otherwise the whole LP decides. Both with HiGHS (highspy)."""

    def __init__(
        self,
        truth: np.ndarray,
        rows: Sequence[Sequence[int]],
        low: Sequence[float],
        high: Sequence[float],
        lower: float | None,
        near: _Neighbours,
    ) -> None:
        self.truth, self.size, self.lower, self.near = truth, len(truth), lower, near
        pointers = np.cumsum([0, *(len(r) for r in rows)])
        indices = np.array([c for r in rows for c in r], dtype=np.int64)
        self.a = csr_array((np.ones(len(indices)), indices, pointers), shape=(len(rows), self.size))
        self.by_column = self.a.tocsc()
        self.low = np.array(low, dtype=float)
        self.high = np.array(high, dtype=float)
        self._full: list[highspy.Highs] | None = None
        self._costs: list[int] = []  # the columns of the whole LP's current objective
        self._moves()

    def _moves(self) -> None:
        """How far each atom alone can move up and down from the truth with every other atom
        kept: the smallest slack of the rows it is in (vectorised over all atoms)."""
        value = self.a @ self.truth
        up_slack = np.where(np.isfinite(self.high), self.high - value, np.inf)
        down_slack = np.where(np.isfinite(self.low), value - self.low, np.inf)
        self.up = np.full(self.size, np.inf)
        self.down = np.full(self.size, np.inf)
        csc = self.by_column
        for j in range(self.size):
            rows = csc.indices[csc.indptr[j] : csc.indptr[j + 1]]
            if rows.size:
                self.up[j] = up_slack[rows].min()
                self.down[j] = down_slack[rows].min()
        if self.lower is not None:
            self.down = np.minimum(self.down, self.truth - self.lower)
        self.up, self.down = np.maximum(self.up, 0.0), np.maximum(self.down, 0.0)

    def range(self, columns: Sequence[int], required: float) -> tuple[float, float]:
        """The smallest and largest sum of ``columns`` the constraints allow (or an inner
        approximation of them at least ``required`` apart)."""
        # one atom moved up, one moved down: two feasible points, so an inner approximation
        total = float(self.truth[list(columns)].sum())
        up, down = float(self.up[list(columns)].max()), float(self.down[list(columns)].max())
        if up + down >= required - _EPS:
            return total - down, total + up
        local = self.near.of(columns)
        for _ in range(2):  # the neighbourhood, then its neighbourhood
            if local is None or len(local) >= self.size:
                break
            low, high = self._range(columns, local)
            if high - low >= required - _EPS:
                return low, high
            local = self.near.of(local)
        if self.lower is None and not self._determined(columns):
            return -math.inf, math.inf
        return self._full_range(columns)

    def _full_range(self, columns: Sequence[int]) -> tuple[float, float]:
        """The whole LP, kept in two HiGHS instances (one minimising, one maximising): only the
        objective changes from unit to unit, so each solve starts from the previous optimum with
        the primal simplex (tens of milliseconds instead of seconds from scratch)."""
        if self._full is None:
            self._full = []
            for sense in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
                h = _model(self.a, self.low, self.high, self.lower, np.zeros(self.size))
                h.setOptionValue("presolve", "off")  # presolve would discard the basis
                h.setOptionValue("simplex_strategy", 4)  # primal: a new objective keeps feasibility
                h.changeObjectiveSense(sense)
                self._full.append(h)
        previous, self._costs = self._costs, list(columns)
        found = []
        for h in self._full:
            if previous:
                h.changeColsCost(
                    len(previous), np.array(previous, dtype=np.int32), np.zeros(len(previous))
                )
            h.changeColsCost(
                len(self._costs), np.array(self._costs, dtype=np.int32), np.ones(len(self._costs))
            )
            found.append(_optimum(h))
        return found[0], found[1]

    def _determined(self, columns: Sequence[int]) -> bool:
        """Free variables: the sum of ``columns`` is bounded only if it is a combination of
        the published rows (in the row space of A); otherwise a direction keeps every row and
        moves the sum without end (least squares, scipy's LSQR)."""
        if self.a.shape[0] == 0:
            return False
        target = np.zeros(self.size)
        target[list(columns)] = 1.0
        weights = lsqr(self.a.T, target, atol=1e-12, btol=1e-12, iter_lim=10 * self.size)[0]
        return float(np.linalg.norm(self.a.T @ weights - target)) < 1e-6 * len(columns)

    def _range(self, columns: Sequence[int], free: list[int]) -> tuple[float, float]:
        free_index = np.array(free, dtype=np.int64)
        rows = np.unique(self.by_column[:, free_index].indices)
        if rows.size == 0:
            inf = math.inf
            return (0.0 if self.lower is not None else -inf), inf
        part = self.a[rows]
        fixed = part @ self.truth - part[:, free_index] @ self.truth[free_index]
        sub = part[:, free_index].tocsr()
        position = {c: i for i, c in enumerate(free)}
        cost = np.zeros(len(free))
        cost[[position[c] for c in columns]] = 1.0
        return _solve(sub, self.low[rows] - fixed, self.high[rows] - fixed, self.lower, cost)


def _model(
    a: csr_array, low: np.ndarray, high: np.ndarray, lower: float | None, cost: np.ndarray
) -> highspy.Highs:
    """A HiGHS instance holding low <= a x <= high, x >= lower (or free), objective cost."""
    inf = highspy.kHighsInf
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    lp = highspy.HighsLp()
    n, m = a.shape[1], a.shape[0]
    lp.num_col_, lp.num_row_ = n, m
    lp.col_cost_ = cost
    lp.col_lower_ = np.full(n, -inf if lower is None else lower)
    lp.col_upper_ = np.full(n, inf)
    lp.row_lower_ = np.where(np.isfinite(low), low, -inf)
    lp.row_upper_ = np.where(np.isfinite(high), high, inf)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = a.indptr
    lp.a_matrix_.index_ = a.indices
    lp.a_matrix_.value_ = a.data
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n, m
    h.passModel(lp)
    return h


def _solve(
    a: csr_array, low: np.ndarray, high: np.ndarray, lower: float | None, cost: np.ndarray
) -> tuple[float, float]:
    """min and max of cost . x subject to low <= a x <= high, x >= lower (or free)."""
    return _run(_model(a, low, high, lower, cost))


def _run(h: highspy.Highs) -> tuple[float, float]:
    """Minimise, then maximise the model's objective (unbounded: -inf / inf)."""
    h.changeObjectiveSense(highspy.ObjSense.kMinimize)
    low = _optimum(h)
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    return low, _optimum(h)


def _optimum(h: highspy.Highs) -> float:
    """Solve in the model's sense; -inf / inf when unbounded."""
    h.run()
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kSolveError:  # presolve can fail on free columns
        h.setOptionValue("presolve", "off")
        h.clearSolver()
        h.run()
        status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kOptimal:
        value: float = h.getInfo().objective_function_value
        return value
    if status in (
        highspy.HighsModelStatus.kUnbounded,
        highspy.HighsModelStatus.kUnboundedOrInfeasible,
    ):
        return -math.inf if h.getObjectiveSense()[1] == highspy.ObjSense.kMinimize else math.inf
    raise RuntimeError(f"audit LP failed: {h.modelStatusToString(status)}")
