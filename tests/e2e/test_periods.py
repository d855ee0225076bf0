"""Two rounds in a real browser (issue #13): the current round `make run` opens on the embedded
default (2024/2025, June 2025) and the report's round, chosen on the first step."""

from __future__ import annotations

import json
import re

import pytest
from django import forms
from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import expect

from hulplijn.web import reference_store
from hulplijn.web.assessments.models import Assessment, AssessmentRound
from hulplijn.web.assessments.steps import BY_SLUG
from tests.e2e import flows
from tests.web.conftest import EXAMPLE_STEPS

pytestmark = pytest.mark.e2e


@pytest.fixture
def two_rounds(settings, library_reference_dir):
    settings.HULPLIJN_REFERENCE_DIR = library_reference_dir
    reference_store.clear()
    call_command("reference_rounds", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return AssessmentRound.objects.get(year_1=2016), AssessmentRound.objects.get(year_1=2024)


def fill(page, slug: str, data: dict[str, str], round: AssessmentRound) -> None:
    """Type ``data`` into the step's fields, found by their labels in ``round``."""
    with translation.override("nl"):
        fields = BY_SLUG[slug].form(round=round).fields
        labels = {name: (str(f.label), f.widget) for name, f in fields.items()}
    for name, value in data.items():
        label, widget = labels[name]
        control = page.get_by_label(label, exact=True)
        if isinstance(widget, forms.CheckboxInput):
            control.set_checked(value == "on")
        elif isinstance(widget, forms.Select):
            control.select_option(value)
        else:
            control.fill(value)


def walk(page, steps: dict, round: AssessmentRound) -> str:
    """The wizard with ``steps`` in ``round`` in the browser (with JavaScript); returns the
    dashboard path."""
    page.goto("/zelfdiagnose/sector/")
    for slug, data in steps.items():
        expect(page).to_have_url(re.compile(rf"/zelfdiagnose/{slug}/"))
        if slug == "sector":
            flows.search_sector(page, data["sbi"], js=True)
        fill(page, slug, data, round)
        flows.next_step(page)
    page.get_by_role("button", name=flows.t("Calculate my outcome"), exact=True).click()
    page.wait_for_url(flows.DASHBOARD_URL)
    return flows.path_of(page)


def test_current_round_and_the_report_round_end_to_end(new_page, two_rounds, current_reference_dir):
    report, current = two_rounds
    one_moment = {
        **EXAMPLE_STEPS,
        "liquiditeit": {k: v for k, v in EXAMPLE_STEPS["liquiditeit"].items() if k.endswith("_1")},
    }
    page = new_page()
    walk(page, one_moment, current)
    main = page.locator("main")
    expect(main).to_contain_text("Groei van 2024 tot 2025")
    expect(main).to_contain_text("Liquiditeit in juni 2025")
    expect(main).not_to_contain_text("crisis (2016")
    stored = Assessment.objects.get()
    vintage = json.loads((current_reference_dir / "manifest.json").read_text())["vintage"]
    assert stored.round == current and stored.reference_vintage == vintage
    assert stored.result["benchmark"]["cash_buffer_days@2025-06"]["percentile"] is not None

    # another visitor chooses the report's round on the first step: its texts and its peers
    other = new_page()
    chosen = {**EXAMPLE_STEPS, "sector": {**EXAMPLE_STEPS["sector"], "round": str(report.pk)}}
    walk(other, chosen, report)
    expect(other.locator("main")).to_contain_text("Groei vóór de crisis (2016 tot 2018)")
    example = Assessment.objects.exclude(pk=stored.pk).get()
    assert example.round == report
    assert [m["moment"] for m in example.firm_input["liquidity"]] == ["2020-02", "2020-07"]
