"""Authorisation sweep: every URL pattern of the project that takes an object id is requested
(GET and POST) as an anonymous visitor, another user, an adviser without a share and the owner.

The patterns come from the URL resolver, so a new URL is covered automatically, and a pattern
with a parameter that is not classified below fails `test_every_url_with_a_parameter_is_classified`.
Nobody but the owner (or the role a page is for) gets a 200 with the object, changes it, or
causes a 500. The JSON API under /api/ is swept by tests/web/api."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from hulplijn.web.assessments.models import Assessment, Share
from hulplijn.web.guidance.models import SurveyResponse
from hulplijn.web.intake.models import BatchJob
from tests.web.conftest import EXAMPLE_STEPS, complete_wizard
from tests.web.factories import AdviserFactory, PolicyUserFactory, UserFactory

pytestmark = pytest.mark.django_db

KVK_NUMBER = "12345678"  # the firm's number: a marker that its data is in a response


@dataclass(frozen=True)
class Route:
    route: str
    name: str | None
    params: tuple[str, ...]


def routes(patterns=None, prefix: str = "", namespace: str = "", params: tuple = ()):
    """Every URL pattern of the project: full route, namespaced name, parameter names."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        names = tuple(entry.pattern.converters) if hasattr(entry.pattern, "converters") else ()
        names += tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            inner = (
                f"{namespace}:{entry.namespace}"
                if namespace and entry.namespace
                else (entry.namespace or namespace)
            )
            yield from routes(
                entry.url_patterns, prefix + str(entry.pattern), inner, params + names
            )
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield Route(prefix + str(entry.pattern), name, tuple(dict.fromkeys(params + names)))


@dataclass
class World:
    owner: object
    assessment: Assessment
    link: Share
    adviser_share: Share
    survey: str
    measure: str
    extra: dict = field(default_factory=dict)


# --- classification ------------------------------------------------------------------------
# firm data: only the owner (and an adviser it is shared with); kwargs from the world
FIRM = {
    "assessments:dashboard": lambda w: {"pk": w.assessment.pk},
    "assessments:what_if": lambda w: {"pk": w.assessment.pk},
    "assessments:feedback": lambda w: {"pk": w.assessment.pk},
    "assessments:share": lambda w: {"pk": w.assessment.pk},
    "assessments:revoke": lambda w: {"pk": w.assessment.pk, "share_id": w.link.pk},
    "assessments:delete": lambda w: {"pk": w.assessment.pk},
    "assessments:note": lambda w: {"pk": w.assessment.pk},
    "assessments:survey": lambda w: {"pk": w.assessment.pk, "code": w.survey},
    "assessments:uptake": lambda w: {"pk": w.assessment.pk, "measure": w.measure},
    "assessments:report_pdf": lambda w: {"pk": w.assessment.pk},
}
# the secret share link is the capability itself: an unknown or revoked token is 404 for all
LINK = {"assessments:shared", "assessments:shared_what_if", "assessments:shared_pdf"}
# objects of the account (not firm data): another account gets 404 and changes nothing
ACCOUNT = {
    "api_tokens:revoke": lambda w: {"pk": w.extra["token"].pk},
    # an adviser's CSV batch job and its report (the owner is an adviser too)
    "intake:batch_job": lambda w: {"pk": w.extra["batch_job"].pk},
    "intake:batch_report": lambda w: {"pk": w.extra["batch_job"].pk},
}
# the policy role only (aggregates); a scenario has no firm data
POLICY = {
    "cockpit:scenario",
    "cockpit:scenario_edit",
    "cockpit:scenario_delete",
    "cockpit:scenario_yaml",
    "cockpit:scenario_brief",
}
# parameters that are not object ids
NOT_AN_OBJECT = {
    "assessments:step": "the wizard step; a visitor only ever reaches their own draft",
    # django-allauth: secrets sent by e-mail, the provider's name, and a security key that allauth
    # looks up among the logged-in account's own (get_object_or_404 with user=request.user)
    "account_confirm_email": "the secret key of an e-mail confirmation link",
    "account_reset_password_from_key": "the secret key of a password-reset link",
    "openid_connect_login": "the OpenID Connect provider's name (404 unless configured)",
    "openid_connect_callback": "the OpenID Connect provider's name (404 unless configured)",
    "mfa_remove_webauthn": "a security key of the logged-in account only",
    "mfa_edit_webauthn": "a security key of the logged-in account only",
    # the signed unsubscribe token of a reminder e-mail: a forged one is refused (test_reminders)
    "reminders:unsubscribe": "a signed token; only a valid signature turns reminders off",
}
API_PREFIX = "api/"  # swept by tests/web/api (token auth, JSON)


def classify(route: Route) -> str | None:
    if route.route.startswith(API_PREFIX):
        return "api"
    if route.route.startswith(settings.HULPLIJN_ADMIN_PATH):
        return "admin"
    for kind, names in (("firm", FIRM), ("link", LINK), ("account", ACCOUNT), ("policy", POLICY)):
        if route.name in names:
            return kind
    if route.name in NOT_AN_OBJECT:
        return "not an object"
    return None


WITH_PARAMS = [r for r in routes() if r.params]


def test_every_url_with_a_parameter_is_classified():
    unclassified = [f"{r.route} ({r.name})" for r in WITH_PARAMS if classify(r) is None]
    assert unclassified == [], "classify these URL patterns in test_authorisation.py"
    assert {classify(r) for r in WITH_PARAMS} >= {"firm", "link", "admin"}
    assert {r.name for r in WITH_PARAMS if classify(r) == "firm"} == set(FIRM)


# --- the world: one owner's firm, and the others -------------------------------------------


@pytest.fixture
def world(client) -> World:
    owner = UserFactory()
    client.force_login(owner)
    steps = {**EXAMPLE_STEPS, "sector": {**EXAMPLE_STEPS["sector"], "kvk_number": KVK_NUMBER}}
    complete_wizard(client, steps)
    stored = Assessment.objects.get()
    client.post(f"/beoordeling/{stored.pk}/delen/", {"kind": "link"})
    client.post(
        f"/beoordeling/{stored.pk}/delen/",
        {"kind": "adviser", "label": "Klant", "email": AdviserFactory().email},
    )
    survey = "survey_entrepreneurship"
    SurveyResponse.objects.create(assessment=stored, survey=survey, answers={})
    # issue 13: only an open scheme the firm qualifies for takes an uptake answer
    measure = next(m["id"] for m in stored.result["schemes"] if m["invites_application"])
    extra = {}
    if apps.is_installed("hulplijn.web.api"):
        from hulplijn.web.api import tokens

        extra["token"] = tokens.issue(owner, "boekhouding")[0]
    # a finished batch job of the owner as an adviser, its report naming the firm's KvK number
    owner.is_adviser = True
    owner.save(update_fields=["is_adviser"])
    extra["batch_job"] = BatchJob.objects.create(
        owner=owner,
        digest="0" * 64,
        status=BatchJob.Status.DONE,
        saved=1,
        report={"file_problems": [], "rows": [[2, KVK_NUMBER, str(stored.pk), []]]},
    )
    client.logout()
    return World(
        owner=owner,
        assessment=stored,
        link=Share.objects.get(adviser__isnull=True),
        adviser_share=Share.objects.get(adviser__isnull=False),
        survey=survey,
        measure=measure,
        extra=extra,
    )


def snapshot(w: World) -> dict:
    """What a request by somebody else must not change."""
    stored = Assessment.objects.filter(pk=w.assessment.pk).values().first()
    return {
        "assessment": stored,
        "shares": list(Share.objects.filter(assessment=w.assessment.pk).values()),
        "surveys": list(SurveyResponse.objects.filter(assessment=w.assessment.pk).values()),
        "related": {
            model._meta.label: list(model.objects.filter(assessment=w.assessment.pk).values())
            for model in apps.get_models()
            if any(f.name == "assessment" for f in model._meta.concrete_fields)
        },
        "batch_job": list(BatchJob.objects.filter(pk=w.extra["batch_job"].pk).values()),
        "token": list(type(w.extra["token"]).objects.filter(pk=w.extra["token"].pk).values())
        if "token" in w.extra
        else None,
    }


def outsiders() -> dict[str, Client]:
    """An anonymous visitor, another account holder and an adviser without a share."""
    clients = {"anonymous": Client()}
    for who, user in (("other user", UserFactory()), ("adviser without share", AdviserFactory())):
        clients[who] = Client()
        clients[who].force_login(user)
    return clients


def assert_refused(who: str, method: str, url: str, response) -> None:
    status = response.status_code
    assert status in (302, 403, 404, 405), (who, method, url, status)
    if status == 302:
        assert (
            "inloggen" in response["Location"]
            or "login" in response["Location"]
            or ("/beoordeling/" not in response["Location"])
        ), (who, method, url, response["Location"])
    assert KVK_NUMBER.encode() not in response.content, (who, method, url)


def by_name(kind: str) -> list[Route]:
    return sorted((r for r in WITH_PARAMS if classify(r) == kind), key=lambda r: r.name or "")


@pytest.mark.parametrize("route", by_name("firm"), ids=lambda r: r.name)
def test_firm_data_only_for_its_owner(route, world, client):
    from django.urls import reverse

    url = reverse(route.name, kwargs=FIRM[route.name](world))
    before = snapshot(world)
    for who, other in outsiders().items():
        for method in ("get", "post"):
            assert_refused(who, method, url, getattr(other, method)(url))
    assert snapshot(world) == before, "somebody else changed the firm's data"
    client.force_login(world.owner)
    get = client.get(url)
    assert get.status_code in (200, 302, 400, 405), ("owner", url, get.status_code)
    post = client.post(url)
    assert post.status_code in (200, 302, 400, 405), ("owner", url, post.status_code)


@pytest.mark.parametrize("route", by_name("link"), ids=lambda r: r.name)
def test_share_links_need_the_live_token(route, world, client):
    from django.urls import reverse

    world.link.revoked_at = world.assessment.created_at
    world.link.save()
    for token in (uuid.uuid4(), world.link.token, world.adviser_share.token):
        url = reverse(route.name, kwargs={"token": token})
        for who, other in {**outsiders(), "owner": client}.items():
            for method in ("get", "post"):
                assert getattr(other, method)(url).status_code == 404, (who, url)


@pytest.mark.parametrize("route", by_name("account"), ids=lambda r: r.name)
def test_account_objects_only_for_their_account(route, world, client):
    from django.urls import reverse

    url = reverse(route.name, kwargs=ACCOUNT[route.name](world))
    before = snapshot(world)
    for who, other in outsiders().items():
        for method in ("get", "post"):
            assert_refused(who, method, url, getattr(other, method)(url))
    assert snapshot(world) == before
    client.force_login(world.owner)
    assert client.post(url).status_code in (200, 302)


@pytest.mark.parametrize("route", by_name("policy"), ids=lambda r: r.name)
def test_policy_pages_only_for_the_policy_role(route, world, client):
    from django.urls import reverse

    from hulplijn.web.cockpit.models import Scenario

    scenario = Scenario.objects.create(name="Basis plus", overrides={})
    url = reverse(route.name, kwargs={"pk": scenario.pk})
    for who, other in {**outsiders(), "firm owner": client}.items():
        if who == "firm owner":
            other.force_login(world.owner)
        for method in ("get", "post"):
            response = getattr(other, method)(url)
            assert response.status_code in (302, 403, 405), (who, method, url, response.status_code)
    assert Scenario.objects.filter(pk=scenario.pk).exists()
    policy = Client()
    policy.force_login(PolicyUserFactory())
    assert policy.get(url).status_code == 200


def test_admin_urls_are_for_staff_only(world, client):
    """Every admin URL with an object id, for every registered model, as non-staff users."""
    from django.urls import reverse

    clients = {**outsiders(), "owner": client}
    client.force_login(world.owner)
    ids = {
        model._meta.model_name: model.objects.values_list("pk", flat=True).first()
        for model in admin.site._registry
    }
    checked = 0
    for route in (r for r in WITH_PARAMS if classify(r) == "admin"):
        parts = route.route.split("/")
        model = parts[2] if len(parts) > 3 else ""
        kwargs = {
            param: "accounts" if param == "app_label" else str(ids.get(model) or 1)
            for param in route.params
        }
        if route.name:
            url = reverse(route.name, kwargs=kwargs)
        else:  # e.g. django-solo's redirects: fill the <converter:name> parts in
            url = "/" + re.sub(
                r"<(?:\w+:)?(\w+)>", lambda m, values=kwargs: values[m.group(1)], route.route
            )
        for who, other in clients.items():
            for method in ("get", "post"):
                response = getattr(other, method)(url)
                assert response.status_code in (302, 403, 404), (who, method, url)
                if response.status_code == 302:
                    assert "/beheer/login/" in response["Location"], (who, url)
        checked += 1
    assert checked > 20
    assert Assessment.objects.filter(pk=world.assessment.pk).exists()
