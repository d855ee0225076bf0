"""The admin: assessment rounds (validated) and users."""

import pytest

from hulplijn.web.assessments.models import AssessmentRound
from tests.web.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_rounds_are_configured_in_the_admin(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        "/beheer/assessments/assessmentround/add/",
        {
            "name": "Ronde 2025",
            "year_1": "2022",
            "year_2": "2024",
            "moment_1": "2025-01",
            "moment_2": "2025-06",
            "is_open": "on",
            # opening a round is confirmed (#13: it was a silent save that moved every new
            # visitor; tests/web/test_periods.py has the warning without it)
            "confirm_open": "on",
        },
    )
    assert response.status_code == 302
    assert AssessmentRound.current().name == "Ronde 2025"
    response = client.post(
        "/beheer/assessments/assessmentround/add/",
        {
            "name": "Fout",
            "year_1": "2024",
            "year_2": "2022",
            "moment_1": "2025-13",
            "moment_2": "2025-06",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    errors = response.context["adminform"].form.errors
    assert errors["moment_1"] == ["Use the form yyyy-mm, for example 2020-02."]
    assert not AssessmentRound.objects.filter(name="Fout").exists()


def test_a_new_round_is_used_by_new_drafts(client):
    AssessmentRound.objects.create(
        name="Ronde 2025", year_1=2022, year_2=2024, moment_1="2025-01", moment_2="2025-06"
    )
    # the first submit starts the draft in the newest open round
    client.post("/zelfdiagnose/sector/", {"sbi": "47", "working_persons": "60", "action": "next"})
    response = client.get("/zelfdiagnose/resultaten/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Gross margin 2022 (euro)" in response.content.decode()


def test_users_admin(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/beheer/accounts/user/").status_code == 200
