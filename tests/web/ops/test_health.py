"""GET /health/: 200 with the checks when fit, 503 when the database or the reference is not."""

from __future__ import annotations

import pytest
from django.db import OperationalError

from hulplijn.core import MODEL_VERSION
from hulplijn.web import reference_store
from hulplijn.web.ops import health

pytestmark = pytest.mark.django_db


def test_healthy(client, synthetic_reference):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert response.json() == {
        "status": "ok",
        "model_version": MODEL_VERSION,
        "database": {"status": "ok"},
        "reference": {"status": "ok", "vintage": synthetic_reference.vintage},
    }
    assert client.head("/health/").status_code == 200


def test_reference_missing_is_503_as_json(client, settings, tmp_path):
    settings.HULPLIJN_REFERENCE_DIR = tmp_path / "not-built"
    reference_store.clear()
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["reference"] == {"status": "unavailable", "error": "ArtifactMissing"}
    assert body["database"] == {"status": "ok"}
    assert str(tmp_path) not in response.content.decode()  # no paths


def test_database_down_is_503(client, monkeypatch):
    class Broken:
        def cursor(self):
            raise OperationalError("connection refused (host db.internal, password ...)")

    monkeypatch.setattr(health, "connections", {"default": Broken()})
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == {"status": "unavailable", "error": "OperationalError"}
    assert "password" not in response.content.decode()


def test_answered_for_any_host_and_over_plain_http(client, settings):
    """A load balancer calls each server by its address, without TLS: no 400, no redirect."""
    settings.ALLOWED_HOSTS = ["hulplijn.example.nl"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/health/", HTTP_HOST="10.0.3.17:8000")
    assert response.status_code == 200
    assert client.get("/", HTTP_HOST="10.0.3.17:8000").status_code == 400


def test_only_get_and_head(client):
    assert client.post("/health/").status_code in (403, 404, 405)
