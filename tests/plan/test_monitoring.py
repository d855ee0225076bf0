"""Monitoring aggregates (hulplijn.plan.monitoring) with hand-made atoms and hand-derived
numbers; disclosure control as in hulplijn.core.disclosure.

Every record key here is 0, so every cell key is 0 and every perturbation is the same, derived
by hand once: uniform(0, stream 0) = 0.8833 falls in the +1 band of the perturbation weights
(cumulative 0.075, 0.275, 0.725, 0.925 for -2 .. +2), so a published count is the true one
plus 1; uniform(0, 1) = 0.4315 < 0.5 gives a positive total noise of 0.1 + 0.1 x uniform(0, 2)
= 0.1 + 0.1 x 0.02643 = 0.102643 times the cell's largest contribution.
"""

from datetime import date

import pytest

from hulplijn.core.disclosure import Contribution, Rules
from hulplijn.core.disclosure.cellkey import count_perturbation, total_perturbation
from hulplijn.plan import monitoring as m
from hulplijn.reference import params

RULES = Rules.from_parameters(params.disclosure())  # 10 firms, two largest > 85%, D = 2
MARCH, APRIL = date(2024, 3, 1), date(2024, 4, 1)
NOISE = 0.10264337715925978


def test_the_hand_derived_perturbation_of_key_zero():
    assert count_perturbation(30, 0, RULES) == 1
    assert total_perturbation(1_000, 0, RULES) == pytest.approx(1_000 * NOISE)


def firms(n, value=0.0):
    c = Contribution()
    for _ in range(n):
        c.add(0, value)
    return c


@pytest.fixture
def atoms():
    """March, round 1: micro accelerate 30 (+1,000 each), micro grow 12 (-500 each), micro renew
    9 (+7,000); klein reform 10 (+100). April, round 1: micro accelerate 15 (+1,000)."""
    a = m.Atoms()
    a.segments = {
        (MARCH, 1, "micro", "G", "accelerate"): firms(30, 1_000),
        (MARCH, 1, "micro", "G", "grow"): firms(12, -500),
        (MARCH, 1, "micro", "G", "renew"): firms(9, 7_000),
        (MARCH, 1, "klein", "G", "reform"): firms(10, 100),
        (APRIL, 1, "micro", "G", "accelerate"): firms(15, 1_000),
    }
    a.impact = {
        (MARCH, 1, "groei"): firms(52),
        (MARCH, 1, "grote_krimp"): firms(9),
        (APRIL, 1, "groei"): firms(15),
    }
    a.eligible = {
        "8": {
            (MARCH, 1, True): firms(42),
            (MARCH, 1, False): firms(19),
            (APRIL, 1, False): firms(15),
        }
    }
    a.uptake = {
        "8": {
            (MARCH, 1, "intend"): firms(20),
            (MARCH, 1, "applied"): firms(3),
            (MARCH, 1, "no_answer"): firms(19),
        }
    }
    # survey s1: 6 respondents scoring 4.0 and 4 scoring 2.5
    a.surveys = {"s1": {(MARCH, 1): Contribution.merged([firms(6, 4.0), firms(4, 2.5)], 2)}}
    a.feedback = {(MARCH, 1, 4): firms(10, 4.0), (MARCH, 1, 2): firms(1, 2.0)}
    return a


def view(atoms, kind="month", by="size_class"):
    releases = m.release(atoms, RULES)
    periods = [MARCH, APRIL] if kind == "month" else [1]
    out = m.tables(releases, kind, by, periods, ["micro", "klein"], ["8"], [], ["s1"])
    return releases, out


def test_the_month_view_by_hand(atoms):
    releases, out = view(atoms)
    assert releases.passed
    # March: 30 + 12 + 9 + 10 = 61 firms, published 62; April 15, published 16
    assert out.periods == [{"period": MARCH, "n": 62}, {"period": APRIL, "n": 16}]
    rows = {(r["period"], r["group"], r["segment"]): r for r in out.segments}
    acc = rows[MARCH, "micro", "accelerate"]
    # micro in March: 51 firms, published 52; accelerate 31 of 52; 30,000 + 0.102643 x 1,000
    assert (acc["n"], acc["share"]) == (31, pytest.approx(31 / 52))
    assert acc["value_added_change"] == round(30_000 + NOISE * 1_000) == 30_103
    renew = rows[MARCH, "micro", "renew"]
    assert (renew["n"], renew["value_added_change"]) == (None, None)
    assert renew["suppressed"] == [("renew", "min_n")]
    # klein reform: 10 firms of +100: its two largest are 200 of 1,000, not dominated
    assert rows[MARCH, "klein", "reform"]["n"] == 11
    # no group below 10: klein in April holds no firms and is not listed
    assert (APRIL, "klein", "reform") not in rows
    assert all(r["n"] is None or r["n"] >= 10 for r in out.segments)


def test_the_round_view_holds_both_months_and_the_audit_covers_the_pair(atoms):
    releases, out = view(atoms, "round")
    # round 1: 61 + 15 = 76 firms, published 77; micro accelerate 45, published 46
    assert out.periods == [{"period": 1, "n": 77}]
    rows = {(r["group"], r["segment"]): r for r in out.segments}
    assert rows["micro", "accelerate"]["n"] == 46
    # the 9 renew firms: a hidden cell of March and of the round; the audit knows both views
    renew = [r for r in releases["segments"].audit.ranges if r.true == 9 and r.kind == "count"]
    assert renew and all(r.high - r.low >= RULES.protection_count for r in renew)


def test_dimensions_impact_eligibility_uptake_surveys_and_feedback_by_hand(atoms):
    _, out = view(atoms)
    march = out.impact[0]
    # 52 in groei (published 53), 9 in grote krimp (hidden)
    assert (march["groei"], march["grote_krimp"]) == (53, None)
    assert march["suppressed"] == [("grote_krimp", "min_n")]
    elig = out.eligibility[0]
    # measure 8: 42 of 61 eligible, published 43 of 62
    assert (elig["n"], elig["share"]) == (43, pytest.approx(43 / 62))
    up = out.uptake[0]
    # 42 eligible (published 43): 20 intend (21), 3 applied (hidden), 19 no answer (20); the
    # share needs the hidden count, so it is not shown
    assert (up["eligible"], up["intend"], up["applied"], up["no_answer"]) == (43, 21, None, 20)
    assert up["share"] is None
    s1 = out.surveys[0]
    # 10 respondents (published 11): total 6 x 4.0 + 4 x 2.5 = 34, + 0.102643 x 4.0, over 11
    assert s1["n"] == 11
    assert s1["mean"] == round((34 + NOISE * 4.0) / 11, 2) == 3.13
    fb = out.feedback[0]
    # 11 ratings (published 12); the rating 2 is hidden (one firm), the ten 4s published as
    # 11; no mean, as it would tell the hidden count (total = 4 x n4 + 2 x n2)
    assert fb["n"] == 12 and fb["mean"] is None
    assert (fb[2], fb[4]) == (None, 11)


def test_the_all_view_of_stats_segments(atoms):
    releases = m.release(atoms, RULES)
    rows = {
        (r["size_class"], r["segment"]): r
        for r in m.segment_rows_all(releases, "size_class", ["micro", "klein"])
    }
    # micro accelerate over all periods: 45 firms, published 46; +45,000 + 0.102643 x 1,000
    assert rows["micro", "accelerate"]["n"] == 46
    change = rows["micro", "accelerate"]["value_added_change"]
    assert change == round(45_000 + NOISE * 1_000) == 45_103


def test_firms_are_counted_beside_the_assessments(atoms):
    # distinct firms: 12 in March (the month view publishes 13) and 3 in April (hidden: fewer
    # than 10); the round holds 15 (published 16). Beside them the assessments stay as they
    # were: 61 + 1 = 62 in March, 15 + 1 = 16 in April. April's 3 firms can be anything from 1 to
    # 7 given the round (16 +- 2) minus March (13 +- 2), which the audit accepts (at least 3)
    atoms.firms = {(MARCH, 1): firms(12), (APRIL, 1): firms(3)}
    releases, out = view(atoms)
    assert releases["firms"].audit.passed
    assert out.periods == [{"period": MARCH, "n": 62}, {"period": APRIL, "n": 16}]
    assert out.firms == [
        {"period": MARCH, "n": 13, "suppressed": []},
        {"period": APRIL, "n": None, "suppressed": [("firms", "min_n")]},
    ]
    _releases, rounds = view(atoms, "round")
    assert rounds.firms == [{"period": 1, "n": 16, "suppressed": []}]


# -- scheme uptake (issue 13): the firms that qualified for an open scheme and their answers --


@pytest.fixture
def with_kia(atoms):
    """KIA: March, of the 61 firms 43 qualified (11 going to apply, 2 applied, 30 no answer)
    and 18 did not; April, of the 15 firms 12 qualified (no answers) and 3 did not. Each
    period's atoms add up to its records, as the database side makes them."""
    atoms.scheme_uptake = {
        "kia": {
            (MARCH, 1, "intend"): firms(11),
            (MARCH, 1, "applied"): firms(2),
            (MARCH, 1, "no_answer"): firms(30),
            (MARCH, 1, m.NOT_ELIGIBLE): firms(18),
            (APRIL, 1, "no_answer"): firms(12),
            (APRIL, 1, m.NOT_ELIGIBLE): firms(3),
        }
    }
    return atoms


def scheme_view(atoms, kind="month"):
    releases = m.release(atoms, RULES)
    periods = [MARCH, APRIL] if kind == "month" else [1]
    out = m.tables(releases, kind, "size_class", periods, ["micro"], ["8"], [], ["s1"], ["kia"])
    return releases, out


def test_scheme_uptake_by_hand(with_kia):
    releases, out = scheme_view(with_kia)
    assert releases.passed
    march, april = out.scheme_uptake
    # March: 43 qualify (published 44): 11 going to apply (12), 2 applied (hidden), 30 no answer
    # (31); the share needs the hidden count, so it is not shown
    assert march["scheme"] == "kia" and march["period"] == MARCH
    assert (march["eligible"], march["intend"], march["applied"], march["no_answer"]) == (
        44,
        12,
        None,
        31,
    )
    assert march["not_for_me"] is None and march["share"] is None
    assert march["suppressed"] == [("applied", "min_n")]
    # April: 12 qualify (13), none answered: 12 no answer (13), share 0 / 13
    assert (april["eligible"], april["no_answer"], april["share"]) == (13, 13, 0.0)
    # per round: 43 + 12 = 55 qualify (56); 42 no answer (43)
    _, rounds = scheme_view(with_kia, "round")
    [row] = rounds.scheme_uptake
    assert (row["period"], row["eligible"], row["intend"], row["no_answer"]) == (1, 56, 12, 43)


def test_the_scheme_family_holds_the_firms_that_did_not_qualify(with_kia):
    """The period's total (the segments' 16 for April) minus the qualifying firms (13) gives
    the 3 that did not qualify; they are an atom of the same family, so the audit weighs it:
    16 +- 2 minus 13 +- 2 leaves them anywhere from 0 to 7 (the audit's local range, with the
    other atoms kept, is narrower and still at least 3 wide)."""
    releases, _ = scheme_view(with_kia)
    family = releases["scheme_uptake:kia"]
    assert (
        family.cells["month", APRIL].shown_n == releases["segments"].cells["month", APRIL].shown_n
    )
    assert ("month", APRIL, m.NOT_ELIGIBLE) not in family.cells  # never a cell of its own
    [complement] = [
        r for r in family.audit.ranges if r.unit == ("atom", (APRIL, 1, m.NOT_ELIGIBLE))
    ]
    assert complement.true == 3 and complement.ok
    assert complement.low >= 0 and complement.high <= 7
    assert complement.high - complement.low >= RULES.protection_count == 3


def test_a_cell_hidden_in_one_family_is_hidden_in_the_other(with_kia):
    """Two families publish the same firms (a measure's qualifying firms in the eligibility and
    the uptake table; a period's total in the segments and a scheme's family): what one hides,
    the other may not show."""
    releases = m.release(with_kia, RULES)
    eligible, uptake = releases["eligible:8"], releases["uptake:8"]
    # as if the eligibility family's audit had hidden March's 42 qualifying firms
    m._hide(eligible.cells["month", MARCH, True])
    m._hide_together(eligible, uptake, (True,), ())
    assert uptake.cells["month", MARCH].shown_n is None
    assert uptake.cells["month", MARCH, "intend"].shown_n is None
    assert uptake.cells["month", MARCH, "no_answer"].shown_n is None
    # the other way round: the uptake family hid the round's qualifying firms
    m._hide(uptake.cells["round", 1])
    m._hide_together(eligible, uptake, (True,), ())
    assert eligible.cells["round", 1, True].shown_n is None
    assert eligible.cells["round", 1].shown_n is not None  # the period's total stays
    # a scheme family whose audit hid a period's total, which the segments publish anyway:
    # nothing of the scheme in that period is shown, and the segments keep their total
    segments, kia = releases["segments"], releases["scheme_uptake:kia"]
    m._hide(kia.cells["month", MARCH])
    m._hide_together(segments, kia, (), (), fixed=True)
    assert segments.cells["month", MARCH].shown_n == 62
    assert [
        name for name, c in kia.cells.items() if name[:2] == ("month", MARCH) and c.shown_n
    ] == []
    assert kia.cells["month", APRIL, "eligible"].shown_n == 13


def test_a_scheme_s_records_alone_count_their_qualifying_firms_once(atoms):
    # before the live answers are added, the records give qualifying firms and the rest: 43
    # qualify in March (published 44, not 86 + 1) and nobody has answered
    atoms.scheme_uptake = {
        "kia": {(MARCH, 1, "eligible"): firms(43), (MARCH, 1, m.NOT_ELIGIBLE): firms(18)}
    }
    _, out = scheme_view(atoms)
    [row] = out.scheme_uptake
    assert row["eligible"] == 44 and row["no_answer"] is None and row["share"] == 0.0
