"""The wizard: validation beside each field, nothing lost going back, resuming, mapping."""

import copy

import pytest

from hulplijn.web.assessments.models import Assessment, Draft
from tests.web.conftest import EXAMPLE_STEPS, complete_wizard

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def post(client, step, data, action="next", **extra):
    return client.post(f"/zelfdiagnose/{step}/", {**data, "action": action}, **extra)


def test_the_first_submit_creates_a_draft_in_the_open_round(client):
    response = client.get("/zelfdiagnose/")
    assert response.status_code == 302 and response["Location"] == "/zelfdiagnose/sector/"
    assert not Draft.objects.exists()  # looking creates nothing (tests/web/test_sessions.py)
    post(client, "sector", EXAMPLE_STEPS["sector"])
    draft = Draft.objects.get()
    assert (draft.round.year_1, draft.round.year_2) == (2016, 2018)
    assert (draft.round.moment_1, draft.round.moment_2) == ("2020-02", "2020-07")


def test_a_step_without_a_draft_sends_you_to_the_start(client):
    assert client.get("/zelfdiagnose/resultaten/")["Location"] == "/zelfdiagnose/"
    assert client.get("/zelfdiagnose/bestaat-niet/")["Location"] == "/zelfdiagnose/"


def test_sector_step_messages_beside_the_fields(client):
    client.get("/zelfdiagnose/")
    response = post(client, "sector", {"sbi": "", "working_persons": ""}, **EN)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["sbi"] == ["Choose your sector, or type an SBI 2025 code below."]
    assert form.errors["working_persons"] == ["Please fill this in."]
    html = response.content.decode()
    # the message sits beside its field, linked for screen readers
    assert 'id="id_working_persons_error"' in html
    assert 'aria-describedby="id_working_persons_help id_working_persons_error"' in html
    response = post(client, "sector", {"sbi": "47", "working_persons": "250"}, **EN)
    assert "not an SME" in response.context["form"].errors["working_persons"][0]
    response = post(client, "sector", {"sbi": "47", "sbi2025": "62", "working_persons": "5"}, **EN)
    assert response.context["form"].errors["sbi2025"] == [
        "Fill in one of the two: the list or the SBI 2025 code."
    ]
    response = post(client, "sector", {"sbi": "", "sbi2025": "04", "working_persons": "5"}, **EN)
    assert "SBI 2025" in response.context["form"].errors["sbi2025"][0]
    assert "is not an existing SBI 2025 division" in response.context["form"].errors["sbi2025"][0]


def test_sbi_2025_code_is_mapped(client):
    client.get("/zelfdiagnose/")
    assert post(client, "sector", {"sbi2025": "62.01", "working_persons": "12"}).status_code == 302
    steps = copy.deepcopy(EXAMPLE_STEPS)
    steps["sector"] = {"sbi2025": "62.01", "working_persons": "12"}
    complete_wizard(client, steps)
    stored = Assessment.objects.get()
    assert stored.firm_input["sbi"] == "6201" and stored.firm_input["sbi_version"] == "2025"
    assert stored.sbi == "62" and stored.size_class == "klein"
    assert "SBI 2025 62" in stored.result["sector"]["mapping_note"]


def test_sector_search_filters_the_list_and_keeps_the_choice(client):
    client.get("/zelfdiagnose/")
    response = client.get("/zelfdiagnose/sector/?q=detailhandel")
    choices = [
        code
        for _group, options in response.context["form"].fields["sbi"].choices[1:]
        for code, _label in options
    ]
    # best first: retail (47); car parts retail (45.32) is division 45 in SBI 2008
    assert choices == ["47", "45"]
    # searching with the button saves what was typed first
    response = post(
        client, "sector", {"sbi": "10", "working_persons": "8", "q": "bakker"}, action="search"
    )
    assert response["Location"] == "/zelfdiagnose/sector/?q=bakker"
    assert Draft.objects.get().data["raw"]["sector"]["working_persons"] == "8"


def test_numbers_the_dutch_way_and_field_messages(client):
    client.get("/zelfdiagnose/")
    post(client, "sector", EXAMPLE_STEPS["sector"])
    data = {
        **EXAMPLE_STEPS["resultaten"],
        "fte_2": "0",
        "wage_costs_1": "-5",
        "gross_margin_1": "x",
    }
    response = post(client, "resultaten", data, **EN)
    errors = response.context["form"].errors
    assert errors["fte_2"] == ["Ensure this value is greater than or equal to 0.01."]
    assert errors["wage_costs_1"] == ["Ensure this value is greater than or equal to 0."]
    assert errors["gross_margin_1"] == [
        "Enter an amount in euros, such as 400000, 400,000 or €400,000."
    ]
    # "909.000" in Dutch is nine hundred and nine thousand
    post(client, "resultaten", EXAMPLE_STEPS["resultaten"])
    clean = Draft.objects.get().data["clean"]["resultaten"]
    assert clean["gross_margin_1"] == "909000" and clean["wage_costs_2"] == "348740"


def test_going_back_never_loses_what_was_typed(client):
    client.get("/zelfdiagnose/")
    post(client, "sector", EXAMPLE_STEPS["sector"])
    half = {"gross_margin_1": "909.000", "fte_1": "56"}  # incomplete, then "Previous"
    response = post(client, "resultaten", half, action="back")
    assert response["Location"] == "/zelfdiagnose/sector/"
    page = client.get("/zelfdiagnose/resultaten/")
    assert page.context["form"].data["gross_margin_1"] == "909.000"
    assert 'value="909.000"' in page.content.decode()


def test_a_half_done_assessment_can_be_resumed(client):
    client.get("/zelfdiagnose/")
    post(client, "sector", EXAMPLE_STEPS["sector"])
    post(client, "resultaten", EXAMPLE_STEPS["resultaten"])
    # later, same browser: the start button resumes at the first step not yet done
    assert client.get("/zelfdiagnose/")["Location"] == "/zelfdiagnose/liquiditeit/"
    assert "Continue where you left off" in client.get("/", **EN).content.decode()


def test_skipping_liquidity_and_solvency_gives_not_given(client):
    steps = copy.deepcopy(EXAMPLE_STEPS)
    steps["liquiditeit"] = {"skip": "on"}
    steps["solvabiliteit"] = {"skip": "on"}
    response = complete_wizard(client, steps)
    stored = Assessment.objects.get()
    assert "liquidity" not in stored.firm_input and "solvency" not in stored.firm_input
    assert stored.result["dimensions"]["liquidity"]["status"] == "not_given"
    assert response.status_code == 200


def test_liquidity_fields_are_required_unless_skipped(client):
    post(client, "sector", EXAMPLE_STEPS["sector"])  # the first submit starts the draft
    response = post(client, "liquiditeit", {"cash_1": "100"}, **EN)
    errors = response.context["form"].errors
    assert "cash_1" not in errors and errors["cash_2"] == ["Please fill this in."]
    assert len(errors) == 15


def test_engine_problems_come_back_to_their_field(client):
    steps = copy.deepcopy(EXAMPLE_STEPS)
    steps["solvabiliteit"] = {"equity": "2000000", "total_assets": "1300000"}
    response = complete_wizard_expecting_problems(client, steps)
    assert response.request["PATH_INFO"] == "/zelfdiagnose/solvabiliteit/"
    assert "balanstotaal" in response.content.decode()
    assert not Assessment.objects.exists()


def complete_wizard_expecting_problems(client, steps):
    client.get("/zelfdiagnose/")
    for slug, data in steps.items():
        post(client, slug, data)
    return client.post("/zelfdiagnose/controle/", {"action": "calculate"}, follow=True)


def test_review_lists_the_answers_and_refuses_while_steps_are_missing(client):
    client.get("/zelfdiagnose/")
    post(client, "sector", EXAMPLE_STEPS["sector"])
    response = client.get("/zelfdiagnose/controle/", **EN)
    assert [s.slug for s in response.context["missing"]] == [
        "resultaten",
        "liquiditeit",
        "solvabiliteit",
        "toestemming",
        "inschatting",
    ]
    client.post("/zelfdiagnose/controle/", {"action": "calculate"})
    assert not Assessment.objects.exists()
    html = response.content.decode()
    assert "47 Detailhandel" in html and "60" in html


def test_guess_must_be_between_0_and_100(client):
    post(client, "sector", EXAMPLE_STEPS["sector"])  # the first submit starts the draft
    response = post(client, "inschatting", {"guess_percentile": "120"}, **EN)
    assert response.context["form"].errors["guess_percentile"] == [
        "Ensure this value is less than or equal to 100."
    ]
