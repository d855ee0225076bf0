"""`hulplijn assess` on the issue's restaurant: help first in the text and the JSON, open schemes
judged on the day given with --op (issue 13)."""

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from hulplijn.cli.main import app

runner = CliRunner()
SCENARIOS = yaml.safe_load((Path(__file__).parent / "scenarios/help_first.yaml").read_text())
RESTAURANT = {**SCENARIOS["restaurant"], "plans": ["borrow"]}


def assess(tmp_path, synthetic_reference_dir, *extra: str):
    firm = tmp_path / "restaurant.json"
    firm.write_text(json.dumps(RESTAURANT), encoding="utf-8")
    return runner.invoke(
        app, ["assess", str(firm), "--reference", str(synthetic_reference_dir), *extra]
    )


def test_the_text_starts_with_help_first_and_names_the_routes(tmp_path, synthetic_reference_dir):
    result = assess(tmp_path, synthetic_reference_dir, "--op", "2026-12-07")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "Eerst: hulp die bij uw situatie past" in text
    # first after the firm's sector and size, before its figures
    assert text.index("Grootte:") < text.index("Eerst: hulp") < text.index("Groeisegment")
    assert "Uw kas dekt 10 dagen aan kosten; dat is minder dan 30 dagen." in text
    for route in ("Ondernemersklankbord", "Geldfit Zakelijk", "Qredits", "WHOA", "Bbz"):
        assert route in text
    # borrowing, micro and in difficulty: Qredits microcredit and the WHOA are open
    assert "Regelingen die nu open zijn en bij u passen:" in text
    assert "Qredits microkrediet" in text


def test_the_json_carries_help_first_and_the_day_decides_what_is_open(
    tmp_path, synthetic_reference_dir
):
    result = assess(tmp_path, synthetic_reference_dir, "--format", "json", "--op", "2021-06-01")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["help_first"]["offered"] is True
    assert [s["code"] for s in out["help_first"]["signals"] if s["holds"]] == [
        "few_cash_buffer_days",
        "quick_ratio_weak",
        "both_falling",
        "negative_equity",
    ]
    schemes = {s["id"]: s for s in out["schemes"]}
    assert schemes["bmkb_c"]["status"] == "eligible"  # open until 31 December 2021
    # free depreciation (E) ran 2020-2021: on 1 June 2021 it is not yet history
    measures = {m["id"]: m for m in out["eligible_measures"]}
    assert measures["E"]["status"] != "ended"
    later = json.loads(
        assess(tmp_path, synthetic_reference_dir, "--format", "json", "--op", "2026-12-07").stdout
    )
    assert {s["id"]: s["status"] for s in later["schemes"]}["bmkb_c"] == "ended"
    assert {m["id"]: m["status"] for m in later["eligible_measures"]}["E"] == "ended"


def test_a_malformed_day_is_refused(tmp_path, synthetic_reference_dir):
    result = assess(tmp_path, synthetic_reference_dir, "--op", "7-12-2026")
    assert result.exit_code == 2
    assert "geen datum" in result.output
