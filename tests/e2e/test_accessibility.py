"""axe-core (vendored, tests/vendor/axe-core) finds no WCAG 2.1 A/AA violations on our pages.

Django's admin (/beheer/, HULPLIJN_ADMIN_PATH) is left out on purpose: it is Django's own page,
not ours.
The plain 500 page (templates/500.html) is static HTML that cannot be reached without breaking
the server; it is not checked here.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from hulplijn.web import reference_store
from tests.e2e import flows
from tests.e2e.flows import t
from tests.web.factories import AdviserFactory

pytestmark = pytest.mark.e2e


def test_every_page_of_the_newcomer_path(new_page, axe, shots):
    page = new_page()
    flows.start(page, shots, check=axe)  # landing

    page.goto("/privacy/")
    shots(page, "privacy")
    axe(page, "privacy")

    # a step showing validation errors: Next without any answer
    page.goto("/zelfdiagnose/")
    flows.next_step(page)
    expect(page.locator("#fouten")).to_be_visible()
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()
    shots(page, "step-sector-errors")
    axe(page, "step sector with validation errors")

    dashboard = flows.wizard(page, shots, check=axe)  # every step and the review
    flows.dashboard_dutch(page, shots, js=True, check=axe)  # after the charts are drawn

    # the shared-link dashboard, opened by someone else (own browser context)
    page.get_by_role("button", name=t("Make a share link"), exact=True).click()
    page.wait_for_url(f"**{dashboard}#delen")
    link = page.locator("#delen code").first.inner_text().strip()
    shots(page, "dashboard-shared")
    axe(page, "dashboard with a share link")
    reader = new_page()
    reader.goto(link)
    flows.unfold(reader, "overzicht")  # the chart is drawn when its part is opened
    expect(reader.locator("[data-chart=chart-percentiles] svg").first).to_be_visible()
    shots(reader, "shared-link-dashboard")
    axe(reader, "shared-link dashboard")
    reader.locator("header").get_by_role("button", name="English", exact=True).click()
    expect(reader.locator("html")).to_have_attribute("lang", "en")
    flows.unfold(reader, "overzicht")
    expect(reader.locator("[data-chart=chart-percentiles] svg").first).to_be_visible()
    shots(reader, "shared-link-dashboard-en")
    axe(reader, "shared-link dashboard in English")

    page.goto(f"{dashboard}verwijderen/")
    shots(page, "delete-confirmation")
    axe(page, "delete confirmation")
    page.goto(dashboard)

    flows.register(page, "toegankelijk@example.nl", shots, check=axe, language="nl")
    flows.overview_lists(page, dashboard, shots, check=axe)

    # log out; then, in a browser the account never used, log in with a wrong password until
    # that browser is held back (the owner's own browser never is: devices.py)
    page.locator("header").get_by_role("button", name=t("Log out"), exact=True).click()
    page.wait_for_url("**/")
    page = new_page()
    page.goto("/account/login/")
    shots(page, "login")
    axe(page, "login")
    held_back = t("Too many failed login attempts. Try again later.")
    for attempt in range(1, 8):
        page.get_by_label(t("Email"), exact=True).fill("toegankelijk@example.nl")
        page.get_by_label(t("Password"), exact=True).fill("niet-het-goede-wachtwoord")
        page.locator("main").get_by_role("button", name=t("Log in"), exact=True).click()
        page.wait_for_load_state()
        expect(page.locator("#fouten")).to_be_visible()
        if attempt == 1:
            shots(page, "login-error")
            axe(page, "login with an error")
        if page.locator("#fouten").get_by_text(held_back).count():
            break
    expect(page.locator("#fouten")).to_contain_text(held_back)
    shots(page, "login-held-back")
    axe(page, "login held back")

    axe.assert_clean()


def test_error_pages(new_page, axe, shots, settings, tmp_path):
    page = new_page()
    page.goto("/beoordeling/00000000-0000-0000-0000-000000000000/")
    expect(page.locator("h1")).to_have_text(t("Page not found"))
    shots(page, "not-found")
    axe(page, "404")

    settings.HULPLIJN_REFERENCE_DIR = tmp_path  # no artifact there
    reference_store.clear()
    response = page.goto("/zelfdiagnose/")
    assert response.status == 503
    shots(page, "reference-missing")
    axe(page, "503 reference missing")

    axe.assert_clean()


def _luminance(css_color: str) -> float:
    r, g, b = (int(float(v)) / 255 for v in re.findall(r"[\d.]+", css_color)[:3])
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


FOCUSED = """() => {
  const e = document.activeElement, s = getComputedStyle(e), r = e.getBoundingClientRect();
  const header = e.closest('header');
  return {name: (e.textContent || '').trim() || e.tagName, outline: s.outlineStyle,
          width: parseFloat(s.outlineWidth), color: s.outlineColor,
          background: header ? getComputedStyle(header).backgroundColor : null,
          top: r.top, bottom: r.bottom, height: r.height,
          skip: e.classList.contains('nl-skip-link')};
}"""


def test_keyboard_focus_is_visible_in_the_header(page, shots):
    """WCAG 2.4.7 and 1.4.11: the skip link appears on focus, and every control on the dark
    header shows a focus ring with at least 3:1 contrast against the header."""
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.evaluate(FOCUSED)
    assert skip["skip"] and skip["top"] >= 0 and skip["height"] > 0, skip
    shots(page, "skip-link-focused")
    problems, seen = [], []
    for _ in range(6):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["background"] is None:
            break
        seen.append(focused["name"])
        ring = focused["outline"] != "none" and focused["width"] >= 1
        if not ring or _contrast(focused["color"], focused["background"]) < 3:
            problems.append(
                f"{focused['name']}: outline {focused['outline']} {focused['width']}px "
                f"{focused['color']} on {focused['background']}"
            )
    shots(page, "header-focus")
    assert len(seen) >= 4, seen  # brand, two menu links, the language button
    assert not problems, "focus not visible on the header:\n" + "\n".join(problems)


LANDMARK_NAMES = """() => [...document.querySelectorAll('main section[aria-labelledby]')]
  .filter(s => { const h = document.getElementById(s.getAttribute('aria-labelledby'));
                 return !h || h === s || !/^H[1-6]$/.test(h.tagName) || !s.contains(h); })
  .map(s => s.outerHTML.slice(0, 90))"""


def test_guidance_pages(new_page, axe, shots):
    """The mini-survey (empty, and with validation errors) and the dashboard with its answers;
    every section there is named by its own heading (not by itself: aria-labelledby pointing at
    the section would read out the whole section as its name)."""
    page = new_page()
    flows.start(page, shots)
    dashboard = flows.wizard(page, shots)
    flows.measures(page, shots, check=axe)
    flows.open_first_survey(page, shots, check=axe)
    flows.survey_with_a_missing_answer(page, shots, check=axe)
    scores = flows.survey_answered(page, shots)
    assert flows.path_of(page) == dashboard
    flows.survey_results(page, scores, shots, check=axe)
    unnamed = page.evaluate(LANDMARK_NAMES)
    assert not unnamed, "sections not named by a heading inside them:\n" + "\n".join(unnamed)
    surveys = page.get_by_role("region", name=t("Three short surveys: where can you improve?"))
    expect(surveys).to_have_attribute("id", "vragenlijsten")

    # the same in English, where the survey's questions and answers come from the reference data
    page.locator("header").get_by_role("button", name="English", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    shots(page, "dashboard-survey-results-en")
    axe(page, "dashboard after a survey, in English")
    page.locator("#vragenlijsten").get_by_role(
        "link", name=t("Change your answers", "en"), exact=True
    ).click()
    page.wait_for_url(f"**/vragenlijst/{flows.first_survey().code}/")
    expect(page.locator("h1")).to_have_text(flows.first_survey().title_en)
    shots(page, "survey-en")
    axe(page, "survey, in English")

    axe.assert_clean()


def test_intake_pages(new_page, axe, shots, tmp_path):
    """The annual-accounts page (empty, with an error, with found figures), the statements page
    (empty and with buffer days), the solvency step it fills in, the dashboard with the register's
    flags, and the adviser's batch page (empty and with a report)."""
    flows.intake_round_and_register()
    page = new_page()
    flows.start(page, shots)
    page.goto("/zelfdiagnose/jaarrekening/")
    xxe = tmp_path / "jaarrekening.xbrl"
    xxe.write_bytes(flows.XXE)
    flows.upload_refused(page, flows.annual_accounts_file(page), xxe, re.compile(r"\S"), "id_file")
    shots(page, "annual-accounts-error")
    axe(page, "annual accounts with an error")
    page.goto("/zelfdiagnose/")
    flows.wizard_with_intake(page, shots, check=axe)
    flows.dashboard_verification(page, shots, check=axe)

    adviser = AdviserFactory()
    batch = new_page()
    flows.log_in(batch, adviser.email, "/adviseur/batch/")
    flows.batch_page(batch, shots, check=axe)
    flows.batch_report(batch, shots, check=axe)

    axe.assert_clean()
