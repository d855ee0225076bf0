"""How the engine got each figure: one Derivation per figure, built while assessing (as
PolicyEngine's tracer records a computation).

A Derivation holds the formula (Dutch and English), where it comes from in the report, the inputs
(the firm's own figures and named parameters, each with its source), the intermediate values, the
result and, for a figure compared with peers, the percentile with its peer group, period and n.
Every interface (dashboard, PDF, CLI, API) shows these instead of rebuilding formulas; values stay
numbers with a unit, shown through ``hulplijn.core.numbers.quantity``. Pure: no I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from hulplijn.core import numbers
from hulplijn.core.benchmark import LEVEL_LABELS
from hulplijn.core.built import built
from hulplijn.core.metrics import DAYS_PER_YEAR
from hulplijn.core.parameters import Parameter
from hulplijn.core.period import month
from hulplijn.core.segment import SEGMENT_BY_CODE
from hulplijn.core.text import Text

if TYPE_CHECKING:
    from hulplijn.core.assessment import (
        Assessment,
        KoplopersOut,
        LiquidityOut,
        MetricBenchmark,
        PrizeOut,
        SolvencyOut,
    )
    from hulplijn.core.firm import FirmInput, LiquidityMoment
    from hulplijn.core.reference import Norms

Unit = Literal[
    "euro",  # an amount in euros
    "euro_per_fte",  # euros per FTE (productivity)
    "fte",  # full-time equivalents
    "fraction",  # a share: 0.4 is 40%
    "change",  # a relative change, shown signed: 0.036 is +3.6%
    "days",
    "ratio",
    "percentile",  # 0-100
    "percentiles",  # a distance in percentiles
    "number",  # a plain number (365 days a year)
]


SourceKind = Literal["firm", "parameter", "peers", "computed", "constant"]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Source(_Out):
    """Where a value comes from: the firm's own figure (``name`` is its field path), a named
    parameter (``name`` is ``file:name``, with its source and validity as the file gives them),
    the peer data (``name`` is the peer metric) or an earlier step (``name`` is its key)."""

    kind: SourceKind
    name: str
    citation: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None


class Quantity(_Out):
    """One value in a derivation: an input, an intermediate value or the result."""

    key: str
    label: Text
    value: float | None
    unit: Unit
    source: Source


class PeerComparison(_Out):
    """A figure against its peers: the percentile, the peer group with its n, and the period
    and reference vintage the peer data describe."""

    metric: str
    percentile: float | None
    level: str | None = None
    key: str | None = None
    label: Text | None = None
    n: int | None = None
    fallback: bool = False
    period: str | None = None
    reference_vintage: str
    synthetic_reference: bool
    reason: Text | None = None


class Derivation(_Out):
    """How one figure was computed. ``result.value`` is None when the figure cannot be
    determined (``note`` says why); ``outcome`` is the judgement drawn from it (a segment, a
    norm), by the ``parameters`` named."""

    figure: str
    label: Text
    formula: Text
    citation: Text
    inputs: list[Quantity]
    steps: list[Quantity] = []
    result: Quantity
    outcome: Text | None = None
    parameters: list[Quantity] = []
    comparison: PeerComparison | None = None
    note: Text | None = None


# --- building blocks ----------------------------------------------------------------------------


# The building blocks below make their models with ``built`` (hulplijn.core.built): every value
# they are given is already of its field's type (the engine's own validated figures, loaded
# parameters, the labels in this module), so validating them again per firm (about 140 models a
# firm) only cost time. ``_number`` does the one conversion validation did (an int becomes a
# float), so the results are byte for byte what validated models give.


def _number(value: float | None) -> float | None:
    return value if value is None or type(value) is float else float(value)


def _quantity(key: str, label: Text, value: float | None, unit: Unit, source: Source) -> Quantity:
    return built(
        Quantity,
        {"key": key, "label": label, "value": _number(value), "unit": unit, "source": source},
    )


def _source(kind: SourceKind, name: str) -> Source:
    return built(
        Source,
        {"kind": kind, "name": name, "citation": None, "valid_from": None, "valid_until": None},
    )


def own(key: str, label: Text, value: float, unit: Unit, path: str) -> Quantity:
    """One of the firm's own figures, named by its field path in the FirmInput."""
    return _quantity(key, label, value, unit, _source("firm", path))


def step(key: str, label: Text, value: float | None, unit: Unit) -> Quantity:
    """An intermediate value (or the result) computed in this derivation."""
    return _quantity(key, label, _finite(value), unit, _source("computed", key))


def parameter(file: str, p: Parameter, unit: Unit) -> Quantity:
    """A named parameter with its label, source and validity as loaded from its file."""
    return _quantity(
        p.name,
        p.label,
        float(p.value),
        unit,
        built(
            Source,
            {
                "kind": "parameter",
                "name": f"{file}:{p.name}",
                "citation": p.source,
                "valid_from": p.valid_from,
                "valid_until": p.valid_until,
            },
        ),
    )


def peers(key: str, label: Text, value: float | None, unit: Unit, metric: str) -> Quantity:
    """A value read from the peer distribution of ``metric``."""
    return _quantity(key, label, _finite(value), unit, _source("peers", metric))


def _finite(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else value


@dataclass(frozen=True)
class _Context:
    """What every derivation of one result shares: its norms and the reference it was made on."""

    norms: Norms
    vintage: str
    synthetic: bool


def _norm(ctx: _Context, name: str, unit: Unit) -> Quantity:
    return parameter("norms.yaml", ctx.norms.parameter(name), unit)


VERDIEPING_3 = Text(
    'rapport, slide "Verdieping mkb-hulplijn (3/5)"',
    'report, slide "Verdieping mkb-hulplijn (3/5)"',
)
DASHBOARD_B = Text(
    "rapport, dashboard-slide, dimensie B (liquiditeit tijdens de crisis)",
    "report, dashboard slide, dimension B (liquidity during the crisis)",
)


def comparison(bench: MetricBenchmark, ctx: _Context, period: str | None) -> PeerComparison:
    """The percentile of one figure with its peer group, n, period and reference; the period
    only when peers were compared (the engine compares only peers of the firm's own period, and
    without peers there is no period to name)."""
    group = bench.peer_group
    reason = None if bench.reason is None else Text(bench.reason, bench.reason_en or bench.reason)
    return built(  # validated values (see _quantity)
        PeerComparison,
        {
            "metric": bench.metric,
            "percentile": _number(bench.percentile),
            "level": None if group is None else group.level,
            "key": None if group is None else group.key,
            "label": None if group is None else LEVEL_LABELS[group.level],
            "n": None if group is None else group.n,
            "fallback": False if group is None else group.fallback,
            "period": None if group is None else period,
            "reference_vintage": ctx.vintage,
            "synthetic_reference": ctx.synthetic,
            "reason": reason,
        },
    )


def _periods(years: tuple[int, int] | None) -> tuple[str | None, str | None]:
    """The peer data's latest year and its two reference years (None when not known)."""
    y1, y2 = years or (0, 0)
    return (str(y2) if y2 else None, f"{y1}–{y2}" if y1 and y2 else None)


# --- the figures ----------------------------------------------------------------------------------


def derive(
    firm: FirmInput, result: Assessment, norms: Norms, years: tuple[int, int] | None
) -> dict[str, Derivation]:
    """Every figure of ``result`` (the engine's assessment of ``firm``) with how it was computed,
    keyed as in ``benchmark`` (plus ``segment``, ``koplopers`` and ``size_of_prize``).

    ``norms`` are the norms the result was judged by and ``years`` the reference years of the
    peer data (None when not known). Uses only what the result holds: ``assess`` calls it, and an
    interface can explain a result stored before derivations existed without assessing again."""
    bench = result.benchmark
    ctx = _Context(norms, result.reference_vintage, result.synthetic_reference)
    first, last = firm.first_year, firm.last_year
    i1, i2 = firm.years.index(first), firm.years.index(last)
    a, b = first.year, last.year
    latest, span = _periods(years)
    gm = Text("Brutomarge {y}", "Gross margin {y}")
    fte = Text("VTE {y}", "FTE {y}")
    prod = Text("Productiviteit {y}", "Productivity {y}")
    gm1 = own(
        f"gross_margin_{a}", gm.format(y=a), first.gross_margin, "euro", f"years[{i1}].gross_margin"
    )
    gm2 = own(
        f"gross_margin_{b}", gm.format(y=b), last.gross_margin, "euro", f"years[{i2}].gross_margin"
    )
    fte1 = own(f"fte_{a}", fte.format(y=a), first.fte, "fte", f"years[{i1}].fte")
    fte2 = own(f"fte_{b}", fte.format(y=b), last.fte, "fte", f"years[{i2}].fte")
    p1 = step(
        f"productivity_{a}",
        prod.format(y=a),
        result.productivity[a],
        "euro_per_fte",
    )
    p2 = step(
        f"productivity_{b}",
        prod.format(y=b),
        result.productivity[b],
        "euro_per_fte",
    )
    growth = result.productivity_growth
    not_determinable = Text(
        "niet te bepalen: de bruto marge is in een van beide jaren 0 of negatief",
        "cannot be determined: gross margin is zero or negative in one of the two years",
    )
    out: dict[str, Derivation] = {}
    out["productivity"] = Derivation(
        figure="productivity",
        label=Text(
            f"Productiviteit {b} (brutomarge per VTE)", f"Productivity {b} (gross margin per FTE)"
        ),
        formula=Text("brutomarge / VTE", "gross margin / FTE"),
        citation=Text(
            f"{VERDIEPING_3.nl}: productiviteit = bruto marge / # VTE (bruto marge als "
            "vervangende indicator voor toegevoegde waarde)",
            f"{VERDIEPING_3.en}: productivity = gross margin / # FTE (gross margin standing in "
            "for value added)",
        ),
        inputs=[gm2, fte2],
        result=step("productivity", p2.label, p2.value, "euro_per_fte"),
        comparison=comparison(bench["productivity"], ctx, latest),
    )
    out["productivity_growth"] = Derivation(
        figure="productivity_growth",
        label=Text(f"Productiviteitsgroei {a}–{b}", f"Productivity growth {a}–{b}"),
        formula=Text(
            f"productiviteit {b} / productiviteit {a} − 1",
            f"productivity {b} / productivity {a} − 1",
        ),
        citation=Text(
            f"{VERDIEPING_3.nl}: groei van productiviteit tussen de twee referentiejaren",
            f"{VERDIEPING_3.en}: productivity growth between the two reference years",
        ),
        inputs=[gm1, fte1, gm2, fte2],
        steps=[p1, p2],
        result=step(
            "productivity_growth",
            Text("Productiviteitsgroei", "Productivity growth"),
            growth,
            "change",
        ),
        comparison=comparison(bench["productivity_growth"], ctx, span),
        note=None if growth is not None else not_determinable,
    )
    out["job_growth"] = Derivation(
        figure="job_growth",
        label=Text(f"Banengroei {a}–{b} (VTE)", f"Job growth {a}–{b} (FTE)"),
        formula=Text(f"VTE {b} / VTE {a} − 1", f"FTE {b} / FTE {a} − 1"),
        citation=Text(
            f"{VERDIEPING_3.nl}: groei van werkgelegenheid (VTE) tussen de twee referentiejaren",
            f"{VERDIEPING_3.en}: employment growth (FTE) between the two reference years",
        ),
        inputs=[fte1, fte2],
        result=step("job_growth", Text("Banengroei", "Job growth"), result.job_growth, "change"),
        comparison=comparison(bench["job_growth"], ctx, span),
    )
    for index, (m, shown) in enumerate(zip(firm.liquidity, result.liquidity, strict=True)):
        out.update(_liquidity(index, m, shown, bench, ctx))
    if firm.solvency is not None and result.solvency is not None:
        out["solvency"] = _solvency(firm, result.solvency, bench, ctx)
    if result.segment is not None and growth is not None:
        out["segment"] = _segment(result.segment, growth, result.job_growth, a, b)
    if result.koplopers is not None:
        out["koplopers"] = _koplopers(result.koplopers, p2, ctx, latest)
    if result.size_of_prize is not None:
        out["size_of_prize"] = _prize(result.size_of_prize, gm2, fte2, ctx, latest)
    return out


def _liquidity(
    index: int,
    m: LiquidityMoment,
    shown: LiquidityOut,
    bench: dict[str, MetricBenchmark],
    ctx: _Context,
) -> dict[str, Derivation]:
    path = f"liquidity[{index}]"
    moment = shown.moment

    def item(key: str, nl: str, en: str) -> Quantity:
        return own(key, Text(nl, en), float(getattr(m, key)), "euro", f"{path}.{key}")

    cash = item("cash", "Liquide middelen", "Cash")
    interest = item("interest_costs", "Rentelasten per jaar", "Interest costs per year")
    wages = item("wage_costs", "Loonkosten per jaar", "Wage costs per year")
    other = item("other_costs", "Overige kosten per jaar", "Other costs per year")
    costs = (interest.value or 0.0) + (wages.value or 0.0) + (other.value or 0.0)
    state = {
        "low": Text("laag t.o.v. vergelijkbare bedrijven", "low against peers"),
        "average": Text("gemiddeld t.o.v. vergelijkbare bedrijven", "average against peers"),
        "high": Text("hoog t.o.v. vergelijkbare bedrijven", "high against peers"),
    }
    cbd = Derivation(
        figure=f"cash_buffer_days@{moment}",
        label=Text("Kasbuffer in dagen, {m}", "Cash buffer days, {m}").format(m=month(moment)),
        formula=Text(
            "liquide middelen / ((rentelasten + loonkosten + overige kosten) / 365)",
            "cash / ((interest + wage costs + other costs) / 365)",
        ),
        citation=Text(
            f"{DASHBOARD_B.nl}: liquide middelen / (rentelasten + loonkosten + overige kosten), "
            "de kosten per jaar omgerekend naar uitgaven per dag (JPMorgan Chase Institute)",
            f"{DASHBOARD_B.en}: cash / (interest + wage costs + other costs), the yearly costs "
            "turned into daily outflows (JPMorgan Chase Institute)",
        ),
        inputs=[
            cash,
            interest,
            wages,
            other,
            Quantity(
                key="days_per_year",
                label=Text("Dagen per jaar", "Days per year"),
                value=float(DAYS_PER_YEAR),
                unit="number",
                source=Source(kind="constant", name="hulplijn.core.metrics.DAYS_PER_YEAR"),
            ),
        ],
        steps=[
            step(
                "yearly_costs",
                Text("Kosten per jaar samen", "Yearly costs together"),
                costs,
                "euro",
            ),
            step(
                "daily_costs",
                Text("Uitgaven per dag", "Outflows per day"),
                costs / DAYS_PER_YEAR,
                "euro",
            ),
        ],
        result=step(
            f"cash_buffer_days@{moment}",
            Text("Kasbuffer in dagen", "Cash buffer days"),
            shown.cash_buffer_days,
            "days",
        ),
        outcome=None if shown.state is None else state[shown.state],
        parameters=[
            _norm(ctx, "liquidity_low_below_percentile", "percentile"),
            _norm(ctx, "liquidity_high_from_percentile", "percentile"),
        ]
        if shown.state is not None
        else [],
        comparison=comparison(bench[f"cash_buffer_days@{moment}"], ctx, moment),
    )
    receivables = item(
        "short_term_receivables", "Kortlopende vorderingen", "Short-term receivables"
    )
    debtors = item("trade_debtors", "Handelsdebiteuren", "Trade debtors")
    debts = item("short_term_debts", "Kortlopende schulden", "Short-term debts")
    creditors = item("trade_creditors", "Handelscrediteuren", "Trade creditors")
    liquid = (cash.value or 0.0) + (receivables.value or 0.0) + (debtors.value or 0.0)
    owed = (debts.value or 0.0) + (creditors.value or 0.0)
    norm = {
        "healthy": Text("gezond", "healthy"),
        "attention": Text("aandacht", "attention"),
        "weak": Text("zwak", "weak"),
    }
    qr = Derivation(
        figure=f"quick_ratio@{moment}",
        label=Text("Quick ratio, {m}", "Quick ratio, {m}").format(m=month(moment)),
        formula=Text(
            "(liquide middelen + kortlopende vorderingen + handelsdebiteuren) / "
            "(kortlopende schulden + handelscrediteuren)",
            "(cash + short-term receivables + trade debtors) / "
            "(short-term debts + trade creditors)",
        ),
        citation=Text(
            f"{DASHBOARD_B.nl}: liquide middelen + kortlopende vorderingen + handelsdebiteuren "
            "gedeeld door kortlopende schulden + handelscrediteuren",
            f"{DASHBOARD_B.en}: cash + short-term receivables + trade debtors over short-term "
            "debts + trade creditors",
        ),
        inputs=[cash, receivables, debtors, debts, creditors],
        steps=[
            step(
                "liquid_assets",
                Text("Liquide middelen + vorderingen + debiteuren", "Cash + receivables + debtors"),
                liquid,
                "euro",
            ),
            step(
                "short_term_liabilities",
                Text("Kortlopende schulden + crediteuren", "Short-term debts + creditors"),
                owed,
                "euro",
            ),
        ],
        result=step(
            f"quick_ratio@{moment}", Text("Quick ratio", "Quick ratio"), shown.quick_ratio, "ratio"
        ),
        outcome=norm[shown.quick_ratio_norm],
        parameters=[
            _norm(ctx, "quick_ratio_healthy_min", "ratio"),
            _norm(ctx, "quick_ratio_weak_below", "ratio"),
        ],
        comparison=comparison(bench[f"quick_ratio@{moment}"], ctx, moment),
        note=None
        if shown.quick_ratio is not None
        else Text(
            "geen kortlopende schulden of crediteuren: de quick ratio is onbegrensd",
            "no short-term debts or creditors: the quick ratio is unbounded",
        ),
    )
    return {cbd.figure: cbd, qr.figure: qr}


def _solvency(
    firm: FirmInput, solvency: SolvencyOut, bench: dict[str, MetricBenchmark], ctx: _Context
) -> Derivation:
    assert firm.solvency is not None
    healthy = solvency.norm == "healthy"
    outcome = Text(
        "gezond (boven de norm)" if healthy else "niet boven de norm voor gezond",
        "healthy (above the norm)" if healthy else "not above the healthy norm",
    )
    if solvency.peers is not None:
        peers_nl = "hoog" if solvency.peers == "high" else "laag"
        outcome = Text(
            f"{outcome.nl}; {peers_nl} t.o.v. vergelijkbare bedrijven",
            f"{outcome.en}; {solvency.peers} against peers",
        )
    return Derivation(
        figure="solvency",
        label=Text("Solvabiliteit", "Solvency"),
        formula=Text("eigen vermogen / balanstotaal", "equity / total assets"),
        citation=Text(
            'rapport, regel 460: "Solvabiliteit is berekend als eigen vermogen / balanstotaal"; '
            "norm: regels 587-589",
            'report, line 460: "Solvabiliteit is berekend als eigen vermogen / balanstotaal" '
            "(equity / total assets); norm: lines 587-589",
        ),
        inputs=[
            own(
                "equity",
                Text("Eigen vermogen", "Equity"),
                firm.solvency.equity,
                "euro",
                "solvency.equity",
            ),
            own(
                "total_assets",
                Text("Balanstotaal", "Total assets"),
                firm.solvency.total_assets,
                "euro",
                "solvency.total_assets",
            ),
        ],
        result=step("solvency", Text("Solvabiliteit", "Solvency"), solvency.ratio, "fraction"),
        outcome=outcome,
        parameters=[
            _norm(ctx, "solvency_healthy_min", "fraction"),
            *(
                [_norm(ctx, "solvency_peer_high_from_percentile", "percentile")]
                if solvency.peers is not None
                else []
            ),
        ],
        comparison=comparison(bench["solvency"], ctx, None),
    )


def _segment(code: str, growth: float, jobs: float, a: int, b: int) -> Derivation:
    segment = SEGMENT_BY_CODE[code]
    return Derivation(
        figure="segment",
        label=Text("Groeisegment", "Growth segment"),
        formula=Text(
            "productiviteitsgroei > 0 en banengroei > 0: Versnellen & uitbreiden; productiviteit "
            "groeit, banen niet: Groeien; banen groeien, productiviteit niet: Vernieuwen; geen "
            "van beide: Hervormen (0 is geen groei)",
            "productivity growth > 0 and job growth > 0: Accelerate & expand; productivity grows, "
            "jobs do not: Grow; jobs grow, productivity does not: Renew; neither: Reform (0 is "
            "not growth)",
        ),
        citation=Text(
            f"{VERDIEPING_3.nl}: de vier groeisegmenten",
            f"{VERDIEPING_3.en}: the four growth segments",
        ),
        inputs=[
            step(
                "productivity_growth",
                Text(f"Productiviteitsgroei {a}–{b}", f"Productivity growth {a}–{b}"),
                growth,
                "change",
            ),
            step(
                "job_growth",
                Text(f"Banengroei {a}–{b} (VTE)", f"Job growth {a}–{b} (FTE)"),
                jobs,
                "change",
            ),
        ],
        result=step("segment", Text("Groeisegment", "Growth segment"), None, "number"),
        outcome=Text(segment.label, segment.label_en),
    )


def _koplopers(
    k: KoplopersOut, productivity: Quantity, ctx: _Context, period: str | None
) -> Derivation:
    share = _norm(ctx, "koplopers_share", "fraction")
    cut = 100.0 * (1.0 - (share.value or 0.0))
    middle = 100.0 * (1.0 - (share.value or 0.0) / 2.0)
    top_nl, top_en = (numbers.percent(share.value, language, 0) for language in ("nl", "en"))
    median = k.level_statistic == "median"
    if median:  # decision 0029: the median of the top share, the value at percentile 90
        formula = Text(
            f"productiviteit van de middelste koploper (percentiel {middle:.0f}, de mediaan van "
            f"de beste {top_nl}) − uw productiviteit (niet onder 0)",
            f"productivity of the middle koploper (percentile {middle:.0f}, the median of the "
            f"top {top_en}) − your productivity (not below 0)",
        )
        level_label = Text(
            "Productiviteit van de middelste koploper", "Productivity of the middle koploper"
        )
    else:  # results made before decision 0029: the mean of the top share
        formula = Text(
            f"gemiddelde productiviteit van de beste {top_nl} − uw productiviteit (niet onder 0)",
            f"mean productivity of the top {top_en} − your productivity (not below 0)",
        )
        level_label = Text(
            "Gemiddelde productiviteit van de koplopers", "Mean productivity of the koplopers"
        )
    level_steps = (
        [
            step(
                "level_percentile",
                Text("Percentiel van de middelste koploper", "Percentile of the middle koploper"),
                middle,
                "percentile",
            )
        ]
        if median
        else []
    )
    return Derivation(
        figure="koplopers",
        label=Text(
            f"Afstand tot de koplopers (beste {top_nl})", f"Gap to the koplopers (top {top_en})"
        ),
        formula=formula,
        citation=Text(
            'rapport, samenvatting deel B ("koplopers": de 20% best presterende mkb-bedrijven) '
            'en slide "Verdieping mkb-hulplijn"'
            + (
                "; hun niveau is de mediaan van de koplopers, niet hun gemiddelde" if median else ""
            ),
            'report, summary part B ("koplopers": the 20% best-performing SMEs) and slide '
            '"Verdieping mkb-hulplijn"'
            + ("; their level is the koplopers' median, not their mean" if median else ""),
        ),
        inputs=[
            productivity.model_copy(update={"key": "productivity"}),
            share,
            peers("koplopers_level", level_label, k.level, "euro_per_fte", "productivity"),
        ],
        steps=[
            step(
                "threshold_percentile",
                Text("Drempel (percentiel)", "Threshold (percentile)"),
                cut,
                "percentile",
            ),
            peers(
                "threshold",
                Text("Productiviteit op de drempel", "Productivity at the threshold"),
                k.threshold,
                "euro_per_fte",
                "productivity",
            ),
            *level_steps,
            step(
                "gap_fraction",
                Text(
                    "Afstand als deel van uw productiviteit", "Gap as a share of your productivity"
                ),
                k.gap_fraction,
                "fraction",
            ),
        ],
        result=step(
            "gap_per_fte", Text("Afstand per VTE", "Gap per FTE"), k.gap_per_fte, "euro_per_fte"
        ),
        comparison=PeerComparison(
            metric="productivity",
            percentile=None,
            level=k.peer_group.level,
            key=k.peer_group.key,
            label=LEVEL_LABELS[k.peer_group.level],
            n=k.peer_group.n,
            fallback=k.peer_group.fallback,
            period=period,
            reference_vintage=ctx.vintage,
            synthetic_reference=ctx.synthetic,
        ),
    )


def _prize(
    s: PrizeOut, gross_margin: Quantity, fte: Quantity, ctx: _Context, period: str | None
) -> Derivation:
    cap = s.cap_percentile
    if cap is None:  # results made before decision 0029: the target went up to percentile 100
        formula = Text(
            "productiviteit op (uw percentiel + stap) × VTE − brutomarge (niet onder 0)",
            "productivity at (your percentile + step) × FTE − gross margin (not below 0)",
        )
        cap_inputs: list[Quantity] = []
        target_label = Text("Doelpercentiel (hoogstens 100)", "Target percentile (at most 100)")
    else:
        formula = Text(
            f"productiviteit op (uw percentiel + stap, hoogstens percentiel {cap:.0f}) × VTE − "
            "brutomarge (niet onder 0)",
            f"productivity at (your percentile + step, at most percentile {cap:.0f}) × FTE − "
            "gross margin (not below 0)",
        )
        cap_inputs = [
            step(
                "cap_percentile",
                Text(
                    "Hoogste doel: percentiel van de middelste koploper",
                    "Highest target: percentile of the middle koploper",
                ),
                cap,
                "percentile",
            )
        ]
        target_label = Text(
            f"Doelpercentiel (hoogstens {cap:.0f})", f"Target percentile (at most {cap:.0f})"
        )
    return Derivation(
        figure="size_of_prize",
        label=Text("Size of the prize", "Size of the prize"),
        formula=formula,
        citation=Text(
            'rapport, slide "Verdieping mkb-hulplijn (4/5)": hoeveel de toegevoegde waarde per '
            "jaar kan groeien als het bedrijf zo productief wordt als het bedrijf 10 percentielen "
            "hoger" + ("" if cap is None else "; het doel gaat niet boven de middelste koploper"),
            'report, slide "Verdieping mkb-hulplijn (4/5)": how much value added per year could '
            "grow if the firm became as productive as the firm 10 percentiles higher"
            + ("" if cap is None else "; the target goes no higher than the middle koploper"),
        ),
        inputs=[
            step(
                "current_percentile",
                Text("Uw percentiel (productiviteit)", "Your percentile (productivity)"),
                s.current_percentile,
                "percentile",
            ),
            _norm(ctx, "size_of_prize_percentile_step", "percentiles"),
            *cap_inputs,
            gross_margin,
            fte,
        ],
        steps=[
            step("target_percentile", target_label, s.target_percentile, "percentile"),
            peers(
                "target_productivity",
                Text(
                    "Productiviteit op het doelpercentiel", "Productivity at the target percentile"
                ),
                s.target_productivity,
                "euro_per_fte",
                "productivity",
            ),
            step(
                "gross_margin_at_target",
                Text("Brutomarge op het doelpercentiel", "Gross margin at the target percentile"),
                s.gross_margin_at_target,
                "euro",
            ),
            step(
                "fraction",
                Text("Als deel van uw brutomarge", "As a share of your gross margin"),
                s.fraction,
                "fraction",
            ),
        ],
        result=step(
            "size_of_prize",
            Text("Size of the prize per jaar", "Size of the prize per year"),
            s.euros,
            "euro",
        ),
        comparison=PeerComparison(
            metric="productivity",
            percentile=s.current_percentile,
            level=s.peer_group.level,
            key=s.peer_group.key,
            label=LEVEL_LABELS[s.peer_group.level],
            n=s.peer_group.n,
            fallback=s.peer_group.fallback,
            period=period,
            reference_vintage=ctx.vintage,
            synthetic_reference=ctx.synthetic,
        ),
    )
