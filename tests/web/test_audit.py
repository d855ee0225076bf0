"""The audit log: access to a firm's data by anybody but its owner is recorded; the log is
read-only, and only superusers read it."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import Client

from hulplijn.web.accounts import eherkenning
from hulplijn.web.assessments.models import Assessment, Feedback, Share
from hulplijn.web.audit.admin import AuditedAdminMixin
from hulplijn.web.audit.models import AccessEvent
from tests.web.conftest import EXAMPLE_STEPS, complete_wizard
from tests.web.factories import AdviserFactory, PolicyUserFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(client):
    """An owner (logged in on ``client``) with an assessment for KvK 12345678, shared with an
    adviser; returns (owner, assessment, adviser)."""
    owner = UserFactory()
    client.force_login(owner)
    steps = {**EXAMPLE_STEPS, "sector": {**EXAMPLE_STEPS["sector"], "kvk_number": "12345678"}}
    complete_wizard(client, steps)
    stored = Assessment.objects.get()
    adviser = AdviserFactory()
    client.post(
        f"/beoordeling/{stored.pk}/delen/",
        {"kind": "adviser", "label": "Klant", "email": adviser.email},
    )
    assert Share.objects.filter(adviser=adviser).exists()
    return owner, stored, adviser


def test_owner_looking_at_own_data_is_not_logged(client, shared):
    _owner, stored, _adviser = shared
    assert client.get(f"/beoordeling/{stored.pk}/").status_code == 200
    assert not AccessEvent.objects.exists()


def test_adviser_opening_a_shared_assessment_is_logged(shared):
    owner, stored, adviser = shared
    reader = Client()
    reader.force_login(adviser)
    assert reader.get(f"/beoordeling/{stored.pk}/", REMOTE_ADDR="192.0.2.7").status_code == 200
    assert (
        reader.post(
            f"/beoordeling/{stored.pk}/wat-als/", {"fte": "50", "gross_margin": "900000"}
        ).status_code
        == 200
    )
    assert reader.get(f"/beoordeling/{stored.pk}/rapport.pdf").status_code == 200
    events = list(AccessEvent.objects.order_by("at", "id"))
    assert [(e.action, e.role) for e in events] == [
        ("view", "adviser"),
        ("view", "adviser"),
        ("pdf", "adviser"),
    ]
    first = events[0]
    assert first.actor == adviser and first.actor_label == adviser.email
    assert first.object_type == "assessments.assessment" and first.object_id == str(stored.pk)
    assert first.data_subject == owner and first.kvk_number == stored.kvk_number == "12345678"
    assert first.ip_address == "192.0.2.7"


def test_the_owner_answering_on_a_measure_is_not_logged(client, shared):
    """An adviser cannot answer at all (issue 14: tests/web/test_shares.py)."""
    from django.urls import reverse

    _owner, stored, _adviser = shared
    # issue 13: only an open scheme the firm qualifies for takes an uptake answer
    measure = next(m["id"] for m in stored.result["schemes"] if m["invites_application"])
    url = reverse("assessments:uptake", args=[stored.pk, measure])
    assert client.post(url, {"status": "intend"}).status_code == 302
    assert not AccessEvent.objects.exists()


def test_share_link_reader_is_logged_without_an_account(client, shared):
    _owner, stored, _adviser = shared
    client.post(f"/beoordeling/{stored.pk}/delen/", {"kind": "link"})
    token = Share.objects.get(adviser__isnull=True).token
    assert Client().get(f"/gedeeld/{token}/").status_code == 200
    event = AccessEvent.objects.get()
    assert event.role == "link" and event.actor is None and event.action == "view"


def test_staff_opening_and_changing_in_the_admin_is_logged(client, shared):
    owner, stored, _adviser = shared
    feedback = Feedback.objects.create(assessment=stored, rating=4, comment="Handig")
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    url = f"/beheer/assessments/feedback/{feedback.pk}/change/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"status": "approved"}).status_code == 302
    assert (
        client.post(
            "/beheer/assessments/feedback/",
            {"action": "reject", "_selected_action": [feedback.pk]},
        ).status_code
        == 302
    )
    assert client.get(f"/beheer/accounts/user/{owner.pk}/change/").status_code == 200
    events = [
        (e.action, e.object_type, e.role, e.data_subject_id, e.kvk_number)
        for e in AccessEvent.objects.order_by("at", "id")
    ]
    assert events == [
        ("admin_view", "assessments.feedback", "staff", owner.pk, "12345678"),
        ("admin_change", "assessments.feedback", "staff", owner.pk, "12345678"),
        ("admin_change", "assessments.feedback", "staff", owner.pk, "12345678"),
        ("admin_view", "accounts.user", "staff", owner.pk, ""),
    ]


def test_policy_role_is_recorded_as_policy(client):
    firm = eherkenning.account_for(eherkenning.Identity("12345678", eherkenning.LEVELS[3]))
    policy = PolicyUserFactory()
    policy.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_user", "change_user"])
    )
    client.force_login(policy)
    assert client.get(f"/beheer/accounts/user/{firm.pk}/change/").status_code == 200
    event = AccessEvent.objects.get()
    assert event.role == "policy" and event.kvk_number == "12345678"


def test_audit_log_is_read_only_and_for_superusers_only(client, shared):
    _owner, stored, adviser = shared
    reader = Client()
    reader.force_login(adviser)
    reader.get(f"/beoordeling/{stored.pk}/")
    event = AccessEvent.objects.get()
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert client.get("/beheer/audit/accessevent/").status_code == 403
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    assert client.get("/beheer/audit/accessevent/").status_code == 200
    assert client.get(f"/beheer/audit/accessevent/{event.pk}/change/").status_code == 200
    assert client.get("/beheer/audit/accessevent/add/").status_code == 403
    assert client.get(f"/beheer/audit/accessevent/{event.pk}/delete/").status_code == 403
    assert (
        client.post(f"/beheer/audit/accessevent/{event.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    client.post(f"/beheer/audit/accessevent/{event.pk}/change/", {"action": "changed"})
    assert AccessEvent.objects.get() == event and AccessEvent.objects.get().action == "view"


FIRM_DATA = ("assessments.assessment", "assessments.draft")


def _firm_data(model) -> bool:
    """A model that is a firm's data, or hangs off an assessment or draft, or is an account."""
    if model._meta.label_lower in (*FIRM_DATA, "accounts.user", "accounts.eherkenningidentity"):
        return True
    return any(
        field.is_relation
        and field.related_model is not None
        and field.related_model._meta.label_lower in FIRM_DATA
        for field in model._meta.concrete_fields
    )


def test_every_admin_of_firm_data_is_audited():
    """A new admin page for assessments, survey answers, uptake marks, shares or accounts must
    log staff access: it fails here until it uses AuditedAdminMixin."""
    missing = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if _firm_data(model) and not isinstance(model_admin, AuditedAdminMixin)
    ]
    assert missing == []


def test_the_client_address_behind_the_load_balancer_is_logged(shared, settings):
    """With one proxy in front, the audit log used to store the load balancer's address."""
    _owner, stored, adviser = shared
    settings.HULPLIJN_NUM_PROXIES = 1
    reader = Client()
    reader.force_login(adviser)
    response = reader.get(
        f"/beoordeling/{stored.pk}/",
        REMOTE_ADDR="10.0.0.1",  # the load balancer
        HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9",  # a client's claim, then the real one
    )
    assert response.status_code == 200
    assert AccessEvent.objects.get().ip_address == "203.0.113.9"


def test_without_proxies_the_connections_address_is_logged_not_the_header(shared, settings):
    _owner, stored, adviser = shared
    settings.HULPLIJN_NUM_PROXIES = 0
    reader = Client()
    reader.force_login(adviser)
    reader.get(
        f"/beoordeling/{stored.pk}/", REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR="1.2.3.4"
    )
    assert AccessEvent.objects.get().ip_address == "192.0.2.7"


def test_logins_and_failed_logins_are_kept_per_account(shared, settings):
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    from hulplijn.web.audit.models import LoginEvent

    owner, _stored, _adviser = shared
    settings.HULPLIJN_NUM_PROXIES = 1
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert authenticate(request, email=owner.email.upper(), password="fout") is None
    assert authenticate(request, email="niemand@example.nl", password="fout") is None
    failed = LoginEvent.objects.filter(succeeded=False)
    assert [(e.user, e.ip_address) for e in failed] == [(owner, "203.0.113.5")]
    assert LoginEvent.objects.filter(user=owner, succeeded=True).exists()  # force_login
    # superusers read them in the admin; nobody changes or deletes them
    event = failed.get()
    staff = UserFactory(is_staff=True, is_superuser=True)
    admin_client = Client()
    admin_client.force_login(staff)
    base = f"/{settings.HULPLIJN_ADMIN_PATH}audit/loginevent/"
    assert admin_client.get(base).status_code == 200
    assert admin_client.get(f"{base}{event.pk}/delete/").status_code == 403
