"""What the API sends and receives. The assessment itself is the engine's own model."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from ninja import Schema
from pydantic import Field

from hulplijn.core import Assessment as Result
from hulplijn.core import FirmInput
from hulplijn.core.assessment import PeerGroupOut
from hulplijn.imports.csv_batch import MAX_ROWS


class Versions(Schema):
    """On every response: the engine version and the peer data that made (or would make) it."""

    model_version: str = Field(description="Version of the assessment engine.")
    reference_vintage: str = Field(description="Vintage of the peer-distribution artifact.")


class Error(Versions):
    detail: str


class Problem(Schema):
    """One problem with one field: ``loc`` is the field path (``years[1].fte``)."""

    loc: str
    msg: str
    type: str


class InvalidRequest(Versions):
    """422: every problem with the request, by field path, in Dutch or English (Accept-Language)."""

    detail: list[Problem]


class AssessmentOut(Result):
    """A stored assessment: the engine's Assessment (docs/domain.md section 1) with its id and input."""

    id: UUID
    created_at: datetime
    role: Literal["owner", "adviser"] = Field(
        description="owner: your own; adviser: shared with you by its owner."
    )
    firm_input: dict[str, Any] = Field(description="The FirmInput the assessment was made from.")


class AssessmentSummary(Schema):
    id: UUID
    created_at: datetime
    sbi: str
    size_class: str
    segment: str | None
    model_version: str
    reference_vintage: str


class AssessmentPage(Versions):
    """One page of your own assessments, newest first."""

    count: int
    limit: int
    offset: int
    items: list[AssessmentSummary]


class Distribution(Schema):
    """A peer distribution's quartiles (after trimming, of values micro-aggregated in blocks of at
    least 5 firms), never for fewer than 10 firms. No mean: a group mean before and after a
    rebuild gives the sum of the new respondents' figures."""

    p25: float
    median: float
    p75: float


class MetricPeers(Schema):
    metric: str
    peer_group: PeerGroupOut | None
    distribution: Distribution | None
    reason: str | None = None


class BenchmarkOut(Versions):
    """The peer groups a firm of this sector and size class is compared with, per metric."""

    years: list[int] = Field(description="The two reference years of the peers' round.")
    moments: list[str] = Field(description="The liquidity moments (yyyy-mm) the peers cover.")
    sbi: str
    sector_name: str
    size_class: str
    size_class_label: str
    min_firms: int = Field(description="Groups with fewer firms are never shown.")
    synthetic_reference: bool
    metrics: list[MetricPeers]


class MaxReachOut(Schema):
    """The report's maximum reach of a plan measure: a number of SMEs (excl. the self-employed
    without staff), read from a column the report's text prints without its rows."""

    min: int
    max: int
    all_firms: bool = Field(description="The report says all SMEs (250,000).")
    unit: str
    confidence: Literal["high", "medium", "low"] = Field(
        description="How sure the reading of the report is (the rows are inferred: medium)."
    )
    source: str = Field(description="The report's slide.")


class MeasureOut(Schema):
    id: str = Field(description="1-10: the plan's measures; A-J: the ten others.")
    in_plan: bool
    name: str
    description: str
    need: str
    category: str
    category_label: str
    programme: str | None
    programme_name: str | None
    target_segments: list[str] = Field(description="Growth segments the measure is aimed at.")
    possible_start: str = Field(description="When it could start, in the report's (Dutch) words.")
    status: str
    scores: dict[str, int] = Field(description="The report's scores 1-5 on the six criteria.")
    source: str
    stage: str | None = Field(
        default=None,
        description=(
            "Where the measure stands today: proposed (a 2020 proposal, never a scheme of its "
            "own), carried_out (carried by the schemes in carried_by) or ended."
        ),
    )
    available_today: str | None = Field(
        default=None, description="proposed, carried_out or ended on the day of the request."
    )
    valid_from: date | None = None
    valid_until: date | None = None
    carried_by: list[str] = Field(
        default_factory=list, description="Ids of the current schemes that carry its idea."
    )
    max_reach: MaxReachOut | None = Field(
        default=None,
        description="The plan's measures (1-10): the report's maximum reach; null for A-J.",
    )


class MeasuresOut(Versions):
    """The twenty measures of the report, in the language asked for (Accept-Language)."""

    language: Literal["nl", "en"]
    measures: list[MeasureOut]


class PlanResult(Schema):
    """The plan per measure and in total, each figure as min / mid / max (EUR bn, per year)."""

    years: list[int]
    scenario: str | None
    dropped: list[str]
    measures: list[dict[str, Any]]
    total: dict[str, Any]
    financing: dict[str, Any]


class PlanOut(Versions):
    baseline: PlanResult
    scenario: PlanResult | None = None
    comparison: dict[str, Any] | None = None
    explain: dict[str, Any] | None = None


class EvaluationRound(Schema):
    name: str
    years: list[int]


class EvaluationEstimate(Schema):
    """One estimate as the evaluation page shows it: null where disclosure control hides it."""

    measure: str = Field(description="any: applied for any scheme; else a scheme's id.")
    label: str
    treated_n: int | None = Field(description="Matched firms that applied (perturbed count).")
    control_n: int | None = Field(description="Matched comparable firms (perturbed count).")
    cells: int = Field(description="Matched cells (SBI section, size class, growth segment).")
    did: float | None = Field(description="Difference in differences, EUR per FTE.")
    low: float | None = Field(description="Low end of the interval, EUR per FTE.")
    high: float | None = Field(description="High end of the interval, EUR per FTE.")
    confidence: float
    reason: str | None = Field(
        description="Why it is hidden: min_n, dominance, secondary, no_cells or audit."
    )
    reason_text: str | None


class EvaluationOut(Versions):
    """The difference in differences of productivity of firms that applied for a scheme
    against comparable firms (policy role); not a causal effect (see ``caveat``)."""

    earlier_round: EvaluationRound | None
    later_round: EvaluationRound | None
    min_n: int = Field(description="A cell needs at least this many firms on both sides.")
    synthetic: bool = Field(
        description="The rounds hold the seeded demonstration history (made-up firms)."
    )
    unit: str
    caveat: str
    estimates: list[EvaluationEstimate]
    explain: dict[str, Any] | None = Field(
        default=None,
        description="With explain=true: the overall estimate's derivation (formula, cells, n, "
        "means, regression, interval and its pieces, as the page's trace).",
    )


# A firm of a batch is read as it was sent and validated by the job, so that one bad firm is
# that firm's problem, not the request's; the schema still documents it as a FirmInput (the
# component POST /assessments defines).
class _DocumentedAsFirmInput:
    """Pydantic annotation: the JSON schema of FirmInput (a reference to its component) for a
    value validated as any JSON object."""

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> Any:
        return handler(FirmInput.__pydantic_core_schema__)


FirmAsSent = Annotated[dict[str, Any], _DocumentedAsFirmInput]


class BatchIn(Schema):
    """Firms to assess and save, each as the body of POST /assessments."""

    firms: list[FirmAsSent] = Field(
        min_length=1,
        max_length=MAX_ROWS,
        description=f"1 to {MAX_ROWS:,} FirmInputs. Each is validated on its own: a firm with "
        "problems is reported in the job's results, the others are saved.",
    )


class FirmProblem(Schema):
    """One problem with one firm of a batch: ``loc`` is the field path within the firm."""

    loc: str
    msg: str
    type: str


class BatchResultOut(Schema):
    index: int = Field(description="The firm's place in the request's firms (from 0).")
    assessment_id: UUID | None = Field(
        description="The saved assessment (GET /assessments/{id}); null when not saved."
    )
    problems: list[FirmProblem] = Field(description="Why the firm was not saved.")


class BatchOut(Versions):
    """A batch job: its progress and, once done, one result per firm, in the request's order."""

    id: UUID
    status: Literal["queued", "running", "done", "refused", "failed"] = Field(
        description="queued, running, done; failed: nothing was saved (send the same request "
        "again to run it again)."
    )
    total: int = Field(description="Firms in the batch (0 until the job has read them).")
    done: int = Field(description="Firms read and assessed so far.")
    percent: int
    saved: int
    with_problems: int = Field(description="Firms not saved (see their problems).")
    created_at: datetime
    finished_at: datetime | None
    message: str = Field(description="Why the job failed or was refused; empty otherwise.")
    results: list[BatchResultOut] | None = Field(
        description="Per firm, once the job is done; null before."
    )
