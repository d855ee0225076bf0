"""The vectorised population path agrees with the single-firm engine, firm by firm."""

import numpy as np
import pyarrow.parquet as pq
import pytest

from hulplijn.core import InvalidInput, assess
from hulplijn.core.population import assess_population, firm_input
from hulplijn.core.segment import SEGMENTS


def test_vectorised_equals_single_firm(synthetic_population, synthetic_reference):
    table = pq.read_table(synthetic_population).slice(0, 400)
    c = {k: np.asarray(v) for k, v in table.to_pydict().items()}
    vector = assess_population(c, synthetic_reference)
    compared = 0
    for i in range(400):
        try:
            a = assess(firm_input(c, i), synthetic_reference)
        except InvalidInput:
            # the impossible records (FTE 0, total assets 0) are refused one by one
            assert c["fte_y1"][i] == 0 or c["total_assets"][i] == 0
            continue
        compared += 1
        segment = vector["segment"][i]
        assert (SEGMENTS[segment].code if segment >= 0 else None) == a.segment
        for column, metric in [
            ("productivity", "productivity"),
            ("productivity_growth", "productivity_growth"),
            ("job_growth", "job_growth"),
            ("solvency", "solvency"),
            ("cash_buffer_days_m1", "cash_buffer_days@2020-02"),
            ("quick_ratio_m2", "quick_ratio@2020-07"),
        ]:
            expected = a.benchmark[metric]
            assert vector[f"percentile:{column}"][i] == pytest.approx(expected.percentile)
            assert vector[f"n:{column}"][i] == expected.peer_group.n
        assert vector["size_of_prize"][i] == pytest.approx(a.size_of_prize.euros)
    assert compared >= 395


def test_unknown_codes_get_no_percentile(synthetic_reference):
    c = {
        "sbi": np.array(["04", "47"]),
        "working_persons": np.array([5, 400]),
        "gross_margin_y1": np.array([1e5, 1e5]),
        "gross_margin_y2": np.array([1.1e5, 1.1e5]),
        "fte_y1": np.array([2.0, 2.0]),
        "fte_y2": np.array([2.0, 2.0]),
    }
    out = assess_population(c, synthetic_reference)
    # division 04 does not exist and 400 working persons is not an SME: the single-firm engine
    # refuses both, so the vectorised path gives them no peer group and no percentile
    assert out["level:productivity"].tolist() == [-1, -1]
    assert np.isnan(out["percentile:productivity"]).all()
    assert out["productivity"] == pytest.approx([55_000, 55_000])  # the metric itself is there
