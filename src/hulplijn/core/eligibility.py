"""Eligibility for government measures as small named predicates, evaluated with a trace.

Every predicate answers one question about an assessment and says why, in Dutch and English:
True (holds), False (does not hold) or None (cannot be decided: the figure was not given). A
measure's rule is a list of conditions that must all hold. The outcome per measure is one of:

- ``eligible``: every condition holds ("U komt in aanmerking omdat ...");
- ``not_eligible``: at least one condition fails ("U komt niet in aanmerking omdat ...");
- ``unknown``: none fails, but one cannot be decided because a figure was not given;
- ``not_applicable``: the measure does not work through individual firms (it acts on banks,
  education or the tax system as a whole), so no firm applies for it ("niet van toepassing").

The rules follow the target segments of the report (docs/domain.md section 7); the rule file
(reference data ``eligibility.yaml``) documents each rule's reasoning.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict

from hulplijn.core import numbers
from hulplijn.core.segment import SEGMENT_BY_CODE

if TYPE_CHECKING:  # assessment imports this module
    from hulplijn.core.assessment import Assessment

Outcome = tuple[bool | None, str, str]
Status = Literal["eligible", "not_eligible", "unknown", "not_applicable"]
IMPACT_ORDER = ("groei", "geen_kleine_krimp", "gemiddelde_krimp", "grote_krimp", "zeer_grote_krimp")


@dataclass(frozen=True)
class Condition:
    """One named predicate with its parameters, as written in the rule file."""

    predicate: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class MeasureRule:
    """Who a measure is for: all conditions must hold; ``audience`` 'system' means no firm
    applies for it directly."""

    measure_id: str
    name: str
    name_en: str
    programme: str | None
    audience: Literal["firm", "system"]
    audience_note: str
    audience_note_en: str
    conditions: tuple[Condition, ...]


class Reason(BaseModel):
    model_config = ConfigDict(frozen=True)

    predicate: str
    holds: bool | None
    text: str
    text_en: str


class MeasureEligibility(BaseModel):
    """The verdict on one measure with the reasons that led to it."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    name_en: str
    programme: str | None
    status: Status
    eligible: bool
    reasons: list[Reason]


MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def month(moment: str, en: bool) -> str:
    """'2020-07' -> 'juli 2020' / 'July 2020'."""
    year, number = moment.split("-")
    return f"{(MONTHS_EN if en else MONTHS_NL)[int(number) - 1]} {year}"


def _segment_label(code: str, en: bool) -> str:
    segment = SEGMENT_BY_CODE[code]
    return segment.label_en if en else segment.label


def _segments(codes: Sequence[str], en: bool) -> str:
    joiner = " or " if en else " of "
    return joiner.join(f"'{_segment_label(c, en)}'" for c in codes)


def segment_in(a: Assessment, segments: Sequence[str]) -> Outcome:
    """The firm's growth segment is one of ``segments`` (report: each measure's target segment)."""
    if a.segment is None:
        return (
            None,
            "uw groeisegment niet vast te stellen is (de bruto marge is 0 of negatief)",
            "your growth segment cannot be determined (gross margin zero or negative)",
        )
    holds = a.segment in segments
    nl, en = _segment_label(a.segment, False), _segment_label(a.segment, True)
    if holds:
        return (
            True,
            f"uw bedrijf in het groeisegment '{nl}' valt, waarvoor deze maatregel bedoeld is",
            f"your firm is in the growth segment '{en}', which this measure is meant for",
        )
    return (
        False,
        f"deze maatregel bedoeld is voor {_segments(segments, False)}, en uw bedrijf "
        f"in '{nl}' valt",
        f"this measure is meant for {_segments(segments, True)}, and your firm is in '{en}'",
    )


def grew_before_crisis(a: Assessment) -> Outcome:
    """Productivity or jobs grew between the reference years (report, measure 1: "bedrijven met
    banen- of productiviteitsgroei pre-COVID")."""
    if a.productivity_growth is None:
        return (
            None,
            "de groei voor de crisis niet vast te stellen is (de bruto marge is 0 of negatief)",
            "growth before the crisis cannot be determined (gross margin zero or negative)",
        )
    holds = a.productivity_growth > 0 or a.job_growth > 0
    if holds:
        return (
            True,
            "uw productiviteit of het aantal banen voor de crisis groeide",
            "your productivity or number of jobs grew before the crisis",
        )
    return (
        False,
        "uw productiviteit en het aantal banen voor de crisis allebei niet groeiden",
        "neither your productivity nor your number of jobs grew before the crisis",
    )


def size_class_in(a: Assessment, classes: Sequence[str]) -> Outcome:
    """The firm's size class is one of ``classes``."""
    label, label_en = a.size_class.label, a.size_class.label_en
    if a.size_class.code in classes:
        return (True, f"uw bedrijf een {label.lower()} is", f"your firm is a {label_en.lower()}")
    return (
        False,
        f"deze maatregel niet voor een {label.lower()} is",
        f"this measure is not for a {label_en.lower()}",
    )


def sector_hit_at_least(a: Assessment, impact: str) -> Outcome:
    """The sector's structural COVID-19 impact is ``impact`` or more severe (Panteia classes)."""
    rank = IMPACT_ORDER.index(a.sector_impact.class_code)
    label, label_en = a.sector_impact.label.lower(), a.sector_impact.label_en.lower()
    if rank >= IMPACT_ORDER.index(impact):
        return (
            True,
            f"uw sector hard geraakt is door COVID-19 ({label})",
            f"your sector was hit hard by COVID-19 ({label_en})",
        )
    return (
        False,
        f"uw sector minder hard geraakt is door COVID-19 ({label})",
        f"your sector was hit less hard by COVID-19 ({label_en})",
    )


def solvency_below(a: Assessment, ratio: float) -> Outcome:
    """Solvency (equity / total assets) is below ``ratio``."""
    if a.solvency_ratio is None:
        return (None, "uw solvabiliteit niet is ingevuld", "your solvency was not given")
    pct_nl, pct_en = (numbers.percent(a.solvency_ratio, lang, 0) for lang in ("nl", "en"))
    limit_nl, limit_en = (numbers.percent(ratio, lang, 0) for lang in ("nl", "en"))
    if a.solvency_ratio < ratio:
        return (
            True,
            f"uw solvabiliteit ({pct_nl}) onder {limit_nl} ligt",
            f"your solvency ({pct_en}) is below {limit_en}",
        )
    return (
        False,
        f"uw solvabiliteit ({pct_nl}) niet lager is dan {limit_nl}",
        f"your solvency ({pct_en}) is not below {limit_en}",
    )


def liquidity_low(a: Assessment) -> Outcome:
    """Liquidity is low against peers at one of the moments (lowest quarter of cash buffer days)
    or the quick ratio is below 1."""
    if not a.liquidity:
        return (None, "uw liquiditeit niet is ingevuld", "your liquidity was not given")
    low = [m.moment for m in a.liquidity if m.state == "low" or m.quick_ratio_norm != "healthy"]
    if low:
        return (
            True,
            f"uw liquiditeit krap was in {' en '.join(month(m, False) for m in low)}",
            f"your liquidity was tight in {' and '.join(month(m, True) for m in low)}",
        )
    return (
        False,
        "uw liquiditeit op beide momenten voldoende was",
        "your liquidity was sufficient at both moments",
    )


def all_smes(a: Assessment) -> Outcome:
    """The measure is meant for every SME (report: "Alle mkb'ers")."""
    return (True, "deze maatregel voor alle mkb-bedrijven is", "this measure is for every SME")


PREDICATES: dict[str, Callable[..., Outcome]] = {
    "all_smes": all_smes,
    "segment_in": segment_in,
    "grew_before_crisis": grew_before_crisis,
    "size_class_in": size_class_in,
    "sector_hit_at_least": sector_hit_at_least,
    "solvency_below": solvency_below,
    "liquidity_low": liquidity_low,
}


def evaluate(assessment: Assessment, rules: Sequence[MeasureRule]) -> list[MeasureEligibility]:
    """The verdict on every measure for one assessment, with the trace of reasons."""
    verdicts = []
    for rule in rules:
        if rule.audience == "system":
            reasons = [
                Reason(
                    predicate="audience",
                    holds=None,
                    text=rule.audience_note,
                    text_en=rule.audience_note_en,
                )
            ]
            status: Status = "not_applicable"
        else:
            reasons = []
            for condition in rule.conditions:
                holds, text, text_en = PREDICATES[condition.predicate](
                    assessment, **dict(condition.params)
                )
                reasons.append(
                    Reason(predicate=condition.predicate, holds=holds, text=text, text_en=text_en)
                )
            if any(r.holds is False for r in reasons):
                status = "not_eligible"
            elif any(r.holds is None for r in reasons):
                status = "unknown"
            else:
                status = "eligible"
        verdicts.append(
            MeasureEligibility(
                id=rule.measure_id,
                name=rule.name,
                name_en=rule.name_en,
                programme=rule.programme,
                status=status,
                eligible=status == "eligible",
                reasons=reasons,
            )
        )
    return verdicts


def sentence(verdict: MeasureEligibility, en: bool = False) -> str:
    """The verdict as one sentence: 'U komt in aanmerking omdat ...' and its siblings. The
    predicates' Dutch texts are subordinate clauses (verb last), written to follow 'omdat'."""

    def text(r: Reason) -> str:
        return r.text_en if en else r.text

    joiner = " and " if en else " en "
    if verdict.status == "eligible":
        body = joiner.join(text(r) for r in verdict.reasons)
        return f"You qualify because {body}." if en else f"U komt in aanmerking omdat {body}."
    if verdict.status == "not_eligible":
        body = joiner.join(text(r) for r in verdict.reasons if r.holds is False)
        return (
            f"You do not qualify because {body}."
            if en
            else f"U komt niet in aanmerking omdat {body}."
        )
    if verdict.status == "unknown":
        body = joiner.join(text(r) for r in verdict.reasons if r.holds is None)
        return (
            f"This cannot be determined because {body}."
            if en
            else f"Dit is niet te bepalen, omdat {body}."
        )
    note = text(verdict.reasons[0]).rstrip(".")
    return f"{note}."
