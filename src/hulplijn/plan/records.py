"""One assessment -> its anonymised statistical record (pure), and the k-anonymity measure of
the stored records.

The record keeps only what the monitoring tables need, as coarse as they need it: classes
(size class, SBI section, growth segment, sector impact), percentile bands, the value-added
change rounded to whole thousands of euros, eligible measure ids, the ids of the current schemes
the firm qualified for and register flag codes;
nothing that names the firm or its owner, no SBI division, no exact figure
(docs/reference/monitoring.md, docs/security.md).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

BAND_WIDTH = 20
BANDS = ("0-19", "20-39", "40-59", "60-79", "80-100")
NOT_GIVEN = "not_given"
CHECKED, DIFFERS, NO_REGISTER = "checked", "differs", "no_register"
ROUNDING = 1000
"""The value-added change is kept in euros, rounded to a multiple of this (half up)."""
DIMENSIONS = ("productivity_growth", "job_growth", "liquidity", "solvency")
"""The record's band fields are ``<dimension>_band``."""
QUASI_IDENTIFIERS = ("round", "month", "size_class", "section")
"""What somebody who knows a firm can know of its record without seeing it: when it was made
(round, month) and what kind of firm it is (size class, SBI section). The k-anonymity check
groups by these, and by these plus the growth segment."""


def record_values(
    firm_input: Mapping[str, Any],
    result: Mapping[str, Any],
    verification: Sequence[Mapping[str, Any]],
) -> dict[str, Any]:
    """The anonymised fields of one assessment: nothing that names the firm or its owner, only
    classes, percentile bands (of the percentile rounded to a whole number), the value-added
    change (gross margin in the later reference year minus the earlier one) rounded to whole
    thousands of euros, eligible measure ids, the current schemes the firm qualified for on the
    day of its assessment (status ``eligible``: one that had ended by then is ``ended``; the
    firms the scheme uptake table counts answers among), register flags and whether help first
    was offered (decision 0025)."""
    years = sorted(firm_input.get("years", []), key=lambda y: y["year"])
    change = years[-1]["gross_margin"] - years[0]["gross_margin"] if len(years) > 1 else 0
    bench = result.get("benchmark") or {}
    moments = sorted(m["moment"] for m in result.get("liquidity") or [])
    liquidity = f"cash_buffer_days@{moments[-1]}" if moments else None
    return {
        "size_class": (result.get("size_class") or {}).get("code", ""),
        "section": (result.get("sector") or {}).get("section", ""),
        "segment": result.get("segment") or "",
        "value_added_change": round_thousands(change),
        "productivity_growth_band": band(_percentile(bench, "productivity_growth")),
        "job_growth_band": band(_percentile(bench, "job_growth")),
        "liquidity_band": band(_percentile(bench, liquidity) if liquidity else None),
        "solvency_band": band(_percentile(bench, "solvency")),
        "sector_impact": (result.get("sector_impact") or {}).get("class_code", ""),
        "eligible_measures": sorted(
            m["id"] for m in result.get("eligible_measures") or [] if m.get("status") == "eligible"
        ),
        "eligible_schemes": sorted(
            s["id"] for s in result.get("schemes") or [] if s.get("status") == "eligible"
        ),
        "verification_flags": flags(verification),
        "help_first": bool((result.get("help_first") or {}).get("offered")),
    }


def round_thousands(euros: float) -> int:
    """Euros rounded to a whole number of thousands, half up: 56,499.9 -> 56,000,
    56,500 -> 57,000, -500 -> 0, -501 -> -1,000."""
    return ROUNDING * math.floor(euros / ROUNDING + 0.5)


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


# -- k-anonymity -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Anonymity:
    """k-anonymity of stored records over one set of quasi-identifiers: every record shares its
    values of ``quasi_identifiers`` with at least ``k - 1`` others (Sweeney 2002)."""

    quasi_identifiers: tuple[str, ...]
    k: int  # the smallest group (0 when there are no records)
    k_min: int
    records: int
    groups: int
    small_groups: int  # groups of fewer than k_min records
    records_in_small_groups: int

    @property
    def ok(self) -> bool:
        return self.records_in_small_groups == 0


def k_anonymity(
    group_sizes: Iterable[int], quasi_identifiers: Sequence[str], k_min: int
) -> Anonymity:
    """The k-anonymity of records given the sizes of their groups (records with the same values
    of ``quasi_identifiers``, e.g. from a GROUP BY)."""
    sizes = [n for n in group_sizes if n > 0]
    small = [n for n in sizes if n < k_min]
    return Anonymity(
        quasi_identifiers=tuple(quasi_identifiers),
        k=min(sizes, default=0),
        k_min=k_min,
        records=sum(sizes),
        groups=len(sizes),
        small_groups=len(small),
        records_in_small_groups=sum(small),
    )
