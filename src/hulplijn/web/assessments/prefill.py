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
    results: dict[str, Any] = {}
    for i, year in enumerate(round.years, start=1):
        figures = by_year.get(year)
        if figures is None:
            out.missing_years.append(year)
            continue
        out.years.append(year)
        results.update({f"{k}_{i}": figures[k] for k in YEAR_ITEMS if k in figures})
    if results:
        out.steps["resultaten"] = results

    by_moment = {m["moment"]: m for m in firm.get("liquidity") or []}
    liquidity: dict[str, Any] = {}
    for i, moment in enumerate(round.moments, start=1):
        figures = by_moment.get(moment)
        if figures is None:
            out.missing_moments.append(moment)
            continue
        out.moments.append(moment)
        liquidity.update({f"{k}_{i}": figures[k] for k in LIQUIDITY_ITEMS if k in figures})
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
