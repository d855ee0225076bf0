"""The synthetic calibrated population: firm-level microdata shaped like the real thing.

National firm microdata cannot be shipped, so the embedded default peer data is built from a
synthetic population calibrated to the report's aggregates (population.yaml). Deterministic for a
seed. Columns: docs/reference/microdata.md. Every file carries ``hulplijn.synthetic = true``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from hulplijn.core.reference import SectorImpactTable
from hulplijn.core.segment import SEGMENTS
from hulplijn.reference import params

SYNTHETIC_KEY = b"hulplijn.synthetic"
CALIBRATION_KEY = b"hulplijn.calibration"
SIZE_ORDER = ("micro", "klein", "midden")


def _power_law_mean(lo: int, hi: int, alpha: float) -> float:
    w = np.arange(lo, hi + 1, dtype=np.float64)
    p = w**-alpha
    return float((w * p).sum() / p.sum())


def _alpha_for_mean(lo: int, hi: int, target: float) -> float:
    """Exponent of p(w) ~ w^-alpha on lo..hi whose mean is ``target`` (bisection)."""
    a, b = -5.0, 10.0
    for _ in range(80):
        mid = (a + b) / 2
        if _power_law_mean(lo, hi, mid) > target:
            a = mid
        else:
            b = mid
    return (a + b) / 2


def _draw_power_law(rng: np.random.Generator, lo: int, hi: int, alpha: float, n: int) -> np.ndarray:
    w = np.arange(lo, hi + 1)
    p = w.astype(np.float64) ** -alpha
    drawn: np.ndarray = rng.choice(w, size=n, p=p / p.sum())
    return drawn


def report_round() -> tuple[tuple[int, int], tuple[str, ...]]:
    """The report's round (population.yaml): 2016 and 2018, February and July 2020."""
    found = params.population()["metadata"]["round"]
    return (int(found["years"][0]), int(found["years"][1])), tuple(found["moments"])


def calibration_note(years: Sequence[int], moments: Sequence[str]) -> str:
    """What the population of a round is calibrated to, in words (kept in the file and the
    artifact's manifest). No aggregates more current than the report's are cited in
    population.yaml, so every round is calibrated to the report's; a round other than the
    report's says so, and that its COVID-19 shock (February to July 2020) is not applied."""
    if (tuple(years), tuple(moments)) == report_round():
        return (
            "gekalibreerd op de aggregaten van het rapport (2016/2018, februari en juli 2020); "
            "calibrated to the report's aggregates"
        )
    return (
        "gekalibreerd op de aggregaten van het rapport (2016/2018, 2020): actuelere aggregaten "
        "zijn niet aangehaald, dus de jaren en momenten zijn alleen labels en de COVID-19-schok "
        "van februari naar juli 2020 is niet toegepast; calibrated to the report's aggregates "
        "(2016/2018, 2020): no more current aggregates are cited, so the years and moments are "
        "labels only and the COVID-19 shock of February to July 2020 is not applied"
    )


def generate(
    firms: int,
    seed: int,
    progress: Callable[[str], None] = lambda _: None,
    years: Sequence[int] | None = None,
    moments: Sequence[str] | None = None,
) -> pa.Table:
    """Generate ``firms`` synthetic SMEs (excl. zzp) for ``seed``; see population.yaml.

    ``years`` (two) and ``moments`` (none, one or two months, yyyy-mm) label the round; by
    default the report's. The same seed draws the same firms for any round: only the report's
    round applies the COVID-19 shock between its two moments (``calibration_note``)."""
    cfg = params.population()
    targets, assume = cfg["targets"], cfg["assumptions"]
    rng = np.random.default_rng(seed)
    catalogue = params.catalogue()
    sizes = params.size_classes()
    impact = params.sector_impact()
    default_years, default_moments = report_round()
    year1, year2 = sorted(years) if years is not None else default_years
    chosen = tuple(sorted(moments)) if moments is not None else default_moments
    if len(chosen) > 2 or len(set(chosen)) != len(chosen) or year1 == year2:
        raise ValueError("a round has two different years and at most two different moments")
    moment1, moment2 = (*chosen, "", "")[:2]

    progress("grootteklassen en sectoren")
    shares = np.array([assume["size_shares"]["value"][s] for s in SIZE_ORDER])
    size_idx = rng.choice(len(SIZE_ORDER), size=firms, p=shares / shares.sum())
    sections = list(catalogue.sections)
    weights = np.array([assume["section_weights"]["value"][s] for s in sections])
    section_idx = rng.choice(len(sections), size=firms, p=weights / weights.sum())
    divisions_of = [
        [d for d in catalogue.divisions if catalogue.sbi2008[d].section == s] for s in sections
    ]
    division = np.empty(firms, dtype=object)
    for i, divs in enumerate(divisions_of):
        members = np.flatnonzero(section_idx == i)
        split = rng.dirichlet(np.full(len(divs), 2.0))
        division[members] = np.array(divs, dtype=object)[
            rng.choice(len(divs), size=len(members), p=split)
        ]

    progress("werkzame personen en VTE")
    ratio_mean = assume["fte_per_working_person"]["value"]
    working_persons = np.zeros(firms, dtype=np.int64)
    for k, code in enumerate(SIZE_ORDER):
        size = next(c for c in sizes.classes if c.code == code)
        members = np.flatnonzero(size_idx == k)
        mean_fte = targets["fte"]["value"][code] / (firms * shares[k] / shares.sum())
        alpha = _alpha_for_mean(size.min, size.max, mean_fte / ratio_mean)
        working_persons[members] = _draw_power_law(rng, size.min, size.max, alpha, len(members))
    ratio = rng.beta(ratio_mean * 10, (1 - ratio_mean) * 10, size=firms)
    fte2 = np.maximum(np.round(working_persons * ratio, 1), 0.5)

    progress("groeisegmenten")
    codes = [s.code for s in SEGMENTS]
    segment = np.zeros(firms, dtype=np.int64)
    for k, code in enumerate(SIZE_ORDER):
        members = np.flatnonzero(size_idx == k)
        p = np.array([targets["segment_shares"]["value"][code][c] for c in codes])
        segment[members] = rng.choice(len(codes), size=len(members), p=p / p.sum())
    productivity_grows = segment <= 1  # accelerate, grow
    jobs_grow = (segment == 0) | (segment == 2)  # accelerate, renew

    job_change = np.minimum(rng.lognormal(np.log(0.08), 0.8, size=firms), 0.6)
    fte1 = np.where(
        jobs_grow,
        np.maximum(np.minimum(np.round(fte2 / (1 + job_change), 1), fte2 - 0.1), 0.1),
        np.maximum(np.round(fte2 / (1 - job_change), 1), fte2),
    )

    progress("productiviteit")
    section_factor = np.array([assume["section_productivity"]["value"][s] for s in sections])[
        section_idx
    ]
    lo_sigma, hi_sigma = (assume["productivity_dispersion"]["value"][k] for k in ("min", "max"))
    sigma_of_section = rng.uniform(lo_sigma, hi_sigma, size=len(sections))
    division_effect = {d: rng.normal(0.0, 0.15) for d in catalogue.divisions}
    for code, factor in assume["division_productivity"]["value"].items():
        division_effect[str(code)] = float(np.log(factor))  # drawn above all the same: same rng
    sigma = sigma_of_section[section_idx]
    log_p = (
        np.log(section_factor)
        + np.array([division_effect[d] for d in division])
        + sigma * rng.standard_normal(firms)
        - sigma**2 / 2
    )
    productivity2 = np.exp(log_p)
    for k, code in enumerate(SIZE_ORDER):  # rake: aggregate GM / aggregate FTE hits the target
        members = size_idx == k
        current = (productivity2[members] * fte2[members]).sum() / fte2[members].sum()
        productivity2[members] *= targets["productivity"]["value"][code] / current
    change = np.minimum(0.002 + rng.lognormal(np.log(0.07), 0.9, size=firms), 0.9)
    productivity1 = productivity2 / np.where(productivity_grows, 1 + change, 1 - change)
    gross_margin2 = np.round(productivity2 * fte2, 2)
    gross_margin1 = np.round(productivity1 * fte1, 2)
    wage_share = rng.beta(6, 4, size=firms)
    wage_costs1 = np.round(gross_margin1 * wage_share, 2)
    wage_costs2 = np.round(gross_margin2 * wage_share * rng.uniform(0.97, 1.03, firms), 2)

    progress("balans: solvabiliteit")
    total_assets = np.round(gross_margin2 * rng.lognormal(0.0, 0.6, size=firms), 2)
    solvency = 1.3 * rng.beta(3, 2, size=firms) - 0.3  # mean 1.3 * 0.6 - 0.3 = 0.48
    equity = np.round(solvency * total_assets, 2)

    progress("liquiditeit op twee momenten")
    interest1 = np.round(np.maximum(total_assets - equity, 0) * rng.uniform(0.02, 0.05, firms), 2)
    wage_m1 = np.round(wage_costs2 * rng.uniform(0.98, 1.05, firms), 2)
    other_m1 = np.round(gross_margin2 * rng.beta(3, 7, size=firms), 2)
    daily = (interest1 + wage_m1 + other_m1) / 365
    cbd = rng.lognormal(np.log(targets["cash_buffer_days_median"]["value"]), 0.9, size=firms)
    cash1 = np.round(cbd * daily, 2)
    receivables1 = np.round(cash1 * rng.lognormal(np.log(0.3), 0.7, firms), 2)
    debtors1 = np.round(gross_margin2 * 30 / 365 * rng.lognormal(0.0, 0.6, firms), 2)
    quick = rng.lognormal(np.log(targets["quick_ratio_median"]["value"]), 0.6, size=firms)
    liabilities1 = (cash1 + receivables1 + debtors1) / quick
    debt_share = rng.uniform(0.4, 0.8, firms)
    debts1 = np.round(liabilities1 * debt_share, 2)
    creditors1 = np.round(liabilities1 * (1 - debt_share), 2)

    shock, impact_cell = _impact_per_firm(impact, sections, section_idx, size_idx)
    if chosen != default_moments:  # the report's shock belongs to February -> July 2020 only
        shock = np.zeros_like(shock)
    cash_noise = rng.lognormal(0.0, 0.3, firms)
    for cell in np.unique(impact_cell):  # rake: the median change per cell is the reading
        members = impact_cell == cell
        cash_noise[members] /= np.median(cash_noise[members])
    cash2 = np.round(cash1 * (1 + shock) * cash_noise, 2)
    receivables2 = np.round(receivables1 * (1 + shock) * rng.lognormal(0.0, 0.2, firms), 2)
    debtors2 = np.round(debtors1 * (1 + shock) * rng.lognormal(0.0, 0.2, firms), 2)
    debts2 = np.round(debts1 * (1 - 0.3 * shock) * rng.lognormal(0.0, 0.1, firms), 2)
    creditors2 = np.round(creditors1 * rng.lognormal(0.0, 0.1, firms), 2)
    wage_m2 = np.round(wage_m1 * (1 + 0.5 * shock), 2)
    other_m2 = np.round(other_m1 * (1 + shock), 2)

    progress("onmogelijke records")
    n_bad = round(firms * assume["impossible_record_rate"]["value"])
    bad = rng.choice(firms, size=n_bad, replace=False)
    fte1[bad[: n_bad // 2]] = 0.0
    total_assets[bad[n_bad // 2 :]] = 0.0
    equity[bad[n_bad // 2 :]] = 0.0

    progress("tabel samenstellen")
    columns = {
        "firm_id": np.arange(1, firms + 1, dtype=np.int64),
        "sbi": division.astype(str),
        "working_persons": working_persons,
        "year_y1": np.full(firms, year1, dtype=np.int16),
        "gross_margin_y1": gross_margin1,
        "wage_costs_y1": wage_costs1,
        "fte_y1": fte1,
        "year_y2": np.full(firms, year2, dtype=np.int16),
        "gross_margin_y2": gross_margin2,
        "wage_costs_y2": wage_costs2,
        "fte_y2": fte2,
        "moment_m1": np.full(firms, moment1),
        "cash_m1": cash1,
        "short_term_receivables_m1": receivables1,
        "trade_debtors_m1": debtors1,
        "short_term_debts_m1": debts1,
        "trade_creditors_m1": creditors1,
        "interest_costs_m1": interest1,
        "wage_costs_m1": wage_m1,
        "other_costs_m1": other_m1,
        "moment_m2": np.full(firms, moment2),
        "cash_m2": cash2,
        "short_term_receivables_m2": receivables2,
        "trade_debtors_m2": debtors2,
        "short_term_debts_m2": debts2,
        "trade_creditors_m2": creditors2,
        "interest_costs_m2": interest1,
        "wage_costs_m2": wage_m2,
        "other_costs_m2": other_m2,
        "equity": equity,
        "total_assets": total_assets,
    }
    for group, moment in (("m1", moment1), ("m2", moment2)):
        if not moment:  # fewer moments: no liquidity columns for the missing one
            columns = {k: v for k, v in columns.items() if not k.endswith(f"_{group}")}
    table = pa.table({name: pa.array(values) for name, values in columns.items()})
    metadata = {
        SYNTHETIC_KEY: b"true",
        b"hulplijn.seed": str(seed).encode(),
        b"hulplijn.firms": str(firms).encode(),
        b"hulplijn.impossible_records": str(n_bad).encode(),
        b"hulplijn.description": (
            b"SYNTHETISCHE gekalibreerde mkb-populatie (geen echte bedrijven); "
            b"synthetic calibrated SME population (no real firms)"
        ),
    }
    if (year1, year2) != default_years or chosen != default_moments:
        # the report's own round keeps exactly the metadata (and so the file) it always had
        metadata[CALIBRATION_KEY] = calibration_note((year1, year2), chosen).encode()
    return table.replace_schema_metadata(metadata)


def _impact_per_firm(
    impact: SectorImpactTable,
    sections: Sequence[str],
    section_idx: np.ndarray,
    size_idx: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Panteia's expected value-added change per firm, and the firm's (group, band) cell."""
    groups = sorted(set(impact.group_labels))
    bands = sorted(set(impact.band_of_size.values()))
    group_of = np.array(
        [groups.index(impact.group_of_section.get(s, impact.fallback_group)) for s in sections]
    )
    band_of = np.array([bands.index(impact.band_of_size[size]) for size in SIZE_ORDER])
    value = np.array(
        [[impact.readings[(g, b, "value_added")].value for g in groups] for b in bands]
    )
    band, group = band_of[size_idx], group_of[section_idx]
    return value[band, group], band * len(groups) + group


def write(table: pa.Table, out: Path) -> None:
    """Write the population as Parquet (zstd), keeping the synthetic label in the metadata."""
    out.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, out, compression="zstd")


def calibration_of(path: Path) -> str | None:
    """The calibration note of a synthetic Parquet file of another round than the report's."""
    if path.suffix.lower() != ".parquet":
        return None
    metadata = pq.read_schema(path).metadata or {}
    note = metadata.get(CALIBRATION_KEY)
    return None if note is None else note.decode()


def is_synthetic(path: Path) -> bool:
    """True when a Parquet file carries the ``hulplijn.synthetic`` label."""
    if path.suffix.lower() != ".parquet":
        return False
    metadata = pq.read_schema(path).metadata or {}
    return metadata.get(SYNTHETIC_KEY) == b"true"
