"""The dashboard keeps an assessment's rendered result (its figures, the same for every reader)
in the cache, once per language (``{% cache %}`` in assessments/dashboard.html). Found in review
(#18): deleting the assessment left that copy in the cache until it expired and the database
cache culled it, which it does only when the table is full: a deleted firm's figures outlived
it. Each way an assessment is deleted now removes its copies."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.test import Client
from django.utils import timezone

from hulplijn.web.assessments.models import Assessment
from hulplijn.web.assessments.receivers import RESULT_FRAGMENT
from hulplijn.web.privacy import retention
from tests.web.conftest import complete_wizard
from tests.web.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _copies(stored: Assessment) -> dict[str, str | None]:
    return {
        code: cache.get(make_template_fragment_key(RESULT_FRAGMENT, [stored.pk, code]))
        for code, _name in settings.LANGUAGES
    }


def _viewed(client: Client, **owner) -> Assessment:
    """An assessment made through the wizard, its dashboard read in Dutch and in English: the
    result is then in the cache in both languages (checked, so the test cannot pass on a
    fragment that was never cached)."""
    complete_wizard(client)
    stored = Assessment.objects.filter(**owner).latest("created_at")
    for language in ("nl", "en"):
        page = client.get(f"/beoordeling/{stored.pk}/", HTTP_ACCEPT_LANGUAGE=language)
        assert page.status_code == 200
    copies = _copies(stored)
    assert "hl-matrix" in copies["nl"] and "hl-matrix" in copies["en"]
    assert copies["nl"] != copies["en"]  # one copy per language
    return stored


def _owner() -> tuple[Client, object]:
    client, owner = Client(), UserFactory()
    client.force_login(owner)
    return client, owner


def test_the_owners_deletion_removes_the_rendered_result():
    client, owner = _owner()
    stored = _viewed(client, owner=owner)
    other_client, other = _owner()
    kept = _viewed(other_client, owner=other)
    response = client.post(f"/beoordeling/{stored.pk}/verwijderen/")
    assert response.status_code == 302 and not Assessment.objects.filter(pk=stored.pk).exists()
    assert _copies(stored) == {"nl": None, "en": None}
    assert all(_copies(kept).values())  # another firm's copies stay


def test_deleting_the_account_removes_its_rendered_results():
    client, owner = _owner()
    stored = _viewed(client, owner=owner)
    response = client.post("/account/verwijderen/", {"confirmation": PASSWORD})
    assert response.status_code == 302 and not Assessment.objects.filter(pk=stored.pk).exists()
    assert _copies(stored) == {"nl": None, "en": None}


def test_retention_removes_the_rendered_result_of_an_anonymous_assessment():
    client = Client()  # anonymous: the assessment lives as long as the session can reach it
    stored = _viewed(client, owner=None)
    Session.objects.all().delete()
    age = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    margin = timedelta(days=settings.HULPLIJN_RETENTION_ANONYMOUS_MARGIN_DAYS)
    Assessment.objects.filter(pk=stored.pk).update(
        created_at=timezone.now() - age - margin - timedelta(days=1)
    )
    assert retention.run()["anonymous assessments"] == 1
    assert _copies(stored) == {"nl": None, "en": None}


def test_the_figures_are_made_only_when_the_page_renders_them(monkeypatch):
    """The cached result is the figures rendered: a second view takes them from the cache and
    does not make them again (#18: about 1.3 ms of a dashboard's CPU); the page is the same."""
    from hulplijn.web.dashboard import figures

    made = []
    original = figures.figures
    monkeypatch.setattr(figures, "figures", lambda *a: made.append(1) or original(*a))
    client, owner = _owner()
    complete_wizard(client)
    stored = Assessment.objects.get(owner=owner)
    first = client.get(f"/beoordeling/{stored.pk}/")
    second = client.get(f"/beoordeling/{stored.pk}/")
    assert len(made) == 1
    assert first.content.count(b"hl-matrix") == second.content.count(b"hl-matrix") > 0
