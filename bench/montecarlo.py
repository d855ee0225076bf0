"""Monte Carlo of the plan model: 100,000 draws x 10 measures x 5 years, median of 7 runs.

Target: <= 1 s per run (percentile bands included). Also times the deterministic min/mid/max run.
Prints figures; asserts nothing on time.
"""

from __future__ import annotations

import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from hulplijn.plan import impact, montecarlo  # noqa: E402
from hulplijn.plan.assumptions import as_assumptions  # noqa: E402
from hulplijn.reference.params import plan_assumptions  # noqa: E402


def timed(fn, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def main(draws: int = 100_000, runs: int = 7) -> None:
    data = plan_assumptions()
    validated = as_assumptions(data)
    montecarlo.run(validated, draws=1_000, seed=0)  # warm-up
    mc = timed(lambda: montecarlo.run(validated, draws=draws, seed=0), runs)
    det = timed(lambda: impact.run(validated), 20)
    result = montecarlo.run(validated, draws=draws, seed=0)
    measures = len(validated.measures)
    years = len(validated.years())
    print(
        f"Monte Carlo {draws:,} draws x {measures} measures x {years} years: median "
        f"{statistics.median(mc):.3f} s, min {min(mc):.3f} s, max {max(mc):.3f} s over {runs} "
        "runs (target <= 1 s)"
    )
    print(
        f"deterministic min/mid/max run with checks: median {statistics.median(det) * 1000:.1f} ms"
    )
    p5, p50, p95 = (result.totals["va_2025"][result.percentiles.index(p)] for p in (5, 50, 95))
    print(f"value added 2025, P5 / P50 / P95: {p5:.2f} / {p50:.2f} / {p95:.2f} EUR bn")
    print(f"python {platform.python_version()}, {platform.machine()}, {platform.system()}")


if __name__ == "__main__":
    main()
