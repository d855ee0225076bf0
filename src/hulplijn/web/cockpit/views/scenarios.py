"""The scenario pages (``/beleid/scenarios/``): the list, a scenario beside the baseline, the
form to make or change one (with its macro assumptions), deleting, and its definition as YAML."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hulplijn.web.cockpit.forms.macro import MacroForm
from hulplijn.web.cockpit.forms.montecarlo import MonteCarloForm
from hulplijn.web.cockpit.forms.scenarios import EXAMPLE, ScenarioForm
from hulplijn.web.cockpit.models import Scenario
from hulplijn.web.cockpit.services import brief, scenarios
from hulplijn.web.cockpit.tables import exported
from hulplijn.web.roles import policy_required


@policy_required
def scenario_list(request: HttpRequest) -> HttpResponse:
    context = scenarios.saved()
    download = exported(request, [context["table"]])
    if download is not None:
        return download
    return render(request, "cockpit/scenarios.html", context)


def _edit(request: HttpRequest, obj: Scenario | None) -> HttpResponse:
    if request.method == "POST":
        form = ScenarioForm(request.POST, instance=obj)
        macro_form = MacroForm(request.POST)
        if form.is_valid() & macro_form.is_valid():
            obj = scenarios.save(
                obj,
                request.user,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                overrides=form.overrides,
                macro_overrides=macro_form.overrides,
            )
            messages.success(request, _("Scenario “%(name)s” saved.") % {"name": obj.name})
            return redirect("cockpit:scenario", pk=obj.pk)
    elif obj is not None:
        form = ScenarioForm(instance=obj)
        macro_form = MacroForm(overrides=obj.macro)
    else:
        initial = None
        if request.GET.get("from") == "report":
            implied = scenarios.report_implied()
            initial = ScenarioForm.initial_from(
                str(implied.get("name", "")),
                str(implied.get("description", "")).strip(),
                implied,
            )
        form = ScenarioForm(initial=initial) if initial else ScenarioForm()
        macro_form = MacroForm()
    return render(
        request,
        "cockpit/scenario_form.html",
        {
            "form": form,
            "macro_form": macro_form,
            "scenario": obj,
            "section": "scenarios",
            "example": EXAMPLE,
        },
    )


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
    settings_form = MonteCarloForm(request.GET)
    context = {"settings_form": settings_form, **scenarios.detail(obj, settings_form.settings())}
    download = exported(request, list(context["tables"].values()))
    if download is not None:
        return download
    return render(request, "cockpit/scenario.html", context)


@policy_required
def scenario_brief(request: HttpRequest, pk: int) -> HttpResponse:
    """The scenario's one-page Dutch brief as PDF, with the page's Monte Carlo settings."""
    obj = get_object_or_404(Scenario, pk=pk)
    context = scenarios.detail(obj, MonteCarloForm(request.GET).settings())
    if "problems" in context:
        return redirect("cockpit:scenario", pk=obj.pk)
    context["brief_table"] = brief.brief_table(context["tables"]["headline"])
    response = HttpResponse(brief.render(context), content_type="application/pdf")
    name = slugify(obj.name) or f"scenario-{obj.pk}"
    response["Content-Disposition"] = f'attachment; filename="notitie-{name}.pdf"'
    return response


@policy_required
def scenario_yaml(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_object_or_404(Scenario, pk=pk)
    text = scenarios.definition_yaml(obj)
    response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
    name = slugify(obj.name) or f"scenario-{obj.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}.yaml"'
    return response
