"""What the API endpoints do, kept out of them: versions, assessments, peers, measures, plan."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils.timezone import localdate
from django.utils.translation import get_language
from ninja.errors import HttpError

from hulplijn.core import MODEL_VERSION, FirmInput, InvalidInput, Problem, Refused, assess
from hulplijn.core.assessment import PeerGroupOut
from hulplijn.core.benchmark import LEVEL_LABELS
from hulplijn.core.period import choose, no_data_for_years, same_years
from hulplijn.core.text import Language, Text, language_of, pick
from hulplijn.plan import impact, trace
from hulplijn.plan import scenario as scenarios
from hulplijn.plan.assumptions import Reach, as_assumptions
from hulplijn.plan.citations import cite
from hulplijn.reference import params
from hulplijn.web.assessments import services
from hulplijn.web.assessments.models import Assessment, AssessmentRound
from hulplijn.web.cockpit.services import evaluation as evaluations
from hulplijn.web.intake import tasks
from hulplijn.web.intake.models import BatchJob
from hulplijn.web.reference_store import reference, reference_of, references


def versions() -> dict[str, str]:
    """The engine's version and the vintage of the loaded peer data."""
    return {"model_version": MODEL_VERSION, "reference_vintage": reference().vintage}


def language(request: HttpRequest) -> Language:
    """nl or en, from Accept-Language (Django's LocaleMiddleware); Dutch by default."""
    return language_of(getattr(request, "LANGUAGE_CODE", "nl"))


# --- assessments ------------------------------------------------------------------------------


def create(user, firm: FirmInput, consent_statistics: bool = False) -> tuple[Assessment, str]:
    """Assess the firm and save the result for ``user`` (the same path as the wizard's): the
    stored assessment and its result's JSON text (``out_json``).
    InvalidInput when the engine refuses it (e.g. an SBI code that does not exist)."""
    result = assess(firm, reference_of(firm), on=localdate())
    round = AssessmentRound.of([y.year for y in firm.years], [m.moment for m in firm.liquidity])
    if round is None:
        raise HttpError(503, "No assessment round is open; an administrator must open one.")
    return services.store_json(
        result,
        firm.model_dump(mode="json"),
        owner=user,
        round=round,
        consent_statistics=consent_statistics,
    )


def page(user, limit: int, offset: int) -> dict[str, Any]:
    """One page of the user's own assessments, newest first."""
    own = Assessment.objects.filter(owner=user).order_by("-created_at", "-id")
    items = [
        {
            "id": a.pk,
            "created_at": a.created_at,
            "sbi": a.sbi,
            "size_class": a.size_class,
            "segment": a.segment or None,
            "model_version": a.model_version,
            "reference_vintage": a.reference_vintage,
        }
        for a in own[offset : offset + limit]
    ]
    return {**versions(), "count": own.count(), "limit": limit, "offset": offset, "items": items}


def detail(user, pk: UUID) -> dict[str, Any]:
    """The assessment if the user may read it; 404 otherwise, so an id tells nothing."""
    assessment = Assessment.objects.filter(Q(pk=pk) & services.readable_by(user)).distinct().first()
    if assessment is None:
        raise Http404
    return out(assessment, "owner" if assessment.owner_id == user.pk else "adviser")


def out(assessment: Assessment, role: str = "owner") -> dict[str, Any]:
    """A stored assessment as the API shows it: the engine's result, id, input and role."""
    return {
        **services.result_of(assessment).model_dump(),
        "id": assessment.pk,
        "created_at": assessment.created_at,
        "role": role,
        "firm_input": assessment.firm_input,
    }


def out_json(assessment: Assessment, result_json: str, render: Callable[[Any], str]) -> str:
    """``out(assessment)`` (the owner's) as ``render`` (the API's JSON renderer) writes it, from
    the JSON text its result was stored as (``store_json``): the result's JSON is the same text
    when read back into the engine's models, dumped and rendered (it holds only JSON's types and
    dates: tests/web/api/test_result_json.py), so it is used as it is and only the rest is
    rendered."""
    rest = render(
        {
            "id": assessment.pk,
            "created_at": assessment.created_at,
            "role": "owner",
            "firm_input": assessment.firm_input,
        }
    )
    return f"{result_json[:-1]}, {rest[1:]}"


# --- batches ---------------------------------------------------------------------------------


def submit_batch(user, firms: list[dict[str, Any]]) -> tuple[BatchJob, bool]:
    """The user's batch job for these firms (the same firms again: the same job, nothing saved
    twice), and whether it is new. Advisers only (403), as the site's CSV batch."""
    if not getattr(user, "is_adviser", False):
        raise HttpError(403, "The adviser role is required.")
    return tasks.submit_firms(firms, user)


def batch(user, pk: UUID, lang: str) -> dict[str, Any]:
    """The user's own batch job sent through the API (404 otherwise, as for assessments)."""
    job = BatchJob.objects.filter(pk=pk, owner=user, kind=BatchJob.Kind.API).defer("data").first()
    if job is None:
        raise Http404
    return batch_out(job, lang)


def batch_out(job: BatchJob, lang: str) -> dict[str, Any]:
    """A job's status and progress, and once done its results by index in the request."""
    results = None
    if job.status == BatchJob.Status.DONE:
        results = [
            {
                "index": index,
                "assessment_id": saved,
                "problems": [
                    {
                        "loc": p["loc"],
                        "msg": pick(lang, p["message_nl"], p["message_en"]),
                        "type": p["type"],
                    }
                    for p in problems
                ],
            }
            for index, saved, problems in job.report.get("rows", [])
        ]
    return {
        **versions(),
        "id": job.pk,
        "status": job.status,
        "total": job.total,
        "done": job.done,
        "percent": job.percent,
        "saved": job.saved,
        "with_problems": job.problems,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "message": job.message,
        "results": results,
    }


# --- peers ------------------------------------------------------------------------------------


_NO_PEER_GROUP = Text(
    "geen vergelijkingsgroep met minstens {n} bedrijven", "no peer group of at least {n} firms"
)


def round_reference(period: str | None, lang: str):
    """The Reference of a round: of the years ``period`` names ('2016-2018'), or by default of
    the current assessment round (the report's artifact when no round is open). 404, saying
    so, when the reference data holds no peers of the years asked."""
    held = references()
    if period is None:
        current = AssessmentRound.current()
        return held[0] if current is None else choose(held, current.years, current.moments)
    first, last = (int(y) for y in period.split("-"))
    found = [r for r in held if same_years(r.years, (first, last))]
    if first >= last or not found:
        raise HttpError(404, no_data_for_years((first, last))(lang))
    return found[0]


def benchmark(sbi: str, size_class: str, lang: str, period: str | None = None) -> dict[str, Any]:
    """Per metric, the peer group a firm of this division and size class is compared with (the
    most specific with at least the minimum number of firms, falling back and saying so) and its
    quartiles: quantiles of micro-aggregated values, no group means, so the figures before and
    after a rebuild do not give a new respondent's figures back (docs/reference/
    peer-distributions.md). The peers are those of one round (``round_reference``). 404 for an
    unknown division or size class, or a period the reference does not hold."""
    ref = round_reference(period, lang)
    code = sbi.strip().replace(".", "").replace(" ", "")
    if not (code.isdigit() and 2 <= len(code) <= 5):
        raise Http404("not an SBI code")
    try:
        division, _ = ref.catalogue.division(code)
    except InvalidInput:
        raise Http404("not an SBI 2008 division") from None
    size = next((c for c in ref.size_classes.classes if c.code == size_class), None)
    if size is None:
        raise Http404("not a size class")
    peers = ref.peers
    d, sec, z = peers.codes([division.code], [size.code])
    metrics = []
    for metric in peers.metrics:
        rows, levels = peers.resolve(metric, d, sec, z)
        row, level = int(rows[0]), int(levels[0])
        group = peers.group(row)
        if group is None:
            metrics.append(
                {
                    "metric": metric,
                    "peer_group": None,
                    "distribution": None,
                    "reason": _NO_PEER_GROUP.format(n=peers.min_n)(lang),
                }
            )
            continue
        q = peers.quantiles[row]
        metrics.append(
            {
                "metric": metric,
                "peer_group": PeerGroupOut(
                    level=group.level,
                    key=group.key,
                    label=LEVEL_LABELS[group.level].nl,
                    label_en=LEVEL_LABELS[group.level].en,
                    n=group.n,
                    fallback=level > 0,
                ),
                "distribution": {
                    "p25": float(q[25]),
                    "median": float(q[50]),
                    "p75": float(q[75]),
                },
            }
        )
    return {
        **versions(),
        "reference_vintage": ref.vintage,
        "years": list(ref.years),
        "moments": list(ref.moments),
        "sbi": division.code,
        "sector_name": pick(lang, division.name_nl, division.name_en),
        "size_class": size.code,
        "size_class_label": pick(lang, size.label, size.label_en),
        "min_firms": peers.min_n,
        "synthetic_reference": ref.synthetic,
        "metrics": metrics,
    }


# --- measures ---------------------------------------------------------------------------------


def measures(lang: str) -> dict[str, Any]:
    """The twenty measures of the report in Dutch or English."""
    data = params.measures()
    programmes = {p["code"]: p for p in data["programmes"]}
    categories = data["categories"]

    def said(item: dict, key: str) -> str:
        """``key`` in ``lang``; Dutch where the English is missing."""
        return pick(lang, item[key], item.get(f"{key}_en") or item[key])

    rows = []
    plan = as_assumptions(params.plan_assumptions())
    lives = {r.measure_id: r.life for r in params.measure_rules()}
    today = localdate()
    for m in data["measures"]:
        programme = programmes.get(m["programme"])
        life = lives[str(m["id"])]
        rows.append(
            {
                "id": str(m["id"]),
                "in_plan": bool(m["in_plan"]),
                "name": said(m, "name"),
                "description": said(m, "description"),
                "need": said(m, "need"),
                "category": m["category"],
                "category_label": said(categories[m["category"]], "label"),
                "programme": m["programme"],
                "programme_name": said(programme, "name") if programme else None,
                "target_segments": list(m["target_segments"]),
                "possible_start": str(m["possible_start"]),
                "status": str(m["status"]),
                "scores": {k: int(v) for k, v in m["scores"].items()},
                "source": str(m["source"]),
                "stage": life.stage,
                "available_today": life.availability(today),
                "valid_from": life.valid_from,
                "valid_until": life.valid_until,
                "carried_by": list(life.carried_by),
                "max_reach": reach_out(
                    plan.measures[str(m["id"])].report.max_reach
                    if str(m["id"]) in plan.measures
                    else None,
                    lang,
                ),
            }
        )
    return {**versions(), "language": lang, "measures": rows}


def reach_out(reach: Reach | None, lang: str) -> dict[str, Any] | None:
    """A measure's maximum reach as the report gives it (the plan's measures only), its reading's
    confidence and the report's slide."""
    if reach is None:
        return None
    return {
        "min": int(reach.min),
        "max": int(reach.max),
        "all_firms": reach.all_firms,
        "unit": pick(lang, reach.unit_nl or reach.unit or "", reach.unit or ""),
        "confidence": reach.confidence,
        "source": cite(reach.source, lang),
    }


# --- plan -------------------------------------------------------------------------------------


class PlanRefused(Refused):
    """The plan model could not compute this scenario; ``problems`` by path, code and text."""


def plan(scenario: scenarios.Scenario | None, explain: bool = False) -> dict[str, Any]:
    """The plan impact model 2021-2025: the baseline and, with a scenario, the scenario beside
    it; ``explain``: the derivation of the shown plan's value added 2025 (``plan.trace``).
    PlanRefused for a scenario the model cannot apply or compute."""
    data = params.plan_assumptions()
    baseline = impact.run(data)
    out: dict[str, Any] = {**versions(), "baseline": _cited(baseline.to_dict())}
    if scenario is None:
        if explain:
            out["explain"] = trace.explain(as_assumptions(data), baseline, get_language())
        return out
    try:
        variant = impact.run(data, scenario)
    except scenarios.ScenarioError as refused:
        raise PlanRefused(refused.problems) from None
    except (ValueError, ArithmeticError) as problem:  # the model's own message, in English only
        message = Text(str(problem), str(problem))
        raise PlanRefused([Problem("not_computable", message, "scenario")]) from None
    out["scenario"] = _cited(variant.to_dict())
    out["comparison"] = scenarios.compare(baseline, variant).to_dict()
    if explain:
        applied = scenarios.apply(data, scenario)[0]
        out["explain"] = trace.explain(applied, variant, get_language())
    return out


def _cited(value: Any, language: str | None = None) -> Any:
    """``value`` (a plan result as data) with every source and note citing the report by its
    section or slide instead of the lines of its text extraction ("r. 5314" -> 'bijlage "Detaillering
    aannames" 2/3'), as the plan page and ``plan run`` cite it."""
    language = language or get_language()
    if isinstance(value, dict):
        return {
            k: cite(v, language)
            if isinstance(v, str) and k.endswith(("source", "note"))
            else _cited(v, language)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_cited(v, language) for v in value]
    return value


# --- evaluation -------------------------------------------------------------------------------


def evaluation(explain: bool = False) -> dict[str, Any]:
    """The cockpit's evaluation in the request's language (``cockpit.services.evaluation``)."""
    return {**versions(), **evaluations.document(explain=explain)}
