"""Periods in the web (issue #13): rounds of any two years and zero, one or two moments, opened
with a confirmation that says what the reference cannot serve, and firms compared only with
peers of their own period in the wizard, or told plainly there are none."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from hulplijn.core import parse_firm
from hulplijn.web import reference_store
from hulplijn.web.api.services import create
from hulplijn.web.assessments.models import Assessment, AssessmentRound
from tests.web.api.conftest import EXAMPLE
from tests.web.conftest import EXAMPLE_STEPS, complete_wizard
from tests.web.factories import UserFactory

pytestmark = pytest.mark.django_db

ADD = "/beheer/assessments/assessmentround/add/"


def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def round_form(**fields) -> dict[str, str]:
    return {"name": "Ronde", "year_1": "2016", "year_2": "2018", "is_open": "on", **fields}


def test_a_round_with_one_liquidity_moment(client):
    # before #13: "Dit veld is verplicht" for the empty second moment
    admin_client(client)
    response = client.post(ADD, round_form(moment_1="2020-02", confirm_open="on"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    saved = AssessmentRound.objects.get(name="Ronde")
    assert saved.moments == ("2020-02",) and saved.years == (2016, 2018)


def test_july_2019_against_july_2020_and_never_two_equal_moments(client):
    admin_client(client)
    same_month = round_form(moment_1="2019-07", moment_2="2020-07", confirm_open="on")
    assert client.post(ADD, same_month).status_code == 302
    assert AssessmentRound.current().moments == ("2019-07", "2020-07")
    equal = round_form(name="Gelijk", moment_1="2020-07", moment_2="2020-07", confirm_open="on")
    response = client.post(ADD, equal, HTTP_ACCEPT_LANGUAGE="en")
    errors = response.context["adminform"].form.errors
    assert errors["moment_2"] == ["The two moments are the same; leave the second empty for one."]
    only_second = round_form(name="Tweede", moment_2="2020-07", confirm_open="on")
    errors = client.post(ADD, only_second, HTTP_ACCEPT_LANGUAGE="en").context["adminform"]
    assert errors.form.errors["moment_1"] == ["Fill in the first moment before the second."]
    assert not AssessmentRound.objects.filter(name__in=["Gelijk", "Tweede"]).exists()


def test_opening_a_round_warns_what_the_reference_cannot_serve(client):
    # before #13 the save went through silently and moved every new visitor into the round
    admin_client(client)
    before = AssessmentRound.current()
    unserved = round_form(name="Ronde 2021", year_1="2019", year_2="2021", moment_1="2021-06")
    response = client.post(ADD, unserved, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    [warning] = response.context["adminform"].form.errors["confirm_open"]
    # the synthetic reference of the tests holds 2016/2018 and February and July 2020
    assert "no comparison data for 2019-2021" in warning
    assert "no comparison data for this period (June 2021)" in warning
    assert "moves every new visitor" in warning
    assert AssessmentRound.current() == before
    # confirmed: opened, and the admin is told again what it lacks
    response = client.post(ADD, {**unserved, "confirm_open": "on"}, follow=True)
    assert AssessmentRound.current().name == "Ronde 2021"
    said = [str(m) for m in response.context["messages"]]
    assert any("2019-2021" in m for m in said), said
    # a closed round is saved without a confirmation: it moves nobody
    closed = {k: v for k, v in unserved.items() if k != "is_open"} | {"name": "Dicht"}
    assert client.post(ADD, closed).status_code == 302


def test_opening_a_round_the_reference_serves_still_asks(client):
    admin_client(client)
    served = round_form(name="Rapport", moment_1="2020-02", moment_2="2020-07")
    response = client.post(ADD, served, HTTP_ACCEPT_LANGUAGE="en")
    [warning] = response.context["adminform"].form.errors["confirm_open"]
    assert "covers this round's years and moments" in warning


def steps_for(moments: int) -> dict:
    """The example's answers with liquidity at the first ``moments`` moments only."""
    steps = json.loads(json.dumps(EXAMPLE_STEPS))
    steps["liquiditeit"] = {
        k: v for k, v in steps["liquiditeit"].items() if int(k.rsplit("_", 1)[1]) <= moments
    }
    return steps


def test_wizard_2019_2021_with_june_2021_is_told_plainly_there_are_no_peers(client):
    AssessmentRound.objects.create(
        name="Ronde 2021", year_1=2019, year_2=2021, moment_1="2021-06", moment_2=""
    )
    response = complete_wizard(client, steps_for(1))
    assert response.status_code == 200
    stored = Assessment.objects.get()
    result = stored.result
    assert [m["moment"] for m in stored.firm_input["liquidity"]] == ["2021-06"]
    for name in ("productivity", "productivity_growth", "job_growth", "solvency"):
        assert result["benchmark"][name]["percentile"] is None, name
        assert result["benchmark"][name]["reason"] == "geen vergelijkingsgegevens voor 2019-2021"
    cash = result["benchmark"]["cash_buffer_days@2021-06"]
    assert cash["reason"] == "geen vergelijkingsgegevens voor deze periode (juni 2021)"
    page = response.content.decode()
    assert "geen vergelijkingsgegevens voor 2019-2021" in page
    # texts follow the round: no crisis for 2021, the round's own moment
    assert "Groei van 2019 tot 2021" in page and "vóór de crisis" not in page
    assert "Liquiditeit in juni 2021" in page
    assert result["segment"] == "accelerate"  # what needs no peers still works


def test_wizard_of_the_report_round_keeps_its_texts(client):
    response = complete_wizard(client)
    page = response.content.decode()
    assert "Groei vóór de crisis (2016 tot 2018)" in page
    assert "Liquiditeit aan het begin en midden in de crisis" in page


@pytest.fixture
def two_rounds(settings, library_reference_dir):
    """The reference folder of `make reference` (the report's and a current round) and the
    rounds `make run` opens for them: the current one newest."""
    settings.HULPLIJN_REFERENCE_DIR = library_reference_dir
    reference_store.clear()
    call_command("reference_rounds", stdout=open("/dev/null", "w"))  # noqa: SIM115
    yield AssessmentRound.objects.get(year_1=2016), AssessmentRound.objects.get(year_1=2024)
    reference_store.clear()


def test_make_run_offers_a_current_round_and_the_report_round_stays_selectable(
    client, two_rounds, current_reference_dir, synthetic_reference_dir
):
    report, current = two_rounds
    assert AssessmentRound.current() == current and current.moments == ("2025-06",)
    page = client.get("/zelfdiagnose/sector/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "years 2024 and 2025, liquidity in June 2025" in page
    assert "years 2016 and 2018, liquidity in February 2020 and July 2020" in page

    # the current round: compared with the current round's peers
    response = complete_wizard(client, steps_for(1))
    assert response.status_code == 200
    stored = Assessment.objects.get()
    vintage = json.loads((current_reference_dir / "manifest.json").read_text())["vintage"]
    assert stored.round == current and stored.reference_vintage == vintage
    assert stored.result["benchmark"]["productivity_growth"]["percentile"] is not None
    assert stored.result["benchmark"]["cash_buffer_days@2025-06"]["percentile"] is not None

    # the report's round, chosen on the first step: the report's peers, its example exactly
    other = client.__class__()
    steps = {"sector": {**EXAMPLE_STEPS["sector"], "round": str(report.pk)}, **EXAMPLE_STEPS}
    steps["sector"] = {**EXAMPLE_STEPS["sector"], "round": str(report.pk)}
    assert complete_wizard(other, steps).status_code == 200
    example = Assessment.objects.exclude(pk=stored.pk).get()
    vintage = json.loads((synthetic_reference_dir / "manifest.json").read_text())["vintage"]
    assert example.round == report and example.reference_vintage == vintage
    assert [m["moment"] for m in example.firm_input["liquidity"]] == ["2020-02", "2020-07"]


def test_bank_statements_page_of_a_round_with_one_moment(client):
    # the page reads the liquidity step per moment of the round; it read a second one always
    AssessmentRound.objects.create(
        name="Ronde 2021", year_1=2019, year_2=2021, moment_1="2021-06", moment_2=""
    )
    client.get("/zelfdiagnose/")
    for slug in ("sector", "resultaten", "liquiditeit"):
        data = steps_for(1)[slug]
        assert client.post(f"/zelfdiagnose/{slug}/", {**data, "action": "next"}).status_code == 302
    response = client.get("/zelfdiagnose/bankafschriften/")
    assert response.status_code == 200
    # 150,000 x 365 / (15,000 + 340,000 + 180,000) = 102.3 days at the one moment
    assert response.context["balance_sheet"] == {"2021-06": pytest.approx(150_000 * 365 / 535_000)}


def test_a_round_without_liquidity_moments(client):
    AssessmentRound.objects.create(
        name="Zonder liquiditeit", year_1=2016, year_2=2018, moment_1="", moment_2=""
    )
    steps = {**steps_for(0), "liquiditeit": {}}
    response = complete_wizard(client, steps)
    assert response.status_code == 200
    result = Assessment.objects.get().result
    assert result["liquidity"] == [] and result["dimensions"]["liquidity"]["status"] == "not_given"
    # the report's years: growth is compared (the reference holds 2016/2018)
    assert result["benchmark"]["productivity_growth"]["percentile"] is not None
    assert "B. Liquiditeit" in response.content.decode()


def test_api_stores_a_firm_in_the_open_round_of_its_own_period(client):
    report = AssessmentRound.current()
    newer = AssessmentRound.objects.create(
        name="Ronde 2021", year_1=2019, year_2=2021, moment_1="2021-06", moment_2=""
    )
    user = UserFactory()

    # the report's example firm goes into the report's round although a newer one is open
    assert create(user, parse_firm(EXAMPLE))[0].round == report
    firm = json.loads(json.dumps(EXAMPLE))
    firm["years"][0]["year"], firm["years"][1]["year"] = 2019, 2021
    firm["liquidity"] = [{**firm["liquidity"][0], "moment": "2021-06"}]
    stored, _text = create(user, parse_firm(firm))
    assert stored.round == newer
    assert (
        stored.result["benchmark"]["job_growth"]["reason_en"] == "no comparison data for 2019-2021"
    )
