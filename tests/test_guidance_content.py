"""Guidance content: best practices, mini-surveys and programmes: complete, bilingual, sourced.

The areas and themes are the report's ("Verdieping mkb-hulplijn (4/5)"); every theme has practices,
survey questions and at least one programme; targeting only uses known codes.
"""

import csv
import io
from collections import Counter
from importlib import resources

import pytest
import yaml

DATA = resources.files("hulplijn.reference") / "data"

REPORT_THEMES = {
    "entrepreneurship": [
        "management_behaviour",
        "vision_values",
        "goal_setting",
        "ambition",
    ],
    "innovation_processes": [
        "innovation",
        "digitalisation",
        "sales_optimisation",
        "operational_efficiency",
    ],
    "human_capital": ["performance_management", "talent_development", "motivation"],
}
ALL_THEMES = [t for themes in REPORT_THEMES.values() for t in themes]
SIZE_CLASSES = {"micro", "klein", "midden"}
SEGMENTS = {"accelerate", "grow", "renew", "reform"}
# Report measure ids: the ten plan measures 1-10 and the ten others A-J.
MEASURE_IDS = {str(i) for i in range(1, 11)} | set("ABCDEFGHIJ")
PROGRAMME_STATUS = {"proposed", "existing", "closed"}
CHECK_LEVELS = {"page", "site"}


def _yaml(name):
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def practices_file():
    return _yaml("best_practices.yaml")


@pytest.fixture(scope="module")
def surveys_file():
    return _yaml("surveys.yaml")


@pytest.fixture(scope="module")
def questions(surveys_file):
    return [q for survey in surveys_file["surveys"] for q in survey["questions"]]


@pytest.fixture(scope="module")
def sbi_sections():
    text = (DATA / "sbi2008.csv").read_text(encoding="utf-8")
    return {row["code"] for row in csv.DictReader(io.StringIO(text)) if row["level"] == "section"}


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _missing(entry: dict, fields) -> list[str]:
    return [f for f in fields if not _text(entry.get(f))]


# --- areas and themes -----------------------------------------------------------------------


def test_areas_and_themes_are_exactly_the_reports(practices_file):
    areas = practices_file["areas"]
    assert [a["code"] for a in areas] == list(REPORT_THEMES)
    for area in areas:
        assert [t["code"] for t in area["themes"]] == REPORT_THEMES[area["code"]], area["code"]
    assert len(ALL_THEMES) == 11


def test_areas_and_themes_are_named_and_located_in_the_report(practices_file):
    for area in practices_file["areas"]:
        for entry in [area, *area["themes"]]:
            assert not _missing(entry, ("name", "name_en", "report_label")), entry["code"]
            assert isinstance(entry["report_line"], int) and entry["report_line"] > 0


def test_metadata_is_complete(practices_file, surveys_file):
    for data in (practices_file, surveys_file):
        meta = data["metadata"]
        assert not _missing(meta, ("label", "label_en", "source", "note", "retrieved"))
        assert meta["retrieved"] == "2026-11-26"
    styles = surveys_file["metadata"]["styles"]
    assert "Bloom" in styles["wms"] and "2007" in styles["wms"]
    assert "Census" in styles["mops"]


# --- practices --------------------------------------------------------------------------------


def test_every_theme_has_at_least_two_practices(practices_file):
    per_theme = Counter(p["theme"] for p in practices_file["practices"])
    for theme in ALL_THEMES:
        assert per_theme[theme] >= 2, theme
    assert len(practices_file["practices"]) >= 22


def test_practices_belong_to_their_area(practices_file):
    for p in practices_file["practices"]:
        assert p["theme"] in REPORT_THEMES[p["area"]], p["code"]


def test_practices_are_bilingual_with_three_steps_and_a_source(practices_file):
    fields = ("title", "title_en", "summary", "summary_en", "source", "source_url")
    for p in practices_file["practices"]:
        assert not _missing(p, fields), (p["code"], _missing(p, fields))
        for key in ("steps", "steps_en"):
            steps = p[key]
            assert len(steps) == 3 and all(_text(s) for s in steps), (p["code"], key)
        assert p["source_url"].startswith(("https://", "http://")), p["code"]
        assert isinstance(p["source_checked"], bool), p["code"]
        if p["source_checked"]:
            assert p["check_level"] in CHECK_LEVELS, p["code"]


def test_practice_summaries_have_two_to_four_sentences(practices_file):
    for p in practices_file["practices"]:
        for key in ("summary", "summary_en"):
            sentences = [s for s in p[key].replace("?", ".").split(". ") if s.strip()]
            assert 2 <= len(sentences) <= 4, (p["code"], key, len(sentences))


def _valid_target(value, allowed) -> bool:
    if value == "all":
        return True
    return isinstance(value, list) and bool(value) and set(value) <= allowed


def test_targeting_values_are_valid(practices_file, sbi_sections):
    assert sbi_sections == set("ABCDEFGHIJKLMNOPQRSTU")
    for p in practices_file["practices"]:
        assert _valid_target(p["sections"], sbi_sections), (p["code"], p["sections"])
        assert _valid_target(p["size_classes"], SIZE_CLASSES), (p["code"], p["size_classes"])
        assert _valid_target(p["segments"], SEGMENTS), (p["code"], p["segments"])


# --- surveys ----------------------------------------------------------------------------------


def test_one_survey_per_area(surveys_file):
    assert [s["area"] for s in surveys_file["surveys"]] == list(REPORT_THEMES)
    for survey in surveys_file["surveys"]:
        assert not _missing(survey, ("title", "title_en", "intro", "intro_en")), survey["code"]
        assert 8 <= len(survey["questions"]) <= 12, survey["code"]
        for q in survey["questions"]:
            assert q["area"] == survey["area"], q["code"]


def test_every_theme_has_two_or_three_questions(questions):
    per_theme = Counter(q["theme"] for q in questions)
    assert set(per_theme) == set(ALL_THEMES)
    for theme in ALL_THEMES:
        assert 2 <= per_theme[theme] <= 3, theme
    for q in questions:
        assert q["theme"] in REPORT_THEMES[q["area"]], q["code"]


def test_questions_have_five_ordered_bilingual_anchors(questions):
    for q in questions:
        assert not _missing(q, ("text", "text_en")), q["code"]
        assert q["style"] in {"wms", "mops"}, q["code"]
        anchors = q["anchors"]
        assert [a["score"] for a in anchors] == [1, 2, 3, 4, 5], q["code"]
        for a in anchors:
            assert not _missing(a, ("label", "label_en")), (q["code"], a["score"])
        assert len({a["label"] for a in anchors}) == 5, q["code"]


# --- programmes -------------------------------------------------------------------------------


def test_programmes_are_bilingual_and_linked(surveys_file):
    for prog in surveys_file["programmes"]:
        fields = ("name", "name_en", "what", "what_en", "url")
        assert not _missing(prog, fields), (prog["code"], _missing(prog, fields))
        assert prog["url"].startswith(("https://", "http://")), prog["code"]
        assert isinstance(prog["url_checked"], bool), prog["code"]
        if prog["url_checked"]:
            assert prog["check_level"] in CHECK_LEVELS, prog["code"]
        assert prog["status"] in PROGRAMME_STATUS, prog["code"]
        assert prog["measure_id"] is None or prog["measure_id"] in MEASURE_IDS, prog["code"]
        if prog["status"] == "proposed":
            assert prog["measure_id"] is not None, prog["code"]
        assert prog["for_themes"] and set(prog["for_themes"]) <= set(ALL_THEMES), prog["code"]


def test_report_measures_named_in_the_brief_are_present(surveys_file):
    measures = {p["measure_id"] for p in surveys_file["programmes"]}
    assert {"H", "10", "7", "5", "8", "J"} <= measures


def test_every_theme_is_covered_by_a_programme(surveys_file):
    covered = {t for prog in surveys_file["programmes"] for t in prog["for_themes"]}
    assert set(ALL_THEMES) <= covered
    open_covered = {
        t
        for prog in surveys_file["programmes"]
        if prog["status"] != "closed"
        for t in prog["for_themes"]
    }
    assert set(ALL_THEMES) <= open_covered


# --- scoring and codes ------------------------------------------------------------------------


def test_scoring_rules(surveys_file):
    scoring = surveys_file["scoring"]
    assert scoring["scale"] == {"min": 1, "max": 5}
    assert scoring["weak_threshold"] == 3.0
    assert scoring["max_recommendations"] == 3
    assert scoring["comparison_min_respondents"] == 10
    assert _text(scoring["comparison_min_respondents_source"])
    for key in ("theme_score", "area_score", "weakest_themes", "explanation", "explanation_en"):
        assert _text(scoring[key]), key


def test_comparison_minimum_matches_the_disclosure_rule(surveys_file):
    disclosure = _yaml("disclosure.yaml")["parameters"]["min_cell_firms"]["value"]
    assert surveys_file["scoring"]["comparison_min_respondents"] == disclosure


def test_codes_are_unique(practices_file, surveys_file, questions):
    codes = [a["code"] for a in practices_file["areas"]]
    codes += [t["code"] for a in practices_file["areas"] for t in a["themes"]]
    codes += [p["code"] for p in practices_file["practices"]]
    codes += [s["code"] for s in surveys_file["surveys"]]
    codes += [q["code"] for q in questions]
    codes += [p["code"] for p in surveys_file["programmes"]]
    duplicates = [c for c, n in Counter(codes).items() if n > 1]
    assert not duplicates, duplicates
