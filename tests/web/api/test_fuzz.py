"""schemathesis against the running API (pytest-django's live server, 127.0.0.1, real HTTP):
no generated request, valid or not, may get a server error (5xx)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from hulplijn.web.api import tokens
from tests.web.factories import PolicyUserFactory

pytestmark = pytest.mark.api_fuzz

MAX_EXAMPLES = 50  # per operation and phase: about 20 s on a laptop, well under two minutes


@pytest.fixture
def token(transactional_db, settings) -> str:
    """A policy user's token (so /plan/run is exercised too), with room for every request."""
    settings.HULPLIJN_API_RATE = "off"
    settings.HULPLIJN_API_AUTH_FAILURE_RATE = "off"
    _row, secret = tokens.issue(PolicyUserFactory(), "schemathesis")
    return secret


@pytest.fixture
def live_api(live_server, token):
    assert live_server.url.startswith("http://127.0.0.1:") or live_server.url.startswith(
        "http://localhost:"
    )
    return schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")


schema = schemathesis.pytest.from_fixture("live_api")


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error(case, token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"}, checks=[not_a_server_error], timeout=30
    )
