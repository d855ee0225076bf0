"""The synthetic calibrated population: deterministic, labelled, and on target."""

import numpy as np
import pyarrow.parquet as pq
import pytest

from hulplijn.core.firm import LIQUIDITY_ITEMS
from hulplijn.reference import build, calibration, synth


def test_same_seed_same_population_other_seed_other_population():
    a, b, c = synth.generate(3_000, 11), synth.generate(3_000, 11), synth.generate(3_000, 12)
    assert a.equals(b)
    assert not a.equals(c)


def test_columns_are_the_documented_microdata_columns(synthetic_population):
    names = set(pq.read_schema(synthetic_population).names)
    expected = set(build.REQUIRED) | set(build.SOLVENCY) | {"firm_id"}
    for m in ("m1", "m2"):
        expected |= {f"{c}_{m}" for c in LIQUIDITY_ITEMS} | {f"moment_{m}"}
    assert names == expected


def test_labelled_synthetic(synthetic_population, tmp_path):
    assert synth.is_synthetic(synthetic_population)
    metadata = pq.read_schema(synthetic_population).metadata
    assert b"SYNTHETISCHE" in metadata[b"hulplijn.description"]
    plain = tmp_path / "plain.parquet"
    pq.write_table(pq.read_table(synthetic_population).replace_schema_metadata({}), plain)
    assert not synth.is_synthetic(plain)


def test_every_firm_is_an_sme_with_a_known_division(synthetic_population):
    table = pq.read_table(synthetic_population, columns=["working_persons", "sbi"]).to_pydict()
    wp = np.array(table["working_persons"])
    assert wp.min() >= 2 and wp.max() <= 249  # excl. zzp, below 250
    assert len(set(table["sbi"])) > 80


@pytest.fixture(scope="module")
def full_population(tmp_path_factory):
    path = tmp_path_factory.mktemp("full") / "synthetic.parquet"
    synth.write(synth.generate(250_000, 1), path)
    return path


def test_full_population_hits_every_target(full_population):
    checks = calibration.calibrate(full_population)
    failed = [(c.name, c.target, c.achieved) for c in checks if not c.ok]
    assert not failed
    names = {c.name for c in checks}
    # every family of targets of population.yaml is checked
    for prefix in (
        "firms",
        "productivity.",
        "fte.",
        "value_added.",
        "segment.",
        "koplopers_ratio",
        "solvency_small",
        "sector_impact.",
    ):
        assert any(n.startswith(prefix) for n in names), prefix
    by_name = {c.name: c for c in checks}
    assert by_name["firms"].achieved == 250_000
    assert by_name["productivity.micro"].achieved == pytest.approx(55_000, rel=0.02)
    assert by_name["solvency_small"].achieved == pytest.approx(0.48, abs=0.01)


def test_calibration_notices_a_population_off_target(tmp_path):
    # 20,000 firms cannot hold 250,000: the firm-count target must fail
    path = tmp_path / "small.parquet"
    synth.write(synth.generate(20_000, 1), path)
    by_name = {c.name: c for c in calibration.calibrate(path)}
    assert not by_name["firms"].ok
    assert not by_name["fte.micro"].ok  # a tenth of the firms, a tenth of the FTE
