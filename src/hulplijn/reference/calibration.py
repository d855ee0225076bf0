"""Compare a (synthetic) population with its calibration targets: each target beside its value.

Every target of population.yaml says its kind: the report's figure (``report``), external
evidence (``evidence``) or the project's assumption (``assumption``); docs/decisions/0027."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from hulplijn.core import numbers
from hulplijn.core.distribution import group_distributions
from hulplijn.core.population import population_metrics, size_class_index
from hulplijn.core.segment import SEGMENTS
from hulplijn.reference import params

SIZES = ("micro", "klein", "midden")
MIN_CELL_FOR_RATIO = 100  # cell statistics only for division x size cells of at least 100 firms
KINDS = ("report", "evidence", "assumption")
# the report's sector groups of the koplopers chart (seed report lines 1110-1125)
REPORT_SECTOR_GROUPS = {
    "industrie": ("C",),
    "handel": ("G",),
    "zakelijke_dienstverlening": ("M", "N"),
}


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
) -> Check:
    """Met when ``achieved`` is within ``tolerance`` (in the unit) of ``target``."""
    ok = abs(achieved - target) <= tolerance
    return Check(name, label, unit, target, achieved, tolerance, ok, source)


def calibrate(path: Path) -> list[Check]:
    """All calibration checks of population.yaml for the population in ``path``."""
    targets = params.population()["targets"]
    columns = _arrays(pq.read_table(path))
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

    cell = _cells(columns, size)
    checks.append(_koplopers(metrics, cell, targets["koplopers_ratio"]))
    checks.append(_koplopers_report(columns, metrics, targets["koplopers_report"]))
    checks += _spreads(metrics, cell, targets)

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
    kinds = {name: t["kind"] for name, t in targets.items()}
    return [replace(c, kind=kinds[_family(c.name)]) for c in checks]


def _arrays(table: pa.Table) -> dict[str, np.ndarray]:
    """Each column as the array ``np.asarray`` makes of its Python values (integers as int64,
    text as unicode), converted by Arrow: through Python objects a 60,000-firm population took
    0.9 s, nine tenths of the calibration. A column with gaps, or of another type, still goes
    through Python, so the arrays are the same either way."""
    arrays = {}
    for name in table.column_names:
        column = table.column(name)
        kind = column.type
        if column.null_count or not len(column):
            arrays[name] = np.asarray(column.to_pylist())
        elif pa.types.is_integer(kind):
            arrays[name] = column.to_numpy().astype(np.int64)
        elif pa.types.is_floating(kind):
            arrays[name] = column.to_numpy().astype(np.float64)
        elif pa.types.is_string(kind) or pa.types.is_large_string(kind):
            arrays[name] = column.to_numpy().astype(str)
        else:
            arrays[name] = np.asarray(column.to_pylist())
    return arrays


def _family(name: str) -> str:
    """The population.yaml target of a check: ``segment.micro.grow`` -> segment_shares."""
    head = name.partition(".")[0]
    return {"segment": "segment_shares"}.get(head, head)


def _cells(columns: Mapping[str, np.ndarray], size: np.ndarray) -> np.ndarray:
    """Each firm's division x size class cell as an integer code."""
    divisions = np.asarray(columns["sbi"]).astype(str)
    cell = np.char.add(np.char.add(divisions, "/"), size.astype(str))
    _, codes = np.unique(cell, return_inverse=True)
    return np.asarray(codes, dtype=np.int64)


def _per_cell(values: np.ndarray, cell: np.ndarray, statistic: Any) -> np.ndarray:
    """``statistic`` of the finite values of each cell of at least MIN_CELL_FOR_RATIO firms."""
    ok = np.isfinite(values)
    values, cell = values[ok], cell[ok]
    order = np.argsort(cell, kind="stable")
    values, cell = values[order], cell[order]
    starts = np.flatnonzero(np.r_[True, cell[1:] != cell[:-1]])
    ends = np.r_[starts[1:], len(cell)]
    return np.array(
        [
            statistic(values[a:b])
            for a, b in zip(starts, ends, strict=True)
            if b - a >= MIN_CELL_FOR_RATIO
        ]
    )


def _ratio(lo: float, hi: float) -> Any:
    return lambda v: np.percentile(v, hi) / np.percentile(v, lo)


def _difference(lo: float, hi: float) -> Any:
    return lambda v: np.percentile(v, hi) - np.percentile(v, lo)


def _within(name: str, t: dict[str, Any], achieved: float, unit_note: str = "") -> Check:
    """Met when ``achieved`` lies in the target's range [min, max]."""
    lo, hi = float(t["value"]["min"]), float(t["value"]["max"])
    return Check(
        name,
        f"{t['label']}{unit_note}",
        t["unit"],
        f"{numbers.number(lo, 'nl', 2, trim=True)}-{numbers.number(hi, 'nl', 2, trim=True)}",
        achieved,
        0.0,
        lo <= achieved <= hi,
        t["source"],
    )


def _spreads(
    metrics: Mapping[str, np.ndarray], cell: np.ndarray, targets: Mapping[str, Any]
) -> list[Check]:
    """The within-cell spread and median targets (median over the cells of >= 100 firms)."""
    first = "m1"
    spreads = (
        ("productivity_spread_quartiles", "productivity", _ratio(25, 75)),
        ("productivity_spread_deciles", "productivity", _ratio(10, 90)),
        ("cash_buffer_days_spread", f"cash_buffer_days_{first}", _ratio(25, 75)),
        ("quick_ratio_spread", f"quick_ratio_{first}", _ratio(25, 75)),
        ("solvency_spread", "solvency", _difference(25, 75)),
        ("productivity_growth_spread", "productivity_growth", _difference(25, 75)),
        ("job_growth_spread", "job_growth", _difference(25, 75)),
    )
    checks = []
    for name, metric, statistic in spreads:
        if metric not in metrics:
            continue
        achieved = float(np.median(_per_cell(metrics[metric], cell, statistic)))
        checks.append(_within(name, targets[name], achieved))
    for name, metric in (
        ("cash_buffer_days_median", f"cash_buffer_days_{first}"),
        ("quick_ratio_median", f"quick_ratio_{first}"),
    ):
        if metric not in metrics:
            continue
        t = targets[name]
        values = metrics[metric][np.isfinite(metrics[metric])]
        checks.append(
            _absolute(
                name,
                t["label"],
                t["unit"],
                t["value"],
                float(np.median(values)),
                t["tolerance"],
                t["source"],
            )
        )
    return checks


def top20_over_rest(values: np.ndarray) -> float:
    """Mean of the top 20% / mean of the other 80% (the report's koplopers reading, 0027)."""
    ordered = np.sort(values[np.isfinite(values)])
    cut = int(len(ordered) * 0.8)
    return float(ordered[cut:].mean() / ordered[:cut].mean())


def _koplopers_report(
    columns: Mapping[str, np.ndarray], metrics: Mapping[str, np.ndarray], t: dict[str, Any]
) -> Check:
    """The report's 3-5x, read as top 20% / other 80% per report sector group (median)."""
    catalogue = params.catalogue()
    section = np.array([catalogue.sbi2008[d].section for d in np.asarray(columns["sbi"])])
    productivity = metrics["productivity"]
    ratios = {
        group: top20_over_rest(productivity[np.isin(section, sections)])
        for group, sections in REPORT_SECTOR_GROUPS.items()
    }
    shown = "; ".join(
        f"{g.replace('_', ' ')} {numbers.number(r, 'nl', 2)}x" for g, r in ratios.items()
    )
    return _within("koplopers_report", t, float(np.median(list(ratios.values()))), f" ({shown})")


def _koplopers(metrics: Mapping[str, np.ndarray], cell: np.ndarray, t: dict[str, Any]) -> Check:
    """Share of division x size cells where koplopers are min-max x the cell's average."""
    productivity = metrics["productivity"]
    ok = np.isfinite(productivity)
    values, groups = productivity[ok], cell[ok]
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
    """Median change in cash Feb -> Jul 2020 per Panteia group and size band vs the reading
    (none for a round with fewer than two liquidity moments)."""
    if "cash_m1" not in columns or "cash_m2" not in columns:
        return []
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
            )
        )
    return checks
