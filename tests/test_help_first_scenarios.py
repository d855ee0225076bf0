"""YAML scenarios for help first (tests/scenarios/help_first.yaml), and its calm wording."""

from pathlib import Path

import pytest
import yaml

from hulplijn.core import assess
from tests.conftest import hand_reference

SCENARIOS = yaml.safe_load((Path(__file__).parent / "scenarios/help_first.yaml").read_text())
REFERENCE = hand_reference([])
ALARMING = ("faillis", "alarm", "gevaar", "dringend", "nood", "!")


@pytest.mark.parametrize("scenario", SCENARIOS["scenarios"], ids=lambda s: s["name"])
def test_scenario(scenario):
    help_first = assess(scenario["firm"], REFERENCE).help_first
    assert help_first is not None
    assert help_first.offered is scenario["offered"]
    assert [s.code for s in help_first.signals if s.holds] == scenario["signals"]
    assert [r.code for r in help_first.routes] == scenario["routes"]
    said = " ".join([help_first.summary, *(s.text for s in help_first.signals)])
    for fragment in scenario.get("texts_contain", []):
        assert fragment in said, said
    why = {r.code: r.why for r in help_first.routes}
    for code, fragment in scenario.get("route_why", {}).items():
        assert fragment in why[code], why[code]


def test_every_route_says_why_and_every_signal_names_its_threshold_and_source():
    firm = SCENARIOS["restaurant"]
    help_first = assess(firm, REFERENCE).help_first
    assert help_first is not None
    for route in help_first.routes:
        assert route.why and route.why_en and route.url.startswith("https://")
    sourced = {s.code: s.threshold for s in help_first.signals if s.threshold is not None}
    assert set(sourced) == {"few_cash_buffer_days", "quick_ratio_weak", "negative_equity"}
    # the norms.yaml values: 30 days, 0.5, 0
    assert [sourced[c].value for c in sorted(sourced)] == [30, 0.0, 0.5]
    assert all(t.label and t.unit and t.source for t in sourced.values())


def test_the_wording_is_calm_in_both_languages():
    help_first = assess(SCENARIOS["restaurant"], REFERENCE).help_first
    assert help_first is not None
    texts = [help_first.summary, help_first.summary_en]
    for route in help_first.routes:
        texts += [route.what, route.what_en, route.why, route.why_en]
    texts += [s.text for s in help_first.signals] + [s.text_en for s in help_first.signals]
    for text in texts:
        assert not any(word in text.lower() for word in ALARMING), text


def test_the_route_for_the_self_employed_is_conditional_on_being_self_employed():
    help_first = assess(SCENARIOS["restaurant"], REFERENCE).help_first
    assert help_first is not None
    bbz = next(r for r in help_first.routes if r.code == "bbz")
    # the legal form was not asked: the working persons stand in, and the reason says so
    assert bbz.why.startswith("Uw rechtsvorm is niet opgegeven; daarom kijken we naar het aantal")
    assert "Uw bedrijf telt 8 werkzame personen. Bent u zelfstandig" in bbz.why
    assert bbz.why_en.startswith("Your legal form was not given, so we look at the number")


def test_the_legal_form_is_optional_and_validated():
    from hulplijn.core import InvalidInput, parse_firm

    firm = dict(SCENARIOS["restaurant"])
    assert parse_firm(firm).legal_form is None  # not asked
    assert parse_firm({**firm, "legal_form": "unknown"}).legal_form == "unknown"
    with pytest.raises(InvalidInput) as refused:
        parse_firm({**firm, "legal_form": "nv"})  # not one of the five answers
    assert [p.path for p in refused.value.problems] == ["legal_form"]
    # the assessment keeps the answer as given, beside the plans
    assert assess({**firm, "legal_form": "vof"}, REFERENCE).legal_form == "vof"


def test_a_figure_beside_its_limit_is_rounded_as_the_pages_round():
    """Issue 14: cash buffer days with their decimal (36,5, as the result's table shows them,
    not 37), and never rounded onto the limit: Python's round (half even) let 30.5 through as
    30 beside "minder dan 31" while the page then wrote 31."""
    from hulplijn.core.help_first import _shown

    assert _shown(36.49999999999999, 30, 1)("nl") == "36,5"
    assert _shown(30.5, 31, 0)("nl") == "30,5"
    assert _shown(30.5, 31, 0)("en") == "30.5"
    assert _shown(10.0, 30, 1)("nl") == "10"
    assert _shown(29.96, 30, 1)("nl") == "29,96"
