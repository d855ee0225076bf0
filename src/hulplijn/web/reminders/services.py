"""Which reminders are due, queuing them once, writing them in the owner's language, and the
signed unsubscribe link (docs/decisions/0031-coming-back.md).

Due:
- ``new_round``: an open round created after the owner's newest assessment, in which the owner
  has none yet (once per round);
- ``follow_up``: a measure the owner marked "I am going to apply" (MeasureUptake ``intend``)
  and left so for HULPLIJN_REMINDER_FOLLOW_UP_DAYS (once per mark).

Only for accounts with an e-mail address that turned the kind on. A reminder row is made once
(unique per account, kind and subject), so running the command again queues nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from hulplijn.core.text import pick
from hulplijn.reference import params
from hulplijn.web.assessments.models import Assessment, AssessmentRound
from hulplijn.web.guidance.models import MeasureUptake
from hulplijn.web.reminders.models import Reminder, ReminderSettings

SALT = "hulplijn.reminders.unsubscribe"


# --- the owner's choice -----------------------------------------------------------------------


def settings_of(user) -> ReminderSettings:
    """The account's choice (unsaved, both off, when it never chose)."""
    found = ReminderSettings.objects.filter(user=user).first()
    return found or ReminderSettings(user=user)


def choose(user, *, new_round: bool, follow_up: bool, language: str) -> ReminderSettings:
    chosen, _created = ReminderSettings.objects.update_or_create(
        user=user,
        defaults={"new_round": new_round, "follow_up": follow_up, "language": language[:5]},
    )
    if not chosen.any:  # nothing waits to be sent that the owner no longer wants
        Reminder.objects.filter(user=user, status=Reminder.Status.PENDING).update(
            status=Reminder.Status.CANCELLED
        )
    return chosen


def unsubscribe(user_id: int) -> bool:
    """Every reminder off for the account (the link in a reminder); True when it exists."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return False
    language = settings_of(user).language
    choose(user, new_round=False, follow_up=False, language=language)
    return True


# --- the unsubscribe link ---------------------------------------------------------------------


def token(user_id: int) -> str:
    """A signed token for the account's unsubscribe link: no login needed, cannot be forged."""
    return signing.Signer(salt=SALT).sign(str(user_id))


def user_of(value: str) -> int | None:
    """The account a token was signed for, or None when it was not signed here."""
    try:
        return int(signing.Signer(salt=SALT).unsign(value))
    except (signing.BadSignature, ValueError):
        return None


def site_url(path: str) -> str:
    return settings.HULPLIJN_SITE_URL + path


# --- due reminders ----------------------------------------------------------------------------


def _opted_in(kind: str) -> Iterable[ReminderSettings]:
    wanted = {kind: True, "user__is_active": True, "user__email__isnull": False}
    return ReminderSettings.objects.filter(**wanted).exclude(user__email="").select_related("user")


def due_new_rounds() -> list[tuple[int, str]]:
    """(account, subject) of the new-round reminders due now."""
    rounds = list(AssessmentRound.objects.filter(is_open=True))
    due = []
    for chosen in _opted_in("new_round"):
        mine = Assessment.objects.filter(owner_id=chosen.user_id)
        newest = mine.aggregate(newest=Max("created_at"))["newest"]
        if newest is None:
            continue  # nothing to come back to
        done = set(mine.values_list("round_id", flat=True))
        due += [
            (chosen.user_id, f"round:{r.pk}")
            for r in rounds
            if r.created_at > newest and r.pk not in done
        ]
    return due


def due_follow_ups(now: datetime) -> list[tuple[int, str]]:
    """(account, subject) of the follow-ups due now."""
    before = now - timedelta(days=settings.HULPLIJN_REMINDER_FOLLOW_UP_DAYS)
    users = [s.user_id for s in _opted_in("follow_up")]
    marks = MeasureUptake.objects.filter(
        status=MeasureUptake.Status.INTEND,
        updated_at__lte=before,
        assessment__owner_id__in=users,
    ).values_list("assessment__owner_id", "pk")
    return [(owner, f"uptake:{pk}") for owner, pk in marks]


# --- the messages -----------------------------------------------------------------------------


def _measure_names(language: str) -> dict[str, str]:
    names = {
        m["id"]: pick(language, m["name"], m["name_en"]) for m in params.measures()["measures"]
    }
    names.update(
        {s["id"]: pick(language, s["name"], s["name_en"]) for s in params.schemes()["schemes"]}
    )
    return names


def message(user, kind: str, reminders: list[Reminder], language: str) -> EmailMessage:
    """The e-mail for ``reminders`` of one kind, in ``language``, with the one-click
    unsubscribe link in the text and in the List-Unsubscribe headers (RFC 2369, RFC 8058)."""
    unsubscribe_url = site_url(reverse("reminders:unsubscribe", args=[token(user.pk)]))
    context: dict[str, Any] = {
        "unsubscribe_url": unsubscribe_url,
        "settings_url": site_url(reverse("accounts:overview")) + "#herinneringen",
        "start_url": site_url(reverse("assessments:start")),
    }
    with translation.override(language):
        ids = [int(r.subject.split(":")[1]) for r in reminders]
        if kind == Reminder.Kind.NEW_ROUND:
            context["rounds"] = list(AssessmentRound.objects.filter(pk__in=ids).order_by("pk"))
            newest = Assessment.objects.filter(owner=user).order_by("-created_at").first()
            context["last_date"] = (
                date_format(timezone.localtime(newest.created_at), "j F Y") if newest else ""
            )
        else:
            names = _measure_names(language)
            marks = MeasureUptake.objects.filter(pk__in=ids).select_related("assessment")
            context["measures"] = [
                {
                    "name": names.get(m.measure, m.measure),
                    "date": date_format(timezone.localtime(m.updated_at), "j F Y"),
                    "url": site_url(reverse("assessments:dashboard", args=[m.assessment_id]))
                    + f"#maatregel-{m.measure}",
                }
                for m in marks
            ]
        template = f"reminders/mail/{kind}"
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}.txt", context)
    mail = EmailMessage(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=body,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    return mail
