"""The engine's derivations of the report's example firm, every number derived by hand.

The peer distributions are the hand-made ones of tests/test_assess.py (linear percentile curves),
so every percentile and peer value below follows from a line of arithmetic.
"""

import json
from datetime import date

import pytest

from hulplijn.core import assess, parse_firm
from hulplijn.core.assessment import Assessment
from hulplijn.core.derivation import derive
from hulplijn.reference import params
from tests.conftest import EXAMPLE
from tests.test_assess import ROWS, hand_reference

FIRM = json.loads(EXAMPLE.read_text())


@pytest.fixture(scope="module")
def a():
    return assess(FIRM, hand_reference(ROWS))


def values(quantities):
    return {q.key: q.value for q in quantities}


def test_every_figure_the_engine_computes_has_a_derivation(a):
    assert set(a.derivations) == {
        "productivity",
        "productivity_growth",
        "job_growth",
        "cash_buffer_days@2020-02",
        "quick_ratio@2020-02",
        "cash_buffer_days@2020-07",
        "quick_ratio@2020-07",
        "solvency",
        "segment",
        "koplopers",
        "size_of_prize",
    }
    for d in a.derivations.values():
        assert d.formula.nl and d.formula.en and d.formula.nl != d.formula.en
        assert d.citation.nl and d.citation.en and d.inputs


def test_productivity(a):
    d = a.derivations["productivity"]
    assert d.formula.en == "gross margin / FTE" and d.formula("nl") == "brutomarge / VTE"
    assert "Verdieping mkb-hulplijn (3/5)" in d.citation.en
    # the firm's own 2018 figures, named by their place in the input
    assert values(d.inputs) == {"gross_margin_2018": 965_000, "fte_2018": 58}
    assert [q.source.name for q in d.inputs] == ["years[1].gross_margin", "years[1].fte"]
    assert {q.source.kind for q in d.inputs} == {"firm"}
    # 965,000 / 58 = 16,637.931...
    assert d.result.value == pytest.approx(16_637.931034, rel=1e-9)
    assert d.result.unit == "euro_per_fte"
    # percentile 16,637.93 / 500 = 33.2759 in 47/midden (n 100), the peers' year 2018
    c = d.comparison
    assert c.percentile == pytest.approx(33.275862, rel=1e-6)
    assert (c.key, c.n, c.fallback, c.period) == ("47/midden", 100, False, "2018")
    assert c.label.en == "same SBI division and size class"
    assert c.reference_vintage == "hand-made" and not c.synthetic_reference


def test_growth_figures(a):
    d = a.derivations["productivity_growth"]
    assert d.formula.en == "productivity 2018 / productivity 2016 − 1"
    # 909,000 / 56 = 16,232.142857; 965,000 / 58 = 16,637.931034
    assert values(d.steps) == {
        "productivity_2016": pytest.approx(16_232.142857, rel=1e-9),
        "productivity_2018": pytest.approx(16_637.931034, rel=1e-9),
    }
    # 16,637.931034 / 16,232.142857 - 1 = 0.0249990516 (the report: about 2%)
    assert d.result.value == pytest.approx(0.0249990516, rel=1e-8)
    assert d.result.unit == "change"
    # growth in -0.25 .. 0.25 at G/midden (a fallback): (0.0249990516 + 0.25) x 200 = 54.999810
    assert d.comparison.percentile == pytest.approx(54.999810, rel=1e-6)
    assert d.comparison.fallback and d.comparison.period == "2016–2018"

    jobs = a.derivations["job_growth"]
    assert jobs.formula.nl == "VTE 2018 / VTE 2016 − 1"
    assert values(jobs.inputs) == {"fte_2016": 56, "fte_2018": 58}
    # 58 / 56 - 1 = 2 / 56 = 0.0357143 (the report: 3.6%); in -0.5 .. 0.5: 53.5714
    assert jobs.result.value == pytest.approx(2 / 56)
    assert jobs.comparison.percentile == pytest.approx(53.571429, rel=1e-6)
    assert jobs.comparison.level == "all" and jobs.comparison.n == 1000


def test_segment_follows_from_both_growths(a):
    d = a.derivations["segment"]
    # +2.5% productivity and +3.6% jobs: both grow, "Versnellen & uitbreiden"
    assert d.outcome.nl == "Versnellen & uitbreiden" and d.outcome.en == "Accelerate & expand"
    assert values(d.inputs) == {
        "productivity_growth": pytest.approx(0.0249990516, rel=1e-8),
        "job_growth": pytest.approx(2 / 56),
    }


def test_cash_buffer_days_and_quick_ratio(a):
    d = a.derivations["cash_buffer_days@2020-02"]
    assert values(d.inputs) == {
        "cash": 150_000,
        "interest_costs": 15_000,
        "wage_costs": 340_000,
        "other_costs": 180_000,
        "days_per_year": 365,
    }
    assert d.inputs[0].source.name == "liquidity[0].cash"
    # 15,000 + 340,000 + 180,000 = 535,000 a year; / 365 = 1,465.753 a day
    assert values(d.steps) == {
        "yearly_costs": 535_000,
        "daily_costs": pytest.approx(1_465.7534246575),
    }
    # 150,000 / 1,465.753 = 102.336 days; in 0 .. 200 days: percentile 51.17, "average"
    assert d.result.value == pytest.approx(102.336449, rel=1e-8)
    assert d.comparison.percentile == pytest.approx(51.168224, rel=1e-6)
    assert d.comparison.period == "2020-02" and d.comparison.n == 12
    assert d.outcome.en == "average against peers"
    # judged by the norms 25 and 75, each with its source and validity from norms.yaml
    low, high = d.parameters
    assert (low.value, high.value) == (25, 75)
    assert low.source.name == "norms.yaml:liquidity_low_below_percentile"
    assert low.source.valid_from == date(2020, 1, 1) and low.source.valid_until is None
    assert "dashboard slide" in low.source.citation

    q = a.derivations["quick_ratio@2020-07"]
    # 95,000 + 15,000 + 60,000 = 170,000 over 120,000 + 65,000 = 185,000 = 0.918919
    assert values(q.steps) == {"liquid_assets": 170_000, "short_term_liabilities": 185_000}
    assert q.result.value == pytest.approx(0.918919, rel=1e-6)
    # between the weak line 0.5 and the healthy 1.0: "attention"; no peers for quick ratio
    assert q.outcome.en == "attention"
    assert [p.value for p in q.parameters] == [1.0, 0.5]
    assert q.comparison.percentile is None and q.comparison.n is None
    assert "10" in q.comparison.reason.en


def test_solvency(a):
    d = a.derivations["solvency"]
    assert d.formula.nl == "eigen vermogen / balanstotaal" and "line 460" in d.citation.en
    assert values(d.inputs) == {"equity": 520_000, "total_assets": 1_300_000}
    # 520,000 / 1,300,000 = 0.40: not above the norm 0.40; percentile 0.4 / 0.8 = 50 -> high
    assert d.result.value == pytest.approx(0.4)
    assert d.outcome.en == "not above the healthy norm; high against peers"
    norm, peers = d.parameters
    assert norm.value == 0.4 and "587-589" in norm.source.citation
    assert peers.value == 50
    assert d.comparison.percentile == pytest.approx(50) and d.comparison.n == 10


def test_koplopers_and_size_of_prize(a):
    k = a.derivations["koplopers"]
    assert k.label.en == "Gap to the koplopers (top 20%)"  # the share from norms.yaml, 0.20
    # top 20%: threshold at percentile 100 x (1 - 0.20) = 80, 80 x 500 = 40,000 per FTE
    assert values(k.inputs)["koplopers_share"] == 0.2
    assert values(k.steps)["threshold_percentile"] == pytest.approx(80)
    assert values(k.steps)["threshold"] == pytest.approx(40_000)
    # gap 45,000 - 16,637.93 = 28,362.07 per FTE; / 16,637.93 = 1.7047
    assert k.result.value == pytest.approx(28_362.068966, rel=1e-9)
    assert values(k.steps)["gap_fraction"] == pytest.approx(1.704663, rel=1e-6)
    assert k.comparison.n == 100 and k.comparison.period == "2018"

    s = a.derivations["size_of_prize"]
    assert values(s.inputs)["size_of_prize_percentile_step"] == 10
    steps = values(s.steps)
    # percentile 33.2759 + 10 = 43.2759; x 500 = 21,637.93 per FTE; x 58 FTE = 1,255,000
    assert steps["target_percentile"] == pytest.approx(43.275862, rel=1e-6)
    assert steps["target_productivity"] == pytest.approx(21_637.931034, rel=1e-9)
    assert steps["gross_margin_at_target"] == pytest.approx(1_255_000)
    # 1,255,000 - 965,000 = 290,000 a year; / 965,000 = 30.05%
    assert s.result.value == pytest.approx(290_000)
    assert steps["fraction"] == pytest.approx(0.300518, rel=1e-6)


def test_derivations_survive_storing_and_reading_back(a):
    stored = a.model_dump(mode="json")
    assert stored["derivations"]["solvency"]["formula"] == {
        "nl": "eigen vermogen / balanstotaal",
        "en": "equity / total assets",
    }
    again = Assessment.model_validate(stored)
    assert again.derivations == a.derivations
    # results stored before derivations existed still read, with none
    del stored["derivations"]
    assert Assessment.model_validate(stored).derivations == {}


def test_a_stored_result_is_explained_without_assessing_again(a):
    stored = a.model_dump(mode="json")
    del stored["derivations"]
    old = Assessment.model_validate(stored)
    # the same norms and reference years: the same derivations, from what the result holds
    assert derive(parse_firm(FIRM), old, params.norms(), (2016, 2018)) == a.derivations
    # reference years not known: everything but the periods is the same
    unknown = derive(parse_firm(FIRM), old, params.norms(), None)
    assert unknown["productivity"].comparison.period is None
    assert unknown["productivity"].result == a.derivations["productivity"].result


def test_built_models_equal_validated_ones():
    """``built`` (no validation, for the engine's own values) gives what validation gives: the
    same model, the same JSON; a field left out is an error (it would be missing from the JSON)."""
    from datetime import date as day

    from hulplijn.core.built import built
    from hulplijn.core.derivation import PeerComparison, Quantity, Source
    from hulplijn.core.eligibility import MeasureEligibility, Reason
    from hulplijn.core.text import Text

    source = {
        "kind": "parameter",
        "name": "norms.yaml:x",
        "citation": "rapport",
        "valid_from": day(2020, 1, 1),
        "valid_until": None,
    }
    quantity = {
        "key": "k",
        "label": Text("a", "b"),
        "value": 2.5,
        "unit": "euro",
        "source": Source(**source),
    }
    comparison = {
        "metric": "productivity",
        "percentile": 41.5,
        "level": "section",
        "key": "G",
        "label": Text("sectie", "section"),
        "n": 40,
        "fallback": True,
        "period": "2018",
        "reference_vintage": "v",
        "synthetic_reference": True,
        "reason": None,
    }
    reason = {"predicate": "segment_in", "holds": None, "text": "t", "text_en": "t"}
    verdict = {
        "id": "7",
        "name": "n",
        "name_en": "n",
        "programme": None,
        "status": "unknown",
        "eligible": False,
        "reasons": [Reason(**reason)],
        "availability": "open",
        "invites_application": False,
        "valid_from": None,
        "valid_until": day(2030, 12, 31),
        "carried_by": ["wbso"],
        "source_url": "https://example.org",
        "checked_on": day(2026, 1, 2),
    }
    for cls, values in [
        (Source, source),
        (Quantity, quantity),
        (PeerComparison, comparison),
        (Reason, reason),
        (MeasureEligibility, verdict),
    ]:
        made, validated = built(cls, dict(values)), cls(**values)
        assert made == validated
        assert made.model_dump_json() == validated.model_dump_json()
    with pytest.raises(ValueError, match="Reason needs exactly its fields"):
        built(Reason, {"predicate": "p", "holds": True, "text": "t"})
