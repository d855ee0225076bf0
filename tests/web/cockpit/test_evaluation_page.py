"""The evaluation page (/beleid/evaluatie/): the difference in differences on a seeded history of
two rounds, its caveat and trace; realised figures entered beside the forecast; the firm that
identifies a panel member."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from hulplijn.web.cockpit.aggregates import firm_of
from hulplijn.web.cockpit.models import Realisation
from hulplijn.web.cockpit.services.evaluation import panel
from tests.web.cockpit.pages import cells_of, t
from tests.web.factories import PolicyUserFactory

pytestmark = pytest.mark.django_db

URL = reverse("cockpit:evaluation")


@pytest.fixture
def policy(client):
    client.force_login(PolicyUserFactory())
    return client


def test_a_firm_is_its_kvk_number_else_its_owner_else_only_its_assessment():
    assert firm_of("12345678", 7, "a") == "kvk:12345678"
    assert firm_of("", 7, "a") == "owner:7"
    assert firm_of("", None, "a") == "assessment:a"


def test_the_evaluation_runs_on_a_seeded_history_of_two_rounds(policy):
    # 30 firms in one cell (G, klein, accelerate) in two rounds; two in five (12) answer
    # "applied" and 18 not: both sides above the threshold of 10. Every firm's
    # productivity grows by about 1,500 per FTE, the applicants' by 2,000 more (noise sd 500),
    # so the estimate lies near 2,000 and its interval holds it.
    call_command("seed_evaluation", firms=30, cells=1, seed=1)
    found = panel()
    assert len(found.observations) == 30
    treated = [o for o in found.observations if o.applied]
    assert len(treated) == 12
    # the exact DiD of the seeded firms, by hand from their changes: mean of the treated minus
    # mean of the controls (one cell, so every weight is the same)
    control = [o for o in found.observations if not o.applied]
    exact = sum(o.change for o in treated) / 12 - sum(o.change for o in control) / 18
    assert 1_000 < exact < 3_000

    response = policy.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    # the self-selection caveat and the trace are on the page
    assert 'id="zelfselectie"' in html
    assert t("This is no causal effect.") in html or "geen causaal effect" in html
    assert 'id="tabel-herleiding-evaluatie"' in html
    row = cells_of(html, "evaluatie", t("Any scheme (applied for at least one, against none)"))
    # counts through disclosure control: off by at most 2, never below 10
    treated_n, control_n = int(row[1]), int(row[2])
    assert abs(treated_n - 12) <= 2 and abs(control_n - 18) <= 2
    assert row[3] == "1"  # one matched cell
    # the published estimate: exact + noise of 10-20% of the largest contribution |change| / 12
    did = int(row[4].replace("€", "").replace(".", "").replace("\xa0", "").strip())
    largest = max(abs(o.change) for o in treated + control) / 12
    assert abs(did - exact) <= 0.2 * largest + 1
    low = int(
        row[5].replace("€", "").replace(".", "").replace("\xa0", "").replace("−", "-").strip()
    )
    assert low < did
    # the per-cell counts of the matched cell are listed
    cell = cells_of(html, "evaluatie-cellen", "G Groot- en detailhandel; reparatie van auto&#x27;s")
    assert int(cell[3]) >= 10 and int(cell[4]) >= 10


def test_too_few_firms_gives_no_estimate_and_says_why(policy):
    # 12 firms: 5 apply (firms 0, 2, 5, 7, 10) and 7 do not, fewer than 10 on either side, so
    # nothing is estimated
    call_command("seed_evaluation", firms=12, cells=1, seed=1)
    html = policy.get(URL).content.decode()
    assert 'id="zelfselectie"' in html
    row = cells_of(html, "evaluatie", t("Any scheme (applied for at least one, against none)"))
    assert row[1] == "x" and row[4] == "x"
    assert "10" in row[-1]  # fewer than 10 firms on both sides


def test_realised_figures_are_saved_and_shown_beside_the_forecast(policy):
    # Dutch page: 2.500.000 is two and a half million euros, 1.200 is 1,200 firms
    response = policy.post(
        URL,
        {"measure": "4", "year": "2022", "budget": "2.500.000", "reach": "1.200", "source": "RVO"},
    )
    assert response.status_code == 302
    saved = Realisation.objects.get(measure="4", year=2022)
    assert saved.budget == Decimal(2_500_000) and saved.reach == 1_200
    html = policy.get(URL).content.decode()
    row = cells_of(
        html, "realisatie", "4. Investeringsregeling gericht op toepassing van innovatie", "2022"
    )
    # measure 4's forecast investment 2022 (mid): EUR 100 m x 80% used = 0.08 bn, half grants
    # (0.04) and half loans of which 15% (mid of 10-20%) is not repaid: 0.04 + 0.04 x 0.15 = 0.046
    # bn a year (the plan model's docstring and the plan page)
    assert row[2] == "€ 46.000.000"
    assert row[3] == "€ 2.500.000"
    assert row[5] == "1.200"
    assert row[6] == "RVO"
    # the same measure and year again replaces the figures
    policy.post(URL, {"measure": "4", "year": "2022", "budget": "3.000.000"})
    assert Realisation.objects.get(measure="4", year=2022).budget == Decimal(3_000_000)
    assert Realisation.objects.count() == 1
    # a current scheme has no forecast: its realised figures stand alone
    policy.post(URL, {"measure": "kia", "year": "2024", "reach": "35.000"})
    html = policy.get(URL).content.decode()
    row = cells_of(html, "realisatie", "Kleinschaligheidsinvesteringsaftrek (KIA)", "2024")
    assert row[2:6] == ["–", "–", "–", "35.000"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        # "0.5" on a Dutch page is ambiguous: refused with the way to write it
        ({"budget": "2.5"}, "budget", None),
        ({"budget": "-5"}, "budget", ("Enter %(limit_value)s or more.", "0")),
        ({"budget": "12,50"}, "budget", "Enter whole euros, without cents."),
        ({"reach": "10,5"}, "reach", "Enter a whole number of firms."),
        ({"year": "1999", "budget": "5"}, "year", ("Enter %(limit_value)s or more.", "2020")),
        (
            {"measure": "Z", "budget": "5"},
            "measure",
            "Choose one of the measures or schemes in the list.",
        ),
        ({}, None, "Enter a realised budget, a number of firms reached, or both."),
    ],
)
def test_realised_figures_are_refused_per_field_in_plain_dutch(policy, data, field, message):
    response = policy.post(URL, {"measure": "4", "year": "2022", **data})
    assert response.status_code == 400
    form = response.context["form"]
    errors = form.errors.get(field or "__all__")
    assert errors, form.errors
    if isinstance(message, tuple):  # a message with the limit filled in
        message, limit = message
        assert t(message) % {"limit_value": limit} in errors
    elif message is not None:
        assert t(message) in errors
    assert not Realisation.objects.exists()


def test_the_evaluation_page_is_for_the_policy_role_only(client):
    assert client.get(URL).status_code in (302, 403)


def test_without_a_second_round_the_page_says_there_is_nothing_to_compare(policy):
    html = policy.get(URL).content.decode()
    nothing = (
        "No firm has yet been assessed in two rounds with consent to statistical use, so there "
        "is nothing to compare."
    )
    assert t(nothing) in html
    # the forecast is there all the same: measure 4 in 2021, nothing realised yet (a dash)
    row = cells_of(
        html, "realisatie", "4. Investeringsregeling gericht op toepassing van innovatie", "2021"
    )
    assert row[2] == "€ 46.000.000" and row[3] == "–"


def test_on_the_english_page_numbers_are_typed_the_english_way(policy):
    policy.post("/i18n/setlang/", {"language": "en", "next": URL})
    html = policy.get(URL).content.decode()
    assert "This is no causal effect." in html
    # "2,500,000" is two and a half million on the English page; "2.5" there is two and a
    # half euros, refused as it has cents
    response = policy.post(URL, {"measure": "4", "year": "2023", "budget": "2,500,000"})
    assert response.status_code == 302
    assert Realisation.objects.get(measure="4", year=2023).budget == Decimal(2_500_000)
    refused = policy.post(URL, {"measure": "4", "year": "2023", "budget": "2.5"})
    assert refused.status_code == 400
    assert "Enter whole euros, without cents." in refused.context["form"].errors["budget"]
