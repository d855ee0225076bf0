"""One JSON line per request, with its request id; never a user id, an e-mail address, a token,
an object id or a figure (nothing that links a line to an account or a stored record)."""

from __future__ import annotations

import io
import json
import logging
import uuid

import pytest
from django.urls import resolve

from hulplijn.web.ops import logs
from hulplijn.web.ops.middleware import WELL_FORMED
from tests.web.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines():
    """The JSON lines the ``hulplijn`` and ``django`` loggers write during the test."""
    stream = io.StringIO()
    handlers = [logging.StreamHandler(stream), logging.StreamHandler(stream)]
    for handler in handlers:
        handler.setFormatter(logs.JsonFormatter())
    # as in production (logs.json_logging): of Django's own request log only the tracebacks
    handlers[1].addFilter(logs.OnlyExceptions())
    loggers = [logging.getLogger("hulplijn.request"), logging.getLogger("django.request")]
    levels = [logger.level for logger in loggers]
    for logger, handler in zip(loggers, handlers, strict=True):
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for logger, handler, level in zip(loggers, handlers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


def test_a_line_per_request(client, lines):
    response = client.get("/privacy/")
    [line] = lines()
    assert set(line) == {
        "timestamp", "level", "logger", "message", "request_id", "method", "path", "route",
        "status", "duration_ms", "authenticated",
    }  # fmt: skip
    assert line["authenticated"] is False
    assert line["logger"] == "hulplijn.request"
    assert line["level"] == "INFO"
    assert line["method"] == "GET"
    assert line["path"] == "/privacy/"
    assert line["route"] == "privacy/"
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert line["timestamp"].endswith("+00:00")
    assert line["message"] == "GET /privacy/ 200"
    assert WELL_FORMED.fullmatch(line["request_id"])
    assert response["X-Request-ID"] == line["request_id"]


def test_request_id_from_the_load_balancer_if_well_formed(client, lines):
    given = "lb-" + uuid.uuid4().hex
    assert client.get("/", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given
    forged = 'x" level="CRITICAL'
    other = client.get("/", HTTP_X_REQUEST_ID=forged)["X-Request-ID"]
    assert other != forged and WELL_FORMED.fullmatch(other)
    assert [line["request_id"] for line in lines()] == [given, other]


def test_no_user_id_email_password_or_figures(client, lines):
    user = UserFactory()
    client.post("/account/login/", {"login": user.email, "password": PASSWORD})
    client.post("/zelfdiagnose/sector/", {"sbi": "47", "working_persons": "60", "action": "next"})
    text = json.dumps(lines())
    login, step = lines()
    # whether a request was logged in, not who: no user id, no e-mail address
    assert login["status"] == 302 and login["authenticated"] is True
    assert step["authenticated"] is True
    assert "user_id" not in login and "user_id" not in step
    assert user.email not in text and PASSWORD not in text
    assert "working_persons" not in text and "sbi" not in text
    assert all(set(line) <= {"timestamp", "level", "logger", "message", *logs.EXTRA_FIELDS,
                             "request_id"} for line in lines())  # fmt: skip


def test_assessment_ids_stay_out(client, lines):
    from tests.web.conftest import complete_wizard

    complete_wizard(client)
    from hulplijn.web.assessments.models import Assessment

    stored = Assessment.objects.get()
    client.get(f"/beoordeling/{stored.pk}/rapport.pdf")
    text = json.dumps(lines())
    assert str(stored.pk) not in text and stored.pk.hex not in text
    dashboard = [line for line in lines() if line["route"] == "beoordeling/<uuid:pk>/"]
    assert dashboard and all(line["path"] == "/beoordeling/***/" for line in dashboard)
    [pdf] = [line for line in lines() if line["route"] == "beoordeling/<uuid:pk>/rapport.pdf"]
    assert pdf["path"] == "/beoordeling/***/rapport.pdf"


def test_a_number_in_the_path_is_hidden_only_where_it_is_the_object_id(rf):
    request = rf.post("/account/tokens/1/intrekken/")
    request.resolver_match = resolve(request.path)
    assert logs.redact(request.path, request) == "/account/tokens/***/intrekken/"
    request = rf.get("/zelfdiagnose/sector/")
    request.resolver_match = resolve(request.path)
    assert logs.redact(request.path, request) == "/zelfdiagnose/sector/"


def test_share_tokens_and_query_strings_stay_out(client, lines):
    token = uuid.uuid4()
    client.get(f"/gedeeld/{token}/?next=secret-value")
    [line] = lines()
    assert str(token) not in json.dumps(line)
    assert "secret-value" not in json.dumps(line)
    assert line["path"] == "/gedeeld/***/"
    assert line["route"] == "gedeeld/<uuid:token>/"
    assert line["status"] == 404


def test_djangos_error_line_for_a_share_link_hides_the_token(rf):
    token = uuid.uuid4()
    request = rf.get(f"/gedeeld/{token}/")
    request.resolver_match = resolve(request.path)
    record = logging.LogRecord(
        "django.request",
        logging.ERROR,
        __file__,
        1,
        "Internal Server Error: %s",
        (request.path,),
        None,
    )
    record.request = request
    line = json.loads(logs.JsonFormatter().format(record))
    assert line["message"] == "Internal Server Error: /gedeeld/***/"


def test_extra_fields_are_whitelisted_and_exceptions_kept():
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed %s", ("once",), None)
    record.request = object()  # what django.request passes: never written
    record.email = "someone@example.nl"
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    token = logs.request_id.set("req-12345678")
    try:
        line = json.loads(logs.JsonFormatter().format(record))
    finally:
        logs.request_id.reset(token)
    assert line["message"] == "failed once"
    assert line["request_id"] == "req-12345678"
    assert "ValueError: boom" in line["exception"]
    assert "request" not in line and "email" not in line


def test_successful_health_checks_are_not_logged(client, lines, settings, tmp_path):
    from hulplijn.web import reference_store

    client.get("/health/")
    assert lines() == []
    settings.HULPLIJN_REFERENCE_DIR = tmp_path
    reference_store.clear()
    client.get("/health/")
    [line] = lines()
    assert line["status"] == 503 and line["level"] == "ERROR"
