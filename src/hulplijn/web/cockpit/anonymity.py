"""The k-anonymity of the stored statistical records, counted in the database (GROUP BY).

pyCANON (the brief's suggestion) pins exact versions of numpy 2.0.2, scipy 1.15.3, typer
0.23.2 and pandas, which clash with this project's pins, and it would need the records as a
pandas frame; k, the only measure asked for here, is the smallest group of a GROUP BY, so the
database computes it on SQLite and PostgreSQL alike (docs/decisions/0001-dependencies.md).
"""

from __future__ import annotations

from django.db.models import Count

from hulplijn.plan import records
from hulplijn.plan.records import Anonymity
from hulplijn.reference import params
from hulplijn.web.cockpit.models import StatisticalRecord

CHECKS = (
    records.QUASI_IDENTIFIERS,
    (*records.QUASI_IDENTIFIERS, "segment"),
)
"""What the check reports: k over what anybody who knows a firm knows (round, month, size class,
section) and with the growth segment, which a firm's owner or adviser can work out from its
figures."""
WITH_CHANGE = (*records.QUASI_IDENTIFIERS, "value_added_change")
"""Reported for information, not held to k_min: somebody who knows a firm's exact gross
margins knows its rounded value-added change too (docs/security.md, what can still be
inferred)."""


def k_min() -> int:
    return int(params.disclosure()["min_cell_firms"])


def check(
    quasi_identifiers: tuple[str, ...], minimum: int | None = None, queryset=None
) -> Anonymity:
    """k-anonymity of the stored records over ``quasi_identifiers`` (field names of
    StatisticalRecord; ``round`` is the round's id)."""
    rows = (queryset if queryset is not None else StatisticalRecord.objects.all()).order_by()
    sizes = rows.values(*quasi_identifiers).annotate(n=Count("id")).values_list("n", flat=True)
    return records.k_anonymity(sizes, quasi_identifiers, k_min() if minimum is None else minimum)


def report(minimum: int | None = None) -> list[Anonymity]:
    """The two checks held to ``minimum`` (default min_cell_firms, 10) and the one for
    information (with the value-added change)."""
    return [check(qi, minimum) for qi in (*CHECKS, WITH_CHANGE)]
