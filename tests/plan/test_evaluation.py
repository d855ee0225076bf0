"""The evaluation's difference in differences (hulplijn.plan.evaluation), on hand-built firms
whose estimate and interval are derived by hand below."""

import pytest

from hulplijn.core.disclosure import Rules
from hulplijn.core.disclosure.cellkey import cell_key, count_perturbation, total_perturbation
from hulplijn.plan.evaluation import (
    ANY,
    CONTROL,
    TREATED,
    Observation,
    evaluate,
    fit,
    sides,
    variance_key,
)

A = ("G", "micro", "grow")
B = ("C", "klein", "renew")
LONELY = ("F", "midden", "accelerate")


def firm(cell, change, applied=(), eligible=("kia",), key=0, before=50_000.0):
    return Observation(key, *cell, before, before + change, frozenset(applied), frozenset(eligible))


# Cell A: treated changes 4 and 6 (mean 5), control 1 and 3 (mean 2): 5 - 2 = 3.
# Cell B: treated 10, 12, 14 (mean 12), control 9 and 11 (mean 10): 12 - 10 = 2.
# ATT weights by the treated per cell: A 2/5, B 3/5, so DiD = 0.4 x 3 + 0.6 x 2 = 2.4.
# As a weighted regression: treated mean (4 + 6 + 10 + 12 + 14) / 5 = 9.2; control weights
# n_t / n_c = 2/2 = 1 in A and 3/2 = 1.5 in B: (1 + 3) x 1 + (9 + 11) x 1.5 = 34 over the weight
# 2 + 3 = 5, so 6.8; 9.2 - 6.8 = 2.4.
# HC1 variance: treated residuals from 9.2 are -5.2, -3.2, 0.8, 2.8, 4.8, squares summing to 68.8,
# over (sum of weights)^2 = 25: 2.752. Control residuals from 6.8: -5.8, -3.8 (weight 1) and 2.2,
# 4.2 (weight 1.5): w^2 e^2 = 33.64 + 14.44 + 10.89 + 39.69 = 98.66, over 5^2: 3.9464. HC0 =
# 6.6984; HC1 = 6.6984 x 9 / (9 - 2) = 8.61223, SE = 2.93466; t(0.975, 7 df) = 2.364624, so the
# half-width is 6.93937 and the 95% interval 2.4 +- 6.94 (statsmodels' own, never published).
# Per firm its share of HC0, (w e / 5)^2: treated 27.04, 10.24, 0.64, 7.84, 23.04 over 25 =
# 1.0816, 0.4096, 0.0256, 0.3136, 0.9216; control 33.64, 14.44, 10.89, 39.69 over 25 = 1.3456,
# 0.5776, 0.4356, 1.5876 (the largest: the control of change 11 in B, residual 4.2, weight 1.5).
FIRMS = [
    firm(A, 4, ["kia"], key=1),
    firm(A, 6, ["kia"], key=2),
    firm(A, 1, key=3),
    firm(A, 3, key=4),
    firm(B, 10, ["kia"], key=5),
    firm(B, 12, ["kia"], key=6),
    firm(B, 14, ["kia"], key=7),
    firm(B, 9, key=8),
    firm(B, 11, key=9),
]
# no perturbation and no dominance rule, cells of 2 allowed (and a hidden cell's narrow range of
# counts accepted by the audit): the published figures are the exact ones, so the hand derivation
# can be checked
EXACT = Rules.suppression_only(min_n=2, dominance_share=1.0, protection_count=0)


def test_fit_gives_the_hand_derived_did_and_interval():
    split = sides(FIRMS)
    result = fit(split[TREATED], split[CONTROL])
    assert result.did == pytest.approx(2.4)
    assert result.standard_error == pytest.approx(2.93466, abs=1e-5)
    assert result.half_width == pytest.approx(6.93937, abs=1e-5)
    assert result.weights == (1, 1, 1, 1, 1, 1, 1, 1.5, 1.5)
    # the per-firm shares of the HC0 variance, derived above (treated first, each side in the
    # order of the input), add up to 6.6984, and x 9 / 7 to statsmodels' SE squared
    assert result.variance_parts == pytest.approx(
        [1.0816, 0.4096, 0.0256, 0.3136, 0.9216, 1.3456, 0.5776, 0.4356, 1.5876]
    )
    assert sum(result.variance_parts) == pytest.approx(6.6984)
    assert sum(result.variance_parts) * 9 / 7 == pytest.approx(result.standard_error**2)


def test_evaluation_publishes_the_did_with_its_rounded_interval_and_trace():
    out = evaluate(FIRMS, ANY, EXACT)
    assert out.reason is None
    assert out.did == pytest.approx(2.4)
    # the interval from published figures only: without noise the published HC0 variance is the
    # exact 6.6984 and the published counts 5 and 4, so n = 9, HC1 factor 9 / 7 = 1.285714,
    # SE = sqrt(6.6984 x 9 / 7) = 2.93466, t(0.975; 7) = 2.364624 and the half-width 6.93937,
    # rounded to two significant digits: 6.9, so 2.4 - 6.9 = -4.5 to 2.4 + 6.9 = 9.3
    assert out.spread is not None
    assert out.spread["variance_hc0"] == pytest.approx(6.6984)
    assert (out.spread["n"], out.spread["df"]) == (9, 7)
    assert out.spread["hc1_factor"] == pytest.approx(9 / 7)
    assert out.spread["standard_error"] == pytest.approx(2.93466, abs=1e-5)
    assert out.spread["t_quantile"] == pytest.approx(2.364624, abs=1e-6)
    assert out.spread["half_width"] == 6.9
    assert out.low == pytest.approx(-4.5)
    assert out.high == pytest.approx(9.3)
    assert out.treated_mean == pytest.approx(9.2)
    assert out.control_mean == pytest.approx(6.8)
    assert (out.treated_n, out.control_n) == (5, 4)
    assert [(c["section"], c[TREATED], c[CONTROL]) for c in out.cells] == [("C", 3, 2), ("G", 2, 2)]
    trace = out.trace()
    assert trace["n"] == {TREATED: 5, CONTROL: 4}
    assert trace["inputs"]["cells"] == 2
    assert "mean Δ treated,c" in trace["formula"]
    # the regression's coefficients are the published control mean and DiD; the interval's
    # pieces are those above
    assert trace["regression"]["intercept"] == pytest.approx(6.8)
    assert trace["regression"]["treated"] == pytest.approx(2.4)
    assert trace["interval"] == out.spread
    assert [(c["section"], c[TREATED], c[CONTROL]) for c in trace["cells"]] == [
        ("C", 3, 2),
        ("G", 2, 2),
    ]


def test_the_interval_comes_from_the_published_variance_and_counts_not_the_exact_fit():
    # With the cell-key perturbation (cells of 2 allowed, no dominance rule), by hand from the
    # module's own lookups:
    # - counts: the firms that applied have keys 1, 2, 5, 6, 7 (cell key 21), the others 3, 4, 8,
    #   9 (cell key 24); their perturbations give the published n per side;
    # - the variance: the exact 6.6984 plus noise of 10-20% of the largest share, 1.5876, on
    #   the cell key of the firms' variance keys (so not the DiD's noise);
    # - then n = the two published counts, SE = sqrt(V x n / (n - 2)), half-width = t(0.975;
    #   n - 2) x SE rounded to two significant digits, around the published DiD.
    rules = Rules(min_n=2, dominance_share=1.0, protection_count=0)
    out = evaluate(FIRMS, ANY, rules)
    treated_n = 5 + count_perturbation(5, 21, rules)
    control_n = 4 + count_perturbation(4, 24, rules)
    assert (out.treated_n, out.control_n) == (treated_n, control_n)
    noise = total_perturbation(1.5876, cell_key(variance_key(k) for k in range(1, 10)), rules)
    assert 0.1 * 1.5876 - 1e-9 <= abs(noise) <= 0.2 * 1.5876 + 1e-9
    assert out.spread is not None
    assert out.spread["variance_hc0"] == pytest.approx(6.6984 + noise)
    assert out.spread["variance_hc0"] != pytest.approx(6.6984, abs=1e-6)
    n = treated_n + control_n
    # t(0.975) by degrees of freedom, from the table: 5 -> 2.570582, 6 -> 2.446912, 7 -> 2.364624
    t975 = {5: 2.570582, 6: 2.446912, 7: 2.364624, 8: 2.306004, 9: 2.262157}[n - 2]
    se = ((6.6984 + noise) * n / (n - 2)) ** 0.5
    assert out.spread["t_quantile"] == pytest.approx(t975, abs=1e-6)
    half = float(f"{t975 * se:.2g}")
    assert out.spread["half_width"] == half
    assert out.did is not None
    assert (out.low, out.high) == (out.did - half, out.did + half)
    # the DiD's noise is drawn on its own cell key: the shares of the largest contribution differ
    did_share = abs(out.did - 2.4) / (14 / 5)
    assert did_share != pytest.approx(abs(noise) / 1.5876, abs=1e-6)


def test_one_outlier_that_makes_up_the_variance_withholds_the_estimate():
    # The treated firm of B with change 14 changes by 80 instead. The DiD is not dominated: its
    # absolute contributions are (4 + 6 + 10 + 12 + 80) / 5 = 22.4 for the treated and
    # (1 + 3) / 5 + (9 + 11) x 1.5 / 5 = 6.8 for the controls, 29.2 in all, of which the two
    # largest, 80 / 5 = 16 and 11 x 1.5 / 5 = 3.3, are 66%. Its variance is: the treated mean is
    # 112 / 5 = 22.4, residuals -18.4, -16.4, -12.4, -10.4, 57.6, squares 338.56, 268.96,
    # 153.76, 108.16, 3,317.76 (sum 4,187.2) and the controls' 98.66 as before: the two largest,
    # 3,317.76 + 338.56 = 3,656.32, are 85.3% of 4,285.86, more than 85%. So the interval cannot
    # be published, and an estimate without its interval is not shown.
    outlier = [*FIRMS[:6], firm(B, 80, ["kia"], key=7), *FIRMS[7:]]
    out = evaluate(outlier, ANY, Rules.suppression_only(min_n=2, protection_count=0))
    assert out.reason == "dominance"
    assert (out.did, out.low, out.high, out.spread) == (None, None, None, None)
    # the means are published or hidden on their own: the treated mean 22.4 passes (16 of
    # 22.4 is 71%); the controls' (1 + 3 + 13.5 + 16.5) / 5 = 6.8 is dominated by the two
    # controls of B, (13.5 + 16.5) / 34 = 88%
    assert out.treated_mean == pytest.approx(22.4)
    assert out.control_mean is None


def test_a_cell_without_controls_is_left_out_of_the_matching():
    # a treated firm with a change of 1,000 in a cell with no control firm: unmatched, so the
    # estimate stays 2.4 and the treated count 5
    out = evaluate([*FIRMS, firm(LONELY, 1_000, ["kia"], key=10)], ANY, EXACT)
    assert out.did == pytest.approx(2.4)
    assert out.treated_n == 5


def test_cells_below_the_threshold_are_not_used():
    # a third control in B (change 10: B's controls 9, 11, 10 still average 10); with the
    # threshold at 3 firms, cell A (2 treated, 2 control) is hidden and only cell B counts:
    # 12 - 10 = 2
    firms = [*FIRMS, firm(B, 10, key=13)]
    three = Rules.suppression_only(min_n=3, dominance_share=1.0, protection_count=0)
    out = evaluate(firms, ANY, three)
    assert [c["section"] for c in out.cells] == ["C"]
    assert out.did == pytest.approx(2.0)
    assert (out.treated_n, out.control_n) == (3, 3)
    # at 4, no cell has 4 firms on both sides: nothing is estimated
    four = Rules.suppression_only(min_n=4, dominance_share=1.0, protection_count=0)
    none = evaluate(firms, ANY, four)
    assert (none.did, none.reason, none.cells) == (None, "no_cells", [])


def test_a_dominated_estimate_is_withheld():
    # one treated firm in B changed by 10,000: contributions |10,000 / 5| = 2,000 and the next
    # largest, 2.8 (14 / 5), make up more than 85% of the absolute sum, so the DiD is hidden
    outlier = [*FIRMS[:6], firm(B, 10_000, ["kia"], key=7), *FIRMS[7:]]
    out = evaluate(outlier, ANY, Rules.suppression_only(min_n=2, protection_count=0))
    assert out.did is None and out.low is None
    assert out.reason == "dominance"


def test_per_scheme_the_controls_qualified_and_applied_for_nothing():
    # a firm that applied for WBSO only is neither treated nor control for KIA; a firm that did
    # not qualify for KIA is no control for it
    extra = [firm(A, 100, ["wbso"], key=11), firm(A, -100, eligible=(), key=12)]
    split = sides([*FIRMS, *extra], "kia")
    assert len(split[TREATED]) == 5
    assert len(split[CONTROL]) == 4
    overall = sides([*FIRMS, *extra], ANY)
    assert len(overall[TREATED]) == 6 and len(overall[CONTROL]) == 5


def test_the_same_firms_give_the_same_noise_and_one_more_firm_fresh_noise():
    # with the real perturbation, the published DiD is the exact one plus noise of 10-20% of the
    # largest contribution (here 14 / 5 = 2.8 at most, so within 0.56); the same firms give the
    # same figure again, whatever their order
    rules = Rules(min_n=2, dominance_share=1.0, protection_count=0)
    first = evaluate(FIRMS, ANY, rules)
    again = evaluate(list(reversed(FIRMS)), ANY, rules)
    assert first.did == again.did
    assert first.did != pytest.approx(2.4, abs=1e-9)
    assert abs(first.did - 2.4) <= 0.2 * 14 / 5 + 1e-9
    # one firm more (a control of change 10 in B) changes the contributors, so the noise is
    # drawn afresh: B's controls 9, 11 and 10 still average 10, so the exact DiD stays 2.4, yet
    # the published one moves
    more = evaluate([*FIRMS, firm(B, 10, key=13)], ANY, rules)
    assert more.did != first.did
    assert abs(more.did - 2.4) <= 0.2 * 14 / 5 + 1e-9
