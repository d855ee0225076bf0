"""``hulplijn stats ...``: aggregates of respondents who agreed to statistical use, under
disclosure control (never a cell of fewer than 10 firms)."""

from __future__ import annotations

import json
import os
from enum import Enum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

stats_app = typer.Typer(
    help="Statistieken over respondenten (alleen met toestemming).", no_args_is_help=True
)
out = Console(highlight=False, soft_wrap=True)


class By(str, Enum):
    size_class = "size_class"
    section = "section"


class Format(str, Enum):
    table = "table"
    json = "json"


def respondents() -> list[dict]:
    """One record per consenting assessment: size class, section, segment, value-added change."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hulplijn.web.conf.dev")
    django.setup()
    from hulplijn.web.assessments.models import Assessment

    records = []
    for a in (
        Assessment.objects.filter(consent_statistics=True)
        .only("size_class", "segment", "firm_input", "result")
        .iterator()
    ):
        first, last = sorted(a.firm_input["years"], key=lambda y: y["year"])
        records.append(
            {
                "size_class": a.size_class,
                "section": a.result["sector"]["section"],
                "segment": a.segment,
                "value_added_change": last["gross_margin"] - first["gross_margin"],
            }
        )
    return records


@stats_app.command("segments")
def segments_command(
    by: Annotated[
        By, typer.Option("--by", help="Per grootteklasse of per SBI-sectie.")
    ] = By.size_class,
    format: Annotated[Format, typer.Option("--format", help="table of json.")] = Format.table,
) -> None:
    """De groeisegmenten (aandeel bedrijven, verandering toegevoegde waarde) van respondenten."""
    from hulplijn.core.disclosure import Rules
    from hulplijn.plan.segmentation import segment_matrix
    from hulplijn.reference import params

    if by is By.size_class:
        groups = [c.code for c in params.size_classes().classes]
    else:
        groups = list(params.catalogue().sections)
    rules = Rules.from_parameters(params.disclosure())
    records = respondents()
    # a group is listed only when it holds at least the minimum number of respondents, so not
    # even the presence of a few firms in a group shows
    counts = {g: sum(1 for r in records if r[by.value] == g) for g in groups}
    listed = [g for g in groups if counts[g] >= rules.min_n]
    rows = segment_matrix(records, by.value, listed, rules)
    if format is Format.json:
        out.print(json.dumps(rows, ensure_ascii=False, indent=2), markup=False)
        return
    table = Table(
        by.value,
        "segment",
        "bedrijven",
        "aandeel",
        "verandering TW (EUR)",
        "onderdrukt",
        title="Groeisegmenten van respondenten met toestemming (cellen < 10 nooit getoond)",
    )
    for r in rows:
        table.add_row(
            r[by.value],
            r["segment"],
            "–" if r["n"] is None else str(r["n"]),
            "–" if r["share"] is None else f"{r['share']:.0%}",
            "–" if r["value_added_change"] is None else f"{r['value_added_change']:,.0f}",
            r["suppressed"] or "",
        )
    out.print(table)
