"""The summary first (hulplijn.core.summary) on hand-made peer distributions: every percentile,
group, n and period derived by hand, and which step comes first."""

import copy
import json

import pytest

from hulplijn.core import Text, assess
from hulplijn.core.help_first import HelpFirst
from hulplijn.core.summary import (
    Action,
    Standing,
    first_step,
    points,
    segment_in_words,
    standings,
    summarise,
)
from tests.conftest import EXAMPLE, hand_reference, linear

FIRM = json.loads(EXAMPLE.read_text())
SAME = "dezelfde SBI-afdeling en grootteklasse"
ROWS = [
    # productivity in 47/midden: p -> 500 x p euro per FTE
    ("productivity", "division_size", "47/midden", 100, linear(0, 50_000), 25_000, 45_000),
    # cash buffer days: February 0 .. 200 days (2 days a percentile), July 0 .. 400 (4)
    ("cash_buffer_days@2020-02", "division_size", "47/midden", 12, linear(0, 200), 100, 180),
    ("cash_buffer_days@2020-07", "division_size", "47/midden", 40, linear(0, 400), 200, 360),
    # solvency 0 .. 0.8: 0.008 a percentile
    ("solvency", "division_size", "47/midden", 10, linear(0, 0.8), 0.4, 0.72),
]
KIA = Action(
    Text(
        "Vraag de regeling 'Kleinschaligheidsinvesteringsaftrek (KIA)' aan (Belastingdienst)",
        "Apply for the scheme 'Kleinschaligheidsinvesteringsaftrek (KIA)' (Belastingdienst)",
    ),
    "#regeling-kia",
)


def firm(**changes):
    out = copy.deepcopy(FIRM)
    out.update(changes)
    return out


def test_the_example_firm_by_hand():
    result = assess(FIRM, hand_reference(ROWS))
    found = standings(result)
    # A: 965,000 / 58 = 16,637.93 per FTE -> 16,637.93 / 500 = 33.28 -> "33"
    # B: the latest moment, July: 95,000 / ((15,000 + 330,000 + 150,000) / 365) = 70.05 days
    #    -> 70.05 / 4 = 17.51 -> "18"; C: 520,000 / 1,300,000 = 0.40 -> 0.40 / 0.008 = 50
    assert [(s.dimension, s.figure) for s in found] == [
        ("growth", "productivity"),
        ("liquidity", "cash_buffer_days@2020-07"),
        ("solvency", "solvency"),
    ]
    assert [s.percentile for s in found] == [
        pytest.approx(16_637.931034 / 500),
        pytest.approx(95_000 * 365 / 495_000 / 4),
        pytest.approx(50),
    ]
    assert [s.n for s in found] == [100, 40, 10]
    # periods as the peers describe them: the latest reference year, the moment as its month,
    # and for solvency (no period of its own) the two years its peers were compared in
    assert [s.period("nl") for s in found] == ["2018", "juli 2020", "2016–2018"]
    strongest, weakest = points(found)
    assert (strongest.kind, weakest.kind) == ("strongest", "weakest")
    assert strongest.standings[0].text("nl") == (
        f"Solvabiliteit (C) – Solvabiliteit: percentiel 50 (10 bedrijven: {SAME}; 2016–2018)"
    )
    # the period once: the figure's label names it (solvency's does not)
    assert weakest.standings[0].text("nl") == (
        f"Liquiditeit (B) – Kasbuffer in dagen, juli 2020: percentiel 18 (40 bedrijven: {SAME})"
    )
    assert weakest.standings[0].text("en") == (
        "Liquidity (B) – Cash buffer days, July 2020: percentile 18 (40 firms: same SBI division "
        "and size class)"
    )


def test_the_latest_moment_compared_with_peers_stands_for_liquidity():
    # no peers for July: February's 150,000 / (535,000 / 365) = 102.34 days -> 51.17 stands for
    # B, now the strongest; A (33.28) the weakest
    rows = [r for r in ROWS if r[2] != "47/midden" or r[0] != "cash_buffer_days@2020-07"]
    result = assess(FIRM, hand_reference(rows))
    strongest, weakest = points(standings(result))
    assert strongest.standings[0].figure == "cash_buffer_days@2020-02"
    assert strongest.standings[0].percentile == pytest.approx(150_000 * 365 / 535_000 / 2)
    assert strongest.standings[0].text("nl") == (
        f"Liquiditeit (B) – Kasbuffer in dagen, februari 2020: percentiel 51 (12 bedrijven: {SAME})"
    )
    assert weakest.standings[0].text("nl") == (
        "Groei (A) – Productiviteit 2018 (brutomarge per VTE): percentiel 33 "
        f"(100 bedrijven: {SAME})"
    )


def test_dimensions_at_the_same_whole_percentile_stand_alike():
    # no liquidity; solvency 346,000 / 1,300,000 = 0.26615 -> 33.27, and A 33.28: both "33"
    result = assess(
        firm(liquidity=[], solvency={"equity": 346_000, "total_assets": 1_300_000}),
        hand_reference(ROWS),
    )
    (alike,) = points(standings(result))
    assert alike.kind == "alike"
    assert [s.dimension for s in alike.standings] == ["growth", "solvency"]
    assert [s.text("nl").split(": percentiel ")[1][:2] for s in alike.standings] == ["33", "33"]


def test_one_dimension_compared_is_said_alone_and_none_says_nothing():
    result = assess(firm(liquidity=[], solvency=None), hand_reference(ROWS))
    (only,) = points(standings(result))
    assert only.kind == "only" and only.standings[0].dimension == "growth"
    # no peer group for any figure: no standing, no point
    empty = assess(FIRM, hand_reference([]))
    assert standings(empty) == [] and points([]) == ()


def _standing(dimension, percentile):
    said = Text(dimension, dimension)
    return Standing(dimension, dimension, said, percentile, said, 10, said, said)


def test_ties_go_to_the_first_for_the_strongest_and_to_the_last_for_the_weakest():
    strongest, weakest = points(
        [_standing("growth", 40), _standing("liquidity", 70), _standing("solvency", 70)]
    )
    assert (strongest.standings[0].dimension, weakest.standings[0].dimension) == (
        "liquidity",
        "growth",
    )
    strongest, weakest = points(
        [_standing("growth", 70), _standing("liquidity", 40), _standing("solvency", 40)]
    )
    assert (strongest.standings[0].dimension, weakest.standings[0].dimension) == (
        "growth",
        "solvency",
    )
    # 49.6 and 50.4 both read as 50: alike, not a strongest and a weakest
    (alike,) = points([_standing("growth", 49.6), _standing("solvency", 50.4)])
    assert alike.kind == "alike"


def test_the_segment_in_words():
    result = assess(FIRM, hand_reference(ROWS))
    label, said = segment_in_words(result)
    # 16,637.93 / 16,232.14 - 1 = +2.5%; 58 / 56 - 1 = +3.6%
    assert label == Text("Versnellen & uitbreiden", "Accelerate & expand")
    assert said("nl") == (
        "Uw productiviteit groeide (+2,5%) en het aantal banen (VTE) groeide (+3,6%), "
        "van 2016 tot 2018."
    )
    assert said("en") == (
        "Your productivity grew (+2.5%) and the number of jobs (FTE) grew (+3.6%), "
        "from 2016 to 2018."
    )
    # the same FTE in both years: productivity grows (965,000 / 909,000 - 1 = +6.2%), jobs do
    # not (0 is no growth): "Groeien"
    years = copy.deepcopy(FIRM["years"])
    years[1]["fte"] = 56
    label, said = segment_in_words(assess(firm(years=years), hand_reference(ROWS)))
    assert label == Text("Groeien", "Grow")
    assert said("nl").startswith(
        "Uw productiviteit groeide (+6,2%) en het aantal banen (VTE) groeide niet (0,0%)"
    )


def test_a_segment_that_cannot_be_determined_says_why():
    years = copy.deepcopy(FIRM["years"])
    years[0]["gross_margin"] = 0
    label, said = segment_in_words(assess(firm(years=years), hand_reference(ROWS)))
    assert label is None
    assert said("nl") == (
        "Uw groeisegment is niet te bepalen: de bruto marge is in een van beide jaren 0 of "
        "negatief."
    )
    assert said("en").startswith("Your growth segment cannot be determined: gross margin")


RESTAURANT = {
    # tests/scenarios/help_first.yaml: July 10 days (< 30), quick ratio 0.2 (< 0.5), negative
    # equity: help first, with KVK and Ondernemersklankbord as its first route
    "sbi": "56",
    "working_persons": 8,
    "years": [
        {"year": 2016, "gross_margin": 400000, "wage_costs": 240000, "fte": 7},
        {"year": 2018, "gross_margin": 410000, "wage_costs": 250000, "fte": 7},
    ],
    "liquidity": [
        {"moment": "2020-07", "cash": 10000, "short_term_receivables": 0, "trade_debtors": 2000,
         "short_term_debts": 40000, "trade_creditors": 20000, "interest_costs": 5000,
         "wage_costs": 250000, "other_costs": 110000},
    ],
    "solvency": {"equity": -20000, "total_assets": 150000},
}  # fmt: skip


def test_help_first_comes_before_every_other_step():
    result = assess(RESTAURANT, hand_reference([]))
    assert result.help_first is not None and result.help_first.offered
    step = summarise(result, result.help_first, [KIA]).first
    assert (step.kind, step.anchor, step.url) == (
        "help_first",
        "#hulp",
        "https://www.ondernemersklankbord.nl/",
    )
    assert step.link == Text(
        "Advies van KVK en Ondernemersklankbord", "Advice from KVK and Ondernemersklankbord"
    )
    assert step.text("nl").startswith(
        "Praat eerst met een adviseur: Advies van KVK en Ondernemersklankbord. KVK geeft gratis "
        "advies aan ondernemers met financiële zorgen."
    )


def test_otherwise_the_plans_first_step_and_without_one_the_surveys():
    result = assess(FIRM, hand_reference(ROWS))
    assert result.help_first is not None and not result.help_first.offered
    step = summarise(result, result.help_first, [KIA, Action(Text("b", "b"))]).first
    assert (step.kind, step.text, step.anchor) == ("action", KIA.text, "#regeling-kia")
    # a step without a place of its own points to the plan
    assert first_step(result.help_first, [Action(Text("a", "a"))]).anchor == "#actieplan"
    surveys = first_step(result.help_first, [])
    assert (surveys.kind, surveys.anchor) == ("surveys", "#vragenlijsten")
    assert surveys.text("nl").startswith("Vul de drie korte vragenlijsten in")
    # help first offered without a route that fits: the plan's step
    routeless = HelpFirst(
        offered=True, signals_needed=2, signals=[], summary="", summary_en="", routes=[]
    )
    assert first_step(routeless, [KIA]).kind == "action"
    assert first_step(None, []).kind == "surveys"


def test_the_summary_of_the_example_firm():
    result = assess(FIRM, hand_reference(ROWS))
    summary = summarise(result, result.help_first, [KIA])
    assert summary.segment == Text("Versnellen & uitbreiden", "Accelerate & expand")
    assert [p.kind for p in summary.points] == ["strongest", "weakest"]
    assert summary.first.text == KIA.text
    # readable in under a minute: about 200 words a minute
    said = [
        summary.segment_text("nl"),
        *(s.text("nl") for p in summary.points for s in p.standings),
        summary.first.text("nl"),
    ]
    assert len(" ".join(said).split()) < 100
