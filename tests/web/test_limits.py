"""Limits outside the API: share links expire, feedback and the what-if are limited per
assessment and per address, and the shared counter (hulplijn.web.ops.limits). That it counts
every hit exactly once across processes is tested with two gunicorn workers in
tests/web/api/test_limits_workers.py."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.formats import date_format

from hulplijn.web.assessments.models import Assessment, Feedback, Share
from hulplijn.web.audit.models import AccessEvent
from hulplijn.web.ops import limits
from hulplijn.web.ops.models import LimitCounter
from tests.web.conftest import complete_wizard
from tests.web.factories import AdviserFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owned(client):
    owner = UserFactory()
    client.force_login(owner)
    complete_wizard(client)
    return owner, Assessment.objects.get()


def test_a_share_link_expires(client, owned, settings):
    """Finding: share links never expired. A new one works HULPLIJN_SHARE_LINK_DAYS."""
    settings.HULPLIJN_SHARE_LINK_DAYS = 30
    _owner, stored = owned
    made = client.post(f"/beoordeling/{stored.pk}/delen/", {"kind": "link"}, follow=True)
    share = Share.objects.get()
    days = (share.expires_at - timezone.now()).total_seconds() / 86400
    assert 29.9 < days <= 30
    # the owner sees until when it works, in the message and next to the link
    with translation.override("nl"):
        until = date_format(timezone.localtime(share.expires_at), "j F Y")
    page = made.content.decode()
    assert "Iedereen met de link kan dit dashboard lezen tot" in page and until in page
    assert "werkt tot" in page
    reader = Client()
    assert reader.get(f"/gedeeld/{share.token}/").status_code == 200
    Share.objects.filter(pk=share.pk).update(expires_at=timezone.now())
    expired = reader.get(f"/gedeeld/{share.token}/")
    assert expired.status_code == 410
    text = expired.content.decode()
    assert "Link verlopen" in text and "Vraag degene die de beoordeling met u deelde" in text
    assert "(verlopen)" in client.get(f"/beoordeling/{stored.pk}/").content.decode()


def test_an_advisers_access_has_no_expiry(client, owned):
    _owner, stored = owned
    adviser = AdviserFactory()
    client.post(
        f"/beoordeling/{stored.pk}/delen/",
        {"kind": "adviser", "label": "Klant", "email": adviser.email},
    )
    assert Share.objects.get().expires_at is None and not Share.objects.get().is_expired


def test_feedback_is_limited_per_assessment(client, owned, settings):
    """Finding: feedback could be posted without limit. The 4th of 3/h is refused in Dutch."""
    settings.HULPLIJN_FEEDBACK_RATE = "3/h"
    _owner, stored = owned
    url = f"/beoordeling/{stored.pk}/feedback/"
    codes = [client.post(url, {"rating": "4", "comment": f"nr {n}"}).status_code for n in range(3)]
    assert codes == [302] * 3
    refused = client.post(url, {"rating": "4", "comment": "nog een"})
    assert refused.status_code == 429
    assert "er is in korte tijd veel feedback verstuurd" in refused.content.decode()
    assert Feedback.objects.count() == 3
    # invalid feedback is answered as before and not counted
    assert client.post(url, {"rating": "9"}).status_code == 200


def test_feedback_is_limited_per_address(settings):
    """Many assessments from one address (e.g. a script making new sessions) share one count."""
    settings.HULPLIJN_FEEDBACK_RATE = "2/h"
    codes = []
    for _ in range(3):
        visitor = Client()
        complete_wizard(visitor)
        stored = Assessment.objects.order_by("-created_at").first()
        codes.append(
            visitor.post(f"/beoordeling/{stored.pk}/feedback/", {"rating": "3"}).status_code
        )
    assert codes == [302, 302, 429]
    assert Feedback.objects.count() == 2


WHAT_IF = {"fte": "50", "gross_margin": "965.000"}


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "javascript"])
def test_the_what_if_is_limited_per_assessment(client, owned, settings, htmx):
    """Noticed in review: the what-if (which runs the engine and, for a reader, writes an
    access record) could be posted without limit. The 3rd of 2/h is refused in Dutch, with
    nothing computed; with JavaScript the refusal is swapped in like an answer (the htmx
    config in base.html swaps a 429)."""
    settings.HULPLIJN_WHAT_IF_RATE = "2/h"
    _owner, stored = owned
    url = f"/beoordeling/{stored.pk}/wat-als/"
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    answered = [client.post(url, WHAT_IF, **headers) for _ in range(2)]
    assert [r.status_code for r in answered] == [200, 200]
    assert all(r.context["what_if"] is not None for r in answered)
    refused = client.post(url, WHAT_IF, **headers)
    assert refused.status_code == 429
    assert refused.context["what_if"] is None
    assert "er zijn in korte tijd veel berekeningen gemaakt" in refused.content.decode()
    assert '"code":"429","swap":true' in client.get(f"/beoordeling/{stored.pk}/").content.decode()


def test_the_what_if_of_a_share_link_counts_with_the_owners(client, owned, settings):
    """A link's reader and the owner share the assessment's count; a refused reader leaves no
    access record (nothing was shown)."""
    settings.HULPLIJN_WHAT_IF_RATE = "2/h"
    _owner, stored = owned
    client.post(f"/beoordeling/{stored.pk}/delen/", {"kind": "link"})
    token = Share.objects.get().token
    assert client.post(f"/beoordeling/{stored.pk}/wat-als/", WHAT_IF).status_code == 200
    reader = Client()
    codes = [reader.post(f"/gedeeld/{token}/wat-als/", WHAT_IF).status_code for _ in range(2)]
    assert codes == [200, 429]
    assert AccessEvent.objects.filter(role="link").count() == 1


def test_counter_counts_per_scope_and_client(settings):
    assert [limits.hit("s", "a", "2/min").allowed for _ in range(3)] == [True, True, False]
    assert limits.hit("s", "b", "2/min").allowed
    assert limits.hit("t", "a", "2/min").allowed
    refused = limits.hit("s", "a", "2/min")
    assert not refused.allowed and 1 <= refused.wait <= 60
    assert limits.hit("s", "a", "off").allowed


def test_a_new_window_starts_from_one(limit_clock):
    assert [limits.hit("w", "a", "1/h").allowed for _ in range(2)] == [True, False]
    # the row's window has ended (an hour went by): the next hit starts a new count
    LimitCounter.objects.filter(key="w/3600/a").update(window_ends=int(limit_clock) - 1)
    assert limits.hit("w", "a", "1/h").allowed
    row = LimitCounter.objects.get(key="w/3600/a")
    assert row.hits == 1 and row.window_ends > limit_clock


def test_purge_deletes_ended_windows(limit_clock):
    limits.hit("p", "a", "5/min")
    limits.hit("p", "b", "5/h")
    assert limits.purge(limit_clock + 31) == 1
    assert list(LimitCounter.objects.values_list("key", flat=True)) == ["p/3600/b"]


def test_a_long_identity_is_hashed_into_the_key():
    limits.hit("x", "a" * 500, "5/min")
    (key,) = LimitCounter.objects.values_list("key", flat=True)
    assert len(key) <= 200 and key.startswith("x/60/sha256:")
