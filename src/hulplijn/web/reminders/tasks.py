"""Reminders as background jobs (django-tasks, docs/decisions/0028-background-jobs.md):
``queue`` (run by ``manage.py queue_reminders``) makes the due reminders once and enqueues one
``send_reminders`` job per account; the job claims the account's waiting reminders before it
sends them, so a second delivery of the job, or a second job, sends nothing twice."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from hulplijn.web.reminders import services
from hulplijn.web.reminders.models import Reminder, ReminderSettings

log = logging.getLogger(__name__)


def queue(now: datetime | None = None) -> dict[str, int]:
    """Make the reminders that are due (each once) and enqueue a sending job per account with
    reminders waiting (also those of an earlier run not sent yet). Returns how many reminders
    of each kind were new, and for how many accounts a job was queued."""
    now = now or timezone.now()
    made: dict[str, int] = {}
    with transaction.atomic():
        for kind, due in (
            (Reminder.Kind.NEW_ROUND, services.due_new_rounds()),
            (Reminder.Kind.FOLLOW_UP, services.due_follow_ups(now)),
        ):
            known = set(Reminder.objects.filter(kind=kind).values_list("user_id", "subject"))
            fresh = [
                Reminder(user_id=user, kind=kind, subject=subject)
                for user, subject in due
                if (user, subject) not in known
            ]
            Reminder.objects.bulk_create(fresh, ignore_conflicts=True)
            made[str(kind)] = len(fresh)
        waiting = sorted(
            set(
                Reminder.objects.filter(status=Reminder.Status.PENDING).values_list(
                    "user_id", flat=True
                )
            )
        )
        for user_id in waiting:
            transaction.on_commit(lambda user_id=user_id: send_reminders.enqueue(user_id))
    made["accounts"] = len(waiting)
    return made


@task()
def send_reminders(user_id: int) -> int:
    """Send the account's waiting reminders, one e-mail per kind; returns how many were sent.
    Reminders of a kind the owner turned off since are not sent (cancelled)."""
    claim = uuid.uuid4()
    Reminder.objects.filter(user_id=user_id, status=Reminder.Status.PENDING).update(
        status=Reminder.Status.SENDING, claim=claim
    )
    claimed = list(Reminder.objects.filter(claim=claim).select_related("user").order_by("pk"))
    if not claimed:
        return 0
    user = claimed[0].user
    chosen = ReminderSettings.objects.filter(user_id=user_id).first()
    sent = 0
    try:
        for kind in Reminder.Kind:
            reminders = [r for r in claimed if r.kind == kind]
            if not reminders:
                continue
            ids = [r.pk for r in reminders]
            wanted = chosen is not None and getattr(chosen, str(kind)) and user.email
            if not wanted:
                Reminder.objects.filter(pk__in=ids).update(status=Reminder.Status.CANCELLED)
                continue
            services.message(user, kind, reminders, chosen.language).send()
            Reminder.objects.filter(pk__in=ids).update(
                status=Reminder.Status.SENT, sent_at=timezone.now()
            )
            sent += len(reminders)
    except Exception:
        # what was not sent waits again for the next run of the command
        Reminder.objects.filter(claim=claim, status=Reminder.Status.SENDING).update(
            status=Reminder.Status.PENDING, claim=None
        )
        log.exception("reminder mail not sent")
        raise
    return sent
