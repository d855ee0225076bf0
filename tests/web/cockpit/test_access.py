"""The policy role: only staff in the policy group open the cockpit."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from hulplijn.web.cockpit.models import POLICY_GROUP
from tests.web.factories import AdviserFactory, PolicyUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_migration_creates_the_policy_group_with_the_permission():
    group = Group.objects.get(name=POLICY_GROUP)
    assert [p.codename for p in group.permissions.all()] == ["view_cockpit"]


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("cockpit:overview"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "make",
    [
        UserFactory,  # an owner
        AdviserFactory,  # an adviser
        lambda: UserFactory(is_staff=True),  # staff (e.g. a guidance editor) without the role
    ],
)
def test_users_without_the_policy_role_get_403(client, make):
    client.force_login(make())
    assert client.get(reverse("cockpit:overview")).status_code == 403


def test_non_staff_in_the_policy_group_get_403(client):
    user = PolicyUserFactory(is_staff=False)
    client.force_login(user)
    assert client.get(reverse("cockpit:overview")).status_code == 403


def test_a_policy_user_sees_the_live_vintage(client, settings):
    from hulplijn.reference import artifact

    client.force_login(PolicyUserFactory())
    response = client.get(reverse("cockpit:overview"))
    assert response.status_code == 200
    vintage = artifact.read_manifest(settings.HULPLIJN_REFERENCE_DIR)["vintage"]
    assert vintage in response.content.decode()
    # and the main menu links to the cockpit for them only
    assert reverse("cockpit:overview") in response.content.decode()
