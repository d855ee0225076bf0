"""The vectorised path: metrics, segments and percentiles for a whole population at once.

Uses the same formulas (core.metrics), segment rule (core.segment) and benchmarking
(core.benchmark) as the single-firm engine. Columns follow the microdata layout documented in
docs/reference/microdata.md (``gross_margin_y1``, ``fte_y2``, ``cash_m1``, ...).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from hulplijn.core import metrics
from hulplijn.core.firm import LIQUIDITY_ITEMS
from hulplijn.core.prize import koplopers_percentiles, size_of_prize
from hulplijn.core.reference import Reference, SizeClasses
from hulplijn.core.segment import SOLE_TRADER_MAX_PERSONS, segment_index

MOMENTS = ("m1", "m2")


def _f(columns: Mapping[str, np.ndarray], name: str) -> np.ndarray:
    return np.asarray(columns[name], dtype=np.float64)


def population_metrics(columns: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Per-firm metrics; NaN where a metric is impossible or undefined for that firm.

    Impossible: FTE <= 0 (productivity, growth), total assets <= 0 (solvency), no yearly costs
    (cash buffer days). Undefined: productivity growth when gross margin <= 0 in either year
    (report footnote: only firms with positive value added in both years), quick ratio without
    short-term debts or creditors. ``segment`` is the SEGMENTS index, -1 where undefined.
    """
    gm1, gm2 = _f(columns, "gross_margin_y1"), _f(columns, "gross_margin_y2")
    fte1, fte2 = _f(columns, "fte_y1"), _f(columns, "fte_y2")
    out: dict[str, np.ndarray] = {}
    with np.errstate(divide="ignore", invalid="ignore"):
        fte_ok = (fte1 > 0) & (fte2 > 0)
        out["productivity_y1"] = np.where(fte_ok, metrics.productivity(gm1, fte1), np.nan)
        out["productivity"] = np.where(fte_ok, metrics.productivity(gm2, fte2), np.nan)
        growth_ok = fte_ok & (gm1 > 0) & (gm2 > 0)
        out["productivity_growth"] = np.where(
            growth_ok, metrics.growth(out["productivity_y1"], out["productivity"]), np.nan
        )
        out["job_growth"] = np.where(fte_ok, metrics.growth(fte1, fte2), np.nan)
        for m in MOMENTS:
            if f"cash_{m}" not in columns:
                continue
            item = {name: _f(columns, f"{name}_{m}") for name in LIQUIDITY_ITEMS}
            costs = item["interest_costs"] + item["wage_costs"] + item["other_costs"]
            out[f"cash_buffer_days_{m}"] = np.where(
                costs > 0,
                metrics.cash_buffer_days(
                    item["cash"], item["interest_costs"], item["wage_costs"], item["other_costs"]
                ),
                np.nan,
            )
            debts = item["short_term_debts"] + item["trade_creditors"]
            out[f"quick_ratio_{m}"] = np.where(
                debts > 0,
                metrics.quick_ratio(
                    item["cash"],
                    item["short_term_receivables"],
                    item["trade_debtors"],
                    item["short_term_debts"],
                    item["trade_creditors"],
                ),
                np.nan,
            )
        if "total_assets" in columns:
            assets = _f(columns, "total_assets")
            out["solvency"] = np.where(
                assets > 0, metrics.solvency_ratio(_f(columns, "equity"), assets), np.nan
            )
    pg, jg = out["productivity_growth"], out["job_growth"]
    out["segment"] = np.where(np.isnan(pg) | np.isnan(jg), -1, segment_index(pg, jg))
    return out


def size_class_index(working_persons: np.ndarray, size_classes: SizeClasses) -> np.ndarray:
    """Index into ``size_classes.classes`` per firm; -1 outside the SME classes (or unknown)."""
    wp = np.asarray(working_persons, dtype=np.float64)
    index = np.full(wp.shape, -1, dtype=np.int16)
    for i, size in enumerate(size_classes.classes):
        index[(wp >= size.min) & (wp <= size.max)] = i
    return index


def _sole_trader_classes(reference: Reference) -> list[int]:
    """Indexes of the size classes without staff (one working person: the zzp class)."""
    classes = reference.size_classes.classes
    return [i for i, c in enumerate(classes) if c.max <= SOLE_TRADER_MAX_PERSONS]


def assess_population(
    columns: Mapping[str, np.ndarray], reference: Reference, moments: tuple[str, ...] = ()
) -> dict[str, np.ndarray]:
    """Metrics, segment, peer percentiles (with peer level and n) and size of the prize per firm.

    ``moments`` names the moment of ``m1`` and ``m2`` (default: the reference's moments).
    Percentile keys are ``percentile:<metric>``, peer levels ``level:<metric>`` (index into
    core.benchmark.LEVELS, -1: no group) and group sizes ``n:<metric>``. Firms the single-firm
    engine would refuse (unknown SBI division, no SME size class) get no percentile.
    """
    out = population_metrics(columns)
    moments = moments or reference.moments
    peers = reference.peers
    sbi = np.asarray(columns["sbi"]).astype(str)
    uniques, inverse = np.unique(np.char.zfill(sbi, 2).astype("<U2"), return_inverse=True)
    size = size_class_index(columns["working_persons"], reference.size_classes)
    codes = [c.code for c in reference.size_classes.classes]
    d_u, sec_u, _ = peers.codes(list(uniques), ["" for _ in uniques])
    _, _, z_u = peers.codes(["" for _ in codes], codes)
    d, sec = d_u[inverse], sec_u[inverse]
    z = np.where(size >= 0, z_u[np.maximum(size, 0)], -1)
    # the report's segmentation covers firms with staff, not sole traders (as assess())
    out["segment"] = np.where(np.isin(size, _sole_trader_classes(reference)), -1, out["segment"])
    assessable = (d >= 0) & (z >= 0)  # the single-firm engine refuses the others
    d, sec, z = (
        np.where(assessable, d, -1),
        np.where(assessable, sec, -1),
        np.where(assessable, z, -1),
    )
    named = {
        "productivity": "productivity",
        "productivity_growth": "productivity_growth",
        "job_growth": "job_growth",
        "solvency": "solvency",
    }
    for i, m in enumerate(MOMENTS[: len(moments)]):
        named[f"cash_buffer_days_{m}"] = f"cash_buffer_days@{moments[i]}"
        named[f"quick_ratio_{m}"] = f"quick_ratio@{moments[i]}"
    rows_of = {}
    for column, metric in named.items():
        if column not in out:
            continue
        rows, level = peers.resolve(metric, d, sec, z)
        rows, level = np.where(assessable, rows, -1), np.where(assessable, level, -1)
        rows_of[column] = rows
        out[f"percentile:{column}"] = peers.percentiles(rows, out[column])
        out[f"level:{column}"] = level
        out[f"n:{column}"] = np.where(rows >= 0, peers.n[np.maximum(rows, 0)], 0)
    gm2 = _f(columns, "gross_margin_y2")
    _, _, _, prize, fraction = size_of_prize(
        peers.quantiles,
        rows_of["productivity"],
        out["percentile:productivity"],
        _f(columns, "fte_y2"),
        gm2,
        reference.norms["size_of_prize_percentile_step"],
        koplopers_percentiles(reference.norms["koplopers_share"])[1],
    )
    out["size_of_prize"], out["size_of_prize_fraction"] = prize, fraction
    return out


def firm_input(columns: Mapping[str, np.ndarray], i: int) -> dict[str, Any]:
    """Row ``i`` of microdata columns as FirmInput data, for the single-firm engine."""
    firm = {
        "sbi": str(columns["sbi"][i]),
        "working_persons": int(columns["working_persons"][i]),
        "years": [
            {
                "year": int(columns[f"year_{y}"][i]),
                **{k: float(columns[f"{k}_{y}"][i]) for k in ("gross_margin", "wage_costs", "fte")},
            }
            for y in ("y1", "y2")
        ],
    }
    firm["liquidity"] = [
        {
            "moment": str(columns[f"moment_{m}"][i]),
            **{k: float(columns[f"{k}_{m}"][i]) for k in LIQUIDITY_ITEMS},
        }
        for m in MOMENTS
        if f"moment_{m}" in columns
    ]
    if "total_assets" in columns:
        firm["solvency"] = {k: float(columns[k][i]) for k in ("equity", "total_assets")}
    return firm
