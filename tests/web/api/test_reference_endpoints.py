"""GET /benchmarks/{sbi}/{size_class} and /measures: peer groups by hand, never under 10 firms;
the measures in Dutch or English."""

from __future__ import annotations

import pytest

from hulplijn.reference import params
from hulplijn.web.reference_store import reference


def test_benchmark_by_hand(owner, hand_reference_in_api):
    response = owner.get("/api/v1/benchmarks/47.11/midden")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["reference_vintage"] == "hand-made" and body["model_version"]
    assert body["sbi"] == "47" and body["size_class"] == "midden" and body["min_firms"] == 10
    assert body["sector_name"] == params.catalogue().sbi2008["47"].name_nl
    assert body["size_class_label"] == "Middenbedrijf"
    metrics = {m["metric"]: m for m in body["metrics"]}
    # productivity 0 .. 50,000 in 101 even steps: quartiles at 12,500 / 25,000 / 37,500
    productivity = metrics["productivity"]
    assert productivity["peer_group"]["key"] == "47/midden"
    assert productivity["peer_group"]["n"] == 100 and not productivity["peer_group"]["fallback"]
    assert productivity["distribution"] == pytest.approx(
        {"p25": 12_500, "median": 25_000, "p75": 37_500}
    )
    # job growth: 9 firms in 47/midden are never shown; section G (40 firms) instead, said so
    job = metrics["job_growth"]
    assert job["peer_group"]["level"] == "section" and job["peer_group"]["key"] == "G"
    assert job["peer_group"]["n"] == 40 and job["peer_group"]["fallback"]
    assert job["distribution"] == pytest.approx({"p25": -0.25, "median": 0.0, "p75": 0.25})
    # exactly 10 firms is shown
    assert metrics["solvency"]["peer_group"]["n"] == 10
    assert metrics["solvency"]["distribution"]["median"] == pytest.approx(0.4)
    # 5 firms and nothing broader: refused, with the reason
    quick = metrics["quick_ratio@2020-02"]
    assert quick["peer_group"] is None and quick["distribution"] is None
    assert quick["reason"] == "geen vergelijkingsgroep met minstens 10 bedrijven"


def test_benchmark_in_english(owner, hand_reference_in_api):
    body = owner.get("/api/v1/benchmarks/47/midden", language="en").json()
    assert body["size_class_label"] == "Medium-sized firm"
    assert body["sector_name"] == params.catalogue().sbi2008["47"].name_en
    quick = {m["metric"]: m for m in body["metrics"]}["quick_ratio@2020-02"]
    assert quick["reason"] == "no peer group of at least 10 firms"


def test_no_group_under_ten_firms_on_the_synthetic_reference(owner):
    ref = reference()
    sizes = [c.code for c in ref.size_classes.classes]
    for division in ("01", "10", "47", "62", "96"):
        for size in sizes:
            body = owner.get(f"/api/v1/benchmarks/{division}/{size}").json()
            for m in body["metrics"]:
                if m["peer_group"] is not None:
                    assert m["peer_group"]["n"] >= ref.peers.min_n >= 10
                else:
                    assert m["distribution"] is None


@pytest.mark.parametrize(
    ("path", "status", "loc"),
    [
        ("/api/v1/benchmarks/00/midden", 404, None),  # no such division
        ("/api/v1/benchmarks/4x/midden", 422, "sbi"),
        ("/api/v1/benchmarks/47/groot", 422, "size_class"),  # no such class: 250+ is no SME
    ],
)
def test_benchmark_refusals(owner, path, status, loc):
    response = owner.get(path, language="en")
    assert response.status_code == status
    if loc:
        assert [p["loc"] for p in response.json()["detail"]] == [loc]
    assert response.json()["reference_vintage"]


def test_measures_in_dutch_and_english(owner):
    nl = owner.get("/api/v1/measures").json()
    en = owner.get("/api/v1/measures", language="en").json()
    assert nl["language"] == "nl" and en["language"] == "en"
    assert len(nl["measures"]) == len(en["measures"]) == 20
    assert sum(m["in_plan"] for m in nl["measures"]) == 10
    first_nl, first_en = nl["measures"][0], en["measures"][0]
    assert first_nl["id"] == first_en["id"] == "1"
    assert first_nl["name"] == "Gericht verlichten van schulden mkb"
    assert first_en["name"] == "Targeted debt relief for SMEs"
    assert first_nl["category"] == first_en["category"] == "financiering"
    assert first_en["category_label"] == "Finance and investment"
    assert first_nl["category_label"] == "Financiering en investering"
    assert first_nl["scores"] == {
        "value_added": 2,
        "limited_costs": 5,
        "timely_impact": 4,
        "executability": 2,
        "public_support": 3,
        "speed_of_introduction": 5,
    }
    assert nl["model_version"] and nl["reference_vintage"] == reference().vintage
