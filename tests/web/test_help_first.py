"""Help first and the current schemes in the browser pages, the PDF and the API (issue 13)."""

import shutil
import subprocess

import pytest
from django.utils.timezone import localdate

from hulplijn.reference import params
from hulplijn.web.assessments.models import Assessment
from hulplijn.web.guidance.models import MeasureUptake
from tests.web.conftest import EXAMPLE_STEPS, complete_wizard

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

# the restaurant (SBI 56, 8 working persons): February 30,000 cash against 365,000 of
# costs a year = 30 days, quick ratio (30,000 + 6,000) / 60,000 = 0.6; July 10,000 = 10 days,
# quick ratio (10,000 + 2,000) / 60,000 = 0.2; equity -20,000: four signals of help first
RESTAURANT = {
    "sector": {"sbi": "56", "working_persons": "8"},
    "resultaten": {
        "gross_margin_1": "400000",
        "wage_costs_1": "240000",
        "fte_1": "7",
        "gross_margin_2": "410000",
        "wage_costs_2": "250000",
        "fte_2": "7",
    },
    "liquiditeit": {
        **{f"{k}_{i}": "0" for k in ("short_term_receivables",) for i in (1, 2)},
        "cash_1": "30000",
        "trade_debtors_1": "6000",
        "short_term_debts_1": "40000",
        "trade_creditors_1": "20000",
        "interest_costs_1": "5000",
        "wage_costs_1": "250000",
        "other_costs_1": "110000",
        "cash_2": "10000",
        "trade_debtors_2": "2000",
        "short_term_debts_2": "40000",
        "trade_creditors_2": "20000",
        "interest_costs_2": "5000",
        "wage_costs_2": "250000",
        "other_costs_2": "110000",
    },
    "solvabiliteit": {"equity": "-20000", "total_assets": "150000"},
    "toestemming": {},
    "inschatting": {},
}


@pytest.fixture
def restaurant(client):
    complete_wizard(client, RESTAURANT)
    return Assessment.objects.get()


def test_the_restaurant_sees_help_first_before_anything_else(client, restaurant):
    html = client.get(f"/beoordeling/{restaurant.pk}/").content.decode()
    assert "Eerst: hulp die bij uw situatie past" in html
    # first: before the overview and before the measures
    assert html.index('id="hulp-eerst"') < html.index('id="overzicht"')
    assert html.index('id="hulp-eerst"') < html.index('id="maatregelen"')
    assert "Uw kas dekt 10 dagen aan kosten; dat is minder dan 30 dagen." in html
    for route in ("Ondernemersklankbord", "Geldfit Zakelijk", "Qredits", "WHOA", "Bbz"):
        assert route in html
    assert "Waarom dit bij u past:" in html
    assert "norms.yaml" not in html  # sources are sentences, not file names
    # the threshold's basis, in the details, for the owner (no longer the maintainers' note)
    assert "Deze grens is een keuze van de mkb-hulplijn" in html


def test_a_healthy_firm_gets_no_help_first_block(client):
    complete_wizard(client)
    stored = Assessment.objects.get()
    html = client.get(f"/beoordeling/{stored.pk}/").content.decode()
    assert 'id="hulp-eerst"' not in html
    assert stored.result["help_first"]["offered"] is False


def test_help_first_in_the_pdf(client, restaurant, tmp_path):
    response = client.get(f"/beoordeling/{restaurant.pk}/rapport.pdf")
    assert response.status_code == 200
    pdf = tmp_path / "rapport.pdf"
    pdf.write_bytes(response.content)
    assert shutil.which("pdftotext"), "poppler-utils is installed by `make test` (pdf-tools)"
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Eerst: hulp die bij uw situatie past" in text
    assert text.index("Eerst: hulp") < text.index("In één oogopslag")
    assert "Geldfit Zakelijk" in text and "Regelingen die nu open zijn" in text
    # the thresholds explained for the owner, not the maintainers' English notes
    flat = " ".join(text.split())
    assert "Een quick ratio onder 0,5. Deze grens is een keuze van de mkb-hulplijn" in flat
    assert "Project choice" not in flat and "docs/" not in flat


def test_ended_measures_are_history_and_never_invite(client):
    complete_wizard(client)
    stored = Assessment.objects.get()
    html = client.get(f"/beoordeling/{stored.pk}/").content.decode()
    # measure 2 (investment discount 2021-2022) and BMKB-C (2020-2021) are history
    start = html.index('id="maatregel-2"')
    item = html[start : html.index("</li>", start)]
    assert "beëindigd (geschiedenis)" in item and "U komt in aanmerking" not in item
    assert "hl-uptake" not in item
    start = html.index('id="regeling-bmkb_c"')
    assert "hl-uptake" not in html[start : html.index("</li>", start)]
    # the schemes the example firm plans for invite; KIA's form is on the page
    start = html.index('id="regeling-kia"')
    assert "hl-uptake" in html[start : html.index("</li>", start)]
    # no report measure takes an uptake answer, an ended scheme neither
    for measure in ("2", "8", "bmkb_c"):
        response = client.post(
            f"/beoordeling/{stored.pk}/maatregel/{measure}/", {"status": "intend"}
        )
        assert response.status_code == 404, measure
    assert not MeasureUptake.objects.exists()


def test_the_plans_step_is_optional_and_feeds_the_schemes(client):
    steps = {k: v for k, v in EXAMPLE_STEPS.items() if k != "plannen"}
    complete_wizard(client, steps)
    stored = Assessment.objects.get()
    assert "plans" not in stored.firm_input and stored.result["plans"] is None
    kia = next(s for s in stored.result["schemes"] if s["id"] == "kia")
    assert kia["status"] == "unknown" and not kia["invites_application"]
    # with the step: investing and borrowing (EXAMPLE_STEPS)
    Assessment.objects.all().delete()
    complete_wizard(client)
    stored = Assessment.objects.get()
    assert stored.firm_input["plans"] == ["invest", "borrow"]
    assert [s["id"] for s in stored.result["schemes"] if s["invites_application"]] == [
        "kia",
        "bmkb",
        "go",
    ]


def test_the_review_says_yes_or_no_per_plan_and_nothing_for_a_skipped_step(client):
    client.get("/zelfdiagnose/")
    for slug, data in EXAMPLE_STEPS.items():
        if slug != "plannen":
            client.post(f"/zelfdiagnose/{slug}/", {**data, "action": "next"})
    skipped = client.get("/zelfdiagnose/controle/").context["answers"]
    plans = dict(next(rows for spec, rows in skipped if spec.slug == "plannen"))
    assert set(plans.values()) == {"–"}  # not asked is not "no"
    client.post("/zelfdiagnose/plannen/", {"plan_invest": "on", "action": "next"})
    answered = client.get("/zelfdiagnose/controle/").context["answers"]
    plans = dict(next(rows for spec, rows in answered if spec.slug == "plannen"))
    assert plans["Investeren in bedrijfsmiddelen"] == "ja"
    assert plans["Geld lenen voor het bedrijf"] == "nee"


def test_the_action_plan_starts_with_a_talk_when_help_comes_first(client, restaurant):
    plan = client.get(f"/beoordeling/{restaurant.pk}/").context["action_plan"]
    assert plan[0].startswith("Maak eerst een afspraak voor een gesprek: Advies van KVK en")
    complete_wizard(client)
    healthy = Assessment.objects.exclude(pk=restaurant.pk).get()
    plan = client.get(f"/beoordeling/{healthy.pk}/").context["action_plan"]
    assert not any(step.startswith("Maak eerst een afspraak") for step in plan)
    assert (
        "Vraag de regeling 'Kleinschaligheidsinvesteringsaftrek (KIA)' aan (Belastingdienst)"
        in plan
    )


def test_the_anonymous_record_keeps_only_whether_help_first_was_offered(client):
    from hulplijn.web.cockpit import statistics
    from hulplijn.web.cockpit.models import StatisticalRecord

    complete_wizard(client, {**RESTAURANT, "toestemming": {"consent_statistics": "on"}})
    complete_wizard(client)  # the healthy example firm, with consent
    statistics.flush(force=True)
    assert sorted(StatisticalRecord.objects.values_list("help_first", flat=True)) == [False, True]


def test_the_action_plan_lists_only_what_the_firm_can_do_today(client):
    """Finding (issue 13): the action plan said "Vraag naar de maatregel ... zodra die openstaat"
    for the report's 2020 proposals, which are not schemes and may never open. A step is now
    only something the firm can do today: help first, a practice, a programme, an open scheme
    it qualifies for, a talk with the bank; the proposals stay in the measures section."""
    complete_wizard(client, EXAMPLE_STEPS)
    stored = Assessment.objects.get()
    context = client.get(f"/beoordeling/{stored.pk}/").context
    lives = {rule.measure_id: rule.life for rule in params.measure_rules()}
    proposed = [
        v
        for v in context["result"].eligible_measures
        if v.status == "eligible" and lives[v.id].availability(localdate()) == "proposed"
    ]
    assert proposed, "the example firm qualifies for at least one report proposal"
    steps = context["action_plan"]
    assert steps and not [s for s in steps if "zodra die openstaat" in s]
    assert not [s for s in steps for v in proposed if v.name in s]
    # what it can do: the open schemes its plans (invest, borrow) qualify it for, e.g. the KIA
    kia = "Vraag de regeling 'Kleinschaligheidsinvesteringsaftrek (KIA)' aan (Belastingdienst)"
    assert kia in steps


def test_a_sole_trader_is_told_why_there_is_no_segment_and_who_it_is_compared_with(client):
    """Finding (issue 16): a sole trader got a growth segment, and its peers were said to be
    "fewer than 10 firms" when the comparison data hold no sole traders at all."""
    steps = {
        **EXAMPLE_STEPS,
        "sector": {"sbi": "47", "working_persons": "1"},
        "resultaten": {**EXAMPLE_STEPS["resultaten"], "fte_1": "1", "fte_2": "1"},
    }
    complete_wizard(client, steps)
    stored = Assessment.objects.get()
    assert stored.result["segment"] is None
    html = client.get(f"/beoordeling/{stored.pk}/").content.decode()
    assert "Uw groeisegment is niet bepaald: de segmentatie van het rapport gaat over" in html
    assert "De vergelijkingsgegevens bevatten geen zzp'ers" in html
    assert "minder dan 10 bedrijven" not in html


def test_the_thresholds_of_help_first_are_explained_to_the_owner_in_plain_dutch(
    client, restaurant
):
    """Noticed in review: "What is this based on?" listed each threshold's maintainer note in
    English with repository paths ("Quick ratio zwak onder (ratio): Project choice: ...
    Documented in docs/reference/norms.md") on the Dutch page of a firm in trouble. Now each
    threshold says in the page's language what it is and where it comes from; the sweep of
    test_page_language finds nothing on the page."""
    from tests.web.test_page_language import problems, visible_text

    html = client.get(f"/beoordeling/{restaurant.pk}/", HTTP_ACCEPT_LANGUAGE="nl")
    html = html.content.decode()
    assert not problems({"help first": html}), problems({"help first": html})
    texts = visible_text(html)
    # the norms: 30 days (help_first_cash_buffer_days_below), 0.5 (quick_ratio_weak_below),
    # 0 (help_first_equity_below); the US median of 27 days (cash_buffer_days_median_us)
    assert any(t.startswith("Minder dan 30 dagen kasbuffer.") and "27 dagen" in t for t in texts)
    assert any(t.startswith("Een quick ratio onder 0,5.") for t in texts)
    assert any(t.startswith("Een solvabiliteit lager dan 0%") for t in texts)
    english = client.get(f"/beoordeling/{restaurant.pk}/", **EN).content.decode()
    assert "A quick ratio below 0.5. This threshold is the mkb-hulplijn" in english
