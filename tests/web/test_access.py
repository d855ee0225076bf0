"""A firm's data is visible only to its owner and to those the owner shares it with."""

import uuid

import pytest

from hulplijn.web.assessments.models import Assessment, Share
from tests.web.conftest import complete_wizard
from tests.web.factories import AdviserFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owned(client):
    """An assessment made by a logged-in owner; returns (owner, assessment)."""
    owner = UserFactory()
    client.force_login(owner)
    complete_wizard(client)
    return owner, Assessment.objects.get()


def urls(a: Assessment) -> list[tuple[str, str]]:
    return [
        ("get", f"/beoordeling/{a.pk}/"),
        ("post", f"/beoordeling/{a.pk}/wat-als/"),
        ("post", f"/beoordeling/{a.pk}/feedback/"),
        ("post", f"/beoordeling/{a.pk}/delen/"),
    ]


def test_owner_sees_it(client, owned):
    _owner, a = owned
    assert client.get(f"/beoordeling/{a.pk}/").status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "other user", "staff", "adviser without share"])
def test_nobody_else_can_open_it_by_guessing_the_url(client, owned, who, django_user_model):
    _owner, a = owned
    client.logout()
    if who == "other user":
        client.force_login(UserFactory())
    elif who == "staff":
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
    elif who == "adviser without share":
        client.force_login(AdviserFactory())
    for method, url in urls(a):
        assert getattr(client, method)(url).status_code == 404, (who, url)
    assert client.get(f"/beoordeling/{uuid.uuid4()}/").status_code == 404


def test_staff_have_no_admin_page_for_assessments(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/beheer/assessments/assessment/").status_code == 404
    assert client.get("/beheer/assessments/draft/").status_code == 404
    assert client.get("/beheer/assessments/feedback/").status_code == 200


def test_anonymous_assessment_belongs_to_its_session_only(client, django_user_model):
    complete_wizard(client)
    a = Assessment.objects.get()
    assert a.owner is None and client.get(f"/beoordeling/{a.pk}/").status_code == 200
    from django.test import Client

    stranger = Client()
    assert stranger.get(f"/beoordeling/{a.pk}/").status_code == 404


def test_share_link_gives_read_access_until_revoked(client, owned):
    _owner, a = owned
    client.post(f"/beoordeling/{a.pk}/delen/", {"kind": "link"})
    share = Share.objects.get()
    from django.test import Client

    reader = Client()
    response = reader.get(f"/gedeeld/{share.token}/")
    assert response.status_code == 200 and response.context["role"] == "link"
    # a link reader cannot use the owner's URLs
    assert reader.get(f"/beoordeling/{a.pk}/").status_code == 404
    client.post(f"/beoordeling/{a.pk}/delen/{share.pk}/stoppen/")
    assert reader.get(f"/gedeeld/{share.token}/").status_code == 404
    assert reader.get(f"/gedeeld/{uuid.uuid4()}/").status_code == 404


def test_sharing_with_an_adviser_account(client, owned):
    _owner, a = owned
    adviser = AdviserFactory()
    response = client.post(
        f"/beoordeling/{a.pk}/delen/",
        {"kind": "adviser", "label": "Klant", "email": "nobody@x.nl"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "There is no adviser account with this e-mail address." in response.content.decode()
    client.post(
        f"/beoordeling/{a.pk}/delen/", {"kind": "adviser", "label": "Klant", "email": adviser.email}
    )
    client.logout()
    client.force_login(adviser)
    response = client.get(f"/beoordeling/{a.pk}/")
    assert response.status_code == 200 and response.context["role"] == "adviser"
    assert a in [s.assessment for s in client.get("/account/").context["shared"]]
    # an adviser cannot share further or revoke
    client.post(f"/beoordeling/{a.pk}/delen/", {"kind": "link"})
    assert Share.objects.filter(adviser__isnull=True).count() == 0


# Logging in or signing up no longer moves this browser's anonymous work into the account: the
# person confirms it first (tests/web/test_claim.py).


def test_owner_can_delete_others_cannot(client, owned):
    _owner, a = owned
    client.post(f"/beoordeling/{a.pk}/delen/", {"kind": "link"})
    from django.test import Client

    assert Client().post(f"/beoordeling/{a.pk}/verwijderen/").status_code == 404
    assert client.get(f"/beoordeling/{a.pk}/verwijderen/").status_code == 200
    response = client.post(f"/beoordeling/{a.pk}/verwijderen/")
    assert response["Location"] == "/account/"
    assert not Assessment.objects.exists() and not Share.objects.exists()


def test_missing_reference_data_gives_a_clear_503(client, settings, tmp_path):
    from hulplijn.web import reference_store

    settings.HULPLIJN_REFERENCE_DIR = tmp_path / "nothing-here"
    reference_store.clear()
    client.get("/zelfdiagnose/")
    response = client.get("/zelfdiagnose/sector/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert "Comparison data not available" in response.content.decode()
