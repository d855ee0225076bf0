"""Scenarios (overrides of the baseline), the comparison, and ``hulplijn plan run``."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner, Result

from hulplijn.cli.main import app
from hulplijn.core import Refused
from hulplijn.plan import impact, scenario
from hulplijn.plan.results import PlanResult
from hulplijn.reference import params

runner = CliRunner()


@pytest.fixture(scope="module")
def data() -> dict:
    return params.plan_assumptions()


@pytest.fixture(scope="module")
def base(data) -> PlanResult:
    return impact.run(data)


# --- overrides ----------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", [{"drop": ["2"]}, {"measures": {"2": {"drop": True}}}])
def test_dropping_a_measure_lowers_the_total_by_exactly_its_contribution(data, base, spec):
    variant = impact.run(data, spec)
    assert variant.dropped == ("2",)
    assert "2" not in [m.id for m in variant.measures]
    gone = base.measure("2").figures
    for quantity in ("contribution", "investment", "revenue", "va_growth"):
        assert np.allclose(
            getattr(base.total, quantity) - getattr(variant.total, quantity),
            getattr(gone, quantity),
        ), quantity
    comparison = scenario.compare(base, variant)
    row = comparison.row("2")
    assert row.in_baseline and not row.in_variant
    assert np.allclose(row.difference("contribution"), -gone.contribution)
    assert np.allclose(comparison.total.difference("contribution"), -gone.contribution)


def test_a_later_start_year_shifts_the_measure(data, base):
    variant = impact.run(data, {"measures": {"7": {"start_year": 2023}}})
    before, after = base.measure("7").figures, variant.measure("7").figures
    assert variant.measure("7").start_year == 2023
    # one year later, cut off at 2025; the start-up cost moves from 2021 to 2022
    assert np.allclose(after.contribution[:, 1:], before.contribution[:, :-1])
    assert np.allclose(after.contribution[:, 0], 0)
    assert np.allclose(after.investment[:, 1:], before.investment[:, :-1])
    # the other measures do not move
    unmoved = variant.measure("8").figures.contribution
    assert np.allclose(unmoved, base.measure("8").figures.contribution)


def test_a_later_start_of_the_whole_plan_shifts_every_measure(data, base):
    variant = impact.run(data, {"start_year": 2022})
    for quantity in ("contribution", "investment"):
        assert np.allclose(
            getattr(variant.total, quantity)[:, 1:], getattr(base.total, quantity)[:, :-1]
        ), quantity
        assert np.allclose(getattr(variant.total, quantity)[:, 0], 0), quantity
    assert variant.measure("6").start_year == 2023  # labour regulation starts a year after


def test_an_assumption_changed(data, base):
    # transparency: a 4% jump in value added instead of 4-6% (r. 5152-5154, 5302): 0.8 x the mid
    variant = impact.run(data, {"measures": {"8": {"params": {"va_gain": 0.04}}}})
    assert np.allclose(
        variant.measure("8").figures.va_growth[1], 0.8 * base.measure("8").figures.va_growth[1]
    )
    # a range: min and max replaced, mid their midpoint
    variant = impact.run(
        data, {"measures": {"5": {"params": {"cost_per_worker": {"min": 4000, "max": 6000}}}}}
    )
    assert variant.measure("5").figures.investment[:, 0].tolist() == pytest.approx(
        [80_000 * 4000 / 1e9, 100_000 * 5000 / 1e9, 120_000 * 6000 / 1e9]
    )


def test_general_flowback_share(data, base):
    variant = impact.run(data, {"general": {"flowback_share": 0.4}})
    assert np.allclose(variant.total.contribution, base.total.contribution)
    assert np.allclose(variant.total.revenue, 0.4 * base.total.contribution)


def test_ramp_and_duration(data, base):
    variant = impact.run(data, {"measures": {"2": {"duration_years": 1, "ramp": [0.5]}}})
    f = variant.measure("2").figures
    assert f.va_growth[1].tolist() == pytest.approx([1.125, 0, 0, 0, 0])
    assert f.investment[1].tolist() == pytest.approx([0.45, 0, 0, 0, 0])


def test_the_report_implied_scenario_is_a_valid_scenario(data):
    s = scenario.load(data["report_implied_scenario"])
    assert set(s.measures) == {"1", "3", "7", "8", "9"}


def test_apply_leaves_the_input_alone(data):
    before = copy.deepcopy(data)
    scenario.apply(
        data, {"drop": ["1"], "start_year": 2022, "measures": {"8": {"params": {"va_gain": 0.03}}}}
    )
    assert data == before


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"drop": ["11"]}, "measures.11: unknown measure id"),
        ({"measures": {"8": {"params": {"va_gian": 0.1}}}}, "measures.8.params.va_gian: unknown"),
        ({"measures": {"8": {"strat_year": 2023}}}, "measures.8.strat_year: unknown key"),
        ({"naam": "x"}, "naam: unknown key"),
        ({"measures": {"8": {"params": {"va_gain": {"min": 0.1, "max": 0.05}}}}}, "min <= mid"),
        ({"measures": {"8": {"params": {"va_gain": "veel"}}}}, "is not a number"),
        ({"start_year": 2019}, "before the plan's first year 2021"),
        ({"measures": {"3": {"params": {"va_lag_years": {"min": 1, "max": 2}}}}}, "whole number"),
        ({"general": {"start_year": 2022}}, "general.start_year: unknown general parameter"),
        ({"general": {"flowback_share": -0.5}}, "negative"),
        (["2"], "must be a mapping"),
    ],
)
def test_bad_scenarios_are_refused_with_a_readable_line(data, spec, message):
    with pytest.raises(scenario.ScenarioError) as caught:
        impact.run(data, spec)
    lines = caught.value.lines("en")
    assert any(message in line for line in lines), lines


def test_comparison_json(data):
    comparison = impact.run_with_baseline(data, {"name": "zonder 2", "drop": ["2"]})
    d = json.loads(json.dumps(comparison.to_dict(), allow_nan=False))
    assert d["scenario"] == "zonder 2"
    row = next(r for r in d["rows"] if r["id"] == "2")
    assert row["in_variant"] is False
    assert row["contribution"]["difference"]["mid"][-1] == pytest.approx(-4.5)


# --- the CLI ------------------------------------------------------------------------------------


def invoke(*args: str | Path) -> Result:
    return runner.invoke(app, ["plan", "run", *[str(a) for a in args]])


def stderr_of(result: Result) -> str:
    try:
        return result.stderr
    except ValueError:  # older click: stderr mixed into output
        return result.output


def write(tmp_path: Path, text: str, name: str = "scenario.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_baseline_table():
    result = invoke()
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Totaal bijdrage" in out and "Overheidsinkomsten" in out
    assert "ROI" in out and "gereproduceerd" in out
    assert "30,04 (17,86–41,40)" in out  # the total contribution in 2025: mid (min-max)
    assert "niet gereproduceerd" in out  # measures 1, 2, 7, 9, with the reason


def test_cli_json_with_montecarlo_is_reproducible():
    first = invoke("--format", "json", "--draws", "2000", "--seed", "5")
    second = invoke("--format", "json", "--draws", "2000", "--seed", "5")
    assert first.exit_code == 0, first.output
    assert first.output == second.output
    d = json.loads(first.output)
    assert set(d) == {"baseline", "montecarlo"}
    assert d["montecarlo"]["baseline"]["draws"] == 2000
    assert len(d["baseline"]["measures"]) == 10


def test_cli_scenario_side_by_side(tmp_path):
    text = 'name: zonder korting\ndrop: ["2"]\nmeasures:\n  "7": {start_year: 2023}\n'
    path = write(tmp_path, text)
    result = invoke("--scenario", path, "--draws", "500")
    assert result.exit_code == 0, result.output
    assert 'scenario "zonder korting"' in result.output
    assert "Vergelijking met de baseline" in result.output
    assert "[geschrapt]" in result.output
    assert "2,25 → 0,00 (-2,25)" in result.output  # measure 2 in 2021
    assert "baseline → scenario" in result.output  # the Monte Carlo side by side
    d = json.loads(invoke("--scenario", path, "--format", "json").output)
    assert set(d) == {"baseline", "scenario", "comparison"}
    assert d["scenario"]["dropped"] == ["2"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('drop: ["2"\n', "geen geldige YAML (regel"),
        ("- a\n- b\n", "geen list"),
        ("", "leeg"),
        ('measures:\n  "11": {drop: true}\n', "unknown measure id"),
        ('measures:\n  "8":\n    params:\n      va_gain: {min: 0.1, max: 0.05}\n', "min <= mid"),
        ("start_year: 2019\n", "before the plan's first year"),
    ],
)
def test_cli_bad_scenario_exits_2_without_traceback(tmp_path, text, message):
    result = invoke("--scenario", write(tmp_path, text))
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    err = stderr_of(result)
    assert message in err
    assert "Traceback" not in err and "Traceback" not in result.output
    assert len([line for line in err.splitlines() if line.strip()]) >= 1


def test_cli_missing_scenario_and_bad_options(tmp_path):
    result = invoke("--scenario", tmp_path / "nergens.yaml")
    assert result.exit_code == 2 and "niet gevonden" in stderr_of(result)
    result = invoke("--format", "xml")
    assert result.exit_code == 2 and "kies table of json" in stderr_of(result)
    result = invoke("--draws", "-5")
    assert result.exit_code == 2 and "--draws" in stderr_of(result)


@pytest.mark.parametrize(
    ("spec", "code", "path", "dutch"),
    [
        ({"drop": ["11"]}, "unknown_measure", "measures.11", "onbekende maatregel; bekend zijn 1,"),
        ({"naam": "x"}, "extra_forbidden", "naam", "onbekende sleutel"),
        ({"start_year": 2019}, "year_before_plan", "start_year", "2019 ligt vóór het eerste jaar"),
        ({"general": {"firms": "veel"}}, "not_a_number", "general.firms", "geef een getal"),
        ({"general": {"flowback_share": -0.5}}, "negative_min", "general.flowback_share", "-0,5"),
        ({"measures": {"7": {"ramp": ["x"]}}}, "float_parsing", "measures.7.ramp.0", "getal"),
        ({"measures": {"7": {"ramp": []}}}, "too_short", "measures.7.ramp", "minstens één"),
    ],
)
def test_a_refusal_names_each_problem_by_code_and_key_in_dutch_and_english(
    data, spec, code, path, dutch
):
    with pytest.raises(scenario.ScenarioError) as caught:
        scenario.apply(data, spec)
    assert isinstance(caught.value, Refused)
    found = caught.value.problems[0]
    assert (found.code, found.path) == (code, path)
    assert dutch in found.text.nl and found.text.en and found.text.en != found.text.nl
