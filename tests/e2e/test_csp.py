"""The Content-Security-Policy (no inline script or style, no eval) breaks nothing in a browser:
htmx, the charts with their tooltips, the what-if panel, the cockpit's charts, the admin.

Every page registers a listener for ``securitypolicyviolation`` before any script runs; a
violation anywhere fails the test with the directive and the source that broke it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e import flows
from tests.e2e.flows import t
from tests.web.factories import TOTP_SECRET, PolicyUserFactory

pytestmark = pytest.mark.e2e

LISTEN = """document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`
    + ` (${e.sourceFile}:${e.lineNumber})`);
});"""


def watched(new_page):
    """A page whose CSP violations (Chromium's own console message and the DOM event) are kept."""
    page = new_page()
    page.add_init_script(LISTEN)
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text)
        if "CSP violation" in m.text or "Content Security Policy" in m.text
        else None,
    )
    return page, violations


def test_pages_work_under_the_content_security_policy(new_page, shots):
    page, violations = watched(new_page)
    response = page.goto("/")
    policy = response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy

    flows.start(page, shots)
    dashboard = flows.wizard(page, shots, js=True)  # the sector search is htmx
    flows.dashboard_dutch(page, shots, js=True)  # the charts are drawn
    bar = page.locator("[data-chart=chart-percentiles] svg .mark-rect path").first
    bar.hover()
    expect(page.locator("#vg-tooltip-element.visible")).to_be_visible()
    # the tooltip names its figures and writes the percentile the Dutch way (issue 14: it said
    # "percentile 11.6"; charts.js's formatLocale)
    tooltip = page.locator("#vg-tooltip-element").inner_text()
    assert "Percentiel" in tooltip and "percentile" not in tooltip
    assert not re.search(r"\d\.\d", tooltip), tooltip

    # the what-if panel posts through htmx (CSRF token from the form, the cookie is HttpOnly)
    page.locator(".hl-what-if__form").get_by_role("button", name=t("Calculate"), exact=True).click()
    expect(page.locator("#what-if-result .hl-what-if__outcome")).to_be_visible()
    assert page.url.endswith(dashboard)

    # the cockpit's charts and the admin, as a staff member of the policy group
    policy_user = PolicyUserFactory()
    flows.log_in(page, policy_user.email, "/beleid/plan/", totp_secret=TOTP_SECRET)
    expect(page.locator("[data-chart] svg").first).to_be_visible()
    shots(page, "cockpit-plan")
    page.goto("/beheer/")
    expect(page.locator("#content")).to_be_visible()

    assert violations == [], "\n".join(violations)
