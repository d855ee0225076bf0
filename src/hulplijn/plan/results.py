"""What the plan model gives back: each measure's figures per year at min / mid / max, the
checks against the report's printed figures, and the plan's totals."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from hulplijn.plan.assumptions import BOUNDS, Interval, MeasureReport


def _finite(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def _clean(value: Any) -> Any:
    """JSON-ready: arrays to lists, floats rounded to 6 decimals, inf/nan to None."""
    if isinstance(value, np.ndarray):
        return _clean(value.tolist())
    if isinstance(value, float | np.floating):
        x = float(value)
        return round(x, 6) if math.isfinite(x) else None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, Mapping):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def _band(a: np.ndarray) -> dict[str, Any]:
    return {b: _clean(a[i]) for i, b in enumerate(BOUNDS)}


def _ratio_band(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """min = num.min / den.max, mid = mid / mid, max = num.max / den.min (the report's ROI)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.array([num[0] / den[2], num[1] / den[1], num[2] / den[0]], dtype=float)


@dataclass(frozen=True)
class Figures:
    """min / mid / max (rows) of the yearly outputs (columns) of one measure or of the total."""

    years: tuple[int, ...]
    investment: np.ndarray
    va_growth: np.ndarray
    contribution: np.ndarray
    revenue: np.ndarray
    financing: Mapping[str, np.ndarray]
    participants: np.ndarray | None = None

    @property
    def investment_total(self) -> np.ndarray:
        total: np.ndarray = self.investment.sum(axis=1)
        return total

    @property
    def va_2025(self) -> np.ndarray:
        """The contribution in the last year (2025)."""
        last: np.ndarray = self.contribution[:, -1]
        return last

    @property
    def cumulative_contribution(self) -> np.ndarray:
        total: np.ndarray = self.contribution.sum(axis=1)
        return total

    @property
    def revenue_total(self) -> np.ndarray:
        total: np.ndarray = self.revenue.sum(axis=1)
        return total

    @property
    def roi(self) -> np.ndarray:
        """Government revenue / total investment; min and max cross (see the module doc)."""
        return _ratio_band(self.revenue_total, self.investment_total)

    def to_dict(self) -> dict[str, Any]:
        return {
            "investment": _band(self.investment),
            "va_growth": _band(self.va_growth),
            "contribution": _band(self.contribution),
            "revenue": _band(self.revenue),
            "participants": None if self.participants is None else _band(self.participants),
            "investment_total": _band(self.investment_total),
            "va_2025": _band(self.va_2025),
            "cumulative_contribution": _band(self.cumulative_contribution),
            "revenue_total": _band(self.revenue_total),
            "roi": _band(self.roi),
            "financing": {s: _band(a) for s, a in self.financing.items()},
        }


@dataclass(frozen=True)
class Check:
    """One of our figures (mid) beside the report's."""

    name: str
    ours: float
    report: float | None
    low: float | None
    high: float | None
    ok: bool
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        clean: dict[str, Any] = _clean(self.__dict__)
        return clean


def range_check(
    name: str, ours: float, interval: Mapping[str, Any] | Interval, report: float | None = None
) -> Check:
    if isinstance(interval, Interval):
        interval = interval.model_dump()
    low, high = float(interval["min"]), float(interval["max"])
    ok = bool(low - 1e-9 <= ours <= high + 1e-9)
    return Check(name, float(ours), report, low, high, ok, interval.get("source"))


@dataclass(frozen=True)
class Reproduction:
    """Whether our mid lands in the report's range (value added in 2025 and total investment),
    and whether the yearly profile matches the report's printed midpoints (to one decimal)."""

    reproduced: bool
    profile_matches: bool
    checks: tuple[Check, ...]
    va_growth_difference: tuple[float, ...]
    investment_difference: tuple[float, ...]
    note: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "reproduced": self.reproduced,
            "profile_matches": self.profile_matches,
            "checks": [c.to_dict() for c in self.checks],
            "va_growth_difference": _clean(list(self.va_growth_difference)),
            "investment_difference": _clean(list(self.investment_difference)),
            "note": self.note,
        }


@dataclass(frozen=True)
class MeasureResult:
    id: str
    key: str
    name: str
    start_year: int
    participants_unit: str | None
    figures: Figures
    report: MeasureReport
    reproduction: Reproduction

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "key": self.key,
            "name": self.name,
            "start_year": self.start_year,
            "participants_unit": self.participants_unit,
            "jobs": None,
            **self.figures.to_dict(),
            "report": _clean(self.report.model_dump()),
            "reproduction": self.reproduction.to_dict(),
        }


@dataclass(frozen=True)
class PlanResult:
    """Per-measure rows and their totals (sums of the rows), with the report's figures beside."""

    years: tuple[int, ...]
    scenario: str | None
    measures: tuple[MeasureResult, ...]
    dropped: tuple[str, ...]
    total: Figures
    checks: tuple[Check, ...]
    reproduced: bool
    financing_groups: Mapping[str, tuple[str, ...]]
    financing_checks: tuple[Check, ...]
    jobs_2025_report: float | None

    def above_report_2025(self) -> list[tuple[str, float]]:
        """The measures whose value added 2025 (mid) lies above the report's own 2025 figure by
        more than the report's rounding (0.05 bn), largest first: (id, difference in bn). They
        are why the total's value added 2025 lies above the report's range."""
        gaps = sorted(
            ((float(m.figures.va_2025[1]) - m.report.va_growth_total, m.id) for m in self.measures),
            reverse=True,
        )
        return [(measure_id, gap) for gap, measure_id in gaps if gap > 0.05]

    def measure(self, measure_id: str) -> MeasureResult:
        for m in self.measures:
            if m.id == str(measure_id):
                return m
        raise KeyError(measure_id)

    def group_financing(self) -> dict[str, np.ndarray]:
        """Financing per group (rijksbegroting, eu, regionaal_privaat), (3, years)."""
        out = {}
        for group, sources in self.financing_groups.items():
            out[group] = sum(
                (self.total.financing[s] for s in sources), np.zeros_like(self.total.investment)
            )
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "years": list(self.years),
            "scenario": self.scenario,
            "dropped": list(self.dropped),
            "measures": [m.to_dict() for m in self.measures],
            "total": {
                **self.total.to_dict(),
                "jobs": None,
                "jobs_2025_report": self.jobs_2025_report,
                "reproduced": self.reproduced,
                "checks": [c.to_dict() for c in self.checks],
            },
            "financing": {
                "by_group": {g: _band(a) for g, a in self.group_financing().items()},
                "checks": [c.to_dict() for c in self.financing_checks],
            },
        }
