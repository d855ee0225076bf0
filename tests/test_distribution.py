"""Trimming and per-group percentiles, checked by hand and against DuckDB and numpy."""

import duckdb
import numpy as np
import pytest

from hulplijn.core.distribution import group_distributions, trim_mask


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


def test_quantiles_match_duckdb_quantile_cont_and_numpy_linear():
    rng = np.random.default_rng(3)
    values = rng.lognormal(10, 1.2, size=5_000)
    groups = rng.integers(0, 7, size=5_000).astype(np.int16)
    dist = group_distributions(values, groups, np.argsort(values, kind="stable"))
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


def test_mean_and_koplopers_mean_by_hand():
    # one group 1..10: mean 5.5; p80 = 1 + 0.8 x 9 = 8.2, so values >= 8.2 are 9 and 10:
    # koplopers' mean 9.5
    values = np.arange(1.0, 11.0)
    dist = group_distributions(values, np.zeros(10, dtype=np.int16), np.arange(10))
    assert dist.mean[0] == pytest.approx(5.5)
    assert dist.top20_mean[0] == pytest.approx(9.5)
    assert dist.quantiles[0][80] == pytest.approx(8.2)
    assert dist.n[0] == 10
