"""What is removed when, for ``manage.py retention`` (run daily). Each period is a setting
(conf/base.py, HULPLIJN_RETENTION_*); the privacy statement and docs/deploy.md name them.

- expired sessions (Django's clearsessions);
- anonymous assessments once their session can no longer reach them: made longer ago than the
  anonymous session's age (SESSION_COOKIE_AGE) plus a margin, and no live session has their key;
  with them go their shares, survey answers and measure marks; feedback stays without the link.
  Their anonymised statistical records, if already written, are separate rows without any link
  to the assessment and stay; one still queued for its batch is dropped, as with any deletion
  (cockpit.statistics);
- anonymous drafts not changed for HULPLIJN_RETENTION_ANONYMOUS_DRAFT_DAYS;
- account drafts not changed for HULPLIJN_RETENTION_ACCOUNT_DRAFT_DAYS;
- audit events (AccessEvent, LoginEvent) older than HULPLIJN_RETENTION_AUDIT_DAYS.

Rows are deleted in batches, each in its own transaction, so a long first run neither holds a
lock for minutes nor loses its progress; running it again deletes nothing new (idempotent)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from hulplijn.web.assessments.models import Assessment, Draft
from hulplijn.web.audit.models import AccessEvent, LoginEvent

BATCH = 1000

Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class Rule:
    name: str
    rows: Callable[[datetime], QuerySet]


def periods() -> dict[str, int]:
    """The periods in days, minutes and hours, as the privacy statement names them."""
    return {
        "session_days": settings.SESSION_COOKIE_AGE // 86400,
        "anonymous_draft_days": settings.HULPLIJN_RETENTION_ANONYMOUS_DRAFT_DAYS,
        "margin_days": settings.HULPLIJN_RETENTION_ANONYMOUS_MARGIN_DAYS,
        "account_draft_days": settings.HULPLIJN_RETENTION_ACCOUNT_DRAFT_DAYS,
        "audit_days": settings.HULPLIJN_RETENTION_AUDIT_DAYS,
        "idle_minutes": settings.HULPLIJN_SESSION_IDLE_MINUTES,
        "staff_idle_minutes": settings.HULPLIJN_SESSION_IDLE_MINUTES_STAFF,
        "max_hours": settings.HULPLIJN_SESSION_MAX_HOURS,
    }


def _session_model():
    """The session table when sessions are stored in the database (else None)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    return store.get_model_class() if hasattr(store, "get_model_class") else None


def clear_sessions(now: datetime, progress: Progress | None = None) -> int:
    """Delete expired sessions (what clearsessions does), counted; other session stores
    expire their sessions by themselves."""
    sessions = _session_model()
    if sessions is None:
        import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
        return 0
    return delete(sessions.objects.filter(expire_date__lt=now), progress, "expired sessions")


def anonymous_assessments(now: datetime) -> QuerySet:
    days = settings.HULPLIJN_RETENTION_ANONYMOUS_MARGIN_DAYS
    cutoff = now - timedelta(seconds=settings.SESSION_COOKIE_AGE) - timedelta(days=days)
    rows = Assessment.objects.filter(owner__isnull=True, created_at__lt=cutoff)
    sessions = _session_model()
    if sessions is not None:
        live = sessions.objects.filter(expire_date__gte=now).values("session_key")
        rows = rows.exclude(session_key__in=live)
    return rows


def anonymous_drafts(now: datetime) -> QuerySet:
    days = settings.HULPLIJN_RETENTION_ANONYMOUS_DRAFT_DAYS
    return Draft.objects.filter(owner__isnull=True, updated_at__lt=now - timedelta(days=days))


def account_drafts(now: datetime) -> QuerySet:
    days = settings.HULPLIJN_RETENTION_ACCOUNT_DRAFT_DAYS
    return Draft.objects.filter(owner__isnull=False, updated_at__lt=now - timedelta(days=days))


def audit_events(now: datetime) -> QuerySet:
    days = settings.HULPLIJN_RETENTION_AUDIT_DAYS
    return AccessEvent.objects.filter(at__lt=now - timedelta(days=days))


def login_events(now: datetime) -> QuerySet:
    days = settings.HULPLIJN_RETENTION_AUDIT_DAYS
    return LoginEvent.objects.filter(at__lt=now - timedelta(days=days))


# after the expired sessions: an assessment whose session expired is no longer reachable
RULES = [
    Rule("anonymous assessments", anonymous_assessments),
    Rule("anonymous drafts", anonymous_drafts),
    Rule("account drafts", account_drafts),
    Rule("audit events", audit_events),
    Rule("login events", login_events),
]


def delete(rows: QuerySet, progress: Progress | None = None, name: str = "") -> int:
    """Delete ``rows`` in batches of BATCH (related rows go with them); returns how many."""
    model, total = rows.model, 0
    while True:
        with transaction.atomic():
            keys = list(rows.values_list("pk", flat=True)[:BATCH])
            if not keys:
                return total
            deleted = model.objects.filter(pk__in=keys).delete()[1].get(model._meta.label, 0)
        if not deleted:  # nothing could be deleted: do not loop forever
            return total
        total += deleted
        if progress is not None:
            progress(name, total)


def run(now: datetime | None = None, progress: Progress | None = None) -> dict[str, int]:
    """Apply every rule once; returns the number of rows deleted per rule."""
    now = now or timezone.now()
    counts = {"expired sessions": clear_sessions(now, progress)}
    for rule in RULES:
        counts[rule.name] = delete(rule.rows(now), progress, rule.name)
    return counts
