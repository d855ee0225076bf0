"""Trimming, micro-aggregation and per-group percentiles, checked by hand and against DuckDB and
numpy."""

import duckdb
import numpy as np
import pytest

from hulplijn.core.distribution import group_distributions, microaggregate, trim_mask


def test_trim_drops_one_percent_per_tail_of_each_cell():
    # cell 0: values 1..200 -> floor(200 x 1%) = 2 dropped per tail: 1, 2 and 199, 200
    # cell 1: 99 values -> floor(0.99) = 0: nothing dropped (small cells keep everything)
    values = np.r_[np.arange(1.0, 201.0), np.arange(1.0, 100.0), [np.nan]]
    cells = np.r_[np.zeros(200), np.ones(99), [1]].astype(np.int16)
    keep = trim_mask(values, cells, 0.02)
    kept0 = values[:200][keep[:200]]
    assert kept0.min() == 3.0 and kept0.max() == 198.0 and kept0.size == 196
    assert keep[200:299].all()
    assert not keep[299]  # NaN is never kept


def test_percentile_rule_matches_duckdb_quantile_cont_and_numpy_linear():
    # the percentile rule itself (linear interpolation between order statistics), on values
    # that are not aggregated: micro-aggregation with k = 1 leaves every value as it is
    rng = np.random.default_rng(3)
    values = rng.lognormal(10, 1.2, size=5_000)
    groups = rng.integers(0, 7, size=5_000).astype(np.int16)
    order = np.argsort(values, kind="stable")
    assert np.array_equal(microaggregate(values, [groups], order, 1), values)
    dist = group_distributions(values, groups, order)
    grid = "[" + ", ".join(f"{i / 100:.2f}" for i in range(101)) + "]"
    con = duckdb.connect()
    con.register("t", {"g": groups.astype(np.int64), "v": values})
    expected = dict(con.execute(f"SELECT g, quantile_cont(v, {grid}) FROM t GROUP BY g").fetchall())
    for code, quantiles in zip(dist.codes, dist.quantiles, strict=True):
        np.testing.assert_allclose(quantiles, expected[int(code)], rtol=1e-12)
        np.testing.assert_allclose(
            quantiles, np.quantile(values[groups == code], np.linspace(0, 1, 101)), rtol=1e-12
        )
    assert dist.n.sum() == 5_000


def test_microaggregation_by_hand():
    # cell 0: 1..12 -> blocks of k = 5, the last absorbs the remainder: 1..5 -> 3, 6..12 -> 9
    # cell 1: 100, 200, 300 (fewer than 5) and cell 2: 1000, 2000 are pooled in their coarser
    # group (both in group 7): one block of 5, mean (600 + 3000) / 5 = 720
    # cell 3: 5, 6 alone in coarse group 8 and in the top level: too few anywhere, withheld (NaN)
    values = np.r_[np.arange(1.0, 13.0), [100.0, 200.0, 300.0, 1000.0, 2000.0, 5.0, 6.0]]
    cells = np.r_[np.zeros(12), [1, 1, 1, 2, 2, 3, 3]].astype(np.int16)
    coarse = np.r_[np.full(12, 7), [7, 7, 7, 7, 7, 8, 8]].astype(np.int16)
    top = np.r_[np.full(17, 0), [1, 1]].astype(np.int16)
    masked = microaggregate(values, [cells, coarse, top], np.argsort(values, kind="stable"), 5)
    np.testing.assert_array_equal(masked[:12], [3.0] * 5 + [9.0] * 7)
    np.testing.assert_array_equal(masked[12:17], [720.0] * 5)
    assert np.isnan(masked[17:]).all()
    # sums of every group that forms blocks are kept: 1..12 sum to 78 = 5 x 3 + 7 x 9
    assert masked[:12].sum() == values[:12].sum()
    # only values in the index take part: the others stay NaN
    part = microaggregate(values, [cells], np.arange(5), 5)
    np.testing.assert_array_equal(part[:5], [3.0] * 5)
    assert np.isnan(part[5:]).all()


def test_percentiles_of_aggregated_values_by_hand():
    # 1..10 aggregated with k = 5: five times 3 and five times 8. h = 9 p:
    # p0 = 3 and p100 = 8 (block means, not the smallest and largest firm); p50 at h = 4.5
    # lies between the 5th (3) and 6th (8) value: 5.5; p80 at h = 7.2: 8; the koplopers (values
    # at or above p80 = 8) are the upper block: mean 8; the mean stays 5.5
    values = np.arange(1.0, 11.0)
    groups = np.zeros(10, dtype=np.int16)
    masked = microaggregate(values, [groups], np.arange(10), 5)
    dist = group_distributions(masked, groups, np.argsort(masked, kind="stable"))
    assert dist.quantiles[0][0] == 3.0 and dist.quantiles[0][100] == 8.0
    assert dist.quantiles[0][50] == pytest.approx(5.5)
    assert dist.quantiles[0][80] == pytest.approx(8.0)
    assert dist.top20_mean[0] == pytest.approx(8.0)
    assert dist.mean[0] == pytest.approx(5.5)


def test_mean_and_koplopers_mean_by_hand():
    # one group 1..10: mean 5.5; p80 = 1 + 0.8 x 9 = 8.2, so values >= 8.2 are 9 and 10:
    # koplopers' mean 9.5
    values = np.arange(1.0, 11.0)
    dist = group_distributions(values, np.zeros(10, dtype=np.int16), np.arange(10))
    assert dist.mean[0] == pytest.approx(5.5)
    assert dist.top20_mean[0] == pytest.approx(9.5)
    assert dist.quantiles[0][80] == pytest.approx(8.2)
    assert dist.n[0] == 10
