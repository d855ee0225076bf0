"""The token lifecycle: made on the account page (shown once), stored hashed, used, revoked."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.shortcuts import resolve_url
from django.test import Client
from django.utils import timezone

from hulplijn.web.api import tokens
from hulplijn.web.api.models import ApiToken
from tests.web.api.conftest import Caller
from tests.web.factories import UserFactory

TOKEN = re.compile(r"hlp_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")


@pytest.fixture
def user_client():
    user = UserFactory()
    client = Client()
    client.force_login(user)
    return user, client


def _fields_of(row: ApiToken) -> list[str]:
    return [str(getattr(row, f.attname)) for f in ApiToken._meta.concrete_fields]


def test_issue_keeps_only_a_hash():
    user = UserFactory()
    row, full = tokens.issue(user, "boekhouding")
    assert TOKEN.fullmatch(full)
    secret = full.split("_", 2)[2]
    assert row.prefix == full[4:16]
    assert row.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = ApiToken.objects.get(pk=row.pk)
    assert not any(secret in value or full in value for value in _fields_of(stored))
    assert stored.last_used_at is None and stored.revoked_at is None


def test_two_tokens_differ():
    user = UserFactory()
    (a, full_a), (b, full_b) = tokens.issue(user, "a"), tokens.issue(user, "b")
    assert a.prefix != b.prefix and full_a != full_b and a.secret_hash != b.secret_hash


def test_use_marks_last_used_and_revoke_stops_it():
    user = UserFactory()
    row, full = tokens.issue(user, "x")
    caller = Caller(Client(), user, full)
    assert caller.get("/api/v1/measures").status_code == 200
    row.refresh_from_db()
    assert row.last_used_at is not None
    assert abs((timezone.now() - row.last_used_at).total_seconds()) < 60
    assert tokens.revoke(user, row.pk)
    assert caller.get("/api/v1/measures").status_code == 401
    assert not tokens.revoke(user, row.pk)  # already revoked


def test_last_used_is_written_at_most_once_a_minute():
    user = UserFactory()
    row, full = tokens.issue(user, "x")
    earlier = timezone.now() - timezone.timedelta(seconds=30)
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=earlier)
    assert tokens.check(full) is not None
    row.refresh_from_db()
    assert row.last_used_at == earlier
    much_earlier = timezone.now() - timezone.timedelta(minutes=5)
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=much_earlier)
    tokens.check(full)
    row.refresh_from_db()
    assert row.last_used_at > much_earlier


def test_token_page_needs_login(client, settings):
    response = client.get("/account/tokens/")
    login = resolve_url(settings.LOGIN_URL)
    assert response.status_code == 302 and response["Location"].startswith(login)
    assert client.post("/account/tokens/", {"name": "x"}).status_code == 302
    assert not ApiToken.objects.exists()


def test_make_a_token_on_the_account_page(user_client):
    user, client = user_client
    overview = client.get("/account/")
    assert 'href="/account/tokens/"' in overview.content.decode()
    response = client.post("/account/tokens/", {"name": "Boekhoudpakket"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    shown = TOKEN.findall(page)
    assert len(shown) == 1
    row = ApiToken.objects.get(owner=user)
    assert row.name == "Boekhoudpakket" and shown[0].startswith(f"hlp_{row.prefix}_")
    # it works, and it is never shown again
    assert Caller(Client(), user, shown[0]).get("/api/v1/measures").status_code == 200
    later = client.get("/account/tokens/").content.decode()
    assert not TOKEN.findall(later)
    assert f"hlp_{row.prefix}_" in later and "Boekhoudpakket" in later


def test_a_name_is_required(user_client):
    _user, client = user_client
    response = client.post("/account/tokens/", {"name": ""})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert not TOKEN.findall(response.content.decode())


def test_revoke_on_the_account_page(user_client):
    user, client = user_client
    row, full = tokens.issue(user, "weg")
    url = f"/account/tokens/{row.pk}/intrekken/"
    assert client.get(url).status_code == 405  # only a POST revokes
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == "/account/tokens/"
    row.refresh_from_db()
    assert row.revoked_at is not None
    assert Caller(Client(), user, full).get("/api/v1/measures").status_code == 401
    assert client.post(url).status_code == 404  # nothing left to revoke


def test_revoke_needs_csrf(user_client):
    user, _client = user_client
    row, _full = tokens.issue(user, "x")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    assert strict.post(f"/account/tokens/{row.pk}/intrekken/").status_code == 403
    row.refresh_from_db()
    assert row.revoked_at is None


def test_another_users_token_cannot_be_seen_or_revoked(user_client):
    _user, client = user_client
    stranger = UserFactory()
    theirs, _full = tokens.issue(stranger, "van een ander")
    assert "van een ander" not in client.get("/account/tokens/").content.decode()
    assert client.post(f"/account/tokens/{theirs.pk}/intrekken/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_a_token_expires(user_client, settings):
    """Finding: tokens never expired. A new one works HULPLIJN_API_TOKEN_DAYS, then gets 401."""
    settings.HULPLIJN_API_TOKEN_DAYS = 90
    user, _client = user_client
    row, full = tokens.issue(user, "x")
    assert abs(row.expires_at - timezone.now() - timezone.timedelta(days=90)).total_seconds() < 60
    caller = Caller(Client(), user, full)
    assert caller.get("/api/v1/measures").status_code == 200
    ApiToken.objects.filter(pk=row.pk).update(expires_at=timezone.now())
    assert caller.get("/api/v1/measures").status_code == 401
    assert tokens.check(full) is None


def test_expiry_is_chosen_on_the_page_up_to_the_maximum(user_client, settings):
    settings.HULPLIJN_API_TOKEN_MAX_DAYS = 180
    user, client = user_client
    page = client.post("/account/tokens/", {"name": "kort", "days": "7"}).content.decode()
    row = ApiToken.objects.get(owner=user)
    assert 6.9 < (row.expires_at - timezone.now()).total_seconds() / 86400 <= 7
    expiry = f"{timezone.localtime(row.expires_at):%Y %H:%M}"
    assert "Verloopt" in page and expiry in page
    too_long = client.post("/account/tokens/", {"name": "lang", "days": "181"})
    assert too_long.status_code == 200
    assert "Geldig (dagen): een token kan hoogstens 180 dagen geldig zijn." in (
        too_long.content.decode()
    )
    assert ApiToken.objects.filter(owner=user).count() == 1


def test_an_expired_token_is_shown_as_expired(user_client):
    user, client = user_client
    row, _full = tokens.issue(user, "oud")
    ApiToken.objects.filter(pk=row.pk).update(expires_at=timezone.now())
    page = client.get("/account/tokens/").content.decode()
    assert "verlopen" in page and f'/account/tokens/{row.pk}/intrekken/"' not in page


def test_active_tokens_per_user_are_capped(user_client, settings):
    """Finding: a user could make any number of tokens. The cap is refused in Dutch."""
    settings.HULPLIJN_API_MAX_TOKENS = 2
    user, client = user_client
    for name in ("a", "b"):
        assert TOKEN.findall(client.post("/account/tokens/", {"name": name}).content.decode())
    refused = client.post("/account/tokens/", {"name": "c"})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert not TOKEN.findall(page)
    assert "U heeft al 2 tokens die werken" in page
    assert ApiToken.objects.filter(owner=user).count() == 2
    with pytest.raises(tokens.TooManyTokens):
        tokens.issue(user, "c")
    # a revoked or expired token no longer counts
    first, second = ApiToken.objects.filter(owner=user)
    tokens.revoke(user, first.pk)
    ApiToken.objects.filter(pk=second.pk).update(expires_at=timezone.now())
    assert TOKEN.findall(client.post("/account/tokens/", {"name": "c"}).content.decode())
    assert tokens.active(user).count() == 1
