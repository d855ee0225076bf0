"""The DuckDB peer build: disclosure control, trimming, counting, vintage, real-file inputs."""

import json

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from hulplijn.reference import artifact, build


def test_manifest_counts_add_up(synthetic_reference_dir):
    manifest = json.loads((synthetic_reference_dir / "manifest.json").read_text())
    assert manifest["synthetic"] is True and "SYNTHETISCH" in manifest["label"]
    assert len(manifest["vintage"]) == 16
    assert manifest["years"] == [2016, 2018]
    assert manifest["moments"] == ["2020-02", "2020-07"]
    assert manifest["source"]["rows"] == 60_000
    for metric, counts in manifest["metrics"].items():
        assert counts["observed"] == counts["kept"] + counts["trimmed"] + counts["withheld"], metric
        assert counts["observed"] + counts["impossible_or_undefined"] == 60_000, metric
    # 0.05% of 60,000 = 30 impossible records: 15 with FTE 0, 15 with total assets 0
    assert manifest["metrics"]["productivity"]["impossible_or_undefined"] == 15
    assert manifest["metrics"]["solvency"]["impossible_or_undefined"] == 15
    assert manifest["levels"]["all"]["published"] == len(manifest["metrics"])


def test_no_published_group_under_ten_firms(synthetic_reference_dir):
    table = pq.read_table(synthetic_reference_dir / "distributions.parquet").to_pydict()
    assert min(table["n"]) >= 10
    quantiles = np.array(table["quantiles"])
    assert quantiles.shape[1] == 101
    assert (np.diff(quantiles, axis=1) >= 0).all()  # every curve non-decreasing


def test_rebuild_gives_the_same_vintage(synthetic_population, synthetic_reference_dir, tmp_path):
    first = json.loads((synthetic_reference_dir / "manifest.json").read_text())["vintage"]
    assert build.build(synthetic_population, tmp_path)["vintage"] == first


def test_csv_with_the_same_firms_gives_the_same_distributions(synthetic_population, tmp_path):
    table = pq.read_table(synthetic_population).slice(0, 20_000)
    parquet, csv = tmp_path / "firms.parquet", tmp_path / "firms.csv"
    pq.write_table(table.replace_schema_metadata({}), parquet)
    pacsv.write_csv(table, csv)
    from_parquet = build.build(parquet, tmp_path / "a")
    from_csv = build.build(csv, tmp_path / "b")
    assert from_csv["vintage"] == from_parquet["vintage"]
    assert from_csv["synthetic"] is False  # a plain file is not labelled synthetic


def _firm(sbi, wp, fte1=5.0, fte2=6.0, gm1=300_000.0, gm2=330_000.0):
    return {
        "sbi": sbi,
        "working_persons": wp,
        "year_y1": 2016,
        "gross_margin_y1": gm1,
        "wage_costs_y1": 100_000.0,
        "fte_y1": fte1,
        "year_y2": 2018,
        "gross_margin_y2": gm2,
        "wage_costs_y2": 110_000.0,
        "fte_y2": fte2,
    }


def test_small_cells_are_suppressed_and_bad_rows_counted(tmp_path):
    rows = [_firm("47", 5, gm2=300_000.0 + 1_000 * i) for i in range(12)]  # 12 in 47/micro
    rows += [_firm("10", 5) for _ in range(9)]  # only 9 in 10/micro and in section C
    rows += [_firm("47", 5, fte1=0.0)]  # impossible: FTE 0
    rows += [_firm("47", 300), _firm("04", 5), _firm("47", 0)]  # not an SME, unknown SBI, 0 wp
    path = tmp_path / "micro.csv"
    pacsv.write_csv(pa.Table.from_pylist(rows), path)
    manifest = build.build(path, tmp_path / "out")
    assert manifest["excluded"] == {"not_sme_or_size_unknown": 2, "sbi_unknown": 1}
    assert manifest["firms_used"] == 22
    assert manifest["metrics"]["productivity"]["impossible_or_undefined"] == 1
    assert "cash_buffer_days@2020-02" not in manifest["metrics"]  # no liquidity columns
    peers = artifact.peer_table(tmp_path / "out", 10)
    keys = {k for k in peers.keys if k[0] == "productivity"}
    # 12 productivity values in 47/micro (the FTE-0 firm has none): published with n = 12
    assert ("productivity", "division_size", "47/micro") in keys
    assert peers.n[peers.keys.index(("productivity", "division_size", "47/micro"))] == 12
    # 9 firms in 10/micro, C/micro and C: never published
    assert not {k for k in keys if k[2].startswith(("10/", "C"))}
    assert peers.n[peers.keys.index(("productivity", "all", "mkb"))] == 21
    # productivity 2018 of 47/micro: (300,000 + 1,000 i) / 6 for i = 0..11, micro-aggregated in
    # blocks of k = 5 (the last absorbs the rest): i = 0..4 -> 302,000 / 6, i = 5..11 (7 firms)
    # -> 308,000 / 6. Median at h = 11 x 0.5 = 5.5, between the 6th and 7th aggregated values,
    # both 308,000 / 6; p0 and p100 are block means, not the smallest or largest firm's value.
    row = peers.keys.index(("productivity", "division_size", "47/micro"))
    assert peers.quantiles[row][50] == pytest.approx(308_000 / 6)
    assert peers.quantiles[row][0] == pytest.approx(302_000 / 6)
    assert peers.quantiles[row][100] == pytest.approx(308_000 / 6)
    # the mean is kept: (300,000 + 5,500) / 6
    assert peers.mean[row] == pytest.approx(305_500 / 6)
    # the 9 firms of 10/micro form one block of 9 (mean 330,000 / 6) in mkb: 5 + 7 + 9 values
    mkb = peers.keys.index(("productivity", "all", "mkb"))
    assert peers.quantiles[mkb][0] == pytest.approx(302_000 / 6)
    assert peers.quantiles[mkb][100] == pytest.approx(330_000 / 6)


def test_missing_columns_and_bad_files_are_refused(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("sbi,working_persons\n47,5\n")
    with pytest.raises(build.BuildError, match="year_y1"):
        build.build(path, tmp_path / "out")
    with pytest.raises(build.BuildError, match="niet gevonden"):
        build.build(tmp_path / "missing.parquet", tmp_path / "out")
    other = tmp_path / "firms.xlsx"
    other.write_text("x")
    with pytest.raises(build.BuildError, match="bestandstype"):
        build.build(other, tmp_path / "out")
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_mixed_moments_are_refused(synthetic_population, tmp_path):
    table = pq.read_table(synthetic_population).slice(0, 100)
    moments = pa.array(["2020-02"] * 50 + ["2019-07"] * 50)
    table = table.set_column(table.schema.get_field_index("moment_m1"), "moment_m1", moments)
    path = tmp_path / "mixed.parquet"
    pq.write_table(table, path)
    with pytest.raises(build.BuildError, match="moment_m1"):
        build.build(path, tmp_path / "out")
