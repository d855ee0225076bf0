"""When respondents join the peer distributions, and in what form (issue #11, attack 2).

Opted-in assessments are folded into a reference rebuild in batches, so that nobody can take the
benchmark figures before and after a rebuild and solve a new respondent's figures from them:

- a division x size class cell takes its new respondents only when it has at least
  ``min_new`` (min_cell_firms) of them, and for every metric either none of them or at least
  ``min_new`` have a value; otherwise the cell's new respondents all wait for a later build;
- the batch enters as micro-aggregated values: per cell and metric the new values are ranked and
  replaced by the means of consecutive blocks of at least ``k`` respondents (``microaggregate``),
  so no single respondent's value ever enters a distribution, however many builds are compared;
- once folded in, the batch is frozen: later builds keep its aggregated values even when an
  assessment is deleted or its consent withdrawn (the caller keeps them, without ids).

Pure numpy; the state file and the fingerprints that tell new respondents from folded ones are
kept by ``hulplijn.reference.respondents``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from hulplijn.core.distribution import microaggregate


def new_ones(folded: Mapping[str, int], fingerprints: Sequence[str]) -> np.ndarray:
    """True for the candidates not folded in before. ``folded`` counts the fingerprints of the
    respondents already folded in; two candidates with the same fingerprint (identical figures)
    are told apart by count: the first ``folded[f]`` of them are the folded ones."""
    seen: dict[str, int] = {}
    new = np.zeros(len(fingerprints), dtype=bool)
    for i, fingerprint in enumerate(fingerprints):
        seen[fingerprint] = seen.get(fingerprint, 0) + 1
        new[i] = seen[fingerprint] > folded.get(fingerprint, 0)
    return new


def admitted(cells: np.ndarray, finite: np.ndarray, min_new: int) -> np.ndarray:
    """True for the new respondents that fold in now.

    ``cells``: the division x size class cell code of each new respondent (-1: none, never folded
    in); ``finite``: respondents x metrics, True where the respondent has a value for the metric.
    A cell is admitted when it has at least ``min_new`` new respondents and every metric has
    either no value or at least ``min_new`` values among them; then all its new respondents fold
    in, else none (they wait, and count again at the next build).
    """
    cells = np.asarray(cells)
    finite = np.asarray(finite, dtype=bool).reshape(cells.size, -1)
    codes, inverse = np.unique(cells, return_inverse=True)
    n = np.bincount(inverse, minlength=codes.size)
    valued = np.zeros((codes.size, finite.shape[1]), dtype=np.int64)
    np.add.at(valued, inverse, finite)
    enough = (codes >= 0) & (n >= min_new) & ((valued == 0) | (valued >= min_new)).all(axis=1)
    admitted: np.ndarray = enough[inverse]
    return admitted


@dataclass(frozen=True)
class Batch:
    """The outcome for a set of new respondents: which fold in now and their masked values."""

    admitted: np.ndarray  # bool per new respondent
    values: np.ndarray  # admitted respondents x metrics, micro-aggregated per cell (NaN: none)


def fold_in(cells: np.ndarray, values: np.ndarray, min_new: int, k: int) -> Batch:
    """Which of the new respondents fold in now (``admitted``) and the values they enter with:
    per cell and metric, the means of blocks of at least ``k`` of them (``values`` is
    respondents x metrics, NaN where undefined)."""
    if min_new < k:
        raise ValueError("min_new must be at least k: a batch must fill a block")
    cells = np.asarray(cells)
    values = np.asarray(values, dtype=np.float64).reshape(cells.size, -1)
    chosen = admitted(cells, np.isfinite(values), min_new)
    batch_cells, batch = cells[chosen], values[chosen]
    masked = np.full(batch.shape, np.nan)
    for j in range(batch.shape[1]):
        column = batch[:, j]
        finite = np.flatnonzero(np.isfinite(column))
        by_value = finite[np.argsort(column[finite], kind="stable")]
        masked[:, j] = microaggregate(column, [batch_cells], by_value, k)
    return Batch(admitted=chosen, values=masked)
