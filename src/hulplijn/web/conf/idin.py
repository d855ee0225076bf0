"""iDIN login through an OpenID Connect broker (the report's roll-out names iDIN; brokers offer it
over OIDC). Configured from the environment; without HULPLIJN_IDIN_ISSUER the login is not shown
and its address answers 404."""

from __future__ import annotations

from types import ModuleType
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

PROVIDER_ID = "idin"
# plain HTTP only to a broker on this machine (the tests' provider): the client secret, the code
# and the tokens travel to the broker, and the ID token's signature is not checked when it comes
# straight from the token endpoint (OpenID Connect Core 3.1.3.7), which presumes TLS
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def apps(env: ModuleType) -> list[dict]:
    """The django-allauth openid_connect app for the broker, or none."""
    issuer = env.text("HULPLIJN_IDIN_ISSUER", "").rstrip("/")
    if not issuer:
        return []
    parts = urlsplit(issuer)
    if not parts.hostname or not (
        parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK)
    ):
        raise ImproperlyConfigured(
            f"HULPLIJN_IDIN_ISSUER={issuer!r} is not valid: an https:// address of the broker"
        )
    client = {
        name: env.text(name, "")
        for name in ("HULPLIJN_IDIN_CLIENT_ID", "HULPLIJN_IDIN_CLIENT_SECRET")
    }
    for name, value in client.items():
        if not value:
            raise ImproperlyConfigured(f"{name} is required when HULPLIJN_IDIN_ISSUER is set")
    return [
        {
            "provider_id": PROVIDER_ID,
            "name": "iDIN",
            "client_id": client["HULPLIJN_IDIN_CLIENT_ID"],
            "secret": client["HULPLIJN_IDIN_CLIENT_SECRET"],
            "settings": {
                "server_url": issuer,
                "token_auth_method": env.choice(
                    "HULPLIJN_IDIN_TOKEN_AUTH",
                    "client_secret_basic",
                    ("client_secret_basic", "client_secret_post"),
                ),
                "scope": env.items("HULPLIJN_IDIN_SCOPES", "openid"),
            },
        }
    ]


def form_origins(env: ModuleType) -> list[str]:
    """The broker's origin for CSP ``form-action``: the iDIN button posts to the site, which
    redirects the browser to the broker, and browsers check form-action on that redirect too."""
    issuer = urlsplit(env.text("HULPLIJN_IDIN_ISSUER", ""))
    return [f"{issuer.scheme}://{issuer.netloc}"] if issuer.scheme and issuer.netloc else []
