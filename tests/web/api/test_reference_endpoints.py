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


# -- the round of the peers (issue 13) ----------------------------------------------------------


@pytest.fixture
def two_rounds(settings, library_reference_dir):
    """The reference folder of `make reference` (the report's round and 2024/2025 with June
    2025) and the rounds `make run` opens for them: the current one newest."""
    from django.core.management import call_command

    from hulplijn.web import reference_store

    settings.HULPLIJN_REFERENCE_DIR = library_reference_dir
    reference_store.clear()
    call_command("reference_rounds", stdout=open("/dev/null", "w"))  # noqa: SIM115
    yield reference_store.references()
    reference_store.clear()


def _metrics(body) -> set[str]:
    return {m["metric"] for m in body["metrics"]}


def test_benchmark_serves_the_current_round_by_default_and_any_round_the_reference_holds(
    owner, two_rounds
):
    report, current = two_rounds
    assert (report.years, current.years) == ((2016, 2018), (2024, 2025))
    # default: the current round (2024/2025, one moment in June 2025), its own artifact
    body = owner.get("/api/v1/benchmarks/47/midden").json()
    assert (body["years"], body["moments"]) == ([2024, 2025], ["2025-06"])
    assert body["reference_vintage"] == current.vintage
    assert "cash_buffer_days@2025-06" in _metrics(body)
    assert not any(m.endswith("@2020-02") or m.endswith("@2020-07") for m in _metrics(body))
    # the report's round on request: its two moments of 2020 and nothing of 2025
    body = owner.get("/api/v1/benchmarks/47/midden", round="2016-2018").json()
    assert (body["years"], body["moments"]) == ([2016, 2018], ["2020-02", "2020-07"])
    assert body["reference_vintage"] == report.vintage
    assert {"quick_ratio@2020-02", "cash_buffer_days@2020-07"} <= _metrics(body)
    assert not any(m.endswith("@2025-06") for m in _metrics(body))
    # the same median as the artifact's own peer group of 47/midden (or the group it falls
    # back to): the quartiles come from the round asked for
    [productivity] = [m for m in body["metrics"] if m["metric"] == "productivity"]
    peers = report.peers
    d, sec, z = peers.codes(["47"], ["midden"])
    rows, _levels = peers.resolve("productivity", d, sec, z)
    assert productivity["distribution"]["median"] == pytest.approx(
        float(peers.quantiles[int(rows[0])][50])
    )
    assert body["metrics"] != owner.get("/api/v1/benchmarks/47/midden").json()["metrics"]


def test_benchmark_of_a_round_the_reference_does_not_hold_says_so(owner, two_rounds):
    response = owner.get("/api/v1/benchmarks/47/midden", round="2019-2021")
    assert response.status_code == 404
    assert response.json()["detail"] == "geen vergelijkingsgegevens voor 2019-2021"
    english = owner.get("/api/v1/benchmarks/47/midden", language="en", round="2019-2021")
    assert english.json()["detail"] == "no comparison data for 2019-2021"
    # years the wrong way round are no round at all; anything but yyyy-yyyy is refused
    assert owner.get("/api/v1/benchmarks/47/midden", round="2018-2016").status_code == 404
    refused = owner.get("/api/v1/benchmarks/47/midden", round="2016")
    assert refused.status_code == 422
    assert [p["loc"] for p in refused.json()["detail"]] == ["round"]
