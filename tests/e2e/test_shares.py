"""Shares in a real browser (issue 14): a share link's reader computes the what-if with
JavaScript (finding: nothing happened) and downloads the PDF (finding: 404); an adviser sees the
owner's answer on a measure without a form to change it; the page on becoming an adviser."""

from __future__ import annotations

import pytest
from django.utils.timezone import localdate
from playwright.sync_api import expect

from hulplijn.core import assess, parse_firm
from hulplijn.web.assessments import services
from hulplijn.web.assessments.models import Assessment, Share
from hulplijn.web.guidance.models import MeasureUptake
from hulplijn.web.reference_store import reference_of
from tests.e2e import flows
from tests.e2e.conftest import PHONE
from tests.e2e.flows import t
from tests.web.factories import AdviserFactory, AssessmentFactory, UserFactory, example_firm

pytestmark = pytest.mark.e2e


def test_a_link_reader_computes_the_what_if_and_downloads_the_pdf(new_page, shots, axe):
    stored = AssessmentFactory(owner=UserFactory())
    link = services.share_link(stored)
    rows = Assessment.objects.count(), Share.objects.count()
    reader = new_page(viewport=PHONE)
    reader.goto(f"/gedeeld/{link.token}/")
    flows.unfold(reader, "wat-als")  # the result page folds the what-if (issue 14)
    form = reader.locator("#what-if-result form")
    form.get_by_label(t("FTE"), exact=True).fill("30")
    form.get_by_role("button", name=t("Calculate"), exact=True).click()
    outcome = reader.locator("#what-if-result [role=status]")
    expect(outcome).to_contain_text("in deze wat-als-berekening")
    assert reader.url.endswith(f"/gedeeld/{link.token}/")  # htmx: the page stayed
    shots(reader, "link-what-if")
    axe(reader, "shared-link dashboard with a what-if")
    text = flows.download_report(reader, shots.folder)
    assert text.strip()
    assert (Assessment.objects.count(), Share.objects.count()) == rows


def test_a_what_if_over_the_rate_is_said_in_place(new_page, settings):
    """The what-if's limit (HULPLIJN_WHAT_IF_RATE) answers 429 with its reason; with JavaScript
    htmx swaps that answer in (base.html's responseHandling), so the reader sees why instead of
    a button that does nothing."""
    settings.HULPLIJN_WHAT_IF_RATE = "1/h"
    link = services.share_link(AssessmentFactory(owner=UserFactory()))
    reader = new_page(viewport=PHONE)
    reader.goto(f"/gedeeld/{link.token}/")
    flows.unfold(reader, "wat-als")
    button = reader.locator("#what-if-result form").get_by_role("button", name=t("Calculate"))
    button.click()
    expect(reader.locator("#what-if-result [role=status]")).to_contain_text("wat-als-berekening")
    reader.locator("#what-if-result form").get_by_role("button", name=t("Calculate")).click()
    expect(reader.locator("#what-if-result")).to_contain_text(
        "er zijn in korte tijd veel berekeningen gemaakt"
    )
    assert reader.url.endswith(f"/gedeeld/{link.token}/")  # htmx: the page stayed


def test_an_adviser_reads_the_owners_answer_and_cannot_change_it(new_page, shots, axe):
    owner, adviser = UserFactory(), AdviserFactory()
    # the wizard's one extra question (issue 13): investing and borrowing open schemes to answer
    # and the schemes are judged on today, as the wizard does
    firm = {**example_firm(), "plans": ["invest", "borrow"]}
    parsed = parse_firm(firm)
    result = assess(parsed, reference_of(parsed), on=localdate())
    stored = AssessmentFactory(owner=owner, firm_input=firm, result=result)
    Share.objects.create(assessment=stored, adviser=adviser, label="Bakkerij De Vries")
    measure = next(m["id"] for m in stored.result["schemes"] if m["invites_application"])
    MeasureUptake.objects.create(assessment=stored, measure=measure, status="intend")
    page = new_page()
    flows.log_in(page, adviser.email, "/account/")
    expect(page.get_by_role("link", name="Bakkerij De Vries", exact=True)).to_be_visible()
    page.get_by_role("link", name="Bakkerij De Vries", exact=True).click()
    item = page.locator(f"#regeling-{measure}")
    expect(item).to_contain_text(t("The owner's answer:"))
    expect(item.get_by_role("button")).to_have_count(0)
    shots(page, "adviser-dashboard")
    axe(page, "adviser dashboard")
    assert MeasureUptake.objects.get().status == "intend"


def test_the_page_on_becoming_an_adviser(new_page, shots, axe):
    user = UserFactory()
    page = new_page(viewport=PHONE)
    page.goto("/")
    page.get_by_role("link", name=t("How to become an adviser"), exact=True).click()
    expect(page.locator("h1")).to_have_text(t("Become an adviser"))
    axe(page, "become an adviser (anonymous)")
    flows.log_in(page, user.email, "/account/")
    page.get_by_role("link", name=t("How to become an adviser"), exact=True).click()
    page.get_by_label(t("KvK number of the office"), exact=True).fill("0012345")
    page.get_by_label("Naam van het kantoor", exact=True).fill("Cijfers & Co")
    page.get_by_role("button", name=t("Ask for an adviser account"), exact=True).click()
    expect(page.locator("#fouten")).to_be_visible()
    shots(page, "adviser-request-errors")
    axe(page, "become an adviser with errors")
    page.get_by_label(t("KvK number of the office"), exact=True).fill("12345678")
    page.get_by_role("button", name=t("Ask for an adviser account"), exact=True).click()
    pending = page.get_by_role("status").filter(has_text="Uw aanvraag van")
    expect(pending).to_contain_text("wacht op goedkeuring")
    shots(page, "adviser-request-pending")
    axe(page, "become an adviser, pending")
