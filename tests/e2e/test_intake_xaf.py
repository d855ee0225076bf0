"""The auditfile (XAF) import in a real browser at phone width without JavaScript: a refused file
with its message beside the field, then upload -> mapping (one account changed) -> confirm ->
the results step prefilled; both pages checked with axe (with JavaScript, which axe needs)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from hulplijn.web.assessments.models import AssessmentRound, Draft
from tests.e2e import flows
from tests.e2e.conftest import PHONE
from tests.e2e.flows import t

pytestmark = pytest.mark.e2e
OWN = Path(__file__).parents[1] / "fixtures" / "xaf" / "bakkerij-2023-v32.xaf"


def test_auditfile_to_the_wizard_at_phone_width_without_javascript(new_page, axe, shots, tmp_path):
    AssessmentRound.objects.create(
        name="XAF", year_1=2022, year_2=2023, moment_1="2022-12", moment_2="2023-03", is_open=True
    )
    page = new_page(viewport=PHONE, java_script_enabled=False)
    page.goto("/zelfdiagnose/auditfile/")
    expect(page.locator("h1")).to_have_text(t("Fill in from your bookkeeping (auditfile)"))

    usd = tmp_path / "dollars.xaf"
    usd.write_bytes(OWN.read_bytes().replace(b"<curCode>EUR</curCode>", b"<curCode>USD</curCode>"))
    flows.upload_refused(
        page,
        page.locator("#id_files"),
        usd,
        "dollars.xaf: de administratie is in USD gevoerd; we rekenen alleen met euro's",
        "id_files",
    )
    shots(page, "auditfile-refused")
    assert Draft.objects.count() == 0

    page.locator("#id_files").set_input_files(OWN)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url("**/zelfdiagnose/auditfile/indeling/")
    expect(page.get_by_text("Brutomarge (euro) – 2023")).to_be_visible()
    rent = page.get_by_label("4100 Huur")
    expect(rent).to_have_value("other_costs")  # RGS WBedHui
    rent.select_option("wage_costs")
    page.get_by_role("button", name=t("Save the choices")).click()
    page.wait_for_url("**/zelfdiagnose/auditfile/indeling/")
    expect(page.get_by_label("4100 Huur")).to_have_value("wage_costs")
    # wage costs 3000 + the rent 1200 (tests/fixtures/xaf/bakkerij-2023-v32.xaf)
    wages = page.locator(".utrecht-data-list__item", has_text="Loonkosten per jaar – 2023")
    expect(wages).to_contain_text("4.200,00")
    shots(page, "auditfile-mapping")

    page.get_by_role("button", name=t("Use these figures")).click()
    page.wait_for_url("**/zelfdiagnose/resultaten/")
    expect(page.locator("#id_gross_margin_2")).to_have_value("6000")
    expect(page.locator("#id_wage_costs_2")).to_have_value("4200")
    expect(page.locator("body")).to_contain_text(
        re.compile(re.escape("De cijfers uit uw auditfile zijn ingevuld."))
    )
    shots(page, "auditfile-results-step")

    # axe runs in the page, so with JavaScript: the upload with an error, then the mapping
    checked = new_page()
    checked.goto("/zelfdiagnose/auditfile/")
    flows.upload_refused(checked, checked.locator("#id_files"), usd, re.compile(r"USD"), "id_files")
    axe(checked, "auditfile upload with an error")
    checked.locator("#id_files").set_input_files(OWN)
    checked.locator("main form button[type=submit]").last.click()
    checked.wait_for_url("**/zelfdiagnose/auditfile/indeling/")
    axe(checked, "auditfile mapping")
    axe.assert_clean()
