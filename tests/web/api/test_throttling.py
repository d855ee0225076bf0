"""Rate limits: per token (HULPLIJN_API_RATE) and failed token checks per address."""

from __future__ import annotations

import pytest
from django.test import Client

from hulplijn.core import MODEL_VERSION
from hulplijn.web.api.checks import rates
from hulplijn.web.api.throttles import parse
from tests.web.api.conftest import Caller


def test_token_limit_gives_429_with_retry_after(owner, other, settings):
    settings.HULPLIJN_API_RATE = "3/min"
    assert [owner.get("/api/v1/measures").status_code for _ in range(3)] == [200] * 3
    refused = owner.get("/api/v1/measures")
    assert refused.status_code == 429
    assert refused.json()["detail"] == "Too many requests."
    assert refused.json()["model_version"] == MODEL_VERSION
    assert 1 <= int(refused["Retry-After"]) <= 60
    # every endpoint counts against the same token; another token has its own count
    assert owner.get("/api/v1/assessments").status_code == 429
    assert other.get("/api/v1/measures").status_code == 200


def test_counts_in_a_shared_cache_when_configured(owner, settings):
    from django.core.cache import cache

    settings.HULPLIJN_API_THROTTLE_CACHE = "default"
    settings.HULPLIJN_API_RATE = "2/h"
    cache.clear()
    assert [owner.get("/api/v1/measures").status_code for _ in range(3)] == [200, 200, 429]
    # the counts were in the shared cache, not in this process's own memory
    settings.HULPLIJN_API_THROTTLE_CACHE = ""
    assert owner.get("/api/v1/measures").status_code == 200
    cache.clear()


def test_limit_off(owner, settings):
    settings.HULPLIJN_API_RATE = "off"
    assert {owner.get("/api/v1/measures").status_code for _ in range(30)} == {200}


def test_failed_token_checks_are_limited_per_address(owner, settings):
    settings.HULPLIJN_API_AUTH_FAILURE_RATE = "2/min"
    guesser = Caller(Client(), None, "hlp_000000000000_" + "A" * 43)
    assert [guesser.get("/api/v1/measures").status_code for _ in range(2)] == [401, 401]
    refused = guesser.get("/api/v1/measures")
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    # the address is held off for the window, whatever token it sends
    assert owner.get("/api/v1/measures").status_code == 429
    # a client at another address is not
    assert (
        owner.client.get(
            "/api/v1/measures",
            headers={"Authorization": f"Bearer {owner.token}"},
            REMOTE_ADDR="192.0.2.7",
        ).status_code
        == 200
    )


def test_missing_header_is_not_counted_as_a_guess(anonymous, owner, settings):
    settings.HULPLIJN_API_AUTH_FAILURE_RATE = "2/min"
    assert {anonymous.get("/api/v1/measures").status_code for _ in range(5)} == {401}
    assert owner.get("/api/v1/measures").status_code == 200


def test_forwarded_for_is_ignored_without_proxies(owner, settings):
    """X-Forwarded-For cannot be used to dodge the limit unless proxies are configured."""
    settings.HULPLIJN_API_AUTH_FAILURE_RATE = "1/min"
    bad = {"Authorization": "Bearer hlp_000000000000_" + "A" * 43}
    client = Client()
    assert client.get("/api/v1/measures", headers=bad).status_code == 401
    spoofed = {**bad, "X-Forwarded-For": "198.51.100.1"}
    assert client.get("/api/v1/measures", headers=spoofed).status_code == 429


@pytest.mark.parametrize(
    ("rate", "parsed"),
    [
        ("1200/min", (1200, 60)),
        ("20/s", (20, 1)),
        ("100/10s", (100, 10)),
        ("5/h", (5, 3600)),
        ("off", None),
    ],
)
def test_rates(rate, parsed):
    assert parse(rate) == parsed


@pytest.mark.parametrize("rate", ["fast", "0/min", "10/fortnight"])
def test_bad_rates_are_refused(rate):
    with pytest.raises(ValueError):
        parse(rate)


def test_rate_settings_are_checked_at_start_up(settings):
    assert rates() == []
    settings.HULPLIJN_API_RATE = "quickly"
    settings.HULPLIJN_API_THROTTLE_CACHE = "redis"
    assert [e.id for e in rates()] == ["hulplijn_api.E001", "hulplijn_api.E002"]
