"""The sector search (hulplijn.core.sector_search on the shipped data): everyday words, titles,
typos and codes all end at the peer group, an SBI 2008 division (issue #14)."""

from __future__ import annotations

import csv
from importlib import resources

import pytest
import yaml

from hulplijn.core.sector_search import (
    SbiEntry,
    SearchWord,
    SectorSearch,
    dotted,
    normalise,
)
from hulplijn.reference import params

DATA = resources.files("hulplijn.reference") / "data"


@pytest.fixture(scope="module")
def search() -> SectorSearch:
    return params.sector_search()


def divisions(search: SectorSearch, query: str, language: str = "nl") -> list[str]:
    return [hit.division for hit in search.search(query, language)]


# the review's findings: each word found nothing (or the film sector, for "ict")
@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("bakkerij", {"10", "47"}),  # the site's own example: bakes (10.71) or sells (47.24)
        ("horeca", {"55", "56"}),
        ("restaurant", {"56"}),
        ("cafe", {"56"}),
        ("café", {"56"}),
        ("kapper", {"96"}),
        ("software", {"62"}),
        ("ict", {"62", "63"}),
    ],
)
def test_everyday_words_find_their_peer_group_first(search, query, first):
    found = divisions(search, query)
    assert set(found[: len(first)]) == first, found


def test_everyday_words_name_the_class_they_stand_for(search):
    bakery = {hit.division: hit.matches[0] for hit in search.search("bakkerij")}
    assert (bakery["10"].entry.dotted, bakery["10"].word) == ("10.71", "bakkerij")
    assert bakery["47"].entry.dotted == "47.24"
    assert search.search("restaurant")[0].matches[0].entry.dotted == "56.10"
    assert search.search("kapper")[0].matches[0].entry.dotted == "96.02"
    assert search.search("software")[0].matches[0].entry.dotted == "62.01"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_ict_is_not_the_film_sector(search, language):
    # "ict" is inside "picture" (motion picture, division 59): short words match whole words only
    assert "59" not in divisions(search, "ict", language)
    assert divisions(search, "ict", language)[:2] == ["62", "63"]
    assert "59" in divisions(search, "film", language)


@pytest.mark.parametrize(
    ("typo", "division"),
    [
        ("bakkerei", "10"),
        ("bakerij", "10"),
        ("restaurnat", "56"),
        ("resturant", "56"),
        ("kaper", "96"),
        ("horca", "55"),
        ("sofware", "62"),
        ("kapers", "96"),
    ],
)
def test_typos_are_forgiven(search, typo, division):
    assert division in divisions(search, typo)[:2], divisions(search, typo)


def test_plurals_capitals_and_spaces(search):
    assert divisions(search, "  Bakkerijen ")[:2] == divisions(search, "bakkerij")[:2]
    assert divisions(search, "KAPPERS")[0] == "96"


def test_short_words_are_not_guessed(search):
    # three letters that are no word of any title: no typo correction for so short a word
    assert divisions(search, "xqz") == []
    assert divisions(search, "zzzzzzzz") == []
    assert divisions(search, "") == []
    assert divisions(search, "van de en") == []  # only words that say nothing


@pytest.mark.parametrize(
    ("code", "division", "detail"),
    [
        ("10.71", "10", "10.71"),
        ("1071", "10", "10.71"),
        ("47.24.1", "47", "47.24.1"),
        ("47241", "47", "47.24.1"),
        ("56.30", "56", "56.3"),  # the KVK list names the only class of group 56.3 by its group
        ("5630", "56", "56.3"),
        ("62.01", "62", "62.01"),
        (" 96.02 ", "96", "96.02"),
    ],
)
def test_four_and_five_digit_codes_with_or_without_dots(search, code, division, detail):
    hits = search.search(code)
    assert [h.division for h in hits] == [division]
    assert hits[0].matches[0].entry.dotted == detail
    assert hits[0].matches[0].entry.version == "2008"


def test_sbi_2025_codes_reach_their_sbi_2008_division(search):
    # 62.10 exists only in SBI 2025 (computer programming; SBI 2008 has 62.01)
    hit = search.search("62.10")[0]
    assert hit.division == "62"
    assert [(m.entry.version, m.entry.dotted) for m in hit.matches] == [
        ("2008", "62"),
        ("2025", "62.10"),
    ]


def test_codes_that_do_not_exist(search):
    assert search.search("04") == ()  # no division 04 in either version
    assert search.search("0412") == ()
    # an unknown class still finds its division
    assert [h.division for h in search.search("47.99.9")] == ["47"]


def test_a_two_digit_code_is_its_division_and_one_digit_lists_them(search):
    assert [h.division for h in search.search("47")] == ["47"]
    assert [h.division for h in search.search("5")] == [
        "50",
        "51",
        "52",
        "53",
        "55",
        "56",
        "58",
        "59",
    ]


def test_a_query_of_several_words_ranks_groups_with_every_word_first(search):
    assert divisions(search, "webwinkel kleding")[0] == "47"
    assert divisions(search, "detailhandel")[0] == "47"


def test_english_titles_on_english_pages(search):
    assert "96" in divisions(search, "hairdressing", "en")
    assert "96" not in divisions(search, "hairdressing", "nl")


def test_a_small_index_ranks_words_then_titles_then_typos():
    entries = [
        SbiEntry("2008", "10", "Vervaardiging van voedingsmiddelen", "", "10"),
        SbiEntry("2008", "1071", "Vervaardiging van brood", "", "10"),
        SbiEntry("2008", "47", "Detailhandel", "", "47"),
        SbiEntry("2008", "4724", "Winkels in brood", "", "47"),
        SbiEntry("2025", "4724", "Detailhandel in brood", "Retail sale of bread", "47"),
    ]
    search = SectorSearch(entries, [SearchWord("bakkerij", ("1071",), "project")])
    assert [h.division for h in search.search("bakkerij")] == ["10"]
    assert [h.division for h in search.search("brood")] == ["10", "47"]
    assert search.search("bakkerij")[0].score > search.search("brood")[0].score
    assert search.search("bakkerei")[0].score < search.search("bakkerij")[0].score
    assert [h.division for h in search.search("bread", "en")] == ["47"]
    assert search.search("bread", "nl") == ()
    with pytest.raises(ValueError, match="no SBI 2008 code 9999"):
        SectorSearch(entries, [SearchWord("x", ("9999",), "project")])


def test_normalise_and_dotted():
    assert normalise("Café’s, auto's  & ICT-apparatuur") == "cafes autos ict apparatuur"
    assert [dotted(c) for c in ("47", "563", "5610", "47241")] == [
        "47",
        "56.3",
        "56.10",
        "47.24.1",
    ]


# the data: complete, sourced, and the two SBI versions kept apart


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:  # type: ignore[call-overload]
        return list(csv.DictReader(handle))


def test_class_files_hold_groups_classes_and_subclasses_of_each_version():
    sbi2008 = _rows("sbi2008_classes.csv")
    sbi2025 = _rows("sbi2025_classes.csv")
    assert len(sbi2008) == 1197 and len(sbi2025) == 1845
    levels = {3: "group", 4: "class", 5: "subclass"}
    divisions_2008 = {r["code"] for r in _rows("sbi2008.csv") if r["level"] == "division"}
    divisions_2025 = {r["code"] for r in _rows("sbi2025.csv") if r["level"] == "division"}
    for rows, known, source in (
        (sbi2008, divisions_2008, "kvk-sbi-list"),
        (sbi2025, divisions_2025, "minvws-sbi2025-cc0"),
    ):
        assert len({r["code"] for r in rows}) == len(rows)
        for row in rows:
            assert row["code"].isdigit() and row["level"] == levels[len(row["code"])], row
            assert row["division"] == row["code"][:2] and row["division"] in known, row
            assert row["name_nl"] and row["source"] == source, row
    assert all(r["name_en"] for r in sbi2025)
    # the same code is not the same activity in the two versions
    titles_2008 = {r["code"]: r["name_nl"] for r in sbi2008}
    assert titles_2008["4791"] == "Detailhandel via internet"
    assert {r["code"]: r["name_nl"] for r in sbi2025}["4791"] != titles_2008["4791"]


def test_every_search_word_is_sourced_and_points_at_existing_codes(search):
    words = _rows("sector_words.csv")
    assert len({normalise(w["word"]) for w in words}) == len(words)
    for word in words:
        assert word["source"] in ("kvk-title", "project"), word
        # the project's own words say why; a title word is checked against the title below
        assert word["source"] == "kvk-title" or word["note"], word
        titles = []
        for code in word["sbi2008"].split():
            entry = search.entry("2008", code)
            assert entry is not None, (word, code)
            # the title of the code and of the codes below it
            titles += [
                e.name_nl
                for e in (search.entry("2008", c) for c in _codes_below(entry.code))
                if e is not None
            ]
        if word["source"] == "kvk-title":  # the claim: the word is in the official title
            assert any(normalise(word["word"]) in normalise(t) for t in titles), word


def _codes_below(code: str) -> list[str]:
    return [code] + [r["code"] for r in _rows("sbi2008_classes.csv") if r["code"].startswith(code)]


def test_the_new_files_have_provenance():
    with (DATA / "sbi.yaml").open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    for name in ("sbi2008_classes.csv", "sbi2025_classes.csv", "sector_words.csv"):
        assert data[name]["label"] and data[name]["source"] and data[name]["licence"], name
