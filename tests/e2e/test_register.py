"""Register and credit sources in a real browser (issue #15, decisions/0037): the sector step
filled in from KVK and Dun & Bradstreet (recorded responses through httpx.MockTransport at the
I/O boundary, tests/web/test_register_pages.py), and the dashboard of the firm, logged in with
eHerkenning for its KvK number, with the bureau's score; axe on both."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect

from hulplijn.web.assessments.steps import SLUGS
from hulplijn.web.intake import register as intake_register
from tests.e2e import flows
from tests.e2e.flows import t
from tests.web.conftest import EXAMPLE_STEPS
from tests.web.test_register_pages import DNB_URL, KVK_URL, NUMBER, Recorded

pytestmark = pytest.mark.e2e


def _log_in_as_the_firm(page, live_server) -> None:
    """The browser logged in as the firm with KvK number NUMBER by eHerkenning (its session
    made by Django's test client): only such a firm gets a bureau's score (decisions/0037)."""
    from django.conf import settings as django_settings
    from django.test import Client

    from hulplijn.web.accounts.models import User

    user = User.objects.create_eherkenning_user(NUMBER, "urn:etoegang:core:assurance-class:loa3")
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def test_the_sector_step_fills_in_from_the_register_and_the_owner_sees_the_score(
    page, shots, axe, settings, monkeypatch, live_server
):
    _log_in_as_the_firm(page, live_server)
    settings.HULPLIJN_KVK_API_URL, settings.HULPLIJN_KVK_API_KEY = KVK_URL, "kvk-test-key"
    settings.HULPLIJN_DNB_API_URL = DNB_URL
    settings.HULPLIJN_DNB_KEY, settings.HULPLIJN_DNB_SECRET = "dnb-key", "dnb-secret"
    monkeypatch.setattr(intake_register, "transport", httpx.MockTransport(Recorded()))
    flows.start(page, shots)
    page.get_by_label(t("KvK number (optional)"), exact=True).fill(NUMBER)
    page.get_by_role("button", name=t("Fill in from the register"), exact=True).click()
    page.wait_for_url("**/zelfdiagnose/sector/?register=1")
    found = page.locator(".hl-register-found")
    expect(found).to_contain_text("Werkzame personen: 4 (van KVK Handelsregister)")
    expect(found).to_contain_text("Ingeschreven sinds: 11 mei 2022")
    expect(page.get_by_label(t("Working persons"), exact=True)).to_have_value("4")
    shots(page, "sector-from-the-register")
    axe(page, "sector step filled in from the register")
    # the owner's own figures count: the report's example firm, then the wizard to the end
    for slug, data in EXAMPLE_STEPS.items():
        flows.fill_step(page, slug, data)
        flows.next_step(page)
        page.wait_for_url(f"**/zelfdiagnose/{SLUGS[SLUGS.index(slug) + 1]}/")
    page.get_by_role("button", name=t("Calculate my outcome"), exact=True).click()
    page.wait_for_url(flows.DASHBOARD_URL)
    credit = page.locator("section[aria-labelledby=kredietscore]")
    expect(credit).to_contain_text("Dun & Bradstreet, D&B Failure Score: 71")
    expect(credit).to_contain_text("Score van 28 februari 2025.")
    shots(page, "dashboard-credit-score")
    axe(page, "dashboard with a credit score")
    axe.assert_clean()
