"""The engine: ``assess(firm, reference) -> Assessment``. Pure, typed, deterministic."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from hulplijn.core import metrics, numbers
from hulplijn.core.benchmark import LEVEL_LABELS, LEVELS
from hulplijn.core.derivation import Derivation, derive
from hulplijn.core.eligibility import MeasureEligibility, evaluate
from hulplijn.core.errors import InvalidInput, Problem
from hulplijn.core.firm import FirmInput, LiquidityMoment, parse_firm
from hulplijn.core.help_first import HelpFirst, decide
from hulplijn.core.period import PERIOD_METRICS, no_data_for_moment, no_data_for_years, same_years
from hulplijn.core.prize import koplopers_gap, koplopers_percentiles, size_of_prize
from hulplijn.core.reference import Reference
from hulplijn.core.segment import SEGMENTS, SOLE_TRADER_MAX_PERSONS, segment_index
from hulplijn.core.text import Text

MODEL_VERSION = "1.1.0"

Status = Literal["given", "not_given", "not_determinable"]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class SectorOut(_Out):
    code: str
    section: str
    name_nl: str
    name_en: str
    section_name_nl: str
    section_name_en: str
    input_code: str
    input_version: str
    mapping_note: str | None = None


class SizeClassOut(_Out):
    code: str
    label: str
    label_en: str
    working_persons: int
    basis: Literal["working_persons", "fte"]


class PeerGroupOut(_Out):
    level: str
    key: str
    label: str
    label_en: str
    n: int
    fallback: bool


class MetricBenchmark(_Out):
    metric: str
    value: float | None
    percentile: float | None
    peer_group: PeerGroupOut | None
    reason: str | None = None
    reason_en: str | None = None


class LiquidityOut(_Out):
    moment: str
    cash_buffer_days: float
    quick_ratio: float | None
    quick_ratio_note: str | None = None
    state: Literal["low", "average", "high"] | None
    quick_ratio_norm: Literal["healthy", "attention", "weak"]


class SolvencyOut(_Out):
    ratio: float
    norm: Literal["healthy", "below_norm"]
    peers: Literal["low", "high"] | None
    negative_equity: bool


class SectorImpactOut(_Out):
    class_code: str
    label: str
    label_en: str
    value_added_change: float
    labour_volume_change: float | None
    group: str
    group_label: str
    group_label_en: str
    band: str
    basis: Literal["sector_group", "business_economy_average"]
    source_line: int
    confidence: str


class PrizeOut(_Out):
    current_percentile: float
    target_percentile: float
    target_productivity: float
    gross_margin: float
    gross_margin_at_target: float
    euros: float
    fraction: float | None
    peer_group: PeerGroupOut
    cap_percentile: float | None = Field(
        default=None,
        description=(
            "The highest percentile the prize aims at: the koplopers' middle firm (decision "
            "0029); null in results made before the cap, which aimed up to percentile 100."
        ),
    )
    capped: bool = Field(
        default=False,
        description=(
            "The report's step (10 percentiles) would have gone past the cap, so the target is "
            "the cap (or, at or above it, the firm itself: prize 0)."
        ),
    )


class KoplopersOut(_Out):
    level: float = Field(
        description=(
            "The koplopers' level in euros per FTE: the median of the top 20% (percentile 90; "
            "decision 0029), or their mean where level_statistic says so."
        )
    )
    threshold: float
    gap_per_fte: float
    gap_fraction: float | None
    peer_group: PeerGroupOut
    level_statistic: Literal["median", "mean"] = Field(
        default="mean",
        description=(
            "How the level was taken: the median of the top 20% (since decision 0029) or their "
            "mean (results made before it)."
        ),
    )
    member: bool | None = Field(
        default=None,
        description=(
            "The firm's productivity is at or above the threshold: it is one of the koplopers; "
            "null in results made before this was given."
        ),
    )


class Dimension(_Out):
    status: Status
    reason: str | None = None
    reason_en: str | None = None


class Assessment(_Out):
    """The assessment of one firm; ratios are fractions (0.036, not 3.6)."""

    model_version: str
    reference_vintage: str
    synthetic_reference: bool
    sector: SectorOut
    size_class: SizeClassOut
    productivity: dict[int, float]
    productivity_growth: float | None
    job_growth: float
    segment: Literal["accelerate", "grow", "renew", "reform"] | None
    segment_reason: str | None = Field(
        default=None,
        description="Why there is no growth segment (null when there is one).",
    )
    segment_reason_en: str | None = None
    liquidity: list[LiquidityOut]
    solvency_ratio: float | None
    solvency: SolvencyOut | None
    sector_impact: SectorImpactOut
    benchmark: dict[str, MetricBenchmark]
    koplopers: KoplopersOut | None
    size_of_prize: PrizeOut | None
    dimensions: dict[str, Dimension]
    eligible_measures: list[MeasureEligibility] = []
    plans: list[str] | None = Field(
        default=None,
        description="The owner's plans (the one extra question), as given; null: not asked.",
    )
    legal_form: Literal["eenmanszaak", "vof", "bv", "other", "unknown"] | None = Field(
        default=None,
        description=(
            "The firm's legal form as given (the optional question, prefilled from the KVK "
            "register); 'unknown': the owner does not know; null: not asked."
        ),
    )
    schemes: list[MeasureEligibility] = Field(
        default_factory=list,
        description=(
            "The current Dutch schemes that carry the report's ideas, with the verdict, whether "
            "each is open on the day of the assessment and invites an application, and its "
            "official source."
        ),
    )
    help_first: HelpFirst | None = Field(
        default=None,
        description=(
            "Whether the firm's own figures point first to advice and coaching, the signals "
            "with their thresholds and sources, and the routes with why each applies."
        ),
    )
    derivations: dict[str, Derivation] = Field(
        default_factory=dict,
        description=(
            "How each figure was computed: formula, place in the report, inputs with their "
            "sources, intermediate values, result and peers; keyed as benchmark, plus segment, "
            "koplopers and size_of_prize."
        ),
    )


def assess(
    firm: FirmInput | Mapping[str, Any], reference: Reference, on: date | None = None
) -> Assessment:
    """Assess one firm against the reference: metrics, segment, four dimensions, peers, prize,
    measures and schemes, and help first. Given the day ``on``, measures that have ended by then
    are history and open schemes are marked as such (the caller passes today; the engine never
    reads the clock).

    Raises InvalidInput (field paths, plain-language messages) for input it cannot assess.
    """
    prepared = _prepare(firm, reference)
    bench, rows = _benchmark(
        prepared.values,
        prepared.sector.code,
        prepared.size.code,
        reference,
        prepared.uncovered,
    )
    ((koplopers, prize),) = _koplopers_and_prizes([(prepared, bench, rows)], reference)
    result = _build(prepared, bench, koplopers, prize, reference)
    return explain(result, prepared.firm, reference, on)


def explain(
    result: Assessment,
    firm: FirmInput,
    reference: Reference,
    on: date | None = None,
    years: tuple[int, int] | None | Literal["reference"] = "reference",
) -> Assessment:
    """``result`` with what is made from it alone: the measures' and schemes' verdicts (judged on
    the day ``on``) with their reasons, help first, and the derivations (with the peer data's
    ``years``: the reference's own unless given). ``assess()`` is ``explain()`` of the compact
    result ``assess_many(..., explained=False)`` gives, so a result stored compact and
    explained when shown equals the one assess() made (docs/decisions/0036)."""
    compact = result.model_copy(
        update={"eligible_measures": [], "schemes": [], "help_first": None, "derivations": {}}
    )
    return compact.model_copy(
        update={
            "eligible_measures": evaluate(compact, reference.measures, on),
            "schemes": evaluate(compact, reference.schemes, on),
            "help_first": decide(compact, reference.norms, reference.help_routes),
            "derivations": derive(
                firm, compact, reference.norms, reference.years if years == "reference" else years
            ),
        }
    )


def assess_many(
    firms: Sequence[FirmInput | Mapping[str, Any]],
    reference: Reference,
    on: date | None = None,
    *,
    explained: bool = True,
) -> list[Assessment | InvalidInput]:
    """assess() of each firm (on the day ``on``), with the peer lookup and percentiles of all
    firms computed at once (one array operation per metric, as the population path does); the
    InvalidInput a firm raises in its place. Each result equals assess() of the same firm.

    ``explained=False`` leaves out what ``explain()`` makes from the result alone (the
    measures' and schemes' verdicts, help first, the derivations: about four fifths of the
    cost and nine tenths of the JSON): the compact result an adviser's batch stores, explained
    when shown (``on`` is then unused)."""
    prepared: list[_Prepared | InvalidInput] = []
    for firm in firms:
        try:
            prepared.append(_prepare(firm, reference))
        except InvalidInput as invalid:
            prepared.append(invalid)
    ok = [p for p in prepared if isinstance(p, _Prepared)]
    found = _resolve_many(ok, reference)
    benched = []
    for p in ok:
        rows, levels, pct = found[id(p)]
        bench, by_name = _bench_entries(p.values, rows, levels, pct, reference, p.uncovered)
        benched.append((p, bench, by_name))
    extras = _koplopers_and_prizes(benched, reference)
    results = {}
    for (p, bench, _), (koplopers, prize) in zip(benched, extras, strict=True):
        result = _build(p, bench, koplopers, prize, reference)
        results[id(p)] = explain(result, p.firm, reference, on) if explained else result
    return [p if isinstance(p, InvalidInput) else results[id(p)] for p in prepared]


@dataclass(frozen=True)
class _Prepared:
    """What assess() computes before the peers: the firm's own figures and classification."""

    firm: FirmInput
    sector: SectorOut
    size: SizeClassOut
    productivity: dict[int, float]
    productivity_growth: float | None
    job_growth: float
    growth_given: bool
    segment: Literal["accelerate", "grow", "renew", "reform"] | None
    values: dict[str, float | None]
    uncovered: dict[str, Text]


def _prepare(firm: FirmInput | Mapping[str, Any], reference: Reference) -> _Prepared:
    if not isinstance(firm, FirmInput):
        firm = parse_firm(firm)
    sector, size = _sector(firm, reference), _size_class(firm, reference)
    first, last = firm.first_year, firm.last_year
    productivity = {
        first.year: metrics.productivity(first.gross_margin, first.fte),
        last.year: metrics.productivity(last.gross_margin, last.fte),
    }
    job_growth = metrics.growth(first.fte, last.fte)
    growth_given = first.gross_margin > 0 and last.gross_margin > 0
    productivity_growth = (
        metrics.growth(productivity[first.year], productivity[last.year]) if growth_given else None
    )
    sole_trader = size.working_persons <= SOLE_TRADER_MAX_PERSONS
    segment = (
        SEGMENTS[segment_index(productivity_growth, job_growth)].code
        if productivity_growth is not None and not sole_trader
        else None
    )

    values: dict[str, float | None] = {
        "productivity": productivity[last.year],
        "productivity_growth": productivity_growth,
        "job_growth": job_growth,
    }
    for m in firm.liquidity:
        values[f"cash_buffer_days@{m.moment}"] = _cash_buffer_days(m, firm)
        values[f"quick_ratio@{m.moment}"] = (
            metrics.quick_ratio(
                m.cash,
                m.short_term_receivables,
                m.trade_debtors,
                m.short_term_debts,
                m.trade_creditors,
            )
            if m.short_term_debts + m.trade_creditors > 0
            else math.inf
        )
    if firm.solvency is not None:
        values["solvency"] = metrics.solvency_ratio(
            firm.solvency.equity, firm.solvency.total_assets
        )
    return _Prepared(
        firm=firm,
        sector=sector,
        size=size,
        productivity=productivity,
        productivity_growth=productivity_growth,
        job_growth=job_growth,
        growth_given=growth_given,
        segment=segment,
        values=values,
        uncovered=_uncovered(firm, values, reference),
    )


def _build(
    p: _Prepared,
    bench: dict[str, MetricBenchmark],
    koplopers: KoplopersOut | None,
    prize: PrizeOut | None,
    reference: Reference,
) -> Assessment:
    """The compact result: every figure, without what ``explain()`` makes from it."""
    firm = p.firm
    reason = None
    if p.segment is None:
        reason = _NOT_DETERMINABLE if not p.growth_given else _SOLE_TRADER
    return Assessment(
        model_version=MODEL_VERSION,
        reference_vintage=reference.vintage,
        synthetic_reference=reference.synthetic,
        sector=p.sector,
        size_class=p.size,
        productivity=p.productivity,
        productivity_growth=p.productivity_growth,
        job_growth=p.job_growth,
        segment=p.segment,
        segment_reason=None if reason is None else reason.nl,
        segment_reason_en=None if reason is None else reason.en,
        liquidity=[_liquidity(m, p.values, bench, reference) for m in firm.liquidity],
        solvency_ratio=p.values.get("solvency"),
        solvency=_solvency(p.values, bench, reference),
        sector_impact=_sector_impact(p.sector.section, p.size.code, reference),
        benchmark=bench,
        koplopers=koplopers,
        size_of_prize=prize,
        dimensions=_dimensions(firm, p.growth_given),
        plans=None if firm.plans is None else list(firm.plans),
        legal_form=firm.legal_form,
    )


def _resolve_many(
    prepared: list[_Prepared], reference: Reference
) -> dict[int, tuple[list[int], list[int], list[float]]]:
    """Peer rows, levels and percentiles of every firm's values, one array operation per
    metric over all firms (keyed by id() of the prepared firm, in the order of its values)."""
    peers = reference.peers
    d, sec, z = peers.codes([p.sector.code for p in prepared], [p.size.code for p in prepared])
    by_metric: dict[str, list[tuple[int, float]]] = {}
    for i, p in enumerate(prepared):
        for name, value in p.values.items():
            if name not in p.uncovered:
                by_metric.setdefault(name, []).append((i, math.nan if value is None else value))
    found: dict[tuple[int, str], tuple[int, int, float]] = {}
    for name, entries in by_metric.items():
        index = np.array([i for i, _ in entries], dtype=np.int64)
        rows, levels = peers.resolve(name, d[index], sec[index], z[index])
        pct = peers.percentiles(rows, np.array([v for _, v in entries], dtype=float))
        for i, row, level, p_ in zip(index, rows, levels, pct, strict=True):
            found[(int(i), name)] = (int(row), int(level), float(p_))
    out = {}
    for i, p in enumerate(prepared):
        triples = [found.get((i, name), (-1, -1, math.nan)) for name in p.values]
        out[id(p)] = ([t[0] for t in triples], [t[1] for t in triples], [t[2] for t in triples])
    return out


def _sector(firm: FirmInput, reference: Reference) -> SectorOut:
    division, mapping = reference.catalogue.division(firm.sbi, firm.sbi_version)
    section = reference.catalogue.sbi2008[division.section]
    note = None
    if mapping is not None:
        note = f"SBI 2025 {mapping.sbi2025} -> SBI 2008 {mapping.sbi2008} ({mapping.relation})"
        if mapping.note:
            note += f": {mapping.note}"
    return SectorOut(
        code=division.code,
        section=division.section,
        name_nl=division.name_nl,
        name_en=division.name_en,
        section_name_nl=section.name_nl,
        section_name_en=section.name_en,
        input_code=firm.sbi,
        input_version=firm.sbi_version,
        mapping_note=note,
    )


def _size_class(firm: FirmInput, reference: Reference) -> SizeClassOut:
    """Size class from working persons, or (when not given) from the latest FTE rounded up."""
    basis: Literal["working_persons", "fte"]
    if firm.working_persons is not None:
        persons, basis = firm.working_persons, "working_persons"
    else:
        persons, basis = max(1, math.ceil(firm.last_year.fte - 1e-9)), "fte"
        if persons >= reference.size_classes.sme_limit:
            index = firm.years.index(firm.last_year)
            fte_nl, fte_en = (
                numbers.number(firm.last_year.fte, lang, 2, trim=True) for lang in ("nl", "en")
            )
            raise InvalidInput(
                [
                    Problem(
                        "not_sme",
                        Text(
                            f"{fte_nl} VTE betekent 250 of meer werkzame personen: dat is geen mkb",
                            f"{fte_en} FTE means 250 or more working persons: not an SME",
                        ),
                        f"years[{index}].fte",
                    )
                ]
            )
    size = reference.size_classes.of(persons)
    return SizeClassOut(
        code=size.code,
        label=size.label,
        label_en=size.label_en,
        working_persons=persons,
        basis=basis,
    )


def _cash_buffer_days(m: LiquidityMoment, firm: FirmInput) -> float:
    costs = m.interest_costs + m.wage_costs + m.other_costs
    if costs <= 0:
        index = firm.liquidity.index(m)
        raise InvalidInput(
            [
                Problem(
                    "no_costs",
                    Text(
                        "rentelasten, loonkosten en overige kosten samen moeten meer dan 0 zijn; "
                        "zonder uitgaven zijn cash buffer days niet te berekenen",
                        "interest, wage and other costs together must be above 0; without "
                        "outflows cash buffer days cannot be computed",
                    ),
                    f"liquidity[{index}]",
                )
            ]
        )
    return metrics.cash_buffer_days(m.cash, m.interest_costs, m.wage_costs, m.other_costs)


def _uncovered(
    firm: FirmInput, values: dict[str, float | None], reference: Reference
) -> dict[str, Text]:
    """The metrics whose period the reference does not cover, each with the reason: figures of
    the reference years only against peers of the same two years, liquidity only against peers
    at the same moment (docs/decisions/0024-periods.md)."""
    years = [y.year for y in firm.years]
    out: dict[str, Text] = {}
    if not same_years(reference.years, years):
        for name in PERIOD_METRICS:
            if name in values:
                out[name] = no_data_for_years(years)
    for m in firm.liquidity:
        if m.moment not in reference.moments:
            for name in (f"cash_buffer_days@{m.moment}", f"quick_ratio@{m.moment}"):
                out[name] = no_data_for_moment(m.moment)
    return out


def _benchmark(
    values: dict[str, float | None],
    division: str,
    size: str,
    reference: Reference,
    uncovered: Mapping[str, Text],
) -> tuple[dict[str, MetricBenchmark], dict[str, int]]:
    """Percentile of each metric against its most specific published peer group (n >= min) of
    the same period; none for the metrics in ``uncovered`` (their period is not in the
    reference)."""
    peers = reference.peers
    d, sec, z = peers.codes([division], [size])
    rows, levels = [], []
    for name in values:
        if name in uncovered:
            rows.append(-1)
            levels.append(-1)
            continue
        found_row, found_level = peers.resolve(name, d, sec, z)
        rows.append(int(found_row[0]))
        levels.append(int(found_level[0]))
    given = np.array([np.nan if v is None else v for v in values.values()], dtype=float)
    pct = [float(p) for p in peers.percentiles(np.array(rows), given)]
    return _bench_entries(values, rows, levels, pct, reference, uncovered)


def _bench_entries(
    values: dict[str, float | None],
    rows: list[int],
    levels: list[int],
    pct: list[float],
    reference: Reference,
    uncovered: Mapping[str, Text],
) -> tuple[dict[str, MetricBenchmark], dict[str, int]]:
    """The MetricBenchmark of each value from its peer row, level and percentile."""
    names = list(values)
    bench = {}
    for name, row, level, p in zip(names, rows, levels, pct, strict=True):
        value = values[name]
        group = _peer_group_out(reference, row, level)
        reason = None
        if value is None:
            reason = _NOT_DETERMINABLE
        elif name in uncovered:
            reason = uncovered[name]
        elif group is None:
            reason = _NO_PEER_GROUP
        bench[name] = MetricBenchmark(
            metric=name,
            value=None if value is None or not math.isfinite(value) else value,
            percentile=None if group is None or value is None else float(p),
            peer_group=group,
            reason=reason.nl if reason else None,
            reason_en=reason.en if reason else None,
        )
    return bench, dict(zip(names, rows, strict=True))


_NOT_DETERMINABLE = Text(
    "niet te bepalen: de bruto marge is in een van beide jaren 0 of negatief",
    "cannot be determined: gross margin is zero or negative in one of the two years",
)
_SOLE_TRADER = Text(
    "niet bepaald: de segmentatie van het rapport gaat over mkb-bedrijven met personeel, "
    "zonder zzp'ers",
    "is not set: the report's segmentation covers SMEs with staff, not sole traders",
)
_NO_PEER_GROUP = Text(
    "geen vergelijkingsgroep met minstens 10 bedrijven beschikbaar",
    "no peer group of at least 10 firms available",
)
_NOT_GIVEN = Text("niet ingevuld", "not given")


def _peer_group_out(reference: Reference, row: int, level: int) -> PeerGroupOut | None:
    group = reference.peers.group(row)
    if group is None:
        return None
    label = LEVEL_LABELS[group.level]
    return PeerGroupOut(
        level=group.level,
        key=group.key,
        label=label.nl,
        label_en=label.en,
        n=group.n,
        fallback=level > 0,
    )


def _liquidity(
    m: LiquidityMoment,
    values: dict[str, float | None],
    bench: dict[str, MetricBenchmark],
    reference: Reference,
) -> LiquidityOut:
    norms = reference.norms
    cbd = values[f"cash_buffer_days@{m.moment}"]
    qr = values[f"quick_ratio@{m.moment}"]
    assert cbd is not None and qr is not None  # assess() computes both for every moment
    p = bench[f"cash_buffer_days@{m.moment}"].percentile
    state: Literal["low", "average", "high"] | None = None
    if p is not None:
        state = (
            "low"
            if p < norms["liquidity_low_below_percentile"]
            else "high"
            if p >= norms["liquidity_high_from_percentile"]
            else "average"
        )
    qr_norm: Literal["healthy", "attention", "weak"] = (
        "healthy"
        if qr >= norms["quick_ratio_healthy_min"]
        else "weak"
        if qr < norms["quick_ratio_weak_below"]
        else "attention"
    )
    return LiquidityOut(
        moment=m.moment,
        cash_buffer_days=cbd,
        quick_ratio=qr if math.isfinite(qr) else None,
        quick_ratio_note=None
        if math.isfinite(qr)
        else ("geen kortlopende schulden of crediteuren: de quick ratio is onbegrensd"),
        state=state,
        quick_ratio_norm=qr_norm,
    )


def _solvency(
    values: dict[str, float | None], bench: dict[str, MetricBenchmark], reference: Reference
) -> SolvencyOut | None:
    if "solvency" not in values:
        return None
    ratio, p = values["solvency"], bench["solvency"].percentile
    assert ratio is not None  # assess() computes it whenever the firm gives its solvency
    return SolvencyOut(
        ratio=ratio,
        norm="healthy" if ratio > reference.norms["solvency_healthy_min"] else "below_norm",
        peers=None
        if p is None
        else ("high" if p >= reference.norms["solvency_peer_high_from_percentile"] else "low"),
        negative_equity=ratio < 0,
    )


def _sector_impact(section: str, size: str, reference: Reference) -> SectorImpactOut:
    table = reference.sector_impact
    group = table.group_of_section.get(section)
    basis: Literal["sector_group", "business_economy_average"] = "sector_group"
    if group is None:
        group, basis = table.fallback_group, "business_economy_average"
    band = table.band_of_size[size]
    reading = table.readings[(group, band, "value_added")]
    labour = table.readings.get((group, band, "labour_volume"))
    impact_class = table.classify(reading.value)
    label, label_en = table.group_labels[group]
    return SectorImpactOut(
        class_code=impact_class.code,
        label=impact_class.label,
        label_en=impact_class.label_en,
        value_added_change=reading.value,
        labour_volume_change=None if labour is None else labour.value,
        group=group,
        group_label=label,
        group_label_en=label_en,
        band=band,
        basis=basis,
        source_line=reading.line,
        confidence=reading.confidence,
    )


def _koplopers_and_prizes(
    firms: Sequence[tuple[_Prepared, dict[str, MetricBenchmark], dict[str, int]]],
    reference: Reference,
) -> list[tuple[KoplopersOut | None, PrizeOut | None]]:
    """Each firm's koplopers comparison and size of the prize (None without a productivity
    peer group, the prize also without a percentile), computed for all firms at once (each
    firm's figures are those of a one-firm call: the operations are per element)."""
    if not firms:
        return []
    norms = reference.norms
    last = [p.firm.last_year for p, _, _ in firms]
    rows = np.array([r["productivity"] for _, _, r in firms], dtype=np.int64)
    productivity = np.array(
        [p.productivity[y.year] for (p, _, _), y in zip(firms, last, strict=True)]
    )
    threshold, level, gap, fraction, member = koplopers_gap(
        reference.peers.quantiles, rows, productivity, norms["koplopers_share"]
    )
    benches = [b["productivity"] for _, b, _ in firms]
    step = norms["size_of_prize_percentile_step"]
    _, cap = koplopers_percentiles(norms["koplopers_share"])
    percentile = np.array([math.nan if b.percentile is None else b.percentile for b in benches])
    target_p, target, at_target, prize, prize_fraction = size_of_prize(
        reference.peers.quantiles,
        rows,
        percentile,
        np.array([y.fte for y in last]),
        np.array([y.gross_margin for y in last]),
        step,
        cap,
    )
    out: list[tuple[KoplopersOut | None, PrizeOut | None]] = []
    for i, (b, y) in enumerate(zip(benches, last, strict=True)):
        peer = b.peer_group
        if peer is None:
            out.append((None, None))
            continue
        koplopers = KoplopersOut(
            level=float(level[i]),
            threshold=float(threshold[i]),
            gap_per_fte=float(gap[i]),
            gap_fraction=None if np.isnan(fraction[i]) else float(fraction[i]),
            peer_group=peer,
            level_statistic="median",
            member=bool(member[i]),
        )
        if b.percentile is None:
            out.append((koplopers, None))
            continue
        size = PrizeOut(
            current_percentile=b.percentile,
            target_percentile=float(target_p[i]),
            target_productivity=float(target[i]),
            gross_margin=y.gross_margin,
            gross_margin_at_target=float(at_target[i]),
            euros=float(prize[i]),
            fraction=None if np.isnan(prize_fraction[i]) else float(prize_fraction[i]),
            peer_group=peer,
            cap_percentile=cap,
            capped=bool(b.percentile + step > cap),
        )
        out.append((koplopers, size))
    return out


def _dimensions(firm: FirmInput, growth_given: bool) -> dict[str, Dimension]:
    def dimension(given: bool, status: Status, reason: Text) -> Dimension:
        if given:
            return Dimension(status="given")
        return Dimension(status=status, reason=reason.nl, reason_en=reason.en)

    return {
        "growth": dimension(growth_given, "not_determinable", _NOT_DETERMINABLE),
        "liquidity": dimension(bool(firm.liquidity), "not_given", _NOT_GIVEN),
        "solvency": dimension(firm.solvency is not None, "not_given", _NOT_GIVEN),
        "sector_impact": Dimension(status="given"),
    }


__all__ = ["LEVELS", "MODEL_VERSION", "Assessment", "assess", "assess_many", "explain"]
