"""iDIN login through an OpenID Connect broker (the report's roll-out names iDIN; brokers offer it
over OIDC). Configured from the environment; without HULPLIJN_IDIN_ISSUER the login is not shown
and its address answers 404."""

from __future__ import annotations

from types import ModuleType
from urllib.parse import urlsplit

PROVIDER_ID = "idin"


def apps(env: ModuleType) -> list[dict]:
    """The django-allauth openid_connect app for the broker, or none."""
    issuer = env.text("HULPLIJN_IDIN_ISSUER", "").rstrip("/")
    if not issuer:
        return []
    return [
        {
            "provider_id": PROVIDER_ID,
            "name": "iDIN",
            "client_id": env.text("HULPLIJN_IDIN_CLIENT_ID", ""),
            "secret": env.text("HULPLIJN_IDIN_CLIENT_SECRET", ""),
            "settings": {
                "server_url": issuer,
                "token_auth_method": env.text("HULPLIJN_IDIN_TOKEN_AUTH", "client_secret_basic"),
                "scope": env.items("HULPLIJN_IDIN_SCOPES", "openid"),
            },
        }
    ]


def form_origins(env: ModuleType) -> list[str]:
    """The broker's origin for CSP ``form-action``: the iDIN button posts to the site, which
    redirects the browser to the broker, and browsers check form-action on that redirect too."""
    issuer = urlsplit(env.text("HULPLIJN_IDIN_ISSUER", ""))
    return [f"{issuer.scheme}://{issuer.netloc}"] if issuer.scheme and issuer.netloc else []
