"""GDPR: everything stored about an account, as JSON; and deleting the account with it.

Known models are exported explicitly; any other model that points at the account or at one of
its assessments (added later: API tokens, uptake marks, ...) is found by its foreign key, so
nothing personal is left out. Secrets (passwords, token keys, share-link tokens) are never
exported. Statistics kept with consent are anonymised copies that do not point at the
account; they are neither exported nor deleted."""

from __future__ import annotations

import re
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from hulplijn.web.accounts.models import EherkenningIdentity, User
from hulplijn.web.assessments.models import AdviserNote, Assessment, Draft, Feedback, Share
from hulplijn.web.audit import services as audit
from hulplijn.web.audit.models import AccessEvent, LoginEvent

SECRET = re.compile(r"(password|secret|token|key|hash|digest|salt)", re.IGNORECASE)


def _fields(obj: models.Model, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The object's own columns, without secrets and without ``skip``."""
    return {
        field.name if not field.is_relation else field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if field.name not in skip and not SECRET.search(field.name)
    }


def _sign_in_means(user: User) -> dict[str, list[dict[str, Any]]]:
    """The account's e-mail addresses, second factors (kind and dates, never their secrets) and
    iDIN link (django-allauth)."""
    return {
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user)
        ],
        "second_factors": [
            {"type": a.type, "created_at": a.created_at, "last_used_at": a.last_used_at}
            for a in Authenticator.objects.filter(user=user)
        ],
        "idin": [
            {"provider": a.provider, "uid": a.uid, "date_joined": a.date_joined}
            for a in SocialAccount.objects.filter(user=user)
        ],
    }


def _others(user: User) -> dict[str, list[dict[str, Any]]]:
    """Rows of models not handled explicitly that point at the account or its assessments."""
    known = {
        Assessment,
        Draft,
        Share,
        Feedback,
        EherkenningIdentity,
        User,
        AccessEvent,
        LoginEvent,
        AdviserNote,  # the adviser's, exported to the adviser only (not to the owner)
    }
    found: dict[str, list[dict[str, Any]]] = {}
    for model in apps.get_models():
        if model in known or not model.__module__.startswith("hulplijn."):
            continue  # framework rows (admin log, allauth: exported above) are handled apart
        query = models.Q()
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                query |= models.Q(**{field.name: user})
            elif field.is_relation and field.related_model is Assessment:
                query |= models.Q(**{f"{field.name}__owner": user})
        if query:
            rows = [_fields(obj) for obj in model.objects.filter(query)]
            if rows:
                found[model._meta.label_lower] = rows
    return found


def export(user: User) -> dict[str, Any]:
    """Everything stored about this account and its firms' assessments."""
    identity = EherkenningIdentity.objects.filter(user=user).first()
    account = _fields(user, skip=("is_superuser", "is_staff"))
    account.update(is_staff=user.is_staff, groups=[g.name for g in user.groups.all()])
    assessments = []
    for stored in Assessment.objects.filter(owner=user).select_related("round"):
        item = _fields(stored, skip=("owner", "session_key"))
        item["round"] = stored.round.name
        item["shares"] = [
            {
                "kind": "adviser" if share.adviser_id else "link",
                "adviser": str(share.adviser) if share.adviser_id else None,
                "label": share.label,
                "created_at": share.created_at,
                "revoked_at": share.revoked_at,
            }
            for share in stored.shares.select_related("adviser")
        ]
        item["feedback"] = [_fields(f, skip=("assessment",)) for f in stored.feedback.all()]
        assessments.append(item)
    return {
        "exported_at": timezone.now(),
        "account": account,
        "eherkenning": _fields(identity, skip=("user",)) if identity else None,
        **_sign_in_means(user),
        "assessments": assessments,
        "drafts": [
            {**_fields(d, skip=("owner", "session_key")), "round": d.round.name}
            for d in Draft.objects.filter(owner=user).select_related("round")
        ],
        "shared_with_me": [
            {
                "assessment": s.assessment_id,
                "label": s.label,
                "created_at": s.created_at,
                "revoked_at": s.revoked_at,
            }
            for s in Share.objects.filter(adviser=user)
        ],
        "my_notes_as_adviser": [
            {"assessment": n.assessment_id, "text": n.text, "updated_at": n.updated_at}
            for n in AdviserNote.objects.filter(adviser=user)
        ],
        "access_to_my_data": [
            {
                "at": e.at,
                "role": e.role,
                "action": e.action,
                "object_type": e.object_type,
                "object_id": e.object_id,
            }
            for e in AccessEvent.objects.filter(data_subject=user)
        ],
        # the audit log about the account itself: its logins and failed logins, and what it
        # opened of other firms' data (as adviser, link reader, staff or policy)
        "logins": [
            {
                "at": e.at,
                "succeeded": e.succeeded,
                "method": e.method,
                "ip_address": e.ip_address,
            }
            for e in LoginEvent.objects.filter(user=user)
        ],
        "my_access_to_others_data": [
            {
                "at": e.at,
                "role": e.role,
                "action": e.action,
                "object_type": e.object_type,
                "object_id": e.object_id,
                "ip_address": e.ip_address,
            }
            for e in AccessEvent.objects.filter(actor=user)
        ],
        "other": _others(user),
    }


def delete(user: User) -> None:
    """Delete the account and everything personal. Assessments, drafts, shares (given and
    received), survey answers, the eHerkenning link and other rows that point at the account
    go by CASCADE, as do its e-mail addresses, second factors and iDIN link (django-allauth);
    feedback on its assessments is deleted too (free text may name the firm); audit events about its data
    stay but lose the link to the person (see audit.services.forget_subject)."""
    with transaction.atomic():
        audit.forget_subject(user.pk)
        Feedback.objects.filter(assessment__owner=user).delete()
        user.delete()
