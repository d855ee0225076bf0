"""The health endpoint: is this app server fit to take requests?"""

from __future__ import annotations

from django.db import connections
from django.http import JsonResponse

from hulplijn.core import MODEL_VERSION
from hulplijn.web import reference_store

PATH = "/health/"


def database() -> dict[str, str]:
    """A trivial query on the default database."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as problem:  # any failure means "not fit"; the class name says which
        return {"status": "unavailable", "error": type(problem).__name__}
    return {"status": "ok"}


def reference() -> dict[str, str]:
    """The peer-distribution artifact of this process (loaded once, then from memory)."""
    try:
        loaded = reference_store.reference()
    except Exception as problem:  # missing or unreadable artifact
        return {"status": "unavailable", "error": type(problem).__name__}
    return {"status": "ok", "vintage": loaded.vintage}


def response() -> JsonResponse:
    """200 with each check when all are ok, else 503; never a secret, a path or a figure."""
    checks = {"database": database(), "reference": reference()}
    healthy = all(check["status"] == "ok" for check in checks.values())
    body = {"status": "ok" if healthy else "unavailable", "model_version": MODEL_VERSION, **checks}
    answer = JsonResponse(body, status=200 if healthy else 503)
    answer["Cache-Control"] = "no-store"
    answer["X-Content-Type-Options"] = "nosniff"
    return answer
