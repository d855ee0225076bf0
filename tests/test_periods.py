"""Periods (issue #13): a firm is only ever compared with peers of the same years and moments;
where the reference lacks them, the figure says so plainly and everything else works."""

from __future__ import annotations

import copy
import json

import pytest

from hulplijn.core import assess
from hulplijn.core.period import choose, growth_heading, missing, month
from hulplijn.core.text import Text
from tests.conftest import EXAMPLE, hand_reference, linear

FIRM = json.loads(EXAMPLE.read_text())
ROWS = [
    # the same peers as tests/test_assess.py: productivity 500 euro per percentile in 47/midden
    ("productivity", "division_size", "47/midden", 100, linear(0, 50_000), 25_000, 45_000),
    ("productivity_growth", "section_size", "G/midden", 40, linear(-0.25, 0.25), 0.0, 0.2),
    ("job_growth", "all", "mkb", 1000, linear(-0.5, 0.5), 0.0, 0.4),
    ("cash_buffer_days@2020-02", "division_size", "47/midden", 12, linear(0, 200), 100, 180),
    ("cash_buffer_days@2021-06", "division_size", "47/midden", 12, linear(0, 200), 100, 180),
    ("solvency", "division_size", "47/midden", 10, linear(0, 0.8), 0.4, 0.72),
]


def firm_of(years: tuple[int, int], moments: tuple[str, ...]) -> dict:
    """The worked example with other reference years and liquidity moments (same figures)."""
    firm = copy.deepcopy(FIRM)
    for entry, year in zip(firm["years"], years, strict=True):
        entry["year"] = year
    firm["liquidity"] = [
        {**firm["liquidity"][i], "moment": moment} for i, moment in enumerate(moments)
    ]
    return firm


def test_a_2019_2021_firm_is_not_compared_with_2016_2018_peers():
    # before #13 the 2019/2021 firm got a growth percentile against 2016/2018 peers
    a = assess(firm_of((2019, 2021), ("2021-06",)), hand_reference(ROWS))
    for name in ("productivity", "productivity_growth", "job_growth", "solvency"):
        b = a.benchmark[name]
        assert b.percentile is None and b.peer_group is None, name
        assert b.reason == "geen vergelijkingsgegevens voor 2019-2021", name
        assert b.reason_en == "no comparison data for 2019-2021", name
    # no peers, so no koplopers gap nor size of the prize (both measured against the peers)
    assert a.koplopers is None and a.size_of_prize is None
    # everything that needs no peers still works: the figures, the segment, the norms
    assert a.productivity == {2019: pytest.approx(909_000 / 56), 2021: pytest.approx(965_000 / 58)}
    assert a.segment == "accelerate"
    assert a.solvency is not None and a.solvency.peers is None
    assert a.solvency.ratio == pytest.approx(520_000 / 1_300_000)
    # the derivation names no peer period for a figure it did not compare
    c = a.derivations["productivity_growth"].comparison
    assert c.period is None and c.reason.en == "no comparison data for 2019-2021"


def test_the_same_firm_is_compared_with_peers_of_its_own_years():
    # a reference of 2019/2021 with a June 2021 moment serves the 2019/2021 firm
    reference = hand_reference(ROWS, moments=("2021-06",), years=(2019, 2021))
    a = assess(firm_of((2019, 2021), ("2021-06",)), reference)
    # 965,000 / 58 = 16,637.93 euro per FTE, at 500 euro per percentile: 33.2759
    assert a.benchmark["productivity"].percentile == pytest.approx(16_637.931034 / 500)
    # cash buffer 150,000 x 365 / 535,000 = 102.34 days in 0..200: percentile 51.17
    cash = a.benchmark["cash_buffer_days@2021-06"]
    assert cash.percentile == pytest.approx(150_000 * 365 / 535_000 / 2)
    assert a.derivations["productivity"].comparison.period == "2021"
    assert a.derivations["cash_buffer_days@2021-06"].comparison.period == "2021-06"


def test_liquidity_at_a_moment_the_reference_lacks_says_no_comparison_data():
    # the reference of 2016/2018 has cash buffer peers at 2020-02, none at 2021-06; before #13
    # the firm read "no peer group of at least 10 firms", as if its cell were too small
    reference = hand_reference(ROWS, moments=("2020-02", "2020-07"))
    a = assess(firm_of((2016, 2018), ("2020-02", "2019-06")), reference)
    lacking = a.benchmark["cash_buffer_days@2019-06"]
    assert lacking.percentile is None
    assert lacking.reason == "geen vergelijkingsgegevens voor deze periode (juni 2019)"
    assert lacking.reason_en == "no comparison data for this period (June 2019)"
    assert a.benchmark["quick_ratio@2019-06"].reason_en == lacking.reason_en
    # the moment it has is compared as before: 102.34 days -> percentile 51.17
    assert a.benchmark["cash_buffer_days@2020-02"].percentile == pytest.approx(
        150_000 * 365 / 535_000 / 2
    )
    # the growth figures of the reference's own years too (section_size fallback, 40 firms)
    assert a.benchmark["productivity_growth"].peer_group.key == "G/midden"


def test_one_liquidity_moment_and_the_same_month_a_year_apart():
    one = assess(firm_of((2016, 2018), ("2020-02",)), hand_reference(ROWS))
    assert [m.moment for m in one.liquidity] == ["2020-02"]
    assert one.dimensions["liquidity"].status == "given"
    # July 2019 and July 2020: the report's second comparison; two distinct moments
    both = assess(firm_of((2016, 2018), ("2019-07", "2020-07")), hand_reference(ROWS))
    assert [m.moment for m in both.liquidity] == ["2019-07", "2020-07"]


def test_what_a_reference_cannot_serve_and_which_serves_a_round_best():
    report = hand_reference(ROWS)
    current = hand_reference(ROWS, moments=("2025-06",), years=(2024, 2025))
    assert missing(report, (2016, 2018), ("2020-02", "2020-07")) == []
    said = [t.en for t in missing(report, (2019, 2021), ("2021-06",))]
    assert said == [
        "no comparison data for 2019-2021",
        "no comparison data for this period (June 2021)",
    ]
    assert choose([report, current], (2025, 2024), ("2025-06",)) is current
    assert choose([current, report], (2016, 2018), ("2020-02",)) is report
    # nothing serves 2019/2021: the first, which then says so per figure
    assert choose([report, current], (2019, 2021), ()) is report


def test_texts_follow_the_round():
    assert growth_heading((2016, 2018)).nl == "Groei voor de crisis (2016 -> 2018)"
    assert growth_heading((2019, 2021)).nl == "Groei 2019 -> 2021"
    assert growth_heading((2024, 2025)).en == "Growth 2024 -> 2025"
    assert month("2025-06").nl == "juni 2025"


# --- the command line ------------------------------------------------------------------------


def _assess_cli(firm: dict, folder, tmp_path) -> dict:
    from typer.testing import CliRunner

    from hulplijn.cli.main import app

    path = tmp_path / "firm.json"
    path.write_text(json.dumps(firm), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["assess", str(path), "--format", "json", "--reference", str(folder)]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_cli_a_2019_2021_firm_gets_no_growth_percentile_against_2016_2018(
    synthetic_reference_dir, tmp_path
):
    # the finding: `hulplijn assess` gave a growth percentile against 46/klein, n = 1,761
    out = _assess_cli(firm_of((2019, 2021), ("2021-06",)), synthetic_reference_dir, tmp_path)
    growth = out["benchmark"]["productivity_growth"]
    assert growth["percentile"] is None and growth["peer_group"] is None
    assert growth["reason"] == "geen vergelijkingsgegevens voor 2019-2021"
    cash = out["benchmark"]["cash_buffer_days@2021-06"]
    assert cash["reason_en"] == "no comparison data for this period (June 2021)"
    assert out["segment"] == "accelerate"  # what needs no peers still works


def test_cli_picks_the_round_of_the_firm_from_the_reference_folder(
    library_reference_dir, current_reference_dir, synthetic_reference_dir, tmp_path
):
    current = json.loads((current_reference_dir / "manifest.json").read_text())
    report = json.loads((synthetic_reference_dir / "manifest.json").read_text())
    out = _assess_cli(firm_of((2024, 2025), ("2025-06",)), library_reference_dir, tmp_path)
    assert out["reference_vintage"] == current["vintage"]
    assert out["benchmark"]["productivity_growth"]["percentile"] is not None
    assert out["benchmark"]["cash_buffer_days@2025-06"]["percentile"] is not None
    assert out["derivations"]["productivity"]["comparison"]["period"] == "2025"
    # the report's firm in the same folder: the report's peers, as before
    example = _assess_cli(FIRM, library_reference_dir, tmp_path)
    assert example["reference_vintage"] == report["vintage"]
    assert example["benchmark"]["cash_buffer_days@2020-07"]["percentile"] is not None


def test_cli_text_heading_follows_the_round(synthetic_reference_dir, tmp_path):
    from typer.testing import CliRunner

    from hulplijn.cli.main import app

    path = tmp_path / "firm.json"
    path.write_text(json.dumps(firm_of((2019, 2021), ())), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["assess", str(path), "--reference", str(synthetic_reference_dir)]
    )
    assert result.exit_code == 0, result.output
    assert "A. Groei 2019 -> 2021" in result.stdout and "voor de crisis" not in result.stdout
    assert "geen vergelijkingsgegevens voor 2019-2021" in " ".join(result.stdout.split())


def test_synthetic_population_of_another_round_is_labelled(current_reference_dir):
    manifest = json.loads((current_reference_dir / "manifest.json").read_text())
    assert manifest["synthetic"] and (manifest["years"], manifest["moments"]) == (
        [2024, 2025],
        ["2025-06"],
    )
    assert "actuelere aggregaten zijn niet aangehaald" in manifest["calibration"]
    assert "cash_buffer_days@2025-06" in manifest["metrics"]
    assert not any(m.endswith("@2020-02") for m in manifest["metrics"])


def test_a_day_is_written_out_in_each_language():
    """Issue 14: "7 Dec 2026" on a Dutch page (Django's date:"j M Y" capitalises its
    abbreviations); the pages write the month out."""
    from datetime import date, datetime

    from hulplijn.core.period import day, day_and_time

    assert day(date(2026, 12, 7)) == Text("7 december 2026", "7 December 2026")
    assert day(date(2020, 3, 1))("nl") == "1 maart 2020"
    assert day_and_time(datetime(2026, 12, 7, 9, 5)) == Text(
        "7 december 2026 09:05", "7 December 2026 09:05"
    )
