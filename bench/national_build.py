"""A reference build at national scale: 2,500,000 firms, every SME including sole traders.

The synthetic population holds firms with staff only (docs/decisions/0002), so the file is made
of two draws of the real generator (``hulplijn reference synth``, each in its own process):
1,500,000 firms with staff (seed 9, as bench/run.py) and 1,000,000 sole traders made from a
second draw (seed 10): one working person, the FTE of both years capped at 1.0 and every amount
scaled by the same factor, so each firm's ratios stay as drawn. The build is the real CLI
(``hulplijn reference build``) in a fresh process, its peak memory read by that process, as
bench/run.py times the 1,500,000-firm build. Everything is written under a temporary folder
(``--keep DIR`` keeps the file and the reference there instead). Prints the figures; asserts
nothing on time.

    .venv/bin/python bench/national_build.py [--staff 1500000] [--sole 1000000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# the build in its own process, its own peak resident memory printed last on stderr
WRAPPER = (
    "import resource, sys; from hulplijn.cli.main import app\n"
    "try:\n    app(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
)


def synth(firms: int, seed: int, out: Path) -> None:
    subprocess.run(
        [
            str(BIN / "hulplijn"),
            *("reference", "synth", "--firms", str(firms), "--seed", str(seed)),
            *("--out", str(out)),
        ],
        check=True,
        capture_output=True,
    )


def sole_traders(table: pa.Table, first_id: int) -> pa.Table:
    """The firms of ``table`` as sole traders: one working person, FTE at most 1.0, every
    amount scaled by the later year's FTE cut (ratios kept), ids after ``first_id``."""
    fte2 = table["fte_y2"].to_numpy()
    factor = np.minimum(fte2, 1.0) / fte2
    columns = {}
    for name in table.column_names:
        column = table[name]
        if name == "firm_id":
            column = pa.array(np.arange(first_id, first_id + len(table), dtype=np.int64))
        elif name == "working_persons":
            column = pa.array(np.ones(len(table), dtype=np.int64))
        elif name in ("fte_y1", "fte_y2"):
            column = pc.max_element_wise(
                pc.round(pc.min_element_wise(column, pa.scalar(1.0)), 1), pa.scalar(0.1)
            )
        elif pa.types.is_floating(column.type):
            column = pc.multiply(column, pa.array(factor))
        columns[name] = column
    return pa.table(columns, schema=table.schema)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=1_500_000)
    parser.add_argument("--sole", type=int, default=1_000_000)
    parser.add_argument("--keep", help="a folder to keep the file and the reference in")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(args.keep or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        names = ("staff.parquet", "sole.parquet", "all.parquet")
        staff, second, source = (folder / name for name in names)
        start = time.perf_counter()
        synth(args.staff, 9, staff)
        parts = [pq.read_table(staff)]
        if args.sole:  # --sole 0: firms with staff only (bench/run.py's build, for a ratio)
            synth(args.sole, 10, second)
            first_id = int(pc.max(parts[0]["firm_id"]).as_py()) + 1
            parts.append(sole_traders(pq.read_table(second), first_id))
        both = pa.concat_tables(parts).replace_schema_metadata(parts[0].schema.metadata)
        pq.write_table(both, source)
        made = time.perf_counter() - start
        del parts, both
        start = time.perf_counter()
        done = subprocess.run(
            [
                *(sys.executable, "-c", WRAPPER, "reference", "build"),
                *("--from", str(source), "--out", str(folder / "reference")),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - start
        peak_mb = int(done.stderr.strip().splitlines()[-1]) / 1024
        meta = pq.read_metadata(source)
        sizes = pc.value_counts(pq.read_table(source, columns=["working_persons"])[0])
        sole = next((int(s["counts"].as_py()) for s in sizes if s["values"].as_py() == 1), 0)
        figures = {
            "firms": meta.num_rows,
            "sole_traders": sole,
            "parquet_mb": round(source.stat().st_size / 1e6, 1),
            "file_made_s": round(made, 1),
            "build_s": round(elapsed, 2),
            "peak_rss_mb": round(peak_mb),
        }
    print(
        f"reference build from {figures['firms']:,} firms ({figures['sole_traders']:,} sole "
        f"traders; {figures['parquet_mb']:.0f} MB Parquet, made in {made:.0f} s): "
        f"{elapsed:.2f} s, peak RSS {peak_mb:.0f} MB"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
