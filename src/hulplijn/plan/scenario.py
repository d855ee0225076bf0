"""Scenarios: the baseline plan with overrides, and a side-by-side comparison with the baseline.

A scenario is plain data (the CLI reads it from a YAML file and passes the mapping). Structure::

    name: Zonder investeringskorting, ontwikkelbudget een jaar later   # optional
    description: free text                                            # optional
    start_year: 2022          # optional: the whole plan starts later; every measure's start year
                              # moves by (2022 - general.start_year), unless set per measure
    drop: ["2"]               # optional: measures left out of the plan (ids 1-10)
    general:                  # optional: general parameters (firms, value_added, employees,
      flowback_share: 0.4     #           flowback_share)
    measures:                 # optional, per measure id (as in plan_assumptions.yaml):
      "7":
        start_year: 2023      #   another start year (the whole timing moves with it)
        drop: false           #   same as listing the id under drop
        ramp: [0.5, 1.0]      #   another ramp (factor per year of the measure, the last holds)
        duration_years: 3     #   another duration (null: to the end)
        params:               #   parameters: a number (a point), or min/max (mid optional),
          user_share: 0.05    #   or {value: x}; an override replaces the whole range
          productivity_gain: {min: 0.05, max: 0.08}

Unknown keys, measure ids and parameter names are refused (:class:`ScenarioError`, one
``hulplijn.core.Problem`` per problem: a stable code, the key's path such as
``measures.7.params.user_share`` and a Dutch and English text), so a typo never silently does
nothing. ``plan_assumptions.yaml`` carries one worked
scenario, ``report_implied_scenario``: the timing the report's table implies but its assumptions
do not state.

Comparison: :func:`compare` puts a variant beside the baseline per measure and year (investment,
value-added growth, contribution, revenue; min / mid / max) with the differences; a dropped
measure counts as zero in the variant, so the total falls by exactly its contribution.

Pure: no file I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from hulplijn.core.errors import Problem, Refused
from hulplijn.core.firm import custom_error
from hulplijn.core.text import Text
from hulplijn.core.validation import dotted_path, problems_from
from hulplijn.plan.assumptions import BOUNDS, Param, PlanAssumptions, as_assumptions
from hulplijn.plan.measures import MEASURES
from hulplijn.plan.results import PlanResult, _band

GENERAL_PARAMS = ("firms", "value_added", "employees", "flowback_share")
WHOLE_POINTS = ("va_lag_years",)
"""Parameters that must be one whole number (a lag in years), never a range."""
RANGE = {"min", "mid", "max"}
YEAR_LIMITS = (2000, 2100)
MAX_VALUE = 10**12
"""The largest number a scenario may set (a parameter, a ramp factor): the plan's figures are
counts up to millions and amounts in EUR bn."""


class ScenarioError(Refused):
    """A scenario that cannot be applied; ``problems`` says which keys and why (``Problem``: code,
    path such as ``measures.7.start_year``, Dutch and English text)."""


MESSAGES: dict[str, Text] = {
    "extra_forbidden": Text("onbekende sleutel", "unknown key"),
    "too_short": Text("geef minstens één factor", "give at least one factor"),  # only the ramp
    "bool_type": Text("moet true of false zijn", "must be true or false"),  # as YAML writes them
    "bool_parsing": Text("moet true of false zijn", "must be true or false"),
}
"""pydantic error types a scenario words its own way (the rest: ``hulplijn.core.validation``)."""
NOT_A_MAPPING = Problem(
    "not_a_mapping",
    Text(
        "Een scenario bestaat uit sleutels met waarden (sleutel: waarde), niet uit een lijst of "
        "een losse waarde.",
        "A scenario must be a mapping of keys with values (key: value), not a list or a value.",
    ),
)


class FiniteParam(Param):
    """A parameter a scenario sets: finite numbers up to ``MAX_VALUE`` only. The baseline may
    say ``inf`` (no yearly cap); an override of 'inf' or '1e400' is refused, not computed with."""

    model_config = ConfigDict(allow_inf_nan=False)

    min: float = Field(le=MAX_VALUE)
    mid: float = Field(le=MAX_VALUE)
    max: float = Field(le=MAX_VALUE)


class MeasureOverride(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    drop: bool = False
    start_year: int | None = None
    duration_years: int | None = Field(default=None, ge=1)
    ramp: list[Annotated[float, Field(le=MAX_VALUE)]] | None = Field(default=None, min_length=1)
    params: dict[str, FiniteParam] = Field(default_factory=dict)

    @field_validator("ramp")
    @classmethod
    def _ramp(cls, ramp: list[float] | None) -> list[float] | None:
        if ramp is not None and any(x < 0 for x in ramp):
            raise custom_error(
                "ramp_negative",
                "opbouwfactoren moeten 0 of meer zijn",
                "ramp factors must be 0 or more",
            )
        return ramp


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    name: str = "scenario"
    description: str | None = None
    start_year: int | None = None
    drop: list[str] = Field(default_factory=list)
    general: dict[str, FiniteParam] = Field(default_factory=dict)
    measures: dict[str, MeasureOverride] = Field(default_factory=dict)

    @field_validator("drop", mode="before")
    @classmethod
    def _ids(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [str(v) for v in value]
        return value

    @field_validator("measures", mode="before")
    @classmethod
    def _keys(cls, value: Any) -> Any:
        if isinstance(value, Mapping):
            return {str(k): ({} if v is None else v) for k, v in value.items()}
        return value


def _refused(error: ValidationError) -> ScenarioError:
    return ScenarioError(problems_from(error, messages=MESSAGES, path=dotted_path))


def load(data: Scenario | Mapping[str, Any] | None) -> Scenario:
    """Validate plain data (a scenario file as loaded) into a :class:`Scenario`."""
    if isinstance(data, Scenario):
        return data
    if data is None:
        return Scenario()
    if not isinstance(data, Mapping):
        raise ScenarioError([NOT_A_MAPPING])
    try:
        return Scenario.model_validate(dict(data))
    except ValidationError as error:
        raise _refused(error) from None


def apply(
    assumptions: PlanAssumptions | Mapping[str, Any],
    scenario: Scenario | Mapping[str, Any],
) -> tuple[PlanAssumptions, str, tuple[str, ...]]:
    """The assumptions with the scenario's overrides: (assumptions, scenario name, dropped ids).
    The input is not changed."""
    base = as_assumptions(assumptions)
    s = load(scenario)
    problems = _problems(base, s)
    if problems:
        raise ScenarioError(problems)

    data = base.model_dump()
    shift = 0
    if s.start_year is not None:
        shift = s.start_year - round(base.general.start_year.mid)
        data["general"]["start_year"] = {
            "min": s.start_year,
            "mid": s.start_year,
            "max": s.start_year,
        }
    for name, param in s.general.items():
        data["general"][name] = {**data["general"][name], **param.model_dump(include=RANGE)}
    for measure_id, m in data["measures"].items():
        m["start_year"] += shift
        found = s.measures.get(measure_id)
        if found is None:
            continue
        if found.start_year is not None:
            m["start_year"] = found.start_year
        if "duration_years" in found.model_fields_set:
            m["duration_years"] = found.duration_years
        if found.ramp is not None:
            m["ramp"] = list(found.ramp)
        for name, param in found.params.items():
            m["params"][name] = {**m["params"][name], **param.model_dump(include=RANGE)}
    dropped = tuple(
        i for i in base.measures if i in set(s.drop) or (i in s.measures and s.measures[i].drop)
    )
    try:
        changed = PlanAssumptions.model_validate(data)
    except ValidationError as error:
        raise _refused(error) from None
    return changed, s.name, dropped


def _problems(base: PlanAssumptions, s: Scenario) -> list[Problem]:
    """What the assumptions refuse in a valid scenario: unknown ids and names, implausible years,
    a range where a whole number of years belongs."""
    problems: list[Problem] = []
    ids = ", ".join(base.measures)
    for measure_id in [*s.drop, *s.measures]:
        if measure_id not in base.measures:
            problems.append(
                _problem(
                    "unknown_measure",
                    f"measures.{measure_id}",
                    f"onbekende maatregel; bekend zijn {ids}",
                    f"unknown measure id (known: {ids})",
                )
            )
    for name in s.general:
        if name not in GENERAL_PARAMS:
            known = ", ".join(GENERAL_PARAMS)
            problems.append(
                _problem(
                    "unknown_general_parameter",
                    f"general.{name}",
                    f"onbekende algemene parameter; bekend zijn {known}",
                    f"unknown general parameter (known: {known})",
                )
            )
    first = base.general.first_year
    years = [(s.start_year, "start_year")]
    years += [(o.start_year, f"measures.{i}.start_year") for i, o in s.measures.items()]
    for year, where in years:  # years are names, not quantities: no thousands separator
        if year is not None and not YEAR_LIMITS[0] <= year <= YEAR_LIMITS[1]:
            problems.append(
                _problem(
                    "implausible_year",
                    where,
                    f"{year} is geen aannemelijk jaar",
                    f"{year} is not a plausible year",
                )
            )
        elif year is not None and year < first:
            problems.append(
                _problem(
                    "year_before_plan",
                    where,
                    f"{year} ligt vóór het eerste jaar van het plan ({first})",
                    f"{year} lies before the plan's first year {first}",
                )
            )
    for measure_id, override in s.measures.items():
        measure = base.measures.get(measure_id)
        if measure is None:
            continue
        names = MEASURES[measure.key].params
        for name in override.params:
            where = f"measures.{measure_id}.params.{name}"
            if name not in names:
                known = ", ".join(names)
                problems.append(
                    _problem(
                        "unknown_parameter",
                        where,
                        f"onbekende parameter van maatregel {measure_id}; bekend zijn {known}",
                        f"unknown parameter of measure {measure_id} "
                        f"({measure.key}; known: {known})",
                    )
                )
            elif name in WHOLE_POINTS:
                p = override.params[name]
                if p.min != p.max or p.min != round(p.min):
                    problems.append(
                        _problem(
                            "whole_years",
                            where,
                            "moet één heel aantal jaren zijn, geen bereik",
                            "must be one whole number of years, not a range",
                        )
                    )
    return problems


def _problem(code: str, path: str, nl: str, en: str) -> Problem:
    return Problem(code, Text(nl, en), path)


# --------------------------------------------------------------------------------------------------
# Comparison

QUANTITIES = ("investment", "va_growth", "contribution", "revenue")


@dataclass(frozen=True)
class Row:
    """One measure (or the total): baseline, variant and variant - baseline, each (3, years)."""

    id: str
    name: str
    in_baseline: bool
    in_variant: bool
    baseline: Mapping[str, np.ndarray]
    variant: Mapping[str, np.ndarray]

    def difference(self, quantity: str) -> np.ndarray:
        difference: np.ndarray = self.variant[quantity] - self.baseline[quantity]
        return difference

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "in_baseline": self.in_baseline,
            "in_variant": self.in_variant,
            **{
                q: {
                    "baseline": _band(self.baseline[q]),
                    "variant": _band(self.variant[q]),
                    "difference": _band(self.difference(q)),
                }
                for q in QUANTITIES
            },
        }


@dataclass(frozen=True)
class Comparison:
    years: tuple[int, ...]
    scenario: str | None
    rows: tuple[Row, ...]
    total: Row
    baseline: PlanResult
    variant: PlanResult

    def row(self, measure_id: str) -> Row:
        for r in self.rows:
            if r.id == str(measure_id):
                return r
        raise KeyError(measure_id)

    def to_dict(self) -> dict[str, Any]:
        def scalar(result: PlanResult) -> dict[str, Any]:
            t = result.total
            return {
                "va_2025": _band(t.va_2025),
                "investment_total": _band(t.investment_total),
                "revenue_total": _band(t.revenue_total),
                "roi": _band(t.roi),
            }

        return {
            "years": list(self.years),
            "scenario": self.scenario,
            "rows": [r.to_dict() for r in self.rows],
            "total": self.total.to_dict(),
            "headline": {"baseline": scalar(self.baseline), "variant": scalar(self.variant)},
        }


def _quantities(figures: Any, shape: tuple[int, int]) -> dict[str, np.ndarray]:
    if figures is None:
        return {q: np.zeros(shape) for q in QUANTITIES}
    return {q: np.asarray(getattr(figures, q), dtype=float) for q in QUANTITIES}


def compare(baseline: PlanResult, variant: PlanResult) -> Comparison:
    """The variant beside the baseline, per measure and in total; absent measures count as 0."""
    if baseline.years != variant.years:
        raise ValueError("baseline and variant cover different years")
    shape = (len(BOUNDS), len(baseline.years))
    ids = [m.id for m in baseline.measures]
    ids += [m.id for m in variant.measures if m.id not in ids]
    rows = []
    for i in ids:
        b = next((m for m in baseline.measures if m.id == i), None)
        v = next((m for m in variant.measures if m.id == i), None)
        either = b or v
        assert either is not None  # every id comes from one of the two runs
        rows.append(
            Row(
                id=i,
                name=either.name,
                in_baseline=b is not None,
                in_variant=v is not None,
                baseline=_quantities(b and b.figures, shape),
                variant=_quantities(v and v.figures, shape),
            )
        )
    total = Row(
        "total",
        "Totaal",
        True,
        True,
        _quantities(baseline.total, shape),
        _quantities(variant.total, shape),
    )
    return Comparison(baseline.years, variant.scenario, tuple(rows), total, baseline, variant)


__all__ = ["Comparison", "Row", "Scenario", "ScenarioError", "apply", "compare", "load"]
