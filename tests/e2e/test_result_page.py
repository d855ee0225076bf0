"""The result page on a 360px phone (issue 14): a newcomer, in Dutch, completes an assessment,
reads the summary and finds the first thing to do without scrolling past it; the details fold
below it; tables show the owner's own value and percentile beside the figure's name; chart labels
are at least 12px; after feedback and sharing the confirmation is where the page lands; axe-core
finds no WCAG 2.1 A/AA violation, folded or opened."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from hulplijn.web.assessments.models import Feedback
from tests.e2e import flows
from tests.e2e.conftest import PHONE
from tests.e2e.flows import t

pytestmark = pytest.mark.e2e

WORDS_PER_MINUTE = 200
# where each element is on the page (px from the top of the document) and how wide it reaches
BOX = """e => { const r = e.getBoundingClientRect();
  return {top: r.top + window.scrollY, bottom: r.bottom + window.scrollY, left: r.left,
          right: r.right}; }"""
CHART_TEXT = """chart => [...chart.querySelectorAll('svg text')]
  .filter(t => t.textContent.trim())
  .map(t => ({text: t.textContent.trim(), px: t.getBoundingClientRect().height,
              size: parseFloat(getComputedStyle(t).fontSize)}))"""


def test_a_newcomer_on_a_phone_reads_the_summary_and_finds_the_first_action(new_page, axe, shots):
    page = new_page(viewport=PHONE)
    flows.start(page, shots)
    dashboard = flows.wizard(page, shots, js=True)
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    assert page.evaluate("window.scrollY") == 0
    height = PHONE["height"]

    summary = page.locator(".hl-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", level=2)).to_have_text(t("In short"))
    # the segment in words (the engine's Dutch), the strongest and weakest dimension with their
    # percentile, peer group and n, and the first thing to do
    expect(summary.locator("dd").first).to_contain_text(flows.SEGMENT_NL)
    expect(summary.locator("dd").first).to_contain_text("Uw productiviteit groeide")
    labels = summary.locator("dt")
    expect(labels).to_have_text(
        [
            t("Your growth segment"),
            t("Strongest point"),
            t("Weakest point"),
            t("The first thing to do"),
        ]
    )
    for line in summary.locator("dd").all()[1:3]:
        expect(line).to_have_text(
            re.compile(r": percentiel \d+ \(\d[\d.]* bedrijven: [^;]+(; .+)?\)$")
        )
        expect(line).to_have_text(re.compile(r"\b20\d\d\b"))  # the period: label or brackets
    first = summary.locator(".hl-summary__first")
    plan = page.locator("section[aria-labelledby=actieplan] ol > li")
    # the first action is the action plan's first step (this firm needs no help first)
    expect(first.locator("dd p").first).to_have_text(plan.first.inner_text())

    # summary first: it starts in the first screen, and the first action ends before the first
    # folded details begin, within the first two screens; every part below is folded
    folds = page.locator("main details.hl-fold")
    assert folds.count() >= 8
    assert page.locator("main details.hl-fold[open]").count() == 0
    top, action = summary.evaluate(BOX), first.evaluate(BOX)
    details = folds.first.evaluate(BOX)
    assert top["top"] < height, (top, height)
    assert action["bottom"] <= 2 * height, (action, height)
    assert action["bottom"] < details["top"], (action, details)
    assert page.locator(".hl-help-first").count() == 0
    # readable in under a minute
    words = len(summary.inner_text().split())
    assert words < WORDS_PER_MINUTE, words
    shots(page, "summary-first")
    axe(page, "result page, folded, 360px")
    assert not flows.phone_layout(page, "result page, folded")

    # the first action's link leads to where it is explained, opening its fold
    first.get_by_role("link", name=t("More about this below"), exact=True).click()
    target = page.locator(first.get_by_role("link").last.get_attribute("href"))
    expect(target).to_be_visible()
    expect(target).to_be_in_viewport()
    shots(page, "first-action-explained")

    # at 360px a figures table shows, per figure, the owner's value and percentile right below
    # its name, all within the screen's width
    flows.unfold(page, "dim-a")
    rows = page.locator("section[aria-labelledby=dim-a] table.hl-figures tbody tr")
    expect(rows).to_have_count(3)
    for row in rows.all():
        name = row.locator("th").evaluate(BOX)
        own = [cell.evaluate(BOX) for cell in row.locator("td.hl-figures__own").all()]
        assert len(own) == 2
        for cell in [name, *own]:
            assert cell["left"] >= 0 and cell["right"] <= PHONE["width"], (name, own)
        assert all(0 <= cell["top"] - name["bottom"] < 24 for cell in own), (name, own)
        assert own[0]["top"] == own[1]["top"]  # side by side
    expect(rows.first.locator("td.hl-figures__own").first).to_have_text(re.compile(r"^€ \d"))
    shots(page, "growth-table-360")

    # chart labels are at least 12px, and the chart is drawn at the phone's width (not shrunk)
    flows.unfold(page, "overzicht")
    chart = page.locator("[data-chart=chart-percentiles]")
    expect(chart.locator("svg")).to_be_visible()
    texts = chart.evaluate(CHART_TEXT)
    assert len(texts) >= 8
    small = [x for x in texts if x["size"] < 12 or x["px"] < 12]
    assert not small, small
    svg = chart.locator("svg").first
    drawn = svg.evaluate("e => e.getBoundingClientRect().width")
    assert float(svg.get_attribute("width")) == pytest.approx(drawn, abs=1)
    shots(page, "chart-360")

    flows.unfold_all(page)
    shots(page, "result-page-opened")
    axe(page, "result page, every part opened, 360px")
    assert not flows.phone_layout(page, "result page, opened")

    # feedback: the thanks are where the page lands; sent twice, saved once
    page.goto(dashboard)
    feedback = page.locator("#feedback")
    feedback.get_by_role("radio", name="4", exact=True).check()
    feedback.get_by_role("textbox").fill("Duidelijke samenvatting.")
    feedback.get_by_role("button", name=t("Send feedback"), exact=True).click()
    page.wait_for_url(f"**{dashboard}#feedback")
    thanks = page.locator("#feedback .hl-messages [role=status]")
    expect(thanks).to_have_text(t("Thank you for your feedback."))
    expect(thanks).to_be_in_viewport()
    expect(page.locator("main > .hl-messages")).to_have_count(0)  # not at the top as well
    shots(page, "feedback-thanks")
    axe(page, "result page after feedback")
    page.go_back()  # the form as it was, sent again
    page.wait_for_url(f"**{dashboard}")
    again = page.locator("#feedback")
    if not again.get_by_role("radio", name="4", exact=True).is_checked():
        again.get_by_role("radio", name="4", exact=True).check()
        again.get_by_role("textbox").fill("Duidelijke samenvatting.")
    again.get_by_role("button", name=t("Send feedback"), exact=True).click()
    page.wait_for_url(f"**{dashboard}#feedback")
    expect(page.locator("#feedback .hl-messages [role=status]")).to_be_in_viewport()
    assert Feedback.objects.count() == 1

    # sharing: the link and its confirmation are where the page lands
    page.get_by_role("button", name=t("Make a share link"), exact=True).click()
    page.wait_for_url(f"**{dashboard}#delen")
    made = page.locator("#delen .hl-messages [role=status]")
    expect(made).to_be_in_viewport()
    expect(page.locator("#delen code").first).to_be_visible()
    shots(page, "share-link-made")
    axe(page, "result page after sharing")

    axe.assert_clean()
