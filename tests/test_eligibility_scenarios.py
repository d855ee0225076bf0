"""YAML scenarios for the eligibility rules (tests/scenarios/eligibility.yaml)."""

from pathlib import Path

import pytest
import yaml

from hulplijn.core import assess
from hulplijn.core.eligibility import MeasureEligibility, sentence
from hulplijn.reference import params
from tests.conftest import hand_reference

SCENARIOS = yaml.safe_load((Path(__file__).parent / "scenarios/eligibility.yaml").read_text())
REFERENCE = hand_reference([])


@pytest.mark.parametrize("scenario", SCENARIOS["scenarios"], ids=lambda s: s["name"])
def test_scenario(scenario):
    verdicts = {v.id: v for v in assess(scenario["firm"], REFERENCE).eligible_measures}
    expected = scenario["expect"]
    got = {measure: verdicts[measure].status for measure in expected}
    assert got == expected
    for measure, fragments in scenario.get("reasons_contain", {}).items():
        text = sentence(verdicts[measure])
        for fragment in fragments:
            assert fragment in text, text
    for measure, fragments in scenario.get("reasons_exclude", {}).items():
        text = sentence(verdicts[measure])
        for fragment in fragments:
            assert fragment not in text, text


def test_every_measure_is_covered_by_a_scenario():
    covered = {m for s in SCENARIOS["scenarios"] for m in s["expect"]}
    assert covered == {m["id"] for m in params.measures()["measures"]}


def test_every_rule_and_audience_is_exercised():
    rules = params.measure_rules()
    assert len(rules) == 20
    firm_rules = [r for r in rules if r.audience == "firm"]
    assert all(r.conditions for r in firm_rules)  # a firm measure always says why
    system = {r.measure_id for r in rules if r.audience == "system"}
    assert system == {"6", "A", "D", "G", "I"}


def test_sentences_in_both_languages():
    verdict = MeasureEligibility(
        id="x",
        name="x",
        name_en="x",
        programme=None,
        status="eligible",
        eligible=True,
        reasons=[
            {
                "predicate": "all_smes",
                "holds": True,
                "text": "deze maatregel voor alle mkb-bedrijven is",
                "text_en": "this measure is for every SME",
            }
        ],
    )
    assert sentence(verdict) == (
        "U komt in aanmerking omdat deze maatregel voor alle mkb-bedrijven is."
    )
    assert sentence(verdict, "en") == "You qualify because this measure is for every SME."


def test_not_applicable_reads_as_the_measures_own_note():
    verdict = MeasureEligibility(
        id="x",
        name="x",
        name_en="x",
        programme=None,
        status="not_applicable",
        eligible=False,
        reasons=[
            {
                "predicate": "audience",
                "holds": None,
                "text": "Werkt via de kapitaaleisen van banken; een bedrijf kan hier niets voor "
                "aanvragen.",
                "text_en": "Works through banks.",
            }
        ],
    )
    assert sentence(verdict) == (
        "Werkt via de kapitaaleisen van banken; een bedrijf kan hier niets voor aanvragen."
    )
