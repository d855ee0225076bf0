"""A summary first: what an owner reads in under a minute at the top of the result page.

Four things, decided here from the engine's result, so the page only shows them:

- **the growth segment in words**: its name and whether productivity and jobs (FTE) grew from
  the first to the last year, with both changes; when the segment cannot be determined, why;
- **the strongest and the weakest dimension**, by percentile. Each dimension the firm is
  compared in stands for one figure, its headline: A (growth) the productivity of the latest
  year (the figure the guess, the koplopers and the size of the prize are about), B (liquidity)
  the cash buffer days at the latest moment compared with peers (the figure the report's
  low/average/high is read from), C (solvency) the solvency ratio. D (the sector's COVID-19
  impact) compares sectors, not firms, and has no percentile. Each headline is said with its
  percentile, peer group, n and period as the page's tables give them (the period once: where
  the figure's own label names it, not again). The highest percentile is
  the strongest, the lowest the weakest (a tie goes to the dimension first in A, B, C order for
  the strongest and the last for the weakest); when both read as the same whole percentile, the
  dimensions are said to stand alike; with one dimension compared, that one is said alone; with
  none, nothing;
- **the first thing to do**: when the firm's own figures call for help first
  (``hulplijn.core.help_first``), a talk with the first route that fits, before anything else;
  otherwise the first step of the action plan the page gives (the caller passes those steps in
  order); without any step, the three short surveys that lead to one.

Pure: no Django, no files. The words are ``Text`` (Dutch and English); numbers go through
``hulplijn.core.numbers``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from hulplijn.core import numbers
from hulplijn.core.period import month
from hulplijn.core.segment import SEGMENT_BY_CODE
from hulplijn.core.text import Text

if TYPE_CHECKING:
    from hulplijn.core.assessment import Assessment
    from hulplijn.core.help_first import HelpFirst

DimensionCode = Literal["growth", "liquidity", "solvency"]
PointKind = Literal["strongest", "weakest", "alike", "only"]
StepKind = Literal["help_first", "action", "surveys"]

DIMENSION_NAMES: dict[DimensionCode, Text] = {
    "growth": Text("Groei (A)", "Growth (A)"),
    "liquidity": Text("Liquiditeit (B)", "Liquidity (B)"),
    "solvency": Text("Solvabiliteit (C)", "Solvency (C)"),
}
HELP_ANCHOR = "#hulp"
PLAN_ANCHOR = "#actieplan"
SURVEYS_ANCHOR = "#vragenlijsten"
_MOMENT = re.compile(r"^\d{4}-\d{2}$")


@dataclass(frozen=True)
class Action:
    """One step of the action plan, in both languages, with the place on the page that explains
    it (an anchor such as ``#regeling-kia``; None: the plan itself)."""

    text: Text
    anchor: str | None = None


@dataclass(frozen=True)
class Standing:
    """A dimension's headline figure against its peers."""

    dimension: DimensionCode
    figure: str  # the key of the figure in the result's derivations and benchmark
    label: Text  # the figure's own label ("Kasbuffer in dagen, 2020-02")
    percentile: float
    group: Text  # the peer group ("dezelfde SBI-afdeling en grootteklasse")
    n: int
    period: Text  # the period the peers describe ("2018", "februari 2020", "2016–2018")
    text: Text  # all of it in one line


@dataclass(frozen=True)
class Point:
    """What the summary says about the dimensions: the strongest, the weakest, those that stand
    alike, or the only one compared."""

    kind: PointKind
    standings: tuple[Standing, ...]


@dataclass(frozen=True)
class FirstStep:
    """The first thing to do, where on the page it is explained (``anchor``) and, for help
    first, the route's own page (``url``) and name (``link``)."""

    kind: StepKind
    text: Text
    anchor: str
    url: str | None = None
    link: Text | None = None


@dataclass(frozen=True)
class Summary:
    segment: Text | None  # the segment's name; None when it cannot be determined
    segment_text: Text  # what it means for this firm, or why it cannot be determined
    points: tuple[Point, ...]
    first: FirstStep


def _percent(x: float) -> Text:
    return Text(numbers.percent(x, "nl", 1, signed=True), numbers.percent(x, "en", 1, signed=True))


_GREW = Text("groeide", "grew")
_DID_NOT_GROW = Text("groeide niet", "did not grow")
_SEGMENT = Text(
    "Uw productiviteit {productivity} ({pg}) en het aantal banen (VTE) {jobs} ({jg}), van {a} "
    "tot {b}.",
    "Your productivity {productivity} ({pg}) and the number of jobs (FTE) {jobs} ({jg}), from "
    "{a} to {b}.",
)
_NO_SEGMENT = Text(
    "Uw groeisegment is {reason}.",
    "Your growth segment {reason}.",
)


def segment_in_words(result: Assessment) -> tuple[Text | None, Text]:
    """The segment's name and what it says about this firm (zero change is no growth, as the
    segment itself counts it); without a segment, None and the reason."""
    first, last = min(result.productivity), max(result.productivity)
    growth = result.productivity_growth
    if result.segment is None or growth is None:
        if result.segment_reason is not None:  # why, since the sole traders' rule (issue 16)
            reason = Text(result.segment_reason, result.segment_reason_en or result.segment_reason)
        else:  # a result stored before it: the growth dimension's reason
            given = result.dimensions["growth"]
            reason = Text(given.reason or "", given.reason_en or given.reason or "")
        return None, _NO_SEGMENT.format(reason=reason)
    segment = SEGMENT_BY_CODE[result.segment]
    return Text(segment.label, segment.label_en), _SEGMENT.format(
        productivity=_GREW if growth > 0 else _DID_NOT_GROW,
        pg=_percent(growth),
        jobs=_GREW if result.job_growth > 0 else _DID_NOT_GROW,
        jg=_percent(result.job_growth),
        a=first,
        b=last,
    )


_STANDING = Text(
    "{dimension} – {label}: percentiel {p} ({n} bedrijven: {group}; {period})",
    "{dimension} – {label}: percentile {p} ({n} firms: {group}; {period})",
)
_STANDING_DATED = Text(  # the figure's label already names the period (2018, juli 2020)
    "{dimension} – {label}: percentiel {p} ({n} bedrijven: {group})",
    "{dimension} – {label}: percentile {p} ({n} firms: {group})",
)


def _standing_text(values: dict[str, Text], label: Text, period: Text) -> Text:
    """One line per language; the period in brackets only where the label does not say it."""
    said = {
        language: (_STANDING_DATED if period(language) in label(language) else _STANDING).format(
            **values, label=label, period=period
        )(language)
        for language in ("nl", "en")
    }
    return Text(said["nl"], said["en"])


def _period(said: str | None, years: tuple[int, int]) -> Text:
    """The peers' period as the page names it: a moment as its month, a year or span as is;
    none given (solvency: peers of the same two years) -> the two years."""
    if said is None:
        said = f"{years[0]}–{years[1]}"
    if _MOMENT.match(said):
        return month(said)
    return Text(said, said)


def _headlines(result: Assessment) -> list[tuple[DimensionCode, str]]:
    """Each compared dimension's headline figure, in A, B, C order."""
    chosen: list[tuple[DimensionCode, str]] = [("growth", "productivity")]
    moments = sorted((m.moment for m in result.liquidity), reverse=True)
    compared = [
        f"cash_buffer_days@{m}"
        for m in moments
        if result.benchmark.get(f"cash_buffer_days@{m}") is not None
        and result.benchmark[f"cash_buffer_days@{m}"].percentile is not None
    ]
    if compared:
        chosen.append(("liquidity", compared[0]))
    if result.solvency is not None:
        chosen.append(("solvency", "solvency"))
    return chosen


def standings(result: Assessment) -> list[Standing]:
    """The headline of every dimension compared with peers (percentile and peer group known),
    in A, B, C order."""
    years = (min(result.productivity), max(result.productivity))
    out = []
    for dimension, key in _headlines(result):
        derivation = result.derivations.get(key)
        c = derivation.comparison if derivation is not None else None
        if c is None or c.percentile is None or c.label is None or c.n is None:
            continue
        assert derivation is not None
        period = _period(c.period, years)
        p = Text(numbers.number(c.percentile, "nl", 0), numbers.number(c.percentile, "en", 0))
        n = Text(numbers.count(c.n, "nl"), numbers.count(c.n, "en"))
        out.append(
            Standing(
                dimension=dimension,
                figure=key,
                label=derivation.label,
                percentile=c.percentile,
                group=c.label,
                n=c.n,
                period=period,
                text=_standing_text(
                    {"dimension": DIMENSION_NAMES[dimension], "p": p, "n": n, "group": c.label},
                    derivation.label,
                    period,
                ),
            )
        )
    return out


def points(found: Sequence[Standing]) -> tuple[Point, ...]:
    """The strongest and the weakest of ``found`` (in A, B, C order), or those that stand alike
    (the same whole percentile), or the only one."""
    if not found:
        return ()
    if len(found) == 1:
        return (Point("only", (found[0],)),)
    order = sorted(range(len(found)), key=lambda i: (-found[i].percentile, i))
    strongest, weakest = found[order[0]], found[order[-1]]
    if round(strongest.percentile) == round(weakest.percentile):
        return (Point("alike", tuple(found)),)
    return (Point("strongest", (strongest,)), Point("weakest", (weakest,)))


_TALK = Text(
    "Praat eerst met een adviseur: {name}. {what}",
    "First talk with an adviser: {name}. {what}",
)
_SURVEYS = Text(
    "Vul de drie korte vragenlijsten in (elk ongeveer vijf minuten): uw zwakste punten leiden "
    "naar een plan met stappen die bij u passen.",
    "Fill in the three short surveys (about five minutes each): your weakest points lead to a "
    "plan with steps that suit you.",
)


def first_step(help_first: HelpFirst | None, actions: Sequence[Action]) -> FirstStep:
    """Help first when the firm's figures call for it (and a route fits), else the plan's first
    step, else the surveys."""
    if help_first is not None and help_first.offered and help_first.routes:
        route = help_first.routes[0]
        name = Text(route.name, route.name_en)
        return FirstStep(
            kind="help_first",
            text=_TALK.format(name=name, what=Text(route.what, route.what_en)),
            anchor=HELP_ANCHOR,
            url=route.url,
            link=name,
        )
    if actions:
        action = actions[0]
        return FirstStep(kind="action", text=action.text, anchor=action.anchor or PLAN_ANCHOR)
    return FirstStep(kind="surveys", text=_SURVEYS, anchor=SURVEYS_ANCHOR)


def summarise(
    result: Assessment, help_first: HelpFirst | None, actions: Sequence[Action] = ()
) -> Summary:
    """The summary of ``result``: ``help_first`` as the page shows it (the stored decision, or
    one made now for a result stored before it existed) and the action plan's steps in order."""
    segment, said = segment_in_words(result)
    return Summary(
        segment=segment,
        segment_text=said,
        points=points(standings(result)),
        first=first_step(help_first, actions),
    )
