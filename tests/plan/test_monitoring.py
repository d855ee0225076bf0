"""Monitoring aggregates (hulplijn.plan.monitoring) with hand-made records and hand-derived
numbers; disclosure control as in hulplijn.core.disclosure."""

import random

import pytest

from hulplijn.core.disclosure import Rules, tabulate
from hulplijn.plan import monitoring as m
from hulplijn.reference import params

RULES = Rules.from_parameters(params.disclosure())  # 10 firms, two largest > 85%


def test_control_on_counts_gives_the_cells_of_tabulate():
    """The one-pass counts give exactly core.disclosure.tabulate's cells (n, total, reasons)."""
    rng = random.Random(7)
    rows = [
        {"g": rng.choice("ab"), "s": rng.choice("wxyz"), "v": rng.choice([-3, 1, 5, 2_000])}
        for _ in range(300)
    ] + [{"g": "a", "s": "w", "v": 1_000_000}, {"g": "a", "s": "w", "v": 900_000}]
    keys = [(g, s) for g in "ab" for s in "wxyzq"]
    expected = tabulate(rows, lambda r: (r["g"], r["s"]), lambda r: r["v"], RULES, keys)
    sums = {}
    for r in rows:
        sums.setdefault((r["g"], r["s"]), m.Sum(RULES.dominance_top)).add(r["v"])
    cells = m.control({k: s.n for k, s in sums.items()}, RULES, keys, sums)
    assert [(c.key, c.n, c.total, c.suppressed, c.total_suppressed) for c in expected] == [
        (c.key, c.n, c.total, c.suppressed, c.total_suppressed)
        for c in sorted(cells.values(), key=lambda c: c.key)
    ]
    assert cells["a", "w"].total_suppressed == "dominance"


def test_groups_are_listed_only_when_the_rest_cannot_be_recovered():
    # one small group (5) would be the total minus the listed ones: the smallest listed (b, 12)
    # goes too, so the two together (17) are all that can be derived
    assert m.listed({"a": 30, "b": 12, "c": 5}, "abc", RULES) == ["a"]
    # two small groups of 11 together: nothing more to hide
    assert m.listed({"a": 30, "b": 12, "c": 5, "d": 6}, "abcd", RULES) == ["a", "b"]
    # two small groups of 7 together (< 10): the smallest listed goes too
    assert m.listed({"a": 30, "b": 12, "c": 4, "d": 3}, "abcd", RULES) == ["a"]
    assert m.listed({"a": 30, "b": 12}, "ab", RULES) == ["a", "b"]


def add(
    monitor,
    period,
    group,
    segment,
    change,
    count,
    pct=(50, 50, 50, 50),
    impact="groei",
    eligible=(),
    flags=(),
):
    for _ in range(count):
        monitor.add(period, group, segment, change, pct, impact, eligible, flags)


@pytest.fixture
def monitor():
    mon = m.Monitor(RULES)
    # March: micro 30 accelerate (+1,000 each), 12 grow (-500 each), 9 renew (+777 each)
    add(mon, "2024-03", "micro", "accelerate", 1_000, 30, eligible=("8",), flags=("checked",))
    add(mon, "2024-03", "micro", "grow", -500, 12, pct=(10, 90, None, 100), eligible=("8", "2"))
    add(mon, "2024-03", "micro", "renew", 777, 9, pct=(25, 25, 25, 25), impact="grote_krimp")
    # March: klein 10 accelerate, 8 of +10 and 2 of +1,000,000 (dominated), 10 reform (+0)
    add(mon, "2024-03", "klein", "accelerate", 10, 8)
    add(mon, "2024-03", "klein", "accelerate", 1_000_000, 2)
    add(mon, "2024-03", "klein", "", -50, 10)  # segment not determinable
    # April: a single firm; May: 12 firms
    add(mon, "2024-04", "micro", "accelerate", 424_242, 1)
    add(mon, "2024-05", "micro", "reform", -100, 12)
    return mon


def test_periods_and_segment_matrix_by_hand(monitor):
    out = monitor.tables(["2024-03", "2024-04", "2024-05"], ["micro", "klein"], ["2", "8"])
    # April (1 firm) is not listed; being the only hidden period it would be the total minus
    # the others, so the smallest listed period (May, 12) is left out as well
    assert out.periods == [{"period": "2024-03", "n": 71}]  # 51 micro + 20 klein
    rows = {(r["group"], r["segment"]): r for r in out.segments}
    # micro: 51 firms. renew 9 < 10: hidden; then the smallest other cell shown (grow, 12) is
    # hidden too, or 9 = 51 - 30 - 12; accelerate 30 firms, share 30/51, +30,000
    assert rows["micro", "renew"]["n"] is None
    assert rows["micro", "renew"]["suppressed"] == [("renew", "min_n")]
    assert rows["micro", "grow"]["n"] is None
    assert rows["micro", "grow"]["suppressed"] == [("grow", "secondary")]
    # accelerate 30 firms, share 30/51; its total (+30,000) is hidden because klein's
    # accelerate total is (below), and the two add up to the accelerate total that the
    # breakdown by SBI section publishes
    assert rows["micro", "accelerate"] == {
        "period": "2024-03",
        "group": "micro",
        "segment": "accelerate",
        "n": 30,
        "share": pytest.approx(30 / 51),
        "value_added_change": None,
        "suppressed": [("accelerate", "secondary")],
    }
    # klein: 20 firms. accelerate 10 firms, total 8 x 10 + 2 x 1,000,000 = 2,000,080 of which
    # the two largest are 99.996% > 85%: the total is hidden, the count shown
    klein = rows["klein", "accelerate"]
    assert (klein["n"], klein["value_added_change"]) == (10, None)
    assert klein["suppressed"] == [("accelerate", "dominance")]
    assert rows["klein", "none"]["n"] == 10
    assert rows["klein", "none"]["value_added_change"] == -500  # 10 x -50
    # no published count below 10 anywhere
    assert all(r["n"] is None or r["n"] >= 10 for r in out.segments)


def cells(ns):
    from hulplijn.core.disclosure import Cell

    return {s: Cell((s,), n, float(n), "min_n" if 0 < n < 10 else None) for s, n in ns.items()}


def test_columns_are_protected_too():
    # two groups x two segments; a (9) is hidden. Row a: b (20) goes too (9 = 29 - 20). Column
    # x: only a/x hidden, but x's firms are published by the other breakdown: c/x (30) goes
    # too; then row c has one hidden cell: c/y (40) goes as well. Nothing more is exposed.
    matrix = {"a": cells({"x": 9, "y": 20}), "c": cells({"x": 30, "y": 40})}
    m.protect(matrix, {}, RULES)
    assert {(g, s): c.suppressed for g, r in matrix.items() for s, c in r.items()} == {
        ("a", "x"): "min_n",
        ("a", "y"): "secondary",
        ("c", "x"): "secondary",
        ("c", "y"): "secondary",
    }
    # the firms of groups not listed (here 12 in x) are a hidden cell of each column: a/x (15)
    # goes; then row a: a/y (20); column y: c/y (40); row c: c/x (30); z stays
    matrix = {"a": cells({"x": 15, "y": 20, "z": 25}), "c": cells({"x": 30, "y": 40, "z": 50})}
    m.protect(matrix, {"x": 12}, RULES)
    assert [g + s for g, r in matrix.items() for s, c in r.items() if c.suppressed] == [
        "ax",
        "ay",
        "cx",
        "cy",
    ]


def test_dimensions_impact_eligibility_and_flags_by_hand(monitor):
    out = monitor.tables(["2024-03"], ["micro", "klein"], ["2", "8"])
    dims = {r["dimension"]: r for r in out.dimensions}
    # productivity growth in March (71 firms): 30 + 20 klein at 50 -> 40-59: 30 + 20 = 50;
    # micro grow at 10 -> 0-19: 12; micro renew at 25 -> 20-39: 9 (hidden); the smallest other
    # non-empty band (0-19, 12) hidden too
    assert dims["productivity_growth"]["40-59"] == 50
    assert dims["productivity_growth"]["20-39"] is None
    assert dims["productivity_growth"]["0-19"] is None
    assert dims["productivity_growth"]["suppressed"] == [("0-19", "secondary"), ("20-39", "min_n")]
    # liquidity: grow firms have none (12 not given), renew 9 at 25 (hidden, and 12 with it)
    assert dims["liquidity"]["not_given"] is None
    assert dims["liquidity"]["40-59"] == 50
    # solvency: grow at 100 -> top band 12, renew 9 hidden -> 80-100 hidden as secondary
    assert dims["solvency"]["80-100"] is None
    # sector impact: 9 grote krimp (hidden) and 62 groei, which then goes too (secondary)
    assert out.impact == [
        {
            "period": "2024-03",
            **dict.fromkeys(m.IMPACT_CLASSES),
            "suppressed": [("grote_krimp", "min_n"), ("groei", "secondary")],
        }
    ]
    elig = {r["measure"]: r for r in out.eligibility}
    # measure 8: 30 + 12 = 42 of 71 eligible, 29 not: both >= 10
    assert (elig["8"]["n"], elig["8"]["share"]) == (42, pytest.approx(42 / 71))
    # measure 2: 12 eligible, 59 not
    assert elig["2"]["n"] == 12
    flag = {r["flag"]: r for r in out.flags}
    assert flag["checked"]["n"] == 30


def test_a_property_of_almost_every_firm_is_hidden_with_its_complement():
    mon = m.Monitor(RULES)
    add(mon, "p", "micro", "accelerate", 1, 15, eligible=("8",))
    add(mon, "p", "micro", "accelerate", 1, 3)
    out = mon.tables(["p"], ["micro"], ["8"])
    # 15 of 18 eligible: the 3 that are not would be 18 - 15, so 15 is hidden (secondary)
    assert out.eligibility == [
        {
            "period": "p",
            "measure": "8",
            "n": None,
            "share": None,
            "suppressed": [("8", "secondary")],
        }
    ]


def test_uptake_by_hand():
    answers = (
        [("p", "8", "intend")] * 10
        + [("p", "8", "applied")] * 10
        + [("p", "2", "intend")] * 12
        + [("p", "2", "applied")] * 10
        + [("p", "2", "not_for_me")] * 3
        + [("p", "5", "intend")] * 4
    )
    eligible = {("p", "8"): 30, ("p", "2"): 25, ("p", "5"): 9}
    rows = {r["measure"]: r for r in m.uptake(answers, eligible, ["p"], ["2", "5", "8"], RULES)}
    # measure 5: 9 eligible firms, not listed at all
    assert set(rows) == {"2", "8"}
    # measure 8: 10 intend, 10 applied, 0 not for me, 30 - 20 = 10 no answer; (10 + 10) / 30
    assert rows["8"]["share"] == pytest.approx(20 / 30)
    assert (rows["8"]["intend"], rows["8"]["applied"], rows["8"]["no_answer"]) == (10, 10, 10)
    # measure 2: 3 not for me (hidden); then the smallest shown (applied, 10) too, or 3 = 25 -
    # 12 - 10 - 0; the share needs applied, so it is hidden as well
    assert (rows["2"]["intend"], rows["2"]["applied"], rows["2"]["not_for_me"]) == (12, None, None)
    assert rows["2"]["share"] is None
    assert rows["2"]["suppressed"] == [("applied", "secondary"), ("not_for_me", "min_n")]


def test_survey_scores_by_hand():
    scores = [("p", "s1", 4.0)] * 6 + [("p", "s1", 2.5)] * 4 + [("p", "s2", 5.0)] * 9
    rows = {r["survey"]: r for r in m.survey_scores(scores, ["p"], ["s1", "s2"], RULES)}
    # s1: (6 x 4.0 + 4 x 2.5) / 10 = 34 / 10 = 3.4; s2: 9 respondents, hidden
    assert (rows["s1"]["n"], rows["s1"]["mean"]) == (10, pytest.approx(3.4))
    assert (rows["s2"]["n"], rows["s2"]["mean"]) == (None, None)
    assert rows["s2"]["suppressed"] == [("s2", "min_n")]


def test_feedback_by_hand():
    ratings = [("a", 4)] * 10 + [("a", 2)] + [("b", 5)] * 9 + [("c", 5)] * 10 + [("c", 3)] * 10
    rows = {r["period"]: r for r in m.feedback(ratings, ["a", "b", "c"], RULES)}
    # a: 11 firms, mean (10 x 4 + 2) / 11 = 42 / 11; one firm gave 2, so no count is shown
    # (n, the mean and the count of 4 would give it back)
    assert (rows["a"]["n"], rows["a"]["mean"]) == (11, pytest.approx(42 / 11))
    assert [rows["a"][r] for r in m.RATINGS] == [None] * 5
    assert rows["a"]["suppressed"] == [("2", "min_n"), ("4", "secondary")]
    # b: 9 firms: nothing
    assert (rows["b"]["n"], rows["b"]["mean"]) == (None, None)
    # c: 20 firms, mean (10 x 5 + 10 x 3) / 20 = 4.0; counts 3 and 5 shown, empty ratings as -
    assert (rows["c"]["n"], rows["c"]["mean"]) == (20, 4.0)
    assert [rows["c"][r] for r in m.RATINGS] == [None, None, 10, None, 10]
