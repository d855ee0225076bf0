"""The cockpit's monitoring figures: thin database access around hulplijn.plan.monitoring.

Record-based tables (growth segments, the four dimensions, eligibility, register flags) come
from the anonymised ``StatisticalRecord``s, which outlive deleted assessments. Uptake, survey
scores and feedback come from the assessments still stored whose owners agreed to statistical
use (each such assessment, as for the records); the uptake share's
denominator is the eligible firms of the records. One ``build`` gives the page, its exports and
``hulplijn stats monitor`` the same disclosure-controlled tables.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hulplijn.core.disclosure import Releases, Rules
from hulplijn.core.segment import SEGMENTS
from hulplijn.plan import monitoring as pure
from hulplijn.plan import records
from hulplijn.reference import params
from hulplijn.web.assessments.models import Assessment, AssessmentRound
from hulplijn.web.cockpit import aggregates, statistics
from hulplijn.web.cockpit.tables import Column, Table

PERIODS = ("month", "round")
BREAKDOWNS = ("size_class", "section")
RECORD_FIELDS = (
    "segment",
    "value_added_change",
    "productivity_growth_band",
    "job_growth_band",
    "liquidity_band",
    "solvency_band",
    "sector_impact",
    "eligible_measures",
    "verification_flags",
)
CACHE_SECONDS = 24 * 3600
"""How long a release stays cached (a new one is made as soon as records or answers change)."""


# -- writing ---------------------------------------------------------------------------------


def record_statistics(assessment: Assessment) -> bool:
    """Queue a just-completed assessment for the anonymised statistics when its owner agreed to
    statistical use (cockpit.statistics: written in shuffled batches of at least 10, never in
    the assessment's transaction). One record per consenting assessment: an adviser's software
    posts many firms under one account, so records are not de-duplicated per owner (a firm
    that is assessed twice in a round counts twice; docs/reference/monitoring.md)."""
    return statistics.queue(assessment)


# -- reading ---------------------------------------------------------------------------------


@dataclass
class Monitoring:
    period: str
    by: str
    tables: list[Table]
    chart: dict[str, Any]
    records: int  # how many records were read (not published: only the listed periods count)


def rules() -> Rules:
    return Rules.from_parameters(params.disclosure())


def measure_ids() -> list[str]:
    return [m["id"] for m in params.measures()["measures"]]


def release(progress: Callable[[int, int], None] | None = None) -> tuple[Releases, int]:
    """Every monitoring family published together, with its audit: one release for all views
    (months, rounds, all periods; by size class and by section), so a view never gives back
    what another hides. Reads the stored atoms (thousands, whatever the number of records) and
    the live answers; the release is cached until either changes (the audit solves a few
    linear programs per small cell). Returns it with the number of records."""
    control, measures = rules(), measure_ids()
    stamp = aggregates.stamp()
    records = stamp[1]
    if progress:
        progress(0, records)
    atoms = aggregates.live_atoms(aggregates.record_atoms(measures), measures, params.surveys())
    live = hashlib.sha256(repr((atoms.uptake, atoms.surveys, atoms.feedback)).encode()).hexdigest()[
        :16
    ]
    rules_hash = hashlib.sha256(repr(control).encode()).hexdigest()[:16]
    key = f"cockpit-release:{'-'.join(map(str, stamp))}:{live}:{rules_hash}"
    found = cache.get(key)
    if found is None:
        found = pure.release(atoms, control)
        cache.set(key, found, timeout=CACHE_SECONDS)
    if progress:
        progress(records, records)
    return found, records


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
    )
    tables = [
        _periods_table(out.periods, labels),
        _segments_table(out.segments, labels),
        _dimensions_table(out.dimensions, labels),
        _impact_table(out.impact, labels),
        _eligibility_table(out.eligibility, labels),
        _uptake_table(out.uptake, labels),
        _surveys_table(out.surveys, labels),
        _flags_table(out.flags, labels),
        _feedback_table(out.feedback, labels),
    ]
    return Monitoring(period, by, tables, _chart(out.segments, labels), done)


def _flag_order(code: str) -> tuple[int, str]:
    main = {records.CHECKED: 0, records.DIFFERS: 1, records.NO_REGISTER: 3}
    return (main.get(code, 2), code)


# -- labels ----------------------------------------------------------------------------------


def english() -> bool:
    return (get_language() or "nl").startswith("en")


class Labels:
    """Names of periods, groups, segments, measures and reasons in the active language."""

    def __init__(self, period: str, by: str, control: Rules) -> None:
        self.period, self.by, self.rules, self.en = period, by, control, english()
        self.rounds = {r.pk: r for r in AssessmentRound.objects.all()}

    def period_order(self, present) -> list:
        if self.period == "month":
            return sorted(present)
        rounds = sorted(self.rounds.values(), key=lambda r: (r.created_at, r.pk))
        return [r.pk for r in rounds if r.pk in present]

    def period_label(self, p) -> str:
        if self.period == "month":
            return f"{p:%Y-%m}"
        found = self.rounds.get(p)
        return found.name if found else str(p)

    def group_order(self) -> list[str]:
        if self.by == "size_class":
            return [c.code for c in params.size_classes().classes]
        return list(params.catalogue().sections)

    def group_label(self, code: str) -> str:
        if self.by == "size_class":
            for c in params.size_classes().classes:
                if c.code == code:
                    return c.label_en if self.en else c.label
            return code
        section = params.catalogue().sbi2008.get(code)
        name = (section.name_en if self.en else section.name_nl) if section else ""
        return f"{code} {name}".strip()

    def group_title(self) -> str:
        return _("Size class") if self.by == "size_class" else _("SBI section")

    def segment(self, code: str) -> str:
        for s in SEGMENTS:
            if s.code == code:
                return s.label_en if self.en else s.label
        return _("Not determinable")

    def dimension(self, code: str) -> str:
        return {
            "productivity_growth": _("Productivity growth (A)"),
            "job_growth": _("Job growth (A)"),
            "liquidity": _("Liquidity: cash buffer days, later moment (B)"),
            "solvency": _("Solvency (C)"),
        }[code]

    def band(self, code: str) -> str:
        if code == pure.NOT_GIVEN:
            return _("not given")
        return code.replace("-", "–")

    def impact(self, code: str) -> str:
        for c in params.sector_impact().classes:
            if c.code == code:
                return c.label_en if self.en else c.label
        return code

    def measure(self, code: str) -> str:
        for m in params.measures()["measures"]:
            if m["id"] == code:
                return f"{code}. {m['name_en'] if self.en else m['name']}"
        return code

    def survey(self, code: str) -> str:
        for s in params.surveys():
            if s.code == code:
                return s.title_en if self.en else s.title
        return code

    def flag(self, code: str) -> str:
        if code.startswith(pure.DIFFERS + ":"):
            from hulplijn.web.intake.present import labels

            name = code.split(":", 1)[1]
            return _("Differs: %(field)s") % {"field": labels().get(name, name)}
        return {
            pure.CHECKED: _("Compared with the register"),
            pure.DIFFERS: _("At least one figure differs from the register"),
            pure.NO_REGISTER: _("The register holds no figures"),
        }.get(code, code)

    def reason(self, code: str) -> str:
        return {
            "min_n": _("fewer than %(n)s firms") % {"n": self.rules.min_n},
            "dominance": _("%(k)s firms make up more than %(share)s%% of the total")
            % {"k": self.rules.dominance_top, "share": round(self.rules.dominance_share * 100)},
            "secondary": _("hidden so that another hidden cell cannot be derived"),
        }[code]

    def hidden(self, pairs, name=None) -> str:
        """The hidden cells of a row with their reasons, e.g. '20–39: fewer than 10 firms'."""
        parts = []
        for cell, reason in pairs:
            label = name(cell) if name else None
            parts.append(f"{label}: {self.reason(reason)}" if label else self.reason(reason))
        return "; ".join(parts)


# -- tables ----------------------------------------------------------------------------------


def _period_column(labels: Labels) -> Column:
    return Column("period", _("Month") if labels.period == "month" else _("Assessment round"))


def _note(labels: Labels) -> str:
    return _(
        "– means hidden by disclosure control (the last column says why) or no firms. "
        "Only periods and groups of at least %(n)s firms are listed. To protect single firms, "
        "every count is off by at most %(d)s firms and every euro total by %(low)s–%(high)s%% "
        "of its largest contribution, always the same for the same firms; parts therefore need "
        "not add up exactly to their total."
    ) % {
        "n": labels.rules.min_n,
        "d": labels.rules.max_perturbation,
        "low": round(labels.rules.noise_min * 100),
        "high": round(labels.rules.noise_max * 100),
    }


def _periods_table(rows, labels: Labels) -> Table:
    return Table(
        "perioden",
        _("Firms per period (who agreed to statistical use)"),
        (_period_column(labels), Column("n", _("Firms"), "int")),
        [{"period": labels.period_label(r["period"]), "n": r["n"]} for r in rows],
        note=_note(labels),
    )


def _segments_table(rows, labels: Labels) -> Table:
    return Table(
        "segmenten",
        _("Growth segments per period and size class – firms, share and value-added change")
        if labels.by == "size_class"
        else _("Growth segments per period and SBI section – firms, share and value-added change"),
        (
            _period_column(labels),
            Column("group", labels.group_title()),
            Column("segment", _("Growth segment")),
            Column("n", _("Firms"), "int"),
            Column("share", _("Share of the group"), "share"),
            Column("value_added_change", _("Value-added change (gross margin, euro)"), "euro"),
            Column("hidden", _("Hidden")),
        ),
        [
            {
                "period": labels.period_label(r["period"]),
                "group": labels.group_label(r["group"]),
                "segment": labels.segment(r["segment"]),
                "n": r["n"],
                "share": r["share"],
                "value_added_change": r["value_added_change"],
                "hidden": labels.hidden(r["suppressed"]),
            }
            for r in rows
        ],
        note=_note(labels),
    )


def _dimensions_table(rows, labels: Labels) -> Table:
    bands = (*pure.BANDS, pure.NOT_GIVEN)
    return Table(
        "dimensies",
        _("The dimensions – firms per percentile band against their peers"),
        (
            _period_column(labels),
            Column("dimension", _("Dimension")),
            *(Column(b, labels.band(b), "int") for b in bands),
            Column("hidden", _("Hidden")),
        ),
        [
            {
                "period": labels.period_label(r["period"]),
                "dimension": labels.dimension(r["dimension"]),
                **{b: r[b] for b in bands},
                "hidden": labels.hidden(r["suppressed"], labels.band),
            }
            for r in rows
        ],
        note=_note(labels),
    )


def _impact_table(rows, labels: Labels) -> Table:
    return Table(
        "sectorimpact",
        _("Structural COVID impact on the sector (D) – firms per class"),
        (
            _period_column(labels),
            *(Column(c, labels.impact(c), "int") for c in pure.IMPACT_CLASSES),
            Column("hidden", _("Hidden")),
        ),
        [
            {
                "period": labels.period_label(r["period"]),
                **{c: r[c] for c in pure.IMPACT_CLASSES},
                "hidden": labels.hidden(r["suppressed"], labels.impact),
            }
            for r in rows
        ],
        note=_note(labels),
    )


def _per_item_table(slug, title, key, key_title, label, rows, labels: Labels) -> Table:
    """Firms per period and item (a measure they qualify for, a register flag), with the share
    of the period's firms."""
    return Table(
        slug,
        title,
        (
            _period_column(labels),
            Column(key, key_title),
            Column("n", _("Firms that qualify") if key == "measure" else _("Firms"), "int"),
            Column("share", _("Share of the period's firms"), "share"),
            Column("hidden", _("Hidden")),
        ),
        [
            {
                "period": labels.period_label(r["period"]),
                key: label(r[key]),
                "n": r["n"],
                "share": r["share"],
                "hidden": labels.hidden(r["suppressed"]),
            }
            for r in rows
        ],
        note=_note(labels),
    )


def _eligibility_table(rows, labels: Labels) -> Table:
    return _per_item_table(
        "geschiktheid",
        _("Eligibility per measure – firms that qualify"),
        "measure",
        _("Measure"),
        labels.measure,
        rows,
        labels,
    )


def _uptake_table(rows, labels: Labels) -> Table:
    return Table(
        "gebruik",
        _("Uptake per measure, among the firms that qualify"),
        (
            _period_column(labels),
            Column("measure", _("Measure")),
            Column("eligible", _("Firms that qualify"), "int"),
            Column("intend", _("Going to apply"), "int"),
            Column("applied", _("Applied"), "int"),
            Column("not_for_me", _("Not for me"), "int"),
            Column("no_answer", _("No answer"), "int"),
            Column("share", _("Share applying or going to"), "share"),
            Column("hidden", _("Hidden")),
        ),
        [
            {
                "period": labels.period_label(r["period"]),
                "measure": labels.measure(r["measure"]),
                **{k: r[k] for k in ("eligible", *pure.UPTAKE, pure.NO_ANSWER, "share")},
                "hidden": labels.hidden(r["suppressed"], _uptake_label),
            }
            for r in rows
        ],
        note=_note(labels)
        + " "
        + _(
            "Answers come from assessments still stored; firms that deleted theirs count as "
            "not answered. Measures with fewer than %(n)s qualifying firms are not listed."
        )
        % {"n": labels.rules.min_n},
    )


def _uptake_label(code: str) -> str:
    return {
        "intend": _("Going to apply"),
        "applied": _("Applied"),
        "not_for_me": _("Not for me"),
        pure.NO_ANSWER: _("No answer"),
    }[code]


def _surveys_table(rows, labels: Labels) -> Table:
    return Table(
        "vragenlijsten",
        _("Mini-surveys – respondents and mean area score (1 to 5)"),
        (
            _period_column(labels),
            Column("survey", _("Survey")),
            Column("n", _("Respondents"), "int"),
            Column("mean", _("Mean score"), "score"),
            Column("hidden", _("Hidden")),
        ),
        [
            {
                "period": labels.period_label(r["period"]),
                "survey": labels.survey(r["survey"]),
                "n": r["n"],
                "mean": r["mean"],
                "hidden": labels.hidden(r["suppressed"]),
            }
            for r in rows
        ],
        note=_note(labels),
    )


def _flags_table(rows, labels: Labels) -> Table:
    return _per_item_table(
        "registercontrole",
        _("Checks against the register – firms per flag"),
        "flag",
        _("Flag"),
        labels.flag,
        rows,
        labels,
    )


def _feedback_table(rows, labels: Labels) -> Table:
    return Table(
        "waardering",
        _("Feedback – ratings of the tool (1 to 5), the latest per firm"),
        (
            _period_column(labels),
            Column("n", _("Firms that rated"), "int"),
            Column("mean", _("Mean rating"), "score"),
            *(Column(f"r{r}", _("Rated %(r)s") % {"r": r}, "int") for r in pure.RATINGS),
            Column("hidden", _("Hidden")),
        ),
        [
            {
                "period": labels.period_label(r["period"]),
                "n": r["n"],
                "mean": r["mean"],
                **{f"r{k}": r[k] for k in pure.RATINGS},
                "hidden": labels.hidden(
                    r["suppressed"],
                    lambda c: _("firms") if c == "n" else _("rated %(r)s") % {"r": c},
                ),
            }
            for r in rows
        ],
        note=_note(labels),
    )


def _chart(rows, labels: Labels) -> dict[str, Any]:
    """Segment shares per period, one panel per group (the segments table holds the numbers;
    hidden cells are left out, so a bar can stay short of 100%)."""
    values = [
        {
            "period": labels.period_label(r["period"]),
            "group": labels.group_label(r["group"]),
            "segment": labels.segment(r["segment"]),
            "share": round(r["share"] * 100, 1),
        }
        for r in rows
        if r["share"] is not None
    ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": _("Share of firms per growth segment over time"),
        "data": {"values": values},
        "facet": {"row": {"field": "group", "type": "nominal", "title": None, "sort": None}},
        "spec": {
            "width": 520,
            "height": 120,
            "mark": "bar",
            "encoding": {
                "x": {"field": "period", "type": "ordinal", "sort": None, "title": None},
                "y": {
                    "field": "share",
                    "type": "quantitative",
                    "stack": "zero",
                    "scale": {"domain": [0, 100]},
                    "title": _("Share of firms (%)"),
                },
                "color": {"field": "segment", "type": "nominal", "title": _("Growth segment")},
                "tooltip": [
                    {"field": "period"},
                    {"field": "group"},
                    {"field": "segment"},
                    {"field": "share"},
                ],
            },
        },
    }
