"""Over ons / contact (issue #14): "No page says who runs the service or how to reach a person,
on a site called 'hulplijn'". The page shows the configured organisation and contact details,
is linked from every page's footer, and says so plainly when nothing is configured."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

CONTACT = {
    "HULPLIJN_CONTACT_ORGANISATION": "Stichting Ondernemershulp",
    "HULPLIJN_CONTACT_EMAIL": "hulp@ondernemershulp.example",
    "HULPLIJN_CONTACT_PHONE": "+31 30 123 45 67",
    "HULPLIJN_CONTACT_ADDRESS": "Marktplein 1, 3511 AA Utrecht",
    "HULPLIJN_CONTACT_HOURS": "maandag tot en met vrijdag 9.00 tot 17.00 uur",
}


@pytest.fixture
def configured(settings):
    for name, value in CONTACT.items():
        setattr(settings, name, value)
    settings.HULPLIJN_CONTACT_IS_EXAMPLE = False


@pytest.mark.parametrize("page", ["/", "/privacy/", "/zelfdiagnose/sector/"])
def test_every_page_links_to_about_us_in_its_footer(client, page):
    html = client.get(page).content.decode()
    footer = html[html.index("<footer") :]
    assert 'href="/over-ons/"' in footer
    assert "Over ons en contact" in footer


def test_the_page_names_who_runs_the_service_and_how_to_reach_a_person(client, configured):
    response = client.get("/over-ons/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "De mkb-hulplijn wordt uitgevoerd door Stichting Ondernemershulp." in html
    assert 'href="tel:+31301234567"' in html and "+31 30 123 45 67" in html
    assert 'href="mailto:hulp@ondernemershulp.example"' in html
    assert "Marktplein 1, 3511 AA Utrecht" in html
    assert "maandag tot en met vrijdag 9.00 tot 17.00 uur" in html
    assert "voorbeeld" not in html.lower().split("<main")[1].split("</main>")[0]
    assert "geen contactgegevens" not in html


def test_unconfigured_the_page_says_so_and_invents_nothing(client, settings):
    for name in CONTACT:
        setattr(settings, name, "")
    settings.HULPLIJN_CONTACT_IS_EXAMPLE = False
    html = client.get("/over-ons/").content.decode()
    main = html.split("<main")[1].split("</main>")[0]
    assert "Voor deze installatie zijn nog geen contactgegevens ingesteld" in main
    assert "nog niet ingevuld" in main  # the organisation's name
    assert "mailto:" not in main and "tel:" not in main


def test_example_details_are_marked_as_an_example(client, configured, settings):
    settings.HULPLIJN_CONTACT_IS_EXAMPLE = True
    html = client.get("/over-ons/").content.decode()
    assert "voorbeeldgegevens" in html


def test_the_page_in_english(client, configured):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/over-ons/").content.decode()
    assert "The mkb-hulplijn is run by Stichting Ondernemershulp." in html
    assert "Talk to a person" in html


def test_the_development_settings_mark_their_contact_details_as_an_example():
    import importlib

    dev = importlib.import_module("hulplijn.web.conf.dev")
    assert dev.HULPLIJN_CONTACT_IS_EXAMPLE is True
    assert dev.HULPLIJN_CONTACT_EMAIL.endswith("example.org")
    base = importlib.import_module("hulplijn.web.conf.base")
    assert base.HULPLIJN_CONTACT_IS_EXAMPLE is False
