"""Parameters dated by validity, with their label, unit and source kept after loading."""

from datetime import date

import pytest

from hulplijn.core.parameters import NotValid
from hulplijn.reference import params

FILES = ("norms.yaml", "disclosure.yaml", "macro.yaml", "prioritisation.yaml", "verification.yaml")


@pytest.mark.parametrize("name", FILES)
def test_every_parameter_keeps_label_unit_source_and_validity(name):
    loaded = params.parameter_set(name)
    raw = params.read_yaml(name)["parameters"]
    assert loaded.names == tuple(raw)
    for key in raw:
        p = loaded.current(key)
        assert p.label.nl and p.label.en and p.unit and p.source
        assert p.value == raw[key]["value"]  # the values in the files, unchanged
        assert p.valid_from == date(2020, 1, 1) and p.valid_until is None


def test_a_norm_is_valid_from_its_date_and_refused_before():
    norms = params.norms()
    solvency = norms.at("solvency_healthy_min", date(2021, 3, 1))
    assert solvency.value == 0.40 and norms["solvency_healthy_min"] == 0.40
    assert "lines 587-589" in solvency.source
    assert norms.at("solvency_healthy_min", date(2020, 1, 1)) is solvency
    with pytest.raises(NotValid) as refused:
        norms.at("solvency_healthy_min", date(2019, 12, 31))
    assert refused.value.code == "parameter_not_valid"
    assert "valid from 2020-01-01" in refused.value.message("en")
    assert "geldig vanaf 2020-01-01" in refused.value.message("nl")


def test_the_period_a_value_describes_is_kept():
    macro = params.parameter_set("macro.yaml")
    assert macro.current("value_added_2018").period == "2018"
    assert macro.current("jobs_2019").period == "2019"
    assert macro.current("government_share").period == "2019-2025"


def dated(values):
    return {
        "parameters": {
            "norm": {"label": "Norm", "label_en": "Norm", "unit": "fraction", "values": values}
        }
    }


def test_several_dated_values_each_answer_for_their_own_dates():
    loaded = params.parameter_set_of(
        "test.yaml",
        dated(
            [
                {"value": 0.5, "valid": {"from": date(2021, 1, 1), "until": None}, "source": "b"},
                {"value": 0.4, "valid": {"from": date(2020, 1, 1), "until": date(2020, 12, 31)}},
            ]
        ),
    )
    assert loaded.at("norm", date(2020, 12, 31)).value == 0.4
    assert loaded.at("norm", date(2021, 1, 1)).value == 0.5
    assert loaded.at("norm", date(2021, 1, 1)).source == "b"
    assert loaded["norm"] == 0.5  # the current one: no end date
    with pytest.raises(NotValid):
        loaded.at("norm", date(2019, 6, 30))


def test_only_ended_values_have_no_current_value():
    loaded = params.parameter_set_of(
        "test.yaml", dated([{"value": 0.4, "valid": {"from": None, "until": date(2020, 12, 31)}}])
    )
    assert loaded.at("norm", date(1999, 1, 1)).value == 0.4
    with pytest.raises(NotValid) as refused:
        loaded["norm"]
    assert refused.value.code == "parameter_not_current"


@pytest.mark.parametrize(
    "values",
    [
        # overlapping validity
        [
            {"value": 1, "valid": {"from": date(2020, 1, 1), "until": None}},
            {"value": 2, "valid": {"from": date(2021, 1, 1), "until": None}},
        ],
        # no validity at all
        [{"value": 1}],
        # until before from
        [{"value": 1, "valid": {"from": date(2021, 1, 1), "until": date(2020, 1, 1)}}],
        # a date written as text
        [{"value": 1, "valid": {"from": "1 januari 2020", "until": None}}],
    ],
)
def test_badly_dated_files_are_refused(values):
    with pytest.raises(ValueError):
        params.parameter_set_of("test.yaml", dated(values))
