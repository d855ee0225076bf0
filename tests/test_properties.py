"""Properties of the engine over many generated firms (hypothesis).

Amounts are drawn in whole cents (what a bookkeeping system holds) between -1e12 and 1e12 euros,
FTE in hundredths between 0.01 and 100,000, plus edge values and deliberately invalid values.
Sub-cent denormal amounts are covered separately at the bottom, where they expose product bugs.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from hulplijn.core import Assessment, InvalidInput, assess, parse_firm
from hulplijn.core.benchmark import percentile_of
from hulplijn.reference import params
from tests.conftest import EXAMPLE, hand_reference, linear

SETTINGS = settings(max_examples=150, deadline=None)
MAX = 1e12
DIVISIONS = params.catalogue().divisions
# Codes parse_firm accepts by form but assess may refuse (04, 00: no such division; 45 has no SBI
# 2025 counterpart), or refuses by form (4x).
ODD_SBI = ["04", "00", "45", "4x", "47.11", "9", "62"]
# The only refusals assess adds to a FirmInput that parse_firm accepted.
ENGINE_CODES = {"sbi_unknown", "sbi2025_unmapped", "not_sme", "no_costs"}


def cents(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.integers(round(lo * 100), round(hi * 100)).map(lambda c: c / 100)


AMOUNT = st.one_of(cents(-MAX, MAX), st.sampled_from([0.0, -0.01, 0.01, MAX, -MAX]))
MARGIN_AMOUNT = st.one_of(cents(0.01, 1e8), AMOUNT)  # mostly positive, as gross margins are
NON_NEGATIVE = st.one_of(cents(0, MAX), st.sampled_from([0.0, 0.01, MAX]))
SMALL = st.one_of(cents(0, 1e7), st.just(0.0))  # realistic balance-sheet items, often zero
FTE = st.one_of(
    cents(0.01, 300),
    st.sampled_from([0.01, 1.0, 249.0, 249.5, 250.0, 100_000.0]),
)
BAD_FTE = st.sampled_from([0.0, -1.0, 100_000.01])
BAD_YEAR = st.sampled_from([1985, 1989, 2101, 2105])  # the valid range is 1990..2100
MOMENTS = ["2020-02", "2020-07", "2019-12", "2021-03"]


def rarely(draw) -> bool:
    """True about one time in twenty: put a deliberate defect in this part of the input."""
    return draw(st.integers(0, 19)) == 0


@st.composite
def year_figures(draw, year: int) -> dict[str, Any]:
    return {
        "year": draw(BAD_YEAR) if rarely(draw) else year,
        "gross_margin": draw(MARGIN_AMOUNT),
        "wage_costs": draw(NON_NEGATIVE),
        "fte": draw(BAD_FTE) if rarely(draw) else draw(FTE),
    }


@st.composite
def liquidity_moment(draw, moment: str) -> dict[str, Any]:
    zero_debts = draw(st.booleans())
    return {
        "moment": "2020-13" if rarely(draw) else moment,
        "cash": draw(NON_NEGATIVE),
        "short_term_receivables": draw(SMALL),
        "trade_debtors": draw(SMALL),
        "short_term_debts": 0.0 if zero_debts else draw(NON_NEGATIVE),
        "trade_creditors": 0.0 if zero_debts else draw(SMALL),
        "interest_costs": draw(SMALL),
        "wage_costs": draw(SMALL),
        "other_costs": draw(SMALL),
    }


@st.composite
def firms(draw) -> dict[str, Any]:
    """Raw FirmInput data: mostly valid, sometimes with one of many kinds of bad value."""
    first = draw(st.integers(1990, 2099))
    second = first if rarely(draw) else draw(st.integers(first + 1, min(first + 5, 2100)))
    data: dict[str, Any] = {
        "sbi": draw(st.sampled_from(list(DIVISIONS) + ODD_SBI)),
        "years": [draw(year_figures(first)), draw(year_figures(second))],
    }
    if draw(st.booleans()):
        data["years"].reverse()
    if draw(st.booleans()):
        data["sbi_version"] = draw(st.sampled_from(["2008", "2025"]))
    persons = draw(st.one_of(st.none(), st.integers(1, 300)))
    if persons is not None:
        data["working_persons"] = persons
    if draw(st.booleans()):
        count = draw(st.integers(0, 2))
        moments = draw(st.lists(st.sampled_from(MOMENTS), min_size=count, max_size=count))
        data["liquidity"] = [draw(liquidity_moment(m)) for m in moments]
    if draw(st.booleans()):
        equity = draw(AMOUNT)
        assets = 0.0 if rarely(draw) else draw(cents(0.01, MAX))
        if equity > assets and not rarely(draw):
            equity = assets - 0.01 if assets >= 0.02 else -1.0
        data["solvency"] = {"equity": equity, "total_assets": assets}
    return data


def outcome(data: dict[str, Any], reference) -> Assessment | InvalidInput:
    """The Assessment, or the InvalidInput refusal; any other exception escapes."""
    try:
        return assess(data, reference)
    except InvalidInput as refusal:
        return refusal


# --- (a) assess or refuse, never crash --------------------------------------------------------


@SETTINGS
@given(data=firms())
def test_any_input_is_assessed_or_refused_with_paths_and_dutch(data, synthetic_reference):
    result = outcome(data, synthetic_reference)
    if isinstance(result, InvalidInput):
        assert result.problems
        for p in result.problems:
            assert p.path.strip() and p.code.strip()
            assert p.text.nl.strip() and p.text.en.strip()
            assert p.line().startswith(f"{p.path}: ")
        try:
            parse_firm(data)
        except InvalidInput:
            pass
        else:  # the form was fine: the engine may only refuse for these reasons
            assert {p.code for p in result.problems} <= ENGINE_CODES
        return
    assert isinstance(result, Assessment)
    years = sorted(data["years"], key=lambda y: y["year"])
    first, last = years
    assert result.productivity == {
        first["year"]: pytest.approx(first["gross_margin"] / first["fte"], rel=1e-12),
        last["year"]: pytest.approx(last["gross_margin"] / last["fte"], rel=1e-12),
    }
    assert result.job_growth == pytest.approx(last["fte"] / first["fte"] - 1, rel=1e-12, abs=1e-15)
    assert len(result.liquidity) == len(data.get("liquidity", []))
    # what the CLI prints must be standard JSON: no NaN or Infinity
    json.dumps(result.model_dump(mode="json"), allow_nan=False)


# --- (b) percentiles stay within 0..100 --------------------------------------------------------


@SETTINGS
@given(data=firms())
def test_percentiles_are_within_0_and_100(data, synthetic_reference):
    result = outcome(data, synthetic_reference)
    if isinstance(result, InvalidInput):
        return
    for name, bench in result.benchmark.items():
        if bench.percentile is not None:
            assert 0.0 <= bench.percentile <= 100.0, name
            assert bench.peer_group is not None and bench.peer_group.n >= 10
        else:
            assert bench.reason
    prize = result.size_of_prize
    if prize is not None:
        assert 0.0 <= prize.current_percentile <= prize.target_percentile <= 100.0
        assert prize.euros >= 0.0


# --- (c) monotonicity --------------------------------------------------------------------------

# 101 non-decreasing quantiles; integers from a narrow range make flat runs (ties) common.
QUANTILES = st.lists(
    st.one_of(
        st.integers(-20, 20).map(float),
        st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
    ),
    min_size=101,
    max_size=101,
).map(sorted)


def peer_reference(q: list[float]):
    return hand_reference(
        [("productivity", "all", "mkb", 500, q, float(np.mean(q)), float(np.mean(q[80:])))]
    )


@SETTINGS
@given(q=QUANTILES, data=st.data())
@example(q=[0.0] * 50 + list(np.linspace(0.02, 1.0, 51)), data=None)  # half the peers tied
@example(q=[7.0] * 101, data=None)  # every peer the same
def test_percentile_never_decreases_as_the_value_rises(q, data):
    reference = peer_reference(q)
    grid = reference.peers.quantiles
    assert grid[0].tolist() == q
    candidates = st.one_of(
        st.sampled_from(q),  # exactly on a grid point, inside tie runs
        st.floats(-2e6, 2e6, allow_nan=False, allow_infinity=False),
        st.sampled_from([-math.inf, math.inf]),
    )
    if data is None:
        values = sorted({*q, q[0] - 1, q[-1] + 1, (q[0] + q[-1]) / 2})
    else:
        values = sorted(data.draw(st.lists(candidates, min_size=2, max_size=30)))
    p = percentile_of(grid, np.zeros(len(values), dtype=np.int64), np.array(values))
    assert np.all((p >= 0.0) & (p <= 100.0)), p
    assert np.all(np.diff(p) >= 0.0), list(zip(values, p, strict=True))
    # below the minimum is 0, above the maximum is 100
    ends = percentile_of(grid, np.array([0, 0]), np.array([q[0] - 1.0, q[-1] + 1.0]))
    assert ends.tolist() == [0.0, 100.0]


BASE: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))


@SETTINGS
@given(
    q=QUANTILES.map(lambda q: [x * 1_000 for x in q]),  # euros per FTE, -1e9..1e9
    margin=cents(-1e7, 1e8),
    rise=st.one_of(st.just(0.0), st.just(0.01), cents(0.01, 1e8)),
)
def test_a_higher_later_gross_margin_never_lowers_the_productivity_percentile(q, margin, rise):
    reference = peer_reference(q)
    lower = {**BASE, "years": [BASE["years"][0], {**BASE["years"][1], "gross_margin": margin}]}
    higher = {
        **BASE,
        "years": [BASE["years"][0], {**BASE["years"][1], "gross_margin": margin + rise}],
    }
    a, b = assess(lower, reference), assess(higher, reference)
    pa, pb = a.benchmark["productivity"].percentile, b.benchmark["productivity"].percentile
    assert pa is not None and pb is not None
    assert 0.0 <= pa <= pb <= 100.0
    # the peer group is the only published one: all SMEs, a fallback from 47/midden
    assert a.benchmark["productivity"].peer_group.key == "mkb"
    assert a.benchmark["productivity"].peer_group.fallback


def test_the_synthetic_reference_is_monotone_too(synthetic_reference):
    # The real 47/midden productivity distribution; 58 FTE in the later year.
    peers = synthetic_reference.peers
    row = peers.keys.index(("productivity", "division_size", "47/midden"))
    q = peers.quantiles[row]
    # 25 later gross margins from below the group's minimum to above its maximum (x 58 FTE)
    margins = np.linspace(q[0] * 58 - 1_000, q[-1] * 58 + 1_000, 25)
    percentiles = []
    for margin in margins:
        data = {**BASE, "years": [BASE["years"][0], {**BASE["years"][1], "gross_margin": margin}]}
        bench = assess(data, synthetic_reference).benchmark["productivity"]
        assert bench.peer_group is not None and bench.peer_group.key == "47/midden"
        percentiles.append(bench.percentile)
    assert percentiles == sorted(percentiles)
    assert percentiles[0] == 0.0 and percentiles[-1] == 100.0
    assert 0.0 < percentiles[12] < 100.0


# --- (d) the segment follows the signs of the two growths --------------------------------------

POSITIVE_MARGIN = st.one_of(cents(0.01, 1e9), st.sampled_from([0.01, 1e12]))
MARGIN = st.one_of(POSITIVE_MARGIN, st.sampled_from([0.0, -0.01, -1e6]), cents(-1e9, 0))
SIZE_FTE = cents(0.01, 240)


@st.composite
def two_years(draw) -> tuple[float, float, float, float]:
    """(gm1, fte1, gm2, fte2), with equal FTE and equal productivity drawn on purpose."""
    gm1, fte1 = draw(MARGIN), draw(SIZE_FTE)
    kind = draw(st.sampled_from(["free", "same_fte", "same_productivity", "same_everything"]))
    if kind == "same_everything":
        return gm1, fte1, gm1, fte1
    if kind == "same_fte":
        return gm1, fte1, draw(MARGIN), fte1
    if kind == "same_productivity":
        k = draw(st.sampled_from([2, 3, 4]))  # gm x k / (fte x k): exactly the same productivity
        if abs(gm1) * k > MAX:
            gm1 = math.copysign(1e9, gm1)
        return gm1, fte1, gm1 * k, fte1 * k
    return gm1, fte1, draw(MARGIN), draw(SIZE_FTE)


EXPECTED_SEGMENT = {
    (True, True): "accelerate",
    (True, False): "grow",
    (False, True): "renew",
    (False, False): "reform",
}


@SETTINGS
@given(figures=two_years(), reverse=st.booleans())
@example(figures=(909_000.0, 56.0, 965_000.0, 58.0), reverse=False)  # the report: accelerate
@example(figures=(100_000.0, 10.0, 100_000.0, 10.0), reverse=False)  # no change: reform
@example(figures=(100_000.0, 10.0, 150_000.0, 10.0), reverse=True)  # same FTE: grow
@example(figures=(100_000.0, 10.0, 200_000.0, 20.0), reverse=False)  # same productivity: renew
def test_segment_follows_the_signs_of_the_two_growths(figures, reverse):
    gm1, fte1, gm2, fte2 = figures
    years = [
        {"year": 2016, "gross_margin": gm1, "wage_costs": 0, "fte": fte1},
        {"year": 2018, "gross_margin": gm2, "wage_costs": 0, "fte": fte2},
    ]
    if reverse:  # the order in the input does not matter: 2016 is always the earlier year
        years.reverse()
    reference = hand_reference([])
    result = assess({"sbi": "47", "working_persons": 5, "years": years}, reference)

    jg = result.job_growth
    assert jg == pytest.approx(fte2 / fte1 - 1, rel=1e-12, abs=1e-15)
    if fte1 == fte2:
        assert jg == 0.0
    if gm1 <= 0 or gm2 <= 0:
        assert result.segment is None and result.productivity_growth is None
        assert result.dimensions["growth"].status == "not_determinable"
        return
    pg = result.productivity_growth
    assert pg is not None
    # (gm2 / fte2) / (gm1 / fte1) - 1 = gm2 x fte1 / (gm1 x fte2) - 1
    assert pg == pytest.approx(gm2 * fte1 / (gm1 * fte2) - 1, rel=1e-9, abs=1e-12)
    assert result.segment == EXPECTED_SEGMENT[(pg > 0, jg > 0)]
    assert result.dimensions["growth"].status == "given"


def test_unchanged_productivity_and_fte_is_reform():
    # 100,000 / 10 = 100,000 / 10: both growths exactly 0 -> "zero change is not growth" -> reform
    years = [
        {"year": 2016, "gross_margin": 100_000, "wage_costs": 0, "fte": 10},
        {"year": 2018, "gross_margin": 100_000, "wage_costs": 0, "fte": 10},
    ]
    result = assess({"sbi": "47", "working_persons": 5, "years": years}, hand_reference([]))
    assert (result.productivity_growth, result.job_growth) == (0.0, 0.0)
    assert result.segment == "reform"


def test_the_same_productivity_in_decimal_figures_is_no_productivity_growth():
    # 300,000 / 3.3 = 100,000 / 1.1 = 90,909.0909...: productivity growth 0, job growth 3.3/1.1 - 1
    # = 2 > 0 -> renew ("zero change is not growth")
    years = [
        {"year": 2016, "gross_margin": 100_000, "wage_costs": 0, "fte": 1.1},
        {"year": 2018, "gross_margin": 300_000, "wage_costs": 0, "fte": 3.3},
    ]
    result = assess({"sbi": "47", "working_persons": 5, "years": years}, hand_reference([]))
    assert result.job_growth == pytest.approx(2.0, abs=1e-12)
    assert result.segment == "renew"
    assert result.productivity_growth == pytest.approx(0.0, abs=1e-12)


# --- finite but denormal input (once a bug) ----------------------------------------------------


def tiny_case(case: str) -> dict[str, Any]:
    data = json.loads(json.dumps(BASE))
    if case == "gross_margin":
        # 5e-324 / 10 FTE underflows to 0.0 -> metrics.growth divides by zero
        data["years"][0].update(gross_margin=5e-324, fte=10)
    elif case == "costs":
        # costs 5e-324 > 0 passes the no_costs check, but 5e-324 / 365 underflows to 0.0
        data["liquidity"][0].update(interest_costs=0, wage_costs=0, other_costs=5e-324)
    elif case == "fte":
        # 965,000 / 1e-310 = inf productivity (and inf productivity growth)
        data["years"][1]["fte"] = 1e-310
    elif case == "total_assets":
        # -1,000,000 / 1e-310 = -inf solvency
        data["solvency"] = {"equity": -1e6, "total_assets": 1e-310}
    return data


@pytest.mark.parametrize("case", ["gross_margin", "costs", "fte", "total_assets"])
def test_denormal_input_is_refused_or_gives_finite_numbers(case):
    reference = hand_reference([("productivity", "all", "mkb", 500, linear(0, 1e5), 5e4, 9e4)])
    result = outcome(tiny_case(case), reference)
    if isinstance(result, Assessment):
        json.dumps(result.model_dump(mode="json"), allow_nan=False)
