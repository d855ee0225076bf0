"""The monitoring page's disclosure-controlled tables and its chart, labelled from the pure
hulplijn.plan.monitoring rows: what the page shows and its CSV/XLSX exports hold."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from hulplijn.plan import monitoring as pure
from hulplijn.web.cockpit.services.monitoring_labels import Labels
from hulplijn.web.cockpit.tables import Column, Table


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


def periods_table(rows, labels: Labels) -> Table:
    return Table(
        "perioden",
        _("Firms per period (who agreed to statistical use)"),
        (_period_column(labels), Column("n", _("Firms"), "int")),
        [{"period": labels.period_label(r["period"]), "n": r["n"]} for r in rows],
        note=_note(labels),
    )


def segments_table(rows, labels: Labels) -> Table:
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


def dimensions_table(rows, labels: Labels) -> Table:
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


def impact_table(rows, labels: Labels) -> Table:
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


def eligibility_table(rows, labels: Labels) -> Table:
    return _per_item_table(
        "geschiktheid",
        _("Eligibility per measure – firms that qualify"),
        "measure",
        _("Measure"),
        labels.measure,
        rows,
        labels,
    )


def uptake_table(rows, labels: Labels) -> Table:
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


def surveys_table(rows, labels: Labels) -> Table:
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


def flags_table(rows, labels: Labels) -> Table:
    return _per_item_table(
        "registercontrole",
        _("Checks against the register – firms per flag"),
        "flag",
        _("Flag"),
        labels.flag,
        rows,
        labels,
    )


def feedback_table(rows, labels: Labels) -> Table:
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
