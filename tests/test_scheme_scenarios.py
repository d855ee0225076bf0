"""YAML scenarios for the current schemes (tests/scenarios/schemes.yaml) and the life of the
report's measures: ended ones are history, none invites an application."""

from datetime import date
from pathlib import Path

import pytest
import yaml

from hulplijn.core import assess
from hulplijn.core.eligibility import sentence
from hulplijn.reference import params
from tests.conftest import hand_reference

SCENARIOS = yaml.safe_load((Path(__file__).parent / "scenarios/schemes.yaml").read_text())
REFERENCE = hand_reference([])
TODAY = date(2026, 12, 7)


@pytest.mark.parametrize("scenario", SCENARIOS["scenarios"], ids=lambda s: s["name"])
def test_scenario(scenario):
    result = assess(scenario["firm"], REFERENCE, on=scenario["day"])
    verdicts = {v.id: v for v in result.schemes}
    expected = scenario["expect"]
    assert {s: verdicts[s].status for s in expected} == expected
    assert sorted(v.id for v in result.schemes if v.invites_application) == sorted(
        scenario["invites"]
    )
    for scheme, fragments in scenario.get("reasons_contain", {}).items():
        text = sentence(verdicts[scheme])
        for fragment in fragments:
            assert fragment in text, text


def test_every_scheme_and_every_rule_outcome_is_exercised():
    """Each scheme appears in a scenario, and each predicate the schemes use is seen holding and
    failing (a rule never seen failing could be a rule that cannot fail)."""
    covered = {s for sc in SCENARIOS["scenarios"] for s in sc["expect"]}
    assert covered == {r.measure_id for r in params.scheme_rules()}
    seen: dict[str, set] = {}
    for scenario in SCENARIOS["scenarios"]:
        for verdict in assess(scenario["firm"], REFERENCE, on=scenario["day"]).schemes:
            for reason in verdict.reasons:
                seen.setdefault(reason.predicate, set()).add(reason.holds)
    used = {c.predicate for r in params.scheme_rules() for c in r.conditions}
    for predicate in used:
        assert {True, False} <= seen[predicate], predicate


def test_every_scheme_names_its_official_page_and_says_whether_it_was_checked():
    for scheme in params.schemes()["schemes"]:
        assert scheme["url"].startswith("https://"), scheme["id"]
        assert scheme["basis"].strip(), scheme["id"]
        if scheme["checked_on"] is None:
            assert "not verified" in scheme["basis"].lower() or "not read" in scheme["basis"], (
                scheme["id"]
            )


def test_no_report_measure_invites_an_application_and_ended_ones_are_history():
    # measure 2 (investment discount 2021-2022) and E (free depreciation 2020-2021) have ended
    firm = {**SCENARIOS["base"], "plans": ["invest", "borrow"]}
    verdicts = {v.id: v for v in assess(firm, REFERENCE, on=TODAY).eligible_measures}
    assert not any(v.invites_application for v in verdicts.values())
    assert verdicts["2"].status == "ended" and not verdicts["2"].eligible
    assert "liep tot en met 31 december 2022" in sentence(verdicts["2"])
    assert "past" not in sentence(verdicts["2"]) and "aanmerking" not in sentence(verdicts["2"])
    assert verdicts["E"].status == "ended"
    assert verdicts["8"].status == "eligible" and verdicts["8"].availability == "proposed"
    assert verdicts["B"].carried_by == ["bmkb", "bmkb_groen", "go"]


def test_in_2021_the_investment_discount_was_not_yet_history():
    verdicts = {
        v.id: v for v in assess(SCENARIOS["base"], REFERENCE, on=date(2021, 6, 1)).eligible_measures
    }
    assert verdicts["2"].status == "eligible"  # accelerate: the report's target segment
    assert not verdicts["2"].invites_application  # a proposal, never a scheme of its own


def test_without_a_day_nothing_is_judged_ended():
    verdicts = {v.id: v for v in assess(SCENARIOS["base"], REFERENCE).eligible_measures}
    assert verdicts["2"].status == "eligible" and verdicts["2"].availability is None


def test_every_carrying_scheme_exists_and_every_measure_has_a_life():
    schemes = {r.measure_id for r in params.scheme_rules()}
    for rule in params.measure_rules():
        assert set(rule.life.carried_by) <= schemes, rule.measure_id
        assert rule.life.stage in ("proposed", "carried_out", "ended"), rule.measure_id


def test_the_kept_firmless_verdicts_stay_bounded_when_rules_are_loaded_again(monkeypatch):
    """Noticed in review: the memo of verdicts that do not depend on the firm (ended measures,
    system measures) kept every rule ever loaded; each load of the parameters makes new rule
    objects. With the bound at 8, ten loads leave at most 8 kept, and verdicts are unchanged."""
    from hulplijn.core import eligibility

    monkeypatch.setattr(eligibility, "_FIRMLESS_MAX", 8)
    monkeypatch.setattr(eligibility, "_FIRMLESS", {})
    firm = assess(SCENARIOS["base"], REFERENCE, on=TODAY)
    before = [v.model_dump() for v in eligibility.evaluate(firm, params.measure_rules(), TODAY)]
    for _ in range(10):
        params.measure_rules.cache_clear()
        again = eligibility.evaluate(firm, params.measure_rules(), TODAY)
    params.measure_rules.cache_clear()
    assert 0 < len(eligibility._FIRMLESS) <= 8
    assert [v.model_dump() for v in again] == before
