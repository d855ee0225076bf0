"""Guidance for one assessment: measures by programme, survey scores, practices to read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.timezone import localdate
from django.utils.translation import get_language

from hulplijn.core import Assessment as Result
from hulplijn.core import survey as scoring
from hulplijn.core.eligibility import MeasureEligibility, day, ended_reason, evaluate, sentence
from hulplijn.core.help_first import HelpFirst, decide
from hulplijn.core.summary import Action
from hulplijn.core.text import Text, pick
from hulplijn.reference import params
from hulplijn.web.assessments.models import Assessment
from hulplijn.web.guidance.models import BestPractice, SurveyResponse

STATUS_ORDER = {"eligible": 0, "unknown": 1, "not_eligible": 2, "not_applicable": 3, "ended": 4}


def schemes(result: Result, on=None) -> dict[str, list[dict[str, Any]]]:
    """The current schemes judged for this firm on ``on`` (today), with the current rules (also
    for an assessment stored before they existed): ``open`` (eligible first) and ``history``
    (ended). Only an open scheme the firm qualifies for invites an application."""
    language, on = get_language(), on or localdate()
    details = {s["id"]: s for s in params.schemes()["schemes"]}
    grouped: dict[str, list[dict[str, Any]]] = {"open": [], "history": []}
    for verdict in evaluate(result, params.scheme_rules(), on):
        scheme = details[verdict.id]
        grouped["history" if verdict.status == "ended" else "open"].append(
            {
                "id": verdict.id,
                "status": verdict.status,
                "name": pick(language, verdict.name, verdict.name_en),
                "sentence": sentence(verdict, language),
                "how": pick(language, scheme["how"], scheme["how_en"]),
                "executor": pick(
                    language, scheme["executor"], scheme.get("executor_en", scheme["executor"])
                ),
                "url": verdict.source_url,
                "checked_on": day(verdict.checked_on)(language) if verdict.checked_on else None,
                "period": _period(verdict, language),
                "invites": verdict.invites_application,
            }
        )
    grouped["open"].sort(key=lambda i: STATUS_ORDER[i["status"]])
    return grouped


def _period(verdict: MeasureEligibility, language: str | None) -> str | None:
    start, end = verdict.valid_from, verdict.valid_until
    if start and end:
        return f"{day(start)(language)} – {day(end)(language)}"
    if start:
        return pick(language, "sinds ", "since ") + day(start)(language)
    return None


def open_for_application(result: Result, measure: str, on=None) -> bool:
    """True when ``measure`` is an open scheme this firm qualifies for on ``on`` (today)."""
    return any(item["id"] == measure and item["invites"] for item in schemes(result, on)["open"])


def help_first(result: Result) -> HelpFirst:
    """Help first as stored with the assessment, or decided now for one stored before it existed
    (the decision is pure and uses the current thresholds)."""
    if result.help_first is not None:
        return result.help_first
    return decide(result, params.norms(), params.help_routes())


def _scheme_names(language: str | None) -> dict[str, str]:
    return {s["id"]: pick(language, s["name"], s["name_en"]) for s in params.schemes()["schemes"]}


def measures_by_programme(result: Result, on=None) -> list[dict[str, Any]]:
    """The measures with their verdict and reasons, grouped by the plan's programmes; the ten
    measures outside the plan last. Within a group: eligible first, ended (history) last. Whether
    a measure has ended is judged on ``on`` (today), also for assessments stored before it ended;
    a report measure never invites an application itself (the schemes that carry it do)."""
    language, on = get_language(), on or localdate()
    catalogue = params.measures()
    details = {m["id"]: m for m in catalogue["measures"]}
    lives = {r.measure_id: r.life for r in params.measure_rules()}
    names = _scheme_names(language)
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
        measure, life = details[verdict.id], lives[verdict.id]
        availability = life.availability(on)
        ended = availability == "ended"
        item = {
            "id": verdict.id,
            "status": "ended" if ended else verdict.status,
            "availability": availability,
            "name": pick(language, verdict.name, verdict.name_en),
            "description": pick(language, measure["description"], measure["description_en"]),
            "sentence": ended_reason(life).wording(language)
            if ended
            else sentence(verdict, language),
            "in_plan": measure["in_plan"],
            "carried_by": [{"id": c, "name": names[c]} for c in life.carried_by],
            "invites": False,
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
        if v.status in ("not_eligible", "not_applicable", "ended")
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
_TALK_FIRST = Text(
    "Maak eerst een afspraak voor een gesprek: {name} (zie 'Eerst: hulp die bij uw situatie past')",
    "First make an appointment for a talk: {name} (see 'First: help that fits your situation')",
)
_APPLY = Text(
    "Vraag de regeling '{name}' aan ({executor})", "Apply for the scheme '{name}' ({executor})"
)
_DISCUSS_MONEY = Text(
    "Bespreek uw liquiditeit en solvabiliteit met uw bank of accountant",
    "Discuss your liquidity and solvency with your bank or accountant",
)


def action_steps(result: Result, survey_results: list[SurveyResult], chosen) -> list[Action]:
    """Concrete next steps, each one the firm can take today, with the place on the page that
    explains it: first, when the firm's figures call for help first, a talk with an adviser of
    the first route; then the weakest themes' first steps and programmes, the open schemes the
    firm qualifies for, and a talk with the bank when liquidity or solvency is weak. The report's
    measures are no steps: a proposal cannot be applied for and may never open, and a measure
    carried out today is applied for through its scheme (the measures section shows both with
    their status)."""
    steps: list[Action] = []
    first = help_first(result)
    if first.offered and first.routes:
        route = first.routes[0]
        steps.append(Action(_TALK_FIRST.format(name=Text(route.name, route.name_en)), "#hulp"))
    for survey in survey_results:
        for theme in survey.themes:
            if not theme["weak"]:
                continue
            practice = next((p for p in chosen if p.theme == theme["code"]), None)
            if practice is not None:
                step = practice.step_list()[0] if practice.step_list() else practice.title
                said = f"{theme['name']}: {step}"  # the page's language (translated fields)
                steps.append(Action(Text(said, said), "#praktijken"))
    programmes = [p for s in survey_results for p in s.programmes][:3]
    for programme in programmes:
        steps.append(Action(_LOOK_INTO.format(name=programme["name"]), "#vragenlijsten"))
    for item in [i for i in schemes(result, localdate())["open"] if i["invites"]][:3]:
        steps.append(
            Action(
                _APPLY.format(name=item["name"], executor=item["executor"]),
                f"#regeling-{item['id']}",
            )
        )
    weak_money = (result.solvency is not None and result.solvency.norm != "healthy") or any(
        m.state == "low" or m.quick_ratio_norm != "healthy" for m in result.liquidity
    )
    if weak_money:
        steps.append(Action(_DISCUSS_MONEY, "#dim-b"))
    return steps


def action_plan(result: Result, survey_results: list[SurveyResult], chosen) -> list[str]:
    """The steps of ``action_steps`` in the page's language."""
    language = get_language()
    return [step.text(language) for step in action_steps(result, survey_results, chosen)]
