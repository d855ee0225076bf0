"""The sector search in a real browser (issue #14): everyday words with htmx while typing, and
the Zoeken button without JavaScript, which shows no messages for fields not filled in."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e import flows
from tests.e2e.flows import t

pytestmark = pytest.mark.e2e


def test_typing_an_everyday_word_shows_the_hits_and_narrows_the_list(page, shots, axe):
    flows.start(page, shots)
    page.get_by_label(t("Search your sector"), exact=True).fill("bakkerij")
    options = page.locator("#id_sbi option")
    # best first: bakes (10.71), sells (47.24); then wholesale of bakery supplies (46.38.4)
    expect(options.nth(1)).to_have_attribute("value", "10")
    expect(options.nth(2)).to_have_attribute("value", "47")
    expect(page.locator("#hl-sector-results")).to_contain_text("SBI 2008 10.71")
    expect(page.locator("#hl-sector-results")).to_contain_text("SBI 2008 47.24")
    page.get_by_label(t("Search your sector"), exact=True).fill("kaper")  # a typo
    expect(page.locator("#id_sbi option")).to_have_count(2)
    expect(page.locator("#id_sbi")).to_have_value("96")
    expect(page.locator(".utrecht-form-field-error-message")).to_have_count(0)
    axe(page, "sector search with htmx")
    shots(page, "search-kapper")
    axe.assert_clean()


def test_the_search_button_without_javascript_shows_no_messages(new_page, shots):
    page = new_page(java_script_enabled=False)
    flows.start(page, shots)
    page.get_by_label(t("Search your sector"), exact=True).fill("horeca")
    page.get_by_role("button", name=t("Search"), exact=True).click()
    page.wait_for_url("**/zelfdiagnose/sector/?q=horeca")
    expect(page.locator(".utrecht-form-field-error-message")).to_have_count(0)
    expect(page.locator("#fouten")).to_have_count(0)
    expect(page.locator("#id_sbi option")).to_have_count(3)  # 55 and 56
    page.locator("#id_sbi").select_option("56")
    page.get_by_label(t("Working persons"), exact=True).fill("4")
    flows.next_step(page)
    page.wait_for_url("**/zelfdiagnose/resultaten/")
    shots(page, "after-search")
