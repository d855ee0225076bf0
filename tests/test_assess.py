"""The engine on hand-made peer distributions: every number derived by hand."""

import copy
import json

import pytest

from hulplijn.core import InvalidInput, assess
from hulplijn.core.summary import segment_in_words
from tests.conftest import EXAMPLE, hand_reference, linear

FIRM = json.loads(EXAMPLE.read_text())
ROWS = [
    # productivity in 47/midden: p -> 500 x p euro per FTE (0 .. 50,000); koplopers' mean 45,000
    ("productivity", "division_size", "47/midden", 100, linear(0, 50_000), 25_000, 45_000),
    # productivity growth only at section x size: -0.25 .. 0.25
    ("productivity_growth", "section_size", "G/midden", 40, linear(-0.25, 0.25), 0.0, 0.2),
    ("job_growth", "all", "mkb", 1000, linear(-0.5, 0.5), 0.0, 0.4),
    ("cash_buffer_days@2020-02", "division_size", "47/midden", 12, linear(0, 200), 100, 180),
    # exactly 10 firms: the disclosure minimum, so it is shown
    ("solvency", "division_size", "47/midden", 10, linear(0, 0.8), 0.4, 0.72),
]


@pytest.fixture
def reference():
    return hand_reference(ROWS)


def test_example_firm_by_hand(reference):
    a = assess(FIRM, reference)
    assert a.sector.code == "47" and a.sector.section == "G"
    assert a.size_class.code == "midden" and a.size_class.basis == "working_persons"
    assert a.productivity == {2016: pytest.approx(909_000 / 56), 2018: pytest.approx(965_000 / 58)}
    assert a.segment == "accelerate"
    assert a.job_growth == pytest.approx(2 / 56)

    b = a.benchmark
    # 965,000 / 58 = 16,637.93; at 500 euro per percentile: 33.2759
    assert b["productivity"].percentile == pytest.approx(16_637.931034 / 500, rel=1e-9)
    assert b["productivity"].peer_group.key == "47/midden"
    assert b["productivity"].peer_group.n == 100
    assert not b["productivity"].peer_group.fallback
    # growth 0.0249990516 in -0.25..0.25: (0.0249990516 + 0.25) / 0.5 x 100 = 54.9981
    assert b["productivity_growth"].percentile == pytest.approx(
        (a.productivity_growth + 0.25) / 0.5 * 100
    )
    assert b["productivity_growth"].peer_group.fallback
    assert b["productivity_growth"].peer_group.level == "section_size"
    # job growth 0.0357143 in -0.5..0.5: 53.5714
    assert b["job_growth"].percentile == pytest.approx((2 / 56 + 0.5) * 100)
    assert b["job_growth"].peer_group.level == "all"


def test_size_of_prize_by_hand(reference):
    prize = assess(FIRM, reference).size_of_prize
    # 10 percentiles higher = 5,000 euro per FTE more; x 58 FTE = 290,000 euro a year
    assert prize.target_percentile == pytest.approx(16_637.931034 / 500 + 10)
    assert prize.euros == pytest.approx(290_000)
    assert prize.gross_margin_at_target == pytest.approx(1_255_000)
    assert prize.fraction == pytest.approx(290_000 / 965_000)


def test_koplopers_by_hand(reference):
    k = assess(FIRM, reference).koplopers
    assert k.level == 45_000
    assert k.threshold == pytest.approx(40_000)  # percentile 80 x 500
    assert k.gap_per_fte == pytest.approx(45_000 - 965_000 / 58)
    assert k.gap_fraction == pytest.approx((45_000 - 965_000 / 58) / (965_000 / 58))


def test_liquidity_solvency_and_sector_impact(reference):
    a = assess(FIRM, reference)
    feb, jul = a.liquidity
    # 150,000 x 365 / 535,000 = 102.34 days; in 0..200: percentile 51.17 -> "average"
    assert feb.cash_buffer_days == pytest.approx(150_000 * 365 / 535_000)
    assert a.benchmark["cash_buffer_days@2020-02"].percentile == pytest.approx(
        150_000 * 365 / 535_000 / 2
    )
    assert feb.state == "average"
    assert feb.quick_ratio == pytest.approx(260_000 / 180_000) and feb.quick_ratio_norm == "healthy"
    # no peer data for quick ratio and for July: the value is given, the percentile is not
    assert a.benchmark["quick_ratio@2020-02"].percentile is None
    assert "10 bedrijven" in a.benchmark["quick_ratio@2020-02"].reason
    assert jul.state is None
    # 95,000 + 15,000 + 60,000 = 170,000 over 120,000 + 65,000 = 185,000: 0.919, "attention"
    assert jul.quick_ratio == pytest.approx(170 / 185) and jul.quick_ratio_norm == "attention"
    # 520,000 / 1,300,000 = 0.40: not above the 40% norm; percentile 0.4 / 0.8 = 50 -> high
    assert a.solvency_ratio == pytest.approx(0.4)
    assert a.solvency.norm == "below_norm" and a.solvency.peers == "high"
    assert a.benchmark["solvency"].peer_group.n == 10
    # section G, midden: Panteia -5% value added: on the boundary, so the milder class
    assert a.sector_impact.value_added_change == -0.05
    assert a.sector_impact.class_code == "geen_kleine_krimp"
    assert a.sector_impact.source_line == 1373


def test_partial_input_says_not_given(reference):
    firm = {k: v for k, v in FIRM.items() if k not in ("liquidity", "solvency")}
    a = assess(firm, reference)
    assert a.liquidity == [] and a.solvency is None and a.solvency_ratio is None
    assert a.dimensions["liquidity"].status == "not_given"
    assert a.dimensions["solvency"].status == "not_given"
    assert a.dimensions["growth"].status == "given"
    assert "solvency" not in a.benchmark


def test_negative_equity_is_explained(reference):
    firm = copy.deepcopy(FIRM)
    firm["solvency"] = {"equity": -130_000, "total_assets": 1_300_000}
    a = assess(firm, reference)
    assert a.solvency_ratio == pytest.approx(-0.1)
    assert a.solvency.negative_equity and a.solvency.norm == "below_norm"
    assert a.benchmark["solvency"].percentile == 0.0  # below the lowest peer


def test_negative_gross_margin_makes_growth_not_determinable(reference):
    firm = copy.deepcopy(FIRM)
    firm["years"][0]["gross_margin"] = -20_000
    a = assess(firm, reference)
    assert a.productivity[2016] == pytest.approx(-20_000 / 56)
    assert a.productivity_growth is None and a.segment is None
    assert a.dimensions["growth"].status == "not_determinable"
    assert "negatief" in a.benchmark["productivity_growth"].reason
    assert a.benchmark["productivity"].percentile is not None  # 2018 level still compared


def test_zero_change_is_not_growth(reference):
    firm = copy.deepcopy(FIRM)
    firm["years"][1].update(gross_margin=909_000, fte=56)
    a = assess(firm, reference)
    assert a.productivity_growth == 0.0 and a.job_growth == 0.0
    assert a.segment == "reform"


def test_size_class_from_fte_when_working_persons_missing(reference):
    firm = {k: v for k, v in FIRM.items() if k != "working_persons"}
    firm["years"] = [dict(y) for y in FIRM["years"]]
    firm["years"][1]["fte"] = 9.2  # rounded up: 10 working persons -> klein
    a = assess(firm, reference)
    assert a.size_class.code == "klein" and a.size_class.basis == "fte"
    assert a.size_class.working_persons == 10


def test_sbi_codes_longer_than_a_division_and_sbi_2025(reference):
    a = assess({**FIRM, "sbi": "47.11"}, reference)
    assert a.sector.code == "47" and a.sector.input_code == "4711"
    a = assess({**FIRM, "sbi": "62", "sbi_version": "2025"}, reference)
    assert a.sector.code == "62" and "SBI 2025 62" in a.sector.mapping_note
    with pytest.raises(InvalidInput) as refused:
        assess({**FIRM, "sbi": "04"}, reference)
    assert refused.value.problems[0].path == "sbi"


def test_zero_yearly_costs_are_refused_with_the_moment(reference):
    firm = copy.deepcopy(FIRM)
    firm["liquidity"][1].update(interest_costs=0, wage_costs=0, other_costs=0)
    with pytest.raises(InvalidInput) as refused:
        assess(firm, reference)
    assert refused.value.problems[0].path == "liquidity[1]"


def test_no_short_term_debts_is_top_of_the_range(reference):
    firm = copy.deepcopy(FIRM)
    firm["liquidity"][0].update(short_term_debts=0, trade_creditors=0)
    feb = assess(firm, reference).liquidity[0]
    assert feb.quick_ratio is None and feb.quick_ratio_norm == "healthy"
    assert "onbegrensd" in feb.quick_ratio_note


def test_a_sole_trader_gets_no_growth_segment_and_is_told_why(reference):
    """Finding (issue 16): sole traders got a growth segment, though the report's segmentation
    covers SMEs excluding zzp ("Segmentatie van mkb-bedrijven (excl. ZZP)": firms that "hebben
    werknemers in dienst")."""
    firm = copy.deepcopy(FIRM)
    firm["working_persons"] = 1
    for year in firm["years"]:
        year["fte"] = 1
    a = assess(firm, reference)
    assert a.size_class.code == "zzp"
    # productivity 909,000 -> 965,000 per FTE grows, jobs stay: it would be 'grow'
    assert a.productivity_growth > 0 and a.job_growth == 0
    assert a.segment is None
    assert "zzp'ers" in a.segment_reason and "sole traders" in a.segment_reason_en
    # the result page's summary says it in a sentence (hulplijn.core.summary)
    name, said = segment_in_words(a)
    assert name is None
    assert said.nl.startswith("Uw groeisegment is niet bepaald: de segmentatie van het rapport")
    assert said.en.startswith("Your growth segment is not set: the report's segmentation")
    # the measures meant for a segment say why they cannot judge it (never "bruto marge")
    measure_2 = next(v for v in a.eligible_measures if v.id == "2")
    assert measure_2.status == "unknown"
    said = " ".join(r.text for r in measure_2.reasons)
    assert "zzp'er" in said and "bruto marge" not in said


def test_a_firm_exactly_on_the_40_percent_line_is_not_healthy_everywhere(reference):
    """Finding (issue 16): solvency of exactly 40% was "below the norm" on the dashboard while
    measures 1 and 3 said it was "not below 40%". The report: ">40% wordt als gezond gezien", so
    40% itself is not healthy, in the norm and in the measures alike."""
    a = assess(FIRM, reference)  # 520,000 / 1,300,000 = 0.40
    assert a.solvency.norm == "below_norm"
    by_id = {v.id: v for v in a.eligible_measures}
    # measure 1: grew before the crisis (FTE 56 -> 58) and 40% is not above 40%
    assert by_id["1"].status == "eligible"
    said = [r.text for r in by_id["1"].reasons]
    assert "uw solvabiliteit (40%) niet boven de 40% ligt die als gezond geldt" in said
    # measure 3: accelerate and 40% not above 40%
    assert by_id["3"].status == "eligible"
    firm = copy.deepcopy(FIRM)
    firm["solvency"] = {"equity": 524_000, "total_assets": 1_300_000}  # 0.403: healthy
    b = assess(firm, reference)
    assert b.solvency.norm == "healthy"
    assert {v.id: v.status for v in b.eligible_measures}["1"] == "not_eligible"
