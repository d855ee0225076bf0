"""Size of the prize and the koplopers comparison (docs/domain.md sections 4 and 6; where this
departs from the report's literal rule: docs/decisions/0029-believable-prize.md)."""

from __future__ import annotations

import numpy as np

from hulplijn.core.benchmark import value_at


def koplopers_percentiles(share: float) -> tuple[float, float]:
    """The percentile where the koplopers begin and the percentile of their middle firm.

    Report, line 78: koplopers are "de 20% best presterende mkb-bedrijven" (``share`` = 0.20).
    They begin at percentile 100 x (1 - share) = 80; half of them lie above percentile
    100 x (1 - share / 2) = 90, so the value there is the median of the top ``share`` (decision
    0029: the koplopers' level, instead of their mean).
    """
    return 100.0 * (1.0 - share), 100.0 * (1.0 - share / 2.0)


def size_of_prize(
    q: np.ndarray,
    rows: np.ndarray,
    percentile: np.ndarray,
    fte: float | np.ndarray,
    gross_margin: float | np.ndarray,
    step: float,
    cap: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Extra gross margin per year if the firm were as productive as the firm ``step`` higher,
    aiming no higher than percentile ``cap``.

    Report, "Verdieping mkb-hulplijn 4/5": "how far the firm's value added per year can grow if it
    becomes as productive as the average firm 10 percentiles above it" (example: gross margin
    EUR 900k -> EUR 1,200k, +33%). Target percentile = min(percentile + step, cap), never below
    the firm's own percentile: the report's rule took a firm at percentile 91 to the group's
    maximum (percentile 100), a value set by a handful of firms; decision 0029 caps the target
    at the koplopers' middle firm (percentile 90). Target productivity = the peer distribution's
    value at the target percentile; gross margin at target = target productivity x latest FTE;
    prize = max(that - latest gross margin, 0); fraction = prize / latest gross margin (only for
    a positive gross margin, else NaN). A firm at or above the cap has reached the target: its
    own productivity and gross margin are the target, the prize is 0. Returns (target
    percentile, target productivity, gross margin at target, prize in euros, prize as fraction).
    Vectorised.
    """
    percentile = np.asarray(percentile, dtype=np.float64)
    gross_margin = np.asarray(gross_margin, dtype=np.float64)
    fte = np.asarray(fte, dtype=np.float64)
    reached = percentile >= cap
    target_p = np.where(reached, percentile, np.minimum(percentile + step, cap))
    target = np.where(reached, gross_margin / fte, value_at(q, rows, target_p))
    at_target = np.where(reached, gross_margin, target * fte)
    prize = np.where(reached, 0.0, np.maximum(at_target - gross_margin, 0.0))
    positive = gross_margin > 0
    fraction = np.where(positive, prize / np.where(positive, gross_margin, 1.0), np.nan)
    return target_p, target, at_target, prize, fraction


def koplopers_gap(
    q: np.ndarray, rows: np.ndarray, productivity: np.ndarray, share: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The koplopers' threshold and level, the firm's gap to that level and whether the firm is
    one of them.

    Report, line 78 and "Verdieping" slide: koplopers are "de 20% best presterende mkb-bedrijven"
    within sector and size class. Threshold = the peer distribution's value at percentile
    100 x (1 - share) (80); level = its value at 100 x (1 - share / 2) (90), the median of the
    koplopers: robust where their mean, in a skewed distribution, is pulled up by a few firms
    (decision 0029). Gap = level - the firm's productivity (euros per FTE, floored at 0); gap
    fraction = gap / productivity for a positive productivity; member = productivity at or above
    the threshold. Returns (threshold, level, gap, gap fraction, member). Vectorised.
    """
    start, middle = koplopers_percentiles(share)
    rows = np.asarray(rows, dtype=np.int64)
    productivity = np.asarray(productivity, dtype=np.float64)
    threshold = value_at(q, rows, np.full(rows.shape, start))
    level = value_at(q, rows, np.full(rows.shape, middle))
    gap = np.maximum(level - productivity, 0.0)
    positive = productivity > 0
    fraction = np.where(positive, gap / np.where(positive, productivity, 1.0), np.nan)
    member = productivity >= threshold
    return threshold, level, gap, fraction, member
