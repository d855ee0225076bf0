"""Coming back (issue #14) in Chromium on a 360 px phone, in Dutch: the next assessment filled in
from the last, the trend across rounds, the reminder choice, the unsubscribe page and "Over ons /
contact"; every page axe-core clean and without sideways scrolling."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hulplijn.web.assessments.models import AssessmentRound
from hulplijn.web.reminders import services as reminders
from hulplijn.web.reminders.models import ReminderSettings
from tests.e2e import flows
from tests.e2e.conftest import PHONE
from tests.e2e.flows import t
from tests.web.factories import AssessmentFactory, UserFactory

pytestmark = pytest.mark.e2e


def test_coming_back_on_a_phone(new_page, axe, shots, settings):
    settings.HULPLIJN_CONTACT_ORGANISATION = "Stichting Ondernemershulp"
    settings.HULPLIJN_CONTACT_PHONE = "030 123 45 67"
    settings.HULPLIJN_CONTACT_HOURS = "werkdagen 9.00 tot 17.00 uur"
    user = UserFactory()
    report_round = AssessmentRound.objects.get(year_1=2016)
    AssessmentFactory(owner=user, session_key="", round=report_round)
    later = AssessmentRound.objects.create(
        name="Herhaling", year_1=2016, year_2=2018, moment_1="2020-02", moment_2="2020-07"
    )
    AssessmentFactory(owner=user, session_key="", round=later, gross_margins=(909_000, 1_100_000))
    page = new_page(viewport=PHONE)
    problems: list[str] = []

    # every page's footer leads to a person
    page.goto("/")
    page.locator("footer").get_by_role("link", name=t("About us and contact")).click()
    expect(page.locator("h1")).to_have_text(t("About us and contact"))
    expect(page.get_by_role("link", name="030 123 45 67")).to_be_visible()
    shots(page, "about")
    axe(page, "about us")
    problems += flows.phone_layout(page, "about us")

    flows.log_in(page, user.email, "/account/")
    # the trend, from the account overview
    page.get_by_role("link", name=t("Every dimension per round: your development")).click()
    expect(page.locator("h1")).to_have_text(t("Your development across rounds"))
    expect(page.locator("#trend-growth ~ div table tbody tr")).to_have_count(8)
    shots(page, "trend")
    axe(page, "trend")
    problems += flows.phone_layout(page, "trend")

    # the reminder choice: off, then on
    page.goto("/account/")
    box = page.get_by_label(t("E-mail me when a new round opens"))
    expect(box).not_to_be_checked()
    box.check()
    page.get_by_role("button", name=t("Save my choice")).click()
    expect(page.get_by_label(t("E-mail me when a new round opens"))).to_be_checked()
    assert ReminderSettings.objects.get(user=user).new_round
    shots(page, "overview-reminders")
    axe(page, "account overview with reminders")
    problems += flows.phone_layout(page, "account overview")

    # the next assessment starts filled in, and says so
    page.goto("/zelfdiagnose/sector/")
    expect(page.get_by_label(t("Working persons"))).to_have_value("60")
    expect(page.locator(".hl-carried")).to_be_visible()
    shots(page, "sector-filled-in")
    axe(page, "sector step filled in from the last assessment")
    problems += flows.phone_layout(page, "sector step filled in")

    # the unsubscribe link of a reminder, in a browser without the login
    stranger = new_page(viewport=PHONE)
    stranger.goto(f"/account/herinneringen/afmelden/{reminders.token(user.pk)}/")
    axe(stranger, "unsubscribe")
    stranger.get_by_role("button", name=t("Stop all reminders")).click()
    done = (
        "You will receive no more e-mail reminders from the mkb-hulplijn. "
        "You can turn them on again in your account."
    )
    expect(stranger.get_by_role("status")).to_contain_text(t(done))
    shots(stranger, "unsubscribed")
    axe(stranger, "unsubscribed")
    assert not ReminderSettings.objects.get(user=user).new_round

    assert problems == []
    axe.assert_clean()
