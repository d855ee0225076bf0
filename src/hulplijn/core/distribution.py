"""Peer distributions from firm-level values: trimming, micro-aggregation and percentiles per
group, vectorised.

Sort once per metric, then group by stable integer sorts, so a national population (1.5 million
firms x 8 metrics x 4 peer-group levels) is summarised in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hulplijn.core.benchmark import GRID


def _grouped_order(groups: np.ndarray, by_value: np.ndarray) -> np.ndarray:
    """Indices ordering firms by group, and by value within each group."""
    return by_value[np.argsort(groups[by_value], kind="stable")]


def ascending(values: np.ndarray, groups: np.ndarray, by_value: np.ndarray) -> np.ndarray:
    """The indices of the finite values in ``values``, ascending, where ``by_value`` orders the
    same firms by an earlier value that ``values`` keeps monotone within each group (as
    micro-aggregation does within a cell). Ordered by group first, the values form one ascending
    run per group, which the stable sort (timsort) merges in a fraction of a full sort's time."""
    runs = _grouped_order(groups, by_value)
    order = runs[np.argsort(values[runs], kind="stable")]
    return order[: int(np.isfinite(values[order]).sum())]


def _runs(sorted_groups: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start, length and group code of each run of equal codes in a sorted code array."""
    if sorted_groups.size == 0:
        empty = np.array([], dtype=np.int64)
        return empty, empty, empty
    starts = np.flatnonzero(np.r_[True, sorted_groups[1:] != sorted_groups[:-1]])
    lengths = np.diff(np.r_[starts, sorted_groups.size])
    return starts, lengths, sorted_groups[starts]


def trim_mask(
    values: np.ndarray, cells: np.ndarray, fraction: float, by_value: np.ndarray | None = None
) -> np.ndarray:
    """True for the values kept after dropping the most extreme ``fraction`` of each cell.

    CBS practice (docs/domain.md section 2): the 2% most extreme values are dropped, here
    floor(n x 1%) from each tail of every cell of n firms, so cells under 100 firms lose nothing.
    NaN values are never kept. ``by_value``: indices of the finite values in ascending order, if
    already known.
    """
    keep = np.zeros(values.shape, dtype=bool)
    if by_value is None:
        finite = np.flatnonzero(np.isfinite(values))
        by_value = finite[np.argsort(values[finite], kind="stable")]
    order = _grouped_order(cells, by_value)
    starts, lengths, _ = _runs(cells[order])
    rank = np.arange(order.size) - np.repeat(starts, lengths)
    n = np.repeat(lengths, lengths)
    k = np.floor(n * (fraction / 2)).astype(np.int64)
    keep[order[(rank >= k) & (rank < n - k)]] = True
    return keep


def microaggregate(
    values: np.ndarray, levels: list[np.ndarray], sorted_index: np.ndarray, k: int
) -> np.ndarray:
    """Individual-ranking micro-aggregation (Defays and Anwar 1998; Hundepool et al., Statistical
    Disclosure Control, Wiley 2012, section 3.4): the values in ``sorted_index`` (indices into
    ``values``, ascending by value) replaced by the mean of their block, NaN elsewhere.

    Within each group of ``levels[0]`` (the finest cells) the values are ranked and cut into
    consecutive blocks of ``k``; the last block absorbs the remainder, so every block holds k to
    2k - 1 firms. A group with fewer than k values cannot form a block: its values are pooled
    with the other such values in their group of ``levels[1]`` (a coarser level whose groups are
    unions of finer ones), and so on; values left over after the last level stay NaN (withheld).
    Sums, and so means, of every group of every level are kept.
    """
    out = np.full(values.shape, np.nan)
    pending = sorted_index
    for codes in levels:
        if pending.size == 0:
            break
        order = _grouped_order(codes, pending)
        starts, lengths, _ = _runs(codes[order])
        blocks = lengths // k
        rank = np.arange(order.size) - np.repeat(starts, lengths)
        block = np.repeat(np.cumsum(blocks) - blocks, lengths) + np.minimum(
            rank // k, np.repeat(blocks, lengths) - 1
        )
        formed = np.repeat(blocks > 0, lengths)
        chosen, ids = order[formed], block[formed]
        sums = np.bincount(ids, weights=values[chosen], minlength=int(blocks.sum()))
        counts = np.bincount(ids, minlength=int(blocks.sum()))
        out[chosen] = (sums / np.maximum(counts, 1))[ids]
        left = order[~formed]
        pending = left[np.argsort(values[left], kind="stable")]
    return out


@dataclass(frozen=True)
class GroupDistributions:
    """Per group: its code, number of firms, mean, mean of the top 20%, and 101 percentiles."""

    codes: np.ndarray
    n: np.ndarray
    mean: np.ndarray
    top20_mean: np.ndarray
    quantiles: np.ndarray


def group_distributions(
    values: np.ndarray, groups: np.ndarray, sorted_index: np.ndarray, top_share: float = 0.2
) -> GroupDistributions:
    """Distribution of ``values`` within each group code, over the firms in ``sorted_index``
    (indices into ``values``, in ascending order of value).

    Percentiles by linear interpolation between order statistics (as numpy's "linear" method
    and DuckDB's quantile_cont): at h = (n - 1) p, x[floor h] + (h - floor h)(x[floor h + 1] -
    x[floor h]). ``top20_mean`` is the mean of values at or above the group's percentile
    100 x (1 - top_share): the koplopers' level (report line 78).
    """
    order = _grouped_order(groups, sorted_index)
    sorted_values = values[order]
    starts, lengths, codes = _runs(groups[order])
    p = np.linspace(0.0, 1.0, GRID)
    h = (lengths[:, None] - 1) * p[None, :]
    lower = np.floor(h).astype(np.int64)
    upper = np.minimum(lower + 1, lengths[:, None] - 1)
    x_lo = sorted_values[starts[:, None] + lower]
    x_hi = sorted_values[starts[:, None] + upper]
    quantiles = x_lo + (h - lower) * (x_hi - x_lo)
    sums = np.add.reduceat(sorted_values, starts) if starts.size else np.array([])
    cut = _value_at_share(quantiles, 1.0 - top_share)
    in_top = sorted_values >= np.repeat(cut, lengths)
    top_sums = (
        np.add.reduceat(np.where(in_top, sorted_values, 0.0), starts) if starts.size else sums
    )
    top_counts = np.add.reduceat(in_top.astype(np.int64), starts) if starts.size else sums
    return GroupDistributions(
        codes=codes,
        n=lengths,
        mean=sums / np.maximum(lengths, 1),
        top20_mean=top_sums / np.maximum(top_counts, 1),
        quantiles=quantiles,
    )


def _value_at_share(quantiles: np.ndarray, share: float) -> np.ndarray:
    position = share * (GRID - 1)
    lower = int(np.floor(position))
    upper = min(lower + 1, GRID - 1)
    values: np.ndarray = quantiles[:, lower] + (position - lower) * (
        quantiles[:, upper] - quantiles[:, lower]
    )
    return values
