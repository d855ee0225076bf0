"""POST /plan/run (policy role): the baseline by hand, a scenario beside it, bad scenarios."""

from __future__ import annotations

import pytest

URL = "/api/v1/plan/run"


def _measure(result: dict, measure_id: str) -> dict:
    return next(m for m in result["measures"] if m["id"] == measure_id)


def test_baseline_by_hand(policy):
    response = policy.post(URL)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["model_version"] and body["reference_vintage"]
    assert body["scenario"] is None and body["comparison"] is None
    base = body["baseline"]
    assert base["years"] == [2021, 2022, 2023, 2024, 2025]
    assert len(base["measures"]) == 10 and base["dropped"] == []
    debt = _measure(base, "1")
    # 1 debt relief, mid: exposure 7.5 bn x 3.5% restructured x 30% haircut a year
    assert debt["investment"]["mid"] == pytest.approx([7.5 * 0.035 * 0.30] * 5)
    # 25,000 exposed firms x 3.5% = 875 a year, each keeping 87.5% of EUR 820k value added
    assert debt["participants"]["mid"] == pytest.approx([875] * 5)
    assert debt["va_growth"]["mid"] == pytest.approx([875 * 205 / 250_000 * 0.875] * 5, abs=1e-6)
    assert debt["va_2025"]["mid"] == pytest.approx(5 * 875 * 205 / 250_000 * 0.875, abs=1e-5)
    # the totals are the sums of the measures
    total = base["total"]
    assert total["va_2025"]["mid"] == pytest.approx(
        sum(m["va_2025"]["mid"] for m in base["measures"]), abs=1e-5
    )
    assert total["investment_total"]["mid"] == pytest.approx(
        sum(m["investment_total"]["mid"] for m in base["measures"]), abs=1e-5
    )


def test_scenario_beside_the_baseline(policy):
    scenario = {
        "name": "Zonder investeringskorting",
        "drop": ["2"],
        "measures": {"1": {"params": {"restructured_share": 0.05}}},
    }
    response = policy.post(URL, scenario)
    assert response.status_code == 200, response.content
    body = response.json()
    variant, base = body["scenario"], body["baseline"]
    assert variant["scenario"] == "Zonder investeringskorting" and variant["dropped"] == ["2"]
    assert {m["id"] for m in variant["measures"]} == {m["id"] for m in base["measures"]} - {"2"}
    # 5% restructured: 7.5 x 5% x 30% = 0.1125 a year; 25,000 x 5% = 1,250 firms
    debt = _measure(variant, "1")
    assert debt["investment"]["mid"] == pytest.approx([0.1125] * 5)
    assert debt["participants"]["mid"] == pytest.approx([1250] * 5)
    # the total falls by measure 2's contribution and rises by measure 1's extra
    row = body["comparison"]["total"]["contribution"]["difference"]["mid"]
    gained = 5 * (1250 - 875) * 205 / 250_000 * 0.875
    lost = _measure(base, "2")["va_2025"]["mid"]
    assert row[-1] == pytest.approx(gained - lost, abs=1e-5)


@pytest.mark.parametrize(
    ("scenario", "loc"),
    [
        ({"measures": {"99": {}}}, "measures.99"),
        ({"drop": ["42"]}, "measures.42"),
        ({"colour": "red"}, "colour"),
        ({"general": {"firms": {"min": 5, "max": 1}}}, "general.firms"),
        ({"measures": {"1": {"params": {"speed": 3}}}}, "measures.1.params.speed"),
        ({"start_year": 1999}, "start_year"),
    ],
)
def test_bad_scenario_is_422(policy, scenario, loc):
    response = policy.post(URL, scenario, language="en")
    assert response.status_code == 422, response.content
    assert loc in [p["loc"] for p in response.json()["detail"]]


def test_a_bad_scenario_names_its_problem_by_code_in_the_readers_language(policy):
    dutch = policy.post(URL, {"start_year": 2019}, language="nl").json()["detail"]
    english = policy.post(URL, {"start_year": 2019}, language="en").json()["detail"]
    assert dutch == [
        {
            "loc": "start_year",
            "type": "year_before_plan",
            "msg": "2019 ligt vóór het eerste jaar van het plan (2021)",
        }
    ]
    assert english[0]["msg"] == "2019 lies before the plan's first year 2021"


def test_explain_gives_the_derivation_as_the_page_and_the_cli_do(policy):
    """#16: every number traceable from the API too: value added 2025 as the sum of the
    measures, each with its formula and assumptions cited by the report's section."""
    assert policy.post(URL).json()["explain"] is None  # only when asked
    body = policy.post(f"{URL}?explain=true").json()
    explain = body["explain"]
    mids = [m["va_2025"][1] for m in explain["measures"]]
    assert explain["total"][1] == pytest.approx(sum(mids))  # 30.04, the sum of the ten
    assert explain["total"][1] == pytest.approx(body["baseline"]["total"]["va_2025"]["mid"])
    debt = next(m for m in explain["measures"] if m["id"] == "1")
    exposure = next(a for a in debt["assumptions"] if a["name"] == "exposure")
    assert (exposure["min"], exposure["max"]) == (5, 10)  # EUR 5-10 bn
    assert exposure["source"].startswith('bijlage "Detaillering aannames" 1/3')
    assert "r. 51" not in json_text(explain)
    # a scenario is explained with its own assumptions: measure 4 left out
    scenario = policy.post(f"{URL}?explain=true", {"drop": ["4"]}).json()
    assert "4" not in [m["id"] for m in scenario["explain"]["measures"]]
    assert scenario["explain"]["dropped"] == ["4"]


def json_text(value) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def test_the_plans_sources_cite_the_report_by_section_not_by_line(policy):
    """Noticed at #16's close: the page and plan run cite the report by section or slide, but
    the API still gave "r. 5314, 4035" (lines of a text extraction a reader cannot find)."""
    import json
    import re

    body = policy.post(URL, language="nl").json()
    text = json.dumps(body, ensure_ascii=False)
    assert not re.search(r"\br\. ?\d{3,4}", text), re.search(r".{60}\br\. ?\d{3,4}.{20}", text)
    debt = _measure(body["baseline"], "1")
    sources = json.dumps(debt, ensure_ascii=False)
    assert 'bijlage \\"Detaillering aannames\\" 2/3' in sources
