"""System checks: a setting the limits cannot read is found at start-up, not per request."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register

from hulplijn.web.ops.limits import parse

RATES = (
    "HULPLIJN_API_RATE",
    "HULPLIJN_API_AUTH_FAILURE_RATE",
    "HULPLIJN_FEEDBACK_RATE",
    "HULPLIJN_WHAT_IF_RATE",
    "HULPLIJN_REGISTER_RATE",
)
NUMBERS = ("HULPLIJN_API_MAX_TOKENS", "HULPLIJN_API_TOKEN_DAYS", "HULPLIJN_API_TOKEN_MAX_DAYS")


@register()
def rates(app_configs=None, **kwargs) -> list[Error]:
    problems = []
    for name in RATES:
        try:
            parse(getattr(settings, name))
        except (ValueError, TypeError, AttributeError):
            problems.append(
                Error(
                    f"{name} = {getattr(settings, name, None)!r} is not a rate",
                    hint='Use COUNT/PERIOD, e.g. "1200/min", "50/s", "100/10s", or "off".',
                    id="hulplijn_api.E001",
                )
            )
    for name in NUMBERS:
        value = getattr(settings, name, None)
        if not isinstance(value, int) or value < 1:
            problems.append(
                Error(
                    f"{name} = {value!r} is not a whole number of at least 1",
                    id="hulplijn_api.E002",
                )
            )
    if not problems and settings.HULPLIJN_API_TOKEN_DAYS > settings.HULPLIJN_API_TOKEN_MAX_DAYS:
        problems.append(
            Error(
                "HULPLIJN_API_TOKEN_DAYS is more than HULPLIJN_API_TOKEN_MAX_DAYS",
                id="hulplijn_api.E003",
            )
        )
    return problems
