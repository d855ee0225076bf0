"""The peer-distribution artifact: ``distributions.parquet`` + ``manifest.json`` in one folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from hulplijn.core.benchmark import GRID, PeerTable
from hulplijn.core.reference import Reference
from hulplijn.reference import params

DISTRIBUTIONS = "distributions.parquet"
MANIFEST = "manifest.json"
PERIODS = "periods"
"""The sub-folder of a reference folder that holds artifacts of further rounds, one folder each
(``var/reference/periods/2024-2025``): the folder's own artifact comes first, they follow."""


class ArtifactMissing(FileNotFoundError):
    """No peer-distribution artifact where one was expected."""


def write(out: Path, table: pa.Table, manifest: dict[str, Any]) -> None:
    """Write distributions and manifest; the manifest last, so a half-written folder has none."""
    out.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, out / DISTRIBUTIONS, compression="zstd")
    tmp = out / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(out / MANIFEST)


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of an artifact folder."""
    path = folder / MANIFEST
    if not path.exists():
        raise ArtifactMissing(
            f"Geen referentiegegevens in {folder}: bouw ze met 'make reference' of "
            "'hulplijn reference synth' en 'hulplijn reference build'."
        )
    manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return manifest


def peer_table(folder: Path, min_n: int) -> PeerTable:
    """Load the published distributions into the engine's PeerTable."""
    table = pq.read_table(folder / DISTRIBUTIONS)

    def numbers(name: str, dtype: type) -> np.ndarray:
        """A column of numbers by Arrow, a gap (a cell without a top 20 %) as NaN: 2,000 rows
        of 101 quantiles through Python objects took most of a load's 0.1 s."""
        column = table.column(name).combine_chunks()
        if name == "quantiles":
            column = column.flatten()
        return np.array(column.to_numpy(zero_copy_only=False), dtype=dtype)

    quantiles = numbers("quantiles", np.float64).reshape(-1, GRID)
    catalogue = params.catalogue()
    divisions = catalogue.divisions
    metric, level, key = (table.column(c).to_pylist() for c in ("metric", "level", "key"))
    return PeerTable(
        keys=tuple(zip(metric, level, key, strict=True)),
        quantiles=quantiles,
        n=numbers("n", np.int64),
        mean=numbers("mean", np.float64),
        top20_mean=numbers("top20_mean", np.float64),
        divisions=divisions,
        division_sections=tuple(catalogue.sbi2008[d].section for d in divisions),
        sections=catalogue.sections,
        size_classes=tuple(c.code for c in params.size_classes().classes),
        min_n=min_n,
    )


def load(folder: Path) -> Reference:
    """The full Reference: parameters from the package, peer data from the artifact folder."""
    manifest = read_manifest(folder)
    return Reference(
        catalogue=params.catalogue(),
        size_classes=params.size_classes(),
        sector_impact=params.sector_impact(),
        norms=params.norms(),
        peers=peer_table(folder, int(params.disclosure()["min_cell_firms"])),
        vintage=manifest["vintage"],
        synthetic=bool(manifest["synthetic"]),
        years=tuple(manifest["years"]),
        moments=tuple(manifest["moments"]),
        measures=params.measure_rules(),
        schemes=params.scheme_rules(),
        help_routes=params.help_routes(),
    )


def folders(folder: Path) -> list[Path]:
    """The artifact folders of a reference folder: its own, then those under ``periods/`` in
    name order (docs/decisions/0024-periods.md)."""
    found = [folder] if (folder / MANIFEST).exists() else []
    extra = folder / PERIODS
    if extra.is_dir():
        found += sorted(p for p in extra.iterdir() if (p / MANIFEST).exists())
    if not found:
        read_manifest(folder)  # raises ArtifactMissing with the way to build one
    return found


def load_all(folder: Path) -> tuple[Reference, ...]:
    """Every Reference of a reference folder (its own artifact first): one per round."""
    return tuple(load(f) for f in folders(folder))
