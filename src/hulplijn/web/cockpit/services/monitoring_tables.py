"""The monitoring page's disclosure-controlled tables and its chart, labelled from the pure
hulplijn.plan.monitoring rows: what the page shows and its CSV/XLSX exports hold."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from hulplijn.plan import monitoring as pure
from hulplijn.web.cockpit.services.monitoring_labels import Labels
from hulplijn.web.cockpit.tables import SECRET, Column, Table

DERIVED = ("share", "mean")
"""Cells computed from others: hidden when a cell of their row is."""


def _secret(row: dict[str, Any], suppressed, keys: list[str]) -> dict[str, Any]:
    """``row`` with its hidden cells marked ``SECRET`` (shown as x), so that they no longer look
    like an empty cell (a dash). ``suppressed`` names the hidden cells: a column (a band, a
    rating ``3`` for column ``r3``), or the row's item itself (a segment, a measure): then every
    empty figure of the row is hidden."""
    names = {str(name) for name, _reason in suppressed}
    if not names:
        return row
    columns = {k for k in keys if k in names or (k.startswith("r") and k[1:] in names)}
    for k in keys:
        if row.get(k) is None and (not columns or k in columns or k in DERIVED):
            row[k] = SECRET
    return row


def _period_column(labels: Labels) -> Column:
    return Column("period", _("Month") if labels.period == "month" else _("Assessment round"))


def _note(labels: Labels) -> str:
    return _(
        "x means hidden by disclosure control (the last column says why); – means none. "
        "Only periods and groups of at least %(n)s assessments are listed. To protect single "
        "firms, every count is off by at most %(d)s and every euro total by %(low)s–%(high)s%% "
        "of its largest contribution, always the same for the same assessments; parts "
        "therefore need not add up exactly to their total."
    ) % {
        "n": labels.rules.min_n,
        "d": labels.rules.max_perturbation,
        "low": round(labels.rules.noise_min * 100),
        "high": round(labels.rules.noise_max * 100),
    }


def _per_period(
    slug: str,
    title: str,
    columns: tuple[Column, ...],
    rows,
    labels: Labels,
    cells: Callable[[dict[str, Any]], dict[str, Any]],
    hidden: Callable[[str], str] | None = None,
    note: str = "",
) -> Table:
    """A disclosure-controlled table: the period, ``columns`` with each row's ``cells``, and the
    hidden cells with their reasons (``hidden`` names a cell); the note on disclosure control
    first, then ``note``."""
    return Table(
        slug,
        title,
        (_period_column(labels), *columns, Column("hidden", _("Hidden"))),
        [
            {
                "period": labels.period_label(r["period"]),
                **_secret(cells(r), r["suppressed"], [c.key for c in columns if c.kind != "text"]),
                "hidden": labels.hidden(r["suppressed"], hidden),
            }
            for r in rows
        ],
        note=f"{_note(labels)} {note}" if note else _note(labels),
    )


def periods_table(rows, labels: Labels, firms=()) -> Table:
    """Assessments (the anonymised records, one per consenting assessment) and distinct firms
    (the stored consenting assessments: a KvK number, else an owner's account) per period,
    counted apart (#16: "Bedrijven" counted assessments)."""
    distinct = {r["period"]: r for r in firms}
    out = []
    for r in rows:
        found = distinct.get(r["period"], {"n": None, "suppressed": []})
        n = SECRET if found["n"] is None and found["suppressed"] else found["n"]
        out.append(
            {
                "period": labels.period_label(r["period"]),
                "n": r["n"],
                "firms": n,
                "hidden": labels.hidden(found["suppressed"], firms=True),
            }
        )
    return Table(
        "perioden",
        _("Assessments and firms per period (who agreed to statistical use)"),
        (
            _period_column(labels),
            Column("n", _("Assessments"), "int"),
            Column("firms", _("Firms (distinct)"), "int"),
            Column("hidden", _("Hidden")),
        ),
        out,
        note=f"{_note(labels)} "
        + _(
            "Assessments count every assessment (a firm assessed twice counts twice), from the "
            "anonymised records, which stay when an assessment is deleted; the other tables on "
            "this page count assessments too. Firms count each firm once per round, in the month "
            "of its first assessment: a KvK number where the assessment has one, else the "
            "owner's account; an assessment without account is a firm of its own. Firms come "
            "from the assessments still stored, so they can be fewer than the records say."
        ),
    )


def segments_table(rows, labels: Labels) -> Table:
    return _per_period(
        "segmenten",
        _("Growth segments per period and size class – assessments, share and value-added change")
        if labels.by == "size_class"
        else _("Growth segments per period and SBI section – assessments, share and value-added change"),
        (
            Column("group", labels.group_title()),
            Column("segment", _("Growth segment")),
            Column("n", _("Assessments"), "int"),
            Column("share", _("Share of the group"), "share"),
            Column("value_added_change", _("Value-added change (gross margin, euro)"), "euro"),
        ),
        rows,
        labels,
        lambda r: {
            "group": labels.group_label(r["group"]),
            "segment": labels.segment(r["segment"]),
            "n": r["n"],
            "share": r["share"],
            "value_added_change": r["value_added_change"],
        },
    )


def dimensions_table(rows, labels: Labels) -> Table:
    bands = (*pure.BANDS, pure.NOT_GIVEN)
    return _per_period(
        "dimensies",
        _("The dimensions – assessments per percentile band against their peers"),
        (
            Column("dimension", _("Dimension")),
            *(Column(b, labels.band(b), "int") for b in bands),
        ),
        rows,
        labels,
        lambda r: {"dimension": labels.dimension(r["dimension"]), **{b: r[b] for b in bands}},
        labels.band,
    )


def impact_table(rows, labels: Labels) -> Table:
    return _per_period(
        "sectorimpact",
        _("Structural COVID impact on the sector (D) – assessments per class"),
        tuple(Column(c, labels.impact(c), "int") for c in pure.IMPACT_CLASSES),
        rows,
        labels,
        lambda r: {c: r[c] for c in pure.IMPACT_CLASSES},
        labels.impact,
        _(
            "A firm's class is Panteia's expected value-added change of its sector and size (May "
            "2020, as the report prints it). For medium-sized firms, and one group of small "
            "firms, the value is a low-confidence reading of a table the report prints "
            "scrambled: treat those classes as an indication."
        ),
    )


def _per_item_table(slug, title, key, key_title, label, rows, labels: Labels) -> Table:
    """Firms per period and item (a measure they qualify for, a register flag), with the share
    of the period's firms."""
    return _per_period(
        slug,
        title,
        (
            Column(key, key_title),
            Column(
                "n",
                _("Assessments that qualify") if key == "measure" else _("Assessments"),
                "int",
            ),
            Column("share", _("Share of the period's assessments"), "share"),
        ),
        rows,
        labels,
        lambda r: {key: label(r[key]), "n": r["n"], "share": r["share"]},
    )


def eligibility_table(rows, labels: Labels) -> Table:
    return _per_item_table(
        "geschiktheid",
        _("Eligibility per measure – assessments that qualify"),
        "measure",
        _("Measure"),
        labels.measure,
        rows,
        labels,
    )


def _uptake(slug, title, key, key_title, label, note, rows, labels: Labels) -> Table:
    """Per period and item (a measure or a scheme): the firms that qualify, their answers and
    the share applying or going to."""
    return _per_period(
        slug,
        title,
        (
            Column(key, key_title),
            Column("eligible", _("Assessments that qualify"), "int"),
            Column("intend", _("Going to apply"), "int"),
            Column("applied", _("Applied"), "int"),
            Column("not_for_me", _("Not for me"), "int"),
            Column("no_answer", _("No answer"), "int"),
            Column("share", _("Share applying or going to"), "share"),
        ),
        rows,
        labels,
        lambda r: {
            key: label(r[key]),
            **{k: r[k] for k in ("eligible", *pure.UPTAKE, pure.NO_ANSWER, "share")},
        },
        _uptake_label,
        note,
    )


def uptake_table(rows, labels: Labels) -> Table:
    return _uptake(
        "gebruik",
        _("Uptake per measure, among the assessments that qualify"),
        "measure",
        _("Measure"),
        labels.measure,
        _(
            "Answers come from assessments still stored; an assessment deleted since counts as "
            "not answered. Measures with fewer than %(n)s qualifying assessments are not listed."
        )
        % {"n": labels.rules.min_n},
        rows,
        labels,
    )


def scheme_uptake_table(rows, labels: Labels) -> Table:
    return _uptake(
        "regelingen",
        _("Uptake per current scheme, among the assessments that qualify"),
        "scheme",
        _("Scheme"),
        labels.scheme,
        _(
            "Assessments that qualify: for a scheme not ended on the day of the assessment "
            "(counted from the assessments made since this table exists). Answers "
            "come from assessments still stored; an assessment deleted since counts as not "
            "answered. Schemes with fewer than %(n)s qualifying assessments are not listed."
        )
        % {"n": labels.rules.min_n},
        rows,
        labels,
    )


def _uptake_label(code: str) -> str:
    return {
        "intend": _("Going to apply"),
        "applied": _("Applied"),
        "not_for_me": _("Not for me"),
        pure.NO_ANSWER: _("No answer"),
    }[code]


def surveys_table(rows, labels: Labels) -> Table:
    return _per_period(
        "vragenlijsten",
        _("Mini-surveys – respondents and mean area score (1 to 5)"),
        (
            Column("survey", _("Survey")),
            Column("n", _("Respondents"), "int"),
            Column("mean", _("Mean score"), "score"),
        ),
        rows,
        labels,
        lambda r: {"survey": labels.survey(r["survey"]), "n": r["n"], "mean": r["mean"]},
    )


def flags_table(rows, labels: Labels) -> Table:
    return _per_item_table(
        "registercontrole",
        _("Checks against the register – assessments per flag"),
        "flag",
        _("Flag"),
        labels.flag,
        rows,
        labels,
    )


def help_first_table(rows, labels: Labels) -> Table:
    """Firms whose own figures pointed them first to advice and coaching (decision 0025)."""
    return _per_period(
        "hulpeerst",
        _("Help first – assessments that pointed first to advice and coaching"),
        (
            Column("n", _("Assessments with help first"), "int"),
            Column("share", _("Share of the period's assessments"), "share"),
        ),
        rows,
        labels,
        lambda r: {"n": r["n"], "share": r["share"]},
    )


def feedback_table(rows, labels: Labels) -> Table:
    return _per_period(
        "waardering",
        _("Feedback – ratings of the tool (1 to 5), the latest per assessment"),
        (
            Column("n", _("Assessments with a rating"), "int"),
            Column("mean", _("Mean rating"), "score"),
            *(Column(f"r{r}", _("Rated %(r)s") % {"r": r}, "int") for r in pure.RATINGS),
        ),
        rows,
        labels,
        lambda r: {"n": r["n"], "mean": r["mean"], **{f"r{k}": r[k] for k in pure.RATINGS}},
        lambda c: _("assessments") if c == "n" else _("rated %(r)s") % {"r": c},
    )


def chart(rows, labels: Labels) -> dict[str, Any]:
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
        "description": _("Share of assessments per growth segment over time"),
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
                    "title": _("Share of assessments (%)"),
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
