"""Percentiles in a peer distribution and the peer-group fallback chain."""

import numpy as np
import pytest

from hulplijn.core.benchmark import percentile_of, value_at
from tests.conftest import hand_reference, linear


def pct(q, value):
    return float(percentile_of(np.asarray([q], dtype=float), np.array([0]), np.array([value]))[0])


def test_percentile_interpolates_between_grid_points():
    q = linear(0, 100_000)  # value 1,000 x p at percentile p
    assert pct(q, 37_500) == pytest.approx(37.5)
    assert pct(q, 0) == pytest.approx(0.0)
    assert pct(q, 100_000) == pytest.approx(100.0)


def test_outside_the_distribution_is_0_or_100():
    q = linear(10, 20)
    assert pct(q, 9.99) == 0.0
    assert pct(q, 20.01) == 100.0
    assert pct(q, float("inf")) == 100.0  # e.g. a quick ratio without short-term debts


def test_ties_take_the_middle_of_the_run():
    # percentiles 0..49 are 0.0 (half the peers have exactly zero job growth), 50..100 rise to 1
    q = np.r_[np.zeros(50), np.linspace(0.02, 1.0, 51)]
    # value 0 equals grid points 0..49: the middle of that run is (0 + 49) / 2 = 24.5
    assert pct(q, 0.0) == pytest.approx(24.5)
    # between p49 (0.0) and p50 (0.02): 0.01 is halfway -> 49.5
    assert pct(q, 0.01) == pytest.approx(49.5)


def test_missing_value_or_group_gives_nan():
    q = np.asarray([linear(0, 1)])
    result = percentile_of(q, np.array([0, -1]), np.array([np.nan, 0.5]))
    assert np.isnan(result).all()


def test_value_at_is_the_inverse():
    q = np.asarray([linear(0, 100_000)])
    assert value_at(q, np.array([0]), np.array([62.5]))[0] == pytest.approx(62_500)
    assert value_at(q, np.array([0]), np.array([120.0]))[0] == pytest.approx(100_000)  # capped


def test_fallback_skips_groups_under_ten_firms():
    ref = hand_reference(
        [
            # 47/micro has only 9 firms: never used; G/micro (50 firms) is the fallback
            ("productivity", "division_size", "47/micro", 9, linear(0, 9), 4.5, 8.0),
            ("productivity", "section_size", "G/micro", 50, linear(0, 50), 25.0, 45.0),
            ("productivity", "section", "G", 500, linear(0, 500), 250.0, 450.0),
            ("productivity", "all", "mkb", 5000, linear(0, 5000), 2500.0, 4500.0),
            ("solvency", "all", "mkb", 5000, linear(-0.5, 1.0), 0.25, 0.85),
        ]
    )
    peers = ref.peers
    d, sec, z = peers.codes(["47", "47", "62"], ["micro", "klein", "micro"])
    rows, level = peers.resolve("productivity", d, sec, z)
    assert [peers.keys[r][2] for r in rows] == ["G/micro", "G", "mkb"]
    assert level.tolist() == [1, 2, 3]
    rows, level = peers.resolve("solvency", d, sec, z)
    assert level.tolist() == [3, 3, 3]
    rows, level = peers.resolve("job_growth", d, sec, z)  # no distribution at all
    assert rows.tolist() == [-1, -1, -1]
