"""The cockpit's monitoring figures: thin database access around hulplijn.plan.monitoring.

Record-based tables (growth segments, the four dimensions, eligibility, register flags) come
from the anonymised ``StatisticalRecord``s, which outlive deleted assessments (as do the firms that
qualified for each open scheme, the denominator of the scheme uptake table). Uptake, survey
scores and feedback come from the assessments still stored whose owners agreed to statistical
use (each such assessment, as for the records); the uptake share's
denominator is the eligible firms of the records. One ``build`` gives the page, its exports and
``hulplijn stats monitor`` the same disclosure-controlled tables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hulplijn.plan import monitoring as pure
from hulplijn.plan import records
from hulplijn.reference import params
from hulplijn.web.cockpit.services import monitoring_tables
from hulplijn.web.cockpit.services.monitoring_labels import Labels
from hulplijn.web.cockpit.services.monitoring_release import (
    measure_ids,
    release,
    rules,
    scheme_ids,
)
from hulplijn.web.cockpit.tables import Table

PERIODS = ("month", "round")
BREAKDOWNS = ("size_class", "section")


@dataclass
class Monitoring:
    period: str
    by: str
    tables: list[Table]
    chart: dict[str, Any]
    records: int  # how many records were read (not published: only the listed periods count)


def build(
    period: str = "month",
    by: str = "size_class",
    progress: Callable[[int, int], None] | None = None,
) -> Monitoring:
    """Every monitoring table for one view: period kind ('month' or 'round') and breakdown
    ('size_class' or 'section'); ``progress(done, total)`` is called as records are read."""
    if period not in PERIODS or by not in BREAKDOWNS:
        raise ValueError(f"unknown period {period!r} or breakdown {by!r}")
    control = rules()
    releases, done = release(progress)
    labels = Labels(period, by, control)
    present = [
        name[1] for name in releases["segments"].cells if name[0] == period and len(name) == 2
    ]
    flag_codes = sorted(
        (name.split(":", 1)[1] for name in releases.items if name.startswith("flag:")),
        key=_flag_order,
    )
    out = pure.tables(
        releases,
        period,
        by,
        labels.period_order(present),
        labels.group_order(),
        measure_ids(),
        flag_codes,
        [s.code for s in params.surveys()],
        scheme_ids(),
    )
    tables = [
        monitoring_tables.periods_table(out.periods, labels, out.firms),
        monitoring_tables.segments_table(out.segments, labels),
        monitoring_tables.dimensions_table(out.dimensions, labels),
        monitoring_tables.impact_table(out.impact, labels),
        monitoring_tables.eligibility_table(out.eligibility, labels),
        monitoring_tables.help_first_table(out.help_first, labels),
        monitoring_tables.uptake_table(out.uptake, labels),
        monitoring_tables.scheme_uptake_table(out.scheme_uptake, labels),
        monitoring_tables.surveys_table(out.surveys, labels),
        monitoring_tables.flags_table(out.flags, labels),
        monitoring_tables.feedback_table(out.feedback, labels),
    ]
    return Monitoring(period, by, tables, monitoring_tables.chart(out.segments, labels), done)


def _flag_order(code: str) -> tuple[int, str]:
    main = {records.CHECKED: 0, records.DIFFERS: 1, records.NO_REGISTER: 3}
    return (main.get(code, 2), code)
