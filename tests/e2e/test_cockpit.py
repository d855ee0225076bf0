"""The policy cockpit in a real browser: a policy user logs in, changes a weight and sees the
ranking move, saves a named scenario, opens its comparison and downloads a table as CSV; axe-core
checks every cockpit page on the way."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from hulplijn.web.cockpit.models import Scenario
from tests.e2e import flows
from tests.e2e.flows import t
from tests.web.factories import TOTP_SECRET, PolicyUserFactory

pytestmark = pytest.mark.e2e

INNOVATION = "4 Investeringsregeling gericht op toepassing van innovatie"


def test_policy_user_weighs_saves_a_scenario_and_exports_it(page, shots, axe):
    user = PolicyUserFactory()
    flows.log_in(page, user.email, "/beleid/", totp_secret=TOTP_SECRET)
    expect(page.locator("h1")).to_have_text(t("Policy cockpit"))
    axe(page, "cockpit overview")

    # prioritisation: equal weights reproduce the report's ten; measure 7 is seventh
    nav = page.get_by_role("navigation", name=t("Policy cockpit"))
    nav.get_by_role("link", name=t("Prioritisation"), exact=True).click()
    page.wait_for_url("**/beleid/prioritering/")
    expect(page.locator("#reproductie")).to_contain_text("10")
    ranked = page.locator("#tabel-maatregelen tbody tr")
    expect(ranked.nth(6).locator("td").first).to_have_text("7")
    shots(page, "prioritisation")
    axe(page, "prioritisation")

    # speed of introduction left out: 7's feasibility becomes (5 + 5) / 2 = 5.0, its sum
    # 3 + 5 = 8.0, second only to 4 (4 + 4.5 = 8.5)
    page.get_by_label(t("Speed of introduction"), exact=True).fill("0")
    page.get_by_role("button", name=t("Recalculate"), exact=True).click()
    page.wait_for_url(re.compile(r"speed_of_introduction=0"))
    expect(ranked.nth(1).locator("td").first).to_have_text("7")
    moved = page.locator("#tabel-gevoeligheid tbody tr").filter(
        has_text="Persoonlijk ontwikkelbudget"
    )
    expect(moved.locator("td").nth(0)).to_have_text("7")  # rank with equal weights
    expect(moved.locator("td").nth(1)).to_have_text("2")  # rank now
    shots(page, "prioritisation-weighted")
    axe(page, "prioritisation with a weight changed")

    # a negative weight is named beside its field, the page still answers
    page.get_by_label(t("Speed of introduction"), exact=True).fill("-1")
    page.get_by_role("button", name=t("Recalculate"), exact=True).click()
    expect(page.locator("#id_speed_of_introduction_error")).to_be_visible()
    axe(page, "prioritisation with an error")

    # the plan page
    nav.get_by_role("link", name=t("Plan impact"), exact=True).click()
    page.wait_for_url("**/beleid/plan/")
    expect(page.locator("#tabel-per-jaar")).to_contain_text("30,0")  # 3 digits (#16)
    shots(page, "plan")
    axe(page, "plan impact")

    # a new scenario without measure 4
    nav.get_by_role("link", name=t("Scenarios"), exact=True).click()
    page.wait_for_url("**/beleid/scenarios/")
    axe(page, "scenario list")
    page.get_by_role("link", name=t("New scenario"), exact=True).click()
    page.wait_for_url("**/beleid/scenarios/nieuw/")
    page.get_by_label(t("Name"), exact=True).fill("Zonder innovatieregeling")
    page.get_by_label(INNOVATION, exact=True).check()
    shots(page, "scenario-form")
    axe(page, "scenario form")
    page.get_by_role("button", name=t("Save scenario"), exact=True).click()
    page.wait_for_url(re.compile(r"/beleid/scenarios/\d+/$"))
    assert Scenario.objects.get(name="Zonder innovatieregeling").overrides == {"drop": ["4"]}

    # the comparison: 30.04 -> 28.84 in 2025, measure 4's 1.20 less
    expect(page.locator("#tw-2025")).to_contain_text("28,8")  # 3 significant digits (#16)
    expect(page.locator("#tabel-vergelijking-contribution")).to_contain_text("-1,20")
    shots(page, "scenario")
    axe(page, "scenario comparison")

    table = page.locator("#tabel-vergelijking-contribution")
    with page.expect_download() as started:
        table.get_by_role("link", name=re.compile(r"^CSV")).click()
    download = started.value
    assert download.failure() is None
    assert download.suggested_filename == "vergelijking-contribution.csv"
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    total = next(r for r in rows if r[0] == t("Total") and r[1] == "2025")
    four = next(r for r in rows if r[0] == INNOVATION and r[1] == "2025")
    assert round(float(total[4]), 2) == 30.04 and round(float(total[7]), 2) == 28.84
    assert float(total[10]) == pytest.approx(-float(four[4]), abs=1e-12)
    assert float(four[4]) == pytest.approx(1.2, abs=1e-12)

    axe.assert_clean()


def test_the_evaluation_page_with_its_trace_on_a_seeded_history(page, shots, axe):
    # #16: the evaluation on a seeded history of two rounds, labelled synthetic, with its
    # interval from published figures folded under the headline; axe-core clean, trace open
    from django.core.management import call_command

    call_command("seed_evaluation", firms=30, cells=1, seed=1)
    user = PolicyUserFactory()
    flows.log_in(page, user.email, "/beleid/evaluatie/", totp_secret=TOTP_SECRET)
    expect(page.locator("#synthetisch")).to_be_visible()
    expect(page.locator("#evaluatie-kop")).to_contain_text("95%")
    page.locator("#herleiding-evaluatie-blok summary").click()
    expect(page.locator("#tabel-herleiding-evaluatie")).to_contain_text(
        t("Standard error √(variance × factor)")
    )
    shots(page, "evaluation")
    axe(page, "evaluation with its trace open")
    axe.assert_clean()
