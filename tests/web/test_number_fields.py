"""Numbers typed on a page are read in the page's language by the one parser
(``hulplijn.core.numbers``), in the cockpit and in the wizard alike.

Issue #17: the cockpit read "100.000" as 100 (``float("100.000")``) while the CSV importer read
"2.700" as 2700; a Dutch page now reads a point before three digits as a thousands separator,
everywhere, and refuses what is a number only the English way ("0.5") with the way to write it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from hulplijn.imports import csv_batch
from hulplijn.web.assessments.forms import WhatIfForm
from hulplijn.web.assessments.steps import STEPS
from hulplijn.web.cockpit.forms.fields import NumberField, parse_number
from hulplijn.web.cockpit.forms.prioritisation import WeightsForm
from hulplijn.web.number_fields import NumberInput


def test_the_cockpit_reads_dutch_thousands():
    with translation.override("nl"):
        assert NumberField().clean("100.000") == 100_000.0  # was 100.0
        assert NumberField().clean("2.700") == 2_700.0
        assert NumberField().clean("2.700.000,5") == 2_700_000.5
        assert NumberField().clean("0,5") == 0.5
    with translation.override("en"):
        assert NumberField().clean("100,000") == 100_000.0
        assert NumberField().clean("0.5") == 0.5


def test_a_weight_of_one_thousand_is_too_large_not_one():
    """ "1.000" used to pass as a weight of 1; it is a thousand, above the largest weight."""
    with translation.override("nl"):
        form = WeightsForm({"value_added": "1.000"})
        assert not form.is_valid()
        assert form.errors["value_added"] == ["Vul een gewicht van 100 of minder in."]  # not 100.0
        assert WeightsForm({"value_added": "2,5"}).is_valid()


@pytest.mark.parametrize(
    "text", ["100.000", "2.700", "1.300.000", "965.000,50", "0,125", "12,5", "58", "-12.500"]
)
def test_the_cockpit_and_the_csv_importer_agree(text):
    with translation.override("nl"):
        assert parse_number(text) == csv_batch.parse_number(text)


def test_an_ambiguous_number_is_refused_with_the_way_to_write_it():
    with translation.override("nl"), pytest.raises(forms.ValidationError) as caught:
        NumberField().clean("0.5")
    assert caught.value.code == "ambiguous"
    assert caught.value.messages == [
        "'0.5' is niet eenduidig: in het Nederlands staat een komma voor de decimalen en een "
        "punt tussen groepen van drie cijfers; schrijf 0,5."
    ]
    with translation.override("en"), pytest.raises(forms.ValidationError) as caught:
        NumberField().clean("1.234,5")
    assert caught.value.messages[0].endswith("; write 1,234.5.")
    with translation.override("nl"), pytest.raises(forms.ValidationError) as caught:
        NumberField().clean("veel")
    assert caught.value.code == "invalid"
    assert caught.value.messages == ["Vul een getal in, bijvoorbeeld 1 of 0,5."]


def test_a_text_box_shows_what_it_reads_back():
    widget = NumberInput()
    with translation.override("nl"):
        assert widget.format_value(2_700_000.0) == "2700000"
        assert widget.format_value(0.125) == "0,125"
        assert NumberField().clean(widget.format_value(1.125)) == 1.125
    with translation.override("en"):
        assert widget.format_value(0.125) == "0.125"
        assert widget.format_value(Decimal("965000.50")) == "965000.5"


def test_the_wizard_reads_the_same_way():
    with translation.override("nl"):
        form = WhatIfForm({"fte": "58", "gross_margin": "965.000"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["gross_margin"] == Decimal("965000")
        form = WhatIfForm({"fte": "0.6", "gross_margin": "965000,50"})
        assert not form.is_valid()
        assert form.errors["fte"][0].startswith("'0.6' is niet eenduidig")
        assert "gross_margin" not in form.errors
        form = WhatIfForm({"fte": "1,005", "gross_margin": "1"})  # three decimals: too many
        assert "fte" in form.errors
        form = WhatIfForm({"fte": "0", "gross_margin": "1"})
        assert form.errors["fte"] == ["Zorg ervoor dat deze waarde minstens 0,01 is."]  # not 0.01
    with translation.override("en"):
        form = WhatIfForm({"fte": "0.6", "gross_margin": "965,000"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["gross_margin"] == Decimal("965000")
        assert form.cleaned_data["fte"] == Decimal("0.6")


# --- issue 14: what owners type in the wizard --------------------------------------------------


def results_form(**typed):
    from hulplijn.web.assessments.forms import ResultsForm
    from tests.web.conftest import EXAMPLE_STEPS
    from tests.web.factories import AssessmentRoundFactory

    round = AssessmentRoundFactory.build()
    return ResultsForm({**EXAMPLE_STEPS["resultaten"], **typed}, round=round)


def test_the_smallest_fte_the_field_names_is_accepted():
    """FTE "0,01" was refused with "minstens 0,01": the Decimal 0.01 is below the float 0.01."""
    with translation.override("nl"):
        form = results_form(fte_1="0,01")
        assert form.is_valid(), form.errors
        assert form.cleaned_data["fte_1"] == Decimal("0.01")
        form = results_form(fte_1="0,001")
        assert "Zorg ervoor dat deze waarde minstens 0,01 is." in form.errors["fte_1"]
        form = results_form(fte_1="0")
        assert form.errors["fte_1"] == ["Zorg ervoor dat deze waarde minstens 0,01 is."]
        assert WhatIfForm({"fte": "0,01", "gross_margin": "1"}).is_valid()
    with translation.override("en"):
        plain = {"gross_margin_1": "909000", "wage_costs_1": "329000", "gross_margin_2": "965000"}
        form = results_form(**plain, wage_costs_2="348,740", fte_2="0.01")
        assert form.is_valid(), form.errors
        assert results_form(fte_2="0").errors["fte_2"] == [
            "Ensure this value is greater than or equal to 0.01."
        ]


@pytest.mark.parametrize(
    "typed", ["EUR 400.000", "€ 400.000", "€400.000,-", "400.000 euro", "400.000", "400000"]
)
def test_an_amount_is_taken_as_owners_write_it(typed):
    with translation.override("nl"):
        form = results_form(gross_margin_1=typed)
        assert form.is_valid(), form.errors
        assert form.cleaned_data["gross_margin_1"] == Decimal("400000")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "400,000",
            "'400,000' is niet eenduidig: schrijf 400000 of 400.000 voor duizendtallen en 400,0 "
            "voor decimalen.",
        ),
        (
            "1.5",
            "'1.5' is niet eenduidig: in het Nederlands staat een komma voor de decimalen en een "
            "punt tussen groepen van drie cijfers; schrijf 1,5.",
        ),
    ],
)
def test_an_ambiguous_amount_is_still_refused(typed, message):
    with translation.override("nl"):
        form = results_form(gross_margin_1=typed)
        assert form.errors["gross_margin_1"] == [message]


@pytest.mark.django_db
def test_the_review_shows_each_figure_as_it_was_read(client):
    """ "EUR 400.000" and "400.000" read the same, and the review says so in one notation."""
    from tests.web.conftest import EXAMPLE_STEPS

    client.get("/zelfdiagnose/")
    client.post("/zelfdiagnose/sector/", {**EXAMPLE_STEPS["sector"], "action": "next"})
    typed = {**EXAMPLE_STEPS["resultaten"], "gross_margin_1": "EUR 400.000", "fte_1": "0,6"}
    client.post("/zelfdiagnose/resultaten/", {**typed, "action": "next"})
    rows = dict(dict(client.get("/zelfdiagnose/controle/").context["answers"])[STEPS[1]])
    assert rows["Brutomarge 2016 (euro)"] == "€ 400.000"
    assert rows["Loonkosten 2018 (euro)"] == "€ 348.740"
    assert rows["VTE 2016"] == "0,6"
    assert rows["VTE 2018"] == "58"


def test_what_is_no_amount_gets_examples_the_pages_way():
    with translation.override("nl"):
        form = results_form(gross_margin_1="veel")
        assert form.errors["gross_margin_1"] == [
            "Vul een bedrag in euro in, bijvoorbeeld 400000, 400.000 of € 400.000,-."
        ]
        assert results_form(fte_1="veel").errors["fte_1"] == ["Vul een getal in."]
    with translation.override("en"):
        form = results_form(gross_margin_1="lots")
        assert form.errors["gross_margin_1"] == [
            "Enter an amount in euros, such as 400000, 400,000 or €400,000."
        ]
        with pytest.raises(forms.ValidationError) as caught:
            NumberField().clean("lots")
        assert caught.value.messages == ["Enter a number, such as 1 or 0.5."]  # was 0,5
