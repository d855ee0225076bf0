"""The reading of the report's segment shares (issue #16, decision 0034): 27% accelerate, 28% grow,
31% renew, 14% reform, and per size class the counts placed by the chart's productivity axis
(docs/reference/population.md, "Growth-segment shares per size class")."""

import numpy as np
import pyarrow.parquet as pq
import pytest

from hulplijn.core.population import population_metrics, size_class_index
from hulplijn.core.segment import SEGMENTS, segment_index
from hulplijn.reference import params

# Section B, "De spreiding van bedrijven op productiviteits- en banengroei komt voor in iedere
# bedrijfsgrootte" (CBS, 2015-2017, excl. ZZP): per size class two rows of two counts, left to
# right. The x-axis is productivity, "Krimp ... Productiviteitsontwikkeling ... Groei": the left
# column shrinks, the right one grows. The first row is read as shrinking jobs (decision 0034).
PRINTED = {
    "micro": ((7_959, 16_923), (17_505, 14_039)),
    "klein": ((2_764, 5_767), (7_101, 7_119)),
    "midden": ((837, 1_355), (1_813, 1_895)),
}
PRODUCTIVITY_OF_COLUMN = (-1.0, +1.0)  # Krimp left, Groei right (the printed axis)
JOBS_OF_ROW = (-1.0, +1.0)  # the reading: the row holding the 14% cell is shrinking jobs

# Section C, "Mkb-bedrijven kunnen worden onderverdeeld in vier segmenten": the overall shares
# (no names printed) in the decided order.
OVERALL = {"accelerate": 0.27, "grow": 0.28, "renew": 0.31, "reform": 0.14}


def _counts() -> dict[str, dict[str, int]]:
    """The printed counts per size class keyed by the segment the axes give each position, by
    the engine's own 2x2 (hulplijn.core.segment)."""
    out: dict[str, dict[str, int]] = {}
    for size, rows in PRINTED.items():
        out[size] = {}
        for r, row in enumerate(rows):
            for c, count in enumerate(row):
                code = SEGMENTS[segment_index(PRODUCTIVITY_OF_COLUMN[c], JOBS_OF_ROW[r])].code
                out[size][code] = count
    return out


def test_the_axes_put_grow_on_the_productivity_growth_side():
    counts = _counts()
    # micro: right column (productivity grows) 16,923 in the shrinking-jobs row = grow,
    # 14,039 = accelerate; left column 7,959 = reform, 17,505 = renew
    assert counts["micro"] == {
        "reform": 7_959,
        "grow": 16_923,
        "renew": 17_505,
        "accelerate": 14_039,
    }
    assert counts["klein"] == {"reform": 2_764, "grow": 5_767, "renew": 7_101, "accelerate": 7_119}
    assert counts["midden"] == {"reform": 837, "grow": 1_355, "renew": 1_813, "accelerate": 1_895}


def test_the_counts_add_up_to_the_overall_shares_in_the_decided_order():
    counts = _counts()
    total = sum(sum(c.values()) for c in counts.values())
    assert total == 85_077  # 56,426 + 22,751 + 5,900
    summed = {s.code: sum(c[s.code] for c in counts.values()) for s in SEGMENTS}
    # accelerate 14,039 + 7,119 + 1,895 = 23,053 (27.10%); grow 16,923 + 5,767 + 1,355 = 24,045
    # (28.26%); renew 17,505 + 7,101 + 1,813 = 26,419 (31.05%); reform 7,959 + 2,764 + 837 =
    # 11,560 (13.59%): rounded, the slide's 27 / 28 / 31 / 14
    assert summed == {"accelerate": 23_053, "grow": 24_045, "renew": 26_419, "reform": 11_560}
    # (so not the reading before #16, grow 31% and renew 28%)
    assert {code: round(n / total, 2) for code, n in summed.items()} == OVERALL


def test_population_yaml_holds_the_reports_shares_per_size_class():
    shares = params.population()["targets"]["segment_shares"]["value"]
    counts = _counts()
    # micro of 56,426: 14,039 -> 0.2488, 16,923 -> 0.2999, 17,505 -> 0.3102, 7,959 -> 0.1411;
    # klein of 22,751: 7,119 -> 0.3129, 5,767 -> 0.2535, 7,101 -> 0.3121, 2,764 -> 0.1215;
    # midden of 5,900: 1,895 -> 0.3212, 1,355 -> 0.2297, 1,813 -> 0.3073, 837 -> 0.1419
    assert shares == {
        "micro": {"accelerate": 0.25, "grow": 0.30, "renew": 0.31, "reform": 0.14},
        "klein": {"accelerate": 0.31, "grow": 0.25, "renew": 0.31, "reform": 0.12},
        "midden": {"accelerate": 0.32, "grow": 0.23, "renew": 0.31, "reform": 0.14},
    }
    for size, by_segment in counts.items():
        total = sum(by_segment.values())
        for code, n in by_segment.items():
            assert shares[size][code] == round(n / total, 2), (size, code)


def _shares_per_size_class(population) -> dict[str, dict[str, float]]:
    """Each size class's share of firms per segment, as the calibration counts them (firms
    without a segment left out)."""
    columns = ["working_persons", "gross_margin_y1", "gross_margin_y2", "fte_y1", "fte_y2"]
    table = pq.read_table(population, columns=columns).to_pydict()
    c = {k: np.asarray(v) for k, v in table.items()}
    segment = population_metrics(c)["segment"]
    sizes = params.size_classes()
    index = size_class_index(c["working_persons"], sizes)
    out = {}
    for k, size in enumerate(sizes.classes):
        members = (index == k) & (segment >= 0)
        if members.any():
            counts = np.bincount(segment[members], minlength=len(SEGMENTS))
            out[size.code] = {s.code: counts[i] / counts.sum() for i, s in enumerate(SEGMENTS)}
    return out


def test_the_synthetic_population_follows_the_reading(synthetic_population):
    shares = _shares_per_size_class(synthetic_population)
    assert set(shares) == {"micro", "klein", "midden"}  # no sole traders: no segment
    # renew exceeds grow by 6 points of klein firms (0.31 - 0.25) and 8 of midden firms
    # (0.31 - 0.23); the reading before #16 had -6 and -8. The difference of two shares drawn
    # in a class of n firms has a standard deviation of about sqrt((p_renew + p_grow) / n):
    # sqrt(0.56 / 10,595) = 0.007 for klein and sqrt(0.54 / 2,380) = 0.015 for midden (of the
    # 60,000 firms), so 4 points lies 2.7 of them below the expected difference in each class
    for size in ("klein", "midden"):
        assert shares[size]["renew"] - shares[size]["grow"] >= 0.04
    # weighted by the report's firms per class (56,426 / 22,751 / 5,900 of 85,077), the yaml's
    # shares give accelerate 0.25 x 56,426 + 0.31 x 22,751 + 0.32 x 5,900 = 23,047 (27.1%),
    # grow 0.30 x 56,426 + 0.25 x 22,751 + 0.23 x 5,900 = 23,973 (28.2%), renew 0.31 x 85,077
    # (31.0%), reform 0.14 x 56,426 + 0.12 x 22,751 + 0.14 x 5,900 = 11,456 (13.5%): within 0.6
    # points of the overall shares; the draw adds at most about 1 point more (the calibration's
    # 0.015 a class)
    weights = {"micro": 56_426, "klein": 22_751, "midden": 5_900}
    for code, overall in OVERALL.items():
        weighted = sum(w * shares[size][code] for size, w in weights.items())
        assert weighted / sum(weights.values()) == pytest.approx(overall, abs=0.015), code
