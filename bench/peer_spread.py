"""The within-cell spread of a built peer artifact (issue #19): per metric, over the published
division x size cells, the median of p75/p25 and p90/p10 (for ratios; for growth rates and
solvency, which can be negative, the differences p75 - p25 and p90 - p10), and the koplopers'
level: top-20% mean / cell mean and / cell median. Measurements, not a test.

    .venv/bin/python bench/peer_spread.py [--reference var/reference] [--json]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
LEVELS = ("division_size", "section_size")
# metrics compared as ratios (positive); the others as differences
RATIO_METRICS = ("productivity", "cash_buffer_days", "quick_ratio")


def spread(reference: Path, level: str = "division_size") -> dict[str, dict[str, float]]:
    table = pq.read_table(reference / "distributions.parquet").to_pydict()
    rows: dict[str, list[tuple[np.ndarray, float, float]]] = {}
    for metric, lvl, q, mean, top in zip(
        table["metric"],
        table["level"],
        table["quantiles"],
        table["mean"],
        table["top20_mean"],
        strict=True,
    ):
        if lvl == level:
            rows.setdefault(metric, []).append((np.asarray(q), mean, top))
    out = {}
    for metric, cells in sorted(rows.items()):
        q = np.array([c[0] for c in cells])
        mean = np.array([c[1] for c in cells])
        top = np.array([c[2] for c in cells])
        figures: dict[str, float] = {"cells": float(len(cells))}
        if metric.partition("@")[0] in RATIO_METRICS:
            with np.errstate(divide="ignore", invalid="ignore"):
                figures["p75/p25"] = float(np.nanmedian(q[:, 75] / q[:, 25]))
                figures["p90/p10"] = float(np.nanmedian(q[:, 90] / q[:, 10]))
                figures["top20/mean"] = float(np.nanmedian(top / mean))
                figures["top20/median"] = float(np.nanmedian(top / q[:, 50]))
        else:
            figures["p75-p25"] = float(np.median(q[:, 75] - q[:, 25]))
            figures["p90-p10"] = float(np.median(q[:, 90] - q[:, 10]))
        figures["median"] = float(np.median(q[:, 50]))
        out[metric] = figures
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reference", type=Path, default=ROOT / "var/reference")
    parser.add_argument("--level", default="division_size", choices=LEVELS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = spread(args.reference, args.level)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for metric, figures in result.items():
        shown = ", ".join(f"{k} {v:.3g}" for k, v in figures.items())
        print(f"{metric}: {shown}")


if __name__ == "__main__":
    main()
