"""Coming back (issue #14): opt-in e-mail reminders when a new round opens and a follow-up on
measures the owner meant to apply for, sent by a background job that a management command
queues (each reminder once), in the owner's language, with a one-click unsubscribe link that
needs no login (RFC 8058 headers)."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from hulplijn.reference import params
from hulplijn.web.assessments.models import AssessmentRound
from hulplijn.web.guidance.models import MeasureUptake
from hulplijn.web.reminders import services, tasks
from hulplijn.web.reminders.models import Reminder, ReminderSettings
from tests.web.factories import AssessmentFactory, UserFactory

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SITE = "https://hulplijn.example"
SCHEME = params.schemes()["schemes"][0]


@pytest.fixture(autouse=True)
def immediate(settings, django_capture_on_commit_callbacks):
    """The jobs run when queued (after the command's transaction commits), mail in memory."""
    global _capture
    settings.TASKS = IMMEDIATE
    settings.HULPLIJN_SITE_URL = SITE
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _capture = django_capture_on_commit_callbacks


_capture = None


def owner(*, new_round=False, follow_up=False, language="nl"):
    """An owner with one assessment (in the report's round) and the given reminder choice."""
    user = UserFactory()
    stored = AssessmentFactory(owner=user, session_key="")
    if new_round or follow_up:
        ReminderSettings.objects.create(
            user=user, new_round=new_round, follow_up=follow_up, language=language
        )
    return user, stored


def open_round(name="Ronde 2024/2025") -> AssessmentRound:
    return AssessmentRound.objects.create(name=name, year_1=2024, year_2=2025, moment_1="2025-06")


def intend(stored, days_ago: int, status=MeasureUptake.Status.INTEND) -> MeasureUptake:
    mark = MeasureUptake.objects.create(assessment=stored, measure=SCHEME["id"], status=status)
    MeasureUptake.objects.filter(pk=mark.pk).update(
        updated_at=timezone.now() - timedelta(days=days_ago)
    )
    return mark


def queue() -> None:
    """``manage.py queue_reminders``, with its jobs enqueued once its transaction commits."""
    with _capture(execute=True):
        call_command("queue_reminders", stdout=io.StringIO())


# --- opt-in ---------------------------------------------------------------------------------------


def test_reminders_are_off_until_the_owner_turns_them_on(client, mailoutbox):
    user, stored = owner()
    client.force_login(user)
    html = client.get("/account/").content.decode()
    section = html[html.index('id="herinneringen"') :]
    for name in ("new_round", "follow_up"):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', section).group(0)
        assert "checked" not in tag
    open_round()
    intend(stored, days_ago=60)
    queue()
    assert mailoutbox == [] and not Reminder.objects.exists()


def test_the_owner_opts_in_on_the_account_overview(client):
    user, _stored = owner()
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.post("/account/herinneringen/", {"new_round": "on"})
    assert response.status_code == 302
    chosen = ReminderSettings.objects.get(user=user)
    assert (chosen.new_round, chosen.follow_up, chosen.language) == (True, False, "en")
    html = client.get("/account/").content.decode()
    tag = re.search(r'<input[^>]*name="new_round"[^>]*>', html).group(0)
    assert "checked" in tag


def test_the_choice_needs_a_login(client):
    response = client.post("/account/herinneringen/", {"new_round": "on"})
    assert response.status_code == 302 and not ReminderSettings.objects.exists()


# --- a new round ------------------------------------------------------------------------------


def test_a_new_round_sends_one_reminder_once(mailoutbox):
    user, _stored = owner(new_round=True)
    queue()
    assert mailoutbox == []  # the report's round is older than the assessment: nothing new
    open_round()
    queue()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [user.email]
    assert "nieuwe ronde" in mail.subject.lower()
    assert "Ronde 2024/2025" in mail.body and "2024 en 2025" in mail.body
    assert f"{SITE}/zelfdiagnose/" in mail.body
    # idempotent: the command again (and again) sends nothing twice
    queue()
    queue()
    assert len(mailoutbox) == 1
    assert Reminder.objects.get().status == Reminder.Status.SENT
    open_round("Ronde 2025/2026")  # another round: one more
    queue()
    assert len(mailoutbox) == 2


def test_no_new_round_reminder_for_a_round_the_owner_did_or_without_assessments(mailoutbox):
    user, _stored = owner(new_round=True)
    later = open_round()
    AssessmentFactory(owner=user, session_key="", round=later)
    never_assessed = UserFactory()
    ReminderSettings.objects.create(user=never_assessed, new_round=True)
    queue()
    assert mailoutbox == []


def test_the_mail_is_in_the_owner_s_language(mailoutbox):
    owner(new_round=True, language="en")
    open_round()
    queue()
    mail = mailoutbox[0]
    assert "A new round of the mkb-hulplijn is open" in mail.body
    assert "Stop all reminders in one click" in mail.body


# --- the follow-up ------------------------------------------------------------------------------


def test_a_follow_up_on_a_measure_the_owner_meant_to_apply_for(mailoutbox, settings):
    settings.HULPLIJN_REMINDER_FOLLOW_UP_DAYS = 30
    _user, stored = owner(follow_up=True)
    intend(stored, days_ago=10)  # too soon
    queue()
    assert mailoutbox == []
    MeasureUptake.objects.update(updated_at=timezone.now() - timedelta(days=31))
    queue()
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert SCHEME["name"] in body
    assert f"{SITE}/beoordeling/{stored.pk}/#maatregel-{SCHEME['id']}" in body
    queue()
    assert len(mailoutbox) == 1


def test_no_follow_up_once_applied_or_not_for_me(mailoutbox):
    _user, stored = owner(follow_up=True)
    intend(stored, days_ago=60, status=MeasureUptake.Status.APPLIED)
    queue()
    assert mailoutbox == []


def test_only_the_kinds_the_owner_chose(mailoutbox):
    _user, stored = owner(new_round=True)  # no follow-up
    intend(stored, days_ago=60)
    queue()
    assert mailoutbox == []


# --- unsubscribe ------------------------------------------------------------------------------


def test_one_click_unsubscribe_without_login(mailoutbox):
    user, _stored = owner(new_round=True, follow_up=True)
    open_round()
    queue()
    mail = mailoutbox[0]
    link = re.search(rf"{SITE}(/account/herinneringen/afmelden/[^\s]+/)", mail.body).group(1)
    # RFC 2369 and RFC 8058: the mail program's own one-click button
    assert mail.extra_headers["List-Unsubscribe"] == f"<{SITE}{link}>"
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    browser = Client(enforce_csrf_checks=True)  # no login, no cookie
    page = browser.get(link)
    assert page.status_code == 200
    assert ReminderSettings.objects.get(user=user).new_round  # opening the link changes nothing
    done = browser.post(link, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert "geen e-mailherinneringen meer" in done.content.decode()
    chosen = ReminderSettings.objects.get(user=user)
    assert not chosen.new_round and not chosen.follow_up
    open_round("Nog een ronde")
    queue()
    assert len(mailoutbox) == 1


def test_a_forged_or_altered_token_does_nothing(client):
    user, _stored = owner(new_round=True)
    other, _ = owner(new_round=True)
    good = services.token(user.pk)
    forged = good.replace(str(user.pk), str(other.pk), 1)
    for token in (forged, "12:abc", good + "x"):
        response = client.post(f"/account/herinneringen/afmelden/{token}/")
        assert response.status_code == 400
    assert ReminderSettings.objects.filter(new_round=True).count() == 2


def test_turning_reminders_off_cancels_what_waits(client, mailoutbox, settings):
    settings.TASKS = DATABASE  # queued, no worker yet
    user, _stored = owner(new_round=True)
    open_round()
    queue()
    assert Reminder.objects.get().status == Reminder.Status.PENDING
    client.force_login(user)
    client.post("/account/herinneringen/", {})
    assert tasks.send_reminders.call(user.pk) == 0
    assert mailoutbox == []


# --- the background job ----------------------------------------------------------------------


def test_two_deliveries_of_the_job_send_once(mailoutbox, settings):
    settings.TASKS = DATABASE
    user, _stored = owner(new_round=True)
    open_round()
    queue()
    queue()  # a second run queues the job again for the reminder still waiting
    assert Reminder.objects.count() == 1
    assert tasks.send_reminders.call(user.pk) == 1
    assert tasks.send_reminders.call(user.pk) == 0
    assert len(mailoutbox) == 1


def test_a_failed_send_waits_for_the_next_run(mailoutbox, monkeypatch, settings):
    settings.TASKS = DATABASE
    user, _stored = owner(new_round=True)
    open_round()
    queue()

    def broken(self, fail_silently=False):
        raise ConnectionRefusedError("no mail relay")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    with pytest.raises(ConnectionRefusedError):
        tasks.send_reminders.call(user.pk)
    assert Reminder.objects.get().status == Reminder.Status.PENDING
    monkeypatch.undo()
    assert tasks.send_reminders.call(user.pk) == 1


def test_the_command_needs_the_site_address(settings):
    settings.HULPLIJN_SITE_URL = ""
    with pytest.raises(CommandError, match="HULPLIJN_SITE_URL"):
        call_command("queue_reminders")
