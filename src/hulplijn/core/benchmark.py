"""Benchmarking: percentile of a value in a peer distribution, with peer-group fallback.

A peer distribution is stored as its 101 percentiles (0, 1, ..., 100) after trimming. Every
function here is vectorised: the single-firm engine calls it with arrays of length one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from hulplijn.core.text import Text

# Peer-group levels from most to least specific (docs/domain.md section 2: fall back and say so).
LEVELS: tuple[str, ...] = ("division_size", "section_size", "section", "all")
LEVEL_LABELS: dict[str, Text] = {
    "division_size": Text(
        "dezelfde SBI-afdeling en grootteklasse", "same SBI division and size class"
    ),
    "section_size": Text("dezelfde SBI-sectie en grootteklasse", "same SBI section and size class"),
    "section": Text(
        "dezelfde SBI-sectie, alle grootteklassen", "same SBI section, all size classes"
    ),
    "all": Text("alle mkb-bedrijven", "all SMEs"),
}
GRID = 101  # percentiles 0..100


def run_ends(q: np.ndarray) -> np.ndarray:
    """Per grid point, the index just past its run of equal values in the same row."""
    ends = np.full(q.shape, q.shape[1], dtype=np.int64)
    for i in range(q.shape[1] - 2, -1, -1):
        ends[:, i] = np.where(q[:, i + 1] == q[:, i], ends[:, i + 1], i + 1)
    return ends


def _count_below(flat: np.ndarray, base: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Per firm, the number of grid points strictly below its value (branchless binary search)."""
    count = np.zeros(values.shape, dtype=np.int64)
    for step in (64, 32, 16, 8, 4, 2, 1):
        candidate = count + step
        point = flat[base + np.minimum(candidate, GRID) - 1]
        count += step * ((candidate <= GRID) & (point < values))
    return count


def percentile_of(
    q: np.ndarray, rows: np.ndarray, values: np.ndarray, ends: np.ndarray | None = None
) -> np.ndarray:
    """Percentile (0-100) of each value within the peer distribution ``q[rows]``.

    The inverse of the stored percentile curve, read by linear interpolation between grid
    points; where several grid points equal the value, the middle of that run. Below the
    minimum is 0, above the maximum is 100 (infinity included). Never decreases as the value
    rises. Rows < 0 (no peer group) and NaN values give NaN. ``ends`` is ``run_ends(q)``,
    precomputed by PeerTable.
    """
    values = np.asarray(values, dtype=np.float64)
    rows = np.asarray(rows, dtype=np.int64)
    result = np.full(values.shape, np.nan)
    ok = (rows >= 0) & ~np.isnan(values)
    if not ok.any():
        return result
    if ends is None:
        ends = run_ends(q)
    flat, flat_ends = q.reshape(-1), ends.reshape(-1)
    v = values[ok]
    base = rows[ok] * GRID
    below = _count_below(flat, base, v)
    at = base + np.minimum(below, GRID - 1)
    equal = (below < GRID) & (flat[at] == v)
    at_or_below = np.where(equal, flat_ends[at], below)
    upper = np.minimum(below, GRID - 1)
    lower = np.maximum(below - 1, 0)
    q_lo, q_hi = flat[base + lower], flat[base + upper]
    span = np.where(q_hi > q_lo, q_hi - q_lo, 1.0)
    with np.errstate(invalid="ignore"):
        between = lower + np.clip((v - q_lo) / span, 0.0, 1.0)
    p = np.where(equal, (below + at_or_below - 1) / 2.0, between)
    p = np.where(at_or_below == 0, 0.0, p)
    p = np.where(below >= GRID, 100.0, p)
    result[ok] = p * (100.0 / (GRID - 1))
    return result


def value_at(q: np.ndarray, rows: np.ndarray, percentiles: np.ndarray) -> np.ndarray:
    """The value at each percentile (0-100) of the peer distribution ``q[rows]``, interpolated."""
    p = np.clip(np.asarray(percentiles, dtype=np.float64), 0.0, 100.0) * ((GRID - 1) / 100.0)
    rows = np.asarray(rows, dtype=np.int64)
    result = np.full(p.shape, np.nan)
    ok = (rows >= 0) & np.isfinite(p)
    r, pp = rows[ok], p[ok]
    lower = np.floor(pp).astype(np.int64)
    upper = np.minimum(lower + 1, GRID - 1)
    frac = pp - lower
    result[ok] = q[r, lower] + frac * (q[r, upper] - q[r, lower])
    return result


@dataclass(frozen=True)
class PeerGroup:
    """The peer group a percentile was computed against: its level, key and number of firms."""

    metric: str
    level: str
    key: str
    n: int
    mean: float
    top20_mean: float


@dataclass(frozen=True)
class PeerTable:
    """All published peer distributions, with dense lookup tables for the fallback chain.

    ``keys[g]`` is ``(metric, level, key)`` for row g of ``quantiles``; keys look like
    ``47/micro`` (division_size), ``G/micro`` (section_size), ``G`` (section), ``mkb`` (all).
    """

    keys: tuple[tuple[str, str, str], ...]
    quantiles: np.ndarray
    n: np.ndarray
    mean: np.ndarray
    top20_mean: np.ndarray
    divisions: tuple[str, ...]
    division_sections: tuple[str, ...]
    sections: tuple[str, ...]
    size_classes: tuple[str, ...]
    min_n: int
    _tables: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._tables["_ends"] = run_ends(self.quantiles)
        for array in (self.quantiles, self.n, self.mean, self.top20_mean, self._tables["_ends"]):
            array.setflags(write=False)
        index = {key: g for g, key in enumerate(self.keys) if self.n[g] >= self.min_n}
        for metric in {k[0] for k in self.keys}:
            ds = np.full((len(self.divisions), len(self.size_classes)), -1, dtype=np.int64)
            ss = np.full((len(self.sections), len(self.size_classes)), -1, dtype=np.int64)
            s = np.full(len(self.sections), -1, dtype=np.int64)
            for i, division in enumerate(self.divisions):
                for j, size in enumerate(self.size_classes):
                    ds[i, j] = index.get((metric, "division_size", f"{division}/{size}"), -1)
            for i, section in enumerate(self.sections):
                s[i] = index.get((metric, "section", section), -1)
                for j, size in enumerate(self.size_classes):
                    ss[i, j] = index.get((metric, "section_size", f"{section}/{size}"), -1)
            overall = index.get((metric, "all", "mkb"), -1)
            self._tables[metric] = (ds, ss, s, overall)
        self._tables["_codes"] = (
            {d: i for i, d in enumerate(self.divisions)},
            {s: i for i, s in enumerate(self.sections)},
            {c: i for i, c in enumerate(self.size_classes)},
            np.array([self.sections.index(s) for s in self.division_sections], dtype=np.int64),
        )

    def percentiles(self, rows: np.ndarray, values: np.ndarray) -> np.ndarray:
        """Percentile of each value in the distribution of its row (see percentile_of)."""
        return percentile_of(self.quantiles, rows, values, self._tables["_ends"])

    @property
    def metrics(self) -> tuple[str, ...]:
        """The metrics that have at least one published distribution."""
        return tuple(sorted(k for k in self._tables if not k.startswith("_")))

    def codes(
        self, divisions: Iterable[str], size_classes: Iterable[str]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Integer codes (division, section, size class) for arrays of codes; -1 if unknown."""
        div_idx, _, size_idx, div_sec = self._tables["_codes"]
        d = np.array([div_idx.get(x, -1) for x in divisions], dtype=np.int64)
        z = np.array([size_idx.get(x, -1) for x in size_classes], dtype=np.int64)
        sec = np.where(d >= 0, div_sec[np.maximum(d, 0)], -1)
        return d, sec, z

    def resolve(
        self, metric: str, d: np.ndarray, sec: np.ndarray, z: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Row of the most specific published group per firm, and its level index (-1: none)."""
        if metric not in self._tables:
            none = np.full(d.shape, -1, dtype=np.int64)
            return none, none
        ds, ss, s, overall = self._tables[metric]
        known_d, known_s, known_z = d >= 0, sec >= 0, z >= 0
        candidates = (
            np.where(known_d & known_z, ds[np.maximum(d, 0), np.maximum(z, 0)], -1),
            np.where(known_s & known_z, ss[np.maximum(sec, 0), np.maximum(z, 0)], -1),
            np.where(known_s, s[np.maximum(sec, 0)], -1),
            np.full(d.shape, overall, dtype=np.int64),
        )
        rows = np.full(d.shape, -1, dtype=np.int64)
        level = np.full(d.shape, -1, dtype=np.int64)
        for i, candidate in enumerate(candidates):
            take = (rows < 0) & (candidate >= 0)
            rows = np.where(take, candidate, rows)
            level = np.where(take, i, level)
        return rows, level

    def group(self, row: int) -> PeerGroup | None:
        """The peer group stored in ``row`` (None for -1)."""
        if row < 0:
            return None
        metric, level, key = self.keys[row]
        return PeerGroup(
            metric, level, key, int(self.n[row]), float(self.mean[row]), float(self.top20_mean[row])
        )
