"""An adviser's batch (a CSV file, or the firms of POST /api/v1/batches): every valid firm
assessed and saved in the open round of its years; every problem reported.

The rows go through the engine's many-firm path (``hulplijn.core.assess_many``: one peer lookup
per metric for a chunk of firms) and are written in bulk in one transaction, so a batch is saved
whole or not at all. It runs as a background job (``hulplijn.web.intake.tasks``;
docs/decisions/0028-background-jobs.md).
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from copy import copy
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from django.db import connections, router, transaction
from django.db.models import JSONField, TextField, Value
from django.db.models.functions import Cast
from django.db.models.sql import InsertQuery
from django.utils.timezone import localdate

from hulplijn.core import Assessment as EngineAssessment
from hulplijn.core import FirmInput, InvalidInput, Problem, assess_many, parse_firm, period
from hulplijn.core.errors import placed
from hulplijn.core.text import Text
from hulplijn.imports import csv_batch
from hulplijn.web.assessments import services
from hulplijn.web.assessments.models import Assessment, AssessmentRound
from hulplijn.web.reference_store import reference_of

CHUNK = 500  # firms assessed (and their results kept in memory) at a time
NO_ROUND = Text(
    "er is geen beoordelingsronde open; vraag de beheerder er een te openen",
    "no assessment round is open; ask the site's administrator to open one",
)
NO_ROUND_OF_YEARS = Text(
    "de jaren {years} horen bij geen open beoordelingsronde; gebruik de jaren van een open "
    "ronde ({open})",
    "the years {years} belong to no open assessment round; use the years of an open round ({open})",
)


@dataclass
class BatchReport:
    saved: list[tuple[int, str, Assessment]] = field(default_factory=list)
    problems: list[tuple[int, str, list[str]]] = field(default_factory=list)
    file_problems: list[str] = field(default_factory=list)


Progress = Callable[[int, int], None]


def intake(
    data: bytes,
    adviser,
    language: str,
    progress: Progress | None = None,
    finish: Callable[[BatchReport], None] | None = None,
) -> BatchReport:
    """Read the CSV, assess each valid row and save it for the adviser (valid rows are saved
    even when others fail; all in one transaction, with ``finish(report)`` in it);
    ImportRefused for a file that cannot be read at all. ``progress(done, total)`` is called
    after each chunk of rows. Measures are judged on the day the job runs."""
    with _collector_paused():
        result = csv_batch.read_batch(data)
    report = BatchReport(file_problems=[p.line(language) for p in result.file_problems])
    return assess_and_save(result.rows, adviser, _CsvProblems(language), report, progress, finish)


@dataclass(frozen=True)
class Firm:
    """One firm of a batch sent to the API: its place in the request (0-based), and the firm
    or its problems (``hulplijn.core.Problem``, by field path within the firm)."""

    row: int
    firm: FirmInput | None
    problems: tuple[Problem, ...] = ()
    label: str = ""
    kvk_number: str | None = None

    @property
    def ok(self) -> bool:
        return self.firm is not None


def intake_firms(
    data: bytes,
    adviser,
    progress: Progress | None = None,
    finish: Callable[[BatchReport], None] | None = None,
) -> BatchReport:
    """The API's batch: ``data`` is the request's JSON (``{"firms": [...]}``); each firm is
    validated, assessed and saved as a CSV row is (``intake``). Problems are kept as
    ``{loc, type, message_nl, message_en}`` (the API's own problem shape)."""
    with _collector_paused():
        rows = []
        for index, raw in enumerate(json.loads(data)["firms"]):
            try:
                rows.append(Firm(index, parse_firm(raw)))
            except InvalidInput as invalid:
                rows.append(Firm(index, None, tuple(invalid.problems)))
    return assess_and_save(rows, adviser, _ApiProblems(), BatchReport(), progress, finish)


def assess_and_save(
    rows: Sequence[Any],
    adviser,
    problems: _Problems,
    report: BatchReport,
    progress: Progress | None = None,
    finish: Callable[[BatchReport], None] | None = None,
) -> BatchReport:
    """Assess each valid row (``row.firm``; a row has ``row``, ``label``, ``kvk_number``,
    ``firm``, ``problems`` and ``ok``) in the open round of its years and save it for the
    adviser, all in one transaction with ``finish(report)`` in it; a row whose years fit no
    open round is refused with the reason. ``problems`` says each row's problems the way the
    caller reports them."""
    today = localdate()
    total = len(rows)
    if progress:
        progress(0, total)
    outcomes: dict[int, Any] = {}  # row number -> Assessment (engine) or InvalidInput
    valid = [row for row in rows if row.ok]
    by_reference: dict[str, list] = {}
    references = {}
    for row in valid:
        reference = reference_of(row.firm)
        references[reference.vintage] = reference
        by_reference.setdefault(reference.vintage, []).append(row)
    done = len(rows) - len(valid)
    for vintage, group in by_reference.items():
        for start in range(0, len(group), CHUNK):
            chunk = group[start : start + CHUNK]
            with _collector_paused():
                # compact: explained when shown (services.result_of; decision 0036)
                found = assess_many([r.firm for r in chunk], references[vintage], explained=False)
                for row, outcome in zip(chunk, found, strict=True):
                    # kept as JSON text: a chunk's models are dropped, not held for the whole file
                    outcomes[row.row] = (
                        outcome if isinstance(outcome, InvalidInput) else _Kept.of(outcome, today)
                    )
            done += len(chunk)
            if progress:
                progress(done, total)

    rounds: dict[tuple, AssessmentRound | None] = {}
    to_save: list[Assessment] = []
    with _collector_paused():
        for row in rows:
            if not row.ok:
                report.problems.append((row.row, row.label, problems.invalid(row)))
                continue
            outcome = outcomes[row.row]
            if isinstance(outcome, InvalidInput):
                report.problems.append(
                    (row.row, row.label, [problems.engine(row, p) for p in outcome.problems])
                )
                continue
            engine: _Kept = outcome
            firm = row.firm
            key = (tuple(y.year for y in firm.years), tuple(m.moment for m in firm.liquidity))
            if key not in rounds:
                rounds[key] = AssessmentRound.for_years(list(key[0]), list(key[1]))
            round = rounds[key]
            if round is None:  # the row's years fit no open round: never filed under another
                report.problems.append((row.row, row.label, [problems.no_round(row)]))
                continue
            # an adviser proves nothing about a firm: the bureaus are not asked (decisions/0037)
            checks = (
                services.verification(firm, row.kvk_number, round)[0] if row.kvk_number else []
            )
            stored = Assessment(
                owner=adviser,
                round=round,
                # both JSON text, written as it is (_insert)
                firm_input=firm.model_dump_json(),
                result=engine.result,
                model_version=engine.model_version,
                reference_vintage=engine.reference_vintage,
                synthetic_reference=engine.synthetic_reference,
                kvk_number=row.kvk_number or "",
                label=row.label[:200],  # the adviser's name for the firm (theirs only)
                verification=checks,
                sbi=engine.sbi,
                size_class=engine.size_class,
                segment=engine.segment,
            )
            to_save.append(stored)
            report.saved.append((row.row, row.label, stored))
    outcomes.clear()
    with transaction.atomic():
        _insert(to_save)
        if finish:
            finish(report)
    return report


class _Problems(Protocol):
    """How a batch reports a row's problems: lines (CSV) or the API's problem objects."""

    def invalid(self, row: Any) -> list[Any]: ...

    def engine(self, row: Any, problem: Problem) -> Any: ...

    def no_round(self, row: Any) -> Any: ...


@dataclass(frozen=True)
class _CsvProblems:
    """A CSV row's problems as lines in the adviser's language, named by row and column."""

    language: str

    def invalid(self, row: Any) -> list[str]:
        return [p.line(self.language) for p in row.problems]

    def engine(self, row: Any, problem: Problem) -> str:
        return _engine_problem(row, problem, self.language)

    def no_round(self, row: Any) -> str:
        return _no_round(row, self.language)


class _ApiProblems:
    """A firm's problems as the API reports them: field path within the firm, code, both texts."""

    def invalid(self, row: Any) -> list[dict[str, str]]:
        return [_api_problem(p.path, p.code, p.text) for p in row.problems]

    def engine(self, row: Any, problem: Problem) -> dict[str, str]:
        return _api_problem(problem.path, problem.code, problem.text)

    def no_round(self, row: Any) -> dict[str, str]:
        return _api_problem("years", "no_open_round", _no_round_text(row))


def _api_problem(loc: str, code: str, text: Text) -> dict[str, str]:
    return {"loc": loc, "type": code, "message_nl": text.nl, "message_en": text.en}


@dataclass(frozen=True)
class _Kept:
    """What the batch keeps of an engine result until it is written: its JSON and the
    denormalised columns."""

    result: str
    model_version: str
    reference_vintage: str
    synthetic_reference: bool
    sbi: str
    size_class: str
    segment: str

    @classmethod
    def of(cls, a: EngineAssessment, on: date) -> _Kept:
        return cls(
            services.compact_json(a, on),
            a.model_version,
            a.reference_vintage,
            a.synthetic_reference,
            a.sector.code,
            a.size_class.code,
            a.segment or "",
        )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while the engine assesses a chunk: its hundreds of
    thousands of short-lived models set off collections that scan every live object (the
    reference, Django), about half the chunk's time; reference counting frees the models, and
    one young-generation collection after the chunk takes what is left."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        gc.collect(1)


ROWS_A_STATEMENT = 100  # 2,000 values: under every database's limit (SQLite: 32,766)
_TEXTS = ("firm_input", "result")  # JSON fields a batch's assessment holds as JSON text


def _insert(assessments: Sequence[Assessment]) -> None:
    """Insert the assessments (``firm_input`` and ``result`` JSON text): with COPY on
    PostgreSQL, else ROWS_A_STATEMENT rows an INSERT. Each value is prepared by its field as
    ``bulk_create`` does it, but ``bulk_create`` compiles every value of every row into SQL
    (20 a row): that, not the database, was most of a batch's write. The JSON text is written
    as it is, not parsed into Python objects and dumped again per firm."""
    if not assessments:
        return
    connection = connections[router.db_for_write(Assessment)]
    fields = Assessment._meta.concrete_fields
    if connection.vendor == "postgresql":
        _copy(connection, fields, assessments)
    else:
        _insert_statements(connection, fields, assessments)
    for a in assessments:  # saved (``firm_input`` and ``result`` stay text)
        a._state.adding, a._state.db = False, connection.alias


def _prepared(connection, fields, a: Assessment) -> list[Any]:
    """A row's values as ``bulk_create`` prepares them; the JSON text fields as they are."""
    return [
        getattr(a, field.name)
        if field.name in _TEXTS
        else field.get_db_prep_save(field.pre_save(a, True), connection)
        for field in fields
    ]


def _copy(connection, fields, assessments: Sequence[Assessment]) -> None:
    """PostgreSQL: the rows sent with COPY (psycopg's ``Cursor.copy``), which the server reads
    as one stream: an INSERT of 100 rows is a statement of 2,000 parameters that the client
    parses and the server plans again, which took about 4 s of a 10,000-row batch's 9. The
    rows are sent from a thread (``QueuedLibpqWriter``) while the next ones are prepared."""
    from psycopg.copy import QueuedLibpqWriter  # PostgreSQL's driver, only where it is used

    table = connection.ops.quote_name(Assessment._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        sql = f"COPY {table} ({columns}) FROM STDIN"
        with raw.copy(sql, writer=QueuedLibpqWriter(raw)) as stream:
            for a in assessments:
                stream.write_row(_prepared(connection, fields, a))


def _insert_statements(connection, fields, assessments: Sequence[Assessment]) -> None:
    """Other databases: ROWS_A_STATEMENT rows an INSERT of Django's own SQL for one row."""
    template = copy(assessments[0])
    for name in _TEXTS:
        text = getattr(template, name)
        setattr(template, name, Cast(Value(text, output_field=TextField()), JSONField()))
    query = InsertQuery(Assessment)
    query.insert_values(fields, [template])
    ((sql, _params),) = query.get_compiler(connection=connection).as_sql()
    rows = [_prepared(connection, fields, a) for a in assessments]
    head, values = sql.split(" VALUES ", 1)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), ROWS_A_STATEMENT):
            some = rows[start : start + ROWS_A_STATEMENT]
            cursor.execute(
                f"{head} VALUES {', '.join([values] * len(some))}",
                [value for row in some for value in row],
            )


def _no_round_text(row) -> Text:
    """Why a valid row is not saved: no round is open, or none of the row's years."""
    open_rounds = AssessmentRound.objects.filter(is_open=True).order_by("year_1", "year_2")
    spans = list(dict.fromkeys(period.span(r.years) for r in open_rounds))
    if not spans:
        return NO_ROUND
    years = sorted(y.year for y in row.firm.years)
    return NO_ROUND_OF_YEARS.format(
        years=Text(f"{years[0]} en {years[1]}", f"{years[0]} and {years[1]}"),
        open=Text.join([Text(s, s) for s in spans], ", ", ", "),
    )


def _no_round(row, language: str) -> str:
    """Why a valid CSV row is not saved, named by its row (and the column of its years)."""
    text = _no_round_text(row)
    if text is NO_ROUND:
        return placed(NO_ROUND, row=row.row)(language)
    return placed(text, row=row.row, column="year_1")(language)


def _engine_problem(row, problem, language: str) -> str:
    """A problem the engine found in a valid-looking row, named by row and CSV column."""
    column = csv_batch.column_of(problem.path, [i + 1 for i in range(len(row.firm.liquidity))])
    return placed(problem.text, row=row.row, column=column)(language)
