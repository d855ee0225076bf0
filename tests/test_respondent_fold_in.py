"""The fold-in rule for respondents (hulplijn.core.disclosure.respondents), by hand."""

import numpy as np
import pytest

from hulplijn.core.disclosure.respondents import admitted, fold_in, new_ones


def test_a_cell_folds_in_only_with_ten_new_respondents():
    # cell 0: 9 new (wait); cell 1: 10 new (fold in); cell 2: 1 new (wait); -1: no cell (never)
    cells = np.r_[np.zeros(9), np.ones(10), [2], [-1] * 12].astype(int)
    finite = np.ones((cells.size, 2), dtype=bool)
    np.testing.assert_array_equal(admitted(cells, finite, 10), cells == 1)


def test_every_metric_needs_none_or_ten_values_among_the_new_ones():
    # 12 new in one cell; metric 0 for all, metric 1 (say solvency) for 3 only: the 3 values
    # would stand out, so the whole cell waits; with no value at all for metric 1 it folds in
    cells = np.zeros(12, dtype=int)
    finite = np.ones((12, 2), dtype=bool)
    finite[3:, 1] = False
    assert not admitted(cells, finite, 10).any()
    finite[:, 1] = False
    assert admitted(cells, finite, 10).all()


def test_new_ones_are_told_from_folded_ones_by_count():
    # "a" folded in once before: of three candidates with fingerprint "a" two are new
    new = new_ones({"a": 1}, ["a", "b", "a", "a"])
    np.testing.assert_array_equal(new, [False, True, True, True])


def test_a_batch_enters_as_means_of_five():
    # 12 new in cell 0, values 1..12: blocks 1..5 -> 3 and 6..12 -> 9 (the last absorbs the
    # rest); the 9 in cell 1 wait and are not in the batch
    cells = np.r_[np.zeros(12), np.ones(9)].astype(int)
    values = np.r_[np.arange(1.0, 13.0), np.arange(1.0, 10.0)][:, None]
    batch = fold_in(cells, values, 10, 5)
    np.testing.assert_array_equal(batch.admitted, cells == 0)
    np.testing.assert_array_equal(batch.values[:, 0], [3.0] * 5 + [9.0] * 7)
    with pytest.raises(ValueError, match="at least k"):
        fold_in(cells, values, 4, 5)
