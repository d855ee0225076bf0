"""The one disclosure-control module (hulplijn.core.disclosure): cell keys, perturbation,
threshold and dominance, and the audit over linked tables, with hand-derived numbers."""

import random
from collections import Counter

import pytest

from hulplijn.core.disclosure import (
    DOMINANCE,
    MIN_N,
    SECONDARY,
    Contribution,
    Family,
    Rules,
    cell_key,
    publish,
)
from hulplijn.core.disclosure.cellkey import (
    KEY_SPACE,
    count_perturbation,
    total_perturbation,
    uniform,
)
from hulplijn.reference import params

RULES = Rules.from_parameters(params.disclosure())
SUPPRESSION = Rules.suppression_only()


def test_rules_come_from_the_reference_parameters():
    assert (RULES.min_n, RULES.dominance_top, RULES.dominance_share) == (10, 2, 0.85)
    assert RULES.max_perturbation == 2
    assert RULES.perturbation_weights == (0.45, 0.2, 0.075)
    assert (RULES.noise_min, RULES.noise_max) == (0.1, 0.2)
    assert (RULES.protection_count, RULES.protection_share) == (3, 0.1)


def test_rules_refuse_noise_below_the_protection_share():
    with pytest.raises(ValueError, match="p%-rule"):
        Rules(min_n=10, noise_min=0.05, noise_max=0.2, protection_share=0.1)


def test_cell_key_is_the_sum_of_record_keys_modulo_2_to_the_32():
    # (2**32 - 1) + 5 = 2**32 + 4 -> 4
    assert cell_key([KEY_SPACE - 1, 5]) == 4


def test_the_same_contributors_always_get_the_same_perturbation():
    keys = [11, 222, 3333]
    one = count_perturbation(25, cell_key(keys), RULES)
    assert all(count_perturbation(25, cell_key(reversed(keys)), RULES) == one for _ in range(3))


def test_count_perturbations_follow_the_weights():
    rng = random.Random(7)
    draws = Counter(count_perturbation(50, rng.getrandbits(32), RULES) for _ in range(40_000))
    assert set(draws) == {-2, -1, 0, 1, 2}
    # expected shares 0.075, 0.2, 0.45, 0.2, 0.075; 40,000 draws: standard error < 0.0025
    for value, share in {0: 0.45, 1: 0.2, -1: 0.2, 2: 0.075, -2: 0.075}.items():
        assert draws[value] / 40_000 == pytest.approx(share, abs=0.01)


def test_a_count_of_one_is_perturbed_by_at_most_one():
    rng = random.Random(3)
    draws = {count_perturbation(1, rng.getrandbits(32), RULES) for _ in range(2_000)}
    assert draws == {-1, 0, 1}


def test_total_noise_lies_between_ten_and_twenty_percent_of_the_largest_contribution():
    rng = random.Random(5)
    for _ in range(2_000):
        noise = total_perturbation(-40_000.0, rng.getrandbits(32), RULES)
        assert 4_000 - 1e-6 <= abs(noise) <= 8_000 + 1e-6


def test_streams_of_one_key_are_independent_numbers():
    assert len({uniform(12345, s) for s in range(4)}) == 4
    assert all(0 <= uniform(k) < 1 for k in (0, 1, KEY_SPACE - 1))


def contribution(values, rng):
    c = Contribution()
    for v in values:
        c.add(rng.getrandbits(32), v)
    return c


def test_small_cells_are_hidden_and_large_ones_perturbed_within_d():
    rng = random.Random(1)
    atoms = {"a": contribution([1.0] * 9, rng), "b": contribution([1.0] * 40, rng)}
    release = publish(Family("f", atoms, {"a": ["a"], "b": ["b"]}), RULES)
    assert release["a"].shown_n is None and release["a"].reason == MIN_N
    assert abs(release["b"].shown_n - 40) <= 2
    assert release.audit.passed


def test_a_dominated_total_is_hidden_but_its_count_shown():
    rng = random.Random(2)
    # two firms of 5,000,000 against eight of 10: (10,000,000) / (10,000,080) > 85%
    atoms = {"a": contribution([5_000_000.0] * 2 + [10.0] * 8, rng)}
    release = publish(Family("f", atoms, {"a": ["a"]}, magnitude=True), RULES)
    cell = release["a"]
    assert cell.shown_n is not None and cell.shown_total is None
    assert cell.total_reason == DOMINANCE


def month_and_round(rng, nov_x=9):
    """One assessment round r over November and December; class X: 9 firms in November and 11
    in December; class Y: 30 and 25. Cells: per month, per round, per class and in total."""
    atoms = {}
    for month, klass, n in [("11", "X", nov_x), ("12", "X", 11), ("11", "Y", 30), ("12", "Y", 25)]:
        atoms[month, klass] = contribution([1000.0 + i for i in range(n)], rng)
    cells = {}
    for klass in "XY":
        for month in ("11", "12"):
            cells["month", month, klass] = [(month, klass)]
        cells["round", klass] = [("11", klass), ("12", klass)]
    for month in ("11", "12"):
        cells["month", month] = [(month, "X"), (month, "Y")]
    cells["round"] = list(atoms)
    return atoms, cells


def test_suppression_alone_would_give_the_hidden_cell_back_so_the_audit_hides_more():
    """Attack 1: with exact counts, round X (20) minus December X (11) gives November X (9).
    The audit finds November X pinned to exactly 9 and hides cells until it is not: round X,
    November's total (39 = 9 + 30) and the round's total (75)."""
    atoms, cells = month_and_round(random.Random(4))
    release = publish(Family("impact", atoms, cells), SUPPRESSION)
    assert release["month", "11", "X"].reason == MIN_N
    hidden = {name for name, cell in release.cells.items() if cell.reason == SECONDARY}
    assert hidden == {("round", "X"), ("month", "11"), "round"}
    assert release.audit.passed
    nov = next(r for r in release.audit.ranges if r.unit == ("month", "11", "X"))
    assert (nov.low, nov.high) == (1, 9)


def test_with_perturbation_the_difference_leaves_at_least_four_possible_counts():
    """The same tables with the cell-key method: round X and December X are published within
    +-2 of 20 and 11, so November X = round - December lies anywhere in a range of at least
    4 firms (9 +- 4, cut to 1 .. 9), whatever the keys."""
    for seed in range(20):
        atoms, cells = month_and_round(random.Random(seed))
        release = publish(Family("impact", atoms, cells), RULES)
        nov = next(r for r in release.audit.ranges if r.unit == ("month", "11", "X"))
        assert nov.true == 9 and nov.high - nov.low >= 3
        assert release.audit.passed


def test_a_new_contributor_is_not_given_back_by_two_releases():
    """Attack 2 on totals: a cell of 30 firms published before and after one firm of 50,000
    arrives. Exact totals would give 50,000 by subtraction; with the cell-key noise the
    difference is off by up to 20% of the largest contribution of each release."""
    rng = random.Random(9)
    old = [10_000.0 + 100 * i for i in range(30)]
    before = contribution(old, rng)
    after = Contribution.merged([before, contribution([50_000.0], rng)], 2)
    atoms = {"old": before, "new": after}
    # one family holding both releases: the old cell and the new one (old + the newcomer)
    new_only = Contribution(1, after.key - before.key, 50_000.0, 50_000.0, (50_000.0,))
    family = Family(
        "releases",
        {"old": before, "new": new_only},
        {"before": ["old"], "after": ["old", "new"]},
        magnitude=True,
    )
    release = publish(family, RULES)
    newcomer = next(
        r for r in release.audit.ranges if r.unit == ("atom", "new") and r.kind == "total"
    )
    # both totals carry noise of at most 20% of their largest contribution (12,900 and 50,000):
    # the newcomer lies anywhere in a range of up to 2 x (2,580 + 10,000) = 25,160, and the
    # audit requires at least 2 x 10% x 50,000 = 10,000
    assert newcomer.high - newcomer.low >= 10_000
    assert newcomer.low < 50_000 < newcomer.high
    assert atoms  # the atoms above are the two releases' contents


def test_suppression_alone_gives_a_newcomer_back_and_the_audit_refuses_it():
    rng = random.Random(9)
    before = contribution([10_000.0 + 100 * i for i in range(30)], rng)
    new_only = contribution([50_000.0], rng)
    family = Family(
        "releases",
        {"old": before, "new": new_only},
        {"before": ["old"], "after": ["old", "new"]},
        magnitude=True,
    )
    release = publish(family, Rules.suppression_only(protection_share=0.1))
    # exact totals would fix the newcomer at 50,000: one of the two totals is hidden instead
    assert release["before"].shown_total is None or release["after"].shown_total is None
    assert release.audit.passed
