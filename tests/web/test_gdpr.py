"""GDPR: an account holder downloads all their data and deletes the account with it; opted-in
statistics stay only as the anonymised StatisticalRecord (those still queued for their batch go
with the account)."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client

from hulplijn.web.accounts import eherkenning
from hulplijn.web.accounts.models import EherkenningIdentity, User
from hulplijn.web.assessments.models import Assessment, Draft, Feedback, Share
from hulplijn.web.audit.models import AccessEvent
from hulplijn.web.guidance.models import SurveyResponse
from tests.web.conftest import EXAMPLE_STEPS, complete_wizard
from tests.web.factories import PASSWORD, AdviserFactory, UserFactory

pytestmark = pytest.mark.django_db

SURVEY = "survey_entrepreneurship"


def _model(label):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


ApiToken = _model("api.ApiToken")
MeasureUptake = _model("guidance.MeasureUptake")
StatisticalRecord = _model("cockpit.StatisticalRecord")


def firm(kvk_number: str):
    """A logged-in owner with a completed, consenting assessment for ``kvk_number``, a survey
    answer, feedback, an uptake mark, a link share, an adviser share, an API token and a
    draft; returns (client, owner, assessment)."""
    client = Client()
    owner = UserFactory()
    client.force_login(owner)
    steps = {**EXAMPLE_STEPS, "sector": {**EXAMPLE_STEPS["sector"], "kvk_number": kvk_number}}
    complete_wizard(client, steps)
    stored = Assessment.objects.get(owner=owner)
    SurveyResponse.objects.create(assessment=stored, survey=SURVEY, answers={"q1": 3})
    Feedback.objects.create(assessment=stored, rating=5, comment=f"Goed, groet van {kvk_number}")
    client.post(f"/beoordeling/{stored.pk}/delen/", {"kind": "link"})
    client.post(
        f"/beoordeling/{stored.pk}/delen/",
        {"kind": "adviser", "label": "Klant", "email": AdviserFactory().email},
    )
    if MeasureUptake is not None:
        MeasureUptake.objects.create(assessment=stored, measure="M01", status="intend")
    if ApiToken is not None:
        from hulplijn.web.api import tokens

        tokens.issue(owner, f"boekhouding {kvk_number}")
    Draft.objects.create(owner=owner, round=stored.round, data={"raw": {"sector": {"sbi": "47"}}})
    return client, owner, stored


def test_export_holds_exactly_this_accounts_data_and_no_secrets():
    client, owner, stored = firm("11111111")
    _other_client, other, other_stored = firm("22222222")
    response = client.get("/account/gegevens.json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    data = json.loads(text)
    assert data["account"]["email"] == owner.email
    assert [a["id"] for a in data["assessments"]] == [str(stored.pk)]
    mine = data["assessments"][0]
    assert mine["firm_input"] == stored.firm_input and mine["result"] == stored.result
    assert mine["kvk_number"] == "11111111"
    assert {s["kind"] for s in mine["shares"]} == {"link", "adviser"}
    assert [f["rating"] for f in mine["feedback"]] == [5]
    assert [d["data"] for d in data["drafts"]] == [{"raw": {"sector": {"sbi": "47"}}}]
    assert [r["survey"] for r in data["other"]["guidance.surveyresponse"]] == [SURVEY]
    if MeasureUptake is not None:
        assert [u["measure"] for u in data["other"]["guidance.measureuptake"]] == ["M01"]
    if ApiToken is not None:
        tokens = data["other"]["api.apitoken"]
        assert [t["name"] for t in tokens] == ["boekhouding 11111111"] and "created_at" in tokens[0]
        assert not any("secret" in key or "hash" in key for key in tokens[0])
    # nothing of the other firm; no password hash, no share-link token
    for foreign in (other.email, str(other_stored.pk), "22222222"):
        assert foreign not in text
    assert owner.password not in text and "password" not in data["account"]
    for share in Share.objects.filter(assessment=stored):
        assert str(share.token) not in text


def test_export_needs_login():
    response = Client().get("/account/gegevens.json")
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL) + "?next=")


def counts(owner_id, assessment_id, kvk_number) -> dict[str, int]:
    """Rows that belong to one account, per model."""
    result = {
        "user": User.objects.filter(pk=owner_id).count(),
        "assessment": Assessment.objects.filter(owner_id=owner_id).count(),
        "assessment by id": Assessment.objects.filter(pk=assessment_id).count(),
        "draft": Draft.objects.filter(owner_id=owner_id).count(),
        "share": Share.objects.filter(assessment_id=assessment_id).count(),
        "survey": SurveyResponse.objects.filter(assessment_id=assessment_id).count(),
        "feedback": Feedback.objects.filter(comment__contains=kvk_number).count(),
        "eherkenning": EherkenningIdentity.objects.filter(user_id=owner_id).count(),
        "audit about": AccessEvent.objects.filter(data_subject_id=owner_id).count(),
        "audit kvk": AccessEvent.objects.filter(kvk_number=kvk_number).count(),
    }
    if MeasureUptake is not None:
        result["uptake"] = MeasureUptake.objects.filter(assessment_id=assessment_id).count()
    if ApiToken is not None:
        result["api token"] = ApiToken.objects.filter(owner_id=owner_id).count()
    return result


def test_deleting_the_account_removes_everything_personal_and_keeps_anonymous_statistics():
    client, owner, stored = firm("11111111")
    _other_client, other, other_stored = firm("22222222")
    eherkenning.account_for(eherkenning.Identity("11111111", eherkenning.LEVELS[3]), owner)
    adviser = Share.objects.get(assessment=stored, adviser__isnull=False).adviser
    reader = Client()
    reader.force_login(adviser)
    assert reader.get(f"/beoordeling/{stored.pk}/").status_code == 200  # logged access
    from hulplijn.web.cockpit import statistics as queue

    queue.flush(force=True)  # both firms' anonymised records written (a batch of 2, forced)
    statistics = StatisticalRecord.objects.count() if StatisticalRecord is not None else None
    before = counts(owner.pk, stored.pk, "11111111")
    assert all(before.values()), before
    other_before = counts(other.pk, other_stored.pk, "22222222")

    assert client.get("/account/verwijderen/").status_code == 200
    wrong = client.post("/account/verwijderen/", {"confirmation": "niet-mijn-wachtwoord"})
    assert wrong.status_code == 200 and counts(owner.pk, stored.pk, "11111111") == before
    response = client.post("/account/verwijderen/", {"confirmation": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"

    assert all(value == 0 for value in counts(owner.pk, stored.pk, "11111111").values()), counts(
        owner.pk, stored.pk, "11111111"
    )
    # the adviser's visit stays in the audit log, without the link to the deleted account
    event = AccessEvent.objects.get(object_id=str(stored.pk))
    assert event.data_subject is None and event.kvk_number == "" and event.actor == adviser
    # the other firm is untouched; the anonymised statistics stay
    assert counts(other.pk, other_stored.pk, "22222222") == other_before
    if StatisticalRecord is not None:
        assert statistics and StatisticalRecord.objects.count() == statistics
    assert "_auth_user_id" not in client.session
    assert client.get("/account/").status_code == 302


def test_statistics_still_queued_are_dropped_with_the_account():
    from hulplijn.web.cockpit import statistics

    client, _owner, _stored = firm("11111111")
    firm("22222222")
    assert statistics.pending() == 2  # fewer than 10: no record written yet
    client.post("/account/verwijderen/", {"confirmation": PASSWORD})
    assert statistics.pending() == 1  # the deleted firm's statistics were never written
    statistics.flush(force=True)
    assert StatisticalRecord.objects.count() == 1


def test_delete_needs_post_with_csrf_token():
    owner = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.post("/account/verwijderen/", {"confirmation": PASSWORD}).status_code == 403
    assert User.objects.filter(pk=owner.pk).exists()
    assert Client().get("/account/verwijderen/").status_code == 302  # anonymous: to login


def test_export_holds_the_accounts_logins_and_what_it_opened_of_other_firms(settings):
    """The download used to leave the login records out. Addresses are the client's, as the
    configured load balancer reports it."""
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    settings.HULPLIJN_NUM_PROXIES = 1
    settings.HULPLIJN_EHERKENNING_DEV_LOGIN = True
    _owner_client, owner, stored = firm("11111111")
    # a failed login naming the owner's address (every login path goes through authenticate)
    attempt = RequestFactory().post(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4"
    )
    assert authenticate(attempt, email=owner.email, password="niet-het-wachtwoord") is None
    # an adviser firm logs in with eHerkenning and opens the owner's shared assessment
    adviser_client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    adviser_client.post(
        "/account/eherkenning/ontwikkeling/",
        {"kvk_number": "33333333", "level_of_assurance": eherkenning.LEVELS[3]},
    )
    adviser = User.objects.get(eherkenning__kvk_number="33333333")
    User.objects.filter(pk=adviser.pk).update(is_adviser=True)
    Share.objects.create(assessment=stored, adviser=adviser)
    assert adviser_client.get(f"/beoordeling/{stored.pk}/").status_code == 200

    mine = json.loads(adviser_client.get("/account/gegevens.json").content)
    assert [(e["succeeded"], e["ip_address"]) for e in mine["logins"]] == [(True, "203.0.113.9")]
    assert mine["logins"][0]["method"] == eherkenning.BACKEND
    opened = mine["my_access_to_others_data"]
    assert [(e["action"], e["role"], e["object_id"]) for e in opened] == [
        ("view", "adviser", str(stored.pk))
    ]
    assert opened[0]["ip_address"] == "203.0.113.9"

    theirs = json.loads(_owner_client.get("/account/gegevens.json").content)
    failed = [e for e in theirs["logins"] if not e["succeeded"]]
    assert [(e["ip_address"], e["method"]) for e in failed] == [("198.51.100.4", "")]
    assert [e["action"] for e in theirs["access_to_my_data"]] == ["view"]
    assert theirs["my_access_to_others_data"] == []
    # nothing of these rows is left in "other"
    assert "audit.loginevent" not in theirs["other"]


def _idin_account():
    from allauth.socialaccount.models import SocialAccount

    user = User.objects.create(email=None)
    user.set_unusable_password()
    user.save()
    SocialAccount.objects.create(user=user, provider="idin", uid="bank-sub-1")
    return user


def _logged_in_with_idin(client, user, seconds_ago: float) -> None:
    """The session as django-allauth leaves it after an iDIN login ``seconds_ago``."""
    import time

    from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY

    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "socialaccount", "provider": "idin", "uid": "bank-sub-1",
         "at": time.time() - seconds_ago}
    ]  # fmt: skip
    session.save()


def test_an_idin_account_is_deleted_only_right_after_an_idin_login(client):
    """An account without a password that logs in with iDIN cannot confirm with eHerkenning: it
    is offered an iDIN login, and deletes within 5 minutes of one."""
    user = _idin_account()
    _logged_in_with_idin(client, user, seconds_ago=600)  # ten minutes: too old
    page = client.get("/account/verwijderen/").content.decode()
    assert "/account/oidc/idin/login/?process=login&amp;next=%2Faccount%2Fverwijderen%2F" in page
    assert "iDIN" in page and 'name="confirmation"' not in page
    client.post("/account/verwijderen/", {"confirmation": "on"})
    assert User.objects.filter(pk=user.pk).exists()

    _logged_in_with_idin(client, user, seconds_ago=30)
    assert 'name="confirmation"' in client.get("/account/verwijderen/").content.decode()
    assert client.post("/account/verwijderen/", {"confirmation": "on"}).status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
