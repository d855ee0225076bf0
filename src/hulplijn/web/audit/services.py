"""Write the audit log. Owners looking at their own data are never logged."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import models
from django.http import HttpRequest

from hulplijn.web.audit.models import AccessEvent
from hulplijn.web.ops.proxies import client_ip
from hulplijn.web.roles import is_policy

Role = AccessEvent.Role
Action = AccessEvent.Action


def role_of(user) -> str:
    """The role somebody other than the owner acts in: policy, staff, adviser or link reader."""
    if not user.is_authenticated:
        return Role.LINK
    if user.is_staff:  # superusers hold every permission: they count as staff
        return Role.POLICY if is_policy(user) and not user.is_superuser else Role.STAFF
    return Role.ADVISER if user.is_adviser else Role.LINK


def record(
    request: HttpRequest, action: str, obj: models.Model, role: str | None = None
) -> AccessEvent:
    """Log that this request's user (not the owner) did ``action`` on ``obj``."""
    user = request.user
    actor = user if user.is_authenticated else None
    subject_id, kvk_number = subject(obj)
    return AccessEvent.objects.create(
        actor=actor,
        actor_label=str(actor) if actor else "",
        role=role or role_of(user),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data_subject_id=subject_id,
        kvk_number=kvk_number,
        request_id=str(
            getattr(request, "request_id", "") or request.headers.get("X-Request-ID", "")
        )[:64],
        # the client's address behind the configured proxies, not the load balancer's
        ip_address=client_ip(request) or None,
    )


def subject(obj: models.Model | None) -> tuple[int | None, str]:
    """Whose data ``obj`` is (account id) and the firm's KvK number, where known."""
    if obj is None:
        return None, ""
    if isinstance(obj, get_user_model()):
        identity = getattr(obj, "eherkenning", None)
        return obj.pk, identity.kvk_number if identity else ""
    if hasattr(obj, "owner_id"):  # an assessment or a draft
        kvk_number = getattr(obj, "kvk_number", "") or (
            getattr(obj, "data", {}).get("clean", {}).get("sector", {}).get("kvk_number") or ""
        )
        return obj.owner_id, kvk_number
    if hasattr(obj, "assessment"):  # shares, survey answers, feedback, uptake marks
        return subject(obj.assessment)
    if hasattr(obj, "user_id") and hasattr(obj, "kvk_number"):  # an eHerkenning identity
        return obj.user_id, obj.kvk_number
    return None, ""


def forget_subject(user_id: int) -> int:
    """Before an account is deleted: keep the events about its data but drop the link to the
    person (account and KvK number). Events where the account was the actor keep their
    snapshot, so access cannot be erased by deleting the account."""
    return AccessEvent.objects.filter(data_subject_id=user_id).update(
        data_subject=None, kvk_number=""
    )
