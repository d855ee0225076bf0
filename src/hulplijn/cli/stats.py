"""``hulplijn stats ...``: aggregates of respondents who agreed to statistical use, under
disclosure control (never a cell of fewer than 10 firms). Both commands read the anonymised
statistical records (cockpit StatisticalRecord), which outlive deleted assessments."""

from __future__ import annotations

import json
import os
from enum import Enum
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from hulplijn.cli.options import Language
from hulplijn.core import numbers

stats_app = typer.Typer(
    help="Statistieken over respondenten (alleen met toestemming).", no_args_is_help=True
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True)


class By(str, Enum):
    size_class = "size_class"
    section = "section"


class Period(str, Enum):
    month = "month"
    round = "round"


class Format(str, Enum):
    table = "table"
    json = "json"


def _django() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hulplijn.web.conf.dev")
    django.setup()


@stats_app.command("segments")
def segments_command(
    by: Annotated[
        By, typer.Option("--by", help="Per grootteklasse of per SBI-sectie.")
    ] = By.size_class,
    format: Annotated[Format, typer.Option("--format", help="table of json.")] = Format.table,
) -> None:
    """De groeisegmenten (aandeel bedrijven, verandering toegevoegde waarde) van respondenten:
    de weergave 'alle perioden' van dezelfde beveiligde publicatie als de beleidscockpit."""
    _django()
    from hulplijn.plan.monitoring import segment_rows_all
    from hulplijn.reference import params
    from hulplijn.web.cockpit.services import monitoring_release

    if by is By.size_class:
        groups = [c.code for c in params.size_classes().classes]
    else:
        groups = list(params.catalogue().sections)
    releases, _records = monitoring_release.release()
    rows = segment_rows_all(releases, by.value, groups)
    if format is Format.json:
        out.print(json.dumps(rows, ensure_ascii=False, indent=2), markup=False)
        return
    table = Table(
        by.value,
        "segment",
        "zelfdiagnoses",
        "aandeel",
        "verandering TW (EUR)",
        "onderdrukt",
        title=(
            "Groeisegmenten van zelfdiagnoses met toestemming (een bedrijf met twee telt twee "
            "keer), alle perioden (cellen < 10 nooit getoond; aantallen en totalen licht "
            "verstoord, zie docs/decisions/0013)"
        ),
    )
    for r in rows:
        table.add_row(
            r[by.value],
            r["segment"],
            "–" if r["n"] is None else str(r["n"]),
            numbers.percent(r["share"], "nl", 0),
            numbers.number(r["value_added_change"], "nl"),
            ", ".join(f"{cell}: {reason}" for cell, reason in r["suppressed"]),
        )
    out.print(table)


@stats_app.command("monitor")
def monitor_command(
    period: Annotated[
        Period, typer.Option("--period", help="Per maand of per beoordelingsronde.")
    ] = Period.month,
    by: Annotated[
        By, typer.Option("--by", help="Groeisegmenten per grootteklasse of per SBI-sectie.")
    ] = By.size_class,
    format: Annotated[Format, typer.Option("--format", help="table of json.")] = Format.table,
) -> None:
    """De monitoring van de beleidscockpit: dezelfde tabellen als /beleid/monitor/."""
    _django()
    from django.utils import translation

    from hulplijn.web.cockpit.services import monitoring

    with (
        translation.override("nl"),
        Progress(
            TextColumn("records lezen"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as progress,
    ):
        task = progress.add_task("records", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        result = monitoring.build(period.value, by.value, progress=advance)
        if format is Format.json:
            document = {
                t.slug: {
                    "title": str(t.title),
                    "rows": t.values(),
                }
                for t in result.tables
            }
            out.print(json.dumps(document, ensure_ascii=False, indent=2, default=str), markup=False)
            return
        for t in result.tables:
            table = Table(*(str(c.label) for c in t.columns), title=str(t.title))
            for cells in t.cells():
                table.add_row(*cells)
            out.print(table)


@stats_app.command("evaluation")
def evaluation_command(
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Toon ook de herleiding: gekoppelde cellen, n per kant, de gemiddelden, de "
            "regressie en het interval uit de gepubliceerde variantie en aantallen.",
        ),
    ] = False,
    format: Annotated[Format, typer.Option("--format", help="table of json.")] = Format.table,
    lang: Annotated[Language, typer.Option("--lang", help="nl of en.")] = Language.nl,
) -> None:
    """De evaluatie van de beleidscockpit (/beleid/evaluatie/): het verschil in verschillen van
    de productiviteit van bedrijven die een regeling aanvroegen tegenover vergelijkbare bedrijven,
    met dezelfde getallen als de pagina (alle door de openbaarmakingscontrole)."""
    _django()
    from django.utils import translation

    from hulplijn.web.cockpit.services import evaluation

    with translation.override(lang.value):
        if format is Format.json:
            document = evaluation.document(explain=explain)
            out.print(json.dumps(document, ensure_ascii=False, indent=2), markup=False)
            return
        found = evaluation.estimates()
        tables = evaluation.tables(found)
        out.print(evaluation.caveat(), markup=False)
        shown = [tables["estimates"]]
        if explain:
            out.print("", markup=False)
            out.print(f"{evaluation.pure.FORMULA}", markup=False)
            out.print(f"{evaluation.pure.INTERVAL}", markup=False)
            shown += [tables["trace"], tables["cells"]]
        for table in shown:
            out.print("", markup=False)
            out.print(str(table.title), markup=False)
            for cells in table.cells():
                out.print(cells[0], markup=False)
                for column, cell in zip(table.columns[1:], cells[1:], strict=True):
                    if cell:
                        out.print(f"  {column.label}: {cell}", markup=False)
            if table.note:
                out.print(str(table.note), markup=False)
