"""The four growth segments: the 2x2 of productivity growth and job growth (docs/domain.md
section 5)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, overload

import numpy as np

SegmentCode = Literal["accelerate", "grow", "renew", "reform"]


@dataclass(frozen=True)
class Segment:
    """One growth segment with the needs the report assigns to it."""

    code: SegmentCode
    label: str
    label_en: str
    needs: tuple[str, ...]
    needs_en: tuple[str, ...]


# Order matters: the index is the code computed by segment_index().
SEGMENTS: tuple[Segment, ...] = (
    Segment(
        "accelerate",
        "Versnellen & uitbreiden",
        "Accelerate & expand",
        (
            "betere toegang tot financiering en eigen vermogen",
            "een gunstiger fiscaal klimaat voor investeringen",
            "de beste medewerkers aantrekken",
        ),
        (
            "better access to finance and equity",
            "a more favourable tax climate for investment",
            "attracting the best staff",
        ),
    ),
    Segment(
        "grow",
        "Groeien",
        "Grow",
        (
            "financiering en investeringen aantrekken om uit te breiden",
            "expertise en partnerschappen om uit te breiden",
        ),
        (
            "attracting finance and investment to expand",
            "gaining expertise and partnerships to expand",
        ),
    ),
    Segment(
        "renew",
        "Vernieuwen",
        "Renew",
        (
            "coaching in ondernemerschap en managementpraktijken",
            "hulp bij digitalisering",
            "efficiënter werken",
        ),
        (
            "coaching on entrepreneurship and management practices",
            "help with digitalisation",
            "working more efficiently",
        ),
    ),
    Segment(
        "reform",
        "Hervormen",
        "Reform",
        (
            "stoppen en opnieuw beginnen makkelijker maken",
            "omscholing en bijscholing van medewerkers",
        ),
        (
            "making stopping and restarting easier",
            "retraining and upskilling of staff",
        ),
    ),
)
SEGMENT_BY_CODE: dict[str, Segment] = {s.code: s for s in SEGMENTS}


@overload
def segment_index(productivity_growth: float, job_growth: float) -> int: ...
@overload
def segment_index(productivity_growth: np.ndarray, job_growth: np.ndarray) -> np.ndarray: ...
def segment_index(
    productivity_growth: float | np.ndarray, job_growth: float | np.ndarray
) -> int | np.ndarray:
    """Index into SEGMENTS: 0 accelerate, 1 grow, 2 renew, 3 reform.

    Report, "Verdieping mkb-hulplijn (3/5)": productivity growth and job growth decide the growth
    segment; productivity growth + job growth = "Versnellen & uitbreiden", productivity growth +
    job shrink = "Groeien", productivity shrink + job growth = "Vernieuwen", both shrink =
    "Hervormen". Zero change is not growth. Works element-wise on numpy arrays.
    """
    return 2 * (productivity_growth <= 0) + (job_growth <= 0)


SOLE_TRADER_MAX_PERSONS = 1
"""A firm of one working person (a zzp'er, the report's "ZZP (1 wp)") gets no growth segment: the
report's segmentation slide covers SMEs excluding sole traders ("Segmentatie van mkb-bedrijven
(excl. ZZP)"; footnote: firms that "hebben werknemers in dienst")."""
