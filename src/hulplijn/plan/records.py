"""One assessment -> its anonymised statistical record (pure).

The record keeps only what the monitoring tables need: classes, percentile bands, the
value-added change, eligible measure ids and register flag codes; nothing that names the firm
or its owner (docs/reference/monitoring.md).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

BAND_WIDTH = 20
BANDS = ("0-19", "20-39", "40-59", "60-79", "80-100")
NOT_GIVEN = "not_given"
CHECKED, DIFFERS, NO_REGISTER = "checked", "differs", "no_register"


def record_values(
    firm_input: Mapping[str, Any], result: Mapping[str, Any], verification: Sequence[Mapping]
) -> dict[str, Any]:
    """The anonymised fields of one assessment: nothing that names the firm or its owner, only
    classes, whole-number percentiles, the whole-euro value-added change (gross margin in the
    later reference year minus the earlier one), eligible measure ids and register flags."""
    years = sorted(firm_input.get("years", []), key=lambda y: y["year"])
    change = years[-1]["gross_margin"] - years[0]["gross_margin"] if len(years) > 1 else 0
    bench = result.get("benchmark") or {}
    moments = sorted(m["moment"] for m in result.get("liquidity") or [])
    return {
        "size_class": (result.get("size_class") or {}).get("code", ""),
        "section": (result.get("sector") or {}).get("section", ""),
        "sbi": (result.get("sector") or {}).get("code", ""),
        "segment": result.get("segment") or "",
        "value_added_change": math.floor(change + 0.5),
        "productivity_growth_percentile": _percentile(bench, "productivity_growth"),
        "job_growth_percentile": _percentile(bench, "job_growth"),
        "liquidity_percentile": _percentile(bench, f"cash_buffer_days@{moments[-1]}")
        if moments
        else None,
        "solvency_percentile": _percentile(bench, "solvency"),
        "sector_impact": (result.get("sector_impact") or {}).get("class_code", ""),
        "eligible_measures": sorted(
            m["id"] for m in result.get("eligible_measures") or [] if m.get("status") == "eligible"
        ),
        "verification_flags": flags(verification),
    }


def _percentile(bench: Mapping[str, Any], name: str) -> int | None:
    value = (bench.get(name) or {}).get("percentile")
    return None if value is None else max(0, min(100, math.floor(value + 0.5)))


def flags(checks: Sequence[Mapping[str, Any]]) -> list[str]:
    """Register flag codes of one assessment: ``checked`` (figures were compared with the
    register), ``differs`` (at least one figure differs beyond its tolerance) with
    ``differs:<field>`` per differing field, ``no_register`` (the register held no figures)."""
    if not checks:
        return []
    codes = {CHECKED}
    for check in checks:
        if check.get("status") == "differs":
            codes.update((DIFFERS, f"{DIFFERS}:{check.get('field')}"))
        elif check.get("status") == "not_in_register" and check.get("field") == "register":
            codes.add(NO_REGISTER)
    return sorted(codes)


def band(percentile: int | None) -> str:
    """'0-19' ... '80-100' (100 belongs to the top band), or 'not_given'."""
    if percentile is None:
        return NOT_GIVEN
    return BANDS[min(int(percentile) // BAND_WIDTH, len(BANDS) - 1)]
