"""Structured logs: one JSON object per line, carrying the request id of the current request.

A tiny formatter rather than a library: it writes a fixed set of fields, so nothing a caller
passes in ``extra`` (a request object, form data) can end up in the log by accident.
"""

from __future__ import annotations

import contextvars
import json
import logging
from datetime import UTC, datetime

# the request being handled in this thread (set by RequestLogMiddleware)
request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "hulplijn_request_id", default=None
)

# the only ``extra`` fields written; everything else given as extra is dropped
EXTRA_FIELDS = ("method", "path", "route", "status", "duration_ms", "user_id")


# URL parameters that are secrets (share links): their values never reach the log
SECRET_PARAMETERS = frozenset({"token"})


def redact(text: str, request) -> str:
    """``text`` with the values of the request's secret URL parameters replaced by ``***``."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name, value in match.kwargs.items():
            if name in SECRET_PARAMETERS:
                text = text.replace(str(value), "***")
    return text


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
