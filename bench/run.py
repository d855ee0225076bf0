"""Benchmarks for the foundation (not tests: they print figures, they assert nothing).

1. one assessment in-process (target: median <= 1 ms);
2. the vectorised path on 1,000,000 firms (target <= 2 s) beside a per-firm loop over a sample;
3. a reference build from a 1,500,000-firm Parquet file (target <= 10 s, peak memory <= 2 GB),
   run as a subprocess of the real CLI so its peak memory is its own.
"""

from __future__ import annotations

import contextlib
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from hulplijn.core import assess, parse_firm
from hulplijn.core.population import assess_population, firm_input
from hulplijn.reference import load, synth

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "src/hulplijn/examples/voorbeeldbedrijf.json"


def single(reference) -> dict:
    firm = parse_firm(json.loads(EXAMPLE.read_text()))
    for _ in range(200):
        assess(firm, reference)
    times = []
    for _ in range(3000):
        start = time.perf_counter()
        assess(firm, reference)
        times.append(time.perf_counter() - start)
    times.sort()
    return {
        "median_ms": statistics.median(times) * 1e3,
        "p95_ms": times[int(0.95 * len(times))] * 1e3,
    }


def columns_of(table) -> dict:
    return {k: np.asarray(v) for k, v in table.to_pydict().items()}


def vectorised(reference, firms: int = 1_000_000, sample: int = 2_000) -> dict:
    c = columns_of(synth.generate(firms, 5))
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        assess_population(c, reference)
        runs.append(time.perf_counter() - start)
    inputs = [firm_input(c, i) for i in range(sample)]
    start = time.perf_counter()
    for firm in inputs:
        with contextlib.suppress(ValueError):  # the few impossible records are refused
            assess(firm, reference)
    per_firm = (time.perf_counter() - start) / sample
    vector_s = statistics.median(runs)
    return {
        "firms": firms,
        "vectorised_s": vector_s,
        "loop_sample": sample,
        "loop_per_firm_ms": per_firm * 1e3,
        "loop_extrapolated_s": per_firm * firms,
        "ratio_loop_over_vectorised": per_firm * firms / vector_s,
    }


def build(firms: int = 1_500_000) -> dict:
    """Generate the population and build from it, each in a fresh process of the real CLI; the
    build's peak memory is read by the build process itself (wrapper below)."""
    bin_dir = Path(sys.executable).parent
    wrapper = (
        "import resource, sys; from hulplijn.cli.main import app\n"
        "try:\n    app(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "population.parquet"
        subprocess.run(
            [
                str(bin_dir / "hulplijn"),
                "reference",
                "synth",
                "--firms",
                str(firms),
                "--seed",
                "9",
                "--out",
                str(source),
            ],
            check=True,
            capture_output=True,
        )
        start = time.perf_counter()
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                wrapper,
                "reference",
                "build",
                "--from",
                str(source),
                "--out",
                str(Path(tmp) / "ref"),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - start
        peak_kb = int(done.stderr.strip().splitlines()[-1])
        rows = pq.read_metadata(source).num_rows
        size_mb = source.stat().st_size / 1e6
    return {"firms": rows, "parquet_mb": size_mb, "build_s": elapsed, "peak_rss_mb": peak_kb / 1024}


def main() -> None:
    reference = load()
    print(
        f"machine: {platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}, reference {reference.vintage}"
    )
    # the build runs first, while this process is small: a forked child starts with its pages
    b = build()
    print(
        f"3. reference build from {b['firms']:,} firms ({b['parquet_mb']:.0f} MB Parquet): "
        f"{b['build_s']:.2f} s, peak RSS {b['peak_rss_mb']:.0f} MB "
        "(targets <= 10 s, <= 2,048 MB)"
    )
    s = single(reference)
    print(
        f"1. one assessment: median {s['median_ms']:.3f} ms, p95 {s['p95_ms']:.3f} ms "
        "(target: median <= 1 ms)"
    )
    v = vectorised(reference)
    print(
        f"2. vectorised {v['firms']:,} firms: {v['vectorised_s']:.2f} s (target <= 2 s); "
        f"per-firm loop {v['loop_per_firm_ms']:.3f} ms/firm over {v['loop_sample']:,} firms "
        f"-> {v['loop_extrapolated_s']:.0f} s for {v['firms']:,}; "
        f"ratio {v['ratio_loop_over_vectorised']:.0f}x"
    )
    print(json.dumps({"single": s, "vectorised": v, "build": b}, indent=2))


if __name__ == "__main__":
    main()
