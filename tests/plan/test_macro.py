"""The macro projection of SME value added 2019-2025 (hulplijn.plan.macro). "r." = line of the
seed report herstel-en-groeiplan-mkb.txt; the slide is r. 2485-2569."""

from __future__ import annotations

import math

import pytest

from hulplijn.plan.macro import (
    YEAR_END,
    MacroAssumptions,
    compare_headline,
    peloton_level,
    peloton_year_average,
    project,
)
from hulplijn.reference import params


@pytest.fixture(scope="module")
def assumptions() -> MacroAssumptions:
    return MacroAssumptions.from_mapping(params.macro()["assumptions"])


@pytest.fixture(scope="module")
def projection(assumptions):
    return project(assumptions)


def test_reference_file_matches_the_defaults_and_is_sourced(assumptions):
    assert assumptions == MacroAssumptions()
    data = params.read_yaml("macro.yaml")
    for section in ("parameters", "headline"):
        for name, p in data[section].items():
            assert {"label", "label_en", "unit", "value", "source"} <= set(p), name


def test_2019_value_added(projection):
    # r. 2490: 2018 value added of SMEs excl. ZZP (€205 bn) x 2019 GDP growth (2.6%)
    assert projection.year(2019).baseline == pytest.approx(205 * 1.026)
    assert projection.year(2019).baseline == pytest.approx(210.33)
    assert projection.year(2019).gap == 0


def test_baseline_path(projection):
    # 2021 = 2019 x (1 - 11%) (Panteia 2019-2021, r. 291-315) = 210.33 x 0.89 = 187.19;
    # 2020 = 187.19 / 1.03 (3% growth in 2021, r. 2520) = 181.74; then +3% a year
    # (r. 2522-2524): 2025 = 187.19 x 1.03^4 = 210.69.
    v19 = 205 * 1.026
    expected = {2019: v19, 2020: v19 * 0.89 / 1.03, 2021: v19 * 0.89}
    for y in range(2022, 2026):
        expected[y] = expected[y - 1] * 1.03
    got = {y.year: y.baseline for y in projection.years}
    assert got == pytest.approx(expected)
    assert got[2021] == pytest.approx(187.19, abs=0.005)
    assert got[2025] == pytest.approx(210.69, abs=0.005)
    # the CPB medium-term path (Nov 2019) lies above: 1.8%/yr to 2021, 1.3%/yr 2022-2025
    assert projection.year(2025).mlt == pytest.approx(v19 * 1.018**2 * 1.013**4)


def test_no_effect_before_2022(projection):
    # Jobs (r. 2502), koplopers (r. 2530) and peloton (r. 2542) all start in 2022.
    for y in (2019, 2020, 2021):
        row = projection.year(y)
        assert row.plan == row.baseline and row.extra_jobs == 0


def test_components_by_hand_2025(projection):
    b = 187.19 * 1.03**4  # ~210.69, see above
    jobs = 1.02 * 1.01**3  # +2 pp in 2022, +1 pp a year 2023-2025 (r. 2502-2508)
    kop = 0.5 * (1.02 * 1.01**3 - 1)  # koplopers +2%, +1%/yr, share 0.5 (project assumption)
    # peloton: path (2^(t-2022) - 1) / 15, averaged over 2025:
    # (1/15) [ (2^4 - 2^3) / ln 2 - 1 ] = (8 / 0.693147 - 1) / 15 = 0.70278
    share = ((2**4 - 2**3) / math.log(2) - 1) / 15
    assert share == pytest.approx(0.70278, abs=1e-5)
    row = projection.year(2025)
    assert row.jobs_effect == pytest.approx(b * (jobs - 1), rel=1e-4)
    assert row.koplopers_effect == pytest.approx(b * jobs * kop, rel=1e-4)
    assert row.peloton_effect == pytest.approx(b * jobs * 0.12 * share, rel=1e-4)
    assert row.gap == pytest.approx(row.jobs_effect + row.koplopers_effect + row.peloton_effect)
    assert row.peloton_percentiles == pytest.approx(5 * share)
    assert row.government_revenue == pytest.approx(0.5 * row.gap)  # r. 2496


def test_peloton_path():
    a = MacroAssumptions()
    assert peloton_level(2022.0, a) == 0 and peloton_level(2026.0, a) == 1
    # doubling: end of 2022, 2023, 2024 at 1/15, 3/15, 7/15 of the full improvement
    assert [peloton_level(t, a) for t in (2023.0, 2024.0, 2025.0)] == pytest.approx(
        [1 / 15, 3 / 15, 7 / 15]
    )
    # year averages lie between the levels at the start and the end of the year
    for y in (2022, 2023, 2024, 2025):
        assert peloton_level(y, a) < peloton_year_average(y, a) < peloton_level(y + 1, a)
    linear = MacroAssumptions(peloton_ramp_factor=1.0)
    assert peloton_year_average(2025, linear) == pytest.approx(0.875)  # mean of 3/4 .. 1


def test_gap_2025_against_the_headline(projection):
    # The slide's headline: €20-30 bn extra value added in 2025 (r. 2485-2486, 2562-2564).
    # FINDING: with the report's assumptions read literally and the project's defaults for what
    # it leaves open, the model gives ~€35 bn, above the range (the doc explains why). The
    # cumulative 2021-2025 figure (~€60-90 bn) and the cumulative government revenue (€30-45 bn)
    # are inside their ranges; the 2025 revenue (€10-15 bn) is above, as it is half the gap.
    gap = projection.year(2025).gap
    assert gap == pytest.approx(35.03, abs=0.01)
    assert gap > 30  # above the headline: pinned so that a change is noticed
    checks = {c.name: c for c in compare_headline(projection, params.macro()["headline"])}
    assert checks["gap_2025"].within is False
    assert checks["gap_cumulative_2021_2025"].within is True
    assert checks["gap_cumulative_2021_2025"].model == pytest.approx(74.44, abs=0.01)
    assert checks["government_revenue_cumulative_2021_2025"].within is True
    assert checks["government_revenue_2025"].within is False
    # ~300,000 extra jobs (r. 2568) is far from the +5.1% job growth of the slide's own
    # assumption (~139,000 in 2025): that figure must come from the bottom-up plan.
    assert checks["extra_jobs_2025"].model == pytest.approx(139_230, abs=1)


def test_headline_window(projection):
    # Where the open assumptions would have to lie for the model to land inside the slide's
    # ranges: a steep peloton path (gain x5 a year: 80% of it in 2025) with the default share.
    steep = project(MacroAssumptions(peloton_ramp_factor=5.0))
    checks = {c.name: c for c in compare_headline(steep, params.macro()["headline"])}
    for name in (
        "gap_2025",
        "gap_cumulative_2021_2025",
        "government_revenue_2025",
        "government_revenue_cumulative_2021_2025",
    ):
        assert checks[name].within, name
    assert 29 < steep.year(2025).gap < 30  # at the very edge of €20-30 bn
    # year-end timing (full +12% in 2025) moves the 2025 gap further above the range
    assert project(MacroAssumptions(peloton_timing=YEAR_END)).year(2025).gap > 40


def test_every_assumption_is_a_parameter():
    none = project(
        MacroAssumptions(
            extra_job_growth={},
            koplopers_productivity_growth={},
            peloton_value_added_gain=0.0,
        )
    )
    assert all(y.gap == pytest.approx(0) for y in none.years)
    more = project(MacroAssumptions(koplopers_value_added_share=0.6)).year(2025).gap
    less = project(MacroAssumptions(koplopers_value_added_share=0.4)).year(2025).gap
    assert more - less == pytest.approx(2 * 1.13, abs=0.05)  # ~€1.1 bn per 0.1 of share
    assert project(MacroAssumptions(value_added_2018=100)).year(2019).baseline == pytest.approx(
        102.6
    )


def test_validation():
    with pytest.raises(ValueError):
        MacroAssumptions(koplopers_value_added_share=1.5)
    with pytest.raises(ValueError):
        MacroAssumptions(peloton_timing="mid_year")
    with pytest.raises(ValueError):
        MacroAssumptions(peloton_ramp_factor=0)
    with pytest.raises(KeyError):
        MacroAssumptions.from_mapping({"colour": 1})


def test_deterministic(assumptions):
    assert project(assumptions) == project(assumptions) == project()
    assert project().as_dict() == project(MacroAssumptions()).as_dict()
