"""Shared fixtures: a hand-made Reference with known distributions, and a small synthetic one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hulplijn.core.benchmark import PeerTable
from hulplijn.core.reference import Reference
from hulplijn.reference import artifact, build, params, synth

EXAMPLE = Path(__file__).parents[1] / "src/hulplijn/examples/voorbeeldbedrijf.json"


def linear(lo: float, hi: float) -> np.ndarray:
    """101 percentiles evenly from lo (p0) to hi (p100), so percentile p holds lo + p x step."""
    return np.linspace(lo, hi, 101)


def hand_reference(rows: list[tuple], moments=("2020-02", "2020-07")) -> Reference:
    """A Reference whose peer table holds exactly ``rows``: (metric, level, key, n, quantiles,
    mean, top20_mean). Parameters (catalogue, sizes, impact, norms) are the real ones."""
    catalogue = params.catalogue()
    divisions = catalogue.divisions
    peers = PeerTable(
        keys=tuple((r[0], r[1], r[2]) for r in rows),
        quantiles=np.array([r[4] for r in rows], dtype=float).reshape(-1, 101),
        n=np.array([r[3] for r in rows], dtype=np.int64),
        mean=np.array([r[5] for r in rows], dtype=float),
        top20_mean=np.array([r[6] for r in rows], dtype=float),
        divisions=divisions,
        division_sections=tuple(catalogue.sbi2008[d].section for d in divisions),
        sections=catalogue.sections,
        size_classes=tuple(c.code for c in params.size_classes().classes),
        min_n=int(params.disclosure()["min_cell_firms"]),
    )
    return Reference(
        catalogue=catalogue,
        size_classes=params.size_classes(),
        sector_impact=params.sector_impact(),
        norms=params.norms(),
        peers=peers,
        vintage="hand-made",
        synthetic=False,
        years=(2016, 2018),
        moments=moments,
        measures=params.measure_rules(),
    )


@pytest.fixture(scope="session")
def synthetic_population(tmp_path_factory) -> Path:
    """A 60,000-firm synthetic population (seed 7) as Parquet."""
    path = tmp_path_factory.mktemp("population") / "synthetic.parquet"
    synth.write(synth.generate(60_000, 7), path)
    return path


@pytest.fixture(scope="session")
def synthetic_reference_dir(synthetic_population, tmp_path_factory) -> Path:
    """The peer artifact built from the 60,000-firm population."""
    out = tmp_path_factory.mktemp("reference")
    build.build(synthetic_population, out)
    return out


@pytest.fixture(scope="session")
def synthetic_reference(synthetic_reference_dir) -> Reference:
    """The loaded Reference of the 60,000-firm synthetic population."""
    return artifact.load(synthetic_reference_dir)
