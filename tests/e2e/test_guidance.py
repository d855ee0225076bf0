"""Guidance in a real browser: government measures with reasons, a mini-survey (validation,
scores, points to improve, programmes) and the PDF report, with and without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from hulplijn.web.assessments.models import Assessment
from hulplijn.web.guidance.models import SurveyResponse
from tests.e2e import flows
from tests.e2e.conftest import PHONE
from tests.e2e.flows import t

pytestmark = pytest.mark.e2e


def stored_answers(dashboard: str) -> dict:
    pk = flows.DASHBOARD_URL.search(dashboard).group("pk")
    response = SurveyResponse.objects.get(assessment=Assessment.objects.get(pk=pk))
    assert response.survey == flows.first_survey().code
    return response.answers


def expected_answers(scores: dict[str, int]) -> dict[str, int]:
    return {q.code: scores[q.theme] for q in flows.first_survey().questions}


def test_guidance_with_javascript(page, shots):
    flows.start(page, shots)
    dashboard = flows.wizard(page, shots, js=True)
    flows.dashboard_dutch(page, shots, js=True)
    flows.measures(page, shots)

    flows.open_first_survey(page, shots)
    flows.survey_with_a_missing_answer(page, shots)
    scores = flows.survey_answered(page, shots)
    assert flows.path_of(page) == dashboard
    flows.survey_results(page, scores, shots)
    assert stored_answers(dashboard) == expected_answers(scores)

    text = flows.download_report(page, shots.folder)
    assert flows.SEGMENT_NL in text
    assert flows.ELIGIBLE_NL in text
    survey = flows.first_survey()
    assert survey.title in text
    # the survey table: a header row, then one row per theme with its score
    assert re.search(rf"{t('Theme')}\s+{re.escape(t('Your score (1–5)'))}", text), text
    for theme, score in scores.items():
        name = re.escape(flows.theme_name(theme))
        improve = re.escape(f" ({t('point to improve')})") if theme == flows.WEAK_THEME else ""
        row = rf"{name}{improve}\s+{re.escape(flows.number_nl(score))}\s"
        assert re.search(row, text), f"no row {row!r} in the report:\n{text}"


def test_guidance_without_javascript(new_page, shots):
    page = new_page(java_script_enabled=False)
    flows.start(page, shots)
    dashboard = flows.wizard(page, shots, js=False)
    flows.dashboard_dutch(page, shots, js=False)
    flows.measures(page, shots)

    flows.open_first_survey(page, shots)
    flows.survey_with_a_missing_answer(page, shots)
    scores = flows.survey_answered(page, shots)
    assert flows.path_of(page) == dashboard
    flows.survey_results(page, scores, shots)
    assert stored_answers(dashboard) == expected_answers(scores)

    # the answers can be changed: the form opens with them checked
    page.locator("#vragenlijsten").get_by_role(
        "link", name=t("Change your answers"), exact=True
    ).click()
    page.wait_for_url(f"**/vragenlijst/{flows.first_survey().code}/")
    expect(page.locator("main input[type=radio]:checked")).to_have_count(
        len(flows.first_survey().questions)
    )
    shots(page, "survey-change")


def test_phone_width_guidance_has_no_horizontal_scrolling(new_page, shots):
    page = new_page(viewport=PHONE)
    too_wide = []

    def fits(page, name):
        too_wide.extend(flows.phone_layout(page, name))

    flows.start(page, shots)
    flows.wizard(page, shots, js=True)
    flows.dashboard_dutch(page, shots, js=True, check=fits)
    flows.measures(page, shots, check=fits)
    flows.open_first_survey(page, shots, check=fits)
    flows.survey_with_a_missing_answer(page, shots, check=fits)
    scores = flows.survey_answered(page, shots, check=fits)
    flows.survey_results(page, scores, shots, check=fits)
    assert not too_wide, "does not fit 360px:\n" + "\n".join(too_wide)
