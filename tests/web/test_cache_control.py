"""No browser or proxy keeps a copy of a personal page (finding: the dashboard, the PDF, the
share page and API details had no Cache-Control: no-store)."""

from __future__ import annotations

import pytest
from django.test import Client

from hulplijn.web.api import tokens
from hulplijn.web.assessments.models import Assessment, Share
from tests.web.conftest import complete_wizard
from tests.web.factories import UserFactory

pytestmark = pytest.mark.django_db


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.fixture
def owner_and_assessment(client):
    user = UserFactory()
    client.force_login(user)
    complete_wizard(client)
    return user, Assessment.objects.get()


def test_dashboard_pdf_and_share_page_are_not_stored(client, owner_and_assessment):
    _user, stored = owner_and_assessment
    dashboard = client.get(f"/beoordeling/{stored.pk}/")
    assert dashboard.status_code == 200 and no_store(dashboard)
    assert dashboard["Pragma"] == "no-cache"
    pdf = client.get(f"/beoordeling/{stored.pk}/rapport.pdf")
    assert pdf.status_code == 200 and no_store(pdf)
    client.post(f"/beoordeling/{stored.pk}/delen/", {"kind": "link"})
    token = Share.objects.get().token
    shared = Client().get(f"/gedeeld/{token}/")  # a reader without session or account
    assert shared.status_code == 200 and no_store(shared)
    for path in ("/account/", "/zelfdiagnose/sector/", f"/beoordeling/{stored.pk}/verwijderen/"):
        assert no_store(client.get(path)), path


def test_api_details_and_lists_are_not_stored(owner_and_assessment):
    user, stored = owner_and_assessment
    _token, secret = tokens.issue(user, "test")
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    detail = api.get(f"/api/v1/assessments/{stored.pk}")
    assert detail.status_code == 200 and detail["Cache-Control"] == "no-store"
    assert no_store(api.get("/api/v1/assessments"))
    assert no_store(Client().get("/api/v1/assessments"))  # the 401 too


def test_error_pages_are_not_stored_either(client):
    assert no_store(client.get("/beoordeling/00000000-0000-0000-0000-000000000000/"))


def test_public_pages_may_be_kept_by_the_browser_of_a_visitor_without_a_session(client):
    first = client.get("/")
    assert "csrftoken" in first.cookies and no_store(first)  # a cookie is set: not kept
    for path in ("/", "/privacy/"):
        response = client.get(path)  # the CSRF cookie is there now, no session
        assert response.status_code == 200 and response["Cache-Control"] == "private", path
    assert "no-store" in client.get("/health/").get("Cache-Control", "")  # health: never cached


def test_a_public_page_with_a_replaced_csrf_cookie_or_a_refused_form_is_not_kept():
    browser = Client(enforce_csrf_checks=True)
    browser.get("/")
    browser.cookies["csrftoken"] = "not-a-valid-secret"  # the middleware gives a new one
    replaced = browser.get("/")
    assert replaced.cookies["csrftoken"].value != "not-a-valid-secret" and no_store(replaced)
    refused = browser.post("/privacy/")  # no CSRF token: the 403 page is not kept either
    assert refused.status_code == 403 and no_store(refused)


def test_public_pages_are_not_stored_once_they_can_be_personal(client):
    client.post("/zelfdiagnose/sector/", {"sbi": "47", "working_persons": "8", "action": "next"})
    assert no_store(client.get("/"))  # "continue where you left off": this visitor's draft
    logged_in = Client()
    logged_in.force_login(UserFactory())
    assert no_store(logged_in.get("/privacy/"))


def test_static_files_are_cacheable(client):
    response = client.get("/static/css/hulplijn.css")
    assert response.status_code == 200 and not no_store(response)
