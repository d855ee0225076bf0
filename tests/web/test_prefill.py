"""Coming back (issue #14): "A second assessment starts empty and survey answers are not carried
over." The next assessment is filled in from the owner's last one: sector and size always,
figures only for the calendar years and moments the new round asks for, to be checked on every
step; survey answers are copied to the new assessment."""

from __future__ import annotations

import re

import pytest

from hulplijn.reference import params
from hulplijn.web.assessments.models import Assessment, AssessmentRound, Draft
from hulplijn.web.guidance.models import SurveyResponse
from tests.web.conftest import EXAMPLE_STEPS, complete_wizard
from tests.web.factories import AdviserFactory, AssessmentFactory, UserFactory

pytestmark = pytest.mark.django_db

SURVEY = params.surveys()[0]


def value_of(html: str, name: str) -> str | None:
    """The value a text box ``name`` shows (None: no value attribute)."""
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert tag, name
    found = re.search(r'value="([^"]*)"', tag.group(0))
    return found.group(1) if found else None


def selected_sbi(html: str) -> str | None:
    select = html[html.index('name="sbi"') :]
    found = re.search(r'<option value="(\d+)"[^>]*selected', select[: select.index("</select>")])
    return found.group(1) if found else None


def owner_with_one_assessment(client):
    """An owner logged in with one stored assessment of the report's example firm (the wizard's
    EXAMPLE_STEPS) in the report's round."""
    user = UserFactory()
    client.force_login(user)
    AssessmentFactory(owner=user, session_key="")
    return user


def a_new_round(**fields) -> AssessmentRound:
    """A round opened after the owner's assessment: the newest open one, new drafts use it."""
    values = {"name": "Nieuwe ronde", "year_1": 2018, "year_2": 2019, "moment_1": "2020-07"}
    return AssessmentRound.objects.create(**{**values, **fields})


def test_a_second_assessment_starts_from_the_last_one_not_empty(client):
    owner_with_one_assessment(client)
    html = client.get("/zelfdiagnose/sector/").content.decode()
    # before #14: an empty form
    assert selected_sbi(html) == "47"
    assert value_of(html, "working_persons") == "60"
    assert "Controleer elk antwoord" in html
    # nothing is the owner's answer until they submit the step
    draft = Draft.objects.filter(owner__isnull=False).first()
    assert draft is None or "sector" not in draft.data.get("raw", {})
    client.post("/zelfdiagnose/sector/", {"sbi": "47", "working_persons": "60", "action": "next"})
    html = client.get("/zelfdiagnose/resultaten/").content.decode()
    assert value_of(html, "gross_margin_1") == "909000"
    assert value_of(html, "wage_costs_2") == "348740"
    assert value_of(html, "fte_2") == "58"
    assert "De cijfers van 2016 en 2018 komen uit uw zelfdiagnose van" in html
    html = client.get("/zelfdiagnose/solvabiliteit/").content.decode()
    assert value_of(html, "equity") == "520000"


def test_figures_carry_over_only_for_the_same_calendar_years_and_moments(client):
    owner_with_one_assessment(client)  # 2016 and 2018, February and July 2020
    a_new_round()  # 2018 and 2019, July 2020
    client.post("/zelfdiagnose/sector/", {"sbi": "47", "working_persons": "60", "action": "next"})
    draft = Draft.objects.get()
    assert draft.round.years == (2018, 2019)
    html = client.get("/zelfdiagnose/resultaten/").content.decode()
    # 2018 moves from the old round's second fields to the new round's first
    assert value_of(html, "gross_margin_1") == "965000"
    assert value_of(html, "fte_1") == "58"
    # 2019 was not asked before: empty, and the page says so
    assert value_of(html, "gross_margin_2") in (None, "")
    assert "Uw vorige zelfdiagnose heeft geen cijfers van 2019" in html
    html = client.get("/zelfdiagnose/liquiditeit/").content.decode()
    assert value_of(html, "cash_1") == "95000"  # July 2020, not February's 150000
    html = client.get("/zelfdiagnose/solvabiliteit/").content.decode()
    assert value_of(html, "equity") in (None, "")
    assert "andere jaren" in html


def test_a_round_without_any_of_the_years_carries_no_figures(client):
    owner_with_one_assessment(client)
    a_new_round(year_1=2024, year_2=2025, moment_1="2025-06")
    html = client.get("/zelfdiagnose/sector/").content.decode()
    assert selected_sbi(html) == "47"
    assert "Resultaten van 2024 en 2025: niet in uw vorige zelfdiagnose" in html
    assert "cijfers van andere jaren schuiven we nooit door" in html
    client.post("/zelfdiagnose/sector/", {"sbi": "47", "working_persons": "60", "action": "next"})
    html = client.get("/zelfdiagnose/resultaten/").content.decode()
    assert all(value_of(html, f"gross_margin_{i}") in (None, "") for i in (1, 2))


def test_choosing_another_round_moves_the_figures_with_their_years(client):
    owner_with_one_assessment(client)
    report_round = AssessmentRound.objects.get(year_1=2016)
    a_new_round()
    # the owner chooses the report's round on the first step
    client.post(
        "/zelfdiagnose/sector/",
        {"round": report_round.pk, "sbi": "47", "working_persons": "60", "action": "next"},
    )
    html = client.get("/zelfdiagnose/resultaten/").content.decode()
    assert value_of(html, "gross_margin_1") == "909000"
    assert value_of(html, "gross_margin_2") == "965000"


def test_what_the_owner_typed_wins_over_the_carried_figures(client):
    owner_with_one_assessment(client)
    client.post("/zelfdiagnose/sector/", {"sbi": "47", "working_persons": "60", "action": "next"})
    typed = {**EXAMPLE_STEPS["resultaten"], "gross_margin_2": "1.000.000", "action": "back"}
    client.post("/zelfdiagnose/resultaten/", typed)
    html = client.get("/zelfdiagnose/resultaten/").content.decode()
    assert value_of(html, "gross_margin_2") == "1.000.000"
    assert "komen uit uw zelfdiagnose" not in html


def test_plans_consent_and_guess_are_asked_again(client):
    owner_with_one_assessment(client)
    client.post("/zelfdiagnose/sector/", {"sbi": "47", "working_persons": "60", "action": "next"})
    for step, name in (("toestemming", "consent_statistics"), ("plannen", "plan_invest")):
        html = client.get(f"/zelfdiagnose/{step}/").content.decode()
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
        assert "checked" not in tag
    html = client.get("/zelfdiagnose/inschatting/").content.decode()
    assert value_of(html, "guess_percentile") in (None, "")


def test_survey_answers_are_carried_over_to_the_next_assessment(client):
    user = owner_with_one_assessment(client)
    first = Assessment.objects.get(owner=user)
    answers = {q.code: "4" for q in SURVEY.questions}
    response = client.post(f"/beoordeling/{first.pk}/vragenlijst/{SURVEY.code}/", answers)
    assert response.status_code == 302
    final = complete_wizard(client)  # the second assessment
    second = Assessment.objects.filter(owner=user).exclude(pk=first.pk).get()
    # before #14: the new assessment had no survey answers
    copied = SurveyResponse.objects.get(assessment=second, survey=SURVEY.code)
    assert copied.answers == SurveyResponse.objects.get(assessment=first).answers
    assert final.status_code == 200
    # each keeps its own: changing the new one leaves the earlier one as it was
    changed = {q.code: "2" for q in SURVEY.questions}
    client.post(f"/beoordeling/{second.pk}/vragenlijst/{SURVEY.code}/", changed)
    assert set(SurveyResponse.objects.get(assessment=first).answers.values()) == {4}


def test_the_review_says_the_survey_answers_will_be_copied(client):
    owner_with_one_assessment(client)
    for slug, data in EXAMPLE_STEPS.items():
        client.post(f"/zelfdiagnose/{slug}/", {**data, "action": "next"})
    html = client.get("/zelfdiagnose/controle/").content.decode()
    assert "vragenlijsten" in html and "gekopieerd" in html


def test_anonymous_work_in_the_same_browser_carries_over_too(client):
    complete_wizard(client)
    html = client.get("/zelfdiagnose/sector/").content.decode()
    assert value_of(html, "working_persons") == "60"


def test_someone_else_s_assessment_never_fills_in_a_draft(client):
    AssessmentFactory(owner=UserFactory())
    AssessmentFactory()  # an anonymous one of another session
    client.force_login(UserFactory())
    html = client.get("/zelfdiagnose/sector/").content.decode()
    assert value_of(html, "working_persons") in (None, "")
    assert "Controleer elk antwoord" not in html


def test_an_adviser_s_batch_firms_do_not_fill_in_their_own_assessment(client):
    adviser = AdviserFactory()
    AssessmentFactory(owner=adviser)  # as a CSV batch stores a client's firm
    client.force_login(adviser)
    html = client.get("/zelfdiagnose/sector/").content.decode()
    assert value_of(html, "working_persons") in (None, "")
