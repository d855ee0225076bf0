"""The size of the prize and the koplopers on a skewed hand-made distribution: every number by
hand (issue 14, "believable comparisons"; docs/decisions/0029-believable-prize.md)."""

import copy
import json

import numpy as np
import pytest

from hulplijn.core import assess
from hulplijn.core.assessment import Assessment
from hulplijn.core.derivation import derive
from hulplijn.core.firm import parse_firm
from hulplijn.core.prize import koplopers_gap, koplopers_percentiles, size_of_prize
from hulplijn.reference import params
from tests.conftest import EXAMPLE, hand_reference

# A skewed peer distribution, as productivity is: percentile p holds 1,000 x p euros per FTE up
# to p 90 (so the median is 50,000 and the koplopers begin at 80,000), then a steep tail of
# 91,000 per percentile to the group's maximum, 90,000 + 10 x 91,000 = 1,000,000 at p 100.
SKEWED = np.array([1_000.0 * p if p <= 90 else 90_000 + 91_000 * (p - 90) for p in range(101)])
# The mean of the top 20% (the report's literal koplopers level), for values spread evenly over
# the percentiles: (1/20) x [integral 80..90 of 1,000 p dp + integral 90..100 of (90,000 +
# 91,000 (p - 90)) dp] = (1/20) x [850,000 + 900,000 + 4,550,000] = 315,000: 6.3 times the
# median, pulled up by the tail. The median of the top 20% is the value at p 90: 90,000.
TOP20_MEAN = 315_000.0
Q = SKEWED[None, :]
ROW = np.array([0])
STEP, SHARE = 10.0, 0.20
CAP = 90.0


def test_the_koplopers_begin_at_80_and_their_middle_is_at_90():
    # share 0.20: start 100 x (1 - 0.20) = 80; middle 100 x (1 - 0.20 / 2) = 90
    assert koplopers_percentiles(SHARE) == pytest.approx((80.0, 90.0))


def test_a_firm_at_percentile_91_is_not_sent_to_the_groups_maximum():
    # issue 14: "Stel dat uw bedrijf net zo productief is als het bedrijf op percentiel 100 ...
    # +286,3%". Firm at p 91: 90,000 + 91,000 = 181,000 per FTE, 7 FTE, gross margin 1,267,000.
    # The report's literal rule: min(91 + 10, 100) = 100 -> 1,000,000 x 7 - 1,267,000 =
    # 5,733,000 (+452%), the maximum of the group.
    literal = size_of_prize(Q, ROW, np.array([91.0]), 7.0, 1_267_000.0, STEP, cap=100.0)
    assert literal[0][0] == 100 and literal[3][0] == pytest.approx(5_733_000)
    # capped at 90: the firm is past the middle koploper already; the target is the firm itself
    target_p, target, at_target, prize, fraction = size_of_prize(
        Q, ROW, np.array([91.0]), 7.0, 1_267_000.0, STEP, CAP
    )
    assert target_p[0] == 91.0
    assert target[0] == pytest.approx(181_000)  # 1,267,000 / 7
    assert at_target[0] == pytest.approx(1_267_000)
    assert prize[0] == 0.0 and fraction[0] == 0.0


def test_a_koploper_below_the_cap_aims_at_the_middle_koploper():
    # p 85: 85,000 per FTE, 2 FTE, gross margin 170,000. The report's step would aim at p 95
    # (90,000 + 5 x 91,000 = 545,000 per FTE: a prize of 2 x 545,000 - 170,000 = 920,000);
    # capped at p 90: 90,000 x 2 = 180,000, prize 10,000, 10,000 / 170,000 = 5.88%
    target_p, target, at_target, prize, fraction = size_of_prize(
        Q, ROW, np.array([85.0]), 2.0, 170_000.0, STEP, CAP
    )
    assert target_p[0] == 90.0
    assert target[0] == pytest.approx(90_000)
    assert at_target[0] == pytest.approx(180_000)
    assert prize[0] == pytest.approx(10_000)
    assert fraction[0] == pytest.approx(10_000 / 170_000)


def test_below_the_koplopers_the_reports_rule_holds_unchanged():
    # p 40: 40,000 per FTE, 3 FTE, gross margin 120,000; target 40 + 10 = 50 -> 50,000 x 3 =
    # 150,000; prize 30,000 = 25% (the cap only bites above p 80 = 90 - 10)
    for cap in (CAP, 100.0):
        target_p, target, at_target, prize, fraction = size_of_prize(
            Q, ROW, np.array([40.0]), 3.0, 120_000.0, STEP, cap
        )
        assert (target_p[0], target[0]) == pytest.approx((50.0, 50_000))
        assert (at_target[0], prize[0], fraction[0]) == pytest.approx((150_000, 30_000, 0.25))


def test_vectorised_over_firms_and_a_non_positive_gross_margin_has_no_fraction():
    # p 91 (reached), 85 (capped), 40 (report's step) and a firm with a gross margin of 0 at p 0
    # (target p 10: 10,000 x 4 FTE = 40,000, no fraction of nothing)
    percentile = np.array([91.0, 85.0, 40.0, 0.0])
    fte = np.array([7.0, 2.0, 3.0, 4.0])
    gm = np.array([1_267_000.0, 170_000.0, 120_000.0, 0.0])
    target_p, _, _, prize, fraction = size_of_prize(
        np.repeat(Q, 4, axis=0), np.arange(4), percentile, fte, gm, STEP, CAP
    )
    assert target_p.tolist() == [91.0, 90.0, 50.0, 10.0]
    assert prize == pytest.approx([0.0, 10_000, 30_000, 40_000])
    assert fraction[:3] == pytest.approx([0.0, 10_000 / 170_000, 0.25])
    assert np.isnan(fraction[3])


def test_the_koplopers_level_is_their_median_not_their_mean():
    # issue 14: "koplopers halen gemiddeld EUR 344.897 per VTE" against a median of 29,160. Here
    # the mean of the top 20% is 315,000 against a median of 50,000; their median (p 90) is
    # 90,000. A firm at 60,000 (p 60): threshold p 80 = 80,000, gap 90,000 - 60,000 = 30,000,
    # 30,000 / 60,000 = 0.5; not a koploper
    threshold, level, gap, fraction, member = koplopers_gap(Q, ROW, np.array([60_000.0]), SHARE)
    assert threshold[0] == pytest.approx(80_000)
    assert level[0] == pytest.approx(90_000) and level[0] < TOP20_MEAN / 3
    assert gap[0] == pytest.approx(30_000) and fraction[0] == pytest.approx(0.5)
    assert not member[0]


def test_a_firm_in_the_top_20_percent_is_a_koploper():
    # 85,000 (p 85): at or above 80,000, a koploper, 5,000 short of the middle one (5,000 /
    # 85,000 = 5.88%); 181,000 (p 91): past the middle one, gap 0; 80,000 exactly: a koploper
    _, _, gap, fraction, member = koplopers_gap(
        np.repeat(Q, 3, axis=0), np.arange(3), np.array([85_000.0, 181_000.0, 80_000.0]), SHARE
    )
    assert member.tolist() == [True, True, True]
    assert gap == pytest.approx([5_000, 0.0, 10_000])
    assert fraction == pytest.approx([5_000 / 85_000, 0.0, 10_000 / 80_000])
    _, _, _, _, member = koplopers_gap(Q, ROW, np.array([79_999.0]), SHARE)
    assert not member[0]


# --- the engine: the example firm's figures moved into the skewed group --------------------
FIRM = json.loads(EXAMPLE.read_text())  # 47/midden, 58 FTE in 2018


def skewed_reference():
    return hand_reference(
        [("productivity", "division_size", "47/midden", 100, SKEWED, 60_000.0, TOP20_MEAN)]
    )


def firm_at(productivity: float) -> dict:
    firm = copy.deepcopy(FIRM)
    firm["years"][1]["gross_margin"] = productivity * 58
    return firm


def test_the_assessment_of_a_koploper_past_the_middle():
    # 181,000 per FTE: p 91; a koploper; the prize aims no higher than p 90: 0
    a = assess(firm_at(181_000), skewed_reference())
    assert a.benchmark["productivity"].percentile == pytest.approx(91)
    k, s = a.koplopers, a.size_of_prize
    assert k.member and k.level_statistic == "median"
    assert k.level == pytest.approx(90_000) and k.gap_per_fte == 0.0
    assert s.cap_percentile == 90 and s.capped
    assert s.target_percentile == pytest.approx(91) and s.euros == 0.0
    d = a.derivations["size_of_prize"].model_dump()
    assert d["formula"]["nl"].startswith(
        "productiviteit op (uw percentiel + stap, hoogstens percentiel 90)"
    )
    assert d["citation"]["en"].endswith("the target goes no higher than the middle koploper")


def test_the_assessment_below_the_koplopers_is_the_reports_rule():
    # 40,000 per FTE: p 40; target p 50 = 50,000; (50,000 - 40,000) x 58 = 580,000 a year
    a = assess(firm_at(40_000), skewed_reference())
    k, s = a.koplopers, a.size_of_prize
    assert not k.member and k.gap_per_fte == pytest.approx(50_000)  # 90,000 - 40,000
    assert not s.capped and s.target_percentile == pytest.approx(50)
    assert s.euros == pytest.approx(580_000)
    kd = a.derivations["koplopers"]
    assert kd.formula.en.startswith("productivity of the middle koploper (percentile 90")
    assert {q.key: q.value for q in kd.steps}["level_percentile"] == 90


def test_a_result_stored_before_decision_0029_keeps_its_own_reading():
    # results made before the cap and the median read as they were made: the mean, no cap
    a = assess(firm_at(40_000), skewed_reference())
    stored = a.model_dump(mode="json")
    del stored["derivations"]
    for key in ("level_statistic", "member"):
        del stored["koplopers"][key]
    for key in ("cap_percentile", "capped"):
        del stored["size_of_prize"][key]
    old = Assessment.model_validate(stored)
    assert old.koplopers.level_statistic == "mean" and old.koplopers.member is None
    assert old.size_of_prize.cap_percentile is None and not old.size_of_prize.capped
    d = derive(parse_firm(FIRM), old, params.norms(), (2016, 2018))
    assert d["koplopers"].formula.en.startswith("mean productivity of the top 20%")
    assert d["size_of_prize"].formula.en.startswith("productivity at (your percentile + step) ×")


def test_the_command_line_tells_a_koploper_so():
    # the same two firms as above, as `hulplijn assess --format text` prints them
    from hulplijn.cli.render import summary

    top = summary(assess(firm_at(181_000), skewed_reference()), "nl")
    assert "U hoort bij de koplopers (beste 20% in uw vergelijkingsgroep, vanaf € 80.000" in top
    assert "middelste koploper € 90.000 per VTE" in top
    assert "u bent al zo productief als de middelste koploper" in top
    assert "percentiel 100" not in top
    low = summary(assess(firm_at(40_000), skewed_reference()), "en")
    assert "one of the leaders" not in low
    assert "as productive as the firm at percentile 50, your gross margin grows by € 580,000" in low
