"""The evaluation page (``/beleid/evaluatie/``): realised budget and reach beside the forecast,
and the difference in differences of the firms that applied (policy role only)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hulplijn.web.cockpit.forms.evaluation import RealisationForm
from hulplijn.web.cockpit.services import evaluation
from hulplijn.web.cockpit.tables import exported
from hulplijn.web.roles import policy_required


@policy_required
@require_http_methods(["GET", "POST"])
def evaluation_page(request: HttpRequest) -> HttpResponse:
    form = RealisationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        saved = evaluation.save_realisation(form.cleaned_data, request.user)
        messages.success(
            request,
            _("Realised figures for %(measure)s in %(year)s saved.")
            % {"measure": evaluation.choice_label(saved.measure), "year": saved.year},
        )
        return redirect("cockpit:evaluation")
    context = evaluation.page()
    download = exported(request, list(context["tables"].values()))
    if download is not None:
        return download
    context.update({"form": form, "section": "evaluation"})
    status = 400 if form.is_bound else 200
    return render(request, "cockpit/evaluation.html", context, status=status)
