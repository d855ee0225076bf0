"""Build the peer distributions from firm microdata (Parquet or CSV) with DuckDB.

For every cell SBI division x size class, and the fallbacks section x size class, section and
all SMEs: the distribution of each metric as its 101 percentiles, after dropping impossible
values and the 2% most extreme values per division x size class cell. Cells under the disclosure
minimum (10 firms) are never published. The artifact's vintage is a hash of its content.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from hulplijn import __version__
from hulplijn.core.assessment import MODEL_VERSION
from hulplijn.core.benchmark import GRID, LEVELS
from hulplijn.core.distribution import group_distributions, trim_mask
from hulplijn.core.population import MOMENTS, population_metrics, size_class_codes
from hulplijn.reference import artifact, params, synth

REQUIRED = (
    "sbi",
    "working_persons",
    "year_y1",
    "gross_margin_y1",
    "wage_costs_y1",
    "fte_y1",
    "year_y2",
    "gross_margin_y2",
    "wage_costs_y2",
    "fte_y2",
)
LIQUIDITY = (
    "cash",
    "short_term_receivables",
    "trade_debtors",
    "short_term_debts",
    "trade_creditors",
    "interest_costs",
    "wage_costs",
    "other_costs",
)
SOLVENCY = ("equity", "total_assets")
STEPS = 11


class BuildError(ValueError):
    """The microdata cannot be used; the message says why."""


def _source_sql(con: duckdb.DuckDBPyConnection, source: Path) -> str:
    suffix = source.suffix.lower()
    if not source.exists():
        raise BuildError(f"Bestand niet gevonden: {source}")
    path = str(source).replace("'", "''")
    if suffix == ".parquet":
        return f"read_parquet('{path}')"
    if suffix == ".csv":
        header = con.execute(f"DESCRIBE SELECT * FROM read_csv('{path}', header=true)").fetchall()
        text = [c[0] for c in header if c[0] in ("sbi", "moment_m1", "moment_m2")]
        types = ", ".join(f"'{c}': 'VARCHAR'" for c in text)
        return f"read_csv('{path}', header=true, types={{{types}}})"
    raise BuildError(f"Onbekend bestandstype {suffix or '(geen)'}: gebruik .parquet of .csv")


def _fetch(con, source_sql: str) -> tuple[dict[str, np.ndarray], list[str]]:
    present = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {source_sql}").fetchall()]
    missing = [c for c in REQUIRED if c not in present]
    if missing:
        raise BuildError("Kolommen ontbreken in de microdata: " + ", ".join(missing))
    numeric = [c for c in REQUIRED if c != "sbi"]
    groups = []
    for m in MOMENTS:
        names = [f"{c}_{m}" for c in LIQUIDITY]
        if all(n in present for n in [*names, f"moment_{m}"]):
            numeric += names
            groups.append(m)
    if all(c in present for c in SOLVENCY):
        numeric += list(SOLVENCY)
    select = ", ".join(
        [
            "left(lpad(regexp_replace(CAST(sbi AS VARCHAR), '[^0-9]', '', 'g'), 2, '0'), 2) AS sbi",
            *[f"TRY_CAST({c} AS DOUBLE) AS {c}" for c in numeric],
            *[f"CAST(moment_{m} AS VARCHAR) AS moment_{m}" for m in groups],
        ]
    )
    raw = con.execute(f"SELECT {select} FROM {source_sql}").fetchnumpy()
    columns = {}
    for name, values in raw.items():
        if name == "sbi" or name.startswith("moment_"):
            columns[name] = np.ma.filled(values, "").astype(str)
        else:
            columns[name] = np.ma.filled(np.ma.asarray(values, dtype=np.float64), np.nan)
    return columns, groups


def _single(values: np.ndarray, name: str) -> str:
    distinct = sorted(set(values.tolist()) - {"", "nan"})
    if len(distinct) != 1:
        raise BuildError(
            f"Kolom {name} moet voor alle bedrijven hetzelfde zijn; gevonden: "
            + (", ".join(distinct[:5]) or "niets")
        )
    return distinct[0]


def _canonical(x: float | None) -> float | None:
    """Round to 10 significant digits so the artifact (and its hash) is reproducible."""
    return None if x is None or not np.isfinite(x) else float(f"{x:.10g}")


def build(
    source: Path, out: Path, progress: Callable[[str], None] = lambda _: None
) -> dict[str, Any]:
    """Build the artifact in ``out`` from ``source``; returns the manifest."""
    rules = params.disclosure()
    min_n, trim = int(rules["min_cell_firms"]), float(rules["trim_fraction"])
    reference_sizes, catalogue = params.size_classes(), params.catalogue()
    con = duckdb.connect()
    con.execute(
        "SET threads = 2; SET memory_limit = '1500MB'; SET preserve_insertion_order = false"
    )

    progress("microdata lezen")
    columns, moment_groups = _fetch(con, _source_sql(con, source))
    rows = len(columns["sbi"])
    if rows == 0:
        raise BuildError("De microdata bevat geen bedrijven")

    progress("kengetallen per bedrijf berekenen")

    size = size_class_codes(columns["working_persons"], reference_sizes).astype(str)
    known = np.isin(columns["sbi"], catalogue.divisions)
    sme = size != ""
    keep = known & sme
    metrics = population_metrics(columns)
    years = (
        [int(float(_single(columns[c][keep].astype(str), c))) for c in ("year_y1", "year_y2")]
        if keep.any()
        else []
    )
    moments = [_single(columns[f"moment_{m}"][keep], f"moment_{m}") for m in moment_groups]
    names = {
        "productivity": "productivity",
        "productivity_growth": "productivity_growth",
        "job_growth": "job_growth",
    }
    for m, label in zip(moment_groups, moments, strict=True):
        names[f"cash_buffer_days_{m}"] = f"cash_buffer_days@{label}"
        names[f"quick_ratio_{m}"] = f"quick_ratio@{label}"
    if "solvency" in metrics:
        names["solvency"] = "solvency"
    sizes = tuple(c.code for c in reference_sizes.classes)
    sections = catalogue.sections
    division_idx = np.searchsorted(np.array(catalogue.divisions), columns["sbi"][keep])
    section_of = np.array(
        [sections.index(catalogue.sbi2008[d].section) for d in catalogue.divisions], dtype=np.int16
    )
    sorted_sizes = sorted(sizes)
    size_idx = np.array([sizes.index(z) for z in sorted_sizes], dtype=np.int16)[
        np.searchsorted(np.array(sorted_sizes), size[keep])
    ]
    section_idx = section_of[division_idx]
    level_codes = {
        "division_size": (division_idx * len(sizes) + size_idx).astype(np.int16),
        "section_size": (section_idx * len(sizes) + size_idx).astype(np.int16),
        "section": section_idx.astype(np.int16),
        "all": np.zeros(division_idx.shape, dtype=np.int16),
    }
    level_keys = {
        "division_size": lambda c: (
            f"{catalogue.divisions[c // len(sizes)]}/{sizes[c % len(sizes)]}"
        ),
        "section_size": lambda c: f"{sections[c // len(sizes)]}/{sizes[c % len(sizes)]}",
        "section": lambda c: sections[c],
        "all": lambda c: "mkb",
    }
    per_metric: dict[str, dict[str, int]] = {}
    levels = {level: {"published": 0, "suppressed": 0} for level in LEVELS}
    results = []
    for column, metric in names.items():
        progress(f"verdelingen voor {metric} (trimmen, percentielen per niveau)")
        values = metrics[column][keep]
        finite = np.isfinite(values)
        kept = trim_mask(values, level_codes["division_size"], trim)
        per_metric[metric] = {
            "impossible_or_undefined": int((~finite).sum()),
            "observed": int(finite.sum()),
            "trimmed": int(finite.sum() - kept.sum()),
            "kept": int(kept.sum()),
        }
        v = values[kept]
        by_value = np.argsort(v, kind="stable")
        for level in LEVELS:
            dist = group_distributions(v, level_codes[level][kept], by_value)
            published = dist.n >= min_n
            levels[level]["published"] += int(published.sum())
            levels[level]["suppressed"] += int((~published).sum())
            for g in np.flatnonzero(published):
                results.append(
                    (
                        metric,
                        level,
                        level_keys[level](int(dist.codes[g])),
                        int(dist.n[g]),
                        dist.mean[g],
                        dist.top20_mean[g],
                        dist.quantiles[g],
                    )
                )

    progress("artefact schrijven")
    table = pa.table(
        {
            "metric": [r[0] for r in results],
            "level": [r[1] for r in results],
            "key": [r[2] for r in results],
            "n": pa.array([r[3] for r in results], pa.int64()),
            "mean": [_canonical(r[4]) for r in results],
            "top20_mean": pa.array([_canonical(r[5]) for r in results], pa.float64()),
            "quantiles": [[_canonical(x) for x in r[6]] for r in results],
        }
    )
    synthetic = synth.is_synthetic(source)
    manifest = {
        "vintage": _vintage(table),
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "synthetic": synthetic,
        "label": (
            "SYNTHETISCH: gekalibreerde populatie, geen echte bedrijven"
            if synthetic
            else "microdata"
        ),
        "source": {"file": source.name, "sha256": _file_hash(source), "rows": rows},
        "years": years,
        "moments": moments,
        "rules": {"min_cell_firms": min_n, "trim_fraction": trim, "quantile_points": GRID},
        "excluded": {
            "not_sme_or_size_unknown": int((~sme).sum()),
            "sbi_unknown": int((sme & ~known).sum()),
        },
        "firms_used": int(keep.sum()),
        "metrics": per_metric,
        "levels": levels,
        "model_version": MODEL_VERSION,
        "hulplijn_version": __version__,
    }
    artifact.write(out, table, manifest)
    return manifest


def _vintage(table: pa.Table) -> str:
    digest = hashlib.sha256(
        json.dumps(table.to_pydict(), sort_keys=True, separators=(",", ":")).encode()
    )
    return digest.hexdigest()[:16]


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
