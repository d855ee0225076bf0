"""Disclosure control and the segment matrix, with hand-made respondents."""

import pytest

from hulplijn.core.disclosure import Rules, dominated, tabulate
from hulplijn.plan.segmentation import segment_matrix
from hulplijn.reference import params

RULES = Rules.from_parameters(params.disclosure())


def test_rules_come_from_the_reference_parameters():
    assert (RULES.min_n, RULES.dominance_top, RULES.dominance_share) == (10, 2, 0.85)


def test_dominance_rule_by_hand():
    # two largest 50 + 40 = 90 of 100 > 85: dominated; 45 + 40 = 85 of 100 is not above 85
    assert dominated([50, 40, 5, 5], RULES)
    assert not dominated([45, 40, 10, 5], RULES)
    # absolute contributions: a large loss dominates too
    assert dominated([-90, 5, 3, 2], RULES)


def firms(size, segment, count, change=1000.0):
    return [{"size_class": size, "segment": segment, "value_added_change": change}
            for _ in range(count)]


def test_segment_matrix_suppresses_small_and_dominated_cells():
    records = (
        firms("micro", "accelerate", 12) + firms("micro", "grow", 20) + firms("micro", "renew", 9)
        + firms("micro", "reform", 30)
        # klein/accelerate: 10 firms, two of them carry nearly all the change -> total hidden
        + firms("klein", "accelerate", 8, 10.0) + firms("klein", "accelerate", 2, 5_000_000.0)
        + firms("klein", "grow", 15) + firms("klein", "renew", 15) + firms("klein", "reform", 15)
    )
    rows = {(r["size_class"], r["segment"]): r
            for r in segment_matrix(records, "size_class", ["micro", "klein"], RULES)}
    # micro/renew has 9 firms: hidden; micro has 71 firms in all, so micro/accelerate (12, the
    # smallest shown cell) is hidden too, or 9 could be recovered as 71 - 20 - 30 - 12
    assert rows[("micro", "renew")]["n"] is None
    assert rows[("micro", "renew")]["suppressed"] == "min_n"
    assert rows[("micro", "accelerate")]["suppressed"] == "secondary"
    assert rows[("micro", "grow")]["n"] == 20
    assert rows[("micro", "grow")]["share"] == pytest.approx(20 / 71)
    assert rows[("micro", "grow")]["value_added_change"] == pytest.approx(20_000)
    klein = rows[("klein", "accelerate")]
    assert klein["n"] == 10 and klein["value_added_change"] is None
    assert klein["suppressed"] == "dominance"
    assert rows[("klein", "reform")]["share"] == pytest.approx(15 / 55)


def test_no_published_count_below_the_minimum():
    records = firms("micro", "accelerate", 3) + firms("micro", "grow", 11)
    cells = tabulate(records, key=lambda r: (r["size_class"], r["segment"]), value=None,
                     rules=RULES)
    assert all(c.shown_n is None or c.shown_n >= 10 for c in cells)
    # with one cell hidden, the only other one is hidden too (11 = total - 3)
    assert [c.suppressed for c in cells] == ["min_n", "secondary"]
