"""Rate limits: per user (HULPLIJN_API_RATE, all their tokens together) and failed token checks
per address, counted in the database (hulplijn.web.ops.limits)."""

from __future__ import annotations

import pytest
from django.test import Client

from hulplijn.core import MODEL_VERSION
from hulplijn.web.api import tokens
from hulplijn.web.api.checks import rates
from hulplijn.web.ops.limits import parse
from hulplijn.web.ops.models import LimitCounter
from tests.web.api.conftest import Caller

GUESS = "hlp_000000000000_" + "A" * 43


def test_user_limit_gives_429_with_retry_after(owner, other, settings):
    settings.HULPLIJN_API_RATE = "3/min"
    assert [owner.get("/api/v1/measures").status_code for _ in range(3)] == [200] * 3
    refused = owner.get("/api/v1/measures")
    assert refused.status_code == 429
    assert refused.json()["detail"] == "Too many requests."
    assert refused.json()["model_version"] == MODEL_VERSION
    assert 1 <= int(refused["Retry-After"]) <= 60
    # every endpoint counts against the same user; another user has their own count
    assert owner.get("/api/v1/assessments").status_code == 429
    assert other.get("/api/v1/measures").status_code == 200


def test_more_tokens_do_not_multiply_the_limit(owner, settings):
    """Finding: 10 tokens of one user allowed 10 x the rate. The count is per user."""
    settings.HULPLIJN_API_RATE = "4/min"
    callers = [owner] + [
        Caller(Client(), owner.user, tokens.issue(owner.user, f"extra {n}")[1]) for n in range(3)
    ]
    codes = [caller.get("/api/v1/measures").status_code for caller in callers for _ in range(2)]
    assert codes == [200] * 4 + [429] * 4


def test_counts_are_rows_in_the_database(owner, settings):
    """Finding: counters lived in each process's memory. They are shared rows now."""
    settings.HULPLIJN_API_RATE = "2/h"
    assert [owner.get("/api/v1/measures").status_code for _ in range(3)] == [200, 200, 429]
    row = LimitCounter.objects.get(key=f"api_user/3600/{owner.user.pk}")
    assert row.hits == 3


def test_limit_off(owner, settings):
    settings.HULPLIJN_API_RATE = "off"
    assert {owner.get("/api/v1/measures").status_code for _ in range(30)} == {200}
    assert not LimitCounter.objects.exists()


def test_failed_token_checks_are_limited_at_the_limit(settings):
    """Finding: 121 bad tokens got 401 before the first 429 (limit 30). The 31st is refused."""
    settings.HULPLIJN_API_AUTH_FAILURE_RATE = "30/min"
    guesser = Caller(Client(), None, GUESS)
    codes = [guesser.get("/api/v1/measures").status_code for _ in range(32)]
    assert codes == [401] * 30 + [429] * 2
    refused = guesser.get("/api/v1/measures")
    assert refused.status_code == 429 and 1 <= int(refused["Retry-After"]) <= 60


def test_a_valid_token_is_not_refused_for_its_addresss_failures(owner, settings):
    """Finding: once an address passed the failed-token limit, valid tokens from it got 429 too;
    behind a load balancer every client has that address. Only failed checks are refused."""
    settings.HULPLIJN_API_AUTH_FAILURE_RATE = "2/min"
    guesser = Caller(Client(), None, GUESS)
    assert [guesser.get("/api/v1/measures").status_code for _ in range(3)] == [401, 401, 429]
    assert owner.get("/api/v1/measures").status_code == 200
    assert guesser.get("/api/v1/measures").status_code == 429
    # a client at another address has its own count of failures
    other_address = guesser.client.get(
        "/api/v1/measures", headers={"Authorization": f"Bearer {GUESS}"}, REMOTE_ADDR="192.0.2.7"
    )
    assert other_address.status_code == 401


def test_an_expired_or_revoked_token_counts_as_a_failure(owner, settings):
    settings.HULPLIJN_API_AUTH_FAILURE_RATE = "1/min"
    tokens.revoke(owner.user, owner.user.api_tokens.get().pk)
    assert [owner.get("/api/v1/measures").status_code for _ in range(2)] == [401, 429]


def test_missing_header_is_not_counted_as_a_guess(anonymous, owner, settings):
    settings.HULPLIJN_API_AUTH_FAILURE_RATE = "2/min"
    assert {anonymous.get("/api/v1/measures").status_code for _ in range(5)} == {401}
    assert not LimitCounter.objects.exists()
    assert owner.get("/api/v1/measures").status_code == 200


def test_forwarded_for_is_ignored_without_proxies(settings):
    """X-Forwarded-For cannot be used to dodge the limit unless proxies are configured."""
    settings.HULPLIJN_API_AUTH_FAILURE_RATE = "1/min"
    bad = {"Authorization": f"Bearer {GUESS}"}
    client = Client()
    assert client.get("/api/v1/measures", headers=bad).status_code == 401
    spoofed = {**bad, "X-Forwarded-For": "198.51.100.1"}
    assert client.get("/api/v1/measures", headers=spoofed).status_code == 429


def test_behind_one_proxy_failures_count_per_forwarded_address(settings):
    settings.HULPLIJN_NUM_PROXIES = 1
    settings.HULPLIJN_API_AUTH_FAILURE_RATE = "1/min"
    client = Client()

    def guess(forwarded: str) -> int:
        headers = {"Authorization": f"Bearer {GUESS}", "X-Forwarded-For": forwarded}
        return client.get("/api/v1/measures", headers=headers).status_code

    assert [guess("198.51.100.1"), guess("198.51.100.1")] == [401, 429]
    # another client behind the same load balancer; a client's own X-Forwarded-For is ignored
    assert guess("198.51.100.2") == 401
    assert guess("198.51.100.2, 198.51.100.1") == 429


@pytest.mark.parametrize(
    ("rate", "parsed"),
    [
        ("1200/min", (1200, 60)),
        ("20/s", (20, 1)),
        ("100/10s", (100, 10)),
        ("5/h", (5, 3600)),
        ("2/d", (2, 86400)),
        ("off", None),
    ],
)
def test_rates(rate, parsed):
    assert parse(rate) == parsed


@pytest.mark.parametrize("rate", ["fast", "0/min", "10/fortnight", "10/0s", "-1/min"])
def test_bad_rates_are_refused(rate):
    with pytest.raises(ValueError):
        parse(rate)


def test_limit_settings_are_checked_at_start_up(settings):
    assert rates() == []
    settings.HULPLIJN_API_RATE = "quickly"
    settings.HULPLIJN_FEEDBACK_RATE = "10/fortnight"
    settings.HULPLIJN_API_MAX_TOKENS = 0
    assert [e.id for e in rates()] == ["hulplijn_api.E001"] * 2 + ["hulplijn_api.E002"]
    settings.HULPLIJN_API_RATE = settings.HULPLIJN_FEEDBACK_RATE = "off"
    settings.HULPLIJN_API_MAX_TOKENS = 5
    settings.HULPLIJN_API_TOKEN_DAYS = 400
    assert [e.id for e in rates()] == ["hulplijn_api.E003"]
