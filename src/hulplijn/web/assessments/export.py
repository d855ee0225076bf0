"""Opted-in assessments as microdata rows, for folding them into the peer distributions
(`hulplijn reference build --include-respondents`). Only owners who agreed to statistical use."""

from __future__ import annotations

import pyarrow as pa

from hulplijn.core.firm import LIQUIDITY_ITEMS, YEAR_ITEMS
from hulplijn.core.population import MOMENTS
from hulplijn.web.assessments.models import Assessment


def respondent_microdata(years: tuple[int, int], moments: tuple[str, ...]) -> pa.Table:
    """One row per consenting assessment of the round with these years and moments, in the
    microdata layout (docs/reference/microdata.md); missing groups are empty (null)."""
    rows = []
    queryset = Assessment.objects.filter(
        consent_statistics=True, round__year_1=years[0], round__year_2=years[1]
    ).select_related("round")
    for a in queryset.iterator():
        if a.round.moments[: len(moments)] != tuple(moments):
            continue
        firm = a.firm_input
        row = {"sbi": a.sbi, "working_persons": a.result["size_class"]["working_persons"]}
        for suffix, year in zip(
            ("y1", "y2"), sorted(firm["years"], key=lambda y: y["year"]), strict=True
        ):
            row[f"year_{suffix}"] = year["year"]
            row.update({f"{k}_{suffix}": float(year[k]) for k in YEAR_ITEMS})
        given = {m["moment"]: m for m in firm.get("liquidity", [])}
        for suffix, moment in zip(MOMENTS, moments, strict=False):
            item = given.get(moment)
            row[f"moment_{suffix}"] = moment
            row.update(
                {f"{k}_{suffix}": None if item is None else float(item[k]) for k in LIQUIDITY_ITEMS}
            )
        solvency = firm.get("solvency") or {}
        row["equity"] = solvency.get("equity")
        row["total_assets"] = solvency.get("total_assets")
        rows.append(row)
    return pa.Table.from_pylist(rows)
