"""Thin views: parse the request, call services, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hulplijn.core import InvalidInput
from hulplijn.core.text import language_of
from hulplijn.web.accounts.forms import ShareWithAdviserForm
from hulplijn.web.assessments import dashboard, services
from hulplijn.web.assessments.forms import FeedbackForm, WhatIfForm
from hulplijn.web.assessments.models import Feedback, Share
from hulplijn.web.assessments.steps import BY_SLUG, SLUGS, STEPS, jsonable
from hulplijn.web.audit import services as audit
from hulplijn.web.caching import public
from hulplijn.web.guidance import services as guidance
from hulplijn.web.intake import present
from hulplijn.web.ops import limits, retention
from hulplijn.web.ops.proxies import client_ip


@public
def landing(request: HttpRequest) -> HttpResponse:
    reviews = Feedback.objects.filter(status=Feedback.Status.APPROVED).exclude(comment="")[:6]
    return render(
        request,
        "landing.html",
        {
            "reviews": reviews,
            "draft": services.current_draft(request),
        },
    )


@public
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy.html", {"periods": retention.periods()})


def start(request: HttpRequest) -> HttpResponse:
    """To the first step not done yet; creates nothing (the first submit starts the draft)."""
    draft = services.current_draft(request)
    done = draft.data.get("clean", {}) if draft else {}
    first_open = next((s for s in SLUGS if s not in done), SLUGS[-1])
    return redirect("assessments:step", step=first_open)


def step(request: HttpRequest, step: str) -> HttpResponse:
    if step not in BY_SLUG:
        return redirect("assessments:start")
    draft = services.current_draft(request)
    if draft is None:
        if step != SLUGS[0]:
            return redirect("assessments:start")
        # the first step shows an empty form; submitting it starts the draft (and the session)
        if request.method == "POST":
            draft = services.start_draft(request)
        else:
            draft = services.draft_to_show(request)
    spec, index = BY_SLUG[step], SLUGS.index(step)
    query = request.GET.get("q", "")
    if spec.form is None:  # review
        return _review(request, draft, index)
    kwargs = {"round": draft.round}
    if step == "sector":
        kwargs["query"] = query
    if request.method == "POST":
        form = spec.form(request.POST, **kwargs)
        raw = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        action = request.POST.get("action", "next")
        valid = form.is_valid()
        services.save_step(draft, step, raw, _clean(form, step) if valid else None)
        if action == "back":
            return redirect("assessments:step", step=SLUGS[max(index - 1, 0)])
        if action == "search":
            return redirect(reverse("assessments:step", args=[step]) + "?q=" + raw.get("q", ""))
        if valid:
            return redirect("assessments:step", step=SLUGS[index + 1])
    else:
        raw = draft.data.get("raw", {}).get(step)
        form = spec.form(raw, **kwargs) if raw is not None else spec.form(**kwargs)
        for field, errors in draft.data.get("errors", {}).get(step, {}).items():
            for error in errors:
                form.add_error(None if field == "__all__" else field, error)
    template = "assessments/step_sector.html" if step == "sector" else "assessments/step.html"
    return render(
        request,
        template,
        {
            "form": form,
            "step": spec,
            "steps": STEPS,
            "index": index,
            "draft": draft,
            "query": query,
        },
    )


def _clean(form, step: str) -> dict:
    data = dict(form.cleaned_data)
    if step == "sector" and data.get("mapped_sbi"):
        data["sbi2025"] = data.pop("sbi2025").replace(".", "").strip()
    data.pop("mapped_sbi", None)
    return jsonable(data)


def _review(request: HttpRequest, draft, index: int) -> HttpResponse:
    missing = [s for s in STEPS[:-1] if s.slug not in draft.data.get("clean", {})]
    if request.method == "POST":
        if request.POST.get("action") == "back":
            return redirect("assessments:step", step=SLUGS[index - 1])
        if not missing:
            outcome = services.complete(draft, request)
            if isinstance(outcome, dict):
                first = next(s for s in SLUGS if s in outcome)
                messages.error(
                    request, _("Some figures do not fit together. Please check the marked fields.")
                )
                return redirect("assessments:step", step=first)
            return redirect("assessments:dashboard", pk=outcome.pk)
    return render(
        request,
        "assessments/review.html",
        {
            "step": STEPS[index],
            "steps": STEPS,
            "index": index,
            "draft": draft,
            "missing": missing,
            "answers": _answers(draft),
        },
    )


def _answers(draft) -> list[tuple[str, list[tuple[str, str]]]]:
    """What the owner entered, per step, as (label, value) for the review page."""
    answers = []
    for spec in STEPS[:-1]:
        raw = draft.data.get("raw", {}).get(spec.slug, {})
        form = spec.form(round=draft.round)
        rows = []
        for name, field in form.fields.items():
            value = raw.get(name, "")
            if name == "skip" or name == "consent_statistics":
                value = _("yes") if value else _("no")
            elif name == "sbi" and value:
                value = dict(c for group in field.choices[1:] for c in group[1]).get(value, value)
            rows.append((str(field.label), value or "–"))
        answers.append((spec, rows))
    return answers


def show(request: HttpRequest, pk) -> HttpResponse:
    stored, role = services.visible(request, pk)
    if role != "owner":
        audit.record(request, audit.Action.VIEW, stored)
    return _dashboard(request, stored, role)


def show_shared(request: HttpRequest, token) -> HttpResponse:
    share = services.shared(token)
    if share.is_expired:
        return render(request, "assessments/link_expired.html", status=410)
    stored = share.assessment
    audit.record(request, audit.Action.VIEW, stored, role=audit.Role.LINK)
    return _dashboard(request, stored, "link")


def _context(stored, result) -> dict:
    """What both the dashboard and the PDF report show."""
    survey_results = guidance.surveys(stored, result)
    weak = [t for s in survey_results for t in s.weak]
    chosen = guidance.practices(stored, result, weak)
    groups = dashboard.figures(stored, result)
    return {
        "stored": stored,
        "result": result,
        "groups": groups,
        "segment": dashboard.segment_info(result),
        "charts": dashboard.charts(result, groups),
        "prize": result.size_of_prize,
        "koplopers": result.koplopers,
        "measures": guidance.measures_by_programme(result),
        "surveys": survey_results,
        "practices": chosen,
        "action_plan": guidance.action_plan(result, survey_results, chosen),
        "register_flags": present.flags(stored.verification, get_language()),
        "impact_change": dashboard.pct(
            result.sector_impact.value_added_change, signed=True, decimals=0
        ),
        "prize_fraction": dashboard.pct(result.size_of_prize.fraction, signed=True)
        if result.size_of_prize and result.size_of_prize.fraction is not None
        else None,
    }


def _dashboard(
    request, stored, role: str, what_if=None, what_if_form=None, feedback_form=None
) -> HttpResponse:
    result = services.result_of(stored)
    context = {
        **_context(stored, result),
        "role": role,
        "what_if": what_if,
        "what_if_form": what_if_form or _what_if_form(stored),
        "what_if_segment": dashboard.segment_info(what_if) if what_if else None,
        "feedback_form": feedback_form or FeedbackForm(),
        "earlier": services.earlier(stored),
        "shares": stored.shares.filter(revoked_at__isnull=True) if role == "owner" else [],
        "adviser_form": ShareWithAdviserForm() if role == "owner" else None,
    }
    return render(request, "assessments/dashboard.html", context)


def _what_if_form(stored) -> WhatIfForm:
    later = max(stored.firm_input["years"], key=lambda y: y["year"])
    return WhatIfForm(initial={"fte": later["fte"], "gross_margin": later["gross_margin"]})


@require_POST
def what_if(request: HttpRequest, pk) -> HttpResponse:
    stored, role = services.visible(request, pk)
    if role != "owner":
        audit.record(request, audit.Action.VIEW, stored)
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
    if request.headers.get("HX-Request"):
        return render(
            request,
            "assessments/_what_if.html",
            {
                "what_if": outcome,
                "what_if_form": form,
                "stored": stored,
                "result": services.result_of(stored),
                "what_if_segment": dashboard.segment_info(outcome) if outcome else None,
            },
        )
    return _dashboard(request, stored, role, what_if=outcome, what_if_form=form)


@require_POST
def feedback(request: HttpRequest, pk) -> HttpResponse:
    stored, role = services.visible(request, pk)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        if not feedback_limited(request, stored):
            item = form.save(commit=False)
            item.assessment = stored
            item.language = request.LANGUAGE_CODE
            item.save()
            messages.success(request, _("Thank you for your feedback."))
            return redirect(reverse("assessments:dashboard", args=[stored.pk]) + "#feedback")
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


def feedback_limited(request: HttpRequest, stored) -> bool:
    """Count a feedback message per assessment and per address (HULPLIJN_FEEDBACK_RATE, shared by
    every process); True when either is over the rate."""
    rate = settings.HULPLIJN_FEEDBACK_RATE
    verdicts = [
        limits.hit("feedback_assessment", str(stored.pk), rate),
        limits.hit("feedback_address", client_ip(request) or "unknown", rate),
    ]
    return not all(v.allowed for v in verdicts)


@require_POST
def share(request: HttpRequest, pk) -> HttpResponse:
    stored, role = services.visible(request, pk)
    if role != "owner":
        return redirect("assessments:dashboard", pk=pk)
    if request.POST.get("kind") == "adviser":
        form = ShareWithAdviserForm(request.POST)
        if not form.is_valid():
            for error in form.errors.get("email", []):
                messages.error(request, error)
            return redirect(reverse("assessments:dashboard", args=[pk]) + "#delen")
        Share.objects.get_or_create(
            assessment=stored, adviser=form.cleaned_data["email"], revoked_at=None
        )
        messages.success(request, _("Your adviser can now open this assessment."))
    else:
        link = services.share_link(stored)
        messages.success(
            request,
            _(
                "A share link has been made. Anyone with the link can read this dashboard "
                "until %(date)s, unless you stop sharing before then."
            )
            % {"date": date_format(timezone.localtime(link.expires_at), "j F Y")},
        )
    return redirect(reverse("assessments:dashboard", args=[pk]) + "#delen")


def delete(request: HttpRequest, pk) -> HttpResponse:
    stored, role = services.visible(request, pk)
    if role != "owner":
        raise Http404
    if request.method == "POST":
        stored.delete()
        messages.success(request, _("The assessment has been deleted."))
        return redirect("accounts:overview" if request.user.is_authenticated else "landing")
    return render(request, "assessments/delete.html", {"stored": stored})


@require_POST
def revoke(request: HttpRequest, pk, share_id: int) -> HttpResponse:
    stored, role = services.visible(request, pk)
    if role == "owner":
        services.revoke(stored, share_id)
        messages.success(request, _("Sharing has been stopped."))
    return redirect(reverse("assessments:dashboard", args=[pk]) + "#delen")


def report_pdf(request: HttpRequest, pk) -> HttpResponse:
    """The dashboard as a PDF to take to the bank or adviser (WeasyPrint, charts as SVG)."""
    from hulplijn.web.guidance import report

    stored, role = services.visible(request, pk)
    if role != "owner":
        audit.record(request, audit.Action.PDF, stored)
    language = language_of(request.GET.get("lang") or request.LANGUAGE_CODE)
    pdf = report.render(stored, language, _context)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="mkb-hulplijn-{stored.created_at:%Y-%m-%d}.pdf"'
    )
    return response


@login_required
def claim(request: HttpRequest) -> HttpResponse:
    """Add this browser's anonymous work to the account, only when the person says yes."""
    assessments, drafts = services.claimable(request)
    if request.method == "POST":
        accept = request.POST.get("answer") == "yes"
        moved = services.claim(request, accept)
        if accept and moved:
            messages.success(
                request, _("The anonymous self-assessment has been added to your account.")
            )
        elif not accept:
            messages.info(
                request, _("The anonymous self-assessment was not added to your account.")
            )
        return redirect("accounts:overview")
    if not assessments and not drafts:
        return redirect("accounts:overview")
    return render(request, "assessments/claim.html", {"assessments": assessments, "drafts": drafts})
