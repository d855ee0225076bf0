"""The koplopers and the size of the prize on the dashboard and in the PDF (issue 14: believable
comparisons, a complete PDF; docs/decisions/0029-believable-prize.md)."""

import copy
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from django.core.cache import caches

from hulplijn.core.benchmark import value_at
from hulplijn.web.assessments.models import Assessment
from tests.web.conftest import EXAMPLE_STEPS, complete_wizard
from tests.web.test_help_first import RESTAURANT

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def restaurant(client, gross_margin: str) -> Assessment:
    """The issue's restaurant (SBI 56, 7 FTE) with a latest gross margin of ``gross_margin``."""
    steps = copy.deepcopy(RESTAURANT)
    steps["resultaten"]["gross_margin_2"] = gross_margin
    complete_wizard(client, steps)
    return Assessment.objects.get()


def section(html: str) -> str:
    """The koplopers section of the dashboard, its words on one line."""
    start = html.index('id="koplopers"')
    part = html[start : html.index("</section>", start)]
    return " ".join(re.sub(r"<[^>]+>", " ", part).split())


def p(reference, key: str, percentile: float) -> float:
    """The synthetic reference's productivity at ``percentile`` in the group ``key``."""
    row = reference.peers.keys.index(("productivity", "division_size", key))
    return float(value_at(reference.peers.quantiles, np.array([row]), np.array([percentile]))[0])


def euro(value: float) -> str:
    return f"€ {value:,.0f}".replace(",", ".")


def test_a_restaurant_past_the_middle_koploper_is_told_it_is_a_koploper(
    client, synthetic_reference
):
    # issue 14: a restaurant at percentile 91 read "Stel dat uw bedrijf net zo productief is als
    # het bedrijf op percentiel 100 ... +286,3%" and was never told it is a koploper. 455,000 /
    # 7 FTE = 65,000 per FTE, above the test population's p 90 of 56/micro
    assert p(synthetic_reference, "56/micro", 90) < 65_000
    stored = restaurant(client, "455000")
    prize = stored.result["size_of_prize"]
    assert prize["current_percentile"] > 90 and prize["euros"] == 0
    text = section(client.get(f"/beoordeling/{stored.pk}/").content.decode())
    assert "percentiel 100" not in text
    assert "U hoort bij de koplopers" in text
    assert "U haalt zelfs meer dan de middelste koploper" in text
    assert "Binnen uw groep valt er dus niets meer in te halen." in text
    assert "Wij rekenen met geen hoger doel dan percentiel 90" in text
    english = section(client.get(f"/beoordeling/{stored.pk}/", **EN).content.decode())
    assert "You are one of the koplopers" in english and "percentile 100" not in english


def test_a_koploper_below_the_middle_aims_at_it_and_is_told_why(client, synthetic_reference):
    # the restaurant as in test_help_first: 410,000 / 7 = 58,571 per FTE, between the test
    # population's p 80 and p 90 of 56/micro: a koploper; the report's step (+10 percentiles)
    # would pass p 90, so the prize aims at p 90: (value at p 90) x 7 - 410,000
    p80, p90 = p(synthetic_reference, "56/micro", 80), p(synthetic_reference, "56/micro", 90)
    assert p80 <= 410_000 / 7 < p90
    stored = restaurant(client, "410000")
    text = section(client.get(f"/beoordeling/{stored.pk}/").content.decode())
    assert "U hoort bij de koplopers" in text
    assert f"De middelste koploper haalt {euro(p90)} per VTE" in text
    assert (
        "Stel dat uw bedrijf net zo productief is als de middelste koploper (percentiel 90 van "
        f"uw groep). Dan is uw brutomarge {euro(p90 * 7 - 410_000)} per jaar hoger."
    ) in text
    assert "Wij rekenen met geen hoger doel dan percentiel 90" in text


def test_retail_koplopers_are_their_middle_firm_with_the_synthetic_caveat(
    client, synthetic_reference
):
    # issue 14: in retail (midden) "koplopers halen gemiddeld EUR 344.897 per VTE" against a
    # median of EUR 29.160. The level is now the koplopers' median (p 90 of 47/midden), not the
    # mean of the top 20% the reference also holds (pulled up by the tail)
    row = synthetic_reference.peers.keys.index(("productivity", "division_size", "47/midden"))
    mean = float(synthetic_reference.peers.top20_mean[row])
    p90 = p(synthetic_reference, "47/midden", 90)
    assert euro(mean) != euro(p90)
    complete_wizard(client)
    stored = Assessment.objects.get()
    text = section(client.get(f"/beoordeling/{stored.pk}/").content.decode())
    assert "halen gemiddeld" not in text and euro(mean) not in text
    assert f"de middelste koploper haalt {euro(p90)}." in text
    assert "Wij noemen de middelste koploper en geen gemiddelde" in text
    assert "De vergelijkingsgroep is nagebootst (een synthetische populatie" in text
    # the example firm (p 12) is no koploper; its prize follows the report's step
    assert "U hoort bij de koplopers" not in text
    assert "het bedrijf op percentiel 22 van uw groep" in text


def test_an_assessment_stored_before_decision_0029_still_shows_as_it_was_made(client):
    # a stored result is never assessed again: without the new fields it reads as the mean of
    # the top 20% and the report's uncapped step, and the page keeps the old sentences
    complete_wizard(client)
    stored = Assessment.objects.get()
    result = copy.deepcopy(stored.result)
    for key in ("level_statistic", "member"):
        del result["koplopers"][key]
    for key in ("cap_percentile", "capped"):
        del result["size_of_prize"][key]
    del result["derivations"]
    Assessment.objects.filter(pk=stored.pk).update(result=result)
    for cache in caches.all():  # the outcome's fragment, cached when the wizard showed it
        cache.clear()
    response = client.get(f"/beoordeling/{stored.pk}/")
    assert response.status_code == 200
    text = section(response.content.decode())
    assert "De beste 20% van uw vergelijkingsgroep (de koplopers) halen gemiddeld" in text
    assert "middelste koploper" not in text
    assert "het bedrijf op percentiel 22 van uw groep" in text


# --- the PDF (slow tier: tests/conftest.py TIERS) ------------------------------------------
def pdf_of(client, stored, tmp_path, lang="nl"):
    assert shutil.which("pdftotext"), "poppler-utils is installed by `make test` (pdf-tools)"
    response = client.get(f"/beoordeling/{stored.pk}/rapport.pdf?lang={lang}")
    assert response.status_code == 200
    path = tmp_path / f"rapport-{lang}.pdf"
    path.write_bytes(response.content)
    return path


def pdf_text(path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True)
    return " ".join(out.stdout.split())


def test_the_pdf_has_the_guess_koplopers_and_interpretation(client, tmp_path):
    # issue 14: "The PDF leaves out the guess, the koplopers paragraph and the interpretation
    # lines". The example firm guessed percentile 60 (EXAMPLE_STEPS) and is at 12
    assert EXAMPLE_STEPS["inschatting"]["guess_percentile"] == "60"
    complete_wizard(client)
    stored = Assessment.objects.get()
    text = pdf_text(pdf_of(client, stored, tmp_path))
    assert "U schatte uw productiviteit op percentiel 60. De uitkomst is percentiel 12." in text
    assert "De beste 20% van uw vergelijkingsgroep (de koplopers) begint bij" in text
    assert "Wij noemen de middelste koploper en geen gemiddelde" in text
    # the interpretation lines: liquidity per moment (February 102 days, p 97: high; quick
    # ratio 260,000 / 180,000 = 1.44: healthy) and solvency (520,000 / 1,300,000 = 40%: not
    # above 40%)
    assert "2020-02: hoge liquiditeit ten opzichte van vergelijkbare bedrijven" in text
    assert "quick ratio gezond (1 of hoger)" in text
    assert "Niet hoger dan 40%" in text
    assert "Wat bedrijven in dit segment het meest nodig hebben" in text
    english = pdf_text(pdf_of(client, stored, tmp_path, "en"))
    assert "You guessed percentile 60 for productivity; the outcome is percentile 12." in english
    assert "We name the middle koploper, not an average" in english


def test_the_restaurants_pdf_puts_help_first_and_says_it_is_a_koploper(client, tmp_path):
    stored = restaurant(client, "410000")
    text = pdf_text(pdf_of(client, stored, tmp_path))
    assert text.index("Eerst: hulp die bij uw situatie past") < text.index("In één oogopslag")
    assert "U hoort bij de koplopers" in text
    assert "Wij rekenen met geen hoger doel dan percentiel 90" in text
    # the action plan starts with a talk with the first route of help first
    plan = text[text.rindex("Actieplan") :]
    assert plan.startswith("Actieplan 1. Maak eerst een afspraak voor een gesprek:")


# A4 is 595.28 x 841.89 pt; report.html's @page margins are 16 mm left and right (45.35 pt) and
# 20 mm at the bottom (56.69 pt), and the body keeps its default 8 px (6 pt) margin: the content
# runs from x = 51.35 to 543.92 pt, above y = 785.2 (the page number sits in the margin below)
LEFT, RIGHT, BOTTOM = 45.354 + 6.0, 595.276 - 45.354 - 6.0, 841.89 - 56.693


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_word_of_the_pdf_leaves_the_page_content(client, tmp_path, lang):
    # issue 14: "one chart label is clipped": the chart's longest label ("Productiviteit 2018
    # (brutomarge per VTE)") was measured by Vega in a narrower font than WeasyPrint draws, so
    # it began left of the chart, about 37 pt from the page's edge, and was cut off there.
    # pdftotext -bbox gives every drawn word's box, clipped or not
    complete_wizard(client)
    stored = Assessment.objects.get()
    path = pdf_of(client, stored, tmp_path, lang)
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", out))
    words = [
        (w.text, float(w.get("xMin")), float(w.get("xMax")))
        for w in root.iter("{http://www.w3.org/1999/xhtml}word")
        if float(w.get("yMax")) < BOTTOM
    ]
    assert len(words) > 500
    outside = [w for w in words if w[1] < LEFT - 0.5 or w[2] > RIGHT + 0.5]
    assert outside == []
    assert "…" not in " ".join(w[0] or "" for w in words)  # no label shortened either
