"""The plan model's input: every measure's parameters (each a range with its source), the general
figures and the financing sources, validated from ``reference/data/plan_assumptions.yaml``.
The model itself is ``hulplijn.plan.impact``; see that module for the report's definitions."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from hulplijn.core.firm import custom_error
from hulplijn.core.validation import number
from hulplijn.plan.measures import MEASURES

BOUNDS: tuple[str, ...] = ("min", "mid", "max")
TOLERANCE = 0.05 + 1e-9
"""The report prints one decimal (r. 5414-5456): a figure of ours matches a printed one when it is
within half a unit of the last printed digit."""


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
            raise custom_error(
                "not_a_number",
                "geef een getal, {value: x} of min en max",
                f"{kind} is not a number: give a number, {{value: x}} or min and max",
            )
        data = dict(data)
        if "value" in data:
            value = data.pop("value")
            if any(k in data for k in BOUNDS):
                raise custom_error(
                    "value_and_range",
                    "geef één waarde óf min en max, niet allebei",
                    "give either value or min and max, not both",
                )
            data.update(min=value, mid=value, max=value)
        elif "min" in data and "max" in data and data.get("mid") is None:
            with contextlib.suppress(TypeError, ValueError):  # the field validation reports it
                data["mid"] = (float(data["min"]) + float(data["max"])) / 2
        return data

    @model_validator(mode="after")
    def _ordered(self) -> Param:
        if any(math.isnan(x) for x in (self.min, self.mid, self.max)):
            raise custom_error("nan", "geen getal", "not a number")
        if self.min < 0:
            raise custom_error(
                "negative_min",
                f"de laagste waarde (min) {number(self.min, 'nl')} is negatief",
                f"the lowest value (min) {number(self.min, 'en')} is negative",
            )
        if not self.min <= self.mid <= self.max:
            raise custom_error(
                "unordered_range",
                "min, midden en max mogen niet aflopen (min ≤ midden ≤ max)",
                "min, mid and max must not decrease (min <= mid <= max)",
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


class Reach(BaseModel):
    """The report's maximum reach of a measure or of the plan (the slide "Er is geen 'silver
    bullet'", column "Max. bereik (# mkb-bedrijven x1.000 excl. ZZP)"): a number of SMEs, as a
    range or ``value`` (``all_firms``: the report's "alle"), with how sure its reading is."""

    model_config = ConfigDict(extra="allow")
    min: float = Field(ge=0)
    max: float = Field(ge=0)
    all_firms: bool = False
    unit: str | None = None
    unit_nl: str | None = None
    label: str | None = None
    label_en: str | None = None
    source: str | None = None
    confidence: Literal["high", "medium", "low"]
    basis: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _point(cls, data: Any) -> Any:
        if isinstance(data, Mapping) and "value" in data:
            data = dict(data)
            value = data.pop("value")
            data.update(min=value, max=value)
        return data

    @model_validator(mode="after")
    def _ordered(self) -> Reach:
        if self.min > self.max:
            raise ValueError("max_reach: min above max")
        return self


class MeasureReport(BaseModel):
    """The report's own figures for one measure (appendix 2/3 and 3/3; the maximum reach from
    the slide "Er is geen 'silver bullet'")."""

    model_config = ConfigDict(extra="allow")
    investment: list[float]
    investment_total: float
    va_growth: list[float]
    va_growth_total: float
    va_2025: Interval
    investment_range: Interval
    table_source: str | None = None
    max_reach: Reach | None = None


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
            raise custom_error(
                "not_positive",
                "het aantal bedrijven en werkenden moet groter zijn dan 0",
                "firms and employees must be positive",
            )
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
