"""The result page's structure (issue 14): the summary first, the details folded below it,
tables and charts for 360px, and confirmations where the page lands; feedback saved once."""

import json
import re
from datetime import timedelta

import pytest

from hulplijn.web.assessments.models import Assessment, Feedback
from hulplijn.web.dashboard.figures import CHART_FONT_PX
from tests.web.conftest import complete_wizard
from tests.web.factories import UserFactory
from tests.web.test_help_first import RESTAURANT

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def sections(html: str) -> list[str]:
    """The result page's parts by the id of their heading, in the page's order."""
    return re.findall(r'<section[^>]*aria-labelledby="([^"]+)"', html)


def part(html: str, heading_id: str) -> str:
    start = html.index(f'aria-labelledby="{heading_id}"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def example(client):
    complete_wizard(client)
    stored = Assessment.objects.get()
    return stored, client.get(f"/beoordeling/{stored.pk}/")


def test_the_summary_comes_first_and_the_details_fold_below_it(example):
    _stored, response = example
    html = response.content.decode()
    order = sections(html)
    assert order[0] == "samenvatting-kop"
    summary = part(html, "samenvatting-kop")
    first_fold = html.index('<details class="hl-fold"')
    assert html.index('id="samenvatting"') < first_fold
    assert html.index('class="hl-summary__item hl-summary__first"') < first_fold
    # the segment in words, the strongest and the weakest dimension, the first thing to do
    assert "<strong>Versnellen &amp; uitbreiden</strong>. Uw productiviteit groeide (+2,5%)" in (
        summary
    )
    shown = response.context["summary"]
    assert [p["kind"] for p in shown["points"]] == ["strongest", "weakest"]
    for point in shown["points"]:
        (line,) = point["lines"]
        assert re.search(r": percentiel \d+ \(\d[\d.]* bedrijven: dezelfde [^;]+(; .+)?\)$", line)
        assert re.search(r"\b20\d\d\b", line), line  # its period, in its label or after the group
        assert line in summary
    # the first step is the action plan's first, and points to where it is explained
    plan = response.context["action_plan"]
    assert shown["first"]["kind"] == "action" and shown["first"]["text"] == plan[0]
    anchor = shown["first"]["anchor"]
    assert anchor.startswith("#") and f'id="{anchor[1:]}"' in html
    assert f'href="{anchor}"' in summary
    # every part below the guess is folded (native <details>, nothing open), each under its
    # own heading; the actions, the surveys, sharing and feedback are not
    folded = {
        "overzicht",
        "dim-a",
        "dim-b",
        "dim-c",
        "dim-d",
        "koplopers",
        "maatregelen",
        "regelingen",
        "wat-als",
    }
    for heading in folded:
        inside = part(html, heading)
        assert '<details class="hl-fold"><summary class="hl-fold__summary">' in inside, heading
        assert inside.index("</h2>") < inside.index('<details class="hl-fold"'), heading
    for heading in ("vragenlijsten-kop", "actieplan", "delen-kop", "feedback-kop"):
        assert 'class="hl-fold"' not in part(html, heading), heading
    assert "hl-fold" in html and '<details class="hl-fold" open' not in html


def test_the_prize_paragraph_is_in_the_koplopers_fold_as_it_was(example):
    stored, response = example
    koplopers = part(response.content.decode(), "koplopers")
    prize = stored.result["size_of_prize"]
    fold = koplopers[koplopers.index('<details class="hl-fold"') :]
    assert '<p class="nl-paragraph hl-prize">' in fold
    assert f"{prize['euros']:,.0f}".replace(",", ".") in fold


def test_a_firm_in_trouble_is_told_help_first_in_the_summary(client):
    complete_wizard(client, RESTAURANT)
    stored = Assessment.objects.get()
    response = client.get(f"/beoordeling/{stored.pk}/")
    html = response.content.decode()
    first = response.context["summary"]["first"]
    assert first["kind"] == "help_first" and first["anchor"] == "#hulp"
    assert first["url"] == "https://www.ondernemersklankbord.nl/"
    assert first["text"].startswith("Praat eerst met een adviseur: Advies van KVK en")
    summary = part(html, "samenvatting-kop")
    assert 'href="https://www.ondernemersklankbord.nl/"' in summary and 'href="#hulp"' in summary
    # help first itself follows the summary, unfolded
    assert html.index('id="samenvatting"') < html.index('id="hulp-eerst"')
    assert html.index('id="hulp-eerst"') < html.index('<details class="hl-fold"')
    # and in English
    english = client.get(f"/beoordeling/{stored.pk}/", **EN).context["summary"]["first"]
    assert english["text"].startswith("First talk with an adviser: Advice from KVK")


def test_the_figures_tables_name_each_cell_for_the_phone_layout(example):
    _stored, response = example
    dim_a = part(response.content.decode(), "dim-a")
    cell = 'class="utrecht-table__cell utrecht-table__cell--numeric-data hl-figures__own"'
    for label in ("Uw bedrijf", "Percentiel"):
        assert dim_a.count(f'{cell} data-label="{label}"') == 3


def test_chart_labels_are_12px_and_wrap_instead_of_shrinking_the_bars(example):
    _stored, response = example
    spec = json.loads(
        re.search(
            r'<script type="application/json" id="chart-percentiles">(.*?)</script>',
            response.content.decode(),
        ).group(1)
    )
    assert CHART_FONT_PX == 12
    assert spec["config"]["axis"] == {"labelFontSize": 12, "titleFontSize": 12}
    labels = [bar["label"] for bar in spec["data"]["values"]]
    assert labels[0] == "Productiviteit 2018"  # "(brutomarge per VTE)" is in the table
    assert "Productiviteitsgroei\n2016–2018" in labels
    assert all(len(line) <= 20 for label in labels for line in label.split("\n")), labels
    assert len(set(labels)) == len(labels)
    # the tooltip keeps the whole title
    assert spec["data"]["values"][0]["figure"] == "Productiviteit 2018 (brutomarge per VTE)"


def test_a_double_submitted_feedback_is_saved_once(client, example):
    stored, _ = example
    url = f"/beoordeling/{stored.pk}/feedback/"
    answer = {"rating": "4", "comment": "Duidelijk!"}
    first, second = client.post(url, answer), client.post(url, answer)
    assert [first.status_code, second.status_code] == [302, 302]
    assert first["Location"] == second["Location"] == f"/beoordeling/{stored.pk}/#feedback"
    assert Feedback.objects.count() == 1
    # another rating or comment is other feedback
    client.post(url, {"rating": "5", "comment": "Duidelijk!"})
    assert Feedback.objects.count() == 2
    # the same again, more than ten minutes later, is new feedback too
    Feedback.objects.update(created_at=Feedback.objects.get(rating=4).created_at - timedelta(11))
    client.post(url, answer)
    assert Feedback.objects.filter(rating=4).count() == 2


def test_a_double_submit_is_not_counted_against_the_rate(client, example, settings):
    settings.HULPLIJN_FEEDBACK_RATE = "1/h"
    stored, _ = example
    url = f"/beoordeling/{stored.pk}/feedback/"
    codes = [client.post(url, {"rating": "3"}).status_code for _ in range(3)]
    assert codes == [302, 302, 302] and Feedback.objects.count() == 1
    assert client.post(url, {"rating": "2"}).status_code == 429


def test_the_thanks_for_feedback_are_in_the_feedback_section(client, example):
    stored, _ = example
    response = client.post(f"/beoordeling/{stored.pk}/feedback/", {"rating": "4"}, follow=True)
    html = response.content.decode()
    thanks = "Bedankt voor uw feedback."
    assert html.count(thanks) == 1
    feedback = part(html, "feedback-kop")
    assert thanks in feedback
    assert feedback.index(thanks) < feedback.index("<form")  # above the form, where it lands


def test_sharing_is_confirmed_in_the_sharing_section(client):
    client.force_login(UserFactory())
    complete_wizard(client)
    stored = Assessment.objects.get()
    response = client.post(f"/beoordeling/{stored.pk}/delen/", {"kind": "link"})
    assert response["Location"] == f"/beoordeling/{stored.pk}/#delen"
    html = client.get(response["Location"]).content.decode()
    sharing = part(html, "delen-kop")
    assert "Er is een deellink gemaakt" in sharing and "hl-messages--here" in sharing
    assert html.count("Er is een deellink gemaakt") == 1
    # a refused adviser address is said there too
    response = client.post(
        f"/beoordeling/{stored.pk}/delen/", {"kind": "adviser", "email": "nobody@example.nl"}
    )
    html = client.get(response["Location"]).content.decode()
    assert 'role="alert"' in part(html, "delen-kop")


def test_each_message_is_shown_once_in_its_own_place():
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.template.loader import render_to_string

    messages = [
        Message(constants.SUCCESS, "Voor de feedback", extra_tags="feedback"),
        Message(constants.INFO, "Voor nergens in het bijzonder"),
        Message(constants.ERROR, "Ook voor nergens", extra_tags=None),
    ]

    def shown(place):
        html = render_to_string(
            "assessments/_messages_here.html", {"messages": messages, "place": place}
        )
        return re.findall(r'role="(\w+)">\s*<div[^>]*><p[^>]*>([^<]+)<', html)

    # the top of the page (place ""): the messages meant for no place
    assert shown("") == [("status", "Voor nergens in het bijzonder"), ("alert", "Ook voor nergens")]
    assert shown("feedback") == [("status", "Voor de feedback")]
    assert shown("delen") == []


def test_the_what_if_is_open_on_the_page_it_answers_with(client, example):
    stored, _ = example
    response = client.post(
        f"/beoordeling/{stored.pk}/wat-als/", {"fte": "50", "gross_margin": "965.000"}
    )
    assert '<details class="hl-fold" open>' in part(response.content.decode(), "wat-als")
