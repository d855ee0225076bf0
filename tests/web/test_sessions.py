"""Sessions: nothing is stored for a visitor who only looks; logged-in sessions end when idle
(shorter for staff) or too old, with a Dutch message on the login page."""

from __future__ import annotations

import time

import pytest
from django.contrib.sessions.models import Session

from hulplijn.web import session_timeout
from hulplijn.web.assessments.models import Draft
from tests.web.conftest import EXAMPLE_STEPS
from tests.web.factories import PolicyUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_looking_stores_nothing(client):
    """Finding: every cookieless GET / made a session row and GET /zelfdiagnose/ a draft."""
    assert client.get("/").status_code == 200
    start = client.get("/zelfdiagnose/")
    assert start.status_code == 302 and start["Location"] == "/zelfdiagnose/sector/"
    first = client.get("/zelfdiagnose/sector/")
    assert first.status_code == 200 and "form" in first.context
    assert client.get("/zelfdiagnose/sector/?q=bakker").status_code == 200
    assert client.get("/privacy/").status_code == 200
    assert client.get("/zelfdiagnose/jaarrekening/").status_code == 200  # upload forms
    assert client.get("/zelfdiagnose/bankafschriften/").status_code == 200
    assert client.get("/account/login/").status_code == 200  # a form page: CSRF is a cookie
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    assert client.get("/").status_code == 200
    assert Session.objects.count() == 0
    assert Draft.objects.count() == 0
    assert "sessionid" not in client.cookies


def test_a_later_step_without_a_draft_goes_to_the_first(client):
    assert client.get("/zelfdiagnose/resultaten/")["Location"] == "/zelfdiagnose/"
    assert client.get("/zelfdiagnose/controle/")["Location"] == "/zelfdiagnose/"
    assert Session.objects.count() == 0 and Draft.objects.count() == 0


def test_submitting_the_first_step_starts_the_draft(client):
    response = client.post("/zelfdiagnose/sector/", {**EXAMPLE_STEPS["sector"], "action": "next"})
    assert response["Location"] == "/zelfdiagnose/resultaten/"
    draft = Draft.objects.get()
    assert draft.owner is None and draft.session_key == client.session.session_key
    assert Session.objects.count() == 1
    # a refused first step is kept too, so nothing typed is lost
    other = client.__class__()
    other.post("/zelfdiagnose/sector/", {"sbi": "", "working_persons": "", "action": "next"})
    assert Draft.objects.count() == 2


def test_anonymous_sessions_last_days_not_weeks(settings):
    """Finding: sessions lasted 14 days; an anonymous one now lasts 7 days from its last change
    (the only key to work made without an account)."""
    assert settings.SESSION_COOKIE_AGE == 7 * 24 * 3600


def _age(client, idle: float, since_login: float | None = None) -> None:
    """Pretend the logged-in session was last seen ``idle`` seconds ago."""
    session = client.session
    now = time.time()
    session[session_timeout.SEEN_AT] = int(now - idle)
    session[session_timeout.LOGIN_AT] = int(now - (since_login or idle))
    session.save()


def _logged_out_to_login(client, path: str, expected: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/account/login/?next={path.replace('/', '%2F')}"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert expected in page.content.decode()


def test_idle_owner_is_logged_out_with_a_dutch_message(client):
    user = UserFactory()
    client.force_login(user)
    _age(client, 29 * 60)
    assert client.get("/account/").status_code == 200  # 29 minutes: still in
    _age(client, 31 * 60)
    _logged_out_to_login(
        client, "/account/", "U bent uitgelogd omdat u 30 minuten niet actief was."
    )


def test_staff_are_logged_out_sooner(client):
    staff = PolicyUserFactory()
    client.force_login(staff)
    _age(client, 16 * 60)
    _logged_out_to_login(client, "/beleid/", "U bent uitgelogd omdat u 15 minuten niet actief was.")


def test_the_idle_timeout_is_a_setting(client, settings):
    settings.HULPLIJN_SESSION_IDLE_MINUTES = 5
    client.force_login(UserFactory())
    _age(client, 6 * 60)
    _logged_out_to_login(client, "/account/", "5 minuten niet actief")


def test_a_session_ends_hours_after_login_even_when_active(client):
    client.force_login(UserFactory())
    _age(client, 10, since_login=12 * 3600 + 60)
    _logged_out_to_login(client, "/account/", "langer dan 12 uur was ingelogd")


def test_last_seen_is_written_at_most_once_a_minute(client):
    client.force_login(UserFactory())
    _age(client, 20)
    seen = client.session[session_timeout.SEEN_AT]
    client.get("/account/")
    assert client.session[session_timeout.SEEN_AT] == seen  # no session write for 20 s
    _age(client, 90)
    client.get("/account/")
    assert client.session[session_timeout.SEEN_AT] >= int(time.time()) - 2


def test_an_api_request_with_an_ended_session_is_not_redirected(client):
    client.force_login(UserFactory())
    _age(client, 31 * 60)
    response = client.get("/api/v1/assessments")
    assert response.status_code == 401
    assert "_auth_user_id" not in client.session
