"""Structured logs: one JSON object per line, carrying the request id of the current request.

A tiny formatter rather than a library: it writes a fixed set of fields, so nothing a caller
passes in ``extra`` (a request object, form data) can end up in the log by accident.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import uuid
from datetime import UTC, datetime

# the request being handled in this thread (set by RequestLogMiddleware)
request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "hulplijn_request_id", default=None
)

# the only ``extra`` fields written; everything else given as extra is dropped
EXTRA_FIELDS = ("method", "path", "route", "status", "duration_ms", "authenticated")


# URL parameters that are secrets (share links): their values never reach the log
SECRET_PARAMETERS = frozenset({"token"})


def redact(text: str, request) -> str:
    """``text`` with the values of the request's URL parameters that are secrets (share tokens)
    or name a stored object (an assessment's UUID, a share's or token's number) replaced by
    ``***``. Object ids would link the log lines of one assessment (its creation, views,
    downloads) to each other and to the stored row; the route (``beoordeling/<uuid:pk>/``)
    still says which page was asked for. Other parameters (a wizard step, a measure code)
    stay."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name, value in match.kwargs.items():
            if name in SECRET_PARAMETERS or _object_id(name, value):
                # the path segment only (a pk of 1 must not touch "/api/v1/")
                segment = rf"(?<=/){re.escape(str(value))}(?=[/.?\s]|$)"
                text = re.sub(segment, "***", text)
    return text


def _object_id(name: str, value) -> bool:
    if isinstance(value, uuid.UUID) or name == "pk" or name.endswith("_id"):
        return True
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


class JsonFormatter(logging.Formatter):
    """A log record as one JSON line: timestamp (UTC, ISO 8601), level, logger, message,
    request_id and the request fields of EXTRA_FIELDS when present."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage(), getattr(record, "request", None)),
        }
        rid = getattr(record, "request_id", None) or request_id.get()
        if rid:
            line["request_id"] = rid
        for field in EXTRA_FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                line[field] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class OnlyExceptions(logging.Filter):
    """Lets through only records with a traceback: for ``django.request``, whose status lines
    (404, 503 ...) RequestLogMiddleware already writes once, with the request id."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.exc_info is not None


def json_logging(level: str) -> dict:
    """A LOGGING dict: every logger (Django's included) as JSON lines on stdout at ``level``."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "filters": {"only_exceptions": {"()": OnlyExceptions}},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "json",
            },
            "stdout_exceptions": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "json",
                "filters": ["only_exceptions"],
            },
        },
        "root": {"handlers": ["stdout"], "level": level},
        "loggers": {
            # Django's own loggers go to the same handler and nowhere else (no e-mail to ADMINS)
            "django": {"handlers": ["stdout"], "level": level, "propagate": False},
            # RequestLogMiddleware logs every status; of Django's own request log only the
            # tracebacks of unhandled exceptions are kept (same request id)
            "django.request": {
                "handlers": ["stdout_exceptions"],
                "level": "ERROR",
                "propagate": False,
            },
            # the development server's access log, if someone runs it with these settings
            "django.server": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
        },
    }
