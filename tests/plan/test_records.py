"""Anonymised statistical records (hulplijn.plan.records): one assessment in, classes and
rounded figures out."""

import pytest

from hulplijn.plan import records as r


def test_record_values_keep_classes_and_rounded_figures_only():
    firm_input = {
        "years": [
            {"year": 2018, "gross_margin": 965_000.4},
            {"year": 2016, "gross_margin": 909_000},
        ],
        "kvk_number": "12345678",
    }
    result = {
        "size_class": {"code": "midden"},
        "sector": {"code": "47", "section": "G"},
        "segment": "accelerate",
        "benchmark": {
            "productivity_growth": {"percentile": 72.6},
            "job_growth": {"percentile": 49.5},
            "cash_buffer_days@2020-02": {"percentile": 10.0},
            "cash_buffer_days@2020-07": {"percentile": 33.2},
            "solvency": {"percentile": None},
        },
        "liquidity": [{"moment": "2020-07"}, {"moment": "2020-02"}],
        "sector_impact": {"class_code": "grote_krimp"},
        "eligible_measures": [
            {"id": "8", "status": "eligible"},
            {"id": "2", "status": "eligible"},
            {"id": "5", "status": "not_eligible"},
            {"id": "A", "status": "not_applicable"},
        ],
    }
    checks = [
        {"field": "gross_margin", "status": "differs"},
        {"field": "gross_margin", "status": "differs"},  # the other year: one flag
        {"field": "fte", "status": "verified"},
    ]
    assert r.record_values(firm_input, result, checks) == {
        "size_class": "midden",
        "section": "G",
        "sbi": "47",
        "segment": "accelerate",
        # 965,000.4 (later year 2018) - 909,000 = 56,000.4 -> 56,000 whole euros
        "value_added_change": 56_000,
        "productivity_growth_percentile": 73,  # 72.6 rounded
        "job_growth_percentile": 50,  # 49.5 rounds half up
        "liquidity_percentile": 33,  # the later moment, 2020-07
        "solvency_percentile": None,
        "sector_impact": "grote_krimp",
        "eligible_measures": ["2", "8"],
        "verification_flags": ["checked", "differs", "differs:gross_margin"],
    }


def test_flags_of_a_firm_not_in_the_register_and_without_checks():
    assert r.flags([]) == []
    assert r.flags([{"field": "register", "status": "not_in_register"}]) == [
        "checked",
        "no_register",
    ]


@pytest.mark.parametrize(
    ("percentile", "band"),
    [
        (0, "0-19"),
        (19, "0-19"),
        (20, "20-39"),
        (79, "60-79"),
        (80, "80-100"),
        (100, "80-100"),
        (None, "not_given"),
    ],
)
def test_percentile_bands(percentile, band):
    assert r.band(percentile) == band
