"""Becoming an adviser (issue 14): the site says how; an account holder asks with the office's KvK
number; a staff member approves it in the admin, which gives the adviser role.

Finding: only an administrator could create an adviser account and the site never said how to
become one."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from hulplijn.web.accounts.models import AdviserRequest
from hulplijn.web.assessments.models import Assessment, Share
from hulplijn.web.audit.models import AccessEvent
from tests.web.conftest import complete_wizard
from tests.web.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/account/adviseur-worden/"
OFFICE = {"office": "Cijfers & Co Accountants", "kvk_number": "12345678"}


def test_the_landing_page_and_the_account_say_how_to_become_an_adviser(client):
    assert PAGE in client.get("/").content.decode()
    client.force_login(UserFactory())
    assert PAGE in client.get("/account/").content.decode()
    page = client.get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Adviseur worden" in html and "KvK-nummer" in html


def test_an_anonymous_visitor_reads_how_and_is_sent_to_log_in():
    visitor = Client()
    page = visitor.get(PAGE)
    assert page.status_code == 200 and page.context["form"] is None
    assert "/account/signup/" in page.content.decode()
    response = visitor.post(PAGE, OFFICE)
    assert response.status_code == 302 and "login" in response["Location"]
    assert not AdviserRequest.objects.exists()


def test_a_request_is_pending_until_a_staff_member_approves_it(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(PAGE, {**OFFICE, "kvk_number": " 1234 5678 "}, follow=True)
    asked = AdviserRequest.objects.get()
    assert (asked.user, asked.kvk_number, asked.status) == (user, "12345678", "pending")
    html = response.content.decode()
    assert "Uw aanvraag is ontvangen." in html
    assert "wacht op goedkeuring door een medewerker" in html
    assert response.context["form"] is None  # no second request while one is pending
    client.post(PAGE, OFFICE)
    assert AdviserRequest.objects.count() == 1
    user.refresh_from_db()
    assert not user.is_adviser


@pytest.mark.parametrize(
    "kvk_number", ["1234567", "123456789", "00123456", "1234567a", "", "１２３４５６７８"]
)
def test_the_kvk_number_must_be_8_digits_not_starting_with_00(client, kvk_number):
    client.force_login(UserFactory())
    response = client.post(PAGE, {**OFFICE, "kvk_number": kvk_number})
    assert response.status_code == 200
    assert "kvk_number" in response.context["form"].errors
    assert not AdviserRequest.objects.exists()


def test_a_pending_request_gives_no_adviser_access(client):
    requester = UserFactory()
    AdviserRequest.objects.create(user=requester, **OFFICE)
    owner = UserFactory()
    client.force_login(owner)
    complete_wizard(client)
    stored = Assessment.objects.get()
    client.post(
        f"/beoordeling/{stored.pk}/delen/",
        {"kind": "adviser", "label": "Klant", "email": requester.email},
    )
    assert not Share.objects.exists()


def approve_in_the_admin(action: str) -> Client:
    staff = Client()
    staff.force_login(UserFactory(is_staff=True, is_superuser=True))
    asked = AdviserRequest.objects.get()
    response = staff.post(
        "/beheer/accounts/adviserrequest/", {"action": action, "_selected_action": [asked.pk]}
    )
    assert response.status_code == 302
    return staff


def test_approving_gives_the_adviser_role_and_tells_the_requester(client):
    requester = UserFactory()
    client.force_login(requester)
    client.post(PAGE, OFFICE)
    staff = approve_in_the_admin("approve")
    requester.refresh_from_db()
    asked = AdviserRequest.objects.get()
    assert requester.is_adviser and asked.status == "approved" and asked.decided_at
    assert [m.to for m in mail.outbox] == [[requester.email]]
    assert "Cijfers & Co Accountants" in mail.outbox[0].body
    assert AccessEvent.objects.filter(
        action="admin_change", object_type="accounts.adviserrequest"
    ).exists()
    assert "adviseursaccount" in client.get(PAGE).content.decode()
    # the owner can now share with the new adviser
    owner = UserFactory()
    owner_client = Client()
    owner_client.force_login(owner)
    complete_wizard(owner_client)
    stored = Assessment.objects.get()
    owner_client.post(
        f"/beoordeling/{stored.pk}/delen/",
        {"kind": "adviser", "label": "Klant", "email": requester.email},
    )
    assert Share.objects.get().adviser == requester
    # approving twice does nothing more
    staff.post(
        "/beheer/accounts/adviserrequest/", {"action": "approve", "_selected_action": [asked.pk]}
    )
    assert len(mail.outbox) == 1


def test_a_rejected_request_gives_no_role_and_may_be_sent_again(client):
    requester = UserFactory()
    client.force_login(requester)
    client.post(PAGE, OFFICE)
    approve_in_the_admin("reject")
    requester.refresh_from_db()
    assert not requester.is_adviser and AdviserRequest.objects.get().status == "rejected"
    page = client.get(PAGE)
    assert "niet goedgekeurd" in page.content.decode() and page.context["form"] is not None
    client.post(PAGE, {**OFFICE, "kvk_number": "87654321"})
    assert AdviserRequest.objects.filter(status="pending").count() == 1


def test_only_staff_see_the_requests_in_the_admin(client):
    AdviserRequest.objects.create(user=UserFactory(), **OFFICE)
    client.force_login(UserFactory())
    assert client.get("/beheer/accounts/adviserrequest/").status_code in (302, 403)
