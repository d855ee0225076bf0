"""The engine's many-firm path (``hulplijn.core.assess_many``) on 1,000 firms of a CSV batch.

``python bench/assess_many.py``: the median CPU time of 1,000 firms in chunks of 500 (as the
batch job assesses them), with the cyclic garbage collector paused as the job does.
``--profile``: the top of a cProfile of one run (cumulative and own time). ``--compare REF``:
the same firms through the engine of another checkout (``REF`` a path to its ``src``) in the
same run, alternating, so the ratio holds on a noisy, shared machine. Prints figures; asserts
nothing on time.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import importlib
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from csv_batch import generate  # noqa: E402

FIRMS = 1_000
ON = "2026-01-15"


def firms(n: int = FIRMS) -> list:
    from hulplijn.imports.csv_batch import read_batch

    return [row.firm for row in read_batch(generate(n)).rows if row.ok]


def once(assess_many, batch, reference, on) -> float:
    gc.disable()
    try:
        start = time.process_time()  # CPU time: the machine is shared, wall time waits
        for i in range(0, len(batch), 500):
            assess_many(batch[i : i + 500], reference, on=on)
        return time.process_time() - start
    finally:
        gc.enable()
        gc.collect()


def timing(runs: int) -> list[float]:
    """This checkout's engine: ``runs`` times for 1,000 firms (a child process may run it)."""
    from datetime import date

    from hulplijn.core import assess_many
    from hulplijn.reference import load

    reference = load()
    batch = firms()
    once(assess_many, batch[:50], reference, date.fromisoformat(ON))  # warm up
    return [once(assess_many, batch, reference, date.fromisoformat(ON)) for _ in range(runs)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--compare", help="the src directory of another checkout")
    args = parser.parse_args()
    if args.profile:
        from datetime import date

        from hulplijn.core import assess_many
        from hulplijn.reference import load

        reference, batch = load(), firms()
        profile = cProfile.Profile()
        profile.enable()
        once(assess_many, batch, reference, date.fromisoformat(ON))
        profile.disable()
        stats = pstats.Stats(profile)
        stats.sort_stats("cumulative").print_stats(35)
        stats.sort_stats("tottime").print_stats(30)
        return
    if args.compare:
        rounds = {"this": [], "other": []}
        for _ in range(args.runs):
            for name, src in (("this", ROOT / "src"), ("other", Path(args.compare))):
                out = subprocess.run(
                    [sys.executable, __file__, "--runs", "1", "--child"],
                    env={"PYTHONPATH": str(src), "HULPLIJN_BENCH_SRC": str(src)},
                    capture_output=True,
                    text=True,
                    check=True,
                )
                rounds[name].append(float(out.stdout.split()[-1]))
        this, other = (statistics.median(rounds[k]) for k in ("this", "other"))
        print(f"{FIRMS:,} firms, medians of {args.runs} alternating runs:")
        print(f"  this checkout  {this:.2f} s ({this / FIRMS * 1000:.2f} ms a firm)")
        print(f"  {args.compare}  {other:.2f} s ({other / FIRMS * 1000:.2f} ms a firm)")
        print(f"  ratio other / this: {other / this:.2f}")
        return
    times = timing(args.runs)
    print(f"{FIRMS:,} firms, median of {args.runs}: {statistics.median(times):.3f}")


if __name__ == "__main__":
    if "--child" in sys.argv:
        import os

        sys.path.insert(0, os.environ["HULPLIJN_BENCH_SRC"])
        for name in [m for m in sys.modules if m.startswith("hulplijn")]:
            del sys.modules[name]
        importlib.invalidate_caches()
        print(statistics.median(timing(1)))
    else:
        main()
