"""The report's maximum reach beside each measure (#16) on the plan page, in `hulplijn plan run`
and in the API (GET /measures, POST /plan/run), with its reading's confidence: the values as the
slide "Er is geen 'silver bullet'" prints them (thousands of SMEs excl. zzp)."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from typer.testing import CliRunner

from hulplijn.cli.main import app
from tests.web.api.conftest import caller_for
from tests.web.cockpit.pages import cells_of, t
from tests.web.factories import PolicyUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_plan_page_shows_each_measures_maximum_reach_and_how_sure_its_reading_is(client):
    client.force_login(PolicyUserFactory())
    html = client.get(reverse("cockpit:plan")).content.decode()
    slide = "de slide &quot;Er is geen &#x27;silver bullet&#x27;&quot;"
    # 1: "200-240" (thousands) -> 200.000 to 240.000 firms; the confidence "medium"
    row = cells_of(html, "bereik", "1 Gericht verlichten van schulden mkb")
    assert row[1:5] == ["200.000", "240.000", "", t("medium")]
    assert row[5].startswith(slide)
    # 7: "130-170"; 10: "100-130"; 6: "250 (alle)"
    assert cells_of(html, "bereik", "7 Een persoonlijk ontwikkelbudget")[1:3] == [
        "130.000",
        "170.000",
    ]
    assert cells_of(html, "bereik", "10 Opschaling digitaliseringsprogramma mkb")[1:3] == [
        "100.000",
        "130.000",
    ]
    six = cells_of(html, "bereik", "6 Toekomstbestendige arbeidsregelgeving")
    assert six[1:4] == ["250.000", "250.000", t("all SMEs")]
    whole = cells_of(html, "bereik", t("The plan as a whole"))
    assert whole[1:4] == ["250.000", "250.000", t("all SMEs")]
    # the caveat says the rows are inferred and how sure the reading is
    assert "zekerheid: gemiddeld" in html


def test_plan_run_prints_the_reach_with_its_caveat():
    result = CliRunner().invoke(app, ["plan", "run"])
    assert result.exit_code == 0, result.output
    text = result.stdout.split("Maximaal bereik volgens het rapport", 1)[1]
    lines = text.splitlines()
    assert any(
        line.startswith("  1  Gericht") and line.endswith("200.000–240.000") for line in lines
    )
    assert any(
        line.startswith("  8  Transparantie") and line.endswith("250.000 (alle)") for line in lines
    )
    assert "zekerheid gemiddeld" in text
    document = json.loads(CliRunner().invoke(app, ["plan", "run", "--format", "json"]).stdout)
    reach = {m["id"]: m["report"]["max_reach"] for m in document["baseline"]["measures"]}
    assert (reach["5"]["min"], reach["5"]["max"]) == (25_000, 40_000)


def test_the_api_lists_the_reach_of_the_plans_measures():
    owner = caller_for(Client, UserFactory())
    measures = {m["id"]: m for m in owner.get("/api/v1/measures").json()["measures"]}
    four = measures["4"]["max_reach"]
    assert (four["min"], four["max"], four["all_firms"]) == (60_000, 100_000, False)
    assert four["confidence"] == "medium"
    assert four["unit"] == "mkb-bedrijven excl. zzp"
    assert four["source"].startswith("de slide \"Er is geen 'silver bullet'\"")
    assert measures["8"]["max_reach"]["all_firms"] is True
    assert measures["A"]["max_reach"] is None  # not a plan measure: the slide gives none
    english = owner.get("/api/v1/measures", language="en").json()["measures"]
    assert english[0]["max_reach"]["unit"] == "SMEs excl. self-employed without staff"
    plan = caller_for(Client, PolicyUserFactory()).post("/api/v1/plan/run").json()
    reach = {m["id"]: m["report"]["max_reach"] for m in plan["baseline"]["measures"]}
    assert (reach["2"]["min"], reach["2"]["max"]) == (120_000, 160_000)
