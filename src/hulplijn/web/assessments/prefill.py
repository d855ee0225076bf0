"""The next assessment filled in from the owner's last one (docs/decisions/0031-coming-back.md).

A new draft remembers the owner's newest assessment (``source``); each wizard step then shows,
as the form's initial values, what that assessment holds for the step *in the draft's round*:

- sector, working persons and KvK number: always;
- results: per calendar year, only for a year the round asks for (2024 figures go to the
  round's 2024 fields, wherever they stood before); a year the last assessment lacks stays empty;
- liquidity: per moment (yyyy-mm), only for a moment the round asks for;
- solvency: only when the round asks for the same two years (its peers belong to them);
- plans, consent and the guess are asked again: they are about now, and consent must be given
  afresh each time.

Nothing is stored as the owner's answer until they submit the step, so every carried figure is
checked: initial values, never answers. The round is read when the step is shown, so choosing
another round on the first step moves the figures with their years.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hulplijn.core.firm import LIQUIDITY_ITEMS, YEAR_ITEMS
from hulplijn.core.period import month
from hulplijn.web.assessments.models import Assessment, AssessmentRound, Draft

KEY = "prefill"
"""Where a draft keeps the id of the assessment it is filled in from."""


@dataclass
class Carried:
    """What a draft in ``round`` takes from ``source``, per step, and what it cannot take."""

    source: Assessment
    steps: dict[str, dict[str, Any]] = field(default_factory=dict)
    years: list[int] = field(default_factory=list)
    missing_years: list[int] = field(default_factory=list)
    moments: list[str] = field(default_factory=list)
    missing_moments: list[str] = field(default_factory=list)
    solvency: bool = False

    @property
    def moment_names(self) -> str:
        return _(" and ").join(month(m)(get_language()) for m in self.moments)

    @property
    def missing_moment_names(self) -> str:
        return _(" and ").join(month(m)(get_language()) for m in self.missing_moments)

    @property
    def year_names(self) -> str:
        return _(" and ").join(str(y) for y in self.years)

    @property
    def missing_year_names(self) -> str:
        return _(" and ").join(str(y) for y in self.missing_years)


def last(mine: Q, user=None) -> Assessment | None:
    """The owner's newest assessment (``mine``: services.mine of the request). None for an
    adviser: their assessments are many firms' (CSV batches), the newest is no one's "last"."""
    if user is not None and getattr(user, "is_adviser", False):
        return None
    return Assessment.objects.filter(mine).only("pk").order_by("-created_at").first()


def remember(data: dict[str, Any], source: Assessment | None) -> dict[str, Any]:
    """A new draft's data, naming the assessment it is filled in from."""
    if source is not None:
        data[KEY] = {"from": str(source.pk)}
    return data


def source_of(draft: Draft) -> Assessment | None:
    """The assessment the draft is filled in from, while it still exists and is the same
    owner's (an account's, or the same browser session's)."""
    wanted = (draft.data or {}).get(KEY, {}).get("from")
    if not wanted:
        return None
    if draft.owner_id is not None:
        owner = Q(owner_id=draft.owner_id)
    elif draft.session_key:
        owner = Q(owner__isnull=True, session_key=draft.session_key)
    else:
        return None
    return Assessment.objects.filter(owner, pk=wanted).select_related("round").first()


def _slots(wanted, found: dict, items, taken: list, missing: list) -> dict[str, Any]:
    """The wizard fields ``<item>_<i>`` of the round's i-th year or moment from the earlier
    figures of the same year or moment; each wanted one goes to ``taken`` or ``missing``."""
    fields: dict[str, Any] = {}
    for i, slot in enumerate(wanted, start=1):
        figures = found.get(slot)
        if figures is None:
            missing.append(slot)
            continue
        taken.append(slot)
        fields.update({f"{k}_{i}": figures[k] for k in items if k in figures})
    return fields


def carried(source: Assessment, round: AssessmentRound) -> Carried:
    """What ``source`` fills in of a draft in ``round``, per step (initial form values)."""
    firm = source.firm_input
    out = Carried(source)
    sector: dict[str, Any] = {"working_persons": firm.get("working_persons")}
    if firm.get("sbi_version", "2008") == "2008":
        sector["sbi"] = firm.get("sbi")
    else:
        sector["sbi2025"] = firm.get("sbi")
    if source.kvk_number:
        sector["kvk_number"] = source.kvk_number
    out.steps["sector"] = {k: v for k, v in sector.items() if v not in (None, "")}

    by_year = {int(y["year"]): y for y in firm.get("years", [])}
    results = _slots(round.years, by_year, YEAR_ITEMS, out.years, out.missing_years)
    if results:
        out.steps["resultaten"] = results

    by_moment = {m["moment"]: m for m in firm.get("liquidity") or []}
    liquidity = _slots(round.moments, by_moment, LIQUIDITY_ITEMS, out.moments, out.missing_moments)
    if liquidity:
        out.steps["liquiditeit"] = liquidity

    solvency = firm.get("solvency")
    if solvency and sorted(by_year) == sorted(round.years):
        out.solvency = True
        out.steps["solvabiliteit"] = {
            k: solvency[k] for k in ("equity", "total_assets") if k in solvency
        }
    return out


def for_draft(draft: Draft) -> Carried | None:
    """What the draft takes from the owner's last assessment, in the draft's round now."""
    source = source_of(draft)
    return carried(source, draft.round) if source is not None else None
