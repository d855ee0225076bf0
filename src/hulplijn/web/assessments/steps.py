"""The wizard's steps, how their answers become a FirmInput, and engine problems become fields."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from hulplijn.core.firm import LIQUIDITY_ITEMS, PLAN_CODES
from hulplijn.web.assessments import forms
from hulplijn.web.assessments.models import AssessmentRound


@dataclass(frozen=True)
class Step:
    slug: str
    title: Any
    intro: Any
    form: type[forms.StepForm] | None
    optional: bool = False  # not needed to calculate (never "missing")


STEPS: tuple[Step, ...] = (
    Step(
        "sector",
        _("Sector and size"),
        _(
            "Which sector is your firm in, and how many people work in it? We compare you with firms "
            "of the same sector and size."
        ),
        forms.SectorForm,
    ),
    Step(
        "resultaten",
        _("Results of two years"),
        _(
            "Three figures for each of two years, from your profit and loss account and staff "
            "records. They show how productivity and jobs developed."
        ),
        forms.ResultsForm,
    ),
    Step(
        "liquiditeit",
        _("Liquidity"),
        _(
            "Balance-sheet items at the moments of this round: how long could your cash cover "
            "your costs, and could you pay your short-term debts?"
        ),
        forms.LiquidityForm,
    ),
    Step(
        "solvabiliteit",
        _("Solvency"),
        _(
            "Two figures from your current balance sheet: how much of what the firm owns is financed "
            "with its own money?"
        ),
        forms.SolvencyForm,
    ),
    Step(
        "plannen",
        _("Your plans"),
        _(
            "For the schemes that are open now: what are you planning in the coming year, and "
            "what is your firm's legal form? Tick what applies, or nothing. You may also skip "
            "this step."
        ),
        forms.PlansForm,
        optional=True,
    ),
    Step(
        "toestemming",
        _("Use of your figures"),
        _("You decide whether your figures may also be used, anonymously, for statistics."),
        forms.ConsentForm,
    ),
    Step(
        "inschatting",
        _("Your guess"),
        _("Before you see the outcome: where do you think you stand?"),
        forms.GuessForm,
    ),
    Step(
        "controle",
        _("Check and calculate"),
        _("Check your figures. You can still go back to change them."),
        None,
    ),
)
SLUGS = tuple(s.slug for s in STEPS)
BY_SLUG = {s.slug: s for s in STEPS}


MAX_ANSWER_CHARS = 1000
"""What is kept of one typed answer (the longest real one, an amount, has some 20 characters)."""


def known_answers(step: str, round: AssessmentRound, posted: Mapping[str, Any]) -> dict[str, str]:
    """What a step keeps of a POST: only the step form's own fields (for the round's years and
    moments), each as text of at most MAX_ANSWER_CHARS. Any other field a browser sends (the
    CSRF token, the button, made-up names) is not stored."""
    spec = BY_SLUG.get(step)
    if spec is None or spec.form is None:
        return {}
    names = spec.form(round=round).fields
    return {
        name: str(posted[name])[:MAX_ANSWER_CHARS]
        for name in names
        if name in posted and posted[name] is not None
    }


def jsonable(data: dict[str, Any]) -> dict[str, Any]:
    """Cleaned form data as JSON: decimals as strings, so no cent is lost."""
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in data.items()}


def _num(value: Any) -> float:
    return float(Decimal(str(value)))


def firm_input(clean: dict[str, dict[str, Any]], round: AssessmentRound) -> dict[str, Any]:
    """The FirmInput data the engine takes, from the steps' cleaned answers."""
    sector, results = clean["sector"], clean["resultaten"]
    firm: dict[str, Any] = {
        "sbi": sector.get("sbi") or sector.get("sbi2025"),
        "sbi_version": "2008" if sector.get("sbi") else "2025",
        "working_persons": sector["working_persons"],
        "years": [
            {
                "year": year,
                **{k: _num(results[f"{k}_{i}"]) for k in ("gross_margin", "wage_costs", "fte")},
            }
            for i, year in ((1, round.year_1), (2, round.year_2))
        ],
    }
    liquidity = clean.get("liquiditeit") or {}
    if liquidity and not liquidity.get("skip"):
        firm["liquidity"] = [
            {"moment": moment, **{k: _num(liquidity[f"{k}_{i}"]) for k in LIQUIDITY_ITEMS}}
            for i, moment in enumerate(round.moments, start=1)
        ]
    solvency = clean.get("solvabiliteit") or {}
    if solvency and not solvency.get("skip"):
        firm["solvency"] = {k: _num(solvency[k]) for k in ("equity", "total_assets")}
    plans = clean.get("plannen")
    if plans is not None:
        firm["plans"] = [code for code in PLAN_CODES if plans.get(f"plan_{code}")]
        if plans.get("legal_form"):  # optional; the engine validates it
            firm["legal_form"] = plans["legal_form"]
    return firm


_INDEXED = re.compile(r"^(years|liquidity)\[(\d)\](?:\.(\w+))?$")


def field_of(path: str, version: str = "2008") -> tuple[str, str | None]:
    """The wizard step and field where an engine problem at ``path`` belongs."""
    if path == "sbi":
        return "sector", "sbi" if version == "2008" else "sbi2025"
    if path == "working_persons":
        return "sector", "working_persons"
    match = _INDEXED.match(path)
    if match:
        group, index, name = match.group(1), int(match.group(2)) + 1, match.group(3)
        step = "resultaten" if group == "years" else "liquiditeit"
        return step, f"{name}_{index}" if name and name != "year" and name != "moment" else None
    if path.startswith("solvency"):
        name = path.partition(".")[2]
        return "solvabiliteit", name or None
    return "controle", None
