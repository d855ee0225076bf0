"""The optional legal-form question (issue 13): asked with the plans, prefilled from the KVK
register where it names the form, passed to the engine, where the Bbz route uses it."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
import respx

from hulplijn.web.assessments.models import Assessment, Draft
from tests.web.conftest import EXAMPLE_STEPS, complete_wizard

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parents[1] / "fixtures" / "kvk"
URL = "https://api.kvk.example/test/api/v1"


def _profile(rechtsvorm: str) -> dict:
    """The recorded KVK test-environment Basisprofiel of 90006623 (a foundation) with another
    legal form for its owner."""
    body = json.loads((FIXTURES / "kvk-test-basisprofiel-90006623.json").read_text())
    body["_embedded"]["eigenaar"]["rechtsvorm"] = rechtsvorm
    return body


@pytest.fixture
def kvk_api(settings):
    settings.HULPLIJN_KVK_API_KEY = "test-key"
    settings.HULPLIJN_KVK_API_URL = URL
    with respx.mock(assert_all_called=False) as mock:
        yield mock.get(f"{URL}/basisprofielen/90006623")


def _sector_with_kvk(client):
    client.get("/zelfdiagnose/")
    sector = {**EXAMPLE_STEPS["sector"], "kvk_number": "90006623", "action": "next"}
    assert client.post("/zelfdiagnose/sector/", sector).status_code == 302


def test_the_plans_step_prefills_the_legal_form_from_the_kvk_register(client, kvk_api):
    kvk_api.mock(return_value=httpx.Response(200, json=_profile("Eenmanszaak")))
    _sector_with_kvk(client)
    page = client.get("/zelfdiagnose/plannen/").content.decode()
    assert '<option value="eenmanszaak" selected>' in page
    assert kvk_api.calls  # asked the register for it


def test_a_form_the_wizard_does_not_name_is_prefilled_as_another_form(client, kvk_api):
    kvk_api.mock(return_value=httpx.Response(200, json=_profile("Stichting")))
    _sector_with_kvk(client)
    page = client.get("/zelfdiagnose/plannen/").content.decode()
    assert '<option value="other" selected>' in page


def test_an_unreachable_register_prefills_nothing_and_never_blocks(client, kvk_api):
    kvk_api.mock(return_value=httpx.Response(503))
    _sector_with_kvk(client)
    response = client.get("/zelfdiagnose/plannen/")
    assert response.status_code == 200
    select = response.content.decode().split('name="legal_form"')[1].split("</select>")[0]
    assert '<option value="" selected>' in select  # "not given", for the owner to answer


def test_without_the_kvk_api_nothing_is_asked_of_it(client, settings):
    settings.HULPLIJN_KVK_API_KEY = ""
    with respx.mock(assert_all_called=False) as mock:
        route = mock.get(url__startswith="https://")
        _sector_with_kvk(client)
        client.get("/zelfdiagnose/plannen/")
    assert not route.calls


@pytest.mark.parametrize(("answer", "stored"), [("vof", "vof"), ("unknown", "unknown"), ("", None)])
def test_the_answer_reaches_the_engine(client, answer, stored):
    steps = {**EXAMPLE_STEPS, "plannen": {**EXAMPLE_STEPS["plannen"], "legal_form": answer}}
    complete_wizard(client, steps)
    assessment = Assessment.objects.get()
    assert assessment.firm_input.get("legal_form") == stored
    assert assessment.result["legal_form"] == stored


def test_an_answer_outside_the_list_is_refused_on_the_step(client):
    client.get("/zelfdiagnose/")
    for slug in ("sector", "resultaten", "liquiditeit", "solvabiliteit"):
        client.post(f"/zelfdiagnose/{slug}/", {**EXAMPLE_STEPS[slug], "action": "next"})
    response = client.post("/zelfdiagnose/plannen/", {"legal_form": "nv", "action": "next"})
    assert response.status_code == 200  # the step again, with the error
    assert 'name="legal_form"' in response.content.decode()
    assert "plannen" not in Draft.objects.get().data.get("clean", {})


def test_the_review_page_names_the_legal_form(client):
    client.get("/zelfdiagnose/")
    for slug in ("sector", "resultaten", "liquiditeit", "solvabiliteit"):
        client.post(f"/zelfdiagnose/{slug}/", {**EXAMPLE_STEPS[slug], "action": "next"})
    client.post("/zelfdiagnose/plannen/", {"legal_form": "vof", "action": "next"})
    page = client.get("/zelfdiagnose/controle/").content.decode()
    assert "Rechtsvorm van uw bedrijf (niet verplicht)" in page
    assert "Vennootschap onder firma (vof)" in page


def test_the_plans_step_says_what_it_asks_and_not_that_it_is_the_last_question(client):
    """Noticed in review: the plans step began "Nog één vraag" although it asks for plans and
    the legal form and three steps (use of figures, guess, check) follow."""
    client.get("/zelfdiagnose/")
    for slug, data in EXAMPLE_STEPS.items():
        if slug == "plannen":
            break
        client.post(f"/zelfdiagnose/{slug}/", {**data, "action": "next"})
    intro = client.get("/zelfdiagnose/plannen/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Nog één vraag" not in intro
    assert "wat bent u het komende jaar van plan, en wat is de rechtsvorm van uw bedrijf?" in intro
