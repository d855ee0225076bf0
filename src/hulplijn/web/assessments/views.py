"""Thin views: parse the request, call services, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BooleanField
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hulplijn.web.assessments import prefill, register, services
from hulplijn.web.assessments.forms import KVK_NUMBER, AdviserNoteForm, ShareWithAdviserForm
from hulplijn.web.assessments.models import AdviserNote, Feedback, Share
from hulplijn.web.assessments.steps import BY_SLUG, SLUGS, STEPS, jsonable
from hulplijn.web.caching import public
from hulplijn.web.number_fields import DecimalNumberField


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
    carried = prefill.for_draft(draft)
    if spec.form is None:  # review
        return _review(request, draft, index, carried)
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
        if action == "register" and step == "sector":  # filled in from the register
            return _fill_from_register(request, draft, raw.get("kvk_number", ""))
        if action == "search":  # what was typed is kept, and not judged yet
            return redirect(
                reverse("assessments:step", args=[step]) + "?" + urlencode({"q": raw.get("q", "")})
            )
        if valid:
            return redirect("assessments:step", step=SLUGS[index + 1])
    else:
        raw = draft.data.get("raw", {}).get(step)
        initial = carried.steps.get(step) if carried and raw is None else None
        if raw is None and step == "plannen" and not (initial or {}).get("legal_form"):
            initial = _legal_form_from_register(draft, initial)
        # a search's answer shows what was typed without judging it: no messages for the
        # fields not filled in yet (decision 0030)
        searching = step == "sector" and ("q" in request.GET or "register" in request.GET)
        if raw is None:
            form = spec.form(initial=initial, **kwargs)
        elif searching:
            form = spec.form(initial=raw, **kwargs)
        else:
            form = spec.form(raw, **kwargs)
        stored = {} if searching else draft.data.get("errors", {}).get(step, {})
        for field, errors in stored.items():
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
            # what the owner's last assessment filled in, said while the step shows it
            "carried": carried if step not in draft.data.get("raw", {}) else None,
            **(_register_context(draft) if step == "sector" else {}),
        },
    )


def _fill_from_register(request: HttpRequest, draft, kvk_number: str) -> HttpResponse:
    """The sector step's "fill in from the register": the configured sources asked for the KvK
    number typed; back to the step, which shows what they said (decisions/0037)."""
    kvk_number = kvk_number.strip()
    if not KVK_NUMBER.fullmatch(kvk_number):
        messages.error(request, _("A KvK number has 8 digits and does not start with 00."))
    elif services.register_limited(request, draft):
        messages.error(
            request,
            _(
                "The register has been asked many times in a short time, so it was not asked "
                "now. Please try again later, or fill in the fields yourself."
            ),
        )
    else:
        proven = register.proven(request.user, kvk_number)
        services.fill_from_register(draft, kvk_number, proven)
    return redirect(reverse("assessments:step", args=["sector"]) + "?register=1")


def _register_context(draft) -> dict:
    """The sources the sector step can fill in from, and what they said of the KvK number now
    typed (nothing once another number is typed)."""
    typed = draft.data.get("raw", {}).get("sector", {}).get("kvk_number", "")
    found = draft.data.get("register")
    return {
        "register_sources": register.source_names(),
        "register_found": found if found and typed and found["kvk_number"] == typed else None,
    }


def _legal_form_from_register(draft, initial: dict | None) -> dict | None:
    """The plans step's first showing: the legal form prefilled from the KVK register when the
    owner gave a KvK number and the register names the form (the owner can change it)."""
    kvk_number = draft.data.get("clean", {}).get("sector", {}).get("kvk_number") or ""
    found = register.legal_form(kvk_number)
    return initial if found is None else {**(initial or {}), "legal_form": found}


def _clean(form, step: str) -> dict:
    data = dict(form.cleaned_data)
    if step == "sector" and data.get("mapped_sbi"):
        data["sbi2025"] = data.pop("sbi2025").replace(".", "").strip()
    data.pop("mapped_sbi", None)
    return jsonable(data)


def _review(request: HttpRequest, draft, index: int, carried=None) -> HttpResponse:
    missing = [
        s for s in STEPS[:-1] if not s.optional and s.slug not in draft.data.get("clean", {})
    ]
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
            "carried": carried,
        },
    )


def _answers(draft) -> list[tuple[str, list[tuple[str, str]]]]:
    """What the owner entered, per step, as (label, value) for the review page."""
    answers = []
    for spec in STEPS[:-1]:
        raw = draft.data.get("raw", {}).get(spec.slug, {})
        clean = draft.data.get("clean", {}).get(spec.slug) or {}
        form = spec.form(round=draft.round)
        rows = []
        for name, field in form.fields.items():
            value = raw.get(name, "")
            if isinstance(field, DecimalNumberField) and clean.get(name) not in (None, ""):
                value = field.written(clean[name])  # as read: "EUR 400.000" is € 400.000
            elif isinstance(field, BooleanField):  # skip, consent, the plans' tick boxes
                visited = spec.slug in draft.data.get("raw", {})
                value = (_("yes") if value else _("no")) if visited or not spec.optional else ""
            elif name == "sbi" and value:
                value = dict(c for group in field.choices[1:] for c in group[1]).get(value, value)
            elif name == "legal_form" and value:
                value = str(dict(field.choices).get(value, value))
            rows.append((str(field.label), value or "–"))
        answers.append((spec, rows))
    return answers


SHARING = "delen"
"""The place on the result page (its sharing section) where sharing's messages are shown and a
share's redirect lands (templates/assessments/_messages_here.html)."""
NOTES = "notities"
"""The place of an adviser's own notes on the result page, likewise."""


@require_POST
def share(request: HttpRequest, pk) -> HttpResponse:
    stored, role = services.visible(request, pk)
    if role != "owner":
        return redirect("assessments:dashboard", pk=pk)
    if request.POST.get("kind") == "adviser":
        form = ShareWithAdviserForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error, extra_tags=SHARING)
            return redirect(reverse("assessments:dashboard", args=[pk]) + f"#{SHARING}")
        Share.objects.update_or_create(
            assessment=stored,
            adviser=form.cleaned_data["email"],
            revoked_at=None,
            defaults={"label": form.cleaned_data["label"]},
        )
        messages.success(
            request, _("Your adviser can now open this assessment."), extra_tags=SHARING
        )
    else:
        link = services.share_link(stored)
        messages.success(
            request,
            _(
                "A share link has been made. Anyone with the link can read this dashboard "
                "until %(date)s, unless you stop sharing before then."
            )
            % {"date": date_format(timezone.localtime(link.expires_at), "j F Y")},
            extra_tags=SHARING,
        )
    return redirect(reverse("assessments:dashboard", args=[pk]) + f"#{SHARING}")


@require_POST
def note(request: HttpRequest, pk) -> HttpResponse:
    """An adviser's own note on an assessment shared with them (nobody else's: the owner has
    none to keep here)."""
    stored, role = services.visible(request, pk)
    if role != "adviser":
        return redirect("assessments:dashboard", pk=pk)
    form = AdviserNoteForm(request.POST)
    if form.is_valid():
        AdviserNote.objects.update_or_create(
            assessment=stored, adviser=request.user, defaults={"text": form.cleaned_data["text"]}
        )
        messages.success(request, _("Your notes have been saved."), extra_tags=NOTES)
    else:
        for error in form.errors.get("text", []):
            messages.error(request, error, extra_tags=NOTES)
    return redirect(reverse("assessments:dashboard", args=[pk]) + f"#{NOTES}")


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
        messages.success(request, _("Sharing has been stopped."), extra_tags=SHARING)
    return redirect(reverse("assessments:dashboard", args=[pk]) + f"#{SHARING}")


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
