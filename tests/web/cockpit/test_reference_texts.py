"""Texts the cockpit takes from the reference data (plan_assumptions.yaml, macro.yaml) follow the
page's language, Dutch first: parameter labels and units in the scenario form, the explanations
why a measure does not reproduce and the financing sources on the plan page."""

import html as html_lib

import pytest
from django.urls import reverse

from hulplijn.plan import measures
from hulplijn.reference import params
from tests.web.factories import PolicyUserFactory

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def policy(client):
    client.force_login(PolicyUserFactory())
    return client


def page(client, name: str, **headers) -> str:
    response = client.get(reverse(name), **headers)
    assert response.status_code == 200
    return html_lib.unescape(response.content.decode())


def test_the_dutch_scenario_form_shows_dutch_labels_and_units(policy):
    text = page(policy, "cockpit:scenario_new")
    assert (
        "productiviteitsgroei deelnemende bedrijven (productivity_gain): 0,04–0,06; "
        "aandeel van de toegevoegde waarde van de deelnemer"
    ) in text
    assert (
        "deelnemende mkb-bedrijven per jaar (participants): 1000–2000; bedrijven per jaar" in text
    )
    assert "factor per jaar (1 = rechte lijn); rapport: 2" in text  # macro.yaml's unit_nl
    assert "share of the participant's value added" not in text
    assert "firms per year" not in text
    assert "factor per year" not in text


def test_the_english_scenario_form_keeps_the_english_units(policy):
    text = page(policy, "cockpit:scenario_new", **EN)
    assert "productivity_gain (0.04–0.06, share of the participant's value added)" in text
    assert "participants (1000–2000, firms per year)" in text
    assert "factor per year (1 = straight line); report: 2" in text
    assert "aandeel van de toegevoegde waarde van de deelnemer" not in text
    assert "rechte lijn" not in text


def test_the_dutch_plan_page_explains_and_names_sources_in_dutch(policy):
    text = page(policy, "cockpit:plan")
    assert "1.000 herstarts x € 820.000 x 87,5% = 0,72 per jaar, tegen 0,4 in het rapport" in text
    assert "Volledig budget en volledig gebruik vanaf 2022." in text
    assert "Herstel- en Veerkrachtfaciliteit van de EU (RRF)" in text
    assert "1,000 restarts x EUR 820k" not in text
    assert "Full budget and full use from 2022" not in text
    assert "EU Recovery and Resilience Facility" not in text


def test_the_english_plan_page_keeps_the_models_english(policy):
    text = page(policy, "cockpit:plan", **EN)
    assert measures.KNOWN_GAPS["restart"] in text
    assert "Full budget and full use from 2022" in text
    assert "EU Recovery and Resilience Facility" in text
    assert "European Investment Fund" in text and "EU funds" in text
    assert "herstarts" not in text
    assert "Herstel- en Veerkrachtfaciliteit" not in text


def test_every_explanation_and_unit_has_its_dutch():
    data = params.plan_assumptions()
    for m in data["measures"].values():
        if m["key"] in measures.KNOWN_GAPS:
            assert m.get("reproduction_note_nl"), m["key"]
        for name, p in m["params"].items():
            assert p.get("unit_nl") and p.get("label"), (m["key"], name)
    for key, source in data["financing_sources"].items():
        assert source.get("label_en"), key
    assert set(data["financing_groups_en"]) == set(data["financing_groups"])
    macro = params.read_yaml("macro.yaml")
    for section in ("parameters", "headline"):
        for name, p in macro[section].items():
            assert p.get("unit_nl") and p.get("label_en"), name
