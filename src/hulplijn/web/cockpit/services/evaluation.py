"""The evaluation page (#16): per measure the realised budget and reach beside the plan model's
forecast, and the difference in differences of productivity of the firms that applied for a
scheme against matched firms that did not (``hulplijn.plan.evaluation``; decision 0032).

Reads the stored assessments of owners who agreed to statistical use, as the monitoring's uptake
does. A firm is its KvK number where the assessment has one, else its owner's account; an
anonymous assessment (a browser session, no account) is a firm of its own and cannot be followed
into a second round. Each firm enters the estimate with a key derived from its identity by a
keyed hash (``aggregates.answer_key``), never stored; nothing here is logged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hulplijn.core.text import pick
from hulplijn.plan import evaluation as pure
from hulplijn.reference import params
from hulplijn.web.assessments.models import Assessment, AssessmentRound
from hulplijn.web.cockpit.aggregates import firm_key, firm_of
from hulplijn.web.cockpit.models import Realisation
from hulplijn.web.cockpit.services.monitoring_labels import Labels
from hulplijn.web.cockpit.services.monitoring_release import rules
from hulplijn.web.cockpit.services.plan import baseline
from hulplijn.web.cockpit.tables import SECRET, Column, Table
from hulplijn.web.guidance.models import MeasureUptake

APPLIED = MeasureUptake.Status.APPLIED
DEMO = "Demo-evaluatie"
"""The name every round of ``manage.py seed_evaluation``'s synthetic history starts with."""


@dataclass
class Panel:
    """The firms assessed in both of two rounds, as plain records for the pure estimate."""

    earlier: AssessmentRound | None
    later: AssessmentRound | None
    observations: list[pure.Observation]
    measures: list[str]  # schemes some firm of the panel applied for


def _eligible(result: Mapping[str, Any]) -> frozenset[str]:
    found = [
        *(m.get("id") for m in result.get("schemes") or [] if m.get("eligible")),
        *(m.get("id") for m in result.get("eligible_measures") or [] if m.get("eligible")),
    ]
    return frozenset(str(m) for m in found if m)


def _productivity(result: Mapping[str, Any], year: int) -> float | None:
    value = (result.get("productivity") or {}).get(str(year))
    return None if value is None else float(value)


def panel() -> Panel:
    """The firms with a consenting assessment in two rounds. The pair of rounds is the one most
    firms were assessed in (a firm's two newest rounds; ties: the newer pair); per firm and
    round its newest assessment."""
    rounds = {r.pk: r for r in AssessmentRound.objects.all()}
    order = {pk: (r.year_2, r.year_1, r.pk) for pk, r in rounds.items()}
    newest: dict[str, dict[int, tuple]] = {}
    for pk, owner_id, kvk, round_id, created_at in (
        Assessment.objects.filter(consent_statistics=True)
        .order_by("created_at", "pk")
        .values_list("pk", "owner_id", "kvk_number", "round_id", "created_at")
    ):
        newest.setdefault(firm_of(kvk, owner_id, pk), {})[round_id] = (pk, created_at)
    pairs: Counter[tuple[int, int]] = Counter()
    for per_round in newest.values():
        if len(per_round) >= 2:
            a, b = sorted(per_round, key=order.__getitem__)[-2:]
            pairs[(a, b)] += 1
    if not pairs:
        return Panel(None, None, [], [])
    (earlier_id, later_id), _n = max(
        pairs.items(), key=lambda kv: (kv[1], order[kv[0][1]], order[kv[0][0]])
    )
    earlier, later = rounds[earlier_id], rounds[later_id]
    linked = {
        identity: (per_round[earlier_id][0], per_round[later_id][0])
        for identity, per_round in newest.items()
        if earlier_id in per_round and later_id in per_round
    }
    ids = [pk for both in linked.values() for pk in both]
    results = dict(Assessment.objects.filter(pk__in=ids).values_list("pk", "result"))
    stored = {
        pk: (size, segment)
        for pk, size, segment in Assessment.objects.filter(pk__in=ids).values_list(
            "pk", "size_class", "segment"
        )
    }
    applied: dict[Any, set[str]] = {}
    for pk, measure in MeasureUptake.objects.filter(
        assessment_id__in=ids, status=APPLIED
    ).values_list("assessment_id", "measure"):
        applied.setdefault(pk, set()).add(measure)
    observations = []
    for identity, (first, second) in sorted(linked.items()):
        before = _productivity(results[first], earlier.year_2)
        after = _productivity(results[second], later.year_2)
        if before is None or after is None:
            continue
        size, segment = stored[first]
        observations.append(
            pure.Observation(
                key=firm_key(identity),
                section=str((results[first].get("sector") or {}).get("section", "")),
                size_class=size,
                segment=segment or "none",
                before=before,
                after=after,
                applied=frozenset(applied.get(first, set()) | applied.get(second, set())),
                eligible=_eligible(results[first]),
            )
        )
    measures = sorted({m for o in observations for m in o.applied})
    return Panel(earlier, later, observations, measures)


# --- labels ---------------------------------------------------------------------------------


def scheme_label(code: str) -> str:
    if code == pure.ANY:
        return _("Any scheme (applied for at least one, against none)")
    language = get_language()
    for s in params.schemes()["schemes"]:
        if s["id"] == code:
            return pick(language, s["name"], s["name_en"])
    for m in params.measures()["measures"]:
        if m["id"] == code:
            return f"{code}. {pick(language, m['name'], m['name_en'])}"
    return code


def reason_text(code: str | None, labels: Labels) -> str:
    if code is None:
        return ""
    if code in ("min_n", "dominance", "secondary"):
        return labels.reason(code)
    return {
        "no_cells": _(
            "no cell of the same SBI section, size class and segment has at least %(n)s firms "
            "on both sides"
        )
        % {"n": labels.rules.min_n},
        "audit": _("the disclosure audit could not protect every small figure"),
    }[code]


def _hidden(value: Any, withheld: bool) -> Any:
    return SECRET if value is None and withheld else value


# --- tables ---------------------------------------------------------------------------------


def estimates_table(evaluations: Sequence[pure.Evaluation], labels: Labels) -> Table:
    rows = []
    for e in evaluations:
        withheld = e.reason is not None
        rows.append(
            {
                "measure": scheme_label(e.measure),
                "treated": _hidden(e.treated_n, withheld),
                "control": _hidden(e.control_n, withheld),
                "cells": len(e.cells),
                "did": _hidden(e.did, withheld),
                "low": _hidden(e.low, withheld),
                "high": _hidden(e.high, withheld),
                "hidden": reason_text(e.reason, labels),
            }
        )
    return Table(
        "evaluatie",
        _("Productivity change of firms that applied against comparable firms that did not"),
        (
            Column("measure", _("Scheme")),
            Column("treated", _("Firms that applied (matched)"), "int"),
            Column("control", _("Comparable firms that did not (matched)"), "int"),
            Column("cells", _("Matched cells"), "int"),
            Column("did", _("Difference in differences (€ per FTE)"), "euro"),
            Column("low", _("95% interval, low (€ per FTE)"), "euro"),
            Column("high", _("95% interval, high (€ per FTE)"), "euro"),
            Column("hidden", _("Hidden")),
        ),
        rows,
        _(
            "Productivity is gross margin per FTE in the later reference year of each round. "
            "Firms are compared only within a cell of the same SBI section, size class and growth "
            "segment (of the earlier round); a cell counts when it has at least %(n)s firms on "
            "both sides. x means hidden by disclosure control (the last column says why). Every "
            "count is off by at most %(d)s firms and every estimate by 10–20%% of the largest "
            "single firm's contribution to it, the same for the same firms."
        )
        % {"n": labels.rules.min_n, "d": labels.rules.max_perturbation},
    )


def cells_table(evaluation: pure.Evaluation, labels: Labels) -> Table:
    by_size = Labels("round", "size_class", labels.rules, firms=True)
    by_section = Labels("round", "section", labels.rules, firms=True)
    return Table(
        "evaluatie-cellen",
        _("Matched cells of the overall estimate – firms per side"),
        (
            Column("section", _("SBI section")),
            Column("size_class", _("Size class")),
            Column("segment", _("Growth segment")),
            Column("treated", _("Firms that applied"), "int"),
            Column("control", _("Firms that did not"), "int"),
        ),
        [
            {
                "section": by_section.group_label(c["section"]),
                "size_class": by_size.group_label(c["size_class"]),
                "segment": labels.segment(c["segment"]),
                "treated": c[pure.TREATED],
                "control": c[pure.CONTROL],
            }
            for c in evaluation.cells
        ],
        _("Only cells with at least %(n)s firms on both sides are listed; the others are left out.")
        % {"n": labels.rules.min_n},
    )


def trace_table(evaluation: pure.Evaluation) -> Table:
    """The derivation of the overall estimate: its inputs as published, n per side, the
    regression and the interval derived from the published variance and counts
    (``pure.Evaluation.trace``, as the CLI and the API give it)."""
    trace = evaluation.trace()
    withheld = evaluation.reason is not None
    spread = trace["interval"] or {}
    euro_per_fte = _("€ per FTE")

    def row(label: str, value: Any, kind: str) -> dict[str, Any]:
        return {"input": label, "value": _hidden(value, withheld), "kind": kind}

    rows = [
        row(
            _("Mean productivity change of the firms that applied"),
            trace["inputs"]["treated_mean_change"],
            euro_per_fte,
        ),
        row(
            _(
                "Mean productivity change of the comparable firms, weighted to the cells of the "
                "firms that applied"
            ),
            trace["inputs"]["control_weighted_mean_change"],
            euro_per_fte,
        ),
        row(_("Firms that applied (n)"), trace["n"][pure.TREATED], _("firms")),
        row(_("Comparable firms that did not (n)"), trace["n"][pure.CONTROL], _("firms")),
        {"input": _("Matched cells"), "value": trace["inputs"]["cells"], "kind": _("cells")},
        row(
            _("Regression coefficient of “applied”: the difference in differences"),
            trace["regression"]["treated"],
            euro_per_fte,
        ),
        row(
            _("Variance of the estimate (HC0: sum of the squared weighted residuals / N²)"),
            spread.get("variance_hc0"),
            _("(€ per FTE)²"),
        ),
        row(
            _("n for the interval: firms that applied + comparable firms"),
            spread.get("n"),
            _("firms"),
        ),
        row(_("Small-sample factor n / (n − 2) (HC1)"), spread.get("hc1_factor"), ""),
        row(_("Standard error √(variance × factor)"), spread.get("standard_error"), euro_per_fte),
        row(
            _("Student's t, 97.5th percentile at n − 2 degrees of freedom"),
            spread.get("t_quantile"),
            "",
        ),
        row(
            _("Half-width t × standard error, to two significant digits"),
            spread.get("half_width"),
            euro_per_fte,
        ),
        row(_("95% interval, low"), trace["result"]["low"], euro_per_fte),
        row(_("95% interval, high"), trace["result"]["high"], euro_per_fte),
    ]
    return Table(
        "herleiding-evaluatie",
        _("How the overall estimate is computed"),
        (
            Column("input", _("Input")),
            Column("value", _("Value"), "sig"),
            Column("kind", _("Unit")),
        ),
        rows,
        _(
            "Each published figure passed disclosure control on its own, with its own noise, so "
            "the difference of the two means need not equal the published estimate exactly. The "
            "interval uses published figures only: the variance (itself a total under "
            "disclosure control) and the two published counts."
        ),
    )


# --- realised against forecast ----------------------------------------------------------------


def measure_choices() -> list[tuple[str, str]]:
    """The report's twenty measures (1-10 and A-J), as the plan numbers them."""
    language = get_language()
    return [
        (m["id"], f"{m['id']}. {pick(language, m['name'], m['name_en'])}")
        for m in params.measures()["measures"]
    ]


def scheme_choices() -> list[tuple[str, str]]:
    """The current schemes the product offers (schemes.yaml), which carry the report's ideas."""
    language = get_language()
    return [(s["id"], pick(language, s["name"], s["name_en"])) for s in params.schemes()["schemes"]]


def choice_label(code: str) -> str:
    """The name of a measure or scheme as the form lists it."""
    return dict([*measure_choices(), *scheme_choices()]).get(code, code)


def grouped_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Both, grouped, for the form's list."""
    return [
        (_("Measures of the report"), measure_choices()),
        (_("Current schemes"), scheme_choices()),
    ]


def forecast() -> dict[tuple[str, int], dict[str, float | None]]:
    """The plan model's forecast per (measure, year) at mid: investment in euros and, where the
    model counts them, participants (firms or people, per measure)."""
    out: dict[tuple[str, int], dict[str, float | None]] = {}
    for m in baseline().measures:
        f = m.figures
        for i, year in enumerate(f.years):
            participants = None if f.participants is None else float(f.participants[1][i])
            out[(m.id, year)] = {
                "budget": float(f.investment[1][i]) * 1e9,
                "reach": participants,
                "unit": m.participants_unit,
            }
    return out


def realisation_table(realised: Iterable[Realisation]) -> Table:
    """Every (measure or scheme, year) with a forecast or a realised figure, forecast beside
    realised."""
    forecasts = forecast()
    entered = {(r.measure, r.year): r for r in realised}
    choices = [*measure_choices(), *scheme_choices()]
    names = dict(choices)
    order = [code for code, _label in choices]
    keys = sorted(
        {*forecasts, *entered},
        key=lambda k: (order.index(k[0]) if k[0] in order else len(order), k[1]),
    )
    rows = []
    for key in keys:
        f, r = forecasts.get(key, {}), entered.get(key)
        rows.append(
            {
                "measure": names.get(key[0], key[0]),
                "year": str(key[1]),
                "budget_forecast": f.get("budget"),
                "budget": None if r is None or r.budget is None else float(r.budget),
                "reach_forecast": f.get("reach"),
                "reach": None if r is None else r.reach,
                "source": "" if r is None else r.source,
            }
        )
    return Table(
        "realisatie",
        _("Realised budget and reach per measure and year, beside the plan model's forecast"),
        (
            Column("measure", _("Measure or scheme")),
            Column("year", _("Year")),
            Column("budget_forecast", _("Forecast investment (mid, euro)"), "euro"),
            Column("budget", _("Realised budget (euro)"), "euro"),
            Column("reach_forecast", _("Forecast participants (mid)"), "int"),
            Column("reach", _("Firms reached"), "int"),
            Column("source", _("Source of the realised figures")),
        ),
        rows,
        _(
            "The forecast is the plan model under the report's assumptions (the plan page); the "
            "report quantifies only the ten plan measures, and the current schemes have none. Participants are what the model counts "
            "per measure (firms, or people for retraining). Realised figures are entered by policy "
            "staff from the executing organisations' reports; – means not entered."
        ),
    )


def save_realisation(cleaned: Mapping[str, Any], user) -> Realisation:
    """Store (or replace) the realised figures of one measure and year."""
    budget = cleaned.get("budget")
    reach = cleaned.get("reach")
    found, _created = Realisation.objects.update_or_create(
        measure=cleaned["measure"],
        year=cleaned["year"],
        defaults={
            "budget": None if budget is None else Decimal(budget).quantize(Decimal(1)),
            "reach": None if reach is None else int(reach),
            "source": cleaned.get("source") or "",
            "updated_by": user,
        },
    )
    return found


# --- the page, the command and the API --------------------------------------------------------


@dataclass
class Estimates:
    """Everything the page, ``hulplijn stats evaluation`` and the API show of the estimate."""

    panel: Panel
    evaluations: list[pure.Evaluation]
    labels: Labels

    @property
    def overall(self) -> pure.Evaluation:
        return self.evaluations[0]

    @property
    def synthetic(self) -> bool:
        """Whether the panel is (partly) the seeded demonstration history: made-up firms."""
        return any(
            r is not None and r.name.startswith(DEMO)
            for r in (self.panel.earlier, self.panel.later)
        )


def estimates() -> Estimates:
    control = rules()
    found = panel()
    return Estimates(
        found,
        pure.evaluate_all(found.observations, found.measures, control),
        Labels("round", "size_class", control, firms=True),
    )


def tables(found: Estimates) -> dict[str, Table]:
    return {
        "estimates": estimates_table(found.evaluations, found.labels),
        "cells": cells_table(found.overall, found.labels),
        "trace": trace_table(found.overall),
    }


def page() -> dict[str, Any]:
    found = estimates()
    return {
        "panel": found.panel,
        "overall": found.overall,
        "overall_reason": reason_text(found.overall.reason, found.labels),
        "formula": pure.FORMULA,
        "interval_formula": pure.INTERVAL,
        "caveat": caveat(),
        "tables": {
            **tables(found),
            "realisation": realisation_table(Realisation.objects.all()),
        },
        "min_n": found.labels.rules.min_n,
        "synthetic": found.synthetic,
    }


def caveat() -> str:
    return _(
        "This is no causal effect. Firms that apply for a scheme differ from firms that do not "
        "(they choose to apply: self-selection), also within the same sector, size class and "
        "segment. The figure says how much more (or less) the productivity of the firms that "
        "applied changed than that of comparable firms, not what the scheme caused."
    )


def _round(r: AssessmentRound | None) -> dict[str, Any] | None:
    return None if r is None else {"name": r.name, "years": [r.year_1, r.year_2]}


def document(explain: bool = False) -> dict[str, Any]:
    """The evaluation as JSON, for ``hulplijn stats evaluation --format json`` and GET
    /api/v1/evaluation: the rows of the page's table of estimates as published (a hidden
    figure is null, with the reason), and with ``explain`` the overall estimate's trace."""
    found = estimates()
    rows = estimates_table(found.evaluations, found.labels).values()
    out: dict[str, Any] = {
        "earlier_round": _round(found.panel.earlier),
        "later_round": _round(found.panel.later),
        "min_n": found.labels.rules.min_n,
        "synthetic": found.synthetic,
        "unit": "EUR per FTE",
        "caveat": caveat(),
        "estimates": [
            {
                "measure": e.measure,
                "label": row["measure"],
                "treated_n": row["treated"],
                "control_n": row["control"],
                "cells": row["cells"],
                "did": row["did"],
                "low": row["low"],
                "high": row["high"],
                "confidence": e.confidence,
                "reason": e.reason,
                "reason_text": row["hidden"] or None,
            }
            for e, row in zip(found.evaluations, rows, strict=True)
        ],
    }
    if explain:
        out["explain"] = {
            **found.overall.trace(),
            "interval_formula": pure.INTERVAL,
            "rows": trace_table(found.overall).values(),
        }
    return out
