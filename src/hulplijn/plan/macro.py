"""The macro projection: SME value added 2019-2025, CPB baseline against targeted stimulus.

Source: the slide "Gerichte stimulering mkb kan in 2025 €20-30 mld aan extra toegevoegde waarde
opleveren" of the seed report ``herstel-en-groeiplan-mkb.txt`` (r. 2485-2569, "r." = line). The
slide is a chart (value added of SMEs excl. ZZP, € bn per year) with three lines: the CPB
medium-term outlook of Nov 2019 (pre-COVID), the CPB baseline of June 2020, and the "potential
incremental growth from targeted stimulus". Only its assumptions came through the extraction, not
the chart's numbers. They are modelled here, each as a parameter of :class:`MacroAssumptions`
(values and sources in ``reference/data/macro.yaml``):

1. 2019 = 2018 value added of SMEs excl. ZZP (€205 bn) x 2019 GDP growth (2.6%) (r. 2490).
2. Baseline 2020-2021: CPB/Panteia with a 10% SME job loss (~270k jobs) (r. 2492). The level in
   2021 is 2019 x (1 - 11%), Panteia's expected SME value added 2019-2021 (r. 291-315, read as
   -11% value added and -10% jobs for SMEs); 2020 follows back from the CPB's 3% growth in 2021.
   From 2022 the baseline keeps growing 3% a year (r. 2520-2524: "Aanname dat deze groei zich
   voortzet in 2022-2025"), growth that is job-driven (r. 2520-2522).
3. Jobs: in 2022 SMEs follow CPB's "volledig herstel" scenario, +2 pp job growth against the
   baseline, then +1 pp a year 2023-2025 (r. 2502-2508).
4. Koplopers (top 20% by productivity): +2% productivity in 2022, +1% a year 2023-2025
   (r. 2528-2534), weighted by their share of SME value added.
5. Peloton (20-80%): 5 percentiles of productivity improvement from Jan 2021 to Dec 2025,
   exponential, first impact in 2022 (r. 2536-2542, footnote r. 2494); +5 percentiles for the
   peloton = +12% of total SME value added (r. 1118-1138).
6. 50% of the extra value added is extra government income (r. 2496).

Per year: plan = baseline x J x (1 + s (K - 1) + g f), where J is the cumulative job factor (3),
K the cumulative koplopers productivity factor (4), s their value-added share, g the value-added
gain of the full peloton improvement (12%) and f the share of it realised in that year (5). The
gap plan - baseline is split into jobs B (J - 1), koplopers B J s (K - 1) and peloton B J g f;
the three add up to the gap.

What the report does not say (so it cannot be reproduced exactly): the koplopers' share of
value added, the rate of the "exponential" peloton path, whether a year's value added carries the
peloton's level at the end of the year or its average over the year, how the 2019-2021 drop splits
over 2020 and 2021, and the chart's numbers themselves. With the defaults (share 0.5, gain
doubling yearly, year average) the 2025 gap is about €35 bn, above the slide's €20-30 bn: the
peloton alone (+12% of ~€211 bn = €25 bn at full effect) and the jobs (+5.1% = €11 bn) already
exceed it at full effect. The cumulative 2021-2025 gap (~€74 bn) is inside the slide's €60-90 bn.
The 2025 gap lands inside €20-30 bn only if most of the peloton's gain comes late (growth factor
about 5 a year: 80% of it in 2025, giving €29.5 bn and €60.1 bn cumulative, both at the edge of
their ranges). See ``docs/reference/prioritisation-and-macro.md``.

Pure: numbers in, numbers out; the assumptions are loaded by
``hulplijn.reference.params.macro()`` and passed in with :meth:`MacroAssumptions.from_mapping`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, fields
from types import MappingProxyType
from typing import Any

YEAR_AVERAGE = "year_average"
YEAR_END = "year_end"
TIMINGS = (YEAR_AVERAGE, YEAR_END)


def _frozen(values: Mapping[Any, float]) -> Mapping[int, float]:
    return MappingProxyType({int(k): float(v) for k, v in values.items()})


def _default_extra_job_growth() -> Mapping[int, float]:
    return _frozen({2022: 0.02, 2023: 0.01, 2024: 0.01, 2025: 0.01})


def _default_koplopers_growth() -> Mapping[int, float]:
    return _frozen({2022: 0.02, 2023: 0.01, 2024: 0.01, 2025: 0.01})


@dataclass(frozen=True)
class MacroAssumptions:
    """Every assumption of the projection. Value added in € bn; rates as fractions per year.

    The defaults equal ``macro.yaml`` (a test keeps them in step); sources are there."""

    value_added_2018: float = 205.0
    growth_2019: float = 0.026
    baseline_change_2019_2021: float = -0.11
    baseline_growth_2021: float = 0.03
    baseline_growth_after_2021: float = 0.03
    jobs_2019: float = 2_700_000.0
    baseline_jobs_change_2019_2021: float = -0.10
    mlt_growth_to_2021: float = 0.018
    mlt_growth_2022_2025: float = 0.013
    extra_job_growth: Mapping[int, float] = field(default_factory=_default_extra_job_growth)
    koplopers_productivity_growth: Mapping[int, float] = field(
        default_factory=_default_koplopers_growth
    )
    koplopers_value_added_share: float = 0.5
    peloton_percentiles: float = 5.0
    peloton_value_added_gain: float = 0.12
    peloton_start: float = 2022.0
    peloton_end: float = 2026.0
    peloton_ramp_factor: float = 2.0
    peloton_timing: str = YEAR_AVERAGE
    government_share: float = 0.5
    first_year: int = 2019
    last_year: int = 2025

    def __post_init__(self) -> None:
        object.__setattr__(self, "extra_job_growth", _frozen(self.extra_job_growth))
        object.__setattr__(
            self, "koplopers_productivity_growth", _frozen(self.koplopers_productivity_growth)
        )
        for f in fields(self):
            value = getattr(self, f.name)
            values = value.values() if isinstance(value, Mapping) else [value]
            for v in values:
                if isinstance(v, int | float) and not math.isfinite(v):
                    raise ValueError(f"{f.name}: not a finite number")
        if self.value_added_2018 <= 0 or self.jobs_2019 <= 0:
            raise ValueError("value_added_2018 and jobs_2019 must be positive")
        if not 0 <= self.koplopers_value_added_share <= 1:
            raise ValueError("koplopers_value_added_share must lie in [0, 1]")
        if not 0 <= self.government_share <= 1:
            raise ValueError("government_share must lie in [0, 1]")
        if self.peloton_ramp_factor <= 0:
            raise ValueError("peloton_ramp_factor must be positive (1 = linear path)")
        if not self.peloton_start < self.peloton_end:
            raise ValueError("peloton_start must come before peloton_end")
        if self.peloton_timing not in TIMINGS:
            raise ValueError(f"peloton_timing must be one of {TIMINGS}")
        if not 2019 == self.first_year < 2021 < self.last_year:
            raise ValueError("the projection starts in 2019 and runs past 2021")
        for name in ("baseline_change_2019_2021", "baseline_jobs_change_2019_2021"):
            if getattr(self, name) <= -1:
                raise ValueError(f"{name} must be above -100%")

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> MacroAssumptions:
        """From ``params.macro()["assumptions"]`` (name -> value); unknown names raise."""
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise KeyError(f"unknown macro assumptions: {sorted(unknown)}")
        return cls(**dict(data))

    def as_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            result[f.name] = dict(value) if isinstance(value, Mapping) else value
        return result


@dataclass(frozen=True)
class MacroYear:
    """One year of the projection. Value added in € bn, jobs in persons."""

    year: int
    baseline: float
    plan: float
    mlt: float  # CPB medium-term outlook (Nov 2019), the pre-COVID reference line
    jobs_effect: float
    koplopers_effect: float
    peloton_effect: float
    peloton_percentiles: float  # percentiles gained by the peloton, as carried by this year
    baseline_jobs: float
    extra_jobs: float
    government_revenue: float  # government_share x gap

    @property
    def gap(self) -> float:
        """Plan minus baseline: the extra value added of the stimulus."""
        return self.plan - self.baseline

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "gap": self.gap}


@dataclass(frozen=True)
class MacroProjection:
    assumptions: MacroAssumptions
    years: tuple[MacroYear, ...]

    def year(self, year: int) -> MacroYear:
        for y in self.years:
            if y.year == year:
                return y
        raise KeyError(year)

    def cumulative_gap(self, first: int = 2021, last: int = 2025) -> float:
        return sum(y.gap for y in self.years if first <= y.year <= last)

    def cumulative_government_revenue(self, first: int = 2021, last: int = 2025) -> float:
        return sum(y.government_revenue for y in self.years if first <= y.year <= last)

    def as_dict(self) -> dict[str, Any]:
        return {
            "assumptions": self.assumptions.as_dict(),
            "years": [y.as_dict() for y in self.years],
            "cumulative_gap_2021_2025": self.cumulative_gap(),
            "cumulative_government_revenue_2021_2025": self.cumulative_government_revenue(),
        }


def peloton_level(t: float, a: MacroAssumptions) -> float:
    """Share of the full peloton improvement reached at time t (years, 2022.0 = 1 Jan 2022).

    0 before ``peloton_start``, 1 from ``peloton_end``, in between
    (r^(t - start) - 1) / (r^(end - start) - 1) with r = ``peloton_ramp_factor``: an exponential
    path (the gain grows by the factor r a year) that starts at 0 at the first impact and reaches
    the full 5 percentiles at the end of Dec 2025. r = 1 is the straight line."""
    if t <= a.peloton_start:
        return 0.0
    if t >= a.peloton_end:
        return 1.0
    x, span = t - a.peloton_start, a.peloton_end - a.peloton_start
    k = math.log(a.peloton_ramp_factor)
    if abs(k) < 1e-12:
        return x / span
    return math.expm1(k * x) / math.expm1(k * span)


def peloton_year_average(year: int, a: MacroAssumptions) -> float:
    """Mean of :func:`peloton_level` over the calendar year (value added is a flow)."""
    start, end = a.peloton_start, a.peloton_end
    lo, hi = float(year), float(year + 1)
    total = max(0.0, hi - max(lo, end))  # part of the year after the end: level 1
    a0, b0 = max(lo, start), min(hi, end)
    if b0 > a0:
        span = end - start
        x0, x1 = a0 - start, b0 - start
        k = math.log(a.peloton_ramp_factor)
        if abs(k) < 1e-12:
            total += (x1 * x1 - x0 * x0) / (2 * span)
        else:
            integral = (math.exp(k * x1) - math.exp(k * x0)) / k - (x1 - x0)
            total += integral / math.expm1(k * span)
    return total


def _cumulative(rates: Mapping[int, float], year: int) -> float:
    factor = 1.0
    for y, r in rates.items():
        if y <= year:
            factor *= 1.0 + r
    return factor


def project(assumptions: MacroAssumptions | None = None) -> MacroProjection:
    """Baseline and plan value added per year, ``first_year`` .. ``last_year``."""
    a = assumptions or MacroAssumptions()
    years = range(a.first_year, a.last_year + 1)

    baseline: dict[int, float] = {2019: a.value_added_2018 * (1 + a.growth_2019)}
    baseline[2021] = baseline[2019] * (1 + a.baseline_change_2019_2021)
    baseline[2020] = baseline[2021] / (1 + a.baseline_growth_2021)
    jobs: dict[int, float] = {2019: a.jobs_2019}
    jobs[2021] = a.jobs_2019 * (1 + a.baseline_jobs_change_2019_2021)
    jobs[2020] = jobs[2021] / (1 + a.baseline_growth_2021)  # 2021 growth is job-driven
    mlt: dict[int, float] = {2019: baseline[2019]}
    for y in years:
        if y >= 2022:
            baseline[y] = baseline[y - 1] * (1 + a.baseline_growth_after_2021)
            jobs[y] = jobs[y - 1] * (1 + a.baseline_growth_after_2021)
        if y >= 2020:
            growth = a.mlt_growth_to_2021 if y <= 2021 else a.mlt_growth_2022_2025
            mlt[y] = mlt[y - 1] * (1 + growth)

    rows = []
    for y in years:
        b = baseline[y]
        job_factor = _cumulative(a.extra_job_growth, y)
        kop = a.koplopers_value_added_share * (_cumulative(a.koplopers_productivity_growth, y) - 1)
        share = (
            peloton_year_average(y, a)
            if a.peloton_timing == YEAR_AVERAGE
            else peloton_level(float(y + 1), a)
        )
        pel = a.peloton_value_added_gain * share
        plan = b * job_factor * (1 + kop + pel)
        rows.append(
            MacroYear(
                year=y,
                baseline=b,
                plan=plan,
                mlt=mlt[y],
                jobs_effect=b * (job_factor - 1),
                koplopers_effect=b * job_factor * kop,
                peloton_effect=b * job_factor * pel,
                peloton_percentiles=a.peloton_percentiles * share,
                baseline_jobs=jobs[y],
                extra_jobs=jobs[y] * (job_factor - 1),
                government_revenue=a.government_share * (plan - b),
            )
        )
    return MacroProjection(a, tuple(rows))


@dataclass(frozen=True)
class HeadlineCheck:
    """One of the slide's headline figures against the model."""

    name: str
    label: str
    model: float
    low: float
    high: float

    @property
    def within(self) -> bool:
        return self.low <= self.model <= self.high

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "within": self.within}


def _headline_value(projection: MacroProjection, name: str) -> float:
    last = projection.assumptions.last_year
    values: dict[str, Callable[[], float]] = {
        "gap_2025": lambda: projection.year(last).gap,
        "gap_cumulative_2021_2025": projection.cumulative_gap,
        "government_revenue_2025": lambda: projection.year(last).government_revenue,
        "government_revenue_cumulative_2021_2025": projection.cumulative_government_revenue,
        "extra_jobs_2025": lambda: projection.year(last).extra_jobs,
    }
    if name not in values:
        raise KeyError(f"unknown headline figure {name}")
    return float(values[name]())


def compare_headline(
    projection: MacroProjection, headline: Mapping[str, Mapping[str, Any]]
) -> list[HeadlineCheck]:
    """The model against the slide's figures (``params.macro()["headline"]``: name ->
    {label, min, max})."""
    return [
        HeadlineCheck(
            name=name,
            label=str(spec.get("label", name)),
            model=_headline_value(projection, name),
            low=float(spec["min"]),
            high=float(spec["max"]),
        )
        for name, spec in headline.items()
    ]
