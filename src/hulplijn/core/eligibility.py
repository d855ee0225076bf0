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
from hulplijn.core.text import Text

if TYPE_CHECKING:  # assessment imports this module
    from hulplijn.core.assessment import Assessment

Outcome = tuple[bool | None, Text]
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


# one condition's answer; ``text`` (Dutch) and ``text_en`` are stored with the assessment (and
# are the API's contract), ``wording`` is the two as one ``Text`` (no docstring: it would show
# in the OpenAPI document)
class Reason(BaseModel):
    model_config = ConfigDict(frozen=True)

    predicate: str
    holds: bool | None
    text: str
    text_en: str

    @property
    def wording(self) -> Text:
        return Text(self.text, self.text_en)


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


def month(moment: str) -> Text:
    """'2020-07' -> 'juli 2020' / 'July 2020'."""
    year, number = moment.split("-")
    index = int(number) - 1
    return Text(f"{MONTHS_NL[index]} {year}", f"{MONTHS_EN[index]} {year}")


def _segment_name(code: str) -> Text:
    """A growth segment's name in quotes: 'Versnellen & uitbreiden'."""
    segment = SEGMENT_BY_CODE[code]
    return Text(f"'{segment.label}'", f"'{segment.label_en}'")


def segment_in(a: Assessment, segments: Sequence[str]) -> Outcome:
    """The firm's growth segment is one of ``segments`` (report: each measure's target segment)."""
    if a.segment is None:
        return None, Text(
            "uw groeisegment niet vast te stellen is (de bruto marge is 0 of negatief)",
            "your growth segment cannot be determined (gross margin zero or negative)",
        )
    own = _segment_name(a.segment)
    if a.segment in segments:
        return True, Text(
            "uw bedrijf in het groeisegment {own} valt, waarvoor deze maatregel bedoeld is",
            "your firm is in the growth segment {own}, which this measure is meant for",
        ).format(own=own)
    meant = Text.join([_segment_name(c) for c in segments], " of ", " or ")
    return False, Text(
        "deze maatregel bedoeld is voor {meant}, en uw bedrijf in {own} valt",
        "this measure is meant for {meant}, and your firm is in {own}",
    ).format(meant=meant, own=own)


def grew_before_crisis(a: Assessment) -> Outcome:
    """Productivity or jobs grew between the reference years (report, measure 1: "bedrijven met
    banen- of productiviteitsgroei pre-COVID")."""
    if a.productivity_growth is None:
        return None, Text(
            "de groei voor de crisis niet vast te stellen is (de bruto marge is 0 of negatief)",
            "growth before the crisis cannot be determined (gross margin zero or negative)",
        )
    if a.productivity_growth > 0 or a.job_growth > 0:
        return True, Text(
            "uw productiviteit of het aantal banen voor de crisis groeide",
            "your productivity or number of jobs grew before the crisis",
        )
    return False, Text(
        "uw productiviteit en het aantal banen voor de crisis allebei niet groeiden",
        "neither your productivity nor your number of jobs grew before the crisis",
    )


def size_class_in(a: Assessment, classes: Sequence[str]) -> Outcome:
    """The firm's size class is one of ``classes``."""
    size = Text(a.size_class.label.lower(), a.size_class.label_en.lower())
    if a.size_class.code in classes:
        return True, Text("uw bedrijf een {size} is", "your firm is a {size}").format(size=size)
    return False, Text(
        "deze maatregel niet voor een {size} is", "this measure is not for a {size}"
    ).format(size=size)


def sector_hit_at_least(a: Assessment, impact: str) -> Outcome:
    """The sector's structural COVID-19 impact is ``impact`` or more severe (Panteia classes)."""
    rank = IMPACT_ORDER.index(a.sector_impact.class_code)
    label = Text(a.sector_impact.label.lower(), a.sector_impact.label_en.lower())
    if rank >= IMPACT_ORDER.index(impact):
        return True, Text(
            "uw sector hard geraakt is door COVID-19 ({label})",
            "your sector was hit hard by COVID-19 ({label})",
        ).format(label=label)
    return False, Text(
        "uw sector minder hard geraakt is door COVID-19 ({label})",
        "your sector was hit less hard by COVID-19 ({label})",
    ).format(label=label)


def solvency_below(a: Assessment, ratio: float) -> Outcome:
    """Solvency (equity / total assets) is below ``ratio``."""
    if a.solvency_ratio is None:
        return None, Text("uw solvabiliteit niet is ingevuld", "your solvency was not given")
    pct, limit = _percent(a.solvency_ratio), _percent(ratio)
    if a.solvency_ratio < ratio:
        return True, Text(
            "uw solvabiliteit ({pct}) onder {limit} ligt", "your solvency ({pct}) is below {limit}"
        ).format(pct=pct, limit=limit)
    return False, Text(
        "uw solvabiliteit ({pct}) niet lager is dan {limit}",
        "your solvency ({pct}) is not below {limit}",
    ).format(pct=pct, limit=limit)


def _percent(fraction: float) -> Text:
    """A whole percentage in each language's notation: 35% / 35%."""
    return Text(numbers.percent(fraction, "nl", 0), numbers.percent(fraction, "en", 0))


def liquidity_low(a: Assessment) -> Outcome:
    """Liquidity is low against peers at one of the moments (lowest quarter of cash buffer days)
    or the quick ratio is below 1."""
    if not a.liquidity:
        return None, Text("uw liquiditeit niet is ingevuld", "your liquidity was not given")
    low = [m.moment for m in a.liquidity if m.state == "low" or m.quick_ratio_norm != "healthy"]
    if low:
        months = Text.join([month(m) for m in low], " en ", " and ")
        return True, Text(
            "uw liquiditeit krap was in {months}", "your liquidity was tight in {months}"
        ).format(months=months)
    return False, Text(
        "uw liquiditeit op beide momenten voldoende was",
        "your liquidity was sufficient at both moments",
    )


def all_smes(a: Assessment) -> Outcome:
    """The measure is meant for every SME (report: "Alle mkb'ers")."""
    return True, Text("deze maatregel voor alle mkb-bedrijven is", "this measure is for every SME")


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
                holds, said = PREDICATES[condition.predicate](assessment, **dict(condition.params))
                reasons.append(
                    Reason(
                        predicate=condition.predicate, holds=holds, text=said.nl, text_en=said.en
                    )
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


# per verdict: its sentence, and the answer of the reasons it gives (all hold when eligible;
# the failing ones when not; the undecided ones when unknown)
_SENTENCES: dict[Status, tuple[Text, bool | None]] = {
    "eligible": (Text("U komt in aanmerking omdat {body}.", "You qualify because {body}."), True),
    "not_eligible": (
        Text("U komt niet in aanmerking omdat {body}.", "You do not qualify because {body}."),
        False,
    ),
    "unknown": (
        Text("Dit is niet te bepalen, omdat {body}.", "This cannot be determined because {body}."),
        None,
    ),
}


def sentence(verdict: MeasureEligibility, language: str | None = "nl") -> str:
    """The verdict as one sentence: 'U komt in aanmerking omdat ...' and its siblings. The
    predicates' Dutch texts are subordinate clauses (verb last), written to follow 'omdat'."""
    if verdict.status == "not_applicable":
        return verdict.reasons[0].wording(language).rstrip(".") + "."
    template, answer = _SENTENCES[verdict.status]
    body = Text.join([r.wording for r in verdict.reasons if r.holds is answer], " en ", " and ")
    return template.format(body=body)(language)
