"""Plan scenarios in the cockpit: a named baseline-plus-overrides (model ``Scenario``), compared
side by side with the baseline, with its own macro assumptions, a seeded Monte Carlo and its
definition as a YAML file that ``hulplijn plan run --scenario`` reads.

The computing is ``hulplijn.plan`` (impact.run, scenario.compare / load / apply, montecarlo.run,
macro.project); this module turns results into cockpit tables and charts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hulplijn.core.errors import Problem
from hulplijn.plan import impact
from hulplijn.plan import scenario as plan_scenario
from hulplijn.plan.assumptions import BOUNDS
from hulplijn.web.cockpit.models import Scenario
from hulplijn.web.cockpit.services import headline, macro, montecarlo, trace
from hulplijn.web.cockpit.services.common import bound_label, scaled
from hulplijn.web.cockpit.services.plan import (
    HEADLINE,
    assumptions,
    baseline,
    measure_label,
    measure_name,
    measure_table,
    quantity_label,
    stacked_chart,
    with_unit,
    yearly_table,
)
from hulplijn.web.cockpit.tables import Column, Table


def problem_text(problem: Problem) -> str:
    """One problem of ``hulplijn.plan.scenario`` in the page's language, naming the key."""
    if problem.code == "extra_forbidden":  # the form page shows the structure below the form
        message = _("unknown key (see the scenario structure below)")
        return f"{problem.path}: {message}" if problem.path else message
    return problem.line(get_language())


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
    variant = impact.run(assumptions(), definition(obj))
    return plan_scenario.compare(baseline(), variant)


# --- tables ------------------------------------------------------------------------------------


def _bound_columns(key: str, label: str) -> tuple[Column, ...]:
    """``<key>_min``, ``_mid``, ``_max``: "Baseline: min" and so on."""
    return tuple(Column(f"{key}_{b}", label % {"bound": bound_label(b)}, "bn") for b in BOUNDS)


def headline_table(comparison: plan_scenario.Comparison) -> Table:
    columns = (
        Column("figure", _("Figure")),
        *_bound_columns("b", _("Baseline: %(bound)s")),
        *_bound_columns("s", _("Scenario: %(bound)s")),
        Column("difference", _("Difference (mid; ROI in percentage points)"), "bn"),
    )
    rows = []
    for key in HEADLINE:
        base = getattr(comparison.baseline.total, key)
        variant = getattr(comparison.variant.total, key)
        scale = 100 if key == "roi" else 1
        row: dict[str, Any] = {"figure": with_unit(key)}
        for k, b in enumerate(BOUNDS):
            row[f"b_{b}"] = scaled(base[k], scale)
            row[f"s_{b}"] = scaled(variant[k], scale)
        mids = (scaled(base[1], scale), scaled(variant[1], scale))
        row["difference"] = None if None in mids else mids[1] - mids[0]
        rows.append(row)
    return Table(
        "kerncijfers",
        _("Headline figures, baseline and scenario"),
        columns,
        rows,
        _("ROI in percent; a dash where it is undefined (no investment)."),
    )


def comparison_table(comparison: plan_scenario.Comparison, quantity: str) -> Table:
    """Per measure and year: baseline, scenario and difference, each min / mid / max."""
    columns = (
        Column("measure", _("Measure")),
        Column("year", _("Year")),
        Column("status", _("In the scenario")),
        *_bound_columns("b", _("Baseline: %(bound)s")),
        *_bound_columns("s", _("Scenario: %(bound)s")),
        *_bound_columns("d", _("Difference: %(bound)s")),
    )
    rows = []
    for row in [*comparison.rows, comparison.total]:
        label = _("Total") if row is comparison.total else measure_label(row.id)
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
        "quantity": quantity_label(quantity)
    }
    note = _(
        "A measure left out counts as 0 in the scenario, so the total falls by exactly its "
        "contribution."
    )
    return Table(f"vergelijking-{quantity}", title, columns, rows, note)


# --- pages -------------------------------------------------------------------------------------


def detail(obj: Scenario, settings: Mapping[str, Any]) -> dict[str, Any]:
    """The scenario page's context (without its form): the comparison with the baseline for the
    chosen ``quantity``, the Monte Carlo with ``draws`` and ``seed``, the macro view; only the
    problems when the scenario no longer applies."""
    context: dict[str, Any] = {
        "scenario": obj,
        "section": "scenarios",
        "definition": definition_yaml(obj),
    }
    try:
        comparison = compared(obj)
    except plan_scenario.ScenarioError as problem:
        context["problems"] = [problem_text(p) for p in problem.problems]
        context["tables"] = {}
        return context
    mc, mc_base = montecarlo.run(
        definition(obj),
        settings["draws"],
        settings["seed"],
        settings.get("dependence", "independent"),
    )
    bands, mc_totals = montecarlo.montecarlo_tables(mc, mc_base)
    base_macro = macro.macro_view()
    try:
        view = macro.macro_view(obj.macro, suffix="-scenario")
    except (ValueError, KeyError) as problem:
        context["macro_problem"] = str(problem)
        view = base_macro
    top = headline.headline(comparison.variant, mc, view["projection"], base=comparison.baseline)
    tables = {
        "top": top.table,
        "headline": headline_table(comparison),
        "comparison": comparison_table(comparison, settings["quantity"]),
        "measures": measure_table(
            comparison.variant, "scenario-maatregelen", _("Scenario measures 2021–2025")
        ),
        "yearly": yearly_table(comparison.variant, "contribution", "scenario-per-jaar"),
        "montecarlo": bands,
        "montecarlo_totals": mc_totals,
        "macro": view["table"],
        "macro_headline": view["headline"],
        "macro_comparison": macro.macro_comparison_table(
            base_macro["projection"], view["projection"]
        ),
    }
    derived = trace.derivation(comparison.variant, definition(obj), "scenario-herleiding")
    tables.update(trace.tables(derived))
    total = comparison.total
    context.update(
        trace=derived,
        comparison=comparison,
        headline=top,
        tables=tables,
        charts={
            "stacked": stacked_chart(comparison.variant),
            "fan": montecarlo.fan_chart(mc),
            "macro": view["chart"],
        },
        dropped=[(i, measure_name(i)) for i in comparison.variant.dropped],
        va_2025=(
            float(total.baseline["contribution"][1][-1]),
            float(total.variant["contribution"][1][-1]),
        ),
        va_2025_difference=float(total.difference("contribution")[1][-1]),
        quantity=settings["quantity"],
    )
    return context


def saved() -> dict[str, Any]:
    """The list page's context: every saved scenario with its value added 2025 against the
    baseline's, or its problems when it no longer applies, and the same as a table."""
    base = baseline()
    rows = []
    for obj in Scenario.objects.all():
        entry: dict[str, Any] = {"scenario": obj}
        try:
            variant = impact.run(assumptions(), definition(obj))
        except plan_scenario.ScenarioError as problem:
            entry["problems"] = [problem_text(p) for p in problem.problems]
        else:
            entry["va_2025"] = float(variant.total.va_2025[1])
            entry["difference"] = float(variant.total.va_2025[1] - base.total.va_2025[1])
        rows.append(entry)
    columns = (
        Column("name", _("Scenario")),
        Column("description", _("Description")),
        Column("va_2025", _("Value added 2025 (mid, € bn)"), "bn"),
        Column("difference", _("Difference from the baseline (€ bn)"), "bn"),
        Column("changed", _("Changed (Dutch time)")),
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
                "changed": timezone.localtime(e["scenario"].updated_at).strftime("%Y-%m-%d %H:%M"),
            }
            for e in rows
        ],
    )
    return {
        "entries": rows,
        "table": table,
        "section": "scenarios",
        "baseline_va_2025": float(base.total.va_2025[1]),
    }


def save(
    obj: Scenario | None,
    user: Any,
    *,
    name: str,
    description: str,
    overrides: Mapping[str, Any],
    macro_overrides: Mapping[str, Any],
) -> Scenario:
    """A new scenario (made by ``user``) or ``obj`` with these fields, saved."""
    obj = obj or Scenario(created_by=user)
    obj.name = name
    obj.description = description
    obj.overrides = dict(overrides)
    obj.macro = dict(macro_overrides)
    obj.save()
    return obj


def report_implied() -> Mapping[str, Any]:
    """plan_assumptions.yaml's worked scenario: the timing the report's table implies."""
    return assumptions().report_implied_scenario or {}
