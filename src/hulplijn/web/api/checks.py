"""System checks: a rate setting the API cannot read is found at start-up, not per request."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register

from hulplijn.web.api.throttles import parse


@register()
def rates(app_configs=None, **kwargs) -> list[Error]:
    problems = []
    for name in ("HULPLIJN_API_RATE", "HULPLIJN_API_AUTH_FAILURE_RATE"):
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
    alias = getattr(settings, "HULPLIJN_API_THROTTLE_CACHE", "")
    if alias and alias not in settings.CACHES:
        problems.append(
            Error(
                f"HULPLIJN_API_THROTTLE_CACHE = {alias!r} is not in CACHES",
                hint="Name a cache alias from CACHES, or leave it empty (count in memory).",
                id="hulplijn_api.E002",
            )
        )
    return problems
