"""A newcomer's first visit in a real browser: wizard, dashboard, language, account."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from hulplijn.web.assessments.forms import WhatIfForm
from hulplijn.web.assessments.models import Assessment, Feedback
from tests.e2e import flows
from tests.e2e.conftest import PHONE
from tests.e2e.flows import t

pytestmark = pytest.mark.e2e


def pk_of(dashboard: str) -> str:
    return flows.DASHBOARD_URL.search(dashboard).group("pk")


def test_newcomer_with_javascript(page, shots):
    flows.start(page, shots)
    dashboard = flows.wizard(page, shots, js=True)
    flows.dashboard_dutch(page, shots, js=True)
    flows.to_english(page, shots)
    flows.register(page, "nieuwkomer@example.nl", shots)
    flows.overview_lists(page, dashboard, shots)

    assessment = Assessment.objects.get(pk=pk_of(dashboard))
    assert assessment.owner.email == "nieuwkomer@example.nl"
    assert assessment.segment == "accelerate"


def test_newcomer_without_javascript(new_page, shots):
    page = new_page(java_script_enabled=False)
    flows.start(page, shots)
    dashboard = flows.wizard(page, shots, js=False)
    flows.dashboard_dutch(page, shots, js=False)

    # what-if: an ordinary form POST that answers with the whole dashboard
    with_what_if = page.locator(".hl-what-if")
    with flows.translation.override("nl"):
        what_if = {name: str(field.label) for name, field in WhatIfForm().fields.items()}
    with_what_if.get_by_label(what_if["fte"], exact=True).fill("40")
    with_what_if.get_by_label(what_if["gross_margin"], exact=True).fill("965.000")
    with_what_if.get_by_role("button", name=t("Calculate"), exact=True).click()
    page.wait_for_url(f"**{dashboard}wat-als/")
    outcome = page.locator(".hl-what-if__outcome[role=status]")
    expect(outcome).to_be_visible()
    # 40 FTE instead of 58 with the same margin: productivity grows, jobs shrink (engine label)
    expect(outcome).to_contain_text("Groeien")
    # the whole result page again, the what-if's part open, the others folded
    expect(page.locator(".hl-summary")).to_be_visible()
    expect(page.locator("table.hl-figures").first).to_be_attached()
    shots(page, "what-if")

    # feedback from the page the what-if answered with
    feedback = page.locator("#feedback")
    feedback.get_by_role("radio", name="4", exact=True).check()
    feedback.get_by_role("textbox").fill("Duidelijk, zonder JavaScript ook.")
    feedback.get_by_role("button", name=t("Send feedback"), exact=True).click()
    page.wait_for_url(f"**{dashboard}#feedback")
    expect(page.locator(".hl-messages [role=status]")).to_be_visible()
    shots(page, "feedback-sent")
    item = Feedback.objects.get()
    assert (item.rating, str(item.assessment_id)) == (4, pk_of(dashboard))

    flows.to_english(page, shots)
    flows.register(page, "zonderjs@example.nl", shots)
    flows.overview_lists(page, dashboard, shots)
    assert Assessment.objects.get(pk=pk_of(dashboard)).owner.email == "zonderjs@example.nl"


def test_phone_width_has_no_horizontal_scrolling(new_page, shots):
    page = new_page(viewport=PHONE)
    too_wide = []

    def fits(page, name):
        width = page.evaluate(
            "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
        )
        if width["scroll"] > width["inner"]:
            wide = page.evaluate(
                """() => [...document.querySelectorAll('body *')]
                     .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
                     .slice(0, 5)
                     .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                               + (e.className && typeof e.className === 'string'
                                  ? '.' + e.className.trim().split(/\\s+/).join('.') : ''))"""
            )
            too_wide.append(f"{name}: scrollWidth {width['scroll']} > {width['inner']}: {wide}")

    flows.start(page, shots, check=fits)
    dashboard = flows.wizard(page, shots, js=True, check=fits)
    flows.dashboard_dutch(page, shots, js=True, check=fits)
    assert dashboard
    assert not too_wide, "horizontal scrolling at 360px:\n" + "\n".join(too_wide)


def test_no_request_leaves_the_site(page, shots, live_server):
    requests, failed = [], []
    page.context.on("request", lambda request: requests.append(request.url))
    page.context.on(
        "response",
        lambda response: failed.append(f"{response.status} {response.url}")
        if response.status >= 400
        else None,
    )
    # a load the browser itself cancels when the page moves on (net::ERR_ABORTED, e.g. the
    # favicon of a page left at once) is no failure of the site
    page.context.on(
        "requestfailed",
        lambda request: failed.append(f"failed {request.url}: {request.failure}")
        if request.failure != "net::ERR_ABORTED"
        else None,
    )
    flows.start(page, shots)
    dashboard = flows.wizard(page, shots, js=True)
    flows.dashboard_dutch(page, shots, js=True)
    flows.to_english(page, shots)
    flows.register(page, "offline@example.nl", shots)
    flows.overview_lists(page, dashboard, shots)

    ours = urlsplit(live_server.url).netloc
    network = [url for url in requests if urlsplit(url).scheme not in ("data", "blob", "about")]
    outside = sorted({url for url in network if urlsplit(url).netloc != ours})
    assert not outside, "requests to other hosts:\n" + "\n".join(outside)
    assert not failed, "requests that failed:\n" + "\n".join(failed)
    # the path really loaded the vendored scripts and styles from the live server
    paths = {urlsplit(url).path for url in network}
    for asset in ("vega/vega.min.js", "htmx.org/htmx.min.js", "css/hulplijn.css"):
        assert any(path.endswith(asset) for path in paths), asset
