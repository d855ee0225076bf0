"""Plan scenarios in the cockpit: a named baseline-plus-overrides (model ``Scenario``), saved,
compared side by side with the baseline, with its own macro assumptions, a seeded Monte Carlo and
its definition as a YAML file that ``hulplijn plan run --scenario`` reads.

The computing is ``hulplijn.plan`` (impact.run, scenario.compare / load / apply, montecarlo.run,
macro.project); this module turns results into cockpit tables and charts.
"""

from __future__ import annotations

from typing import Any

import yaml
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hulplijn.plan import impact, montecarlo
from hulplijn.plan import scenario as plan_scenario
from hulplijn.plan.assumptions import BOUNDS
from hulplijn.web.cockpit import planning
from hulplijn.web.cockpit.access import policy_required
from hulplijn.web.cockpit.forms import MacroForm, MonteCarloForm, ScenarioForm, problem_text
from hulplijn.web.cockpit.models import Scenario
from hulplijn.web.cockpit.tables import Column, Table, exported

# --- the scenario as the plan model sees it ----------------------------------------------------


def definition(obj: Scenario) -> dict[str, Any]:
    """The scenario in the structure of a scenario file (hulplijn.plan.scenario)."""
    data: dict[str, Any] = {"name": obj.name}
    if obj.description:
        data["description"] = obj.description
    data.update(
        {k: v for k, v in (obj.overrides or {}).items() if k not in ("name", "description")}
    )
    return data


def definition_yaml(obj: Scenario) -> str:
    header = (
        "# Plan scenario from the mkb-hulplijn policy cockpit; run it with\n"
        "#   hulplijn plan run --scenario FILE.yaml\n"
        "# Structure: docs/reference/plan-model.md (hulplijn.plan.scenario).\n"
    )
    if obj.macro:
        header += "# Macro assumptions of this scenario (not read by 'plan run'):\n"
        header += "".join(
            f"#   {line}\n"
            for line in yaml.safe_dump(obj.macro, allow_unicode=True, sort_keys=False).splitlines()
        )
    return header + yaml.safe_dump(definition(obj), allow_unicode=True, sort_keys=False)


def compared(obj: Scenario) -> plan_scenario.Comparison:
    """The scenario beside the baseline; raises ScenarioError when it no longer applies."""
    variant = impact.run(planning.assumptions(), definition(obj))
    return plan_scenario.compare(planning.baseline(), variant)


# --- tables ------------------------------------------------------------------------------------

HEADLINE = ("va_2025", "cumulative_contribution", "investment_total", "revenue_total", "roi")
"""Totals shown side by side (labels: planning.CHECK_LABELS)."""


def headline_table(comparison: plan_scenario.Comparison) -> Table:
    columns = (
        Column("figure", _("Figure")),
        *(
            Column(
                f"b_{b}", _("Baseline: %(bound)s") % {"bound": planning.bound_label(b)}, "number"
            )
            for b in BOUNDS
        ),
        *(
            Column(
                f"s_{b}", _("Scenario: %(bound)s") % {"bound": planning.bound_label(b)}, "number"
            )
            for b in BOUNDS
        ),
        Column("difference", _("Difference (mid)"), "number"),
    )
    rows = []
    for key in HEADLINE:
        base = getattr(comparison.baseline.total, key)
        variant = getattr(comparison.variant.total, key)
        scale = 100 if key == "roi" else 1
        row: dict[str, Any] = {"figure": planning.with_unit(key)}
        for k, b in enumerate(BOUNDS):
            row[f"b_{b}"] = _scaled(base[k], scale)
            row[f"s_{b}"] = _scaled(variant[k], scale)
        mids = (_scaled(base[1], scale), _scaled(variant[1], scale))
        row["difference"] = None if None in mids else mids[1] - mids[0]
        rows.append(row)
    return Table(
        "kerncijfers",
        _("Headline figures, baseline and scenario"),
        columns,
        rows,
        _("ROI in percent; a dash where it is undefined (no investment)."),
    )


def _scaled(x: Any, scale: int = 1) -> float | None:
    value = planning.finite(x)
    return None if value is None else value * scale


def comparison_table(comparison: plan_scenario.Comparison, quantity: str) -> Table:
    """Per measure and year: baseline, scenario and difference, each min / mid / max."""
    columns = (
        Column("measure", _("Measure")),
        Column("year", _("Year")),
        Column("status", _("In the scenario")),
        *(
            Column(
                f"b_{b}", _("Baseline: %(bound)s") % {"bound": planning.bound_label(b)}, "number"
            )
            for b in BOUNDS
        ),
        *(
            Column(
                f"s_{b}", _("Scenario: %(bound)s") % {"bound": planning.bound_label(b)}, "number"
            )
            for b in BOUNDS
        ),
        *(
            Column(
                f"d_{b}", _("Difference: %(bound)s") % {"bound": planning.bound_label(b)}, "number"
            )
            for b in BOUNDS
        ),
    )
    rows = []
    for row in [*comparison.rows, comparison.total]:
        label = _("Total") if row is comparison.total else planning.measure_label(row.id)
        status = _("yes") if row.in_variant else _("left out")
        base, variant = row.baseline[quantity], row.variant[quantity]
        difference = row.difference(quantity)
        for i, year in enumerate(comparison.years):
            cells: dict[str, Any] = {"measure": label, "year": str(year), "status": status}
            for k, b in enumerate(BOUNDS):
                cells[f"b_{b}"] = float(base[k][i])
                cells[f"s_{b}"] = float(variant[k][i])
                cells[f"d_{b}"] = float(difference[k][i])
            rows.append(cells)
    title = _("%(quantity)s per measure and year, baseline and scenario (€ bn)") % {
        "quantity": planning.quantity_label(quantity)
    }
    note = _(
        "A measure left out counts as 0 in the scenario, so the total falls by exactly its "
        "contribution."
    )
    return Table(f"vergelijking-{quantity}", title, columns, rows, note)


def macro_comparison_table(base: Any, variant: Any) -> Table:
    columns = (
        Column("year", _("Year")),
        Column("baseline_gap", _("Extra value added, report's assumptions (€ bn)"), "number"),
        Column("scenario_gap", _("Extra value added, scenario (€ bn)"), "number"),
        Column("difference", _("Difference"), "number"),
        Column("baseline_jobs", _("Extra jobs, report's assumptions"), "int"),
        Column("scenario_jobs", _("Extra jobs, scenario"), "int"),
    )
    rows = [
        {
            "year": str(b.year),
            "baseline_gap": b.gap,
            "scenario_gap": v.gap,
            "difference": v.gap - b.gap,
            "baseline_jobs": b.extra_jobs,
            "scenario_jobs": v.extra_jobs,
        }
        for b, v in zip(base.years, variant.years, strict=True)
    ]
    return Table(
        "macro-vergelijking",
        _("Macro projection, scenario against the report's assumptions"),
        columns,
        rows,
    )


def montecarlo_tables(
    mc: montecarlo.MonteCarloResult, base: montecarlo.MonteCarloResult
) -> tuple[Table, Table]:
    percentiles = mc.percentiles
    columns = (
        Column("year", _("Year")),
        *(Column(f"p{p}", f"P{p}", "number") for p in percentiles),
        Column("baseline_p50", _("Baseline P50"), "number"),
    )
    rows = []
    for i, year in enumerate(mc.years):
        row: dict[str, Any] = {"year": str(year)}
        row.update({f"p{p}": float(mc.contribution[k][i]) for k, p in enumerate(percentiles)})
        row["baseline_p50"] = float(base.band("contribution", 50)[i])
        rows.append(row)
    note = _(
        "%(draws)s draws, seed %(seed)s: every assumption drawn uniformly between its min and "
        "max, independently; baseline and scenario use the same draws."
    ) % {"draws": planning.nl(mc.draws, 0), "seed": mc.seed}
    bands = Table(
        "monte-carlo",
        _("Contribution to value added per year, percentile bands of the scenario (€ bn)"),
        columns,
        rows,
        note,
    )
    total_columns = (
        Column("figure", _("Figure")),
        Column("which", _("Plan")),
        *(Column(f"p{p}", f"P{p}", "number") for p in percentiles),
    )
    total_rows = []
    for key in HEADLINE:
        scale = 100 if key == "roi" else 1
        for which, result in ((_("scenario"), mc), (_("baseline"), base)):
            row = {
                "figure": planning.with_unit(key),
                "which": which,
            }
            row.update(
                {f"p{p}": _scaled(result.totals[key][k], scale) for k, p in enumerate(percentiles)}
            )
            total_rows.append(row)
    totals = Table("monte-carlo-totalen", _("Totals, percentile bands"), total_columns, total_rows)
    return bands, totals


def fan_chart(mc: montecarlo.MonteCarloResult) -> dict[str, Any]:
    values = []
    for i, year in enumerate(mc.years):
        values.append(
            {
                "year": str(year),
                **{
                    f"p{p}": round(float(mc.contribution[k][i]), 4)
                    for k, p in enumerate(mc.percentiles)
                },
            }
        )
    x = {"field": "year", "type": "ordinal", "title": _("Year")}
    return {
        "$schema": planning.VEGA_LITE,
        "description": _("Monte Carlo fan: percentile bands of the contribution per year"),
        "width": "container",
        "height": 280,
        "data": {"values": values},
        "layer": [
            {
                "mark": {"type": "area", "opacity": 0.25, "color": "#01689b"},
                "encoding": {
                    "x": x,
                    "y": {"field": "p5", "type": "quantitative", "title": _("€ bn")},
                    "y2": {"field": "p95"},
                },
            },
            {
                "mark": {"type": "area", "opacity": 0.45, "color": "#01689b"},
                "encoding": {
                    "x": x,
                    "y": {"field": "p25", "type": "quantitative"},
                    "y2": {"field": "p75"},
                },
            },
            {
                "mark": {"type": "line", "color": "#154273", "point": True},
                "encoding": {
                    "x": x,
                    "y": {"field": "p50", "type": "quantitative"},
                    "tooltip": [
                        {"field": "year"},
                        {"field": "p5"},
                        {"field": "p50"},
                        {"field": "p95"},
                    ],
                },
            },
        ],
    }


# --- pages -------------------------------------------------------------------------------------


def detail_page(obj: Scenario, query) -> dict[str, Any]:
    settings_form = MonteCarloForm(query)
    chosen = settings_form.settings()
    context: dict[str, Any] = {
        "scenario": obj,
        "settings_form": settings_form,
        "section": "scenarios",
        "definition": definition_yaml(obj),
    }
    try:
        comparison = compared(obj)
    except plan_scenario.ScenarioError as problem:
        context["problems"] = [problem_text(p) for p in problem.problems]
        context["tables"] = {}
        return context
    data = planning.assumptions()
    mc = montecarlo.run(data, draws=chosen["draws"], seed=chosen["seed"], scenario=definition(obj))
    mc_base = montecarlo.run(data, draws=chosen["draws"], seed=chosen["seed"])
    bands, mc_totals = montecarlo_tables(mc, mc_base)
    base_macro = planning.macro_view()
    try:
        view = planning.macro_view(obj.macro, suffix="-scenario")
    except (ValueError, KeyError) as problem:
        context["macro_problem"] = str(problem)
        view = base_macro
    tables = {
        "headline": headline_table(comparison),
        "comparison": comparison_table(comparison, chosen["quantity"]),
        "measures": planning.measure_table(
            comparison.variant, "scenario-maatregelen", _("Scenario measures 2021–2025")
        ),
        "yearly": planning.yearly_table(comparison.variant, "contribution", "scenario-per-jaar"),
        "montecarlo": bands,
        "montecarlo_totals": mc_totals,
        "macro": view["table"],
        "macro_headline": view["headline"],
        "macro_comparison": macro_comparison_table(base_macro["projection"], view["projection"]),
    }
    total = comparison.total
    context.update(
        comparison=comparison,
        tables=tables,
        charts={
            "stacked": planning.stacked_chart(comparison.variant),
            "fan": fan_chart(mc),
            "macro": view["chart"],
        },
        dropped=[(i, planning.measure_name(i)) for i in comparison.variant.dropped],
        va_2025=(
            float(total.baseline["contribution"][1][-1]),
            float(total.variant["contribution"][1][-1]),
        ),
        va_2025_difference=float(total.difference("contribution")[1][-1]),
        quantity=chosen["quantity"],
    )
    return context


@policy_required
def scenario_list(request: HttpRequest) -> HttpResponse:
    baseline = planning.baseline()
    rows = []
    for obj in Scenario.objects.all():
        entry: dict[str, Any] = {"scenario": obj}
        try:
            variant = impact.run(planning.assumptions(), definition(obj))
        except plan_scenario.ScenarioError as problem:
            entry["problems"] = [problem_text(p) for p in problem.problems]
        else:
            entry["va_2025"] = float(variant.total.va_2025[1])
            entry["difference"] = float(variant.total.va_2025[1] - baseline.total.va_2025[1])
        rows.append(entry)
    columns = (
        Column("name", _("Scenario")),
        Column("description", _("Description")),
        Column("va_2025", _("Value added 2025 (mid, € bn)"), "number"),
        Column("difference", _("Difference from the baseline"), "number"),
        Column("changed", _("Changed")),
    )
    table = Table(
        "scenarios",
        _("Saved scenarios"),
        columns,
        [
            {
                "name": e["scenario"].name,
                "description": e["scenario"].description,
                "va_2025": e.get("va_2025"),
                "difference": e.get("difference"),
                "changed": e["scenario"].updated_at.strftime("%Y-%m-%d %H:%M"),
            }
            for e in rows
        ],
    )
    download = exported(request, [table])
    if download is not None:
        return download
    return render(
        request,
        "cockpit/scenarios.html",
        {
            "entries": rows,
            "table": table,
            "section": "scenarios",
            "baseline_va_2025": float(baseline.total.va_2025[1]),
        },
    )


def _edit(request: HttpRequest, obj: Scenario | None) -> HttpResponse:
    if request.method == "POST":
        form = ScenarioForm(request.POST, instance=obj)
        macro_form = MacroForm(request.POST)
        if form.is_valid() & macro_form.is_valid():
            obj = obj or Scenario(created_by=request.user)
            obj.name = form.cleaned_data["name"]
            obj.description = form.cleaned_data["description"]
            obj.overrides = form.overrides
            obj.macro = macro_form.overrides
            obj.save()
            messages.success(request, _("Scenario “%(name)s” saved.") % {"name": obj.name})
            return redirect("cockpit:scenario", pk=obj.pk)
    elif obj is not None:
        form = ScenarioForm(instance=obj)
        macro_form = MacroForm(overrides=obj.macro)
    else:
        initial = None
        if request.GET.get("from") == "report":
            implied = planning.assumptions().report_implied_scenario or {}
            initial = ScenarioForm.initial_from(
                str(implied.get("name", "")),
                str(implied.get("description", "")).strip(),
                implied,
            )
        form = ScenarioForm(initial=initial) if initial else ScenarioForm()
        macro_form = MacroForm()
    errors = [
        *((None, e) for e in form.non_field_errors()),
        *((f, e) for f in form if f.errors for e in f.errors),
        *((None, e) for e in macro_form.non_field_errors()),
        *((f, e) for f in macro_form if f.errors for e in f.errors),
    ]
    return render(
        request,
        "cockpit/scenario_form.html",
        {
            "form": form,
            "macro_form": macro_form,
            "scenario": obj,
            "errors": errors,
            "section": "scenarios",
            "example": EXAMPLE,
        },
    )


EXAMPLE = """measures:
  "7":
    duration_years: 3
    params:
      user_share: {min: 0.05, max: 0.08}
general:
  flowback_share: 0.4"""


@policy_required
@require_http_methods(["GET", "POST"])
def scenario_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@policy_required
@require_http_methods(["GET", "POST"])
def scenario_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, get_object_or_404(Scenario, pk=pk))


@policy_required
@require_http_methods(["GET", "POST"])
def scenario_delete(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_object_or_404(Scenario, pk=pk)
    if request.method == "POST":
        name = obj.name
        obj.delete()
        messages.success(request, _("Scenario “%(name)s” deleted.") % {"name": name})
        return redirect("cockpit:scenarios")
    return render(
        request, "cockpit/scenario_delete.html", {"scenario": obj, "section": "scenarios"}
    )


@policy_required
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_object_or_404(Scenario, pk=pk)
    context = detail_page(obj, request.GET)
    download = exported(request, list(context["tables"].values()))
    if download is not None:
        return download
    return render(request, "cockpit/scenario.html", context)


@policy_required
def scenario_yaml(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_object_or_404(Scenario, pk=pk)
    response = HttpResponse(definition_yaml(obj), content_type="application/yaml; charset=utf-8")
    name = slugify(obj.name) or f"scenario-{obj.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}.yaml"'
    return response
