"""Help first: from the firm's own figures, whether to point it first to advice and coaching.

The report makes the hulplijn the "voorliggende voorziening": a firm at risk is pointed to
1-on-1 advice and coaching before anything else. The decision is taken here from the firm's own
figures only, each signal against a named threshold with label, unit and source (norms.yaml):

- ``few_cash_buffer_days``: at the latest moment, fewer cash buffer days than
  ``help_first_cash_buffer_days_below``;
- ``quick_ratio_weak``: at the latest moment, a quick ratio below ``quick_ratio_weak_below``;
- ``negative_equity``: equity below ``help_first_equity_below`` (zero: debts exceed assets);
- ``both_falling``: with two moments, cash buffer days and quick ratio both lower at the later.

Help first is offered when at least ``help_first_min_signals`` signals hold. The routes (advice,
a financial check-up, coaching, a restructuring agreement, support for the self-employed) come
from the reference data; each says why it applies. The wording is calm: it names the figures and
the help, never a verdict on the firm's future.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict

from hulplijn.core import numbers
from hulplijn.core.firm import SELF_EMPLOYED_FORMS
from hulplijn.core.parameters import Parameter
from hulplijn.core.text import Text

if TYPE_CHECKING:  # assessment imports this module
    from hulplijn.core.assessment import Assessment
    from hulplijn.core.reference import Norms

Applies = Literal["always", "small", "debts", "self_employed"]


@dataclass(frozen=True)
class Route:
    """One place to turn to (reference data ``help_routes.yaml``)."""

    code: str
    name: Text
    what: Text
    url: str
    applies: Applies
    checked_on: str | None = None
    why: Text | None = None  # the route's own "why" for routes that always apply


class Threshold(BaseModel):
    """The norm a signal is measured against, with its source (no docstring in the API)."""

    model_config = ConfigDict(frozen=True)

    parameter: str
    label: str
    label_en: str
    value: float
    unit: str
    source: str
    basis: str = ""  # what the threshold means and where it comes from, for the owner
    basis_en: str = ""  # (empty in results stored before it was said)


class HelpSignal(BaseModel):
    """One signal from the firm's figures that counts towards help first."""

    model_config = ConfigDict(frozen=True)

    code: str
    holds: bool
    text: str
    text_en: str
    threshold: Threshold | None = None


class HelpRoute(BaseModel):
    """One route offered, with why it applies to this firm."""

    model_config = ConfigDict(frozen=True)

    code: str
    name: str
    name_en: str
    what: str
    what_en: str
    why: str
    why_en: str
    url: str
    checked_on: str | None = None


class HelpFirst(BaseModel):
    """Whether help comes first for this firm, the signals that decided it and the routes."""

    model_config = ConfigDict(frozen=True)

    offered: bool
    signals_needed: int
    signals: list[HelpSignal]
    summary: str
    summary_en: str
    routes: list[HelpRoute]


def _threshold(norms: Norms, name: str) -> Threshold:
    p: Parameter = norms.parameter(name)
    basis = _basis(norms, name, float(p.value))
    return Threshold(
        parameter=name,
        label=p.label.nl,
        label_en=p.label.en,
        value=float(p.value),
        unit=p.unit,
        source=p.source,
        basis=basis.nl,
        basis_en=basis.en,
    )


_BASIS = {
    "help_first_cash_buffer_days_below": Text(
        "Minder dan {value} dagen kasbuffer. Deze grens is een keuze van de mkb-hulplijn: geld "
        "voor minder dan een maand van de eigen kosten van het bedrijf (rente, lonen en overige "
        "kosten per jaar, gedeeld door 365). Nederlandse normen zijn niet gepubliceerd; ter "
        "vergelijking: het mediane kleine bedrijf in de Verenigde Staten heeft {us} dagen "
        "kasbuffer (JPMorgan Chase Institute, 2016).",
        "Fewer than {value} days of cash buffer. This threshold is the mkb-hulplijn's choice: "
        "cash for less than a month of the firm's own costs (interest, wages and other costs a "
        "year, divided by 365). Dutch norms are not published; for comparison, the median small "
        "business in the United States holds {us} days of cash buffer (JPMorgan Chase "
        "Institute, 2016).",
    ),
    "quick_ratio_weak_below": Text(
        "Een quick ratio onder {value}. Deze grens is een keuze van de mkb-hulplijn: de helft "
        "van de vuistregel dat de direct beschikbare middelen de kortlopende schulden minstens "
        "één keer dekken. Daaronder kan het bedrijf hoogstens de helft van die schulden meteen "
        "betalen.",
        "A quick ratio below {value}. This threshold is the mkb-hulplijn's choice: half the "
        "rule of thumb that liquid assets cover short-term debts at least once. Below it the "
        "firm can pay at most half of those debts straight away.",
    ),
    "help_first_equity_below": Text(
        "Een solvabiliteit lager dan {value}: het eigen vermogen is dan negatief en de schulden "
        "zijn groter dan de bezittingen (solvabiliteit is het eigen vermogen gedeeld door het "
        "balanstotaal, zoals in het rapport).",
        "Solvency below {value}: equity is then negative and debts exceed assets (solvency is "
        "equity divided by total assets, as in the report).",
    ),
}
"""What each threshold means and where it comes from, for the owner (the parameter's own
``source`` is written for those who maintain the norms)."""


def _basis(norms: Norms, name: str, value: float) -> Text:
    if name == "help_first_equity_below":
        shown = Text(numbers.percent(value, "nl", 0), numbers.percent(value, "en", 0))
    else:
        shown = _shown(value, 0, 0 if name.endswith("days_below") else 1)
    us = int(norms.parameter("cash_buffer_days_median_us").value)
    return _BASIS[name].format(value=shown, us=us)


def _signal(code: str, holds: bool, said: Text, threshold: Threshold | None) -> HelpSignal:
    return HelpSignal(code=code, holds=holds, text=said.nl, text_en=said.en, threshold=threshold)


def _shown(value: float, limit: float, decimals: int) -> Text:
    """``value`` with at most ``decimals`` decimals, or more when rounding would make it read as
    the ``limit`` it is on one side of (29.7 days is '29,7', never '30', beside 'minder dan
    30'); rounded as ``numbers`` shows it (half up: 30.5 beside 'minder dan 31' is '30,5', where
    Python's round, half even, passed 30 and the page said 31)."""
    while decimals < 4 and (value < limit) != (numbers.rounded(value, decimals) < limit):
        decimals += 1
    return Text(
        numbers.number(value, "nl", decimals, trim=decimals > 0),
        numbers.number(value, "en", decimals, trim=decimals > 0),
    )


def signals(a: Assessment, norms: Norms) -> list[HelpSignal]:
    """The four signals, each with whether it holds for this firm; a signal whose figures were
    not given is left out (it neither counts nor is said)."""
    found: list[HelpSignal] = []
    if a.liquidity:
        latest = max(a.liquidity, key=lambda m: m.moment)
        days = _threshold(norms, "help_first_cash_buffer_days_below")
        few = latest.cash_buffer_days < days.value
        said = (
            Text(
                "Uw kas dekt {days} dagen aan kosten; dat is minder dan {limit} dagen.",
                "Your cash covers {days} days of costs; that is fewer than {limit} days.",
            )
            if few
            else Text(
                "Uw kas dekt {days} dagen aan kosten; dat is niet minder dan {limit} dagen.",
                "Your cash covers {days} days of costs; that is not fewer than {limit} days.",
            )
        ).format(
            days=_shown(latest.cash_buffer_days, days.value, 1), limit=_shown(days.value, 0, 0)
        )
        found.append(_signal("few_cash_buffer_days", few, said, days))
        weak = _threshold(norms, "quick_ratio_weak_below")
        if latest.quick_ratio is not None:
            low = latest.quick_ratio < weak.value
            said = (
                Text(
                    "Uw quick ratio is {qr}: uw direct beschikbare middelen dekken minder dan de "
                    "helft van uw kortlopende schulden (grens {limit}).",
                    "Your quick ratio is {qr}: your liquid assets cover less than half of your "
                    "short-term debts (threshold {limit}).",
                )
                if low
                else Text(
                    "Uw quick ratio is {qr}; dat is niet onder {limit}.",
                    "Your quick ratio is {qr}; that is not below {limit}.",
                )
            ).format(qr=_shown(latest.quick_ratio, weak.value, 2), limit=_shown(weak.value, 0, 1))
            found.append(_signal("quick_ratio_weak", low, said, weak))
        if len(a.liquidity) == 2:
            first, last = sorted(a.liquidity, key=lambda m: m.moment)
            falling = (
                last.cash_buffer_days < first.cash_buffer_days
                and first.quick_ratio is not None
                and last.quick_ratio is not None
                and last.quick_ratio < first.quick_ratio
            )
            found.append(
                _signal(
                    "both_falling",
                    falling,
                    Text(
                        "Uw kasbuffer en uw quick ratio waren allebei lager op het tweede moment "
                        "dan op het eerste.",
                        "Your cash buffer and your quick ratio were both lower at the second "
                        "moment than at the first.",
                    )
                    if falling
                    else Text(
                        "Uw kasbuffer en uw quick ratio daalden niet allebei tussen de twee "
                        "momenten.",
                        "Your cash buffer and your quick ratio did not both fall between the two "
                        "moments.",
                    ),
                    None,
                )
            )
    if a.solvency is not None:
        floor = _threshold(norms, "help_first_equity_below")
        negative = a.solvency.ratio < floor.value
        found.append(
            _signal(
                "negative_equity",
                negative,
                Text(
                    "Uw eigen vermogen is negatief: uw schulden zijn groter dan uw bezittingen.",
                    "Your equity is negative: your debts are larger than your assets.",
                )
                if negative
                else Text("Uw eigen vermogen is niet negatief.", "Your equity is not negative."),
                floor,
            )
        )
    return found


_SUMMARY_OFFERED = Text(
    "Uw eigen cijfers laten zien dat er op dit moment weinig financiële ruimte is. Daar staat u "
    "niet alleen in, en er is hulp voor, vaak gratis. Hieronder staan plekken waar u met een "
    "adviseur kunt kijken wat nu het beste past, met bij elke plek waarom die bij u past.",
    "Your own figures show that there is little financial room at the moment. You are not "
    "alone in this, and there is help for it, often free of charge. Below are places where you "
    "can look at what suits you best with an adviser, each with why it fits your situation.",
)
_SUMMARY_NOT_OFFERED = Text(
    "Uw cijfers geven geen aanleiding om eerst hulp bij geldzaken te zoeken.",
    "Your figures give no reason to look for help with money matters first.",
)

_WHY: dict[Applies, Text] = {
    "always": Text(
        "Voor elke ondernemer met weinig financiële ruimte: een gesprek met een ervaren "
        "adviseur om uw mogelijkheden op een rij te zetten.",
        "For every owner with little financial room: a talk with an experienced adviser to "
        "list your options.",
    ),
    "small": Text(
        "Uw bedrijf is een {size}; deze begeleiding is bedoeld voor kleine ondernemers.",
        "Your firm is a {size}; this guidance is meant for small business owners.",
    ),
    "debts": Text(
        "{because} Een akkoord met schuldeisers kan dan ruimte geven, als het bedrijf zelf "
        "levensvatbaar is; een adviseur kan met u bekijken of dat zo is.",
        "{because} An agreement with creditors can then give room, if the business itself is "
        "viable; an adviser can look at that with you.",
    ),
    "self_employed": Text(
        "Uw bedrijf telt {n} werkzame personen. Bent u zelfstandig ondernemer (eenmanszaak, vof "
        "of maatschap) en is uw inkomen tijdelijk te laag, dan kan uw gemeente helpen.",
        "Your firm has {n} working persons. If you are self-employed (sole trader or "
        "partnership) and your income is temporarily too low, your municipality can help.",
    ),
}
_SELF_EMPLOYED_FORM = Text(
    "U bent zelfstandig ondernemer met een {form}. Is uw inkomen tijdelijk te laag, dan kan uw "
    "gemeente helpen.",
    "You are self-employed with a {form}. If your income is temporarily too low, your "
    "municipality can help.",
)
_FORM_NAMES = {
    "eenmanszaak": Text("eenmanszaak", "sole proprietorship (eenmanszaak)"),
    "vof": Text("vennootschap onder firma (vof)", "general partnership (vof)"),
}
_FORM_NOT_KNOWN = {
    "unknown": Text(
        "U weet uw rechtsvorm niet; daarom kijken we naar het aantal werkzame personen. ",
        "You do not know your legal form, so we look at the number of working persons. ",
    ),
    None: Text(
        "Uw rechtsvorm is niet opgegeven; daarom kijken we naar het aantal werkzame personen. ",
        "Your legal form was not given, so we look at the number of working persons. ",
    ),
}


def _why(route: Route, a: Assessment, held: Mapping[str, HelpSignal]) -> Text | None:
    """Why ``route`` applies to this firm, or None when it does not."""
    if route.applies == "always":
        return route.why or _WHY["always"]
    if route.applies == "small":
        if a.size_class.code not in ("micro", "klein"):
            return None
        size = Text(a.size_class.label.lower(), a.size_class.label_en.lower())
        return _WHY["small"].format(size=size)
    if route.applies == "debts":
        because = [held[c] for c in ("negative_equity", "quick_ratio_weak") if c in held]
        if not because:
            return None
        return _WHY["debts"].format(
            because=Text(" ".join(s.text for s in because), " ".join(s.text_en for s in because))
        )
    return _why_self_employed(a)


def _why_self_employed(a: Assessment) -> Text | None:
    """The Bbz is for the self-employed: an owner of an eenmanszaak or vof gets it, a bv or
    another legal form does not. Where the legal form is not known ("don't know", or not
    asked), fewer than 10 working persons stands in for it, and the reason says so."""
    form = a.legal_form
    if form in SELF_EMPLOYED_FORMS:
        return _SELF_EMPLOYED_FORM.format(form=_FORM_NAMES[form])
    if form is not None and form != "unknown":
        return None
    if a.size_class.working_persons >= 10:
        return None
    fallback = _FORM_NOT_KNOWN[form]
    said = _WHY["self_employed"].format(n=a.size_class.working_persons)
    return Text(fallback.nl + said.nl, fallback.en + said.en)


def decide(a: Assessment, norms: Norms, routes: Sequence[Route]) -> HelpFirst:
    """Help first for one assessment: the signals, whether enough hold, and the routes that
    apply with why."""
    found = signals(a, norms)
    needed = int(norms["help_first_min_signals"])
    held = {s.code: s for s in found if s.holds}
    offered = len(held) >= needed
    chosen: list[HelpRoute] = []
    if offered:
        for route in routes:
            why = _why(route, a, held)
            if why is None:
                continue
            chosen.append(
                HelpRoute(
                    code=route.code,
                    name=route.name.nl,
                    name_en=route.name.en,
                    what=route.what.nl,
                    what_en=route.what.en,
                    why=why.nl,
                    why_en=why.en,
                    url=route.url,
                    checked_on=route.checked_on,
                )
            )
    summary = _SUMMARY_OFFERED if offered else _SUMMARY_NOT_OFFERED
    return HelpFirst(
        offered=offered,
        signals_needed=needed,
        signals=found,
        summary=summary.nl,
        summary_en=summary.en,
        routes=chosen,
    )


def routes_of(data: Mapping[str, Any]) -> tuple[Route, ...]:
    """The routes of ``help_routes.yaml`` (already parsed)."""
    return tuple(
        Route(
            code=r["code"],
            name=Text(r["name"], r["name_en"]),
            what=Text(r["what"], r["what_en"]),
            url=r["url"],
            applies=r["applies"],
            checked_on=None if r.get("checked_on") is None else str(r["checked_on"]),
            why=Text(r["why"], r["why_en"]) if r.get("why") else None,
        )
        for r in data["routes"]
    )
