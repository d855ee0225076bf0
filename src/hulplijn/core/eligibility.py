"""Eligibility for government measures as small named predicates, evaluated with a trace.

Every predicate answers one question about an assessment and says why, in Dutch and English:
True (holds), False (does not hold) or None (cannot be decided: the figure was not given). A
measure's rule is a list of conditions that must all hold. The outcome per measure is one of:

- ``eligible``: every condition holds ("U komt in aanmerking omdat ...");
- ``not_eligible``: at least one condition fails ("U komt niet in aanmerking omdat ...");
- ``unknown``: none fails, but one cannot be decided because a figure was not given;
- ``not_applicable``: the measure does not work through individual firms (it acts on banks,
  education or the tax system as a whole), so no firm applies for it ("niet van toepassing");
- ``ended``: on the day of the assessment the measure no longer runs; it is history and is never
  said to suit the firm (only when ``evaluate`` is given that day).

Each measure also has a life (``Life``): proposed in the report, carried out as named schemes,
itself a scheme one applies for, or ended, with validity dates and its official source. Only an
``open`` scheme the firm qualifies for invites an application (``invites_application``).

The rules follow the target segments of the report (docs/domain.md section 7); the rule file
(reference data ``eligibility.yaml``) documents each rule's reasoning.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict

from hulplijn.core import numbers
from hulplijn.core.built import built
from hulplijn.core.period import MONTHS_EN, MONTHS_NL, month
from hulplijn.core.segment import SEGMENT_BY_CODE, SOLE_TRADER_MAX_PERSONS
from hulplijn.core.text import Text

if TYPE_CHECKING:  # assessment imports this module
    from hulplijn.core.assessment import Assessment

Outcome = tuple[bool | None, Text]
Status = Literal["eligible", "not_eligible", "unknown", "not_applicable", "ended"]
Stage = Literal["proposed", "carried_out", "scheme", "ended"]
Availability = Literal["open", "not_yet_open", "proposed", "carried_out", "ended"]
IMPACT_ORDER = ("groei", "geen_kleine_krimp", "gemiddelde_krimp", "grote_krimp", "zeer_grote_krimp")


@dataclass(frozen=True)
class Condition:
    """One named predicate with its parameters, as written in the rule file."""

    predicate: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Life:
    """Where a measure stands: ``proposed`` (a proposal of the 2020 report, never a scheme of
    its own), ``carried_out`` (its idea lives on in the named schemes ``carried_by``),
    ``scheme`` (a scheme a firm applies for) or ``ended``; with validity dates and the official
    page it was read from (``checked_on`` None: the page was not verified)."""

    stage: Stage = "proposed"
    valid_from: date | None = None
    valid_until: date | None = None
    carried_by: tuple[str, ...] = ()
    source_url: str | None = None
    checked_on: date | None = None
    is_scheme: bool = False

    def availability(self, on: date) -> Availability:
        """On day ``on``: ``ended`` once its last day has passed (or, without a last day, when
        its stage says so); a scheme is ``open`` within its dates (``not_yet_open`` before); a
        report measure is ``proposed`` or ``carried_out``."""
        if self.valid_until is not None and on > self.valid_until:
            return "ended"
        if self.stage == "ended" and self.valid_until is None:
            return "ended"
        if self.is_scheme:
            return "not_yet_open" if self.valid_from and on < self.valid_from else "open"
        return "carried_out" if self.stage == "carried_out" else "proposed"


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
    life: Life = Life()


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
    availability: Availability | None = None
    invites_application: bool = False
    valid_from: date | None = None
    valid_until: date | None = None
    carried_by: list[str] = []
    source_url: str | None = None
    checked_on: date | None = None


def _segment_name(code: str) -> Text:
    """A growth segment's name in quotes: 'Versnellen & uitbreiden'."""
    segment = SEGMENT_BY_CODE[code]
    return Text(f"'{segment.label}'", f"'{segment.label_en}'")


def segment_in(a: Assessment, segments: Sequence[str]) -> Outcome:
    """The firm's growth segment is one of ``segments`` (report: each measure's target segment)."""
    if a.segment is None and a.size_class.working_persons <= SOLE_TRADER_MAX_PERSONS:
        return None, Text(
            "het rapport alleen bedrijven met personeel in groeisegmenten indeelt, en u een "
            "zzp'er bent",
            "the report places only firms with staff in growth segments, and you are a sole trader",
        )
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


def solvency_not_above(a: Assessment, ratio: float) -> Outcome:
    """Solvency (equity / total assets) is not above ``ratio``: the report calls a solvency
    above 40% healthy (">40% wordt als gezond gezien", section "Vóór COVID-crisis"), so a firm
    on the line is not healthy, as the dashboard's norm says (hulplijn.core.assessment)."""
    if a.solvency_ratio is None:
        return None, Text("uw solvabiliteit niet is ingevuld", "your solvency was not given")
    pct, limit = _percent_beside(a.solvency_ratio, ratio), _percent(ratio)
    if a.solvency_ratio <= ratio:
        return True, Text(
            "uw solvabiliteit ({pct}) niet boven de {limit} ligt die als gezond geldt",
            "your solvency ({pct}) is not above the {limit} that counts as healthy",
        ).format(pct=pct, limit=limit)
    return False, Text(
        "uw solvabiliteit ({pct}) boven de {limit} ligt die als gezond geldt",
        "your solvency ({pct}) is above the {limit} that counts as healthy",
    ).format(pct=pct, limit=limit)


def _percent(fraction: float) -> Text:
    """A whole percentage in each language's notation: 35% / 35%."""
    return Text(numbers.percent(fraction, "nl", 0), numbers.percent(fraction, "en", 0))


def _percent_beside(fraction: float, limit: float) -> Text:
    """``fraction`` as a whole percentage, or with one decimal where the whole one would read
    as the limit itself (40,3% beside 40%, never "40% above 40%")."""
    if fraction != limit and round(fraction * 100) == round(limit * 100):
        return Text(numbers.percent(fraction, "nl", 1), numbers.percent(fraction, "en", 1))
    return _percent(fraction)


def _moments(a: Assessment, keep: Callable[[Any], bool]) -> Text:
    """The months of the liquidity moments that ``keep`` holds for: 'februari 2020 en juli 2020'."""
    return Text.join([month(m.moment) for m in a.liquidity if keep(m)], " en ", " and ")


def liquidity_low(a: Assessment) -> Outcome:
    """Liquidity is low against peers at one of the moments (lowest quarter of cash buffer days)
    or the quick ratio is below 1. The reason names what the liquidity section itself says per
    moment (low against peers; quick ratio needs attention or weak), never a looser word."""
    if not a.liquidity:
        return None, Text("uw liquiditeit niet is ingevuld", "your liquidity was not given")
    low = [m for m in a.liquidity if m.state == "low"]
    short = [m for m in a.liquidity if m.quick_ratio_norm != "healthy"]
    if not low and not short:
        if len(a.liquidity) == 1:
            return False, Text(
                "uw quick ratio in {months} gezond was (1 of hoger) en uw kasbuffer niet bij de "
                "laagste van vergelijkbare bedrijven hoorde",
                "your quick ratio in {months} was healthy (1 or more) and your cash buffer was "
                "not among the lowest of similar firms",
            ).format(months=month(a.liquidity[0].moment))
        return False, Text(
            "uw quick ratio op elk ingevuld moment gezond was (1 of hoger) en uw kasbuffer nergens "
            "bij de laagste van vergelijkbare bedrijven hoorde",
            "your quick ratio was healthy (1 or more) at every moment given and your cash buffer "
            "was never among the lowest of similar firms",
        )
    parts = []
    if low:
        parts.append(
            Text(
                "uw kasbuffer in {months} laag was vergeleken met vergelijkbare bedrijven",
                "your cash buffer in {months} was low compared with similar firms",
            ).format(months=_moments(a, lambda m: m.state == "low"))
        )
    if short:
        parts.append(
            Text(
                "uw quick ratio in {months} onder 1 lag",
                "your quick ratio in {months} was below 1",
            ).format(months=_moments(a, lambda m: m.quick_ratio_norm != "healthy"))
        )
    return True, Text.join(parts, " en ", " and ")


def finances_weak(a: Assessment) -> Outcome:
    """The firm is in financial difficulty by its own figures: negative equity, or at a moment a
    weak quick ratio (below 0.5) or a cash buffer among the lowest of its peers."""
    weak = [m for m in a.liquidity if m.quick_ratio_norm == "weak" or m.state == "low"]
    negative = a.solvency is not None and a.solvency.negative_equity
    if negative:
        return True, Text("uw eigen vermogen negatief is", "your equity is negative")
    if weak:
        return True, Text(
            "uw liquiditeit in {months} zwak was (quick ratio onder 0,5 of een kasbuffer bij de "
            "laagste van vergelijkbare bedrijven)",
            "your liquidity in {months} was weak (quick ratio below 0.5 or a cash buffer among "
            "the lowest of similar firms)",
        ).format(months=_moments(a, lambda m: m.quick_ratio_norm == "weak" or m.state == "low"))
    if a.solvency is None and not a.liquidity:
        return None, Text(
            "uw liquiditeit en solvabiliteit niet zijn ingevuld",
            "your liquidity and solvency were not given",
        )
    said = []
    if a.solvency is not None:
        said.append(Text("uw eigen vermogen positief is", "your equity is positive"))
    if a.liquidity:
        said.append(
            Text(
                "uw liquiditeit op geen enkel ingevuld moment zwak was",
                "your liquidity was not weak at any moment given",
            )
        )
    body = Text.join(said, " en ", " and ")
    return False, Text(
        "deze maatregel bedoeld is voor bedrijven in financiële moeilijkheden, en {body}",
        "this measure is meant for firms in financial difficulty, and {body}",
    ).format(body=body)


def equity_positive(a: Assessment) -> Outcome:
    """Equity is positive (a lender's first test of a firm not in difficulty)."""
    if a.solvency is None:
        return None, Text("uw solvabiliteit niet is ingevuld", "your solvency was not given")
    if a.solvency.negative_equity:
        return False, Text(
            "uw eigen vermogen negatief is en deze regeling een bedrijf vraagt dat niet in "
            "financiële moeilijkheden is",
            "your equity is negative, and this scheme asks for a firm not in financial difficulty",
        )
    return True, Text("uw eigen vermogen positief is", "your equity is positive")


def _section(a: Assessment) -> Text:
    return Text(a.sector.section_name_nl.lower(), a.sector.section_name_en.lower())


def sector_in(a: Assessment, sections: Sequence[str], label: str, label_en: str) -> Outcome:
    """The firm's SBI section is one of ``sections`` (``label`` names them for the reader)."""
    if a.sector.section in sections:
        return True, Text(
            "uw bedrijf in de sector {own} werkt, waarvoor deze regeling bedoeld is",
            "your firm works in the sector {own}, which this scheme is meant for",
        ).format(own=_section(a))
    return False, Text(
        "deze regeling bedoeld is voor {meant}, en uw bedrijf in de sector {own} werkt",
        "this scheme is meant for {meant}, and your firm works in the sector {own}",
    ).format(meant=Text(label, label_en), own=_section(a))


def sector_not_in(a: Assessment, sections: Sequence[str], why: str, why_en: str) -> Outcome:
    """The firm's SBI section is not one of ``sections``; ``why`` says (as a clause) why the
    measure does not fit a firm in them."""
    if a.sector.section in sections:
        return False, Text(why, why_en).format(own=_section(a))
    return True, Text(
        "uw bedrijf in de sector {own} werkt", "your firm works in the sector {own}"
    ).format(own=_section(a))


def solvency_above(a: Assessment, ratio: float) -> Outcome:
    """Solvency (equity / total assets) is above ``ratio``."""
    holds, said = solvency_not_above(a, ratio)
    return (None if holds is None else not holds), said


def working_persons_at_most(a: Assessment, persons: int) -> Outcome:
    """At most ``persons`` working persons (e.g. 1: a self-employed person without staff)."""
    n = a.size_class.working_persons
    if n <= persons:
        return True, Text(
            "uw bedrijf {n} werkzame persoon telt", "your firm has {n} working person"
        ).format(n=n) if n == 1 else Text(
            "uw bedrijf {n} werkzame personen telt", "your firm has {n} working persons"
        ).format(n=n)
    return False, Text(
        "deze regeling bedoeld is voor bedrijven met hoogstens {max} werkzame personen, en uw "
        "bedrijf er {n} telt",
        "this scheme is meant for firms with at most {max} working persons, and yours has {n}",
    ).format(max=persons, n=n)


PLANS: dict[str, Text] = {
    "invest": Text("investeren in bedrijfsmiddelen", "investing in business assets"),
    "green": Text(
        "investeren in energiebesparing of milieu", "investing in energy saving or the environment"
    ),
    "research": Text("eigen onderzoek en ontwikkeling (R&D)", "research and development (R&D)"),
    "innovate": Text(
        "een nieuw product of proces ontwikkelen", "developing a new product or process"
    ),
    "borrow": Text("geld lenen voor uw bedrijf", "borrowing money for your firm"),
    "train": Text(
        "uw medewerkers laten leren en ontwikkelen", "training and developing your staff"
    ),
}


def plans_include(a: Assessment, plans: Sequence[str]) -> Outcome:
    """The owner's answer to the one extra question ("Wat bent u van plan?") names one of
    ``plans``; no answer leaves the verdict open."""
    wanted = Text.join([PLANS[p] for p in plans], " of ", " or ")
    if a.plans is None:
        return None, Text(
            "deze regeling van uw plannen afhangt ({wanted}) en die vraag niet is beantwoord",
            "this scheme depends on your plans ({wanted}), and that question was not answered",
        ).format(wanted=wanted)
    named = [p for p in plans if p in a.plans]
    if named:
        return True, Text("u van plan bent: {plans}", "you plan: {plans}").format(
            plans=Text.join([PLANS[p] for p in named], " en ", " and ")
        )
    return False, Text(
        "deze regeling bedoeld is voor {wanted}, en u dat niet als plan heeft opgegeven",
        "this scheme is meant for {wanted}, and you did not name that as a plan",
    ).format(wanted=wanted)


def all_smes(a: Assessment) -> Outcome:
    """The measure is meant for every SME (report: "Alle mkb'ers")."""
    return True, Text("deze maatregel voor alle mkb-bedrijven is", "this measure is for every SME")


PREDICATES: dict[str, Callable[..., Outcome]] = {
    "all_smes": all_smes,
    "segment_in": segment_in,
    "grew_before_crisis": grew_before_crisis,
    "size_class_in": size_class_in,
    "sector_hit_at_least": sector_hit_at_least,
    "solvency_not_above": solvency_not_above,
    "liquidity_low": liquidity_low,
    "finances_weak": finances_weak,
    "equity_positive": equity_positive,
    "sector_in": sector_in,
    "sector_not_in": sector_not_in,
    "solvency_above": solvency_above,
    "working_persons_at_most": working_persons_at_most,
    "plans_include": plans_include,
}


def day(when: date) -> Text:
    """date(2022, 12, 31) -> '31 december 2022' / '31 December 2022'."""
    return Text(
        f"{when.day} {MONTHS_NL[when.month - 1]} {when.year}",
        f"{when.day} {MONTHS_EN[when.month - 1]} {when.year}",
    )


def ended_reason(life: Life) -> Reason:
    """The one reason an ended measure gives: it is history, with its last day when known."""
    said = (
        Text(
            "Deze maatregel liep tot en met {until} en is beëindigd; hij staat hier als "
            "geschiedenis en is niet meer aan te vragen.",
            "This measure ran until {until} and has ended; it is shown as history and can no "
            "longer be applied for.",
        ).format(until=day(life.valid_until))
        if life.valid_until is not None
        else Text(
            "Deze maatregel is beëindigd; hij staat hier als geschiedenis en is niet meer aan "
            "te vragen.",
            "This measure has ended; it is shown as history and can no longer be applied for.",
        )
    )
    return _reason("validity", None, said)


def _reason(predicate: str, holds: bool | None, said: Text) -> Reason:
    """A reason made without validating again what is already of its type (a predicate's
    answer and wording): ``evaluate`` makes about 45 a firm."""
    return built(
        Reason, {"predicate": predicate, "holds": holds, "text": said.nl, "text_en": said.en}
    )


def evaluate(
    assessment: Assessment, rules: Sequence[MeasureRule], on: date | None = None
) -> list[MeasureEligibility]:
    """The verdict on every measure for one assessment, with the trace of reasons. Given the
    day ``on``, a measure that has ended by then is ``ended`` (history), and each verdict says
    whether it is open and invites an application."""
    verdicts = []
    for rule in rules:
        availability = rule.life.availability(on) if on is not None else None
        if availability == "ended" or rule.audience == "system":
            # the same verdict for every firm on this day: made once, shared (frozen)
            kept = _FIRMLESS.get(id(rule))
            if kept is None or kept[0] is not rule or kept[1] != on:
                if len(_FIRMLESS) >= _FIRMLESS_MAX:  # rules of references loaded before
                    _FIRMLESS.clear()
                kept = (rule, on, _verdict(rule, availability, assessment))
                _FIRMLESS[id(rule)] = kept
            verdicts.append(kept[2])
            continue
        verdicts.append(_verdict(rule, availability, assessment))
    return verdicts


# per rule (by id; the rule itself is kept, so an id is never taken for another rule's): the
# day and the verdict of a measure that does not depend on the firm (ended, or for the system)
_FIRMLESS: dict[int, tuple[MeasureRule, date | None, MeasureEligibility]] = {}
_FIRMLESS_MAX = 512
"""At most this many kept verdicts (a reference holds a few dozen rules; each load of the
parameters makes new ones, so without a bound the memo would keep every rule ever loaded)."""


def _verdict(
    rule: MeasureRule, availability: Availability | None, assessment: Assessment
) -> MeasureEligibility:
    """The verdict on one measure for one assessment."""
    status: Status
    if availability == "ended":
        reasons = [ended_reason(rule.life)]
        status = "ended"
    elif rule.audience == "system":
        reasons = [_reason("audience", None, Text(rule.audience_note, rule.audience_note_en))]
        status = "not_applicable"
    else:
        reasons = []
        for condition in rule.conditions:
            holds, said = PREDICATES[condition.predicate](assessment, **dict(condition.params))
            reasons.append(_reason(condition.predicate, holds, said))
        if any(r.holds is False for r in reasons):
            status = "not_eligible"
        elif any(r.holds is None for r in reasons):
            status = "unknown"
        else:
            status = "eligible"
    # the rule's values were checked when it was loaded (hulplijn.reference.params)
    return built(
        MeasureEligibility,
        {
            "id": rule.measure_id,
            "name": rule.name,
            "name_en": rule.name_en,
            "programme": rule.programme,
            "status": status,
            "eligible": status == "eligible",
            "reasons": reasons,
            "availability": availability,
            "invites_application": status == "eligible" and availability == "open",
            "valid_from": rule.life.valid_from,
            "valid_until": rule.life.valid_until,
            "carried_by": list(rule.life.carried_by),
            "source_url": rule.life.source_url,
            "checked_on": rule.life.checked_on,
        },
    )


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
    if verdict.status in ("not_applicable", "ended"):
        return verdict.reasons[0].wording(language).rstrip(".") + "."
    template, answer = _SENTENCES[verdict.status]
    body = Text.join([r.wording for r in verdict.reasons if r.holds is answer], " en ", " and ")
    return template.format(body=body)(language)
