"""The newcomer's path through the site, as steps the browser tests share.

Fields are found by their visible labels and buttons by their names, both read from the forms and
the catalogue the server itself uses (``t``), so the steps keep working while the Dutch catalogue
is being translated. Dutch text is asserted only where the engine supplies it (segment labels).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

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
    expect(page.locator("section[aria-labelledby=dim-a] h3")).to_contain_text(SEGMENT_NL)
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


# --- guidance: government measures, mini-surveys, the PDF report -------------------------------
# Measure sentences, survey questions and answers, theme names and programme names come from the
# engine and the reference data (hulplijn.core, hulplijn.reference), not from a catalogue, so they
# are asserted in Dutch; headings, badges and buttons are looked up through ``t``.

ELIGIBLE_NL = "U komt in aanmerking omdat"  # hulplijn.core.eligibility.sentence
MEASURE_ORDER = ("eligible", "unknown", "not_eligible", "not_applicable")
SURVEYS_URL = re.compile(r"/beoordeling/[0-9a-f-]{36}/#vragenlijsten$")
WEAK_THEME = "goal_setting"  # answered low in the survey flows, so it becomes a point to improve


def first_survey():
    from hulplijn.reference import params

    return params.surveys()[0]


def theme_name(code: str) -> str:
    """A survey theme's Dutch name, as the dashboard and the report show it."""
    from hulplijn.reference import params

    return next(
        theme["name"]
        for area in params.best_practices()["areas"]
        for theme in area["themes"]
        if theme["code"] == code
    )


def number_nl(value: float, decimals: int = 1) -> str:
    """``value`` as the templates print it with ``floatformat`` in Dutch (3,5)."""
    from django.template.defaultfilters import floatformat

    with translation.override("nl"):
        return str(floatformat(value, decimals))


def measures(page: Page, shots, check: Check = no_check) -> None:
    """The dashboard's government measures: at least one suits the firm, with its reason; those
    that do not apply are marked so and listed after the others in their programme."""
    section = page.get_by_role("region", name=t("Government measures"), exact=True)
    expect(section).to_be_visible()
    suits = section.locator(".hl-measure--eligible")
    expect(suits.first).to_be_visible()
    expect(suits.first.locator(".hl-badge")).to_have_text(t("suits you"))
    expect(suits.first.locator("p").first).to_have_text(re.compile(rf"^{ELIGIBLE_NL} \S"))
    apart = section.locator(".hl-measure--not_applicable")
    expect(apart.first).to_be_attached()
    expect(apart.first.locator(".hl-badge")).to_have_text(t("not applicable"))
    # the sentence is the measure's own note on why no firm applies for it
    expect(apart.first.locator("p").first).to_have_text(re.compile(r"^\S.*\.$"))
    statuses = section.locator("ul.hl-measures").evaluate_all(
        """lists => lists.map(list => [...list.children].map(item =>
             [...item.classList].find(c => c.startsWith('hl-measure--')).slice(12)))"""
    )
    for group in statuses:
        assert group == sorted(group, key=MEASURE_ORDER.index), statuses
    apart.first.scroll_into_view_if_needed()
    shots(page, "dashboard-measures")
    check(page, "dashboard with measures")


def open_first_survey(page: Page, shots, check: Check = no_check) -> None:
    """From the dashboard's survey section to the first mini-survey, not yet answered."""
    from hulplijn.reference import params

    survey = first_survey()
    links = page.locator("#vragenlijsten").get_by_role(
        "link", name=t("Fill in this survey"), exact=True
    )
    expect(links).to_have_count(len(params.surveys()))
    links.first.click()
    page.wait_for_url(f"**/vragenlijst/{survey.code}/")
    expect(page.locator("h1")).to_have_text(survey.title)
    expect(page.locator("main fieldset")).to_have_count(len(survey.questions))
    expect(page.locator("main input[type=radio]:checked")).to_have_count(0)
    expect(page.locator("#fouten")).to_have_count(0)
    shots(page, "survey-empty")
    check(page, "survey")


def answer(page: Page, question, score: int) -> None:
    label = next(a.label for a in question.anchors if a.score == score)
    group = page.get_by_role("group", name=question.text, exact=True)
    group.get_by_role("radio", name=label, exact=True).check()


def save_survey(page: Page) -> None:
    page.get_by_role("button", name=t("Save my answers"), exact=True).click()


def survey_with_a_missing_answer(page: Page, shots, check: Check = no_check) -> None:
    """Answer all but the last question and save: the page comes back with the answers kept, an
    error at the missing question and a summary linking to it."""
    survey = first_survey()
    survey_path = path_of(page)
    *answered, missing = survey.questions
    for question in answered:
        answer(page, question, 3)
    save_survey(page)
    summary = page.locator("#fouten")
    expect(summary).to_be_visible()
    assert path_of(page) == survey_path
    expect(summary.get_by_role("heading")).to_have_text(t("Please check these fields"))
    link = summary.get_by_role("link")
    expect(link).to_have_count(1)
    expect(link).to_have_text(f"{missing.text} – {t('Please choose one answer.')}")
    error = page.locator(f"#id_{missing.code}_error")
    expect(error).to_have_text(t("Please choose one answer."))
    group = page.get_by_role("group", name=missing.text, exact=True)
    expect(group).to_contain_text(t("Please choose one answer."))
    # a screen reader announces the error with the question (the fieldset's description)
    expect(group).to_have_accessible_description(t("Please choose one answer."))
    expect(group.get_by_role("radio").first).to_have_attribute("aria-invalid", "true")
    # the summary's link leads to the question: its target is the question's first answer
    target = page.locator(link.get_attribute("href"))
    expect(target).to_have_count(1)
    expect(group.get_by_role("radio").first).to_have_id(target.get_attribute("id"))
    # the answers given are kept, the missing one is still open
    expect(page.locator("main input[type=radio]:checked")).to_have_count(len(answered))
    expect(group.locator("input[type=radio]:checked")).to_have_count(0)
    expect(page.locator("[aria-invalid=true]")).to_have_count(len(missing.anchors))
    shots(page, "survey-errors")
    check(page, "survey with validation errors")


def survey_answered(page: Page, shots, check: Check = no_check) -> dict[str, int]:
    """Answer every question: low (2) for ``WEAK_THEME``, 4 elsewhere; save and return to the
    dashboard. Returns the score per theme."""
    survey = first_survey()
    scores = {theme: 4 for theme in survey.themes} | {WEAK_THEME: 2}
    for question in survey.questions:
        answer(page, question, scores[question.theme])
    expect(page.locator("main input[type=radio]:checked")).to_have_count(len(survey.questions))
    shots(page, "survey-filled")
    check(page, "survey filled in")
    save_survey(page)
    page.wait_for_url(SURVEYS_URL)
    expect(page.locator(".hl-messages [role=status]")).to_contain_text(
        t("Your answers have been saved.")
    )
    return scores


def survey_results(page: Page, scores: dict[str, int], shots, check: Check = no_check) -> None:
    """The dashboard after the first survey: its scores per theme, the point to improve and the
    programmes for it; the other surveys are still open."""
    from hulplijn.reference import params

    survey = first_survey()
    block = page.locator(".hl-survey").filter(
        has=page.get_by_role("heading", name=survey.title, exact=True)
    )
    expect(block).to_have_count(1)
    table = block.get_by_role("table")
    area = sum(scores.values()) / len(scores)
    expect(table.locator("caption")).to_contain_text(number_nl(area))
    expect(table.get_by_role("columnheader").first).to_have_text(t("Theme"))
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(len(survey.themes))
    for theme in survey.themes:
        row = rows.filter(has=page.get_by_role("rowheader", name=theme_name(theme)))
        expect(row).to_have_count(1)
        expect(row.locator("td").first).to_have_text(number_nl(scores[theme]))
        improve = row.get_by_text(f"({t('point to improve')})", exact=True)
        expect(improve).to_have_count(1 if theme == WEAK_THEME else 0)
    programmes = block.locator("ul a[href^='http']")
    expect(programmes.first).to_be_visible()
    assert programmes.count() <= params.survey_scoring().max_recommendations
    expect(block.get_by_role("link", name=t("Change your answers"), exact=True)).to_be_visible()
    others = page.locator("#vragenlijsten").get_by_role(
        "link", name=t("Fill in this survey"), exact=True
    )
    expect(others).to_have_count(len(params.surveys()) - 1)
    block.scroll_into_view_if_needed()
    shots(page, "dashboard-survey-results")
    check(page, "dashboard after a survey")


def download_report(page: Page, folder) -> str:
    """Download the PDF from the dashboard's link, save it as ``folder``/report.pdf and return
    its text (pdftotext, poppler-utils)."""
    import shutil
    import subprocess

    assert shutil.which("pdftotext"), "pdftotext is missing: install poppler-utils"
    link = page.get_by_role("link", name=t("Download the report (PDF)"), exact=True)
    with page.expect_download(timeout=60_000) as started:
        link.click()
    download = started.value
    assert download.failure() is None, download.failure()
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    pdf = folder / "report.pdf"
    download.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def horizontal_overflow(page: Page, name: str) -> str | None:
    """None when the page does not scroll sideways; else which elements stick out (those inside a
    scrolling container, such as a wide table's, are not counted)."""
    width = page.evaluate(
        "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    if width["scroll"] <= width["inner"]:
        return None
    wide = page.evaluate(
        """() => {
          const scrolls = e => { for (let p = e.parentElement; p; p = p.parentElement) {
            if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true;
          } return false; };
          return [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5 && !scrolls(e))
            .slice(0, 5)
            .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                      + (typeof e.className === 'string' && e.className.trim()
                         ? '.' + e.className.trim().split(/\\s+/).join('.') : ''));
        }"""
    )
    return f"{name}: scrollWidth {width['scroll']} > {width['inner']}: {wide}"


def phone_layout(page: Page, name: str) -> list[str]:
    """What does not fit a phone: sideways scrolling, a heading smaller than the level below it,
    a table caption that runs off the visible width (its table may scroll, its caption must not)."""
    problems = [p for p in [horizontal_overflow(page, name)] if p]
    sizes = page.evaluate(
        """() => [1, 2, 3, 4].map(n => [...document.querySelectorAll('main h' + n)]
             .filter(h => h.getClientRects().length)
             .map(h => parseFloat(getComputedStyle(h).fontSize)))"""
    )
    for level, (higher, lower) in enumerate(pairwise(sizes), 1):
        if higher and lower and min(higher) < max(lower):
            problems.append(
                f"{name}: h{level} {min(higher)}px is smaller than h{level + 1} {max(lower)}px"
            )
    captions = page.evaluate(
        """() => [...document.querySelectorAll('main caption')]
             .filter(c => c.getBoundingClientRect().right > window.innerWidth + 0.5)
             .map(c => c.textContent.trim().slice(0, 40))"""
    )
    if captions:
        problems.append(f"{name}: captions run off the screen: {captions}")
    return problems
