"""The API's assessment carries help first and the current schemes, judged on the day of the
request (issue 13); the measures catalogue says where each measure stands today."""

from pathlib import Path

import yaml

SCENARIOS = yaml.safe_load(
    (Path(__file__).parents[2] / "scenarios/help_first.yaml").read_text(encoding="utf-8")
)
URL = "/api/v1/assessments"


def test_the_restaurant_gets_help_first_through_the_api(owner):
    response = owner.post(URL, SCENARIOS["restaurant"])
    assert response.status_code == 201, response.content
    body = response.json()
    help_first = body["help_first"]
    assert help_first["offered"] is True and help_first["signals_needed"] == 2
    assert [r["code"] for r in help_first["routes"]] == [
        "kvk_okb",
        "geldfit_zakelijk",
        "qredits_coaching",
        "whoa",
        "bbz",
    ]
    assert all(r["why"] and r["why_en"] for r in help_first["routes"])
    measures = {m["id"]: m for m in body["eligible_measures"]}
    assert measures["2"]["status"] == "ended" and not measures["2"]["invites_application"]
    assert not any(m["invites_application"] for m in body["eligible_measures"])
    schemes = {s["id"]: s for s in body["schemes"]}
    assert schemes["bmkb_c"]["status"] == "ended"
    assert schemes["whoa"]["invites_application"] is True  # negative equity, open since 2021


def test_a_healthy_firm_gets_no_help_first(owner):
    body = owner.post(URL, SCENARIOS["healthy"]).json()
    assert body["help_first"]["offered"] is False and body["help_first"]["routes"] == []


def test_the_catalogue_says_where_each_measure_stands(owner):
    rows = {m["id"]: m for m in owner.get("/api/v1/measures").json()["measures"]}
    assert rows["2"]["available_today"] == "ended" and rows["2"]["valid_until"] == "2022-12-31"
    assert rows["B"]["stage"] == "carried_out"
    assert rows["B"]["carried_by"] == ["bmkb", "bmkb_groen", "go"]
    assert rows["8"]["available_today"] == "proposed"
