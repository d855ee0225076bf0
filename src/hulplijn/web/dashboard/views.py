"""The dashboard of one stored assessment, for its owner, an adviser it is shared with or a
share link: its figures (assessments), what to do next (guidance) and the register's flags
(intake), on screen, as a what-if and as PDF. It sits above those apps, which do not know it;
its URLs keep their names in the assessments namespace (hulplijn.web.urls)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hulplijn.core import InvalidInput
from hulplijn.core.summary import summarise
from hulplijn.core.text import language_of
from hulplijn.web.assessments import services
from hulplijn.web.assessments.forms import (
    AdviserNoteForm,
    FeedbackForm,
    ShareWithAdviserForm,
    WhatIfForm,
)
from hulplijn.web.audit import services as audit
from hulplijn.web.dashboard import figures
from hulplijn.web.guidance import services as guidance
from hulplijn.web.intake import present


def show(request: HttpRequest, pk) -> HttpResponse:
    stored, role = services.visible(request, pk)
    if role != "owner":
        audit.record(request, audit.Action.VIEW, stored)
    return _dashboard(request, stored, role)


def show_shared(request: HttpRequest, token) -> HttpResponse:
    share = services.shared(token)
    if share.is_expired:
        return _expired(request)
    stored = share.assessment
    audit.record(request, audit.Action.VIEW, stored, role=audit.Role.LINK)
    return _dashboard(request, stored, "link", token=token)


def _expired(request: HttpRequest) -> HttpResponse:
    return render(request, "assessments/link_expired.html", status=410)


def _urls(stored, role: str, token=None) -> dict[str, str]:
    """Where the what-if posts and the PDF downloads: a share link's reader uses the link's own
    addresses (the token), everybody else the assessment's."""
    if role == "link":
        return {
            "what_if_url": reverse("assessments:shared_what_if", args=[token]),
            "pdf_url": reverse("assessments:shared_pdf", args=[token]),
        }
    return {
        "what_if_url": reverse("assessments:what_if", args=[stored.pk]),
        "pdf_url": reverse("assessments:report_pdf", args=[stored.pk]),
    }


def _figures(result, stored) -> dict:
    """The figures' part of the page: the dashboard renders it once per language and then
    takes it from the cache (assessments/dashboard.html), so it is made only when shown."""
    groups = figures.figures(stored, result)
    return {
        "groups": groups,
        "headings": figures.headings(result),
        "charts": figures.charts(result, groups),
        "explained": {
            key: figures.explain(result, key)
            for key in ("segment", "koplopers", "size_of_prize")
            if key in result.derivations
        },
    }


def _when_shown(made: Callable[[], dict], keys: tuple[str, ...]) -> dict:
    """``made()``'s values under ``keys``, each made (all at once) when a template first reads
    one of them."""
    part = SimpleLazyObject(made)
    return {key: SimpleLazyObject(lambda key=key: part[key]) for key in keys}


FIGURES = ("groups", "headings", "charts", "explained")


def _context(stored, result) -> dict:
    """What both the dashboard and the PDF report show; the figures are made only when a
    template reads them (the dashboard takes them from its cache after its first view)."""
    survey_results = guidance.surveys(stored, result)
    weak = [t for s in survey_results for t in s.weak]
    chosen = guidance.practices(stored, result, weak)
    first = guidance.help_first(result)
    steps = guidance.action_steps(result, survey_results, chosen)
    language = get_language()
    return {
        "stored": stored,
        "result": result,
        **_when_shown(partial(_figures, result, stored), FIGURES),
        "segment": figures.segment_info(result),  # also in the table of earlier assessments
        "prize": result.size_of_prize,
        "koplopers": result.koplopers,
        "measures": guidance.measures_by_programme(result),
        "schemes": guidance.schemes(result),
        "help_first": first,
        "summary": figures.summary_shown(summarise(result, first, steps)),
        "surveys": survey_results,
        "practices": chosen,
        "action_plan": [step.text(language) for step in steps],
        "register_flags": present.flags(stored.verification, get_language()),
        "impact_change": figures.pct(
            result.sector_impact.value_added_change, signed=True, decimals=0
        ),
        "prize_fraction": figures.pct(result.size_of_prize.fraction, signed=True)
        if result.size_of_prize and result.size_of_prize.fraction is not None
        else None,
    }


def _dashboard(
    request, stored, role: str, what_if=None, what_if_form=None, feedback_form=None, token=None
) -> HttpResponse:
    result = services.result_of(stored)
    context = {
        **_context(stored, result),
        **_urls(stored, role, token),
        "role": role,
        # a bureau's credit score: for the firm itself only (decisions/0037)
        "credit": present.credit(stored.credit_scores, get_language()) if role == "owner" else [],
        "what_if": what_if,
        "what_if_form": what_if_form or _what_if_form(stored),
        "what_if_segment": figures.segment_info(what_if) if what_if else None,
        "feedback_form": feedback_form or FeedbackForm(),
        "earlier": services.earlier(stored),
        "shares": stored.shares.filter(revoked_at__isnull=True) if role == "owner" else [],
        "adviser_form": ShareWithAdviserForm(initial={"label": stored.label})
        if role == "owner"
        else None,
        "note_form": AdviserNoteForm(initial={"text": services.note_of(stored, request.user)})
        if role == "adviser"
        else None,
    }
    return render(request, "assessments/dashboard.html", context)


def _what_if_form(stored) -> WhatIfForm:
    later = max(stored.firm_input["years"], key=lambda y: y["year"])
    return WhatIfForm(initial={"fte": later["fte"], "gross_margin": later["gross_margin"]})


@require_POST
def what_if(request: HttpRequest, pk) -> HttpResponse:
    stored, role = services.visible(request, pk)
    if services.what_if_limited(request, stored):
        return _what_if_refused(request, stored, role)
    if role != "owner":
        audit.record(request, audit.Action.VIEW, stored)
    return _what_if(request, stored, role)


def shared_what_if(request: HttpRequest, token) -> HttpResponse:
    """The what-if for the reader of a share link: computed, shown, never saved. The token is
    looked up before anything else, so a dead token is 404 whatever the method."""
    share = services.shared(token)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if share.is_expired:
        return _expired(request)
    if services.what_if_limited(request, share.assessment):
        return _what_if_refused(request, share.assessment, "link", token=token)
    audit.record(request, audit.Action.VIEW, share.assessment, role=audit.Role.LINK)
    return _what_if(request, share.assessment, "link", token=token)


def _what_if_refused(request: HttpRequest, stored, role: str, token=None) -> HttpResponse:
    """Over HULPLIJN_WHAT_IF_RATE: the form again with why, nothing computed or recorded (429)."""
    form = WhatIfForm(request.POST)
    form.is_valid()
    form.add_error(
        None,
        _(
            "What-if: many calculations have been made in a short time, so this one was not "
            "made. Please try again later."
        ),
    )
    return _what_if_response(request, stored, role, None, form, token, status=429)


def _what_if(request: HttpRequest, stored, role: str, token=None) -> HttpResponse:
    """The assessment again with the posted FTE and gross margin; nothing is stored."""
    form = WhatIfForm(request.POST)
    outcome = None
    if form.is_valid():
        try:
            outcome = services.what_if(
                stored, float(form.cleaned_data["fte"]), float(form.cleaned_data["gross_margin"])
            )
        except InvalidInput as invalid:
            for problem in invalid.problems:
                form.add_error(None, problem.text(request.LANGUAGE_CODE))
    return _what_if_response(request, stored, role, outcome, form, token)


def _what_if_response(request, stored, role, outcome, form, token, status=200) -> HttpResponse:
    """The what-if's part of the page (htmx) or the whole result page with it."""
    if request.headers.get("HX-Request"):
        return render(
            request,
            "assessments/_what_if.html",
            {
                "what_if": outcome,
                "what_if_form": form,
                "stored": stored,
                "result": services.result_of(stored),
                "what_if_segment": figures.segment_info(outcome) if outcome else None,
                **_urls(stored, role, token),
            },
            status=status,
        )
    response = _dashboard(
        request, stored, role, what_if=outcome, what_if_form=form, token=token
    )
    response.status_code = status
    return response


FEEDBACK = "feedback"
"""The place on the result page (its feedback section) where feedback's confirmation is shown
and the redirect lands (templates/assessments/_messages_here.html)."""


@require_POST
def feedback(request: HttpRequest, pk) -> HttpResponse:
    """The owner's rating and comment, saved once: the same feedback sent twice (a double
    click) is saved once and thanked for again (services.give_feedback)."""
    stored, role = services.visible(request, pk)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        outcome = services.give_feedback(
            request,
            stored,
            form.cleaned_data["rating"],
            form.cleaned_data["comment"],
            request.LANGUAGE_CODE,
        )
        if outcome != "limited":
            messages.success(request, _("Thank you for your feedback."), extra_tags=FEEDBACK)
            return redirect(reverse("assessments:dashboard", args=[stored.pk]) + f"#{FEEDBACK}")
        form.add_error(
            None,
            _(
                "Feedback: a lot of feedback has been sent in a short time, so yours was not "
                "saved. Please try again later."
            ),
        )
        response = _dashboard(request, stored, role, feedback_form=form)
        response.status_code = 429
        return response
    return _dashboard(request, stored, role, feedback_form=form)


def report_pdf(request: HttpRequest, pk) -> HttpResponse:
    """The dashboard as a PDF to take to the bank or adviser (WeasyPrint, charts as SVG)."""
    stored, role = services.visible(request, pk)
    if role != "owner":
        audit.record(request, audit.Action.PDF, stored)
    return _pdf(request, stored, role)


def shared_pdf(request: HttpRequest, token) -> HttpResponse:
    """The same PDF for the reader of a share link, while the link works."""
    share = services.shared(token)
    if share.is_expired:
        return _expired(request)
    audit.record(request, audit.Action.PDF, share.assessment, role=audit.Role.LINK)
    return _pdf(request, share.assessment, "link")


def _pdf(request: HttpRequest, stored, role: str) -> HttpResponse:
    # imported here, not with the pages: WeasyPrint takes ~0.4 s to import, only for a PDF
    from hulplijn.web.guidance import report

    def context_of(stored, result) -> dict:
        # the owner's own PDF carries the bureaus' credit scores; nobody else's does
        scores = stored.credit_scores if role == "owner" else []
        return {**_context(stored, result), "credit": present.credit(scores, get_language())}

    language = language_of(request.GET.get("lang") or request.LANGUAGE_CODE)
    pdf = report.render(stored, language, context_of)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="mkb-hulplijn-{stored.created_at:%Y-%m-%d}.pdf"'
    )
    return response
