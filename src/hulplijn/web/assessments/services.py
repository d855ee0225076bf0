"""What the views do, kept out of them: drafts, completing an assessment, access, what-if."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import JSONField, Q, TextField, Value
from django.db.models.functions import Cast
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.timezone import localdate

from hulplijn.core import Assessment as Result
from hulplijn.core import InvalidInput, assess, explain, parse_firm
from hulplijn.core.derivation import derive
from hulplijn.core.verification import verify
from hulplijn.reference import params
from hulplijn.web.assessments import prefill, register, signals
from hulplijn.web.assessments.models import (
    AdviserNote,
    Assessment,
    AssessmentRound,
    Draft,
    Feedback,
    Share,
)
from hulplijn.web.assessments.steps import field_of, firm_input, known_answers
from hulplijn.web.ops import limits
from hulplijn.web.ops.proxies import client_address
from hulplijn.web.reference_store import by_vintage, reference, reference_of

# the session key under which this browser made anonymous work (session data: it survives the
# new key that logging in gives the session), and the work offered to the account afterwards
WORK_KEY = "hulplijn_work_key"
CLAIMABLE = "hulplijn_claimable"


def session_key(request: HttpRequest) -> str:
    """This visitor's session key, creating the session: only when they store something."""
    if not request.session.session_key:
        request.session.save()
    key = request.session.session_key
    if not request.user.is_authenticated and request.session.get(WORK_KEY) != key:
        request.session[WORK_KEY] = key
    return key


def mine(request: HttpRequest) -> Q:
    """What belongs to this visitor: their account's, or (anonymous) this session's. Never
    creates a session: without one, nothing is theirs."""
    if request.user.is_authenticated:
        return Q(owner=request.user)
    key = request.session.session_key
    if not key:
        return Q(pk__in=[])
    return Q(owner__isnull=True, session_key=key)


def current_draft(request: HttpRequest) -> Draft | None:
    """The visitor's half-done assessment, if any (reading creates nothing)."""
    return Draft.objects.filter(mine(request)).select_related("round").first()


def open_round() -> AssessmentRound:
    """The round new assessments use (404 when none is open)."""
    round = AssessmentRound.current()
    if round is None:
        raise Http404("no open assessment round")
    return round


def draft_to_show(request: HttpRequest) -> Draft:
    """The visitor's draft, or an unsaved empty one in the open round: for pages that only
    show a form (no session and no row until the visitor submits something)."""
    draft = current_draft(request)
    if draft is not None:
        return draft
    return Draft(
        round=open_round(),
        data=prefill.remember({}, prefill.last(mine(request), request.user)),
        **_owner(request),
    )


def _owner(request: HttpRequest) -> dict[str, Any]:
    """Whose a draft to show is (without creating a session)."""
    if request.user.is_authenticated:
        return {"owner": request.user}
    return {"session_key": request.session.session_key or ""}


def start_draft(request: HttpRequest) -> Draft:
    """Resume the visitor's draft or start one in the current round (on a submit only)."""
    draft = current_draft(request)
    if draft is not None:
        return draft
    round = open_round()
    owner = request.user if request.user.is_authenticated else None
    # the owner's last assessment fills in the new one, to check (assessments.prefill)
    data = prefill.remember({}, prefill.last(mine(request), request.user))
    return Draft.objects.create(
        owner=owner, session_key=session_key(request), round=round, data=data
    )


def save_step(draft: Draft, step: str, raw: dict[str, Any], clean: dict[str, Any] | None) -> None:
    """Keep what was typed (always: the step form's own fields only, bounded) and, when the
    step validated, its cleaned answers; a chosen round (an open one) becomes the draft's."""
    chosen = (clean or {}).get("round")
    if chosen and chosen != draft.round_id:
        found = AssessmentRound.objects.filter(pk=chosen, is_open=True).first()
        if found is not None:
            draft.round = found
            draft.save(update_fields=["round", "updated_at"])
    data = draft.data
    data.setdefault("raw", {})[step] = known_answers(step, draft.round, raw)
    data.setdefault("errors", {}).pop(step, None)
    if clean is None:
        data.setdefault("clean", {}).pop(step, None)
    else:
        data.setdefault("clean", {})[step] = clean
    draft.save(update_fields=["data", "updated_at"])


def fill_from_register(draft: Draft, kvk_number: str, proven: bool) -> register.Found | None:
    """The sector step filled in from the configured register and credit sources: the sector
    (its SBI division, when it is a peer group) and working persons, where the owner left them
    empty (what was typed stays); what the sources said, and which could not be reached, is
    kept with the draft to show beside the form. None when no source is configured."""
    found = register.prefill(kvk_number, proven)
    if found is None:
        return None
    typed = dict(draft.data.get("raw", {}).get("sector", {}))
    filled = dict(typed)
    division = (found.sbi or "")[:2]
    if (
        division in reference().catalogue.divisions
        and not filled.get("sbi")
        and not filled.get("sbi2025")
    ):
        filled["sbi"] = division
    if found.working_persons is not None and not filled.get("working_persons"):
        filled["working_persons"] = str(found.working_persons)
    data = draft.data
    data.setdefault("raw", {})["sector"] = known_answers("sector", draft.round, filled)
    if filled != typed:  # the owner confirms the filled-in step with Next
        data.setdefault("clean", {}).pop("sector", None)
    data["register"] = found.as_data()
    draft.save(update_fields=["data", "updated_at"])
    return found


def complete(draft: Draft, request: HttpRequest) -> Assessment | dict[str, dict[str, list[str]]]:
    """Run the engine on the draft. Returns the stored Assessment, or the problems per step
    and field (Dutch or English) when the engine refuses the input."""
    clean = draft.data.get("clean", {})
    data = firm_input(clean, draft.round)
    language = request.LANGUAGE_CODE
    try:
        firm = parse_firm(data)
        result = assess(firm, reference_of(firm), on=localdate())
    except InvalidInput as invalid:
        problems: dict[str, dict[str, list[str]]] = {}
        for problem in invalid.problems:
            step, field = field_of(problem.path, data.get("sbi_version", "2008"))
            message = problem.text(language)
            problems.setdefault(step, {}).setdefault(field or "__all__", []).append(message)
        draft.data["errors"] = problems
        draft.save(update_fields=["data", "updated_at"])
        return problems
    extra = {**clean.get("toestemming", {}), **clean.get("inschatting", {})}
    kvk_number = clean["sector"].get("kvk_number") or ""
    proven = register.proven(request.user, kvk_number)
    checks, credit = (
        verification(parse_firm(data), kvk_number, draft.round, proven)
        if kvk_number
        else ([], [])
    )
    with transaction.atomic():
        stored = store(
            result,
            data,
            owner=draft.owner,
            session_key=draft.session_key,
            round=draft.round,
            consent_statistics=bool(extra.get("consent_statistics")),
            kvk_number=kvk_number,
            verification=checks,
            credit_scores=credit,
            bank_buffer=draft.data.get("bank_buffer", {}),
            guess_percentile=extra.get("guess_percentile"),
        )
        source = prefill.source_of(draft)
        if source is not None:  # the guidance app copies the survey answers
            signals.carried_over.send(sender=Assessment, assessment=stored, source=source)
        draft.delete()
    return stored


def store(
    result: Result, firm_input: dict[str, Any], *, owner, round, session_key: str = "", **fields
) -> Assessment:
    """Save an engine result with its input and the versions that made it (the wizard and the
    API both save through here); ``fields`` are the optional extras (consent, KvK checks...).
    One transaction: the assessment and, when the owner agreed, its place in the queue of the
    anonymised statistics are stored together or not at all (the record itself is written
    later, in a shuffled batch of at least 10: cockpit.statistics)."""
    return store_json(
        result, firm_input, owner=owner, round=round, session_key=session_key, **fields
    )[0]


@transaction.atomic
def store_json(
    result: Result, firm_input: dict[str, Any], *, owner, round, session_key: str = "", **fields
) -> tuple[Assessment, str]:
    """``store``, and the JSON text the result is stored as: the text the JSONField would write
    for the result's JSON data (``json.dumps``), made once and written as it is, so that the API
    can answer with it instead of reading the result back into models and encoding it again."""
    data = result.model_dump(mode="json")
    text = json.dumps(data)
    stored = Assessment.objects.create(
        owner=owner,
        session_key=session_key,
        round=round,
        firm_input=firm_input,
        # the text as it is: SQLite keeps it, PostgreSQL reads it into jsonb (as a batch's)
        result=Cast(Value(text, output_field=TextField()), JSONField()),
        model_version=result.model_version,
        reference_vintage=result.reference_vintage,
        synthetic_reference=result.synthetic_reference,
        sbi=result.sector.code,
        size_class=result.size_class.code,
        segment=result.segment or "",
        **fields,
    )
    stored.result = data  # what the written text reads back as
    # queued for the anonymised statistics when the owner agreed (cockpit.statistics)
    signals.stored.send(sender=Assessment, assessment=stored)
    return stored, text


# the key of a compact stored result (an adviser's batch, docs/decisions/0036): the day its
# measures are judged on, when it is shown; its verdicts, help first and derivations are made then
EXPLAIN_ON = "explain_on"


def compact_json(result: Result, on: date) -> str:
    """The JSON text a compact result (``assess_many(..., explained=False)``) is stored as: the
    result with the day ``on`` its measures are to be judged on (``result_of`` explains it)."""
    text = result.model_dump_json()
    return f'{text[:-1]},"{EXPLAIN_ON}":"{on.isoformat()}"}}'


def result_of(assessment: Assessment) -> Result:
    """The stored engine result as the typed Assessment model.

    A compact result (an adviser's batch) is explained here (``hulplijn.core.explain``: its
    measures judged on the day it was made, help first, derivations) with the reference it was
    made on, so it shows what assess() gave the same firm that day. A result stored before the
    engine attached its derivations gets them from what it holds
    (``hulplijn.core.derivation.derive``: nothing is assessed again), with the current norms
    and, when it was made on the live reference, that reference's years."""
    stored = assessment.result
    result = Result.model_validate(stored)
    if EXPLAIN_ON not in stored and result.derivations:
        return result
    live = by_vintage(result.reference_vintage)
    years = live.years if live is not None else None
    if EXPLAIN_ON in stored:
        on = date.fromisoformat(stored[EXPLAIN_ON])
        firm = parse_firm(assessment.firm_input)
        return explain(result, firm, live or reference(), on, years=years)
    norms = (live or reference()).norms
    derivations = derive(parse_firm(assessment.firm_input), result, norms, years)
    return result.model_copy(update={"derivations": derivations})


def readable_by(user) -> Q:
    """A logged-in user's own assessments and, for advisers, those shared with them and not
    revoked (the rule ``visible`` applies to one assessment; the API filters lists with it)."""
    mine = Q(owner=user)
    if user.is_adviser:
        mine |= Q(shares__adviser=user, shares__revoked_at__isnull=True)
    return mine


def visible(request: HttpRequest, pk) -> tuple[Assessment, str]:
    """The assessment if this visitor may see it, with their role ('owner' or 'adviser');
    otherwise 404, so guessing an id tells nothing."""
    assessment = Assessment.objects.filter(pk=pk).select_related("round").first()
    if assessment is None:
        raise Http404
    if assessment.owner_id is not None:
        if request.user.is_authenticated and assessment.owner_id == request.user.pk:
            return assessment, "owner"
    elif assessment.session_key and assessment.session_key == request.session.session_key:
        return assessment, "owner"
    if (
        request.user.is_authenticated
        and request.user.is_adviser
        and Share.objects.filter(
            assessment=assessment, adviser=request.user, revoked_at__isnull=True
        ).exists()
    ):
        return assessment, "adviser"
    raise Http404


def note_of(assessment: Assessment, adviser) -> str:
    """The adviser's own note on ``assessment`` (empty when none)."""
    found = AdviserNote.objects.filter(assessment=assessment, adviser=adviser).first()
    return found.text if found else ""


def shared(token) -> Share:
    """The share link ``token`` that has not been revoked (else 404); it may have expired."""
    share = Share.objects.filter(token=token, revoked_at__isnull=True, adviser__isnull=True)
    share = share.select_related("assessment__round").first()
    if share is None:
        raise Http404
    return share


def share_link(assessment: Assessment) -> Share:
    """A new share link for ``assessment``, working for HULPLIJN_SHARE_LINK_DAYS."""
    days = timedelta(days=settings.HULPLIJN_SHARE_LINK_DAYS)
    return Share.objects.create(assessment=assessment, expires_at=timezone.now() + days)


def revoke(assessment: Assessment, share_id: int) -> None:
    Share.objects.filter(assessment=assessment, pk=share_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def offer_anonymous_work(request: HttpRequest) -> bool:
    """At login (any way; accounts.signals): remember which anonymous drafts and assessments
    this browser made, so the person can add them to the account, or not (claim page). Nothing
    moves here. Returns whether there is something to offer."""
    key = request.session.pop(WORK_KEY, None)
    if not key:
        return False
    anonymous = {"owner__isnull": True, "session_key": key}
    offer = {
        "key": key,
        "assessments": [
            str(pk) for pk in Assessment.objects.filter(**anonymous).values_list("pk", flat=True)
        ],
        "drafts": [
            str(pk) for pk in Draft.objects.filter(**anonymous).values_list("pk", flat=True)
        ],
    }
    if not offer["assessments"] and not offer["drafts"]:
        return False
    request.session[CLAIMABLE] = offer
    return True


def claimable(request: HttpRequest) -> tuple[list[Assessment], list[Draft]]:
    """The anonymous work offered to the logged-in person in this session and still
    anonymous: only ids the server itself put in the session, made under the browser's own
    pre-login key."""
    offer = request.session.get(CLAIMABLE)
    if not offer or not request.user.is_authenticated:
        return [], []
    anonymous = Q(owner__isnull=True, session_key=offer["key"])
    assessments = Assessment.objects.filter(anonymous, pk__in=offer["assessments"])
    drafts = Draft.objects.filter(anonymous, pk__in=offer["drafts"])
    return list(assessments.select_related("round")), list(drafts.select_related("round"))


@transaction.atomic
def claim(request: HttpRequest, accept: bool) -> int:
    """The person's answer: on yes the offered work becomes the account's, on no it stays
    anonymous (out of reach; the retention command removes it). Returns how many moved."""
    assessments, drafts = claimable(request) if accept else ([], [])
    request.session.pop(CLAIMABLE, None)
    user = request.user
    moved = Assessment.objects.filter(pk__in=[a.pk for a in assessments], owner__isnull=True)
    count = moved.update(owner=user)
    return count + Draft.objects.filter(pk__in=[d.pk for d in drafts], owner__isnull=True).update(
        owner=user
    )


def what_if(assessment: Assessment, fte: float, gross_margin: float) -> Result:
    """The assessment again with a different FTE and gross margin in the later year (not saved)."""
    data = {**assessment.firm_input, "years": [dict(y) for y in assessment.firm_input["years"]]}
    later = max(range(2), key=lambda i: data["years"][i]["year"])
    data["years"][later].update(fte=fte, gross_margin=gross_margin)
    firm = parse_firm(data)
    return assess(firm, reference_of(firm), on=localdate())


def earlier(assessment: Assessment) -> list[Assessment]:
    """The owner's earlier assessments, newest first (for comparison)."""
    if assessment.owner_id is None:
        return []
    return list(
        Assessment.objects.filter(
            owner_id=assessment.owner_id, created_at__lt=assessment.created_at
        )
        .select_related("round")
        .defer("firm_input", "verification", "bank_buffer")[:5]
    )


def verification(
    firm, kvk_number: str, round, proven: bool = False
) -> tuple[list[dict], list[dict]]:
    """Entered figures against the register, per field, with a line for each source that could
    not be reached; and the credit bureaus' scores (both stored with the assessment; the scores
    are asked only when the firm ``proven`` it is this KvK number, and shown to it only)."""
    answer = register.figures(kvk_number, (round.year_1, round.year_2), proven)
    checks = [
        {
            "path": c.path,
            "field": c.field,
            "status": c.status,
            "year": c.year,
            "moment": c.moment,
            "message_nl": c.text.nl,
            "message_en": c.text.en,
        }
        for c in verify(firm, answer.figures, params.verification_tolerances())
    ]
    for note in answer.notes:
        checks.append(
            {
                "path": "",
                "field": "register",
                "status": "not_in_register",
                "year": None,
                "moment": None,
                "message_nl": note.nl,
                "message_en": note.en,
            }
        )
    return checks, list(answer.credit)


def _limited(request: HttpRequest, stored, scope: str, rate: str) -> bool:
    """Count one ``scope`` request per assessment and per client address at ``rate`` (shared by
    every process); True when either count is over the rate."""
    verdicts = [
        limits.hit(f"{scope}_assessment", str(stored.pk), rate),
        limits.hit(f"{scope}_address", client_address(request), rate),
    ]
    return not all(v.allowed for v in verdicts)


def feedback_limited(request: HttpRequest, stored) -> bool:
    """A feedback message counted at HULPLIJN_FEEDBACK_RATE; True when over the rate."""
    return _limited(request, stored, "feedback", settings.HULPLIJN_FEEDBACK_RATE)


def register_limited(request: HttpRequest, draft: Draft) -> bool:
    """A press of "fill in from the register" (each asks the paid register and credit APIs)
    counted at HULPLIJN_REGISTER_RATE per draft and per client address; True when over."""
    return _limited(request, draft, "register", settings.HULPLIJN_REGISTER_RATE)


def what_if_limited(request: HttpRequest, stored) -> bool:
    """A what-if computation (each runs the engine) counted at HULPLIJN_WHAT_IF_RATE; True when
    over the rate, for the owner and for a share link's reader alike."""
    return _limited(request, stored, "what_if", settings.HULPLIJN_WHAT_IF_RATE)


FEEDBACK_SAME_WITHIN = timedelta(minutes=10)
"""Feedback on one assessment with the same rating and comment as feedback given on it less than
this long ago is that same feedback (a double click on Send, a form sent again with Back)."""


def give_feedback(
    request: HttpRequest, stored: Assessment, rating: int, comment: str, language: str
) -> str:
    """Save the owner's feedback once: 'saved'; 'already' when the same rating and comment were
    given on this assessment within FEEDBACK_SAME_WITHIN (not saved again, not counted against
    the rate); 'limited' when the rate (``feedback_limited``) refuses it. Decided in one
    transaction that holds the assessment's row (PostgreSQL) or the database's write lock
    (SQLite's IMMEDIATE transactions), so two identical POSTs at the same moment save one."""
    with transaction.atomic():
        list(Assessment.objects.select_for_update().filter(pk=stored.pk).values_list("pk"))
        since = timezone.now() - FEEDBACK_SAME_WITHIN
        given = Feedback.objects.filter(
            assessment=stored, rating=rating, comment=comment, created_at__gte=since
        )
        if given.exists():
            return "already"
        if feedback_limited(request, stored):
            return "limited"
        Feedback.objects.create(
            assessment=stored, rating=rating, comment=comment, language=language
        )
        return "saved"
