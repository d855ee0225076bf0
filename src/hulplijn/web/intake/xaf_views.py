"""Prefill from the auditfile (XAF) of the bookkeeping: upload -> mapping -> confirm.

The files are parsed in memory and not kept. What the mapping page needs (per fiscal year the
balance of each account at its close and at the round's moments, and the proposed mapping) is
kept in the session under ``SESSION_KEY`` until the owner confirms; only then are the figures
written into the draft, and the session entry is dropped. The sums are hulplijn.imports.xaf's.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hulplijn.core import numbers
from hulplijn.imports import xaf
from hulplijn.imports.errors import ImportRefused
from hulplijn.imports.xaf import figures, mapping
from hulplijn.web.assessments import services
from hulplijn.web.intake import present
from hulplijn.web.intake.xaf_forms import AuditfileForm, MappingForm
from hulplijn.web.number_fields import shown

SESSION_KEY = "hulplijn_xaf_import"
# One select per account with a balance; a form posts at most DATA_UPLOAD_MAX_NUMBER_FIELDS
# (500) fields, the CSRF token and the button among them. An SME's chart of accounts has some
# hundreds of accounts, fewer with a balance.
MAX_ACCOUNTS = 450


def upload(request: HttpRequest) -> HttpResponse:
    """Read the files; on success keep their balances in the session and go to the mapping."""
    round = services.draft_to_show(request).round  # no draft until the owner confirms
    form = AuditfileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        moments = (round.moment_1, round.moment_2)
        read: list[tuple[str, xaf.Auditfile]] = []
        for file in form.cleaned_data["files"]:
            try:
                auditfile = xaf.read_auditfile(file.read(), file.name)
                xaf.require_round(auditfile, (round.year_1, round.year_2), moments)
            except ImportRefused as refused:
                form.add_error("files", f"{file.name}: {refused.message(request.LANGUAGE_CODE)}")
                continue
            if any(other.end == auditfile.end for _name, other in read):
                form.add_error(
                    "files",
                    _("%(name)s: this fiscal year is already in another file.")
                    % {"name": file.name},
                )
                continue
            read.append((file.name, auditfile))
        stored = _stored(read, moments) if not form.errors else None
        if stored and len(stored["accounts"]) > MAX_ACCOUNTS:
            form.add_error(
                "files",
                _(
                    "The files have %(count)s ledger accounts with a balance; we can show at "
                    "most %(limit)s. Please enter the figures yourself in the steps."
                )
                % {
                    "count": numbers.count(len(stored["accounts"]), request.LANGUAGE_CODE),
                    "limit": numbers.count(MAX_ACCOUNTS, request.LANGUAGE_CODE),
                },
            )
        elif stored:
            request.session[SESSION_KEY] = stored
            return redirect("intake:auditfile_mapping")
    return render(request, "intake/xaf_upload.html", {"form": form})


def _stored(read: list[tuple[str, xaf.Auditfile]], moments: tuple[str, str]) -> dict[str, Any]:
    """What the mapping page needs, as JSON: balances as strings, never the file itself."""
    files, accounts, latest = [], {}, {}
    for name, auditfile in sorted(read, key=lambda pair: pair[1].end):
        period = xaf.period(auditfile, moments)
        files.append(
            {
                "name": name,
                "label": period.label,
                "company": auditfile.company,
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
                "closing": {k: str(v) for k, v in period.closing.items()},
                "moments": {
                    m: {k: str(v) for k, v in b.items()} for m, b in period.moments.items()
                },
            }
        )
        accounts.update({a.id: a for a in auditfile.accounts})
        latest.update(period.closing)  # the latest year's balance is the one shown
    proposed = mapping.propose(accounts, latest)
    used = {  # accounts without any balance count towards nothing: not shown
        account
        for f in files
        for balances in (f["closing"], *f["moments"].values())
        for account, balance in balances.items()
        if Decimal(balance)
    }
    rows = [
        {
            "id": account_id,
            "description": accounts[account_id].description if account_id in accounts else "",
            "balance": str(latest.get(account_id, Decimal(0))),
            "category": assignment.category,
            "source": assignment.source,
            "basis": assignment.basis,
        }
        for account_id, assignment in sorted(proposed.items())
        if account_id in used
    ]
    return {
        "files": files,
        "accounts": rows,
        "mapping": {k: v.category for k, v in proposed.items()},
    }


def mapping_page(request: HttpRequest) -> HttpResponse:
    """Show each account, its balance and its figure; save changes; on confirm, fill in."""
    stored = request.session.get(SESSION_KEY)
    if not stored:
        return redirect("intake:auditfile")
    form = MappingForm(request.POST or None, accounts=stored["accounts"])
    if request.method == "POST" and form.is_valid():
        stored["mapping"].update(form.mapping())
        for row in stored["accounts"]:
            row["category"] = stored["mapping"][row["id"]]
        request.session[SESSION_KEY] = stored
        if request.POST.get("action") == "apply":
            return _apply(request, stored)
        return redirect("intake:auditfile_mapping")
    round = services.draft_to_show(request).round
    result = _prefill(stored, (round.year_1, round.year_2))
    return render(
        request,
        "intake/xaf_mapping.html",
        {
            "form": form,
            "files": stored["files"],
            "company": next((f["company"] for f in reversed(stored["files"]) if f["company"]), ""),
            "rows": _rows(result),
            "guesses": sum(1 for row in stored["accounts"] if row["source"] != "rgs"),
        },
    )


def _prefill(stored: dict[str, Any], years: tuple[int, int]) -> figures.Prefill:
    def balances(raw: dict[str, str]) -> dict[str, Decimal]:
        return {k: Decimal(v) for k, v in raw.items()}

    periods = [
        figures.Period(
            label=f["label"],
            start=date.fromisoformat(f["start"]),
            end=date.fromisoformat(f["end"]),
            closing=balances(f["closing"]),
            moments={m: balances(b) for m, b in f["moments"].items()},
        )
        for f in stored["files"]
    ]
    return figures.prefill(periods, stored["mapping"], years)


def _rows(result: figures.Prefill) -> list[tuple[str, str | date, Decimal]]:
    """(label, when, amount) for each figure that will be filled in."""
    names = present.labels()
    rows: list[tuple[str, str | date, Decimal]] = []
    for year, values in sorted(result.results.items()):
        rows += [(names[k], str(year), v) for k, v in values.items()]
    for moment, values in sorted(result.liquidity.items()):
        rows += [(names[k], moment, v) for k, v in values.items()]
    if result.solvency_end is not None:
        end = result.solvency_end
        rows += [(names[k], end, v) for k, v in result.solvency.items()]
    return rows


def _apply(request: HttpRequest, stored: dict[str, Any]) -> HttpResponse:
    """Put the figures for the round's years and moments into the wizard."""
    draft = services.start_draft(request)
    round = draft.round
    result = _prefill(stored, (round.year_1, round.year_2))
    raw = draft.data.setdefault("raw", {})
    for index, year in ((1, round.year_1), (2, round.year_2)):
        values = result.results.get(year, {})
        if values:
            raw.setdefault("resultaten", {}).update(
                {f"{k}_{index}": shown(v) for k, v in values.items()}
            )
    for index, moment in ((1, round.moment_1), (2, round.moment_2)):
        values = result.liquidity.get(moment, {})
        if values:
            raw.setdefault("liquiditeit", {}).update(
                {f"{k}_{index}": shown(v) for k, v in values.items()}
            )
    if result.solvency:
        raw.setdefault("solvabiliteit", {}).update(
            {k: shown(v) for k, v in result.solvency.items()}
        )
    draft.save(update_fields=["data", "updated_at"])
    del request.session[SESSION_KEY]
    messages.success(
        request,
        _("The figures from your auditfile have been filled in. Check them in each step."),
    )
    first = "resultaten" if result.results else "liquiditeit" if result.liquidity else None
    return redirect("assessments:step", step=first or "solvabiliteit")
