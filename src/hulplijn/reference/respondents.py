"""The respondents folded into the peer distributions, kept between builds (issue #11, attack 2).

`hulplijn reference build --include-respondents` folds opted-in assessments in by the rule of
``hulplijn.core.disclosure.respondents``: per division x size class cell only in batches of at
least min_cell_firms new respondents, entering as micro-aggregated values, and frozen once in.
What was folded in lives in a state file on the build machine, outside the artifact directory and
never shipped to app servers (docs/reference/peer-distributions.md):

- per cell, the number of respondents folded in and, per metric, their micro-aggregated values,
  sorted per metric (so a row does not hold one firm's figures together); no id, owner, time,
  SBI code beyond the division, or working persons beyond the size class;
- the fingerprints of the folded assessments' figures (HMAC-SHA256 with a random key kept in the
  same file, sorted), only to tell a new respondent from one folded in before.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import os
import secrets
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hulplijn.core.assessment import MODEL_VERSION
from hulplijn.core.disclosure.respondents import fold_in, new_ones
from hulplijn.core.population import MOMENTS, population_metrics, size_class_index
from hulplijn.reference import params

FORMAT = 1
DEFAULT_STATE = Path("var/respondents-state.json")
METRICS = (
    "productivity",
    "productivity_growth",
    "job_growth",
    *[f"{name}_{m}" for m in MOMENTS for name in ("cash_buffer_days", "quick_ratio")],
    "solvency",
)


class StateError(ValueError):
    """The state file cannot be used with this build; the message says why."""


@dataclass(frozen=True)
class Folded:
    """All respondents folded in so far, as rows for the build: per row the division and size
    class code and per metric (``METRICS``) a micro-aggregated value or NaN. Rows are not firms:
    each metric column is sorted on its own within its cell."""

    division: tuple[str, ...]
    size_class: tuple[str, ...]
    values: dict[str, np.ndarray]

    @property
    def count(self) -> int:
        return len(self.division)


@dataclass
class State:
    years: tuple[int, int]
    moments: tuple[str, ...]
    key: str = field(default_factory=lambda: secrets.token_hex(32))
    folded: list[str] = field(default_factory=list)
    cells: dict[str, dict[str, Any]] = field(default_factory=dict)
    model_version: str = MODEL_VERSION

    def rows(self) -> Folded:
        division: list[str]
        size: list[str]
        columns: dict[str, list[float]]
        division, size, columns = [], [], {m: [] for m in METRICS}
        for cell in sorted(self.cells):
            entry = self.cells[cell]
            n = int(entry["respondents"])
            d, z = cell.split("/")
            division += [d] * n
            size += [z] * n
            for metric in METRICS:
                given = [math.nan if v is None else float(v) for v in entry.get(metric, [])]
                columns[metric] += given + [math.nan] * (n - len(given))
        return Folded(
            tuple(division),
            tuple(size),
            {m: np.array(v, dtype=np.float64) for m, v in columns.items()},
        )


@dataclass(frozen=True)
class Folding:
    """The result of a fold: the new state (saved only after the build succeeded), the rows the
    build uses, and how many candidates were new, admitted now, or wait."""

    state: State
    rows: Folded
    new: int
    admitted: int
    waiting: int


def load(path: Path, years: tuple[int, int], moments: tuple[str, ...]) -> State:
    """The state in ``path``, or a new empty one when the file does not exist."""
    if not path.exists():
        return State(years=cast(tuple[int, int], tuple(years)), moments=tuple(moments))
    try:
        data = json.loads(path.read_text())
        state = State(
            years=tuple(data["years"]),
            moments=tuple(data["moments"]),
            key=data["key"],
            folded=list(data["folded"]),
            cells=dict(data["cells"]),
            model_version=data["model_version"],
        )
    except (OSError, ValueError, KeyError, TypeError) as problem:
        raise StateError(f"Respondentenstatus {path} is onleesbaar: {problem}") from None
    if data.get("format") != FORMAT:
        raise StateError(f"Respondentenstatus {path} heeft een onbekend formaat")
    if state.years != tuple(years) or state.moments != tuple(moments):
        raise StateError(
            f"Respondentenstatus {path} hoort bij ronde {list(state.years)} {list(state.moments)}, "
            f"de microdata bij {list(years)} {list(moments)}: kies een ander --respondents-state"
        )
    if state.model_version != MODEL_VERSION:
        raise StateError(
            f"Respondentenstatus {path} is gemaakt met modelversie {state.model_version}, nu "
            f"{MODEL_VERSION}: kies een nieuw --respondents-state"
        )
    return state


def save(path: Path, state: State) -> None:
    """Write the state atomically (a temporary file renamed over the old one), owner-only."""
    data = {
        "format": FORMAT,
        "about": "hulplijn: respondents folded into the peer distributions (never ship this file)",
        "years": list(state.years),
        "moments": list(state.moments),
        "model_version": state.model_version,
        "key": state.key,
        "folded": sorted(state.folded),
        "cells": {cell: state.cells[cell] for cell in sorted(state.cells)},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(data, handle, indent=1, allow_nan=False)
    os.replace(tmp, path)


def fingerprint(key: str, row: dict[str, Any]) -> str:
    """A keyed fingerprint of one candidate's figures (its microdata row)."""
    text = json.dumps(row, sort_keys=True, separators=(",", ":"), default=str)
    return hmac.new(bytes.fromhex(key), text.encode(), hashlib.sha256).hexdigest()[:32]


def _numbers(table: pa.Table, name: str) -> np.ndarray:
    if name not in table.column_names:
        return np.full(table.num_rows, np.nan)
    column = pc.cast(table.column(name), pa.float64(), safe=False)
    values: np.ndarray = column.to_numpy(zero_copy_only=False).astype(np.float64)
    return values


def _metrics(table: pa.Table) -> np.ndarray:
    """Candidates x METRICS, NaN where undefined (the build's formulas)."""
    names = [
        c
        for c in table.column_names
        if c not in ("sbi",) and not c.startswith(("year_", "moment_"))
    ]
    columns = {name: _numbers(table, name) for name in names}
    metrics = population_metrics(columns)
    return np.stack(
        [metrics.get(m, np.full(table.num_rows, np.nan)) for m in METRICS], axis=1
    ).reshape(table.num_rows, len(METRICS))


def _cells(table: pa.Table) -> list[str | None]:
    """The division x size class cell of each candidate (None: unknown division or no SME)."""
    catalogue, sizes = params.catalogue(), params.size_classes()
    divisions = set(catalogue.divisions)
    size = size_class_index(_numbers(table, "working_persons"), sizes)
    cells: list[str | None] = []
    for sbi, z in zip(table.column("sbi").to_pylist(), size, strict=True):
        digits = "".join(ch for ch in str(sbi or "") if ch.isdigit())
        division = digits.zfill(2)[:2] if digits else ""
        known = division in divisions and z >= 0
        cells.append(f"{division}/{sizes.classes[z].code}" if known else None)
    return cells


def fold(state: State, candidates: pa.Table) -> Folding:
    """Fold the new ones among ``candidates`` (the round's opted-in assessments, microdata rows)
    into ``state`` where the rule allows; returns the new state without saving it."""
    rules = params.disclosure()
    min_new, k = int(rules["min_cell_firms"]), int(rules["microaggregation_k"])
    rows = candidates.to_pylist() if candidates.num_rows else []
    prints = [fingerprint(state.key, row) for row in rows]
    is_new = new_ones(Counter(state.folded), prints)
    fresh = candidates.filter(pa.array(is_new)) if rows else candidates
    fresh_prints = [p for p, n in zip(prints, is_new, strict=True) if n]
    if not fresh_prints:
        return Folding(state, state.rows(), 0, 0, 0)
    cells = _cells(fresh)
    names = sorted({c for c in cells if c is not None})
    codes = np.array([-1 if c is None else names.index(c) for c in cells])
    batch = fold_in(codes, _metrics(fresh), min_new, k)
    merged = {cell: {**entry} for cell, entry in state.cells.items()}
    admitted_codes = codes[batch.admitted]
    for c in np.unique(admitted_codes):
        cell = names[int(c)]
        here = batch.values[admitted_codes == c]
        entry = merged.setdefault(cell, {"respondents": 0})
        entry["respondents"] = int(entry["respondents"]) + int(here.shape[0])
        for j, metric in enumerate(METRICS):
            values = [float(v) for v in here[:, j] if np.isfinite(v)]
            if values:
                entry[metric] = sorted([*entry.get(metric, []), *values])
    new_state = State(
        years=state.years,
        moments=state.moments,
        key=state.key,
        folded=[
            *state.folded,
            *(p for p, a in zip(fresh_prints, batch.admitted, strict=True) if a),
        ],
        cells=merged,
        model_version=state.model_version,
    )
    admitted = int(batch.admitted.sum())
    return Folding(
        new_state, new_state.rows(), len(fresh_prints), admitted, len(fresh_prints) - admitted
    )
