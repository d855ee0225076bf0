"""Prefill from annual accounts and bank statements; CSV batches for advisers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from hulplijn.core import metrics
from hulplijn.core.period import month
from hulplijn.core.text import language_of
from hulplijn.imports import bank, csv_batch, xbrl
from hulplijn.imports.errors import ImportRefused
from hulplijn.web import exports
from hulplijn.web.assessments import services
from hulplijn.web.intake import present, tasks
from hulplijn.web.intake.forms import AnnualAccountsForm, BatchForm, StatementsForm
from hulplijn.web.intake.models import BatchJob
from hulplijn.web.number_fields import shown  # as the wizard's fields show it

SESSION_KEY = "hulplijn_xbrl_prefill"


def _draft(request: HttpRequest):
    """The visitor's draft; showing the upload form creates none (an upload does)."""
    if request.method == "POST":
        return services.start_draft(request)
    return services.draft_to_show(request)


def annual_accounts(request: HttpRequest) -> HttpResponse:
    draft = _draft(request)
    if request.method == "POST" and request.POST.get("action") == "apply":
        return _apply(request, draft)
    form = AnnualAccountsForm(request.POST or None, request.FILES or None)
    found = None
    if request.method == "POST" and form.is_valid():
        try:
            accounts = xbrl.read_annual_accounts(
                form.cleaned_data["file"].read(), form.cleaned_data["file"].name
            )
        except ImportRefused as refused:
            form.add_error("file", refused.message(request.LANGUAGE_CODE))
        else:
            found = {
                "prefill": {
                    k: {n: v if n in ("moment", "year") else shown(v) for n, v in section.items()}
                    for k, section in xbrl.prefill(accounts).items()
                },
                "notes": [n.message(request.LANGUAGE_CODE) for n in accounts.notes],
                "name": accounts.legal_entity_name,
                "period_end": accounts.period_end.isoformat() if accounts.period_end else None,
            }
            found["outside_round"] = _outside_round(found["prefill"], draft.round)
            request.session[SESSION_KEY] = found
    return render(
        request,
        "intake/annual_accounts.html",
        {
            "form": form,
            "found": found,
            "draft": draft,
            "found_rows": present.found(found["prefill"]) if found else [],
        },
    )


def _outside_round(prefill: dict, round) -> str:
    """The year or moment of found figures that the round does not ask for ('' if none)."""
    outside = []
    year = prefill.get("results", {}).get("year")
    if year and int(year) not in (round.year_1, round.year_2):
        outside.append(str(year))
    moment = prefill.get("liquidity", {}).get("moment")
    if moment and moment not in (round.moment_1, round.moment_2):
        outside.append(month(moment)(get_language()))
    return ", ".join(outside)


def _apply(request, draft) -> HttpResponse:
    """Put the confirmed figures into the wizard; the owner checks them step by step."""
    found = request.session.pop(SESSION_KEY, None)
    if not found:
        return redirect("intake:annual_accounts")
    prefill, raw, round = found["prefill"], draft.data.setdefault("raw", {}), draft.round
    if "solvency" in prefill:
        raw.setdefault("solvabiliteit", {}).update(prefill["solvency"])
    results = prefill.get("results", {})
    index = {round.year_1: 1, round.year_2: 2}.get(int(results.get("year", 0)))
    if index:
        raw.setdefault("resultaten", {}).update(
            {f"{k}_{index}": v for k, v in results.items() if k != "year"}
        )
    liquidity = prefill.get("liquidity", {})
    moment = {round.moment_1: 1, round.moment_2: 2}.get(liquidity.get("moment"))
    if moment:
        raw.setdefault("liquiditeit", {}).update(
            {f"{k}_{moment}": v for k, v in liquidity.items() if k != "moment"}
        )
    draft.save(update_fields=["data", "updated_at"])
    messages.success(
        request,
        _("The figures from your annual accounts have been filled in. Check them in each step."),
    )
    return redirect("assessments:step", step="resultaten" if index else "solvabiliteit")


def statements(request: HttpRequest) -> HttpResponse:
    """Statements in, buffer days out; one row per file read (every file of a zip), so one
    file that cannot be read is named and the others still count."""
    draft = _draft(request)
    form = StatementsForm(request.POST or None, request.FILES or None)
    files = []
    if request.method == "POST" and form.is_valid():
        language = language_of(request.LANGUAGE_CODE)
        results = bank.read_files((u.read(), u.name) for u in form.cleaned_data["files"])
        read = [s for result in results for s in result.statements]
        # every file that could not be read is named in the error summary (and beside the
        # field); when others were read, the buffer is still computed from those
        for result in results:
            if result.refused is not None:
                message = result.refused.message(language)
                form.add_error("files", f"{result.name}: {message}" if result.name else message)
        if read:
            files = [_file_row(result, language) for result in results]
            moments = draft.round.moments
            draft.data["bank_buffer"] = {
                moment: _buffer_json(result)
                for moment, result in bank.buffer_for_round(read, moments).items()
            }
            draft.save(update_fields=["data", "updated_at"])
    return render(
        request,
        "intake/statements.html",
        {
            "form": form,
            "draft": draft,
            "files": files,
            "buffer": draft.data.get("bank_buffer"),
            "balance_sheet": _balance_sheet_buffer(draft),
        },
    )


def _file_row(result: bank.FileResult, language: str) -> dict:
    """One uploaded file (or file in a zip) as a row: read, with what and notes, or why not."""
    if result.refused is not None:
        return {"name": result.name, "read": False, "text": result.refused.message(language)}
    count = len(result.statements)
    accounts = sorted({s.account for s in result.statements})
    text = ngettext(
        "%(n)s statement read, of account %(accounts)s",
        "%(n)s statements read, of accounts %(accounts)s",
        count,
    ) % {"n": count, "accounts": ", ".join(accounts)}
    return {
        "name": result.name,
        "read": True,
        "text": text,
        "notes": [note.message(language) for note in result.notes],
    }


def _buffer_json(result) -> dict:
    """A BufferResult as stored with the draft and the assessment."""
    return {
        "value": result.value,
        "days": result.days,
        "accounts": list(result.accounts),
        "average_balance": None
        if result.average_balance is None
        else float(result.average_balance),
        "average_outflow": None
        if result.average_outflow is None
        else float(result.average_outflow),
        "reason_nl": result.reason.text.nl if result.reason else None,
        "reason_en": result.reason.text.en if result.reason else None,
    }


def _balance_sheet_buffer(draft) -> dict[str, float]:
    """Cash buffer days from the liquidity step's balance-sheet items, per moment."""
    clean = draft.data.get("clean", {}).get("liquiditeit") or {}
    if not clean or clean.get("skip"):
        return {}
    out = {}
    for i, moment in enumerate(draft.round.moments, start=1):
        costs = [float(clean[f"{k}_{i}"]) for k in ("interest_costs", "wage_costs", "other_costs")]
        if sum(costs) > 0:
            out[moment] = metrics.cash_buffer_days(float(clean[f"cash_{i}"]), *costs)
    return out


def _adviser(request: HttpRequest) -> None:
    if not request.user.is_adviser:
        raise PermissionDenied


@login_required
def batch_upload(request: HttpRequest) -> HttpResponse:
    """The upload: the file becomes a background job (or finds the job the same file made
    before), and the adviser follows it on the job's page."""
    _adviser(request)
    form = BatchForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job, _new = tasks.submit(
            upload.read(), request.user, request.LANGUAGE_CODE, upload.name or ""
        )
        return redirect("intake:batch_job", job.pk)
    jobs = BatchJob.objects.filter(owner=request.user, kind=BatchJob.Kind.CSV).defer(
        "data", "report"
    )[:10]
    return render(request, "intake/batch.html", {"form": form, "jobs": jobs})


def _job(request: HttpRequest, pk) -> BatchJob:
    _adviser(request)
    return get_object_or_404(
        BatchJob.objects.defer("data"), pk=pk, owner=request.user, kind=BatchJob.Kind.CSV
    )


@login_required
def batch_job(request: HttpRequest, pk) -> HttpResponse:
    """A job's progress (the page refreshes itself, without JavaScript, until the job ends),
    then its report."""
    job = _job(request, pk)
    rows = job.report.get("rows", []) if job.status == BatchJob.Status.DONE else []
    return render(
        request,
        "intake/batch_job.html",
        {
            "job": job,
            "problem_rows": [r for r in rows if r[2] is None],
            "saved_rows": [r for r in rows if r[2] is not None][:200],
        },
    )


@login_required
def batch_report(request: HttpRequest, pk) -> HttpResponse:
    """The job's report as CSV: one line per row of the file, saved (with its link) or why not."""
    job = _job(request, pk)
    if job.status != BatchJob.Status.DONE:
        raise Http404
    lines = [["", "", _("column problem"), line] for line in job.report.get("file_problems", [])]
    for row, label, saved, problems in job.report.get("rows", []):
        if saved is None:
            lines.append([row, label, _("not saved"), "; ".join(problems)])
        else:
            link = request.build_absolute_uri(reverse("assessments:dashboard", args=[saved]))
            lines.append([row, label, _("saved"), link])
    return exports.csv_response(
        f"batch-{job.pk}.csv", [_("row"), _("firm"), _("result"), _("link or problems")], lines
    )


@login_required
def batch_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(csv_batch.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mkb-hulplijn-sjabloon.csv"'
    return response
