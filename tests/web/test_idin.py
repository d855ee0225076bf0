"""iDIN: logging in through an OpenID Connect broker, end to end against a real OpenID Connect
provider (panva's oidc-provider, tests/support/oidc-provider) on 127.0.0.1.

A real HTTP client with its own cookie jar plays the browser: the site's login page, the iDIN
form, the provider's own login and consent forms, the callback, the account overview."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import httpx
import lxml.html
import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model

from hulplijn.web.conf import env, idin
from tests.support import oidc

pytestmark = pytest.mark.django_db(transaction=True)

CALLBACK = "/account/oidc/idin/login/callback/"
TIMEOUT = httpx.Timeout(15.0)


@pytest.fixture
def provider(live_server) -> Iterator[oidc.Provider]:
    with oidc.running(redirect_uris=[live_server.url + CALLBACK]) as running:
        yield running


def configure(settings, monkeypatch, provider: oidc.Provider, scopes: str = "openid") -> None:
    """The settings as conf/idin.apps builds them from the HULPLIJN_IDIN_* variables."""
    monkeypatch.setenv("HULPLIJN_IDIN_ISSUER", provider.issuer)
    monkeypatch.setenv("HULPLIJN_IDIN_CLIENT_ID", provider.client_id)
    monkeypatch.setenv("HULPLIJN_IDIN_CLIENT_SECRET", provider.client_secret)
    monkeypatch.setenv("HULPLIJN_IDIN_SCOPES", scopes)
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {"APPS": idin.apps(env), "OAUTH_PKCE_ENABLED": True}
    }


def browser(live_server) -> httpx.Client:
    return httpx.Client(
        base_url=live_server.url, follow_redirects=True, timeout=TIMEOUT, max_redirects=20
    )


def form(response: httpx.Response, contains: str | None = None) -> tuple[str, dict[str, str]]:
    """The action (absolute) and hidden fields of the page's form (the first whose HTML contains
    ``contains``)."""
    page = lxml.html.fromstring(response.text)
    for candidate in page.forms:
        if contains is None or contains in lxml.html.tostring(candidate, encoding="unicode"):
            fields = {
                field.name: field.value or ""
                for field in candidate.inputs
                if field.name and getattr(field, "type", "") == "hidden"
            }
            return urljoin(str(response.url), candidate.action or str(response.url)), fields
    raise AssertionError(f"no form with {contains!r} on {response.url}:\n{response.text[:2000]}")


def log_in_with_idin(
    live_server, client: httpx.Client, provider: oidc.Provider, user_id: str
) -> httpx.Response:
    """The whole flow a person goes through; returns the site's page at the end."""
    login_page = client.get("/account/login/")
    assert login_page.status_code == 200
    assert "iDIN" in login_page.text
    action, fields = form(login_page, contains="/account/oidc/idin/login/")
    assert urlsplit(action).path == "/account/oidc/idin/login/"

    # the site sends the browser to the provider: an authorisation request with PKCE and state
    at_provider = client.post(action, data=fields)
    assert str(at_provider.url).startswith(provider.issuer), at_provider.url
    to_provider = at_provider.history[0]
    assert str(to_provider.url) == action and to_provider.status_code == 302
    request = parse_qs(urlsplit(to_provider.headers["location"]).query)
    assert request.get("code_challenge_method") == ["S256"]
    assert request.get("state") and request.get("code_challenge")
    assert request.get("client_id") == [provider.client_id]
    assert request.get("redirect_uri") == [live_server.url + CALLBACK]
    assert at_provider.status_code == 200
    # the provider's own login form: any user id becomes the subject
    action, fields = form(at_provider, contains='name="login"')
    consent = client.post(action, data={**fields, "login": user_id, "password": "any"})
    assert consent.status_code == 200
    action, fields = form(consent, contains='value="consent"')
    back = client.post(action, data=fields)
    assert str(back.url).startswith(live_server.url), back.url
    assert any(CALLBACK in str(step.url) for step in back.history)
    return back


def test_logging_in_with_idin_makes_an_account_without_password_and_reuses_it(
    live_server, provider, settings, monkeypatch
):
    configure(settings, monkeypatch, provider)
    users = get_user_model()

    with browser(live_server) as client:
        back = log_in_with_idin(live_server, client, provider, "bsn-free-subject-1")
        assert back.status_code == 200
        assert urlsplit(str(back.url)).path == "/account/"
        assert client.get("/account/", follow_redirects=False).status_code == 200

    account = SocialAccount.objects.get(provider=idin.PROVIDER_ID, uid="bsn-free-subject-1")
    user = account.user
    assert not user.has_usable_password()
    assert user.email is None
    assert users.objects.count() == 1

    # a second login with the same subject, in another browser, is the same account
    with browser(live_server) as client:
        back = log_in_with_idin(live_server, client, provider, "bsn-free-subject-1")
        assert urlsplit(str(back.url)).path == "/account/"
        assert client.get("/account/", follow_redirects=False).status_code == 200
    assert users.objects.count() == 1
    assert SocialAccount.objects.filter(provider=idin.PROVIDER_ID).count() == 1

    # another subject is another account
    with browser(live_server) as client:
        log_in_with_idin(live_server, client, provider, "bsn-free-subject-2")
    assert users.objects.count() == 2
    assert SocialAccount.objects.get(uid="bsn-free-subject-2").user != user


def test_a_verified_address_from_the_broker_is_the_accounts(
    live_server, provider, settings, monkeypatch
):
    configure(settings, monkeypatch, provider, scopes="openid,profile,email")
    with browser(live_server) as client:
        back = log_in_with_idin(live_server, client, provider, "ondernemer@example.test")
        assert urlsplit(str(back.url)).path == "/account/"
    account = SocialAccount.objects.get(provider=idin.PROVIDER_ID, uid="ondernemer@example.test")
    assert account.user.email == "ondernemer@example.test"
    assert not account.user.has_usable_password()
    assert account.user.emailaddress_set.get().verified


def test_an_unverified_or_taken_address_does_not_become_the_accounts(
    live_server, provider, settings, monkeypatch
):
    configure(settings, monkeypatch, provider, scopes="openid,profile,email")
    users = get_user_model()
    owner = users.objects.create_user("bestaand@example.test", "Een-lang-wachtwoord-42")
    with browser(live_server) as client:
        back = log_in_with_idin(live_server, client, provider, "unverified:iemand@example.test")
        assert urlsplit(str(back.url)).path == "/account/"
    with browser(live_server) as client:
        back = log_in_with_idin(live_server, client, provider, "BESTAAND@example.test")
        assert urlsplit(str(back.url)).path == "/account/"
    unverified = SocialAccount.objects.get(uid="unverified:iemand@example.test").user
    taken = SocialAccount.objects.get(uid="BESTAAND@example.test").user
    assert unverified.email is None and not unverified.emailaddress_set.exists()
    # the existing account is neither joined nor taken over
    assert taken != owner and taken.email is None and not taken.emailaddress_set.exists()
    owner.refresh_from_db()
    assert owner.has_usable_password() and not owner.socialaccount_set.exists()


def test_cancelling_at_the_provider_gives_a_dutch_page(
    live_server, provider, settings, monkeypatch
):
    configure(settings, monkeypatch, provider)
    with browser(live_server) as client:
        login_page = client.get("/account/login/")
        action, fields = form(login_page, contains="/account/oidc/idin/login/")
        at_provider = client.post(action, data=fields)
        abort = lxml.html.fromstring(at_provider.text).xpath("//a[contains(@href, '/abort')]")
        assert abort, at_provider.text
        back = client.get(urljoin(str(at_provider.url), abort[0].get("href")))
        callback = [step for step in back.history if CALLBACK in str(step.url)]
        assert callback and parse_qs(callback[0].url.query.decode())["error"] == ["access_denied"]
        assert back.status_code == 200
        assert "Inloggen met iDIN is afgebroken" in back.text
        assert client.get("/account/", follow_redirects=False).status_code == 302
    assert not SocialAccount.objects.exists()


def test_a_tampered_state_gives_a_dutch_error_page(live_server, provider, settings, monkeypatch):
    configure(settings, monkeypatch, provider)
    with browser(live_server) as client:
        login_page = client.get("/account/login/")
        action, fields = form(login_page, contains="/account/oidc/idin/login/")
        at_provider = client.post(action, data=fields)
        assert at_provider.status_code == 200
        # the provider's answer comes back with another state than the site sent
        forged = client.get(CALLBACK + "?" + urlencode({"code": "forged", "state": "forged"}))
        assert forged.status_code == 401
        assert "Inloggen met iDIN is niet gelukt" in forged.text
        assert "Traceback" not in forged.text
        assert client.get("/account/", follow_redirects=False).status_code == 302
    assert not SocialAccount.objects.exists()


def test_the_callback_without_a_login_started_gives_a_dutch_error_page(
    live_server, provider, settings, monkeypatch
):
    configure(settings, monkeypatch, provider)
    with browser(live_server) as client:
        for query in ("", "?code=x&state=y", "?error=access_denied&state=y"):
            answer = client.get(CALLBACK + query)
            assert answer.status_code == 401, (query, answer.status_code)
            assert "Inloggen met iDIN is niet gelukt" in answer.text
    assert not SocialAccount.objects.exists()


@pytest.mark.django_db
def test_without_idin_configured_the_login_page_does_not_offer_it_and_its_addresses_are_404(
    client, settings
):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [], "OAUTH_PKCE_ENABLED": True}}
    page = client.get("/account/login/")
    assert page.status_code == 200
    assert b"iDIN" not in page.content
    assert client.get("/account/oidc/idin/login/").status_code == 404
    assert client.post("/account/oidc/idin/login/").status_code == 404
    assert client.get(CALLBACK + "?code=x&state=y").status_code == 404
    assert client.get("/account/oidc/other/login/").status_code == 404


def test_the_settings_come_from_the_environment(monkeypatch):
    monkeypatch.delenv("HULPLIJN_IDIN_ISSUER", raising=False)
    assert idin.apps(env) == [] and idin.form_origins(env) == []
    monkeypatch.setenv("HULPLIJN_IDIN_ISSUER", "https://broker.example/oidc/")
    monkeypatch.setenv("HULPLIJN_IDIN_CLIENT_ID", "hulplijn")
    monkeypatch.setenv("HULPLIJN_IDIN_CLIENT_SECRET", "geheim")
    monkeypatch.setenv("HULPLIJN_IDIN_SCOPES", "openid,idin.bin")
    (app,) = idin.apps(env)
    assert app["provider_id"] == "idin" and app["client_id"] == "hulplijn"
    assert app["settings"]["server_url"] == "https://broker.example/oidc"
    assert app["settings"]["scope"] == ["openid", "idin.bin"]
    assert app["settings"]["token_auth_method"] == "client_secret_basic"
    # the iDIN button's post is redirected to the broker: CSP form-action must allow its origin
    assert idin.form_origins(env) == ["https://broker.example"]


@pytest.mark.parametrize(
    "issuer", ["http://broker.example", "ftp://broker.example", "broker.example", "https://"]
)
def test_an_issuer_that_is_not_https_stops_start_up(monkeypatch, issuer):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("HULPLIJN_IDIN_ISSUER", issuer)
    with pytest.raises(ImproperlyConfigured, match="HULPLIJN_IDIN_ISSUER"):
        idin.apps(env)


def test_a_configured_issuer_needs_the_client_and_a_known_token_authentication(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("HULPLIJN_IDIN_ISSUER", "https://broker.example")
    monkeypatch.setenv("HULPLIJN_IDIN_CLIENT_ID", "hulplijn")
    monkeypatch.delenv("HULPLIJN_IDIN_CLIENT_SECRET", raising=False)
    with pytest.raises(ImproperlyConfigured, match="HULPLIJN_IDIN_CLIENT_SECRET"):
        idin.apps(env)
    monkeypatch.setenv("HULPLIJN_IDIN_CLIENT_SECRET", "geheim")
    monkeypatch.setenv("HULPLIJN_IDIN_TOKEN_AUTH", "client_secret_jwt")
    with pytest.raises(ImproperlyConfigured, match="HULPLIJN_IDIN_TOKEN_AUTH"):
        idin.apps(env)
    monkeypatch.setenv("HULPLIJN_IDIN_TOKEN_AUTH", "client_secret_post")
    assert idin.apps(env)[0]["settings"]["token_auth_method"] == "client_secret_post"
