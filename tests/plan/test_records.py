"""Anonymised statistical records (hulplijn.plan.records): one assessment in, classes, bands
and rounded figures out; k-anonymity of the stored records by hand."""

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
            "productivity_growth": {"percentile": 79.5},
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
        "schemes": [
            {"id": "kia", "status": "eligible", "invites_application": True},
            {"id": "bmkb", "status": "eligible", "invites_application": True},
            {"id": "wbso", "status": "not_eligible"},
            {"id": "slim", "status": "ended"},  # qualified, but the scheme had ended
            {"id": "whoa", "status": "not_determinable"},
        ],
    }
    checks = [
        {"field": "gross_margin", "status": "differs"},
        {"field": "gross_margin", "status": "differs"},  # the other year: one flag
        {"field": "fte", "status": "verified"},
    ]
    assert r.record_values(firm_input, result, checks) == {
        "size_class": "midden",
        "section": "G",  # no SBI division: the tables use the section only
        "segment": "accelerate",
        # 965,000.4 (later year 2018) - 909,000 = 56,000.4 -> 56 thousand euros
        "value_added_change": 56_000,
        "productivity_growth_band": "80-100",  # 79.5 rounds half up to 80
        "job_growth_band": "40-59",  # 49.5 -> 50
        "liquidity_band": "20-39",  # the later moment, 2020-07: 33.2 -> 33
        "solvency_band": "not_given",
        "sector_impact": "grote_krimp",
        "eligible_measures": ["2", "8"],
        "eligible_schemes": ["bmkb", "kia"],  # the schemes it qualified for, sorted
        "verification_flags": ["checked", "differs", "differs:gross_margin"],
        "help_first": False,  # a result without help first (stored before decision 0025)
    }


def test_a_result_without_schemes_qualifies_for_none():
    # stored before the schemes existed (decision 0025): no scheme in the record
    values = r.record_values({"years": [{"year": 2018, "gross_margin": 1}]}, {"segment": None}, [])
    assert values["eligible_schemes"] == []


def test_record_values_keep_whether_help_first_was_offered():
    base = {"years": [{"year": 2018, "gross_margin": 1}], "segment": None}
    offered = r.record_values(base, {**base, "help_first": {"offered": True}}, [])
    assert offered["help_first"] is True
    assert (
        r.record_values(base, {**base, "help_first": {"offered": False}}, [])["help_first"] is False
    )


def test_record_values_of_a_firm_with_one_year_and_no_benchmark():
    values = r.record_values(
        {"years": [{"year": 2018, "gross_margin": 1_234_567}]}, {"segment": None}, []
    )
    assert values["value_added_change"] == 0  # one year: no change
    assert values["segment"] == ""
    assert [values[f"{d}_band"] for d in r.DIMENSIONS] == ["not_given"] * 4
    assert values["verification_flags"] == []


@pytest.mark.parametrize(
    ("euros", "kept"),
    [
        (56_000.4, 56_000),
        (56_499.9, 56_000),
        (56_500, 57_000),  # half up
        (499.99, 0),
        (-500, 0),  # half up, also below zero
        (-501, -1_000),
        (-43_217, -43_000),
        (1_000_000, 1_000_000),
    ],
)
def test_the_value_added_change_is_kept_in_whole_thousands(euros, kept):
    assert r.round_thousands(euros) == kept


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


def test_k_anonymity_by_hand():
    # groups of 12, 10, 3 and 1 records (e.g. round x month x size class x section)
    found = r.k_anonymity([12, 10, 3, 1], r.QUASI_IDENTIFIERS, k_min=10)
    assert (found.k, found.records, found.groups) == (1, 26, 4)
    assert (found.small_groups, found.records_in_small_groups) == (2, 4)  # 3 + 1
    assert not found.ok
    assert r.k_anonymity([12, 10], r.QUASI_IDENTIFIERS, k_min=10).ok
    empty = r.k_anonymity([], r.QUASI_IDENTIFIERS, k_min=10)
    assert (empty.k, empty.records, empty.ok) == (0, 0, True)
