"""The measures catalogue (reference data measures.yaml): complete, consistent, true to the report.

Line numbers ("r.") refer to the seed report herstel-en-groeiplan-mkb.txt; how the scrambled tables
were read is in docs/reference/measures.md.
"""

from importlib import resources
from statistics import mean

import pytest
import yaml

PATH = resources.files("hulplijn.reference") / "data" / "measures.yaml"
CRITERIA = (
    "value_added",
    "limited_costs",
    "timely_impact",
    "executability",
    "public_support",
    "speed_of_introduction",
)
NET_IMPACT = CRITERIA[:3]
FEASIBILITY = CRITERIA[3:]
REQUIRED = (
    "id",
    "in_plan",
    "name",
    "name_en",
    "description",
    "description_en",
    "programme",
    "category",
    "need",
    "need_en",
    "target_segments",
    "target_note",
    "recovery_phases",
    "possible_start",
    "scores",
    "scores_source",
    "scores_confidence",
    "value_added_per_year",
    "cost_per_year",
    "executing_organisations",
    "status",
    "status_since",
    "status_until",
    "source",
    "audience",
    "audience_note",
)
# fields that may be null (or an empty list) by design; all others must be non-empty
NULLABLE = {
    "programme",
    "value_added_per_year",
    "cost_per_year",
    "executing_organisations",
    "status_since",
    "status_until",
}
SEGMENTS = {"accelerate", "grow", "renew", "reform", "all"}
PLAN_IDS = [str(i) for i in range(1, 11)]
OTHER_IDS = list("ABCDEFGHIJ")


@pytest.fixture(scope="module")
def data():
    return yaml.safe_load(PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def measures(data):
    return {m["id"]: m for m in data["measures"]}


def _empty(value) -> bool:
    return value is None or (isinstance(value, str | list | dict) and len(value) == 0)


def net_impact(m) -> float:
    return mean(m["scores"][c] for c in NET_IMPACT)


def feasibility(m) -> float:
    return mean(m["scores"][c] for c in FEASIBILITY)


# ------------------------------------------------------------------------------------ structure


def test_metadata_is_sourced(data):
    meta = data["metadata"]
    for key in ("label", "label_en", "source", "retrieved"):
        assert not _empty(meta.get(key)), key
    assert str(meta["retrieved"]) == "2026-11-26"
    assert [lvl["score"] for lvl in meta["scale"]["levels"]] == [5, 4, 3, 2, 1]
    assert [lvl["label"] for lvl in meta["scale"]["levels"]] == [
        "Hoog",
        "Relatief hoog",
        "Gemiddeld",
        "Relatief laag",
        "Laag",
    ]
    assert meta["net_impact"]["criteria"] == list(NET_IMPACT)
    assert meta["feasibility"]["criteria"] == list(FEASIBILITY)


def test_six_criteria_with_five_bands_each(data):
    criteria = data["criteria"]
    assert set(criteria) == set(CRITERIA)
    for code, c in criteria.items():
        for key in ("label", "label_en", "description", "description_en", "source", "group"):
            assert not _empty(c.get(key)), f"{code}.{key}"
        assert [b["score"] for b in c["bands"]] == [5, 4, 3, 2, 1], code
        assert c["group"] == ("net_impact" if code in NET_IMPACT else "feasibility")


def test_every_measure_has_every_field(data):
    for m in data["measures"]:
        for field in REQUIRED:
            assert field in m, f"measure {m.get('id')} lacks {field}"
            if field not in NULLABLE:
                assert not _empty(m[field]), f"measure {m['id']}: {field} is empty"
        assert str(m["source"]).strip(), m["id"]


def test_twenty_unique_ids_ten_in_plan(data, measures):
    ids = [m["id"] for m in data["measures"]]
    assert len(ids) == len(set(ids)) == 20
    assert sorted(ids) == sorted(PLAN_IDS + OTHER_IDS)
    assert sum(m["in_plan"] is True for m in data["measures"]) == 10
    assert all(measures[i]["in_plan"] is True for i in PLAN_IDS)
    assert all(measures[i]["in_plan"] is False for i in OTHER_IDS)


def test_scores_are_integers_1_to_5(data):
    for m in data["measures"]:
        assert set(m["scores"]) == set(CRITERIA), m["id"]
        for c, v in m["scores"].items():
            assert type(v) is int and 1 <= v <= 5, f"{m['id']}.{c} = {v!r}"
        assert m["scores_confidence"] in {"high", "medium", "low"}, m["id"]
        assert set(m["score_readings"]) == set(CRITERIA), m["id"]


def test_figures_are_ranges_or_explained_nulls(data):
    for m in data["measures"]:
        for key in ("value_added_per_year", "cost_per_year"):
            r = m[key]
            if r is None:
                assert not m["in_plan"], f"plan measure {m['id']} lacks {key}"
                note = str(m.get("figures_note") or "").strip()
                assert note, f"{m['id']}: null {key} unexplained"
                continue
            assert r["unit"] == "EUR m", m["id"]
            assert isinstance(r["min"], int | float) and isinstance(r["max"], int | float)
            assert 0 <= r["min"] <= r["max"], f"{m['id']}.{key}: {r}"
            assert str(r.get("source") or "").strip(), m["id"]


def test_programmes_exist_and_agree_with_measures(data, measures):
    programmes = {p["code"]: p for p in data["programmes"]}
    for p in programmes.values():
        for key in ("name", "name_en", "source"):
            assert not _empty(p.get(key)), f"{p['code']}.{key}"
    for m in data["measures"]:
        if m["programme"] is None:
            assert not m["in_plan"], f"plan measure {m['id']} has no programme"
            assert str(m.get("programme_note") or "").strip(), m["id"]
            continue
        assert m["programme"] in programmes, f"{m['id']}: unknown programme {m['programme']}"
        parts = {part["code"] for part in programmes[m["programme"]]["parts"]}
        if m.get("programme_part") is not None:
            assert m["programme_part"] in parts, m["id"]
        elif m["in_plan"]:
            assert not parts, f"{m['id']} lacks the part of {m['programme']}"
    # each programme lists exactly its plan measures, and each part its own
    for code, p in programmes.items():
        plan_members = sorted(
            (i for i in PLAN_IDS if measures[i]["programme"] == code), key=PLAN_IDS.index
        )
        assert p["measures"] == plan_members, code
        for part in p["parts"]:
            assert part["measures"] == [
                i for i in PLAN_IDS if measures[i].get("programme_part") == part["code"]
            ], part["code"]


def test_categories_segments_phases_status_audience(data):
    categories = set(data["categories"])
    for m in data["measures"]:
        assert m["category"] in categories, m["id"]
        segs = m["target_segments"]
        assert segs and set(segs) <= SEGMENTS, f"{m['id']}: {segs}"
        assert len(segs) == len(set(segs))
        assert "all" not in segs or segs == ["all"], m["id"]
        assert m["target_segments_confidence"] in {"high", "medium", "low"}
        phases = m["recovery_phases"]
        assert phases and all(type(p) is int and 1 <= p <= 3 for p in phases), m["id"]
        assert phases == sorted(set(phases)), m["id"]
        assert m["status"] in {"proposed", "active", "ended"}, m["id"]
        assert m["audience"] in {"firm", "system"}, m["id"]
        assert str(m["audience_note"]).strip() and str(m["audience_note_en"]).strip()
        assert isinstance(m["executing_organisations"], list)
        if not m["executing_organisations"]:
            assert str(m.get("executing_note") or "").strip(), m["id"]


def test_plan_measures_segments_come_from_their_pages(measures):
    # Only the plan measures have a page with "Doelsegment" in text; that reading must be firm.
    for i in PLAN_IDS:
        assert measures[i]["target_segments_confidence"] == "high", i


# ----------------------------------------------------------------------- hand-checked facts


def test_measure_2_investment_discount_figures(measures):
    # Page "Tijdelijke investeringskorting voor bedrijven (2/2)": "€2-2,5 mld. per jaar"
    # (r. 6298-6300) and "€1,0-1,5 mld. per jaar" (r. 6302-6304).
    m = measures["2"]
    assert m["name"] == "Tijdelijke investeringskorting voor bedrijven"
    assert (m["value_added_per_year"]["min"], m["value_added_per_year"]["max"]) == (2000, 2500)
    assert (m["cost_per_year"]["min"], m["cost_per_year"]["max"]) == (1000, 1500)
    # Score table line r. 3406: "4 >€2 mld >€1 mld Hoog Relatief hoog 0-6 maanden" -- the row
    # label "4" is this measure's page number (r. 6135), not its plan number (2, r. 3535).
    assert m["report_number"] == "4"
    s = m["scores"]
    assert (s["value_added"], s["limited_costs"]) == (5, 1)
    assert (s["executability"], s["public_support"], s["speed_of_introduction"]) == (5, 4, 5)


def test_measure_8_transparency_cost(measures):
    # Page "Transparantie, ontwikkeling en advies voor ondernemers (2/2)": "€20-30 mln. per jaar"
    # (r. 7013-7015); the appendix agrees: "€ 20-30 mln. kosten per jaar 2021-2025" (r. 5144).
    m = measures["8"]
    assert (m["cost_per_year"]["min"], m["cost_per_year"]["max"]) == (20, 30)
    assert m["target_segments"] == ["all"]  # "Alle mkb'ers", r. 6765


def test_plan_numbering_differs_from_page_numbering(measures):
    # Plan overview: "3" after Versterking eigen vermogen (r. 3480), "1" after Gericht verlichten
    # (r. 3553); appendix 2/3 "3 Versterking eigen vermogen" (r. 5290). The score table's first row
    # is "1 Versterking eigen verm. met fonds non-bancaire financiers." (r. 3196): page numbering.
    assert measures["3"]["name"].startswith("Versterking eigen vermogen")
    assert measures["3"]["report_number"] == "1"
    assert measures["1"]["name"] == "Gericht verlichten van schulden mkb"
    # Page "Versterking eigen vermogen": "€750-950 mln. per jaar" (r. 5599-5601), and the first
    # value of every score-table block: €400-1.000 mln., €0-50 mln., 1-2 jaar, RH/RH, 6-12 maanden.
    assert measures["3"]["value_added_per_year"]["min"] == 750
    assert list(measures["3"]["scores"].values()) == [3, 5, 3, 4, 4, 4]


def test_letters_b_c_d_follow_the_prioritisation_slide(measures):
    # r. 3127 "D Gelijktrekken fiscale behandeling vreemd en eigen verm.", r. 3129 "C Fiscaal
    # medewerkersaandelen stimuleren", r. 3141 "A Versoepeling kapitaaleisen bancaire sector";
    # B by elimination. (The score table prints "B Fiscaal medewerkersaandelen", r. 3388.)
    assert measures["A"]["name"] == "Versoepeling kapitaaleisen bancaire sector"
    assert measures["B"]["name"] == "Uitgebreidere garanties op private kredietproducten"
    assert measures["C"]["name"] == "Medewerkersaandelen fiscaal stimuleren"
    assert measures["D"]["name"] == "Gelijktrekken fiscale behandeling vreemd en eigen vermogen"


def test_three_programmes_first_in_two_parts(data):
    # "drie programma's 1) investeren in innovatie en groei; 2) ondernemende arbeidsmarkt;
    # 3) productiviteitssprong ondernemers" (r. 28-30); the plan overview splits the first into
    # "Tijdelijke sanering en investering" and "Structurele investering in innovatie en groei".
    progs = data["programmes"]
    assert [p["code"] for p in progs] == [
        "innovatie_groei",
        "ondernemende_arbeidsmarkt",
        "productiviteitssprong",
    ]
    assert [p["measures"] for p in progs] == [
        ["1", "2", "3", "4"],
        ["5", "6", "7"],
        ["8", "9", "10"],
    ]
    assert [part["measures"] for part in progs[0]["parts"]] == [["1", "2"], ["3", "4"]]


def _band(criterion: dict, eur_m: float) -> int:
    """Score of the band that holds an amount (lower edge inclusive)."""
    for b in criterion["bands"]:
        lo, hi = b["min_eur_m"], b["max_eur_m"]
        if eur_m >= lo and (hi is None or eur_m < hi):
            return b["score"]
    raise AssertionError(eur_m)


def test_page_figures_fall_in_the_score_bands(data, measures):
    # Cross-check of the table reading against the measure pages: the midpoint of each page range
    # lies in the band the score table gives. One known exception in the report itself: measure 6,
    # page €400-600 mln. (Gemiddeld) but table "€1-2 mld." (r. 3242, Relatief hoog).
    va, cost = data["criteria"]["value_added"], data["criteria"]["limited_costs"]
    for i in PLAN_IDS:
        m = measures[i]
        mid_va = mean((m["value_added_per_year"]["min"], m["value_added_per_year"]["max"]))
        mid_cost = mean((m["cost_per_year"]["min"], m["cost_per_year"]["max"]))
        assert _band(cost, mid_cost) == m["scores"]["limited_costs"], i
        if i == "6":
            assert (_band(va, mid_va), m["scores"]["value_added"]) == (3, 4)
        else:
            assert _band(va, mid_va) == m["scores"]["value_added"], i


def test_matrix_markers_on_one_line_share_net_impact(measures):
    # In the prioritisation matrix (y axis net impact, r. 3022-3024) the extraction puts some
    # markers on one line: "3 1" (r. 3049), "26" (r. 3051), "FA" (r. 3053), "B E" (r. 3055),
    # "910" (r. 3065). The matrix uses page numbers: page 1 = id 3, 2 = id 4, 3 = id 1.
    for a, b in [("1", "3"), ("4", "6"), ("F", "A"), ("B", "E"), ("9", "10")]:
        assert net_impact(measures[a]) == pytest.approx(net_impact(measures[b])), (a, b)


# --------------------------------------------------------------------------- prioritisation


def test_the_ten_plan_measures_are_the_ten_best(data):
    # Report: the twenty measures were evaluated on net impact and feasibility "om tot een
    # prioritering van tien maatregelen ... te komen" (r. 26, 3028-3030). With net impact =
    # mean(value added, limited costs, timely impact) and feasibility = mean(executability,
    # public support, speed of introduction) (r. 3011, 3039), the ten highest on
    # net impact + feasibility are exactly the plan's ten (plan lowest 7.0, others highest 6.67).
    ranked = sorted(data["measures"], key=lambda m: net_impact(m) + feasibility(m), reverse=True)
    top = {m["id"] for m in ranked[:10]}
    assert top == set(PLAN_IDS)
    lowest_plan = min(net_impact(m) + feasibility(m) for m in ranked[:10])
    best_other = max(net_impact(m) + feasibility(m) for m in ranked[10:])
    assert lowest_plan > best_other


def test_no_other_measure_beats_a_plan_measure_on_both_axes(measures):
    for i in PLAN_IDS:
        p = measures[i]
        for j in OTHER_IDS:
            o = measures[j]
            dominates = (
                net_impact(o) >= net_impact(p)
                and feasibility(o) >= feasibility(p)
                and (net_impact(o), feasibility(o)) != (net_impact(p), feasibility(p))
            )
            assert not dominates, f"{j} dominates plan measure {i}"
