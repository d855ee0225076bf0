"""Prioritisation of the twenty measures (hulplijn.plan.prioritisation) and ``hulplijn plan
prioritise``. "r." = line of the seed report herstel-en-groeiplan-mkb.txt."""

from __future__ import annotations

import json
import random

import pytest
from typer.testing import CliRunner

from hulplijn.cli.main import app
from hulplijn.plan.prioritisation import (
    CRITERIA,
    HIGH,
    LOW,
    MEDIUM,
    Criteria,
    MeasureScores,
    Rules,
    score,
    sensitivity,
    top,
)
from hulplijn.reference import params

PLAN = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]
runner = CliRunner()


@pytest.fixture(scope="module")
def measures() -> list[dict]:
    return params.measures()["measures"]


@pytest.fixture(scope="module")
def rules() -> Rules:
    return Rules.from_mapping(params.prioritisation())


@pytest.fixture(scope="module")
def ranked(measures, rules):
    return score(measures, Criteria(), rules)


def by_id(ranked) -> dict:
    return {m.id: m for m in ranked}


# --- the report's prioritisation ------------------------------------------------------------------


def test_top_ten_are_the_report_plan_measures(ranked):
    # r. 3028-3033: ten measures prioritised on net impact and feasibility; plan overview
    # r. 3411-3559. With the report's unweighted means the ten best are exactly the plan.
    assert sorted(top(ranked), key=int) == PLAN
    assert all(m.in_plan == m.in_top for m in ranked)
    assert [m.rank for m in ranked] == list(range(1, 21))


def test_ranked_order_and_ties_by_id(ranked):
    assert [m.id for m in ranked] == [
        "4", "2", "8", "3", "9", "5", "7", "10", "1", "6",
        "E", "B", "J", "F", "G", "H", "I", "A", "C", "D",
    ]  # fmt: skip
    # ties on the combined score go by id in plan order: 2 and 8 (8.0), 5/7/10 (22/3), 1 and 6
    # (7.0), B and J (19/3), F/G/H (6.0), C and D (14/3) -- exact ties, not float noise
    r = by_id(ranked)
    for group in (("2", "8"), ("3", "9"), ("5", "7", "10"), ("1", "6"), ("B", "J"), ("C", "D")):
        assert len({r[i].combined for i in group}) == 1, group


def test_hand_derived_measure_4_innovation_scheme(ranked):
    # Measure 4 (page number 2), score table r. 3382 and the second pair/speed entries:
    # value added €100-400 mln. -> 2, cost €0-50 mln. -> 5, timely impact 0-6 months -> 5,
    # executability Hoog -> 5, support Relatief hoog -> 4, speed 0-6 months -> 5.
    # net impact = (2 + 5 + 5) / 3 = 12/3 = 4.0; feasibility = (5 + 4 + 5) / 3 = 14/3 = 4.667;
    # combined 26/3 = 8.667, the best of the twenty; both means >= 3.5 -> cell high/high.
    m = by_id(ranked)["4"]
    assert dict(m.scores) == {
        "value_added": 2, "limited_costs": 5, "timely_impact": 5,
        "executability": 5, "public_support": 4, "speed_of_introduction": 5,
    }  # fmt: skip
    assert m.net_impact == pytest.approx(4.0)
    assert m.feasibility == pytest.approx(14 / 3)
    assert m.combined == pytest.approx(26 / 3)
    assert (m.rank, m.cell, m.high_priority) == (1, (HIGH, HIGH), True)


def test_hand_derived_measure_6_labour_regulation(ranked):
    # Measure 6: value added €1-2 mld. -> 4, cost €0-50 mln. -> 5, timely 1-2 jaar -> 3,
    # executability Relatief hoog -> 4, support Relatief laag -> 2, speed 12-18 months -> 3.
    # net impact = (4 + 5 + 3) / 3 = 4.0; feasibility = (4 + 2 + 3) / 3 = 3.0 exactly on the
    # medium edge -> cell high/medium, still high priority; combined 7.0, rank 10 (tie with 1 at
    # 7.0, and 1 < 6).
    m = by_id(ranked)["6"]
    assert m.net_impact == pytest.approx(4.0)
    assert m.feasibility == pytest.approx(3.0)
    assert (m.rank, m.cell, m.high_priority, m.in_top) == (10, (HIGH, MEDIUM), True, True)


def test_hand_derived_measure_e_just_outside(ranked):
    # E (willekeurig afschrijven): 1, 5, 2 | 4, 4, 4 -> net impact 8/3 = 2.667 (< 3.0: low),
    # feasibility 12/3 = 4.0 (high); combined 6.667, rank 11: the best measure outside the plan.
    m = by_id(ranked)["E"]
    assert m.net_impact == pytest.approx(8 / 3)
    assert m.feasibility == pytest.approx(4.0)
    assert (m.rank, m.cell, m.high_priority, m.in_top) == (11, (LOW, HIGH), False, False)


@pytest.mark.parametrize(
    ("measure_id", "cell"),
    [
        ("4", (HIGH, HIGH)),
        ("8", (HIGH, HIGH)),
        ("2", (MEDIUM, HIGH)),
        ("7", (MEDIUM, HIGH)),
        ("1", (HIGH, MEDIUM)),
        ("J", (MEDIUM, MEDIUM)),
        ("F", (MEDIUM, MEDIUM)),
        ("G", (MEDIUM, LOW)),
        ("B", (LOW, HIGH)),
        ("C", (LOW, LOW)),
        ("D", (LOW, LOW)),
    ],
)
def test_matrix_cells(ranked, measure_id, cell):
    assert by_id(ranked)[measure_id].cell == cell


def test_high_priority_cells_hold_exactly_the_plan(ranked):
    # The report's picture: "Hoge prioriteit" (r. 3037) for the ten plan measures only.
    assert {m.id for m in ranked if m.high_priority} == set(PLAN)


def test_markers_on_one_matrix_line_share_the_impact_band(ranked):
    # The extraction puts markers at the same height on one line (vertical axis = net impact,
    # r. 3022-3024): "3 1", "26", "FA", "B E", "910" (r. 3049-3065), in page numbering
    # (page 1 = id 3, page 2 = id 4, page 3 = id 1).
    r = by_id(ranked)
    for a, b in (("1", "3"), ("4", "6"), ("F", "A"), ("B", "E"), ("9", "10")):
        assert r[a].net_impact == r[b].net_impact
        assert r[a].impact_band == r[b].impact_band


def test_band_edges_are_needed_as_recorded(measures):
    # Edges 2.5 / 3.5 (the midpoints of the scale labels) would put B and E in medium/high.
    wide = Rules(impact_medium_from=2.5, feasibility_medium_from=2.5)
    wrong = {m.id for m in score(measures, Criteria(), wide) if m.high_priority}
    assert wrong == set(PLAN) | {"B", "E"}
    # any symmetric lower edge in (8/3, 3] and upper edge in (10/3, 11/3] works ...
    for lo, hi in ((2.7, 3.34), (3.0, 11 / 3), (2.8, 3.5)):
        rules = Rules(lo, hi, lo, hi)
        assert {m.id for m in score(measures, Criteria(), rules) if m.high_priority} == set(PLAN)
    # ... and just outside it does not
    for lo, hi in ((8 / 3, 3.5), (3.01, 3.5), (3.0, 10 / 3), (3.0, 3.67)):
        rules = Rules(lo, hi, lo, hi)
        assert {m.id for m in score(measures, Criteria(), rules) if m.high_priority} != set(PLAN)


def test_rules_defaults_equal_the_reference_file(rules):
    assert rules == Rules()
    data = params.read_yaml("prioritisation.yaml")
    for name, p in data["parameters"].items():
        assert {"label", "label_en", "unit", "value", "source"} <= set(p), name


# --- weights and sensitivity ----------------------------------------------------------------------


def test_weights_validate():
    with pytest.raises(ValueError):
        Criteria(value_added=-1)
    with pytest.raises(ValueError):
        Criteria(executability=0, public_support=0, speed_of_introduction=0)
    with pytest.raises(ValueError):
        Criteria(value_added=float("nan"))
    with pytest.raises(KeyError):
        Criteria().with_weights({"colour": 2})
    assert Criteria().is_default and not Criteria(value_added=2).is_default


def test_uniform_weights_change_nothing(measures):
    # Weighted means with all weights equal (any value) are the unweighted means.
    result = sensitivity(measures, Criteria(), Criteria(**dict.fromkeys(CRITERIA, 3.0)))
    assert result.moved == () and result.entered == () and result.left == ()


def test_sensitivity_without_speed_of_introduction(measures):
    # Weight 0 on speed: feasibility = (executability + support) / 2, as r. 3028-3030 glosses it.
    # By hand: 4: 4.0 + (5+4)/2 = 8.5 (stays 1); 7: 3.0 + (5+5)/2 = 8.0 (7 -> 2);
    # 2: 3.333 + (5+4)/2 = 7.833 and 9: 3.333 + (5+4)/2 = 7.833 (ranks 3, 4);
    # 3: 3.667 + (4+4)/2 = 7.667; 8: 4.0 + (5+2)/2 = 7.5; 10: 3.333 + 4.0 = 7.333;
    # 5: 3.667 + 3.5 = 7.167; 6: 4.0 + 3.0 = 7.0 (rank 9);
    # E: 2.667 + (4+4)/2 = 6.667 (11 -> 10, enters the top 10);
    # G: 3.333 + (2+4)/2 = 6.333 (rank 11); 1: 3.667 + (2+3)/2 = 6.167 (9 -> 12, leaves).
    result = sensitivity(measures, None, Criteria(speed_of_introduction=0))
    ranks = {c.id: (c.base_rank, c.new_rank) for c in result.changes}
    assert [c.id for c in result.changes[:12]] == [
        "4", "7", "2", "9", "3", "8", "10", "5", "6", "E", "G", "1",
    ]  # fmt: skip
    assert ranks["1"] == (9, 12) and ranks["E"] == (11, 10) and ranks["7"] == (7, 2)
    shifts = {c.id: c.shift for c in result.changes}
    assert shifts["1"] == -3 and shifts["E"] == 1 and shifts["7"] == 5 and shifts["4"] == 0
    assert result.entered == ("E",)
    assert result.left == ("1",)
    assert "4" not in {c.id for c in result.moved}


def test_sensitivity_double_weight_on_value_added_keeps_the_top_ten(measures):
    # Value added x2: net impact = (2 VA + cost + timely) / 4. 2 (investment discount, VA 5)
    # gets (10 + 1 + 4) / 4 = 3.75 + 4.667 = 8.417 and overtakes 4: (4 + 5 + 5) / 4 = 3.5 + 4.667
    # = 8.167. The top ten stay the ten plan measures.
    result = sensitivity(measures, Criteria(), Criteria(value_added=2))
    new = by_id(result.new)
    assert new["2"].combined == pytest.approx(3.75 + 14 / 3)
    assert new["4"].combined == pytest.approx(3.5 + 14 / 3)
    assert (new["2"].rank, new["4"].rank) == (1, 2)
    assert result.entered == () and result.left == ()
    assert sorted(top(result.new), key=int) == PLAN


# --- determinism and input ------------------------------------------------------------------------


def test_deterministic_and_independent_of_input_order(measures):
    first = score(measures)
    shuffled = list(measures)
    random.Random(7).shuffle(shuffled)
    assert score(shuffled) == first == score(measures)


def test_accepts_plain_dataclasses_and_refuses_bad_scores(measures):
    plain = [MeasureScores.from_mapping(m) for m in measures]
    assert [m.id for m in score(plain)] == [m.id for m in score(measures)]
    bad = dict(measures[0], scores={**measures[0]["scores"], "value_added": 6})
    with pytest.raises(ValueError):
        score([bad])
    with pytest.raises(ValueError):
        score([measures[0], measures[0]])


# --- CLI ------------------------------------------------------------------------------------------


def run(*args: str):
    return runner.invoke(app, ["plan", "prioritise", *args])


def test_cli_table_default():
    result = run()
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Gewichten: alle 1" in out
    assert "laag < 3,0 <= midden < 3,5 <= hoog" in out
    lines = [line for line in out.splitlines() if line[:4].strip().isdigit()]
    assert len(lines) == 20
    first = lines[0].split()
    assert first[:2] == ["1", "4"] and "4,00" in first and "4,67" in first
    assert "hoog/hoog" in lines[0]
    tenth = lines[9]
    assert tenth.split()[:2] == ["10", "6"] and "hoog/midden" in tenth
    assert "verschuiving" not in out


def test_cli_json_default():
    result = run("--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["weights_default"] is True
    assert sorted(data["top"], key=int) == PLAN
    assert data["entered_top"] == [] and data["left_top"] == []
    assert len(data["measures"]) == 20
    first = data["measures"][0]
    assert first["id"] == "4" and first["impact_band"] == "high" and first["in_plan"] is True
    assert data["rules"]["impact_medium_from"] == 3.0


def test_cli_weights_show_rank_changes():
    result = run("--weight", "snelle_invoering=0")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "verschuiving" in out
    assert "Nieuw in de top 10: E Uitbreiding regelgeving 'willekeurig afschrijven'" in out
    assert "Uit de top 10: 1 Gericht verlichten van schulden mkb" in out
    line_1 = next(line for line in out.splitlines() if line.split()[:2] == ["12", "1"])
    assert line_1.rstrip().endswith("-3")
    data = json.loads(run("--weight", "speed_of_introduction=0", "--format", "json").output)
    assert data["entered_top"] == ["E"] and data["left_top"] == ["1"]
    assert {m["id"]: m["shift"] for m in data["measures"]}["7"] == 5


def test_cli_weights_decimal_comma_and_unchanged_top():
    result = run("--weight", "toegevoegde_waarde=2,0", "--weight", "draagvlak=1")
    assert result.exit_code == 0, result.output
    assert "De top 10 blijft dezelfde maatregelen." in result.output


@pytest.mark.parametrize(
    "args",
    [
        ("--weight", "kleur=2"),
        ("--weight", "draagvlak"),
        ("--weight", "draagvlak=veel"),
        ("--weight", "draagvlak=-1"),
        (
            "--weight", "uitvoerbaarheid=0", "--weight", "draagvlak=0",
            "--weight", "snelle_invoering=0",
        ),
        ("--format", "xml"),
    ],
)  # fmt: skip
def test_cli_bad_input_exits_2(args):
    result = run(*args)
    assert result.exit_code == 2
