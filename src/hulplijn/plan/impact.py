"""The plan impact model: each of the ten plan measures from its stated assumptions to yearly
investment, additional value-added growth and contribution 2021-2025, government revenue, ROI and
financing per source.

Source: the seed report ``herstel-en-groeiplan-mkb.txt`` ("r." = line), appendix "Detaillering
aannames achter maatregelen Herstel- en groeiplan" 1/3 (r. 4992-5178), 2/3 (r. 5179-5336) and 3/3
(r. 5337-5460); headline slide r. 3656-3724; financing slides r. 3725-4021. The parameters, their
sources and the report's own figures are in ``reference/data/plan_assumptions.yaml``; the
derivations and what does not reproduce are in ``docs/reference/plan-model.md``.

Definitions (the report's):

- *value-added growth* of a measure in year t: the additional value added that year's measure
  activity adds ("Additionele groei toegevoegde waarde", r. 5416); it persists, so
- *contribution* in year t = the cumulative sum of value-added growth up to t ("Jaarlijkse
  bijdrage aan toegevoegde waarde ... t.o.v. CPB basisraming", r. 3708-3712: 4-6, 10-15, 13-19,
  17-25, 20-30); the contribution in 2025 is the "Geschatte additionele toegevoegde waarde (€ mld.,
  2025)" of r. 5182-5185;
- *investment* in year t: the public cost of the measure including co-financing ("Investeringen
  p.j.", r. 5414), not the private capital it moves;
- *government revenue* = 50% of the contribution, summed over the years (r. 3672-3676, 3714-3716);
- *ROI* = government revenue / total investment, both 2021-2025 (r. 3724, footnote r. 3714).

min / mid / max: every parameter has a range. ``min`` evaluates *every* parameter of the measure
(and the general ones) at its lower bound, ``max`` at its upper bound, ``mid`` at its mid value
(the report's point value where it states one, else the midpoint). All model outputs rise with
every parameter, so min and max bound the contribution and the investment; the totals' min is the
sum of the measures' mins. ROI is a ratio: its min is min revenue / max investment and its max is
max revenue / min investment, which is how the report's 250-500% comes out of 30-45 / 8.5-12.0.
The report's own ranges for 2025 are its midpoint -20% / +20% (plan_assumptions.yaml,
``metadata.midpoint_note``), so ours are wider; reproduction is judged on the mid.

Every measure function takes its parameters as arrays of shape (n, 1) and returns arrays of shape
(n, years): n = 3 for min/mid/max, n = draws for the Monte Carlo (``hulplijn.plan.montecarlo``).

Pure: plain data in (the YAML as loaded by ``hulplijn.reference.params.plan_assumptions()``),
results out; no file I/O.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

BOUNDS: tuple[str, ...] = ("min", "mid", "max")
TOLERANCE = 0.05 + 1e-9
"""The report prints one decimal (r. 5414-5456): a figure of ours matches a printed one when it is
within half a unit of the last printed digit."""


# --------------------------------------------------------------------------------------------------
# Input model


class Param(BaseModel):
    """One assumption: ``value`` (a point) or ``min``/``max`` with optional ``mid``."""

    model_config = ConfigDict(extra="allow")

    min: float
    mid: float
    max: float
    unit: str | None = None
    label: str | None = None
    source: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _point_or_range(cls, data: Any) -> Any:
        if isinstance(data, int | float) and not isinstance(data, bool):
            return {"min": data, "mid": data, "max": data}
        if not isinstance(data, Mapping):
            # the kind of value, never its repr (a list of user data can be long)
            kind = {str: "text", list: "a list", bool: "true/false"}.get(type(data), "this")
            raise ValueError(f"{kind} is not a number: give a number, {{value: x}} or min/max")
        data = dict(data)
        if "value" in data:
            value = data.pop("value")
            if any(k in data for k in BOUNDS):
                raise ValueError("give either value or min/max, not both")
            data.update(min=value, mid=value, max=value)
        elif "min" in data and "max" in data and data.get("mid") is None:
            with contextlib.suppress(TypeError, ValueError):  # the field validation reports it
                data["mid"] = (float(data["min"]) + float(data["max"])) / 2
        return data

    @model_validator(mode="after")
    def _ordered(self) -> Param:
        if any(math.isnan(x) for x in (self.min, self.mid, self.max)):
            raise ValueError("not a number")
        if self.min < 0:
            raise ValueError(f"min {self.min:g} is negative")
        if not self.min <= self.mid <= self.max:
            raise ValueError(
                f"needs min <= mid <= max, got min {self.min:g}, mid {self.mid:g}, max {self.max:g}"
            )
        return self

    def bounds(self) -> np.ndarray:
        """min, mid, max as a (3, 1) column."""
        return np.array([self.min, self.mid, self.max], dtype=float).reshape(3, 1)


def _unwrap_value(data: Any) -> Any:
    return data.get("value") if isinstance(data, Mapping) else data


class Financing(BaseModel):
    model_config = ConfigDict(extra="allow")
    source: str
    share: float = Field(ge=0, le=1)
    line: str | None = None


class Interval(BaseModel):
    model_config = ConfigDict(extra="allow")
    min: float
    max: float
    source: str | None = None


class MeasureReport(BaseModel):
    """The report's own figures for one measure (appendix 2/3 and 3/3)."""

    model_config = ConfigDict(extra="allow")
    investment: list[float]
    investment_total: float
    va_growth: list[float]
    va_growth_total: float
    va_2025: Interval
    investment_range: Interval
    table_source: str | None = None


class MeasureAssumptions(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    key: str
    name: str
    name_en: str | None = None
    report_number: str | None = None
    start_year: int
    duration_years: int | None = None
    ramp: list[float] = Field(min_length=1)
    params: dict[str, Param]
    participants_unit: str | None = None
    financing: list[Financing]
    report: MeasureReport

    @field_validator("start_year", "duration_years", mode="before")
    @classmethod
    def _value(cls, data: Any) -> Any:
        return _unwrap_value(data)

    @field_validator("ramp")
    @classmethod
    def _ramp(cls, ramp: list[float]) -> list[float]:
        if any(not math.isfinite(x) or x < 0 for x in ramp):
            raise ValueError("ramp factors must be finite and >= 0")
        return ramp

    @model_validator(mode="after")
    def _consistent(self) -> MeasureAssumptions:
        if self.key not in MEASURES:
            raise ValueError(f"unknown measure key {self.key!r}; known: {sorted(MEASURES)}")
        required = set(MEASURES[self.key].params)
        missing, unknown = required - set(self.params), set(self.params) - required
        if missing or unknown:
            raise ValueError(
                f"measure {self.id} ({self.key}): missing parameters {sorted(missing)}, "
                f"unknown parameters {sorted(unknown)}"
            )
        total = sum(f.share for f in self.financing)
        if self.financing and abs(total - 1) > 1e-9:
            raise ValueError(f"measure {self.id}: financing shares add up to {total}, not 1")
        if self.duration_years is not None and self.duration_years < 1:
            raise ValueError(f"measure {self.id}: duration_years must be at least 1")
        return self


class General(BaseModel):
    model_config = ConfigDict(extra="allow")
    firms: Param
    value_added: Param
    employees: Param
    flowback_share: Param
    start_year: Param
    first_year: int
    last_year: int

    @model_validator(mode="after")
    def _window(self) -> General:
        if self.last_year < self.first_year:
            raise ValueError("last_year before first_year")
        if self.firms.min <= 0 or self.employees.min <= 0:
            raise ValueError("firms and employees must be positive")
        return self


class FinancingSource(BaseModel):
    model_config = ConfigDict(extra="allow")
    label: str
    group: str


class PlanAssumptions(BaseModel):
    """The whole of plan_assumptions.yaml, validated. Extra keys (metadata, notes) are kept."""

    model_config = ConfigDict(extra="allow")

    general: General
    measures: dict[str, MeasureAssumptions]
    financing_sources: dict[str, FinancingSource]
    financing_groups: dict[str, str]
    report_totals: dict[str, Any]
    report_financing: dict[str, Any] = Field(default_factory=dict)
    report_implied_scenario: dict[str, Any] | None = None

    @model_validator(mode="before")
    @classmethod
    def _ids(cls, data: Any) -> Any:
        if isinstance(data, Mapping) and isinstance(data.get("measures"), Mapping):
            data = dict(data)
            data["measures"] = {
                str(k): ({**v, "id": str(k)} if isinstance(v, Mapping) else v)
                for k, v in data["measures"].items()
            }
        return data

    @model_validator(mode="after")
    def _consistent(self) -> PlanAssumptions:
        years = self.years()
        for m in self.measures.values():
            for f in m.financing:
                if f.source not in self.financing_sources:
                    raise ValueError(f"measure {m.id}: unknown financing source {f.source!r}")
            if len(m.report.investment) != len(years) or len(m.report.va_growth) != len(years):
                raise ValueError(f"measure {m.id}: report figures need one value per year {years}")
            if m.start_year < self.general.first_year:
                raise ValueError(
                    f"measure {m.id}: start_year {m.start_year} is before the plan's first year "
                    f"{self.general.first_year}"
                )
        for s in self.financing_sources.values():
            if s.group not in self.financing_groups:
                raise ValueError(f"unknown financing group {s.group!r}")
        return self

    def years(self) -> tuple[int, ...]:
        return tuple(range(self.general.first_year, self.general.last_year + 1))


def as_assumptions(data: PlanAssumptions | Mapping[str, Any]) -> PlanAssumptions:
    """Validate plain data (the YAML as loaded) into :class:`PlanAssumptions`."""
    if isinstance(data, PlanAssumptions):
        return data
    return PlanAssumptions.model_validate(data)


# --------------------------------------------------------------------------------------------------
# Timing and the measure functions


@dataclass(frozen=True)
class Context:
    """Calendar and the general parameters, as seen by one measure.

    ``activity`` is the measure's ramp factor per calendar year: 0 before ``start_year`` and after
    ``duration`` years, else ``ramp[k]`` for the k-th year of the measure (the last ramp factor
    holds for the rest)."""

    years: np.ndarray
    start_year: int
    duration: int | None
    ramp: tuple[float, ...]
    firms: np.ndarray
    value_added: np.ndarray
    employees: np.ndarray

    def running(self, offset: int = 0) -> np.ndarray:
        """1 in the years the measure runs (from ``start_year + offset``), else 0."""
        k = self.years - self.start_year
        on = k >= offset
        if self.duration is not None:
            on &= k < self.duration
        running: np.ndarray = on.astype(float)
        return running

    def activity(self) -> np.ndarray:
        k = np.clip(self.years - self.start_year, 0, len(self.ramp) - 1)
        activity: np.ndarray = self.running() * np.asarray(self.ramp, dtype=float)[k]
        return activity

    def at(self, year: int) -> np.ndarray:
        at: np.ndarray = (self.years == year).astype(float)
        return at

    @property
    def va_per_firm(self) -> np.ndarray:
        """Average value added per SME, EUR bn (205 bn / 250,000 = EUR 820,000; r. 5069-5071)."""
        per_firm: np.ndarray = self.value_added / self.firms
        return per_firm

    @property
    def va_per_employee(self) -> np.ndarray:
        """Value added per employee, EUR bn (205 bn / 2.6 m = EUR 78,846; r. 5071-5073)."""
        per_employee: np.ndarray = self.value_added / self.employees
        return per_employee


@dataclass(frozen=True)
class Series:
    """Yearly outputs of one measure, each (n, years), EUR bn (participants: count)."""

    investment: np.ndarray
    va_growth: np.ndarray
    participants: np.ndarray | None = None


P = Mapping[str, np.ndarray]


@dataclass(frozen=True)
class MeasureModel:
    params: tuple[str, ...]
    compute: Callable[[P, Context], Series]


def _cap_cumulative(desired: np.ndarray, cap: np.ndarray) -> np.ndarray:
    """Yearly flows whose running total may not pass ``cap`` (a budget or a demand ceiling)."""
    capped = np.minimum(np.cumsum(desired, axis=1), cap)
    return np.diff(capped, axis=1, prepend=0.0)


def _shift(x: np.ndarray, lag: int) -> np.ndarray:
    """``x`` moved ``lag`` years later along the year axis (zeros in front)."""
    if lag <= 0:
        return x
    out = np.zeros_like(x)
    if lag < x.shape[1]:
        out[:, lag:] = x[:, :-lag]
    return out


def _whole_point(values: np.ndarray, name: str) -> int:
    flat = np.unique(np.asarray(values, dtype=float).ravel())
    if flat.size != 1 or flat[0] != round(flat[0]) or flat[0] < 0:
        raise ValueError(f"{name} must be one whole number of years (a point value, not a range)")
    return int(flat[0])


def debt_relief(p: P, c: Context) -> Series:
    """1 Gericht verlichten van schulden (appendix r. 5112-5122; 2/3 r. 5308).

    The government's exposure on SMEs is EUR 5-10 bn (r. 5112-5114); 2-5% of it, 500-1,250 firms,
    is restructured each year (r. 5116-5118), so 25,000 firms carry exposure; the government takes
    a 30% net haircut (r. 5120-5122). A restructured firm keeps 75-100% of an average firm's value
    added (2/3, r. 5308).

    investment = exposure x share x haircut; participants = 25,000 x share;
    value-added growth = participants x EUR 820k x retained share.

    mid: 7.5 x 3.5% x 30% = EUR 0.079 bn a year (report 0.1, total 0.4; r. 5414);
    875 firms x 0.82 m x 87.5% = EUR 0.628 bn a year, 3.14 in 2025 against the report's 1.2-1.8
    (r. 5314): not reproduced. The report's row falls off (0.5 0.4 0.3 0.1 0.1, r. 5416), which
    "aflopend tijdens de crisis" (r. 5118) announces but does not quantify.
    """
    act = c.activity()
    share = p["restructured_share"]
    investment = p["exposure"] * share * p["haircut"] * act
    participants = p["exposed_firms"] * share * act
    va = participants * c.va_per_firm * p["va_retained_share"]
    return Series(investment, va, participants)


def investment_discount(p: P, c: Context) -> Series:
    """2 Tijdelijke investeringskorting (appendix r. 5007-5025; page r. 6210-6258).

    2021 and 2022 (r. 5007); 10-20% discount on innovative investment (r. 5009-5011); EUR 4 bn of
    innovative investment a year without the measure (r. 5013-5015), 50% more with it
    (r. 5021-5023); a yearly limit that is not quantified (r. 5017-5019, 6256-6258).

    investment (forgone tax) = min(discount x 4 x 1.5, cap); value-added growth = 4 x 50% x
    VA per EUR of extra investment. The appendix gives no VA per EUR for this measure; 1.0-1.25 is
    the page's EUR 2-2.5 bn value added a year (r. 6298-6300) over the EUR 2 bn extra investment.
    If the cap binds, the extra investment (and its value added) shrinks in proportion.

    mid: 15% x 6 = EUR 0.9 bn a year, 1.8 in total against the report's 1.4 a year and 2.2-3.1
    (r. 5310, 5418): not reproduced (the report's 1.35 a year is 15% of EUR 9 bn, not of 6).
    Value added 2.25 a year, 4.5 in 2025 (report 2.1 a year, 3.4-5.0; r. 5334, 5420).
    """
    act = c.activity()
    uncapped = p["discount_rate"] * p["baseline_investment"] * (1 + p["uplift"])
    capped = np.minimum(uncapped, p["yearly_cap"])
    taken = np.divide(capped, uncapped, out=np.zeros_like(capped), where=uncapped > 0)
    investment = capped * act
    va = p["baseline_investment"] * p["uplift"] * p["va_per_eur_additional_investment"] * taken
    return Series(investment, va * act, None)


def equity_fund(p: P, c: Context) -> Series:
    """3 Versterking eigen vermogen (appendix r. 5160-5176; 2/3 r. 5290; page r. 5461-5617).

    Non-banks lend EUR 2.8 bn a year to SMEs (r. 5160-5162); the fund supplies 30% of it
    (r. 5164-5166), within a fund of EUR 5 bn for 2021-2025 (r. 5170); it loses 10% of its loans a
    year (r. 5172); value added grows one year after the investment (r. 5174). 1,000-2,000 firms a
    year, EUR 400-600k value-added growth each (2/3, r. 5290). The 5-year revolving term
    (r. 5168) puts no repayment inside 2021-2025.

    lending = 2.8 x 30% = EUR 0.84 bn a year (cumulative cap 5); investment = 10% x lending;
    value-added growth in t = participants x VA per participant x lending(t - 1) / 0.84.

    mid: investment 0.084 a year, 0.42 in total (report 0.4, 0.3-0.5; r. 5290, 5422); value added
    1,500 x 0.5 m = 0.75 a year from 2022, 3.0 in 2025 (report 2.9, 2.4-3.5; r. 5316, 5424).
    The report's row starts at half speed (0.0 investment in 2021, 0.4 value added in 2022), the
    page's "minimaal 6-12 maanden" (r. 5571-5577) before the fund runs.
    """
    act = c.activity()
    planned = p["nonbank_lending"] * p["fund_share"]
    lending = _cap_cumulative(planned * act, p["fund_size"])
    investment = p["loss_rate"] * lending
    lag = _whole_point(p["va_lag_years"], "va_lag_years")
    scale = np.divide(1.0, planned, out=np.zeros_like(planned), where=planned > 0)
    participants = p["participants"] * lending * scale
    va = p["participants"] * p["va_per_participant"] * _shift(lending, lag) * scale
    return Series(investment, va, participants)


def innovation_scheme(p: P, c: Context) -> Series:
    """4 Investeringsregeling toepassing innovatie (appendix r. 5079-5093; page r. 5778-5810).

    EUR 100 m a year, half grants, half loans (r. 5083-5085); 80% used each year (r. 5087);
    10-20% of the loans not repaid (r. 5089); every EUR 1 of innovation investment yields EUR 2 of
    value added (r. 5091-5093); a loan only with an equal amount of private capital
    (page r. 5800-5804).

    used = 0.1 x 80% = 0.08; investment = grants 0.04 + loans 0.04 x default;
    innovation investment = 0.04 + 0.04 x (1 + 1) = 0.12; value-added growth = 2 x 0.12 = 0.24.

    mid: investment 0.046 a year, 0.23 in total (report 0.2, 0.2-0.3; r. 5296, 5426); value added
    0.24 a year, 1.2 in 2025 (report 0.2 a year, 1.2, 1.0-1.4; r. 5318, 5428): reproduced.
    """
    act = c.activity()
    used = p["scheme_size"] * p["uptake"]
    grants = used * p["grant_share"]
    loans = used - grants
    investment = (grants + loans * p["loan_default"]) * act
    innovation = grants + loans * (1 + p["private_match_per_loan_eur"])
    va = p["va_per_eur_innovation"] * innovation * act
    return Series(investment, va, p["participants"] * act)


def retraining(p: P, c: Context) -> Series:
    """5 Nationaal omscholingsprogramma (appendix r. 5124-5138; 2/3 r. 5272, 5298).

    2021 and 2022 (r. 5128); 100,000 workers retrained a year (r. 5134; 2/3: 80-120,000,
    r. 5272) against a demand of 200-225k (r. 5130-5132, a ceiling on the cumulative number);
    EUR 5,000-8,000 per worker (r. 5136); 10-20% productivity gain per worker (r. 5138; 2/3: 15%).

    investment = workers x cost; value-added growth = workers x EUR 78,846 x gain.

    mid: 100,000 x 6,500 = EUR 0.65 bn a year, 1.3 in total (report 0.7 a year, 1.3, 1.0-1.5;
    r. 5236, 5430); 100,000 x 78,846 x 15% = EUR 1.18 bn a year, 2.37 in 2025 (report 1.2, 2.4,
    1.9-2.8; r. 5320, 5432): reproduced.
    """
    act = c.activity()
    workers = _cap_cumulative(p["workers_per_year"] * act, p["shortage_demand"])
    investment = workers * p["cost_per_worker"] / 1e9
    va = workers * c.va_per_employee * p["productivity_gain"]
    return Series(investment, va, workers)


def labour_regulation(p: P, c: Context) -> Series:
    """6 Toekomstbestendige arbeidsregelgeving (appendix r. 5095-5105).

    From 2022 (r. 5095); EUR 0-10 m a year from 2021, i.e. from the year before the start
    (r. 5097); 0.1-0.4% extra productivity growth a year for all firms (r. 5099-5101), taken on the
    EUR 205 bn of SME value added; WW and other SZW effects left out (r. 5103-5105).

    value-added growth = 205 x gain; investment = cost.

    mid: 205 x 0.25% = EUR 0.51 bn a year from 2022, 2.05 in 2025 (report 0.5, 2.1, 1.6-2.5;
    r. 5322, 5436); investment 5 x 5 m = 0.025 (report 0.0, 0.0-0.1; r. 5246, 5434): reproduced.
    """
    act = c.activity()
    va = c.value_added * p["productivity_gain_per_year"] * act
    investment = p["cost_per_year"] * c.running(offset=-1)
    return Series(investment, va, None)


def development_budget(p: P, c: Context) -> Series:
    """7 Persoonlijk ontwikkelbudget (appendix r. 5035-5047; 2/3 r. 5274, 5300).

    From 2022 (r. 5035); EUR 1.3 bn a year for all employees (r. 5037-5039); 5-10% of the 2.6 m
    employees use it each year (r. 5041-5043); users gain ~10% productivity (r. 5045; 2/3: 5-10%,
    r. 5300, so mid 10% = max); EUR 25 m start-up in 2021, the year before the start (r. 5047).

    investment = 1.3 (+ 0.025 the year before); value-added growth = 2.6 m x share x EUR 78,846 x
    gain.

    mid: 195,000 users x 78,846 x 10% = EUR 1.54 bn a year from 2022, 6.15 in 2025 against the
    report's 5.0 and 4.0-6.0 (r. 5324, 5440); investment 5.2 against 4.3 and 3.4-4.6 (r. 5238,
    5438): not reproduced. The report's table ramps 50%, 75%, 100% (0.7 1.0 1.3 1.3 and 0.8 1.2
    1.5 1.5), which no assumption states; with that ramp both reproduce.
    """
    act = c.activity()
    users = c.employees * p["user_share"] * act
    investment = p["budget"] * act + p["startup_cost"] * c.at(c.start_year - 1)
    va = users * c.va_per_employee * p["productivity_gain"]
    return Series(investment, va, users)


def transparency(p: P, c: Context) -> Series:
    """8 Transparantie, ontwikkeling en advies (appendix r. 5140-5154; 2/3 r. 5276, 5302).

    EUR 20-30 m a year 2021-2025 (r. 5144) plus EUR 10 m start-up in 2021 (r. 5146);
    participation grows from 2% of firms in 2021 to 5% from 2023 (r. 5148-5150; 2022 not given,
    interpolated to 3.5%); participants' value added jumps 5% (r. 5152-5154; 2/3: 4-6%, r. 5302).

    participants = 250,000 x 5% x ramp (0.4, 0.7, 1.0); value-added growth = participants x
    EUR 820k x gain; investment = cost every year + start-up in the start year.

    mid: 2% x 250,000 = 5,000 firms x 820k x 5% = 0.205 (2021), 8,750 firms 0.359 (2022), 12,500
    firms 0.5125 (2023-2025): 2.10 in 2025 (report 0.2 0.4 0.5 0.5 0.5, 2.2, 1.7-2.6; r. 5326,
    5444); investment 5 x 25 m + 10 m = 0.135 (report 0.1, 0.1-0.2; r. 5240, 5442): reproduced.
    """
    act = c.activity()
    participants = c.firms * p["participation"] * act
    va = participants * c.va_per_firm * p["va_gain"]
    investment = p["cost_per_year"] * c.running() + p["startup_cost"] * c.at(c.start_year)
    return Series(investment, va, participants)


def restart(p: P, c: Context) -> Series:
    """9 Vergemakkelijken herstarten en stoppen (appendix r. 5053-5065; 2/3 r. 5280, 5306).

    4,000 firms a year stop and do not restart (r. 5057-5059); 20-30% could restart with the
    measure (r. 5061); a restructuring credit of EUR 250 m (r. 5063) loses 25% a year (r. 5065);
    a restarted firm has 75-100% of an average firm's value added (2/3, r. 5306).

    participants = 4,000 x share; investment = 0.25 x 25%; value-added growth = participants x
    EUR 820k x retained share.

    mid: 1,000 firms x 0.82 m x 87.5% = EUR 0.72 bn a year, 3.59 in 2025 against the report's 0.4
    a year and 1.5-2.2 (r. 5328, 5448); investment 0.0625 a year, 0.31 in total against 0.6 and
    0.5-0.7 (r. 5244, 5446): not reproduced on either. The page's cost, EUR 100-150 m a year
    (r. 7196-7198), matches the report's investment; the appendix's credit loss gives half of it.
    """
    act = c.activity()
    participants = p["stopping_firms"] * p["restart_share"] * act
    investment = p["credit"] * p["credit_loss"] * act
    va = participants * c.va_per_firm * p["va_retained_share"]
    return Series(investment, va, participants)


def digitalisation(p: P, c: Context) -> Series:
    """10 Opschaling digitaliseringsprogramma (appendix r. 4997-5005; 2/3 r. 5278, 5304).

    Ramp-in 75% in 2021, fully operational from 2022 (r. 4997); EUR 100 m a year (r. 4999);
    10,000 firms a year (r. 5001; 2/3: 8-12,000, r. 5278) gain 5% productivity (r. 5003-5005; 2/3:
    4-6%, r. 5304).

    participants = firms x ramp; value-added growth = participants x EUR 820k x gain;
    investment = 0.1 x ramp.

    mid: 10,000 x 0.82 m x 5% = 0.41 a year (0.3075 in 2021), 1.95 in 2025 (report 0.3 0.4 0.4 0.4
    0.4, 1.9, 1.6-2.3; r. 5330, 5452); investment 0.475 (report 0.5, 0.4-0.6; r. 5242, 5450):
    reproduced.
    """
    act = c.activity()
    participants = p["firms_per_year"] * act
    va = participants * c.va_per_firm * p["productivity_gain"]
    investment = p["cost_per_year"] * act
    return Series(investment, va, participants)


MEASURES: Mapping[str, MeasureModel] = {
    "debt_relief": MeasureModel(
        ("exposure", "restructured_share", "exposed_firms", "haircut", "va_retained_share"),
        debt_relief,
    ),
    "investment_discount": MeasureModel(
        (
            "baseline_investment",
            "uplift",
            "discount_rate",
            "va_per_eur_additional_investment",
            "yearly_cap",
        ),
        investment_discount,
    ),
    "equity_fund": MeasureModel(
        (
            "nonbank_lending",
            "fund_share",
            "fund_size",
            "term_years",
            "loss_rate",
            "va_lag_years",
            "participants",
            "va_per_participant",
        ),
        equity_fund,
    ),
    "innovation_scheme": MeasureModel(
        (
            "scheme_size",
            "grant_share",
            "uptake",
            "loan_default",
            "private_match_per_loan_eur",
            "va_per_eur_innovation",
            "participants",
        ),
        innovation_scheme,
    ),
    "retraining": MeasureModel(
        ("workers_per_year", "cost_per_worker", "productivity_gain", "shortage_demand"), retraining
    ),
    "labour_regulation": MeasureModel(
        ("productivity_gain_per_year", "cost_per_year"), labour_regulation
    ),
    "development_budget": MeasureModel(
        ("budget", "startup_cost", "user_share", "productivity_gain"), development_budget
    ),
    "transparency": MeasureModel(
        ("participation", "va_gain", "cost_per_year", "startup_cost"), transparency
    ),
    "restart": MeasureModel(
        ("stopping_firms", "restart_share", "credit", "credit_loss", "va_retained_share"), restart
    ),
    "digitalisation": MeasureModel(
        ("cost_per_year", "firms_per_year", "productivity_gain"), digitalisation
    ),
}
"""Measure key (plan_assumptions.yaml ``key``) -> its parameters and its function."""

KNOWN_GAPS: Mapping[str, str] = {
    "debt_relief": (
        "Value added about twice the report's: 875 firms x EUR 820k x 87.5% = 0.63 a year, "
        "constant; the report's row starts at 0.5 and falls off (0.5 0.4 0.3 0.1 0.1), a decline "
        "the appendix announces (r. 5118) but does not quantify, and even with that decline the "
        "investment (0.22) stays below the report's 0.3-0.4."
    ),
    "investment_discount": (
        "Cost 15% x EUR 6 bn = 0.9 a year; the report has 1.35 a year (2.2-3.1 in total), which is "
        "15% of EUR 9 bn. The stated assumptions give 1.2-2.4 in total."
    ),
    "equity_fund": (
        "Starts in 2021 at full speed; the report's table runs the fund half of 2021 (page: at "
        "least 6-12 months to set up, r. 5571-5577)."
    ),
    "development_budget": (
        "Full budget and full use from 2022; the report's table ramps 50%, 75%, 100% "
        "(r. 5438-5440), which no assumption states."
    ),
    "transparency": (
        "2022 participation interpolated to 3.5%; the report's 2025 midpoint (2.15) implies 4%."
    ),
    "restart": (
        "1,000 restarts x EUR 820k x 87.5% = 0.72 a year against the report's 0.4 (a restart at "
        "about half the average firm's value added); the appendix's credit loss (25% of EUR 250 m) "
        "is half the report's investment, which equals the page's cost of EUR 100-150 m a year."
    ),
}
"""Why a measure does not (fully) reproduce; docs/reference/plan-model.md has the derivations."""


# --------------------------------------------------------------------------------------------------
# Results


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


def _range_check(
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


# --------------------------------------------------------------------------------------------------
# Running the model


def evaluate(
    measure: MeasureAssumptions,
    values: Mapping[str, np.ndarray],
    general: Mapping[str, np.ndarray],
    years: tuple[int, ...],
) -> Series:
    """One measure for any number of parameter sets: ``values`` and ``general`` map names to
    arrays of shape (n, 1); the result has shape (n, len(years))."""
    context = Context(
        years=np.asarray(years),
        start_year=measure.start_year,
        duration=measure.duration_years,
        ramp=tuple(measure.ramp),
        firms=general["firms"],
        value_added=general["value_added"],
        employees=general["employees"],
    )
    return MEASURES[measure.key].compute(values, context)


def _figures(
    series: Series,
    flowback: np.ndarray,
    financing: list[Financing],
    sources: list[str],
    years: tuple[int, ...],
) -> Figures:
    investment = np.broadcast_to(series.investment, series.va_growth.shape).astype(float)
    contribution = np.cumsum(series.va_growth, axis=1)
    shares = {f.source: f.share for f in financing}
    return Figures(
        years=years,
        investment=investment,
        va_growth=series.va_growth,
        contribution=contribution,
        revenue=flowback * contribution,
        financing={s: shares.get(s, 0.0) * investment for s in sources},
        participants=series.participants,
    )


def _reproduction(m: MeasureAssumptions, f: Figures, scenario: str | None = None) -> Reproduction:
    report = m.report
    checks = (
        _range_check("va_2025", f.va_2025[1], report.va_2025, report.va_growth_total),
        _range_check(
            "investment_total",
            f.investment_total[1],
            report.investment_range,
            report.investment_total,
        ),
    )
    va_diff = f.va_growth[1] - np.asarray(report.va_growth)
    inv_diff = f.investment[1] - np.asarray(report.investment)
    profile = bool(np.all(np.abs(va_diff) <= TOLERANCE) and np.all(np.abs(inv_diff) <= TOLERANCE))
    reproduced = all(c.ok for c in checks)
    note = None if reproduced and profile else KNOWN_GAPS.get(m.key)
    if note and scenario is not None:
        note = f"{note} (This explains the baseline; scenario {scenario!r} changes the inputs.)"
    return Reproduction(
        reproduced, profile, checks, tuple(va_diff.tolist()), tuple(inv_diff.tolist()), note
    )


def _total_checks(total: Figures, report: Mapping[str, Any]) -> tuple[Check, ...]:
    checks = [
        _range_check("va_2025", total.va_2025[1], report["va_2025"]),
        _range_check("investment_total", total.investment_total[1], report["investment_total"]),
        _range_check("revenue_total", total.revenue_total[1], report["revenue_total"]),
        _range_check("roi", total.roi[1], report["roi"]),
        _range_check(
            "cumulative_contribution",
            total.cumulative_contribution[1],
            report["cumulative_contribution"],
        ),
    ]
    for key, series in (
        ("contribution_per_year", total.contribution),
        ("va_growth_per_year", total.va_growth),
        ("investment_per_year", total.investment),
    ):
        spec = report.get(key)
        if not spec:
            continue
        for year, value, (low, high) in zip(total.years, series[1], spec["values"], strict=True):
            checks.append(
                _range_check(
                    f"{key}:{year}", value, {"min": low, "max": high, "source": spec.get("source")}
                )
            )
    return tuple(checks)


def _financing_checks(
    result_groups: Mapping[str, np.ndarray],
    total: Figures,
    years: tuple[int, ...],
    report: Mapping[str, Any],
) -> tuple[Check, ...]:
    """Our financing (mid) per group and source against the slides' 2021 and 2022-2025 figures."""
    checks: list[Check] = []
    y = np.asarray(years)
    periods = {"2021": y == 2021, "2022-2025": (y >= 2022) & (y <= 2025), "2021-2025": y > 0}
    for period, spec in report.items():
        mask = periods.get(str(period))
        if mask is None or not mask.any() or not isinstance(spec, Mapping):
            continue
        if "total" in spec:
            checks.append(
                _range_check(f"{period}:total", total.investment[1][mask].sum(), spec["total"])
            )
        for group, interval in (spec.get("groups") or {}).items():
            if group in result_groups:
                checks.append(
                    _range_check(f"{period}:{group}", result_groups[group][1][mask].sum(), interval)
                )
        for source, interval in (spec.get("sources") or {}).items():
            if source in total.financing:
                checks.append(
                    _range_check(
                        f"{period}:{source}", total.financing[source][1][mask].sum(), interval
                    )
                )
    return tuple(checks)


def _verify(result: PlanResult, flowback: np.ndarray) -> None:
    """The totals are sums of the measures' components, and the identities hold."""
    t = result.total
    parts = result.measures

    def same(a: np.ndarray, b: np.ndarray, what: str) -> None:
        if not np.allclose(a, b, rtol=1e-12, atol=1e-12, equal_nan=True):
            raise ArithmeticError(f"plan model: {what} does not add up")

    zero = np.zeros_like(t.investment)
    same(t.investment, sum((m.figures.investment for m in parts), zero), "total investment")
    same(t.va_growth, sum((m.figures.va_growth for m in parts), zero), "total value-added growth")
    same(t.contribution, sum((m.figures.contribution for m in parts), zero), "total contribution")
    same(t.contribution, np.cumsum(t.va_growth, axis=1), "contribution = cumulated growth")
    same(t.revenue, flowback * t.contribution, "revenue = flow-back share x contribution")
    same(t.va_2025, sum((m.figures.va_2025 for m in parts), np.zeros(3)), "value added 2025")
    same(
        t.investment_total,
        sum((m.figures.investment_total for m in parts), np.zeros(3)),
        "investment 2021-2025",
    )
    same(sum(t.financing.values(), zero), t.investment, "financing = investment")
    for m in parts:
        same(
            sum(m.figures.financing.values(), zero),
            m.figures.investment,
            f"financing of measure {m.id}",
        )


def run(
    assumptions: PlanAssumptions | Mapping[str, Any],
    scenario: Any = None,
) -> PlanResult:
    """The plan: every measure at min / mid / max, the totals and the checks against the report.

    ``scenario``: None (the baseline), a mapping in the scenario-file format or a
    :class:`hulplijn.plan.scenario.Scenario`; see that module."""
    base = as_assumptions(assumptions)
    name = None
    dropped: tuple[str, ...] = ()
    if scenario is not None:
        from hulplijn.plan.scenario import apply  # scenario imports this module

        base, name, dropped = apply(base, scenario)
    years = base.years()
    g = base.general
    general = {k: getattr(g, k).bounds() for k in ("firms", "value_added", "employees")}
    flowback = g.flowback_share.bounds()
    sources = list(base.financing_sources)
    rows = []
    for mid_, m in base.measures.items():
        if mid_ in dropped:
            continue
        values = {k: p.bounds() for k, p in m.params.items()}
        figures = _figures(
            evaluate(m, values, general, years), flowback, m.financing, sources, years
        )
        rows.append(
            MeasureResult(
                m.id,
                m.key,
                m.name,
                m.start_year,
                m.participants_unit,
                figures,
                m.report,
                _reproduction(m, figures, name),
            )
        )
    zero = np.zeros((3, len(years)))

    def total_of(attr: str) -> np.ndarray:
        return sum((getattr(r.figures, attr) for r in rows), zero.copy())

    total = Figures(
        years=years,
        investment=total_of("investment"),
        va_growth=total_of("va_growth"),
        contribution=total_of("contribution"),
        revenue=total_of("revenue"),
        financing={s: sum((r.figures.financing[s] for r in rows), zero.copy()) for s in sources},
    )
    groups = {
        grp: tuple(s for s, spec in base.financing_sources.items() if spec.group == grp)
        for grp in base.financing_groups
    }
    checks = _total_checks(total, base.report_totals)
    headline = {"va_2025", "investment_total", "revenue_total", "roi"}
    jobs = (base.report_totals.get("jobs_2025") or {}).get("value")
    result = PlanResult(
        years=years,
        scenario=name,
        measures=tuple(rows),
        dropped=dropped,
        total=total,
        checks=checks,
        reproduced=all(c.ok for c in checks if c.name in headline),
        financing_groups=groups,
        financing_checks=(),
        jobs_2025_report=None if jobs is None else float(jobs),
    )
    result = PlanResult(
        **{
            **result.__dict__,
            "financing_checks": _financing_checks(
                result.group_financing(), total, years, base.report_financing
            ),
        }
    )
    _verify(result, flowback)
    return result


__all__ = [
    "BOUNDS",
    "MEASURES",
    "Check",
    "Context",
    "Figures",
    "MeasureAssumptions",
    "MeasureResult",
    "Param",
    "PlanAssumptions",
    "PlanResult",
    "Reproduction",
    "Series",
    "ValidationError",
    "as_assumptions",
    "evaluate",
    "run",
]
