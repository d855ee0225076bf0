"""The monitoring release: every disclosure-controlled monitoring family published together from
the stored atoms and the live answers, cached until either changes (hulplijn.plan.monitoring
does the publishing; this module reads the database and keeps the cache)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache

from hulplijn.core.disclosure import Releases, Rules
from hulplijn.plan import monitoring as pure
from hulplijn.reference import params
from hulplijn.web.cockpit import aggregates

RECORD_FIELDS = (
    "segment",
    "value_added_change",
    "productivity_growth_band",
    "job_growth_band",
    "liquidity_band",
    "solvency_band",
    "sector_impact",
    "eligible_measures",
    "eligible_schemes",
    "verification_flags",
    "help_first",
)
CACHE_SECONDS = 24 * 3600
"""How long a release stays cached (a new one is made as soon as records or answers change)."""


def rules() -> Rules:
    return Rules.from_parameters(params.disclosure())


def measure_ids() -> list[str]:
    return [m["id"] for m in params.measures()["measures"]]


def scheme_ids() -> list[str]:
    """The current schemes (decision 0025), in the order of schemes.yaml."""
    return [s["id"] for s in params.schemes()["schemes"]]


def release(progress: Callable[[int, int], None] | None = None) -> tuple[Releases, int]:
    """Every monitoring family published together, with its audit: one release for all views
    (months, rounds, all periods; by size class and by section), so a view never gives back
    what another hides. Reads the stored atoms (thousands, whatever the number of records) and
    the live answers; the release is cached until either changes (the audit solves a few
    linear programs per small cell). Returns it with the number of records."""
    control, measures = rules(), measure_ids()
    stamp = aggregates.stamp()
    records = stamp[1]
    if progress:
        progress(0, records)
    atoms = aggregates.live_atoms(
        aggregates.record_atoms(measures, scheme_ids()), measures, params.surveys()
    )
    live = hashlib.sha256(
        repr(
            (atoms.uptake, atoms.scheme_uptake, atoms.surveys, atoms.feedback, atoms.firms)
        ).encode()
    ).hexdigest()[:16]
    rules_hash = hashlib.sha256(repr(control).encode()).hexdigest()[:16]
    key = f"cockpit-release:{'-'.join(map(str, stamp))}:{live}:{rules_hash}"
    found = cache.get(key)
    if found is None:
        found = pure.release(atoms, control)
        cache.set(key, found, timeout=CACHE_SECONDS)
    if progress:
        progress(records, records)
    return found, records
