"""Guidance for one assessment: measures by programme, survey scores, practices to read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language

from hulplijn.core import Assessment as Result
from hulplijn.core import survey as scoring
from hulplijn.core.eligibility import sentence
from hulplijn.core.text import Text, pick
from hulplijn.reference import params
from hulplijn.web.assessments.models import Assessment
from hulplijn.web.guidance.models import BestPractice, SurveyResponse

STATUS_ORDER = {"eligible": 0, "unknown": 1, "not_eligible": 2, "not_applicable": 3}


def measures_by_programme(result: Result) -> list[dict[str, Any]]:
    """The measures with their verdict and reasons, grouped by the plan's programmes; the ten
    measures outside the plan last. Within a group: eligible first."""
    language = get_language()
    catalogue = params.measures()
    details = {m["id"]: m for m in catalogue["measures"]}
    groups = [
        {"code": p["code"], "name": pick(language, p["name"], p["name_en"]), "items": []}
        for p in catalogue["programmes"]
    ]
    others = {
        "code": None,
        "name": pick(
            language, "Overige maatregelen (niet in het plan)", "Other measures (not in the plan)"
        ),
        "items": [],
    }
    by_code = {g["code"]: g for g in groups}
    for verdict in result.eligible_measures:
        measure = details[verdict.id]
        item = {
            "id": verdict.id,
            "status": verdict.status,
            "name": pick(language, verdict.name, verdict.name_en),
            "description": pick(language, measure["description"], measure["description_en"]),
            "sentence": sentence(verdict, language),
            "in_plan": measure["in_plan"],
        }
        target = by_code.get(verdict.programme) if measure["in_plan"] else None
        (target or others)["items"].append(item)
    for group in [*groups, others]:
        group["items"].sort(key=lambda i: STATUS_ORDER[i["status"]])
    return [g for g in [*groups, others] if g["items"]]


@dataclass
class SurveyResult:
    survey: scoring.Survey
    title: str
    answered: bool
    themes: list[dict[str, Any]] = field(default_factory=list)
    area_score: float | None = None
    weak: list[str] = field(default_factory=list)
    programmes: list[dict[str, str]] = field(default_factory=list)
    comparison_n: int = 0


def _theme_names() -> dict[str, Text]:
    return {
        t["code"]: Text(t["name"], t["name_en"])
        for area in params.best_practices()["areas"]
        for t in area["themes"]
    }


def surveys(stored: Assessment, outcome: Result | None = None) -> list[SurveyResult]:
    """Per mini-survey: the firm's scores, its weakest themes, the programmes they lead to and,
    for groups of at least 10 consenting respondents of the same size class, their mean."""
    language, names = get_language(), _theme_names()
    rules = params.survey_scoring()
    answers = {r.survey: r.answers for r in stored.surveys.all()}
    # a programme that is a measure the firm does not qualify for is not recommended
    excluded = {
        v.id
        for v in (outcome.eligible_measures if outcome else [])
        if v.status in ("not_eligible", "not_applicable")
    }
    offered = [p for p in params.programmes() if p.measure_id not in excluded]
    results = []
    for survey in params.surveys():
        result = SurveyResult(
            survey, pick(language, survey.title, survey.title_en), survey.code in answers
        )
        if result.answered:
            mine = scoring.theme_scores(survey, answers[survey.code])
            others, n = _comparison(survey, stored)
            result.comparison_n = n
            result.area_score = scoring.area_score(mine)
            result.weak = scoring.weakest(mine, survey.themes, rules)
            result.themes = [
                {
                    "code": t,
                    "name": names[t](language),
                    "score": mine.get(t),
                    "others": others.get(t) if others else None,
                    "weak": t in result.weak,
                }
                for t in survey.themes
            ]
            result.programmes = [
                {
                    "name": pick(language, p.name, p.name_en),
                    "what": pick(language, p.what, p.what_en),
                    "url": p.url,
                    "measure_id": p.measure_id,
                }
                for p in scoring.recommended(result.weak, offered)
            ]
        results.append(result)
    return results


def _comparison(survey: scoring.Survey, stored: Assessment) -> tuple[dict[str, float] | None, int]:
    """Mean theme scores of other respondents of the same size class who agreed to statistical
    use; None when fewer than the disclosure minimum answered."""
    responses = (
        SurveyResponse.objects.filter(
            survey=survey.code,
            assessment__size_class=stored.size_class,
            assessment__consent_statistics=True,
        )
        .exclude(assessment=stored)
        .values_list("answers", flat=True)
    )
    n = len(responses)
    if n < params.survey_scoring().comparison_min_respondents:
        return None, n
    totals: dict[str, list[float]] = {}
    for answers in responses:
        for theme, score in scoring.theme_scores(survey, answers).items():
            totals.setdefault(theme, []).append(score)
    return {t: sum(v) / len(v) for t, v in totals.items()}, n


def practices(stored: Assessment, result: Result, weak: list[str], limit: int = 6):
    """Published practices that fit the firm's section, size and segment; those for the weakest
    survey themes first."""
    fitting = [
        p
        for p in BestPractice.objects.filter(is_published=True)
        if p.fits(result.sector.section, result.size_class.code, result.segment)
    ]
    fitting.sort(key=lambda p: (weak.index(p.theme) if p.theme in weak else len(weak), p.code))
    return fitting[:limit]


_LOOK_INTO = Text("Bekijk: {name}", "Look into: {name}")
_ASK_ABOUT = Text(
    "Vraag naar de maatregel '{name}' zodra die openstaat",
    "Ask about the measure '{name}' when it opens",
)
_DISCUSS_MONEY = Text(
    "Bespreek uw liquiditeit en solvabiliteit met uw bank of accountant",
    "Discuss your liquidity and solvency with your bank or accountant",
)


def action_plan(result: Result, survey_results: list[SurveyResult], chosen) -> list[str]:
    """Concrete next steps: the weakest themes' first steps and programmes, the measures the firm
    qualifies for, and a talk with the bank when liquidity or solvency is weak."""
    language = get_language()
    steps: list[str] = []
    for survey in survey_results:
        for theme in survey.themes:
            if not theme["weak"]:
                continue
            practice = next((p for p in chosen if p.theme == theme["code"]), None)
            if practice is not None:
                first = practice.step_list()[0] if practice.step_list() else practice.title
                steps.append(f"{theme['name']}: {first}")
    programmes = [p for s in survey_results for p in s.programmes][:3]
    for programme in programmes:
        steps.append(_LOOK_INTO.format(name=programme["name"])(language))
    covered = {p["measure_id"] for p in programmes}
    eligible = [
        v for v in result.eligible_measures if v.status == "eligible" and v.id not in covered
    ]
    for verdict in eligible[:3]:
        name = Text(verdict.name, verdict.name_en)
        steps.append(_ASK_ABOUT.format(name=name)(language))
    weak_money = (result.solvency is not None and result.solvency.norm != "healthy") or any(
        m.state == "low" or m.quick_ratio_norm != "healthy" for m in result.liquidity
    )
    if weak_money:
        steps.append(_DISCUSS_MONEY(language))
    return steps
