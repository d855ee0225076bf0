"""The JSON API v1 (django-ninja), mounted at /api/v1/. Endpoints are thin: parse, call
services, answer. Every response body carries ``model_version`` and ``reference_vintage``."""

from __future__ import annotations

import enum
import json
import math
from collections.abc import Callable
from importlib import resources
from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Body, NinjaAPI, Path, Query, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from pydantic import Field

from hulplijn.core import FirmInput, InvalidInput, Problem
from hulplijn.core.text import pick
from hulplijn.core.validation import field_path, problems_from
from hulplijn.plan.scenario import Scenario
from hulplijn.reference import params
from hulplijn.web.api import schemas, services
from hulplijn.web.api.auth import LargeBodyTokenAuth, TokenAuth
from hulplijn.web.api.throttles import UserRateThrottle
from hulplijn.web.roles import is_policy

DESCRIPTION = """\
The mkb-hulplijn self-assessment as a JSON API: assess a firm (FirmInput in, Assessment out),
read your own assessments, look up peer groups, list the report's measures and (policy role) run
the plan impact model and read the evaluation.

Authenticate with a token from your account page (`/account/tokens/`):
`Authorization: Bearer hlp_…`. Invalid input gets 422 with one problem per field path
(`years[1].fte`), in Dutch or English by `Accept-Language`. Requests are rate limited per user,
all of the user's tokens together (429 with `Retry-After`). Tokens expire: an expired token gets
401.
"""


class Api(NinjaAPI):
    """NinjaAPI that adds the versions to every body and names invalid fields by their path."""

    def create_response(
        self, request: HttpRequest, data: Any, *, status: int | None = None, temporal_response=None
    ) -> HttpResponse:
        if isinstance(data, dict) and not {"model_version", "reference_vintage"} <= data.keys():
            data = {**services.versions(), **data}
        return super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )

    def rendered(self, request: HttpRequest, status: int) -> Callable[[Any], str]:
        """How this API's renderer writes a body of ``status`` as JSON text."""
        return lambda data: self.renderer.render(request, data, response_status=status)

    def encoded_response(self, content: str, status: int) -> HttpResponse:
        """A response of a body already rendered (``rendered``) as ``create_response`` makes
        one."""
        return HttpResponse(content, status=status, content_type=self.get_content_type())

    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__

    def validation_error_from_error_contexts(self, error_contexts) -> ValidationError:
        errors = []
        for context in error_contexts:
            model = context.model
            body_param = getattr(model, "__read_from_single_attr__", None)
            flat = getattr(model, "__ninja_flatten_map_reverse__", {})
            error = context.pydantic_validation_error
            for raw, problem in zip(error.errors(), problems_from(error), strict=True):
                loc = list(flat.get(raw["loc"], raw["loc"]))
                if body_param and loc[:1] == [body_param]:
                    loc = loc[1:]
                errors.append(_problem(field_path(loc) if loc else "", problem))
        return ValidationError(errors)


api = Api(
    title="mkb-hulplijn API",
    version="1",
    description=DESCRIPTION,
    auth=TokenAuth(),
    throttle=[UserRateThrottle()],
    docs_url=None,  # no interactive docs: they would load scripts from a CDN
    openapi_url="/openapi.json",
    urls_namespace="api",
)


def _problem(loc: str, problem: Problem) -> dict[str, str]:
    """A problem as a 422 names it; ``message_nl`` and ``message_en`` are the public contract."""
    return {
        "loc": loc,
        "type": problem.code,
        "message_nl": problem.text.nl,
        "message_en": problem.text.en,
    }


def _invalid(request: HttpRequest, problems: list[dict[str, str]]) -> HttpResponse:
    language = services.language(request)
    detail = [
        {
            "loc": p["loc"],
            "msg": pick(language, p["message_nl"], p["message_en"]),
            "type": p["type"],
        }
        for p in problems
    ]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _invalid(request, exc.errors)


@api.exception_handler(InvalidInput)
def _invalid_input(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
    return _invalid(request, [_problem(p.path, p) for p in exc.problems])


@api.exception_handler(services.PlanRefused)
def _plan_refused(request: HttpRequest, exc: services.PlanRefused) -> HttpResponse:
    return _invalid(
        request,
        [
            {"loc": p.path, "type": p.code, "message_nl": p.text.nl, "message_en": p.text.en}
            for p in exc.problems
        ],
    )


@api.exception_handler(AuthenticationError)
def _unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request, {"detail": "A valid API token is required (Authorization: Bearer …)."}, status=401
    )
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = api.create_response(request, {"detail": "Too many requests."}, status=429)
    if exc.wait is not None:
        response["Retry-After"] = str(max(1, math.ceil(exc.wait)))
    return response


COMMON = {401: schemas.Error, 429: schemas.Error}
EXAMPLE_FIRM = json.loads(
    (resources.files("hulplijn") / "examples" / "voorbeeldbedrijf.json").read_text("utf-8")
)
EXAMPLE_SCENARIO = {
    "name": "Zonder investeringskorting, ontwikkelbudget een jaar later",
    "drop": ["2"],
    "measures": {"7": {"start_year": 2023}},
}


def _example(name: str, summary: str, value: Any) -> dict[str, Any]:
    content = {"examples": {name: {"summary": summary, "value": value}}}
    return {"requestBody": {"content": {"application/json": content}}}


SizeClass = enum.StrEnum("SizeClass", {c.code: c.code for c in params.size_classes().classes})
SBI_CODE = r"^[0-9]{2}(\.?[0-9]{1,3})?$"
SBI_PATH = Path(..., pattern=SBI_CODE, examples=["47", "47.11"], description="SBI 2008 code")
SIZE_CLASS_PATH = Path(..., examples=["midden"])
OPTIONAL_BODY = Body(None)


class PageQuery(Schema):
    limit: int = Field(20, ge=1, le=100, description="Items per page (1-100).")
    offset: int = Field(0, ge=0, le=1_000_000, description="Items to skip.")


@api.post(
    "/assessments",
    response={201: schemas.AssessmentOut, 422: schemas.InvalidRequest, **COMMON},
    summary="Assess a firm and save the assessment",
    tags=["assessments"],
    openapi_extra=_example("example_firm", "The report's example firm", EXAMPLE_FIRM),
)
def create_assessment(
    request: HttpRequest,
    firm: FirmInput,
    consent_statistics: bool = Query(
        False,
        description="The owner agrees that the figures are used, anonymised and only in "
        "aggregates of at least 10 firms, for statistics and policy (as in the wizard).",
    ),
):
    """FirmInput in (docs/domain.md section 1), the stored Assessment out, with its id."""
    stored, result_json = services.create(
        request.auth.owner, firm, consent_statistics=consent_statistics
    )
    # the body ``Status(201, services.out(stored))`` gives, without reading the stored result
    # back into models, validating them as the response schema and encoding them again
    return api.encoded_response(
        services.out_json(stored, result_json, api.rendered(request, 201)), 201
    )


@api.get(
    "/assessments",
    response={200: schemas.AssessmentPage, 422: schemas.InvalidRequest, **COMMON},
    summary="Your own assessments, newest first",
    tags=["assessments"],
)
def list_assessments(request: HttpRequest, page: Query[PageQuery]):
    return services.page(request.auth.owner, page.limit, page.offset)


@api.get(
    "/assessments/{assessment_id}",
    response={
        200: schemas.AssessmentOut,
        404: schemas.Error,
        422: schemas.InvalidRequest,
        **COMMON,
    },
    summary="One assessment: your own, or (advisers) one shared with you",
    tags=["assessments"],
)
def get_assessment(request: HttpRequest, assessment_id: UUID):
    """Another user's assessment answers 404, the same as one that does not exist."""
    return services.detail(request.auth.owner, assessment_id)


@api.get(
    "/benchmarks/{sbi}/{size_class}",
    response={200: schemas.BenchmarkOut, 404: schemas.Error, **COMMON},
    summary="Peer groups and their distributions for a sector and size class",
    tags=["reference"],
)
def get_benchmark(
    request: HttpRequest,
    sbi: str = SBI_PATH,
    size_class: SizeClass = SIZE_CLASS_PATH,
    round: str | None = Query(
        None,
        pattern=r"^\d{4}-\d{4}$",
        examples=["2016-2018"],
        description=(
            "The reference years of the round to compare with, first-last (e.g. 2016-2018); "
            "default: the current assessment round. A period the reference data does not hold "
            "answers 404 and says so."
        ),
    ),
):
    """Per metric: the most specific peer group with at least 10 firms (falling back to a
    broader group, and saying so) and its quartiles and mean. Smaller groups are never shown.
    The peers are those of one round: the current one, or the years given as ``round``."""
    return services.benchmark(sbi, size_class.value, services.language(request), round)


@api.get(
    "/measures",
    response={200: schemas.MeasuresOut, **COMMON},
    summary="The twenty measures of the report",
    tags=["reference"],
)
def list_measures(request: HttpRequest):
    return services.measures(services.language(request))


@api.post(
    "/plan/run",
    response={200: schemas.PlanOut, 403: schemas.Error, 422: schemas.InvalidRequest, **COMMON},
    summary="Run the plan impact model (policy role)",
    tags=["plan"],
    openapi_extra=_example("scenario", "Drop measure 2, start measure 7 later", EXAMPLE_SCENARIO),
)
def run_plan(
    request: HttpRequest,
    scenario: Scenario | None = OPTIONAL_BODY,
    explain: bool = Query(
        False,
        description="Add the derivation of value added 2025: the sum of the measures, and per "
        "measure its formula and assumptions with their place in the report (section or slide).",
    ),
):
    """The baseline 2021-2025 and, with a scenario (overrides of the baseline, structure as in
    docs/reference/plan-model.md), the scenario and the comparison. Policy role only (403)."""
    if not is_policy(request.auth.owner):
        raise HttpError(403, "The policy role is required.")
    return services.plan(scenario, explain=explain)


@api.get(
    "/evaluation",
    response={200: schemas.EvaluationOut, 403: schemas.Error, **COMMON},
    summary="The evaluation: productivity of firms that applied against comparable firms "
    "(policy role)",
    tags=["plan"],
)
def get_evaluation(
    request: HttpRequest,
    explain: bool = Query(
        False,
        description="Add the derivation of the overall estimate: the matched cells, n per side, "
        "the means, the regression and the interval from the published variance and counts.",
    ),
):
    """The difference in differences of the cockpit's evaluation page (/beleid/evaluatie/), with
    the same figures: every one through disclosure control, a hidden one null with the reason.
    Policy role only (403)."""
    if not is_policy(request.auth.owner):
        raise HttpError(403, "The policy role is required.")
    return services.evaluation(explain=explain)


@api.post(
    "/batches",
    auth=LargeBodyTokenAuth(),
    response={
        202: schemas.BatchOut,
        200: schemas.BatchOut,
        403: schemas.Error,
        413: schemas.Error,
        422: schemas.InvalidRequest,
        **COMMON,
    },
    summary="Assess and save up to 10,000 firms as a background job (advisers)",
    tags=["batches"],
    openapi_extra=_example("two_firms", "The example firm twice", {"firms": [EXAMPLE_FIRM] * 2}),
)
def create_batch(request: HttpRequest, batch: schemas.BatchIn):
    """The firms become a batch job (202, with its URL in `Location`); follow it with
    GET /batches/{id}. Each firm is saved in the open assessment round of its years; a firm
    with problems, or whose years fit no open round, is reported by its index and saved not.
    The same firms again (the same JSON, whatever its key order or spacing) from the same user
    give the same job (200) and save nothing twice; a job that failed runs again."""
    job, new = services.submit_batch(request.auth.owner, batch.firms)
    response = api.create_response(
        request,
        services.batch_out(job, services.language(request)),
        status=202 if new else 200,
    )
    response["Location"] = reverse("api:get_batch", args=[job.pk])
    return response


@api.get(
    "/batches/{batch_id}",
    response={200: schemas.BatchOut, 404: schemas.Error, 422: schemas.InvalidRequest, **COMMON},
    summary="A batch job: status, progress and, once done, the result per firm",
    tags=["batches"],
)
def get_batch(request: HttpRequest, batch_id: UUID):
    """Another user's job answers 404, the same as one that does not exist."""
    return services.batch(request.auth.owner, batch_id, services.language(request))


def schema_text() -> str:
    """The OpenAPI document as committed in docs/openapi.json (sorted keys, indent 2)."""
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
