"""The dashboard: every figure with percentile, peer group and n, explained; what-if; feedback."""

import json
import re

import pytest
from django.utils import timezone

from hulplijn.web.assessments.models import Assessment, Feedback
from tests.web.conftest import complete_wizard
from tests.web.factories import UserFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def dashboard(client):
    complete_wizard(client)
    stored = Assessment.objects.get()
    return stored, client.get(f"/beoordeling/{stored.pk}/", **EN)


def test_every_figure_has_value_percentile_peer_group_and_n(dashboard):
    stored, response = dashboard
    groups = response.context["groups"]
    titles = [f.title for f in groups["growth"]]
    assert titles == [
        "Productivity 2018 (gross margin per FTE)",
        "Productivity growth 2016–2018",
        "Job growth 2016–2018 (FTE)",
    ]
    assert len(groups["liquidity"]) == 4 and len(groups["solvency"]) == 1
    for figure in [f for g in groups.values() for f in g]:
        assert 0 <= figure.percentile <= 100
        assert figure.peer["n"] >= 10 and figure.peer["label"]
        assert figure.formula and figure.inputs and figure.quartiles
    productivity = groups["growth"][0]
    # 965,000 / 58 = 16,637.93 -> shown in euros; the inputs shown are the firm's own figures
    assert productivity.value == "€ 16,638"
    assert ("Gross margin 2018", "€ 965,000") in productivity.inputs
    assert productivity.percentile == pytest.approx(
        stored.result["benchmark"]["productivity"]["percentile"]
    )


def test_page_explains_and_shows_tables_beside_charts(dashboard):
    _stored, response = dashboard
    html = response.content.decode()
    assert html.count("How is this computed?") >= 9
    assert "gross margin / FTE" in html
    assert "Accelerate &amp; expand" in html and "(your firm)" in html
    assert "better access to finance and equity" in html
    # charts: a Vega-Lite spec as inert JSON, and a table with the same numbers
    specs = re.findall(r'<script type="application/json" id="(chart-[a-z]+)">(.*?)</script>', html)
    assert {name for name, _ in specs} == {"chart-percentiles", "chart-segment"}
    percentiles = json.loads(dict(specs)["chart-percentiles"])
    assert len(percentiles["data"]["values"]) == 8
    assert html.count("<table") >= 3
    assert "SYNTHETIC population" in html


def test_sector_impact_koplopers_prize_and_guess(dashboard):
    stored, response = dashboard
    html = response.content.decode()
    # section G, midden: Panteia -5% -> "No or small contraction"
    assert "No or small contraction" in html and "-5%" in html
    prize = stored.result["size_of_prize"]["euros"]
    assert f"€ {prize:,.0f}" in html
    assert "You guessed percentile 60 for productivity" in html


def test_what_if_moves_percentile_and_segment(client, dashboard):
    stored, _ = dashboard
    # fewer FTE with the same gross margin: productivity up, jobs down -> "grow"
    response = client.post(
        f"/beoordeling/{stored.pk}/wat-als/", {"fte": "50", "gross_margin": "965.000"}
    )
    assert response.status_code == 200
    outcome = response.context["what_if"]
    assert outcome.segment == "grow"
    assert (
        outcome.benchmark["productivity"].percentile
        > stored.result["benchmark"]["productivity"]["percentile"]
    )
    # with htmx only the panel comes back
    partial = client.post(
        f"/beoordeling/{stored.pk}/wat-als/",
        {"fte": "50", "gross_margin": "965.000"},
        HTTP_HX_REQUEST="true",
    )
    assert "<html" not in partial.content.decode()
    assert "Groeien" in partial.content.decode()
    bad = client.post(f"/beoordeling/{stored.pk}/wat-als/", {"fte": "0", "gross_margin": "x"}, **EN)
    assert bad.context["what_if_form"].errors["gross_margin"] == [
        "Enter an amount in euros, such as 400000, 400,000 or €400,000."
    ]
    assert Assessment.objects.count() == 1  # nothing saved


def test_feedback_is_stored_and_moderation_feeds_the_landing_page(client, dashboard):
    stored, _ = dashboard
    response = client.post(
        f"/beoordeling/{stored.pk}/feedback/", {"rating": "5", "comment": "Heel duidelijk!"}
    )
    assert response.status_code == 302
    item = Feedback.objects.get()
    assert (item.rating, item.comment, item.status, item.assessment) == (
        5,
        "Heel duidelijk!",
        "pending",
        stored,
    )
    assert "Heel duidelijk!" not in client.get("/").content.decode()
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    client.post(
        "/beheer/assessments/feedback/", {"action": "approve", "_selected_action": [item.pk]}
    )
    item.refresh_from_db()
    assert item.status == "approved" and item.moderated_at <= timezone.now()
    assert "Heel duidelijk!" in client.get("/").content.decode()
    bad = client.post(f"/beoordeling/{stored.pk}/feedback/", {"rating": "9"})
    assert bad.status_code == 404  # the admin is not the owner


def test_feedback_rating_is_validated(client, dashboard):
    stored, _ = dashboard
    response = client.post(f"/beoordeling/{stored.pk}/feedback/", {"rating": "9"}, **EN)
    assert response.status_code == 200
    assert Feedback.objects.count() == 0
    assert response.context["feedback_form"].errors["rating"] == [
        "Select a valid choice. 9 is not one of the available choices."
    ]
    assert "9 is not one of the available choices" in response.content.decode()


def test_compared_with_earlier_assessments(client):
    owner = UserFactory()
    client.force_login(owner)
    complete_wizard(client)
    complete_wizard(client)
    newest = Assessment.objects.order_by("-created_at").first()
    response = client.get(f"/beoordeling/{newest.pk}/", **EN)
    assert len(response.context["earlier"]) == 1
    assert "Compared with your earlier assessments" in response.content.decode()


def test_skipped_dimensions_say_not_given(client):
    from tests.web.conftest import EXAMPLE_STEPS

    steps = {**EXAMPLE_STEPS, "liquiditeit": {"skip": "on"}, "solvabiliteit": {"skip": "on"}}
    complete_wizard(client, steps)
    html = client.get(f"/beoordeling/{Assessment.objects.get().pk}/", **EN).content.decode()
    assert "Not given: you skipped the liquidity figures." in html
    assert "Not given: you skipped the solvency figures." in html


def test_explanations_are_the_engines_derivations(dashboard):
    stored, response = dashboard
    groups = response.context["groups"]
    cash = groups["liquidity"][0]
    # the example firm's February figures: 15,000 + 340,000 + 180,000 = 535,000 a year, the
    # intermediate value the engine recorded; the norms the band is judged by come with it
    assert ("Yearly costs together", "€ 535,000") in cash.inputs
    assert ("Cash", "€ 150,000") in cash.inputs
    assert ("Liquidity low below percentile", "25") in cash.norms
    assert "dashboard slide, dimension B" in cash.citation
    derivation = stored.result["derivations"]["cash_buffer_days@2020-02"]
    assert cash.formula == derivation["formula"]["en"]
    explained = response.context["explained"]
    # the size of the prize: 10 percentiles up, the step from norms.yaml
    prize = explained["size_of_prize"]
    assert ("Percentile step for the size of the prize", "10") in prize.inputs
    assert f"€ {stored.result['size_of_prize']['euros']:,.0f}" in dict(prize.inputs).values()
    assert "Verdieping mkb-hulplijn (4/5)" in prize.citation
    # the segment from both growths: 16,637.93 / 16,232.14 - 1 = +2.5% and 58 / 56 - 1 = +3.6%
    segment = explained["segment"]
    assert segment.inputs == [
        ("Productivity growth 2016–2018", "+2.5%"),
        ("Job growth 2016–2018 (FTE)", "+3.6%"),
    ]
    assert segment.peer is None and segment.reason is None  # not compared with peers


def test_a_result_stored_before_derivations_is_explained_the_same(client, dashboard):
    stored, response = dashboard
    before = response.context["groups"]
    result = dict(stored.result)
    del result["derivations"]
    Assessment.objects.filter(pk=stored.pk).update(result=result)
    again = client.get(f"/beoordeling/{stored.pk}/", **EN).context["groups"]
    assert again == before
