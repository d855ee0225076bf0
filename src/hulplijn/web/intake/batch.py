"""An adviser's CSV batch: every valid row assessed and saved; every problem reported."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.timezone import localdate

from hulplijn.core import InvalidInput, assess
from hulplijn.core.errors import placed
from hulplijn.imports import csv_batch
from hulplijn.web.assessments import services
from hulplijn.web.assessments.models import Assessment, AssessmentRound
from hulplijn.web.reference_store import reference_of


@dataclass
class BatchReport:
    saved: list[tuple[int, str, Assessment]] = field(default_factory=list)
    problems: list[tuple[int, str, list[str]]] = field(default_factory=list)
    file_problems: list[str] = field(default_factory=list)


def intake(data: bytes, adviser, language: str) -> BatchReport:
    """Read the CSV, assess each valid row and save it for the adviser (valid rows are saved
    even when others fail); ImportRefused for a file that cannot be read at all."""
    result = csv_batch.read_batch(data)
    report = BatchReport(file_problems=[p.line(language) for p in result.file_problems])
    for row in result.rows:
        if not row.ok:
            report.problems.append((row.row, row.label, [p.line(language) for p in row.problems]))
            continue
        try:
            outcome = assess(row.firm, reference_of(row.firm), on=localdate())
        except InvalidInput as invalid:
            report.problems.append(
                (
                    row.row,
                    row.label,
                    [_engine_problem(row, p, language) for p in invalid.problems],
                )
            )
            continue
        firm = row.firm
        round = AssessmentRound.of([y.year for y in firm.years], [m.moment for m in firm.liquidity])
        checks = services.verification(row.firm, row.kvk_number, round) if row.kvk_number else []
        with transaction.atomic():
            stored = Assessment.objects.create(
                owner=adviser,
                round=round,
                firm_input=row.firm.model_dump(mode="json"),
                result=outcome.model_dump(mode="json"),
                model_version=outcome.model_version,
                reference_vintage=outcome.reference_vintage,
                synthetic_reference=outcome.synthetic_reference,
                kvk_number=row.kvk_number or "",
                verification=checks,
                sbi=outcome.sector.code,
                size_class=outcome.size_class.code,
                segment=outcome.segment or "",
            )
        report.saved.append((row.row, row.label, stored))
    return report


def _engine_problem(row, problem, language: str) -> str:
    """A problem the engine found in a valid-looking row, named by row and CSV column."""
    column = csv_batch.column_of(problem.path, [i + 1 for i in range(len(row.firm.liquidity))])
    return placed(problem.text, row=row.row, column=column)(language)
