"""The whole path of a newcomer: landing page, wizard with the report's example firm, dashboard."""

import pytest

from hulplijn.web.assessments.models import Assessment
from tests.web.conftest import complete_wizard

pytestmark = pytest.mark.django_db


def test_landing_page(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Start de zelfdiagnose" in response.content.decode()


def test_example_firm_through_the_wizard(client):
    response = complete_wizard(client)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Versnellen &amp; uitbreiden" in html
    stored = Assessment.objects.get()
    assert stored.segment == "accelerate" and stored.size_class == "midden"
    assert stored.firm_input["years"][1] == {
        "year": 2018,
        "gross_margin": 965000.0,
        "wage_costs": 348740.0,
        "fte": 58.0,
    }
    assert stored.consent_statistics is True and stored.guess_percentile == 60
