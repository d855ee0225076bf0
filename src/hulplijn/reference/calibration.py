"""Compare a (synthetic) population with the report's aggregates: each target beside its value."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq

from hulplijn.core import numbers
from hulplijn.core.distribution import group_distributions
from hulplijn.core.population import population_metrics, size_class_index
from hulplijn.core.segment import SEGMENTS
from hulplijn.reference import params

SIZES = ("micro", "klein", "midden")
MIN_CELL_FOR_RATIO = 100  # koplopers ratio only for division x size cells of at least 100 firms


@dataclass(frozen=True)
class Check:
    """One calibration target: what the report says, what the population achieves."""

    name: str
    label: str
    unit: str
    target: float | str
    achieved: float
    tolerance: float
    ok: bool
    source: str
    kind: str = "report"
    """``report``: a figure the report gives; ``assumption``: this project's assumption about the
    population, checked like a target but not the report's (#16)."""


def _relative(
    name: str,
    label: str,
    unit: str,
    target: float,
    achieved: float,
    tolerance: float,
    source: str,
) -> Check:
    """Met when ``achieved`` is within ``tolerance`` x |target| of ``target``."""
    ok = abs(achieved - target) <= tolerance * abs(target)
    return Check(name, label, unit, target, achieved, tolerance, ok, source)


def _absolute(
    name: str,
    label: str,
    unit: str,
    target: float,
    achieved: float,
    tolerance: float,
    source: str,
    kind: str = "report",
) -> Check:
    """Met when ``achieved`` is within ``tolerance`` (in the unit) of ``target``."""
    ok = abs(achieved - target) <= tolerance
    return Check(name, label, unit, target, achieved, tolerance, ok, source, kind)


def calibrate(path: Path) -> list[Check]:
    """All calibration checks of population.yaml for the population in ``path``."""
    targets = params.population()["targets"]
    columns = {k: np.asarray(v) for k, v in pq.read_table(path).to_pydict().items()}
    metrics = population_metrics(columns)
    sizes = params.size_classes()
    index = size_class_index(columns["working_persons"], sizes)
    size = np.where(index >= 0, np.array([c.code for c in sizes.classes])[index], "")
    fte2 = columns["fte_y2"].astype(float)
    gm2 = columns["gross_margin_y2"].astype(float)
    valid = (fte2 > 0) & (columns["fte_y1"].astype(float) > 0)
    checks = []

    t = targets["firms"]
    checks.append(
        _absolute(
            "firms", t["label"], t["unit"], t["value"], len(size), t["tolerance"], t["source"]
        )
    )
    for name in ("productivity", "fte", "value_added"):
        t = targets[name]
        for code in SIZES:
            members = valid & (size == code)
            achieved = {
                "productivity": gm2[members].sum() / fte2[members].sum(),
                "fte": fte2[members].sum(),
                "value_added": gm2[members].sum(),
            }[name]
            checks.append(
                _relative(
                    f"{name}.{code}",
                    f"{t['label']}: {code}",
                    t["unit"],
                    t["value"][code],
                    float(achieved),
                    t["tolerance"],
                    t["source"],
                )
            )

    t = targets["segment_shares"]
    for code in SIZES:
        members = (size == code) & (metrics["segment"] >= 0)
        counts = np.bincount(metrics["segment"][members], minlength=len(SEGMENTS))
        for i, segment in enumerate(SEGMENTS):
            checks.append(
                _absolute(
                    f"segment.{code}.{segment.code}",
                    f"{t['label']}: {code}, {segment.label}",
                    t["unit"],
                    t["value"][code][segment.code],
                    float(counts[i] / counts.sum()),
                    t["tolerance"],
                    t["source"],
                )
            )

    checks.append(_koplopers(columns, metrics, size, targets["koplopers_ratio"]))

    t = targets["solvency_small"]
    small = np.asarray(columns["working_persons"]) < 50
    solvency = metrics["solvency"][small]
    checks.append(
        _absolute(
            "solvency_small",
            t["label"],
            t["unit"],
            t["value"],
            float(np.nanmean(solvency)),
            t["tolerance"],
            t["source"],
        )
    )
    checks += _sector_impact(columns, size, targets["sector_impact"])
    return checks


def _koplopers(
    columns: Mapping[str, np.ndarray],
    metrics: Mapping[str, np.ndarray],
    size: np.ndarray,
    t: dict[str, Any],
) -> Check:
    """Share of division x size cells where koplopers are 3-5x the cell's average."""
    divisions = np.asarray(columns["sbi"]).astype(str)
    cell = np.char.add(np.char.add(divisions, "/"), size.astype(str))
    _, codes = np.unique(cell, return_inverse=True)
    productivity = metrics["productivity"]
    ok = np.isfinite(productivity)
    values, groups = productivity[ok], codes[ok].astype(np.int64)
    dist = group_distributions(values, groups, np.argsort(values, kind="stable"))
    big = dist.n >= MIN_CELL_FOR_RATIO
    ratio = dist.top20_mean[big] / dist.mean[big]
    lo, hi = t["value"]["min"], t["value"]["max"]
    share_in_range = float(((ratio >= lo) & (ratio <= hi)).mean())
    return Check(
        "koplopers_ratio",
        f"{t['label']} (aandeel cellen >= {MIN_CELL_FOR_RATIO} "
        f"bedrijven binnen {numbers.number(lo, 'nl', 2, trim=True)}-"
        f"{numbers.number(hi, 'nl', 2, trim=True)}x; "
        f"mediaan {numbers.number(float(np.median(ratio)), 'nl', 2)}x)",
        "fraction of cells",
        f"{lo}-{hi}x",
        share_in_range,
        t["tolerance"],
        share_in_range >= 1 - t["tolerance"],
        t["source"],
    )


def _sector_impact(
    columns: Mapping[str, np.ndarray], size: np.ndarray, t: dict[str, Any]
) -> list[Check]:
    """Median change in cash Feb -> Jul 2020 per Panteia group and size band vs the reading."""
    impact = params.sector_impact()
    catalogue = params.catalogue()
    section = np.array([catalogue.sbi2008[d].section for d in np.asarray(columns["sbi"])])
    group = np.array([impact.group_of_section.get(s, impact.fallback_group) for s in section])
    band = np.array([impact.band_of_size.get(z, "") for z in size])
    cash1, cash2 = columns["cash_m1"].astype(float), columns["cash_m2"].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        change = cash2 / cash1 - 1
    checks = []
    for (g, b, measure), reading in sorted(impact.readings.items()):
        members = (group == g) & (band == b) & np.isfinite(change)
        if measure != "value_added" or not members.any():
            continue
        checks.append(
            _absolute(
                f"sector_impact.{g}.{b}",
                f"{t['label']}: {impact.group_labels[g][0]}, {b}",
                t["unit"],
                reading.value,
                float(np.median(change[members])),
                t["tolerance"],
                f"{t['source']}, line {reading.line}",
                t.get("kind", "report"),
            )
        )
    return checks
