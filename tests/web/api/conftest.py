"""API tests: a token per user, the report's round, and clean rate-limit counters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hulplijn.web.api import services, tokens
from tests.conftest import hand_reference, linear
from tests.web.factories import AdviserFactory, PolicyUserFactory, UserFactory

EXAMPLE = json.loads(
    (Path(__file__).parents[3] / "src/hulplijn/examples/voorbeeldbedrijf.json").read_text()
)


@pytest.fixture(autouse=True)
def api_state(db):
    """The report's assessment round (from the data migration) and the rate-limit counters are
    rows in the test's database, so every test starts with the one and without the others."""
    yield


# Hand-made peer distributions (tests/test_assess.py): every percentile can be derived by hand.
HAND_ROWS = [
    # productivity in 47/midden: p -> 500 x p euro per FTE (0 .. 50,000); koplopers' mean 45,000
    ("productivity", "division_size", "47/midden", 100, linear(0, 50_000), 25_000, 45_000),
    # productivity growth only at section x size: -0.25 .. 0.25
    ("productivity_growth", "section_size", "G/midden", 40, linear(-0.25, 0.25), 0.0, 0.2),
    # job growth: 9 firms in 47/midden (never shown), so the section's 40 firms
    ("job_growth", "division_size", "47/midden", 9, linear(-1, 1), 0.0, 0.9),
    ("job_growth", "section", "G", 40, linear(-0.5, 0.5), 0.0, 0.4),
    ("cash_buffer_days@2020-02", "division_size", "47/midden", 12, linear(0, 200), 100, 180),
    # exactly 10 firms: the disclosure minimum, so it is shown
    ("solvency", "division_size", "47/midden", 10, linear(0, 0.8), 0.4, 0.72),
    # 5 firms and no broader group: never shown
    ("quick_ratio@2020-02", "division_size", "47/midden", 5, linear(0, 2), 1.0, 1.8),
]


@pytest.fixture
def hand_reference_in_api(monkeypatch):
    """The API on the hand-made reference (the loader is the swappable I/O boundary)."""
    ref = hand_reference(HAND_ROWS)
    monkeypatch.setattr(services, "reference", lambda: ref)
    monkeypatch.setattr(services, "references", lambda: (ref,))
    monkeypatch.setattr(services, "reference_of", lambda firm: ref)  # the firm's round's
    return ref


class Caller:
    """A test client that sends one user's token with every request."""

    def __init__(self, client, user, token: str | None):
        self.client, self.user, self.token = client, user, token

    def _headers(self, language: str | None) -> dict[str, str]:
        headers = {}
        if self.token is not None:
            headers["Authorization"] = f"Bearer {self.token}"
        if language:
            headers["Accept-Language"] = language
        return headers

    def get(self, path: str, language: str | None = None, **params):
        return self.client.get(path, params, headers=self._headers(language))

    def post(self, path: str, body=None, language: str | None = None, raw: bytes | None = None):
        data = raw if raw is not None else ("" if body is None else json.dumps(body))
        return self.client.generic(
            "POST", path, data, content_type="application/json", headers=self._headers(language)
        )


def caller_for(client_class, user) -> Caller:
    _token, secret = tokens.issue(user, "test")
    return Caller(client_class(), user, secret)


@pytest.fixture
def owner():
    from django.test import Client

    return caller_for(Client, UserFactory())


@pytest.fixture
def other():
    from django.test import Client

    return caller_for(Client, UserFactory())


@pytest.fixture
def adviser():
    from django.test import Client

    return caller_for(Client, AdviserFactory())


@pytest.fixture
def policy():
    from django.test import Client

    return caller_for(Client, PolicyUserFactory())


@pytest.fixture
def anonymous():
    from django.test import Client

    return Caller(Client(), None, None)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "api_fuzz: schemathesis against the live API server (bounded, in the normal run)"
    )
