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


# --- libraries: what they read never reaches the log --------------------------------------------

SILENT = logging.CRITICAL + 10
"""A level above every level: a logger set to it writes nothing at all."""

SILENCED_LIBRARIES = ("mt940",)
"""Libraries whose log lines are the content they read: mt-940 logs the statement line it could
not match (IBAN, name, amount) at ERROR and every matched line at DEBUG. Nothing of theirs is
written; ``hulplijn.imports.mt940`` reports a problem itself (statement and tag, no content)."""

QUIET_LIBRARIES = (
    "lxml",
    "defusedxml",
    "openpyxl",
    "weasyprint",
    "fontTools",
    "PIL",
    "pydyf",
    "tinycss2",
    "cssselect2",
    "vl_convert",
    "duckdb",
    "httpx",
    "allauth",  # can name e-mail and client addresses; logins are kept in audit.LoginEvent
    "httpcore",
    "urllib3",
    "requests",
    "onelogin",
    "digid_eherkenning",
    "xmlsec",
)
"""Libraries that read documents (XBRL, statements, the report's PDF and fonts) or talk to outside
services (the KVK API's URLs carry KvK numbers, eHerkenning's SAML messages identities): only
WARNING and above, and then only the fixed text of the message (see ContentFreeHandler)."""

MAX_LIBRARY_MESSAGE = 300


class ContentFreeHandler(logging.Handler):
    """Passes a library's record on to the root logger's handlers with only its fixed text: the
    format string without its arguments (``'matching id=%s ... "%s"'``, never the values), and
    of an exception only its type, never its message or traceback (both can quote the document).
    A library that formats values into the message itself is not helped by this; the libraries
    in QUIET_LIBRARIES pass them as arguments."""

    def emit(self, record: logging.LogRecord) -> None:
        text = record.msg if isinstance(record.msg, str) else type(record.msg).__name__
        text = text[:MAX_LIBRARY_MESSAGE]
        if record.exc_info and record.exc_info[0] is not None:
            text += f" [{record.exc_info[0].__name__}]"
        clean = logging.LogRecord(
            record.name,
            record.levelno,
            record.pathname,
            record.lineno,
            text,
            None,  # no arguments: text is logged as it stands
            None,  # no traceback
            func=record.funcName,
        )
        clean.created, clean.msecs = record.created, record.msecs
        clean.relativeCreated = record.relativeCreated
        logging.getLogger().handle(clean)


def library_loggers() -> dict[str, dict]:
    """The ``loggers`` entries (dictConfig) for SILENCED_LIBRARIES and QUIET_LIBRARIES."""
    loggers: dict[str, dict] = {
        name: {"level": SILENT, "handlers": [], "propagate": False} for name in SILENCED_LIBRARIES
    }
    for name in QUIET_LIBRARIES:
        loggers[name] = {"level": "WARNING", "handlers": ["content_free"], "propagate": False}
    return loggers


def quiet_libraries() -> None:
    """Apply library_loggers() in any environment, with or without LOGGING (run when the ops
    app is ready, so development, tests and production all have it)."""
    handler = ContentFreeHandler()
    for name in SILENCED_LIBRARIES:
        logger = logging.getLogger(name)
        logger.setLevel(SILENT)
        logger.propagate = False
        logger.handlers = []
    for name in QUIET_LIBRARIES:
        logger = logging.getLogger(name)
        logger.setLevel(logging.WARNING)
        logger.propagate = False
        logger.handlers = [handler]


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
            # libraries' records, stripped of their values, on to the root's handlers
            "content_free": {"()": ContentFreeHandler},
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
            # libraries that read statements, accounts and identities: nothing, or no values
            **library_loggers(),
        },
    }
