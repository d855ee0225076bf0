"""CSV batch intake: parse and validate a 10,000-firm file (the row limit), median of 7 runs.

The file is generated in memory from the template's columns: every column filled (two years, two
liquidity moments, solvency), half the rows with Dutch numbers (965.000,50), half plain, 1% of the
rows with a problem. Prints a figure; asserts nothing on time.
"""

from __future__ import annotations

import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from hulplijn.imports.csv_batch import COLUMNS, EXAMPLE_ROW, MAX_ROWS, read_batch  # noqa: E402


def dutch(value: float) -> str:
    text = f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return text.removesuffix(",00")


def generate(rows: int = MAX_ROWS, seed: int = 1) -> bytes:
    rng = random.Random(seed)
    names = [c.name for c in COLUMNS]
    lines = [";".join(names)]
    for i in range(rows):
        scale = rng.uniform(0.05, 3.0)
        sbi = rng.choice(["47", "56.10", "62", "4711"])
        row = dict(EXAMPLE_ROW, firm=f"Bedrijf {i + 1}", sbi=sbi)
        row["working_persons"] = str(rng.randint(1, 249))
        for name in names:
            column = next(c for c in COLUMNS if c.name == name)
            if column.kind == "number" and EXAMPLE_ROW[name]:
                value = round(float(EXAMPLE_ROW[name]) * scale * rng.uniform(0.8, 1.2), 2)
                if name.startswith("fte_"):
                    value = max(0.5, round(value, 1))
                row[name] = dutch(value) if i % 2 else f"{value:.2f}"
        if i % 100 == 99:
            row["fte_2"] = "0"  # 1% invalid rows
        lines.append(";".join(row[n] for n in names))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def main(runs: int = 7) -> None:
    data = generate()
    read_batch(data)  # warm up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = read_batch(data)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(
        f"csv batch: {len(result.rows):,} firms ({len(result.valid):,} valid, "
        f"{len(result.invalid):,} with problems), {len(data) / 1024 / 1024:.2f} MB, "
        f"{len(COLUMNS)} columns: median {median * 1000:.0f} ms over {runs} runs "
        f"({median / len(result.rows) * 1e6:.0f} µs per firm; min {min(times) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms) on Python {platform.python_version()}"
    )


if __name__ == "__main__":
    main()
