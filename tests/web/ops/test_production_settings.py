"""conf/production.py: `check --deploy` finds nothing with a realistic environment, and the
settings refuse to start without a secret key or hosts. Each case runs in a fresh interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[3]
REALISTIC = {
    "DJANGO_SETTINGS_MODULE": "hulplijn.web.conf.production",
    "HULPLIJN_SECRET_KEY": "k3J9-vQ2_xW7pL0mZ8rT4yU6iO1aS5dF3gH7jK9lX2cV4bN6mQ8wE0rT2yU4iO6pA",
    "HULPLIJN_ALLOWED_HOSTS": "hulplijn.example.nl",
    "HULPLIJN_CSRF_TRUSTED_ORIGINS": "https://hulplijn.example.nl",
    "DATABASE_URL": "postgres://hulplijn:secret@db-primary.internal:5432/hulplijn",
    "HULPLIJN_REFERENCE_DIR": "/srv/hulplijn/reference",
}


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("HULPLIJN_", "DJANGO_"))}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_has_no_warnings():
    result = run("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=REALISTIC)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_settings_are_what_the_deployment_needs():
    script = """
import json
from django.conf import settings
print(json.dumps({
    "hsts": settings.SECURE_HSTS_SECONDS, "sub": settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "proxy": settings.SECURE_PROXY_SSL_HEADER, "cache": settings.CACHES["default"]["BACKEND"],
    "static": settings.STORAGES["staticfiles"]["BACKEND"],
    "db": settings.DATABASES["default"]["HOST"],
    "origins": settings.CSRF_TRUSTED_ORIGINS, "httponly": settings.CSRF_COOKIE_HTTPONLY,
    "formatter": settings.LOGGING["formatters"]["json"]["()"].__name__,
}))
"""
    result = run("-c", script, env=REALISTIC)
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout)
    assert got == {
        "hsts": 31536000,
        "sub": True,
        "proxy": ["HTTP_X_FORWARDED_PROTO", "https"],
        "cache": "django.core.cache.backends.db.DatabaseCache",
        "static": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "db": "db-primary.internal",
        "origins": ["https://hulplijn.example.nl"],
        "httponly": True,
        "formatter": "JsonFormatter",
    }


def test_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in REALISTIC.items() if k != "HULPLIJN_SECRET_KEY"}
    result = run("manage.py", "check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured: HULPLIJN_SECRET_KEY must be set in production" in result.stderr


def test_refuses_to_start_without_allowed_hosts():
    env = {k: v for k, v in REALISTIC.items() if k != "HULPLIJN_ALLOWED_HOSTS"}
    result = run("manage.py", "check", env=env)
    assert result.returncode != 0
    assert "HULPLIJN_ALLOWED_HOSTS must be set in production" in result.stderr


def test_the_broker_origin_can_be_added_to_form_action():
    script = (
        "from django.conf import settings; "
        "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'])"
    )
    env = {**REALISTIC, "HULPLIJN_CSP_FORM_ACTION": "https://broker.example"}
    result = run("-c", script, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[\"'self'\", 'https://broker.example']"
