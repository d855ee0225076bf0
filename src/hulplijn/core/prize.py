"""Size of the prize and the koplopers comparison (docs/domain.md sections 4 and 6)."""

from __future__ import annotations

import numpy as np

from hulplijn.core.benchmark import value_at


def size_of_prize(
    q: np.ndarray,
    rows: np.ndarray,
    percentile: np.ndarray,
    fte: float | np.ndarray,
    gross_margin: float | np.ndarray,
    step: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Extra gross margin per year if the firm were as productive as the firm ``step`` higher.

    Report, "Verdieping mkb-hulplijn 4/5": "how far the firm's value added per year can grow if it
    becomes as productive as the average firm 10 percentiles above it" (example: gross margin
    EUR 900k -> EUR 1,200k, +33%). Target productivity = the peer distribution's value at
    min(percentile + step, 100); gross margin at target = target productivity x latest FTE;
    prize = max(that - latest gross margin, 0); fraction = prize / latest gross margin (only for a
    positive gross margin, else NaN). Returns (target percentile, target productivity,
    gross margin at target, prize in euros, prize as fraction). Vectorised.
    """
    percentile = np.asarray(percentile, dtype=np.float64)
    target_p = np.minimum(percentile + step, 100.0)
    target = value_at(q, rows, target_p)
    at_target = target * fte
    prize = np.maximum(at_target - gross_margin, 0.0)
    positive = np.asarray(gross_margin) > 0
    fraction = np.where(positive, prize / np.where(positive, gross_margin, 1.0), np.nan)
    return target_p, target, at_target, prize, fraction


def koplopers_gap(
    q: np.ndarray, rows: np.ndarray, top20_mean: np.ndarray, productivity: np.ndarray, share: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The koplopers' level and the firm's gap to it.

    Report, line 78 and "Verdieping" slide: koplopers are "de 20% best presterende mkb-bedrijven"
    within sector and size class; their level is the mean productivity of that top 20%
    (``top20_mean``); the threshold to join them is the peer distribution's value at
    100 x (1 - share). Gap = level - the firm's productivity (euros per FTE, floored at 0);
    gap fraction = gap / productivity for a positive productivity. Returns (threshold, gap,
    gap fraction). Vectorised.
    """
    threshold = value_at(q, rows, np.full(np.shape(rows), 100.0 * (1.0 - share)))
    gap = np.maximum(top20_mean - productivity, 0.0)
    positive = np.asarray(productivity) > 0
    fraction = np.where(positive, gap / np.where(positive, productivity, 1.0), np.nan)
    return threshold, gap, fraction
