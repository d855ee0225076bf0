"""FirmInput: the figures an SME owner enters (docs/domain.md section 1)."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from hulplijn.core.errors import InvalidInput
from hulplijn.core.validation import problems_from

MAX_AMOUNT = 1e12  # euros; far above any SME, keeps arithmetic finite
_MOMENT = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_SBI = re.compile(r"^\d{2}(\d{0,3})$")

CENT = 0.01  # the smallest amount (euros) and the smallest FTE the engine accepts besides 0


def custom_error(code: str, nl: str, en: str) -> PydanticCustomError:
    """A validation error with our own Dutch and English message."""
    return PydanticCustomError(code, en, {"message_nl": nl, "message_en": en})


def _not_a_boolean(value: Any) -> Any:
    if isinstance(value, bool):
        raise custom_error(
            "bool_not_number",
            "moet een getal zijn, geen ja/nee",
            "must be a number, not true/false",
        )
    return value


def _at_least_a_cent(value: float) -> float:
    """Refuse amounts between 0 and one cent: they are typing errors, and they would make the
    report's ratios overflow or divide by zero."""
    if 0 < abs(value) < CENT:
        raise custom_error(
            "below_cent", "moet 0 zijn of minstens 0,01", "must be 0 or at least 0.01"
        )
    return value


NoBool = BeforeValidator(_not_a_boolean)
Finite = Field(allow_inf_nan=False)  # first, so NaN and infinity are named as such
Amount = Annotated[
    float, Finite, NoBool, Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT), AfterValidator(_at_least_a_cent)
]
NonNegativeAmount = Annotated[
    float, Finite, NoBool, Field(ge=0, le=MAX_AMOUNT), AfterValidator(_at_least_a_cent)
]
PositiveQuantity = Annotated[float, Finite, NoBool, Field(gt=0), AfterValidator(_at_least_a_cent)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class YearFigures(_Strict):
    """Results of one reference year: gross margin, wage costs and FTE (report: 2016 and 2018)."""

    year: Annotated[int, NoBool, Field(ge=1990, le=2100)]
    gross_margin: Amount
    wage_costs: NonNegativeAmount
    fte: Annotated[PositiveQuantity, Field(le=100_000)]


class LiquidityMoment(_Strict):
    """Balance-sheet items at one moment (e.g. February 2020); the costs are yearly amounts."""

    moment: str
    cash: NonNegativeAmount
    short_term_receivables: NonNegativeAmount
    trade_debtors: NonNegativeAmount
    short_term_debts: NonNegativeAmount
    trade_creditors: NonNegativeAmount
    interest_costs: NonNegativeAmount
    wage_costs: NonNegativeAmount
    other_costs: NonNegativeAmount

    @field_validator("moment")
    @classmethod
    def _moment_form(cls, value: str) -> str:
        if not _MOMENT.match(value):
            raise custom_error(
                "moment_form",
                "moet de vorm jjjj-mm hebben, bijvoorbeeld 2020-02",
                "must look like yyyy-mm, for example 2020-02",
            )
        return value


LIQUIDITY_ITEMS = tuple(name for name in LiquidityMoment.model_fields if name != "moment")
YEAR_ITEMS = ("gross_margin", "wage_costs", "fte")


class Solvency(_Strict):
    """Current equity and total assets (balance sheet)."""

    equity: Amount
    total_assets: Annotated[PositiveQuantity, Field(le=MAX_AMOUNT)]

    @model_validator(mode="after")
    def _equity_within_assets(self) -> Solvency:
        if self.equity > self.total_assets:
            raise custom_error(
                "equity_above_assets",
                "het eigen vermogen (equity) kan niet groter zijn dan het balanstotaal "
                "(total_assets)",
                "equity cannot exceed total assets",
            )
        return self


Plan = Literal["invest", "green", "research", "innovate", "borrow", "train"]
PLAN_CODES = ("invest", "green", "research", "innovate", "borrow", "train")
"""The answers to the one extra question "Wat bent u de komende tijd van plan?", which the
current schemes' rules need (hulplijn.core.eligibility.PLANS words them); None: not asked."""


LegalForm = Literal["eenmanszaak", "vof", "bv", "other", "unknown"]
LEGAL_FORMS = ("eenmanszaak", "vof", "bv", "other", "unknown")
"""The firm's legal form, an optional question (prefilled from the KVK register where it is
known): sole proprietorship, general partnership (vof), private limited company (bv), another
form, or "don't know". None: not asked. The help-first route for the self-employed (Bbz) uses
it; without it, the number of working persons stands in (hulplijn.core.help_first)."""
SELF_EMPLOYED_FORMS = ("eenmanszaak", "vof")
"""Legal forms whose owners are self-employed (zelfstandigen) in the sense of the Bbz."""


class FirmInput(_Strict):
    """What the self-assessment asks: sector, size, two reference years, liquidity, solvency."""

    sbi: str
    sbi_version: Literal["2008", "2025"] = "2008"
    working_persons: Annotated[int, NoBool, Field(ge=1, le=1_000_000)] | None = None
    years: list[YearFigures] = Field(min_length=2, max_length=2)
    liquidity: list[LiquidityMoment] = Field(default_factory=list, max_length=2)
    solvency: Solvency | None = None
    plans: list[Plan] | None = Field(default=None, max_length=len(PLAN_CODES))
    legal_form: LegalForm | None = None

    @field_validator("sbi", mode="before")
    @classmethod
    def _sbi_form(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        cleaned = value.strip().replace(".", "").replace(" ", "")
        if not _SBI.match(cleaned):
            raise custom_error(
                "sbi_form",
                "moet een SBI-code van 2 tot 5 cijfers zijn, bijvoorbeeld 47 of 47.11",
                "must be an SBI code of 2 to 5 digits, for example 47 or 47.11",
            )
        return cleaned

    @field_validator("working_persons")
    @classmethod
    def _is_sme(cls, value: int | None) -> int | None:
        if value is not None and value >= 250:
            raise custom_error(
                "not_sme",
                "250 of meer werkzame personen is geen mkb; de hulplijn is voor bedrijven met "
                "minder dan 250 werkzame personen",
                "250 or more working persons is not an SME; the hulplijn is for firms with "
                "fewer than 250 working persons",
            )
        return value

    @field_validator("years")
    @classmethod
    def _distinct_years(cls, value: list[YearFigures]) -> list[YearFigures]:
        if len(value) == 2 and value[0].year == value[1].year:
            raise custom_error(
                "same_year",
                "de twee referentiejaren moeten verschillen",
                "the two reference years must differ",
            )
        return value

    @field_validator("liquidity")
    @classmethod
    def _distinct_moments(cls, value: list[LiquidityMoment]) -> list[LiquidityMoment]:
        if len({m.moment for m in value}) != len(value):
            raise custom_error(
                "same_moment",
                "elk moment mag maar een keer voorkomen",
                "each moment may occur only once",
            )
        return value

    @property
    def first_year(self) -> YearFigures:
        """The earlier reference year."""
        return min(self.years, key=lambda y: y.year)

    @property
    def last_year(self) -> YearFigures:
        """The later reference year."""
        return max(self.years, key=lambda y: y.year)


def parse_firm(data: Any) -> FirmInput:
    """Validate raw data into a FirmInput, or raise InvalidInput naming every bad field."""
    try:
        return FirmInput.model_validate(data)
    except ValidationError as error:
        raise InvalidInput(problems_from(error)) from None
