"""The mini-survey pages and the answer on a measure the firm qualifies for: the owner's only
(an adviser or a share link's reader reads them and changes nothing)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hulplijn.core.text import pick
from hulplijn.reference import params
from hulplijn.web.assessments import services
from hulplijn.web.guidance import services as guidance
from hulplijn.web.guidance.forms import SurveyForm
from hulplijn.web.guidance.models import MeasureUptake, SurveyResponse


def survey(request: HttpRequest, pk, code: str) -> HttpResponse:
    stored, role = services.visible(request, pk)
    spec = next((s for s in params.surveys() if s.code == code), None)
    if spec is None or role != "owner":
        raise Http404
    existing = SurveyResponse.objects.filter(assessment=stored, survey=code).first()
    form = SurveyForm(
        request.POST or None,
        survey=spec,
        language=get_language(),
        initial=existing.answers if existing else None,
    )
    if request.method == "POST" and form.is_valid():
        SurveyResponse.objects.update_or_create(
            assessment=stored, survey=code, defaults={"answers": form.cleaned_data}
        )
        messages.success(request, _("Your answers have been saved."), extra_tags="vragenlijsten")
        return redirect(reverse("assessments:dashboard", args=[pk]) + "#vragenlijsten")
    return render(
        request,
        "guidance/survey.html",
        {
            "form": form,
            "survey": spec,
            "stored": stored,
            "title": pick(get_language(), spec.title, spec.title_en),
            "intro": pick(get_language(), spec.intro, spec.intro_en),
        },
    )


@require_POST
def uptake(request: HttpRequest, pk, measure: str) -> HttpResponse:
    """Record 'going to apply', 'applied' or 'not for me' for an open scheme the firm qualifies
    for today. The owner's answer only: an adviser it is shared with reads it and cannot change
    it (404, as for the surveys). A report measure, an ended scheme or one the firm does not
    qualify for invites no application."""
    stored, role = services.visible(request, pk)
    if role != "owner":
        raise Http404
    if not guidance.open_for_application(services.result_of(stored), measure):
        raise Http404
    status = request.POST.get("status")
    if status not in MeasureUptake.Status.values:
        return HttpResponseBadRequest("unknown status")
    MeasureUptake.objects.update_or_create(
        assessment=stored, measure=measure, defaults={"status": status}
    )
    # shown in the scheme's own item, where the redirect lands (an answer is only asked on an
    # open scheme: its item is #regeling-<id>)
    messages.success(request, _("Your answer has been saved."), extra_tags=f"regeling-{measure}")
    return redirect(reverse("assessments:dashboard", args=[pk]) + f"#regeling-{measure}")
