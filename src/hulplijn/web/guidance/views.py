"""The mini-survey pages (owner only)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from hulplijn.reference import params
from hulplijn.web.assessments import services
from hulplijn.web.guidance.forms import SurveyForm
from hulplijn.web.guidance.models import SurveyResponse
from hulplijn.web.guidance.services import english


def survey(request: HttpRequest, pk, code: str) -> HttpResponse:
    stored, role = services.visible(request, pk)
    spec = next((s for s in params.surveys() if s.code == code), None)
    if spec is None or role != "owner":
        raise Http404
    existing = SurveyResponse.objects.filter(assessment=stored, survey=code).first()
    form = SurveyForm(
        request.POST or None,
        survey=spec,
        english=english(),
        initial=existing.answers if existing else None,
    )
    if request.method == "POST" and form.is_valid():
        SurveyResponse.objects.update_or_create(
            assessment=stored, survey=code, defaults={"answers": form.cleaned_data}
        )
        messages.success(request, _("Your answers have been saved."))
        return redirect(reverse("assessments:dashboard", args=[pk]) + "#vragenlijsten")
    return render(
        request,
        "guidance/survey.html",
        {
            "form": form,
            "survey": spec,
            "stored": stored,
            "title": spec.title_en if english() else spec.title,
            "intro": spec.intro_en if english() else spec.intro,
        },
    )
