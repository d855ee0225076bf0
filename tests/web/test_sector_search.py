"""The wizard's sector search (issue #14): everyday words, typos and codes find the peer group,
and searching never shows messages for fields not filled in yet."""

import pytest

from hulplijn.web.assessments.models import Draft

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def choices(response) -> list[str]:
    return [
        code
        for _group, options in response.context["form"].fields["sbi"].choices[1:]
        for code, _label in options
    ]


def search(client, data, **extra):
    """Press "Zoeken" without JavaScript: the whole step form is sent with action=search."""
    response = client.post("/zelfdiagnose/sector/", {**data, "action": "search"}, **extra)
    assert response.status_code == 302
    return client.get(response["Location"], **extra)


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("bakkerij", ["10", "47"]),  # the example the page itself gives
        ("horeca", ["55", "56"]),
        ("restaurant", ["56"]),
        ("cafe", ["56"]),
        ("café", ["56"]),
        ("kapper", ["96"]),
        ("software", ["62"]),
        ("ict", ["62", "63"]),
    ],
)
def test_the_words_that_found_nothing_find_their_sector(client, query, first):
    response = client.get("/zelfdiagnose/sector/", {"q": query})
    assert choices(response)[: len(first)] == first
    html = response.content.decode()
    assert "Niets gevonden" not in html
    assert "Gevonden voor" in html


def test_ict_does_not_find_the_film_sector(client):
    for extra in ({}, EN):
        assert "59" not in choices(client.get("/zelfdiagnose/sector/", {"q": "ict"}, **extra))


def test_the_page_says_which_class_led_to_each_group(client):
    html = client.get("/zelfdiagnose/sector/", {"q": "bakkerij"}).content.decode()
    assert "SBI 2008 10.71 Vervaardiging van brood en vers banketbakkerswerk" in html
    assert "SBI 2008 47.24 Winkels in brood, banket, chocolade en suikerwerk" in html
    # a typo shows the everyday word it was read as
    html = client.get("/zelfdiagnose/sector/", {"q": "kaper"}).content.decode()
    assert "SBI 2008 96.02 Haar- en schoonheidsverzorging (kapper)" in html


def test_typos_and_codes(client):
    assert choices(client.get("/zelfdiagnose/sector/", {"q": "restaurnat"}))[0] == "56"
    assert choices(client.get("/zelfdiagnose/sector/", {"q": "kaper"}))[0] == "96"
    for code in ("10.71", "1071", "47.24.1", "47241"):
        assert choices(client.get("/zelfdiagnose/sector/", {"q": code}))[0] == code[:2]


def test_one_group_found_is_chosen_to_confirm(client):
    response = client.get("/zelfdiagnose/sector/", {"q": "kapper"})
    assert choices(response) == ["96"]
    assert '<option value="96" selected>' in response.content.decode()
    # two found: the owner chooses
    response = client.get("/zelfdiagnose/sector/", {"q": "bakkerij"})
    assert '<option value="" selected>' in response.content.decode()


def test_nothing_found_says_so_and_shows_the_whole_list(client):
    response = client.get("/zelfdiagnose/sector/", {"q": "qwxyzv"})
    assert "Niets gevonden voor “qwxyzv”" in response.content.decode()
    assert len(choices(response)) == 88


def test_pressing_search_shows_no_messages_for_fields_not_filled_in(client):
    client.get("/zelfdiagnose/")
    response = search(client, {"q": "bakkerij", "sbi": "", "working_persons": ""})
    assert response.context["form"].errors == {}
    html = response.content.decode()
    assert "utrecht-form-field-error-message" not in html and 'id="fouten"' not in html
    assert choices(response)[:2] == ["10", "47"]
    # what was typed is kept, and shown without being judged
    response = search(client, {"q": "kapper", "sbi": "", "working_persons": "300"})
    assert response.context["form"].errors == {}
    assert 'value="300"' in response.content.decode()
    assert Draft.objects.get().data["raw"]["sector"]["working_persons"] == "300"


def test_after_a_refused_next_a_search_shows_no_old_messages(client):
    client.get("/zelfdiagnose/")
    response = client.post(
        "/zelfdiagnose/sector/", {"sbi": "", "working_persons": "", "action": "next"}
    )
    assert response.context["form"].errors  # next still judges everything
    response = search(client, {"q": "horeca", "sbi": "", "working_persons": ""})
    assert response.context["form"].errors == {}
    # choosing from the hits and pressing next goes on as before
    response = client.post(
        "/zelfdiagnose/sector/?q=horeca",
        {"q": "horeca", "sbi": "56", "working_persons": "4", "action": "next"},
    )
    assert response.status_code == 302 and response["Location"] == "/zelfdiagnose/resultaten/"
    assert Draft.objects.get().data["clean"]["sector"]["sbi"] == "56"


def test_the_search_words_travel_safely_in_the_address(client):
    client.get("/zelfdiagnose/")
    response = client.post(
        "/zelfdiagnose/sector/", {"q": "café & bar", "working_persons": "", "action": "search"}
    )
    assert response["Location"] == "/zelfdiagnose/sector/?q=caf%C3%A9+%26+bar"
    response = client.get(response["Location"])
    assert response.context["form"].query == "café & bar"
    assert choices(response)[0] == "56"


def test_the_search_works_without_javascript_and_htmx_swaps_hits_and_list(client):
    html = client.get("/zelfdiagnose/sector/", {"q": "kapper"}).content.decode()
    # a plain submit button in the step's form; htmx only enhances the same address
    assert 'type="submit" name="action" value="search"' in html
    assert 'hx-select="#hl-sector-results"' in html and 'hx-select-oob="#id_sbi"' in html
    assert 'id="hl-sector-results"' in html and 'id="id_sbi"' in html


def test_english_pages_search_english_titles_too(client):
    response = client.get("/zelfdiagnose/sector/", {"q": "hairdressing"}, **EN)
    assert choices(response)[0] == "96"
    assert "Found for “hairdressing”" in response.content.decode()
