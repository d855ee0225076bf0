"""Build the peer distributions from firm microdata (Parquet or CSV) with DuckDB.

For every cell SBI division x size class, and the fallbacks section x size class, section and
all SMEs: the distribution of each metric as its 101 percentiles, after dropping impossible
values and the 2% most extreme values per division x size class cell, computed from
micro-aggregated values (each value the mean of a block of at least k = 5 firms of its cell, so
no published figure is a single firm's). Cells under the disclosure minimum (10 firms) are never
published. Respondents fold in only as frozen, micro-aggregated batches of at least 10 per cell
(``hulplijn.reference.respondents``). The artifact's vintage is a hash of its content.
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
import numpy.typing as npt
import pyarrow as pa

from hulplijn import __version__
from hulplijn.core.assessment import MODEL_VERSION
from hulplijn.core.benchmark import GRID, LEVELS
from hulplijn.core.distribution import (
    ascending,
    group_distributions,
    microaggregate,
    trim_mask,
)
from hulplijn.core.firm import LIQUIDITY_ITEMS
from hulplijn.core.population import MOMENTS, population_metrics, size_class_index
from hulplijn.reference import artifact, params, synth
from hulplijn.reference.respondents import Folded

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


def _fetch(
    con: duckdb.DuckDBPyConnection, source_sql: str, divisions: tuple[str, ...]
) -> tuple[dict[str, np.ndarray], list[str], dict[str, str]]:
    """The microdata as numpy columns (NaN for missing numbers), ``division`` as an index into
    ``divisions`` (-1: unknown), the moment groups present, and the round's labels."""
    present = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {source_sql}").fetchall()]
    missing = [c for c in REQUIRED if c not in present]
    if missing:
        raise BuildError("Kolommen ontbreken in de microdata: " + ", ".join(missing))
    numeric = [c for c in REQUIRED if c not in ("sbi", "year_y1", "year_y2")]
    groups = []
    for m in MOMENTS:
        names = [f"{c}_{m}" for c in LIQUIDITY_ITEMS]
        if all(n in present for n in [*names, f"moment_{m}"]):
            numeric += names
            groups.append(m)
    if all(c in present for c in SOLVENCY):
        numeric += list(SOLVENCY)
    con.execute(f"CREATE TEMP VIEW src AS SELECT * FROM {source_sql}")
    con.register(
        "divisions",
        pa.table({"code": list(divisions), "idx": np.arange(len(divisions), dtype=np.int16)}),
    )
    division = "left(lpad(regexp_replace(CAST(s.sbi AS VARCHAR), '[^0-9]', '', 'g'), 2, '0'), 2)"
    select = ", ".join(
        ["coalesce(d.idx, -1)::SMALLINT AS division"]
        + [f"TRY_CAST(s.{c} AS DOUBLE) AS {c}" for c in numeric]
    )
    table = con.execute(
        f"SELECT {select} FROM src s LEFT JOIN divisions d ON d.code = {division}"
    ).fetch_arrow_table()
    columns = {name: table.column(name).to_numpy() for name in table.column_names}
    labels = {}
    for column in ("year_y1", "year_y2", *[f"moment_{m}" for m in groups]):
        found = [
            r[0]
            for r in con.execute(
                f"SELECT DISTINCT CAST({column} AS VARCHAR) FROM src WHERE {column} IS NOT NULL "
                "ORDER BY 1 LIMIT 6"
            ).fetchall()
        ]
        if len(found) != 1:
            raise BuildError(
                f"Kolom {column} moet voor alle bedrijven hetzelfde zijn; gevonden: "
                + (", ".join(found[:5]) or "niets")
            )
        labels[column] = found[0]
    return columns, groups, labels


def _canonical(x: npt.ArrayLike) -> np.ndarray:
    """Round to 33 significant bits (about 10 digits) so the artifact and its hash reproduce."""
    mantissa, exponent = np.frexp(np.asarray(x, dtype=np.float64))
    rounded: np.ndarray = np.ldexp(np.round(mantissa * 2.0**33) / 2.0**33, exponent)
    return rounded


def round_of(source: Path) -> tuple[tuple[int, int], tuple[str, ...]]:
    """The reference years and liquidity moments of a microdata file."""
    con = duckdb.connect()
    sql = _source_sql(con, source)
    present = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {sql}").fetchall()]
    first = con.execute(f"SELECT * FROM {sql} LIMIT 1").fetchone()
    row = dict(zip(present, first or (), strict=False))
    years = (int(row.get("year_y1") or 0), int(row.get("year_y2") or 0))
    moments = tuple(str(row[f"moment_{m}"]) for m in MOMENTS if row.get(f"moment_{m}"))
    return years, moments


def build(
    source: Path,
    out: Path,
    progress: Callable[[str], None] = lambda _: None,
    respondents: Folded | None = None,
) -> dict[str, Any]:
    """Build the artifact in ``out`` from ``source`` and, when given, the respondents folded in
    so far (already micro-aggregated, of the same round: ``respondents.fold``); returns the
    manifest.

    The microdata are trimmed and micro-aggregated per division x size class cell on their own,
    so the values they enter with do not change when respondents join; the respondents' values
    are added as they are."""
    rules = params.disclosure()
    min_n, trim = int(rules["min_cell_firms"]), float(rules["trim_fraction"])
    k = int(rules["microaggregation_k"])
    sizes, catalogue = params.size_classes(), params.catalogue()
    divisions, sections = catalogue.divisions, catalogue.sections
    size_codes = tuple(c.code for c in sizes.classes)
    con = duckdb.connect()
    con.execute(
        "SET threads = 2; SET memory_limit = '1500MB'; SET preserve_insertion_order = false"
    )

    progress("microdata lezen")
    source_sql = _source_sql(con, source)
    columns, moment_groups, labels = _fetch(con, source_sql, divisions)
    rows = len(columns["division"])
    if rows == 0:
        raise BuildError("De microdata bevat geen bedrijven")
    folded = respondents.count if respondents is not None else 0

    progress("kengetallen per bedrijf berekenen")
    size = size_class_index(columns["working_persons"], sizes)
    division = columns["division"]
    known, sme = division >= 0, size >= 0
    keep = known & sme
    metrics = population_metrics(columns)
    moments = [labels[f"moment_{m}"] for m in moment_groups]
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
    section_of = np.array(
        [sections.index(catalogue.sbi2008[d].section) for d in divisions], dtype=np.int16
    )
    d, z = np.maximum(division, 0).astype(np.int16), np.maximum(size, 0).astype(np.int16)
    if folded and respondents is not None:
        # the respondents' rows follow the microdata's: codes for both, values per metric below
        d = np.r_[d, [divisions.index(c) for c in respondents.division]].astype(np.int16)
        z = np.r_[z, [size_codes.index(c) for c in respondents.size_class]].astype(np.int16)
    sec = section_of[d]
    n_sizes = np.int16(len(size_codes))
    level_codes = {
        "division_size": d * n_sizes + z,
        "section_size": sec * n_sizes + z,
        "section": sec,
        "all": np.zeros(rows + folded, dtype=np.int16),
    }
    pools = [level_codes[level] for level in LEVELS]

    def key(level: str, code: int) -> str:
        """The published key of a group code: 47/micro, G/micro, G or mkb."""
        cell, size_code = divmod(code, len(size_codes))
        if level == "division_size":
            return f"{divisions[cell]}/{size_codes[size_code]}"
        if level == "section_size":
            return f"{sections[cell]}/{size_codes[size_code]}"
        return sections[code] if level == "section" else "mkb"

    per_metric: dict[str, dict[str, int]] = {}
    levels = {level: {"published": 0, "suppressed": 0} for level in LEVELS}
    results = []
    for column, metric in names.items():
        progress(f"verdelingen voor {metric}")
        values = np.where(keep, metrics[column], np.nan)
        finite = np.isfinite(values)
        by_value = np.argsort(values, kind="stable")[: int(finite.sum())]  # NaN sorts last
        cells = level_codes["division_size"]
        kept = trim_mask(values, cells[:rows], trim, by_value)
        kept_by_value = by_value[kept[by_value]]
        masked = microaggregate(values, [p[:rows] for p in pools], kept_by_value, k)
        if folded and respondents is not None:
            # the respondents' values are sorted within their cell (frozen state): also runs
            extra = respondents.values[column]
            masked = np.r_[masked, extra]
            kept_by_value = np.r_[kept_by_value, rows + np.flatnonzero(np.isfinite(extra))]
        usable = np.isfinite(masked)
        ordered = ascending(masked, cells, kept_by_value)
        observed = int(finite.sum()) + (
            int(np.isfinite(respondents.values[column]).sum())
            if folded and respondents is not None
            else 0
        )
        per_metric[metric] = {
            "impossible_or_undefined": int(keep.sum()) + folded - observed,
            "observed": observed,
            "trimmed": int(finite.sum()) - int(kept.sum()),
            "withheld": int(kept.sum()) - int(usable[:rows].sum()),
            "kept": int(usable.sum()),
        }
        for level in LEVELS:
            dist = group_distributions(masked, level_codes[level], ordered)
            published = dist.n >= min_n
            levels[level]["published"] += int(published.sum())
            levels[level]["suppressed"] += int((~published).sum())
            for g in np.flatnonzero(published):
                results.append(
                    (
                        metric,
                        level,
                        key(level, int(dist.codes[g])),
                        int(dist.n[g]),
                        dist.mean[g],
                        dist.top20_mean[g],
                        dist.quantiles[g],
                    )
                )

    progress("artefact schrijven")
    quantiles = _canonical(np.array([r[6] for r in results]).reshape(-1, GRID))
    table = pa.table(
        {
            "metric": [r[0] for r in results],
            "level": [r[1] for r in results],
            "key": [r[2] for r in results],
            "n": pa.array([r[3] for r in results], pa.int64()),
            "mean": _canonical([r[4] for r in results]),
            "top20_mean": _canonical([r[5] for r in results]),
            "quantiles": pa.FixedSizeListArray.from_arrays(quantiles.reshape(-1), GRID),
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
        "source": {"file": source.name, "sha256": _file_hash(source), "rows": rows + folded},
        "years": [int(float(labels["year_y1"])), int(float(labels["year_y2"]))],
        "moments": moments,
        "rules": {
            "min_cell_firms": min_n,
            "trim_fraction": trim,
            "quantile_points": GRID,
            "microaggregation_k": k,
        },
        "excluded": {
            "not_sme_or_size_unknown": int((~sme).sum()),
            "sbi_unknown": int((sme & ~known).sum()),
        },
        "firms_used": int(keep.sum()) + folded,
        "respondents": folded,
        "metrics": per_metric,
        "levels": levels,
        "model_version": MODEL_VERSION,
        "hulplijn_version": __version__,
    }
    calibration = synth.calibration_of(source) if synthetic else None
    if calibration is not None:  # a synthetic round other than the report's says so
        manifest["calibration"] = calibration
    artifact.write(out, table, manifest)
    return manifest


def _vintage(table: pa.Table) -> str:
    """Content hash of the published distributions: same data and rules, same vintage."""
    digest = hashlib.sha256()
    for name in table.column_names:
        column = table.column(name).combine_chunks()
        if name == "quantiles":
            column = column.flatten()
        digest.update(name.encode())
        digest.update(json.dumps(column.to_pylist(), separators=(",", ":")).encode())
    return digest.hexdigest()[:16]


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
