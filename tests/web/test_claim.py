"""Anonymous work joins an account only when the person confirms it (finding: it was moved
silently into whichever account logged in next in that browser)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from hulplijn.web.assessments import services
from hulplijn.web.assessments.models import Assessment, Draft
from hulplijn.web.privacy import retention
from tests.web.conftest import EXAMPLE_STEPS, complete_wizard
from tests.web.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _log_in(client, user):
    """The real login (django-allauth's form)."""
    response = client.post("/account/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)
    return response


def _anonymous_work(client) -> tuple[Assessment, Draft]:
    complete_wizard(client)
    client.post("/zelfdiagnose/sector/", {**EXAMPLE_STEPS["sector"], "action": "next"})
    return Assessment.objects.get(), Draft.objects.get()


def test_logging_in_moves_nothing_and_asks(client):
    stored, draft = _anonymous_work(client)
    user = UserFactory()
    response = _log_in(client, user)
    stored.refresh_from_db(), draft.refresh_from_db()
    assert stored.owner is None and draft.owner is None
    # the next page says so, with a link to the question; so does the account overview
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "In deze browser staat een anonieme zelfdiagnose." in html
    assert 'href="/zelfdiagnose/overnemen/"' in html
    assert 'href="/zelfdiagnose/overnemen/"' in client.get("/account/").content.decode()
    assert list(page.context["assessments"]) == []
    question = client.get("/zelfdiagnose/overnemen/")
    html = question.content.decode()
    assert "Wilt u deze anonieme zelfdiagnose aan uw account toevoegen?" in html
    assert ">Ja</button>" in html and ">Nee</button>" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert question.context["assessments"] == [stored] and question.context["drafts"] == [draft]


def test_yes_moves_the_work_to_the_account(client):
    stored, draft = _anonymous_work(client)
    user = UserFactory()
    _log_in(client, user)
    response = client.post("/zelfdiagnose/overnemen/", {"answer": "yes"})
    assert response["Location"] == "/account/"
    stored.refresh_from_db(), draft.refresh_from_db()
    assert stored.owner == user and draft.owner == user
    overview = client.get("/account/")
    assert stored in list(overview.context["assessments"])
    assert "De anonieme zelfdiagnose is aan uw account toegevoegd." in overview.content.decode()
    assert client.get(f"/beoordeling/{stored.pk}/").status_code == 200
    # asked and answered: the question is gone
    assert client.get("/zelfdiagnose/overnemen/")["Location"] == "/account/"


def test_no_keeps_it_anonymous_and_retention_removes_it_later(client, settings):
    stored, draft = _anonymous_work(client)
    user = UserFactory()
    _log_in(client, user)
    client.post("/zelfdiagnose/overnemen/", {"answer": "no"})
    stored.refresh_from_db(), draft.refresh_from_db()
    assert stored.owner is None and draft.owner is None
    assert client.get(f"/beoordeling/{stored.pk}/").status_code == 404
    assert "hulplijn_claimable" not in client.session
    # once the old session could no longer reach it, the retention command deletes it
    margin = settings.HULPLIJN_RETENTION_ANONYMOUS_MARGIN_DAYS + 1
    later = stored.created_at + timedelta(seconds=settings.SESSION_COOKIE_AGE, days=margin)
    retention.run(now=later)
    assert not Assessment.objects.filter(pk=stored.pk).exists()
    assert not Draft.objects.filter(pk=draft.pk).exists()


def test_another_browsers_work_cannot_be_claimed_by_forged_ids(client):
    victim = Client()
    complete_wizard(victim)
    theirs = Assessment.objects.get()
    user = UserFactory()
    complete_wizard(client)
    mine = Assessment.objects.exclude(pk=theirs.pk).get()
    _log_in(client, user)
    client.post(
        "/zelfdiagnose/overnemen/",
        {
            "answer": "yes",
            "assessments": [str(theirs.pk)],
            "assessment": str(theirs.pk),
            "key": theirs.session_key,
        },
    )
    theirs.refresh_from_db(), mine.refresh_from_db()
    assert theirs.owner is None and mine.owner == user
    # and the victim still has it
    assert victim.get(f"/beoordeling/{theirs.pk}/").status_code == 200


def test_work_claimed_by_an_account_meanwhile_is_not_taken_over(client):
    """The offer names ids; only those still anonymous under the browser's own key move."""
    stored, _draft = _anonymous_work(client)
    user, other = UserFactory(), UserFactory()
    _log_in(client, user)
    Assessment.objects.filter(pk=stored.pk).update(owner=other)
    client.post("/zelfdiagnose/overnemen/", {"answer": "yes"})
    stored.refresh_from_db()
    assert stored.owner == other


def test_any_login_offers_the_work(client):
    """Not only the e-mail form: every login (eHerkenning, iDIN, the admin) sends Django's
    user_logged_in signal; force_login stands in for them here."""
    stored, _draft = _anonymous_work(client)
    user = UserFactory()
    client.force_login(user)
    assert client.session[services.CLAIMABLE]["assessments"] == [str(stored.pk)]
    stored.refresh_from_db()
    assert stored.owner is None


def test_nothing_to_offer_without_anonymous_work(client):
    user = UserFactory()
    _log_in(client, user)
    assert services.CLAIMABLE not in client.session
    assert client.get("/zelfdiagnose/overnemen/")["Location"] == "/account/"
    assert client.post("/zelfdiagnose/overnemen/", {"answer": "yes"})["Location"] == "/account/"


def test_the_question_needs_a_login(client):
    response = client.get("/zelfdiagnose/overnemen/")
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
