"""The newcomer's path through the site, as steps the browser tests share.

Fields are found by their visible labels and buttons by their names, both read from the forms and
the catalogue the server itself uses (``t``), so the steps keep working while the Dutch catalogue
is being translated. Dutch text is asserted only where the engine supplies it (segment labels).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django import forms
from django.utils import translation
from playwright.sync_api import Page, expect

from hulplijn.web.assessments.models import AssessmentRound
from hulplijn.web.assessments.steps import BY_SLUG, SLUGS
from tests.web.conftest import EXAMPLE_STEPS
from tests.web.factories import PASSWORD

DASHBOARD_URL = re.compile(r"/beoordeling/(?P<pk>[0-9a-f-]{36})/$")
SEGMENT_NL = "Versnellen & uitbreiden"  # from the engine (hulplijn.core.segment), not a catalogue
SEGMENT_EN = "Accelerate & expand"

Check = Callable[[Page, str], object]  # called on every page reached: (page, name)


def t(msgid: str, language: str = "nl") -> str:
    """``msgid`` as the server shows it in ``language`` right now (same process, same catalogue)."""
    with translation.override(language):
        return translation.gettext(msgid)


def no_check(page: Page, name: str) -> None:
    return None


def path_of(page: Page) -> str:
    """The path (and query) of the page's URL, without host and fragment."""
    return re.sub(r"^https?://[^/]+|#.*$", "", page.url)


def labels(slug: str, language: str = "nl") -> dict[str, tuple[str, forms.Widget]]:
    """Each field of a wizard step: its visible label and widget, as the server renders them."""
    with translation.override(language):
        form = BY_SLUG[slug].form(round=AssessmentRound.current())
        return {name: (str(field.label), field.widget) for name, field in form.fields.items()}


def fill_step(page: Page, slug: str, data: dict[str, str], language: str = "nl") -> None:
    """Type ``data`` into the step's visible fields, found by their labels."""
    fields = labels(slug, language)
    for name, value in data.items():
        label, widget = fields[name]
        control = page.get_by_label(label, exact=True)
        if isinstance(widget, forms.CheckboxInput):
            control.set_checked(value == "on")
        elif isinstance(widget, forms.Select):
            control.select_option(value)
        else:
            control.fill(value)


def search_sector(page: Page, query: str, js: bool, language: str = "nl") -> None:
    """Narrow the sector list: with JavaScript htmx filters it while typing; without, the
    Search button reloads the step with the matches."""
    page.get_by_label(t("Search your sector", language), exact=True).fill(query)
    if js:
        # wait for htmx to swap in the filtered list before choosing from it
        expect(page.locator("#id_sbi option")).to_have_count(2)
    else:
        page.get_by_role("button", name=t("Search", language), exact=True).click()
        page.wait_for_url(f"**/zelfdiagnose/sector/?q={query}")
        expect(page.locator("#id_sbi option")).to_have_count(2)


def next_step(page: Page, language: str = "nl") -> None:
    page.get_by_role("button", name=t("Next", language), exact=True).click()


def start(page: Page, shots, check: Check = no_check) -> None:
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    shots(page, "landing")
    check(page, "landing")
    page.locator(".hl-hero").get_by_role(
        "link", name=t("Start the self-assessment"), exact=True
    ).click()
    page.wait_for_url("**/zelfdiagnose/sector/")


def wizard(page: Page, shots, js: bool = True, check: Check = no_check) -> str:
    """From the first step to the dashboard with the report's example firm; returns the path."""
    for slug, data in EXAMPLE_STEPS.items():
        expect(page).to_have_url(re.compile(rf"/zelfdiagnose/{slug}/"))
        expect(page.locator("[aria-current=step]")).to_have_count(1)
        if slug == "sector":
            search_sector(page, data["sbi"], js)
        fill_step(page, slug, data)
        shots(page, f"step-{slug}")
        check(page, f"step {slug}")
        next_step(page)
        following = SLUGS[SLUGS.index(slug) + 1]
        page.wait_for_url(f"**/zelfdiagnose/{following}/")
    # the review lists every answer before the calculation
    expect(page.locator(".hl-review-step")).to_have_count(len(EXAMPLE_STEPS))
    expect(page.locator("main")).to_contain_text("909.000")
    shots(page, "review")
    check(page, "review")
    page.get_by_role("button", name=t("Calculate my outcome"), exact=True).click()
    page.wait_for_url(DASHBOARD_URL)
    return path_of(page)


def dashboard_dutch(page: Page, shots, js: bool = True, check: Check = no_check) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator(".hl-matrix__cell--current")).to_contain_text(SEGMENT_NL)
    expect(page.locator("main h3")).to_contain_text(SEGMENT_NL)
    expect(page.locator("table.hl-figures").first).to_be_visible()
    if js:
        for chart in ("chart-percentiles", "chart-segment"):
            expect(page.locator(f"[data-chart={chart}] svg").first).to_be_visible()
        expect(
            page.locator("[data-chart] svg .mark-rect path, [data-chart] svg .mark-rect").first
        ).to_be_attached()
    else:
        expect(page.locator("[data-chart] svg")).to_have_count(0)
    shots(page, "dashboard-nl")
    check(page, "dashboard")


def to_english(page: Page, shots, check: Check = no_check) -> None:
    dashboard = path_of(page)
    switch = page.locator("header").get_by_role("button", name="English", exact=True)
    expect(switch).to_have_attribute("lang", "en")  # read out in English by screen readers
    switch.click()
    page.wait_for_url(f"**{dashboard}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".hl-matrix__cell--current")).to_contain_text(SEGMENT_EN)
    expect(page.locator("main")).not_to_contain_text(SEGMENT_NL)
    shots(page, "dashboard-en")
    check(page, "dashboard (English)")


def register(page: Page, email: str, shots, check: Check = no_check, language: str = "en") -> None:
    """From the dashboard's invitation to the registration form, and make the account."""
    page.get_by_role("link", name=t("Make an account to save it", language), exact=True).click()
    page.wait_for_url("**/account/registreren/")
    shots(page, "register")
    check(page, "register")
    page.get_by_label(t("E-mail address", language), exact=True).fill(email)
    page.get_by_label(t("Password", language), exact=True).fill(PASSWORD)
    page.get_by_label(t("Password again", language), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=t("Make account", language), exact=True).click()
    page.wait_for_url("**/account/")


def overview_lists(page: Page, dashboard: str, shots, check: Check = no_check) -> None:
    """The account overview lists the assessment; open it from there."""
    expect(page.locator("h1")).to_have_count(1)
    link = page.locator(f"main table a[href='{dashboard}']")
    expect(link).to_have_count(1)
    shots(page, "account-overview")
    check(page, "account overview")
    link.click()
    page.wait_for_url(f"**{dashboard}")
    expect(page.locator(".hl-matrix__cell--current")).to_be_visible()
    shots(page, "dashboard-from-account")
