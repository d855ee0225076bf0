"""The ten plan measures as functions from their parameters to yearly investment, value-added
growth and participants (docs/reference/plan-model.md has each derivation), and why some do not
(fully) reproduce the report."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np


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
        'the appendix announces (appendix "Detaillering aannames" 1/3, debt relief: "aflopend '
        'tijdens de crisis") but does not quantify, and even with that decline the '
        "investment (0.22) stays below the report's 0.3-0.4."
    ),
    "investment_discount": (
        "Cost 15% x EUR 6 bn = 0.9 a year; the report has 1.35 a year (2.2-3.1 in total), which is "
        "15% of EUR 9 bn. The stated assumptions give 1.2-2.4 in total."
    ),
    "equity_fund": (
        "Starts in 2021 at full speed; the report's table runs the fund half of 2021 (the measure "
        'page "Versterking eigen vermogen": at least 6-12 months to set up).'
    ),
    "development_budget": (
        "Full budget and full use from 2022; the report's table ramps 50%, 75%, 100% "
        '(appendix "Detaillering aannames" 3/3, the table per year), which no assumption states.'
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
"""Why a measure does not (fully) reproduce; docs/reference/plan-model.md has the derivations.
The notes are shown to people: they cite the report by section or slide title, never by a line
of a text extraction or a repository path (#16)."""


def reproduction_note(m: Any, dutch_notes: Mapping[str, str | None], dutch: bool) -> str:
    """Why measure result ``m`` does not (fully) reproduce, in the reader's language: the model
    writes it in English (``KNOWN_GAPS``); in Dutch it is ``dutch_notes[m.id]`` (plan_assumptions
    .yaml's ``reproduction_note_nl``) where there is one. Any other note (a scenario's) stays as
    the model wrote it."""
    note = m.reproduction.note or ""
    if note and dutch and note == KNOWN_GAPS.get(m.key):
        return dutch_notes.get(m.id) or note
    return note
