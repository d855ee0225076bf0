"""Bad input is refused with the field path and a plain-Dutch message, never a traceback.

Every test starts from the report's example firm (EXAMPLE) and breaks exactly one thing, unless
it says otherwise, so the refusal can only come from that one change.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest

from hulplijn.core import Assessment, FirmInput, InvalidInput, Problem, assess, parse_firm
from tests.conftest import EXAMPLE, hand_reference, linear

BASE: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))


def example(**changes: Any) -> dict[str, Any]:
    """A fresh copy of the example firm with top-level ``changes`` applied."""
    data = copy.deepcopy(BASE)
    data.update(changes)
    return data


def refused(data: Any) -> tuple[Problem, ...]:
    """The problems parse_firm names for ``data`` (fails the test if it accepts it)."""
    with pytest.raises(InvalidInput) as caught:
        parse_firm(data)
    problems = caught.value.problems
    assert problems, "InvalidInput without problems"
    for p in problems:
        assert isinstance(p, Problem)
        assert p.path and p.code and p.text.nl and p.text.en
        assert "Traceback" not in p.text.nl and "pydantic" not in p.text.nl.lower()
    return problems


def only(problems: tuple[Problem, ...]) -> Problem:
    assert len(problems) == 1, [p.line() for p in problems]
    return problems[0]


@pytest.fixture(scope="module")
def reference():
    """A hand-made reference: every metric falls back to one all-SME distribution."""
    return hand_reference(
        [("productivity", "all", "mkb", 1000, linear(0, 100_000), 50_000.0, 90_000.0)]
    )


def refused_by_assess(data: Any, reference) -> Problem:
    """The single problem assess names for ``data`` (which parse_firm accepts)."""
    parse_firm(data)  # the form is fine: the refusal must come from the engine
    with pytest.raises(InvalidInput) as caught:
        assess(data, reference)
    return only(caught.value.problems)


def test_the_example_itself_is_accepted(reference):
    firm = parse_firm(example())
    assert isinstance(firm, FirmInput)
    assert isinstance(assess(firm, reference), Assessment)


# --- years and FTE ---------------------------------------------------------------------------


@pytest.mark.parametrize("fte", [0, -3, -0.5])
def test_fte_zero_or_negative_is_refused_at_its_path(fte):
    data = example()
    data["years"][1]["fte"] = fte
    p = only(refused(data))
    assert p.path == "years[1].fte"
    assert p.code == "greater_than"
    assert re.search(r"groter (zijn )?dan 0", p.text.nl), p.text.nl
    assert "greater than 0" in p.text.en
    assert p.line() == f"years[1].fte: {p.text.nl}"
    assert p.line("en") == f"years[1].fte: {p.text.en}"


@pytest.mark.parametrize("field", ["years", "sbi"])
def test_missing_required_field(field):
    data = example()
    del data[field]
    p = only(refused(data))
    assert (p.path, p.code) == (field, "missing")
    assert "ontbreekt" in p.text.nl
    assert "missing" in p.text.en


def test_missing_figure_inside_a_year_names_the_year():
    data = example()
    del data["years"][0]["gross_margin"]
    p = only(refused(data))
    assert (p.path, p.code) == ("years[0].gross_margin", "missing")
    assert "ontbreekt" in p.text.nl


def test_only_one_year_is_too_short():
    data = example()
    data["years"] = data["years"][:1]
    p = only(refused(data))
    assert (p.path, p.code) == ("years", "too_short")
    assert "minstens 2" in p.text.nl


def test_three_years_is_too_long():
    data = example()
    data["years"].append({"year": 2019, "gross_margin": 1.0, "wage_costs": 0, "fte": 1})
    p = only(refused(data))
    assert (p.path, p.code) == ("years", "too_long")
    assert "hoogstens 2" in p.text.nl


def test_the_same_year_twice_is_refused():
    data = example()
    data["years"][1]["year"] = 2016
    p = only(refused(data))
    assert (p.path, p.code) == ("years", "same_year")
    assert "moeten verschillen" in p.text.nl


@pytest.mark.parametrize(
    ("year", "code"), [(1989, "greater_than_equal"), (2101, "less_than_equal")]
)
def test_year_outside_1990_2100_is_refused(year, code):
    data = example()
    data["years"][0]["year"] = year
    p = only(refused(data))
    assert (p.path, p.code) == ("years[0].year", code)


# --- size: working persons and FTE -------------------------------------------------------------


@pytest.mark.parametrize("persons", [250, 300])
def test_250_or_more_working_persons_is_not_an_sme(persons):
    p = only(refused(example(working_persons=persons)))
    assert (p.path, p.code) == ("working_persons", "not_sme")
    assert "geen mkb" in p.text.nl
    assert "not an SME" in p.text.en


def test_249_working_persons_is_still_an_sme(reference):
    result = assess(example(working_persons=249), reference)
    assert (result.size_class.code, result.size_class.working_persons) == ("midden", 249)


def test_zero_working_persons_is_refused():
    p = only(refused(example(working_persons=0)))
    assert (p.path, p.code) == ("working_persons", "greater_than_equal")
    assert "minstens 1" in p.text.nl


def test_fractional_working_persons_is_refused():
    p = only(refused(example(working_persons=2.5)))
    assert p.path == "working_persons"
    assert "geheel getal" in p.text.nl


@pytest.mark.parametrize(("fte", "written"), [(260, "260"), (249.5, "249,5")])
def test_without_working_persons_a_latest_fte_of_250_or_more_is_refused_by_assess(
    fte, written, reference
):
    # No working_persons: the size comes from the latest FTE rounded up; 249.5 -> 250 persons.
    data = example()
    del data["working_persons"]
    data["years"][1]["fte"] = fte
    p = refused_by_assess(data, reference)
    assert (p.path, p.code) == ("years[1].fte", "not_sme")
    assert "geen mkb" in p.text.nl
    assert f"{written} VTE" in p.text.nl  # a decimal comma in Dutch (was "249.5 VTE")


def test_the_fte_problem_names_the_index_of_the_later_year(reference):
    # The later year (2018) listed first: its index is 0.
    data = example()
    del data["working_persons"]
    data["years"][1]["fte"] = 260
    data["years"].reverse()
    assert data["years"][0]["year"] == 2018
    p = refused_by_assess(data, reference)
    assert (p.path, p.code) == ("years[0].fte", "not_sme")


def test_an_earlier_fte_of_260_does_not_decide_the_size(reference):
    # Only the latest year counts: 260 FTE in 2016, 58 in 2018 -> 58 persons, klein is 10-49,
    # midden 50-249 -> midden.
    data = example()
    del data["working_persons"]
    data["years"][0]["fte"] = 260
    size = assess(data, reference).size_class
    assert (size.code, size.working_persons, size.basis) == ("midden", 58, "fte")


# --- unknown fields and non-numbers ------------------------------------------------------------


def test_unknown_field_is_named_with_its_path():
    data = example()
    data["liquidity"][1]["omzet"] = 1_000_000
    p = only(refused(data))
    assert (p.path, p.code) == ("liquidity[1].omzet", "extra_forbidden")
    assert "geen bekend veld" in p.text.nl


def test_unknown_top_level_field():
    p = only(refused(example(employees=12)))
    assert (p.path, p.code) == ("employees", "extra_forbidden")


def test_non_numeric_amount_must_be_a_number():
    data = example()
    data["years"][0]["gross_margin"] = "abc"
    p = only(refused(data))
    assert (p.path, p.code) == ("years[0].gross_margin", "float_parsing")
    assert "getal" in p.text.nl


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_json_nan_and_infinity_must_be_finite(literal):
    # Python's json module reads these non-standard literals as float('nan') / float('inf').
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        '"gross_margin": 965000', f'"gross_margin": {literal}'
    )
    data = json.loads(text)
    assert data["years"][1]["gross_margin"] != 965000
    p = only(refused(data))
    assert (p.path, p.code) == ("years[1].gross_margin", "finite_number")
    assert "eindig" in p.text.nl and "getal" in p.text.nl


def test_amount_above_a_trillion_is_refused():
    data = example()
    data["years"][1]["gross_margin"] = 1e12 + 1e6
    p = only(refused(data))
    assert (p.path, p.code) == ("years[1].gross_margin", "less_than_equal")
    assert "hoogstens" in p.text.nl


# --- negative amounts and the balance sheet ----------------------------------------------------


def test_negative_cash_is_refused():
    data = example()
    data["liquidity"][0]["cash"] = -1
    p = only(refused(data))
    assert (p.path, p.code) == ("liquidity[0].cash", "greater_than_equal")
    assert "minstens 0" in p.text.nl


def test_negative_wage_costs_are_refused_in_a_year_and_in_liquidity():
    data = example()
    data["years"][0]["wage_costs"] = -10
    data["liquidity"][1]["wage_costs"] = -10
    problems = refused(data)
    assert {(p.path, p.code) for p in problems} == {
        ("years[0].wage_costs", "greater_than_equal"),
        ("liquidity[1].wage_costs", "greater_than_equal"),
    }


def test_negative_gross_margin_is_accepted_but_growth_is_not_determinable(reference):
    # A loss-making year is real input, not an error: the growth dimension says why it is empty.
    data = example()
    data["years"][0]["gross_margin"] = -5_000
    result = assess(data, reference)
    assert result.productivity_growth is None and result.segment is None
    assert result.dimensions["growth"].status == "not_determinable"
    # job growth still follows from FTE: 58 / 56 - 1
    assert result.job_growth == pytest.approx(2 / 56, abs=1e-12)


def test_equity_above_total_assets_is_refused_at_solvency():
    data = example(solvency={"equity": 1_300_001, "total_assets": 1_300_000})
    p = only(refused(data))
    assert (p.path, p.code) == ("solvency", "equity_above_assets")
    assert "eigen vermogen" in p.text.nl and "balanstotaal" in p.text.nl


def test_equity_equal_to_total_assets_is_fine(reference):
    # solvency = 1,300,000 / 1,300,000 = 1.0
    result = assess(example(solvency={"equity": 1_300_000, "total_assets": 1_300_000}), reference)
    assert result.solvency_ratio == 1.0


def test_negative_equity_is_accepted(reference):
    # -260,000 / 1,300,000 = -0.2
    result = assess(example(solvency={"equity": -260_000, "total_assets": 1_300_000}), reference)
    assert result.solvency_ratio == pytest.approx(-0.2, abs=1e-15)
    assert result.solvency is not None and result.solvency.negative_equity


def test_total_assets_zero_is_refused():
    p = only(refused(example(solvency={"equity": 0, "total_assets": 0})))
    assert (p.path, p.code) == ("solvency.total_assets", "greater_than")
    assert re.search(r"groter (zijn )?dan 0", p.text.nl)


# --- liquidity moments -------------------------------------------------------------------------


@pytest.mark.parametrize("moment", ["2020-13", "feb 2020", "2020-2", "2020-00", "2020/02", ""])
def test_badly_formed_moment_is_refused(moment):
    data = example()
    data["liquidity"][0]["moment"] = moment
    p = only(refused(data))
    assert (p.path, p.code) == ("liquidity[0].moment", "moment_form")
    assert "jjjj-mm" in p.text.nl


def test_the_same_moment_twice_is_refused():
    data = example()
    data["liquidity"][1]["moment"] = data["liquidity"][0]["moment"]
    p = only(refused(data))
    assert (p.path, p.code) == ("liquidity", "same_moment")
    assert "maar een keer" in p.text.nl


def test_three_moments_is_too_many():
    data = example()
    extra = dict(data["liquidity"][0], moment="2020-12")
    data["liquidity"].append(extra)
    p = only(refused(data))
    assert (p.path, p.code) == ("liquidity", "too_long")


def test_a_moment_without_any_costs_is_refused_by_assess(reference):
    data = example()
    data["liquidity"][1].update(interest_costs=0, wage_costs=0, other_costs=0)
    p = refused_by_assess(data, reference)
    assert (p.path, p.code) == ("liquidity[1]", "no_costs")
    assert "cash buffer days" in p.text.nl


def test_liquidity_and_solvency_may_be_omitted(reference):
    data = example()
    del data["liquidity"], data["solvency"]
    result = assess(data, reference)
    assert result.liquidity == [] and result.solvency_ratio is None
    assert result.dimensions["liquidity"].status == "not_given"
    assert result.dimensions["solvency"].status == "not_given"


# --- SBI codes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["4x", "4", "471111", "G", "47-11"])
def test_sbi_of_the_wrong_form_is_refused(code):
    p = only(refused(example(sbi=code)))
    assert (p.path, p.code) == ("sbi", "sbi_form")
    assert "2 tot 5 cijfers" in p.text.nl


def test_sbi_as_a_number_must_be_text():
    p = only(refused(example(sbi=47)))
    assert (p.path, p.code) == ("sbi", "string_type")
    assert "tekst" in p.text.nl


@pytest.mark.parametrize("code", ["47.11", "4711", " 47 ", "47 11"])
def test_sbi_with_dots_and_spaces_is_read_as_its_division(code, reference):
    result = assess(example(sbi=code), reference)
    assert result.sector.code == "47" and result.sector.section == "G"


@pytest.mark.parametrize("code", ["04", "00", "34", "0411"])
def test_non_existent_sbi_2008_division_is_refused_by_assess(code, reference):
    # sbi2008.csv has divisions 01-03 and 05-09 but no 00, 04 or 34.
    p = refused_by_assess(example(sbi=code), reference)
    assert (p.path, p.code) == ("sbi", "sbi_unknown")
    assert "geen bestaande SBI 2008-afdeling" in p.text.nl
    assert p.text.nl.startswith(code)


@pytest.mark.parametrize(("code", "section"), [("98", "T"), ("99", "U"), ("01", "A")])
def test_edge_divisions_that_do_exist_are_accepted(code, section, reference):
    assert assess(example(sbi=code), reference).sector.section == section


def test_sbi_2025_division_maps_to_sbi_2008_with_a_note(reference):
    # sbi2025_to_sbi2008.csv: 62 -> 62 (same), "Section K in SBI 2025, J in SBI 2008."
    result = assess(example(sbi="62", sbi_version="2025"), reference)
    sector = result.sector
    assert (sector.code, sector.section) == ("62", "J")
    assert (sector.input_code, sector.input_version) == ("62", "2025")
    assert sector.mapping_note is not None
    assert sector.mapping_note.startswith("SBI 2025 62 -> SBI 2008 62 (same)")
    assert "Section K in SBI 2025, J in SBI 2008" in sector.mapping_note


def test_sbi_2008_input_has_no_mapping_note(reference):
    assert assess(example(sbi="62"), reference).sector.mapping_note is None


def test_sbi_2008_division_45_is_not_an_sbi_2025_division(reference):
    # Motor-vehicle trade (45) was split over 46, 47 and 95 in SBI 2025: 45 is not in sbi2025.csv.
    p = refused_by_assess(example(sbi="45", sbi_version="2025"), reference)
    assert (p.path, p.code) == ("sbi", "sbi_unknown")
    assert "SBI 2025" in p.text.nl


def test_unknown_sbi_version_is_refused():
    p = only(refused(example(sbi_version="2021")))
    assert (p.path, p.code) == ("sbi_version", "literal_error")
    assert "2008" in p.text.nl and "2025" in p.text.nl


# --- the whole input ---------------------------------------------------------------------------


@pytest.mark.parametrize("data", [[1, 2], None, "47", 3])
def test_input_that_is_not_an_object(data):
    p = only(refused(data))
    assert (p.path, p.code) == ("(invoer)", "model_type")
    assert "object" in p.text.nl


def test_empty_object_names_both_required_fields():
    problems = refused({})
    assert [(p.path, p.code) for p in problems] == [("sbi", "missing"), ("years", "missing")]


def test_several_problems_give_one_problem_per_field():
    data = example(working_persons=300, sbi="4x")
    data["years"][1]["fte"] = 0
    data["years"][0]["gross_margin"] = "abc"
    data["liquidity"][0]["moment"] = "feb 2020"
    data["liquidity"][1]["cash"] = -5
    data["solvency"] = {"equity": 2_000_000, "total_assets": 1_300_000}
    problems = refused(data)
    assert sorted((p.path, p.code) for p in problems) == sorted(
        [
            ("sbi", "sbi_form"),
            ("working_persons", "not_sme"),
            ("years[0].gross_margin", "float_parsing"),
            ("years[1].fte", "greater_than"),
            ("liquidity[0].moment", "moment_form"),
            ("liquidity[1].cash", "greater_than_equal"),
            ("solvency", "equity_above_assets"),
        ]
    )
    # one problem per field: no path twice
    assert len({p.path for p in problems}) == len(problems)
    # the exception's own text lists every problem (in English), so a log line shows them all
    error = InvalidInput(list(problems))
    assert all(p.path in str(error) for p in problems)


def test_messages_are_dutch_and_english_and_differ():
    data = example(working_persons=300)
    data["years"][1]["fte"] = 0
    for p in refused(data):
        assert p.text.nl != p.text.en


# --- once bugs, found while writing these tests -----------------------------------------------


@pytest.mark.parametrize(
    ("where", "field"),
    [(None, "working_persons"), (1, "fte"), (0, "gross_margin")],
)
def test_json_booleans_are_not_numbers(where, field):
    data = example()
    if where is None:
        data[field] = True
    else:
        data["years"][where][field] = True
    refused(data)


def test_dutch_messages_write_limits_the_dutch_way():
    data = example()
    data["years"][1]["fte"] = 0
    data["years"][0]["gross_margin"] = 2e12
    problems = {p.path: p.text.nl for p in refused(data)}
    assert problems["years[1].fte"] == "moet groter zijn dan 0"
    assert "1000000000000.0" not in problems["years[0].gross_margin"]


def test_explicit_null_working_persons_means_not_given():
    # JSON null is "not given": the size class then follows from the latest FTE (58 -> midden)
    data = example()
    data["working_persons"] = None
    assert parse_firm(data).working_persons is None
    data["working_persons"] = 0
    (problem,) = refused(data)
    assert (problem.path, problem.code) == ("working_persons", "greater_than_equal")
