"""Who may call what: every endpoint anonymously and with a bad token (401), another user's
objects (404, never 403, so ids do not leak), the policy endpoint without the role (403)."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone

from hulplijn.core import MODEL_VERSION
from hulplijn.web.api import tokens
from hulplijn.web.api.models import ApiToken
from hulplijn.web.assessments.models import Share
from tests.web.api.conftest import EXAMPLE, Caller

ANY_ID = "00000000-0000-4000-8000-000000000000"
ENDPOINTS = [
    ("post", "/api/v1/assessments", EXAMPLE),
    ("get", "/api/v1/assessments", None),
    ("get", f"/api/v1/assessments/{ANY_ID}", None),
    ("get", "/api/v1/benchmarks/47/midden", None),
    ("get", "/api/v1/measures", None),
    ("post", "/api/v1/plan/run", None),
    ("get", "/api/v1/evaluation", None),
    ("post", "/api/v1/batches", {"firms": [EXAMPLE]}),
    ("get", f"/api/v1/batches/{ANY_ID}", None),
]


def call(caller: Caller, method: str, path: str, body):
    return caller.post(path, body) if method == "post" else caller.get(path)


def test_every_endpoint_is_listed():
    """The matrix covers every operation in the API (a new endpoint must be added here)."""
    from hulplijn.web.api.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1")
    operations = {(method, path) for path, item in schema["paths"].items() for method in item}
    listed = {(m, p.replace(f"batches/{ANY_ID}", "batches/{batch_id}")) for m, p, _ in ENDPOINTS}
    listed = {(m, p.replace(ANY_ID, "{assessment_id}")) for m, p in listed}
    listed = {(m, p.replace("/47/midden", "/{sbi}/{size_class}")) for m, p in listed}
    assert operations == listed


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_anonymous_gets_401(anonymous, method, path, body):
    response = call(anonymous, method, path, body)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["model_version"] == MODEL_VERSION
    assert "reference_vintage" in response.json()


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
@pytest.mark.parametrize(
    "header",
    [
        "Bearer hlp_000000000000_" + "A" * 43,  # well-formed, unknown
        "Bearer nonsense",
        "Token abc",
        "Basic dXNlcjpwYXNz",
        "Bearer ",
    ],
)
def test_bad_token_gets_401(client, method, path, body, header):
    headers = {"Authorization": header}
    if method == "post":
        response = client.post(path, {}, content_type="application/json", headers=headers)
    else:
        response = client.get(path, headers=headers)
    assert response.status_code == 401


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_revoked_token_gets_401(owner, method, path, body):
    assert tokens.revoke(owner.user, ApiToken.objects.get(owner=owner.user).pk)
    assert call(owner, method, path, body).status_code == 401


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_token_of_a_deactivated_user_gets_401(owner, method, path, body):
    owner.user.is_active = False
    owner.user.save()
    assert call(owner, method, path, body).status_code == 401


def test_token_with_a_wrong_secret_gets_401(owner):
    prefix = ApiToken.objects.get(owner=owner.user).prefix
    forged = Caller(owner.client, owner.user, f"hlp_{prefix}_" + "x" * 43)
    assert forged.get("/api/v1/measures").status_code == 401


def test_session_login_is_no_api_login(client):
    from tests.web.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get("/api/v1/assessments").status_code == 401


def test_another_users_assessment_is_404(owner, other):
    made = owner.post("/api/v1/assessments", EXAMPLE).json()["id"]
    theirs = other.get(f"/api/v1/assessments/{made}")
    unknown = other.get(f"/api/v1/assessments/{uuid.uuid4()}")
    assert theirs.status_code == unknown.status_code == 404
    assert theirs.json() == unknown.json()
    assert other.get("/api/v1/assessments").json()["count"] == 0
    assert owner.get(f"/api/v1/assessments/{made}").status_code == 200


def test_adviser_reads_what_is_shared_until_revoked(owner, adviser, other):
    made = owner.post("/api/v1/assessments", EXAMPLE).json()["id"]
    url = f"/api/v1/assessments/{made}"
    assert adviser.get(url).status_code == 404
    share = Share.objects.create(assessment_id=made, adviser=adviser.user)
    response = adviser.get(url)
    assert response.status_code == 200 and response.json()["role"] == "adviser"
    assert adviser.get("/api/v1/assessments").json()["count"] == 0  # the list is own only
    assert other.get(url).status_code == 404  # a share is for that adviser only
    share.revoked_at = timezone.now()
    share.save()
    assert adviser.get(url).status_code == 404


def test_share_with_a_non_adviser_gives_no_access(owner, other):
    made = owner.post("/api/v1/assessments", EXAMPLE).json()["id"]
    Share.objects.create(assessment_id=made, adviser=other.user)
    assert other.get(f"/api/v1/assessments/{made}").status_code == 404


def test_share_link_gives_no_api_access(owner, other):
    made = owner.post("/api/v1/assessments", EXAMPLE).json()["id"]
    Share.objects.create(assessment_id=made)  # a secret link, no adviser
    assert other.get(f"/api/v1/assessments/{made}").status_code == 404


@pytest.mark.parametrize("who", ["owner", "adviser"])
def test_plan_needs_the_policy_role(request, who):
    caller = request.getfixturevalue(who)
    response = caller.post("/api/v1/plan/run")
    assert response.status_code == 403
    assert response.json()["detail"] == "The policy role is required."
    assert response.json()["model_version"] == MODEL_VERSION


def test_staff_without_the_policy_group_gets_403(owner):
    owner.user.is_staff = True
    owner.user.save()
    assert owner.post("/api/v1/plan/run").status_code == 403


def test_policy_role_may_run_the_plan(policy):
    assert policy.post("/api/v1/plan/run").status_code == 200


def test_no_interactive_docs_from_a_cdn(owner, client):
    assert client.get("/api/v1/docs").status_code == 404
    assert client.get("/api/v1/openapi.json").status_code == 200
