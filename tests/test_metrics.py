"""The report's formulas, with hand-derived numbers."""

import pytest

from hulplijn.core import metrics
from hulplijn.core.segment import SEGMENTS, segment_index


def test_productivity_is_gross_margin_per_fte():
    # 965,000 / 58 = 16,637.931...
    assert metrics.productivity(965_000, 58) == pytest.approx(16_637.931034, rel=1e-9)


def test_worked_example_of_the_report():
    # Report: 2016 GM 909,000 and 56 FTE; 2018 GM 965,000 and 58 FTE.
    p2016 = metrics.productivity(909_000, 56)  # 16,232.142857
    p2018 = metrics.productivity(965_000, 58)  # 16,637.931034
    # productivity growth = (965,000 x 56) / (909,000 x 58) - 1 = 54,040,000 / 52,722,000 - 1
    assert metrics.growth(p2016, p2018) == pytest.approx(54_040_000 / 52_722_000 - 1, rel=1e-12)
    assert metrics.growth(p2016, p2018) == pytest.approx(0.025, abs=1e-4)  # the slide says 2.0%
    # job growth = 58 / 56 - 1 = 0.0357 (the slide's 3.6%)
    assert metrics.growth(56, 58) == pytest.approx(0.035714, abs=1e-6)
    assert SEGMENTS[segment_index(0.025, 0.0357)].code == "accelerate"


def test_cash_buffer_days_uses_yearly_costs_over_365():
    # 150,000 / ((15,000 + 340,000 + 180,000) / 365) = 150,000 x 365 / 535,000 = 102.336...
    assert metrics.cash_buffer_days(150_000, 15_000, 340_000, 180_000) == pytest.approx(
        54_750_000 / 535_000
    )


def test_quick_ratio():
    # (150,000 + 20,000 + 90,000) / (110,000 + 70,000) = 260,000 / 180,000 = 1.444...
    assert metrics.quick_ratio(150_000, 20_000, 90_000, 110_000, 70_000) == pytest.approx(13 / 9)


def test_solvency_including_negative_equity():
    assert metrics.solvency_ratio(520_000, 1_300_000) == pytest.approx(0.4)
    assert metrics.solvency_ratio(-50_000, 200_000) == pytest.approx(-0.25)


@pytest.mark.parametrize(
    ("pg", "jg", "segment"),
    [
        (0.01, 0.01, "accelerate"),
        (0.01, -0.01, "grow"),
        (-0.01, 0.01, "renew"),
        (-0.01, -0.01, "reform"),
        # zero change is not growth (docs/domain.md section 5)
        (0.0, 0.01, "renew"),
        (0.01, 0.0, "grow"),
        (0.0, 0.0, "reform"),
    ],
)
def test_segment_quadrants(pg, jg, segment):
    assert SEGMENTS[segment_index(pg, jg)].code == segment
