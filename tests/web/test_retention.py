"""manage.py retention (hulplijn.web.privacy.retention): finding, nothing ever removed sessions,
drafts or anonymous assessments, and an expired session's assessment (possibly with a KvK
number) could be neither opened nor deleted."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from hulplijn.web.assessments.models import Assessment, AssessmentRound, Draft, Feedback, Share
from hulplijn.web.audit.models import AccessEvent, LoginEvent
from hulplijn.web.cockpit.models import MonitoringAtom, StatisticalRecord
from hulplijn.web.privacy import retention
from tests.web.factories import AssessmentFactory, UserFactory

pytestmark = pytest.mark.django_db
DAY = timedelta(days=1)


def _assessment(n: int = 0, owner=None, session_key: str = "", consent: bool = False):
    """A stored assessment made the real way (store's transaction, then the statistics queue)."""
    return AssessmentFactory(
        owner=owner,
        session_key=session_key or f"sessie-{n}",
        consent_statistics=consent,
        kvk_number="12345678",
    )


def _made(obj, ago: timedelta) -> None:
    """Move a row's time stamp ``ago`` into the past."""
    field = {Assessment: "created_at", Draft: "updated_at", AccessEvent: "at", LoginEvent: "at"}[
        type(obj)
    ]
    type(obj).objects.filter(pk=obj.pk).update(**{field: timezone.now() - ago})


def _draft(owner=None, session_key: str = "sessie") -> Draft:
    round = AssessmentRound.current()
    return Draft.objects.create(owner=owner, session_key=session_key, round=round)


def _session(expires_in: timedelta) -> str:
    store = SessionStore()
    store["x"] = 1
    store.save()
    Session.objects.filter(pk=store.session_key).update(expire_date=timezone.now() + expires_in)
    return store.session_key


def test_expired_sessions_are_removed():
    live, dead = _session(DAY), _session(-DAY)
    counts = retention.run()
    assert counts["expired sessions"] == 1
    assert list(Session.objects.values_list("pk", flat=True)) == [live]
    assert dead


def test_anonymous_assessments_go_when_their_session_can_no_longer_reach_them(settings):
    age = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    margin = timedelta(days=settings.HULPLIJN_RETENTION_ANONYMOUS_MARGIN_DAYS)
    unreachable = _assessment(1)  # its session is gone
    _made(unreachable, age + margin + DAY)
    recent = _assessment(2)  # within age + margin: kept even without a session row
    _made(recent, age + margin - DAY)
    still_open = _assessment(3, session_key=_session(DAY))  # an old session still in use
    _made(still_open, age + margin + DAY)
    account = _assessment(4, owner=UserFactory())  # an account's: never removed by age
    _made(account, 5 * 365 * DAY)
    counts = retention.run()
    assert counts["anonymous assessments"] == 1
    remaining = set(Assessment.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, still_open.pk, account.pk}


def test_drafts_go_after_their_idle_period(settings):
    user = UserFactory()
    anonymous_old, anonymous_new = _draft(), _draft()
    _made(anonymous_old, 8 * DAY)
    _made(anonymous_new, 6 * DAY)
    account_old, account_new = _draft(owner=user), _draft(owner=user)
    _made(account_old, 91 * DAY)
    _made(account_new, 89 * DAY)
    counts = retention.run()
    assert counts["anonymous drafts"] == 1 and counts["account drafts"] == 1
    assert set(Draft.objects.values_list("pk", flat=True)) == {anonymous_new.pk, account_new.pk}
    # each period is a setting
    settings.HULPLIJN_RETENTION_ACCOUNT_DRAFT_DAYS = 30
    assert retention.run()["account drafts"] == 1
    assert set(Draft.objects.values_list("pk", flat=True)) == {anonymous_new.pk}


def test_audit_events_go_after_a_year(settings):
    old = AccessEvent.objects.create(role="link", action="view", object_type="x", object_id="1")
    new = AccessEvent.objects.create(role="link", action="view", object_type="x", object_id="2")
    _made(old, 366 * DAY)
    _made(new, 364 * DAY)
    assert retention.run()["audit events"] == 1
    assert list(AccessEvent.objects.values_list("pk", flat=True)) == [new.pk]
    settings.HULPLIJN_RETENTION_AUDIT_DAYS = 30
    assert retention.run()["audit events"] == 1


def test_login_records_go_after_the_audit_period():
    from tests.web.factories import UserFactory

    user = UserFactory()
    old = LoginEvent.objects.create(user=user, succeeded=True)
    new = LoginEvent.objects.create(user=user, succeeded=False)
    _made(old, 366 * DAY)
    _made(new, 364 * DAY)
    assert retention.run()["login events"] == 1
    assert list(LoginEvent.objects.values_list("pk", flat=True)) == [new.pk]


def test_statistics_survive_the_deletion_of_their_assessments(
    settings, django_capture_on_commit_callbacks
):
    """The anonymised records and monitoring atoms are stored apart from the assessments, with
    no link to them: deleting the assessments must not cascade into them or change them."""
    with django_capture_on_commit_callbacks(execute=True):
        made = [_assessment(n, consent=True) for n in range(10)]  # the tenth writes the batch
    assert StatisticalRecord.objects.count() == 10 and MonitoringAtom.objects.exists()
    atoms = sorted(MonitoringAtom.objects.values_list("family", "part", "n", "key_sum", "total"))
    records = sorted(StatisticalRecord.objects.values_list("id", flat=True))
    Share.objects.create(assessment=made[0])
    feedback = Feedback.objects.create(assessment=made[0], rating=5, comment="Goed")
    too_old = timedelta(seconds=settings.SESSION_COOKIE_AGE) + 10 * DAY
    for stored in made:
        _made(stored, too_old)
    assert retention.run()["anonymous assessments"] == 10
    assert not Assessment.objects.exists() and not Share.objects.exists()
    assert sorted(StatisticalRecord.objects.values_list("id", flat=True)) == records
    after = sorted(MonitoringAtom.objects.values_list("family", "part", "n", "key_sum", "total"))
    assert after == atoms
    feedback.refresh_from_db()
    assert feedback.assessment is None  # the review stays, without the link


def test_running_twice_deletes_nothing_more(settings):
    _made(_draft(), 30 * DAY)
    _made(_assessment(1), 30 * DAY)
    first = retention.run()
    assert first["anonymous drafts"] == 1 and first["anonymous assessments"] == 1
    assert set(retention.run().values()) == {0}


def test_the_command_reports_counts_and_progress(monkeypatch):
    for _ in range(5):
        _made(_draft(), 30 * DAY)
    monkeypatch.setattr(retention, "BATCH", 2)
    out, err = StringIO(), StringIO()
    call_command("retention", stdout=out, stderr=err)
    assert "anonymous drafts: 5 deleted" in out.getvalue()
    assert "audit events: 0 deleted" in out.getvalue()
    progress = err.getvalue().splitlines()
    assert progress == [f"anonymous drafts: {n} deleted so far" for n in (2, 4, 5)]


def test_the_privacy_page_names_the_periods(client, settings):
    html = client.get("/privacy/").content.decode()
    assert "verwijderd 7 dagen na uw laatste wijziging" in html
    assert "een onafgemaakte zelfdiagnose die u 90 dagen niet hebt gewijzigd" in html
    assert "De registratie van wie uw gegevens inzag: verwijderd na 365 dagen." in html
    assert "na 30 minuten zonder activiteit" in html and "15 minuten" in html
    settings.HULPLIJN_RETENTION_AUDIT_DAYS = 400
    assert "verwijderd na 400 dagen" in client.get("/privacy/").content.decode()
