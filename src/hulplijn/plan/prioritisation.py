"""Prioritisation of the twenty measures: net impact x feasibility, the 3x3 matrix and the ranking.

Source: the seed report ``herstel-en-groeiplan-mkb.txt`` ("r." = line).

- Six criteria, each scored on a five-point scale Hoog ... Laag (criteria slide r. 2848-3011),
  coded 5..1 in ``measures.yaml``.
- Net impact = mean(contribution to value added, limited costs, timely impact); feasibility =
  mean(executability, public support, speed of introduction). "De criteria worden ongewogen
  gemiddeld om tot netto-impact en haalbaarheid te komen" (r. 3011); "Netto-impact is een
  gemiddelde van bijdrage toegevoegde waarde, kosten en tijdigheid van impact" (r. 3039); grouping
  of the criteria under "Netto-impact" and "Haalbaarheid" on the criteria slide (r. 2853-2871).
  The report's means are unweighted; here every criterion carries a weight (default 1, which is
  the report) so the effect of another weighting can be shown.
- The matrix: net impact (vertical) against feasibility (horizontal), each cut into Laag / Midden /
  Hoog (r. 3012-3024), legend "Hoge prioriteit / Lagere prioriteit" (r. 3037). "Hier worden 10
  maatregelen geprioriteerd op basis van netto-impact en haalbaarheid" (r. 3028-3030). The report
  does not print where its band edges lie (the slide is a picture); the edges are a project
  reading, recorded in ``reference/data/prioritisation.yaml`` and explained in
  ``docs/reference/prioritisation-and-macro.md``: with edges 3.0 and 3.5 on both axes, the
  high-priority cells (high/high, high/medium, medium/high) hold exactly the report's ten plan
  measures.
- The ranking: by combined score = net impact + feasibility (equivalently, their mean; both
  axes count equally, as in a matrix read along its diagonal), ties by measure id in plan order
  (1..10, then A..J). With the default weights the top ten are exactly the ten plan measures.

Pure: the measures arrive as plain mappings (the entries of ``measures.yaml`` as loaded by
``hulplijn.reference.params.measures()``) and the band edges as a :class:`Rules` built from
``hulplijn.reference.params.prioritisation()``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

NET_IMPACT: tuple[str, ...] = ("value_added", "limited_costs", "timely_impact")
"""The criteria of net impact (r. 2853-2871, 3039)."""
FEASIBILITY: tuple[str, ...] = ("executability", "public_support", "speed_of_introduction")
"""The criteria of feasibility (r. 2853-2865, 3011)."""
CRITERIA: tuple[str, ...] = NET_IMPACT + FEASIBILITY

LOW, MEDIUM, HIGH = "low", "medium", "high"
BANDS: tuple[str, ...] = (LOW, MEDIUM, HIGH)
BAND_LABELS: Mapping[str, str] = {LOW: "laag", MEDIUM: "midden", HIGH: "hoog"}
"""The report's axis labels Laag / Midden / Hoog (r. 3012-3018)."""

SCORE_MIN, SCORE_MAX = 1, 5
_DIGITS = 9  # means are rounded to this many decimals before comparing or sorting


@dataclass(frozen=True)
class Criteria:
    """Weights of the six criteria. Default all 1: the report's unweighted means (r. 3011).

    A weight may be 0 (the criterion is left out of its group's mean) but each group needs a
    positive total weight."""

    value_added: float = 1.0
    limited_costs: float = 1.0
    timely_impact: float = 1.0
    executability: float = 1.0
    public_support: float = 1.0
    speed_of_introduction: float = 1.0

    def __post_init__(self) -> None:
        for f in fields(self):
            w = getattr(self, f.name)
            if isinstance(w, bool) or not isinstance(w, int | float) or not math.isfinite(w):
                raise ValueError(f"weight {f.name}: not a finite number ({w!r})")
            if w < 0:
                raise ValueError(f"weight {f.name}: negative ({w})")
        for group, names in (("net impact", NET_IMPACT), ("feasibility", FEASIBILITY)):
            if sum(getattr(self, n) for n in names) <= 0:
                raise ValueError(f"weights of {group} add up to 0")

    def weight(self, criterion: str) -> float:
        if criterion not in CRITERIA:
            raise KeyError(criterion)
        return float(getattr(self, criterion))

    def with_weights(self, changes: Mapping[str, float]) -> Criteria:
        """A copy with some weights changed; unknown names raise ``KeyError``."""
        unknown = set(changes) - set(CRITERIA)
        if unknown:
            raise KeyError(", ".join(sorted(unknown)))
        return replace(self, **{k: float(v) for k, v in changes.items()})

    def as_dict(self) -> dict[str, float]:
        return {name: float(w) for name, w in asdict(self).items()}

    @property
    def is_default(self) -> bool:
        return self == Criteria()


_DEFAULT_HIGH_PRIORITY = frozenset({(HIGH, HIGH), (HIGH, MEDIUM), (MEDIUM, HIGH)})


@dataclass(frozen=True)
class Rules:
    """Band edges of the 3x3 matrix, its high-priority cells and the size of the plan.

    A mean m on the 1-5 scale is *low* if m < medium_from, *medium* if medium_from <= m <
    high_from, *high* if m >= high_from. The defaults equal ``prioritisation.yaml`` (a test keeps
    them in step); why these edges is in that file and in the doc."""

    impact_medium_from: float = 3.0
    impact_high_from: float = 3.5
    feasibility_medium_from: float = 3.0
    feasibility_high_from: float = 3.5
    high_priority_cells: frozenset[tuple[str, str]] = field(default=_DEFAULT_HIGH_PRIORITY)
    plan_size: int = 10

    def __post_init__(self) -> None:
        for axis in ("impact", "feasibility"):
            lo = getattr(self, f"{axis}_medium_from")
            hi = getattr(self, f"{axis}_high_from")
            if not (SCORE_MIN <= lo <= hi <= SCORE_MAX):
                raise ValueError(f"{axis} band edges must satisfy 1 <= medium <= high <= 5")
        for cell in self.high_priority_cells:
            if len(cell) != 2 or any(b not in BANDS for b in cell):
                raise ValueError(f"unknown matrix cell {cell!r}")
        if self.plan_size < 1:
            raise ValueError("plan_size must be at least 1")

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Rules:
        """From ``params.prioritisation()`` (name -> value)."""
        return cls(
            impact_medium_from=float(data["impact_medium_from"]),
            impact_high_from=float(data["impact_high_from"]),
            feasibility_medium_from=float(data["feasibility_medium_from"]),
            feasibility_high_from=float(data["feasibility_high_from"]),
            high_priority_cells=frozenset((str(i), str(f)) for i, f in data["high_priority_cells"]),
            plan_size=int(data["plan_size"]),
        )

    def impact_band(self, value: float) -> str:
        return _band(value, self.impact_medium_from, self.impact_high_from)

    def feasibility_band(self, value: float) -> str:
        return _band(value, self.feasibility_medium_from, self.feasibility_high_from)


def _band(value: float, medium_from: float, high_from: float) -> str:
    v = round(value, _DIGITS)
    if v >= round(high_from, _DIGITS):
        return HIGH
    if v >= round(medium_from, _DIGITS):
        return MEDIUM
    return LOW


@dataclass(frozen=True)
class MeasureScores:
    """What the prioritisation needs of one measure."""

    id: str
    name: str
    in_plan: bool
    scores: Mapping[str, int]

    @classmethod
    def from_mapping(cls, m: Mapping[str, Any]) -> MeasureScores:
        """From one entry of ``measures.yaml``; refuses a missing or out-of-scale score."""
        measure_id = str(m["id"])
        scores = m.get("scores") or {}
        checked: dict[str, int] = {}
        for c in CRITERIA:
            s = scores.get(c)
            if isinstance(s, bool) or not isinstance(s, int) or not SCORE_MIN <= s <= SCORE_MAX:
                raise ValueError(f"measure {measure_id}: score {c} must be an integer 1-5 ({s!r})")
            checked[c] = s
        return cls(measure_id, str(m["name"]), bool(m.get("in_plan", False)), checked)


@dataclass(frozen=True)
class ScoredMeasure:
    """One measure with its net impact, feasibility, matrix cell and rank."""

    id: str
    name: str
    in_plan: bool  # in the report's plan (measures.yaml), whatever the weights
    scores: Mapping[str, int]
    net_impact: float
    feasibility: float
    combined: float  # net impact + feasibility: the ranking key
    impact_band: str
    feasibility_band: str
    high_priority: bool  # the cell is one of the high-priority cells
    rank: int  # 1 = best
    in_top: bool  # rank <= plan size

    @property
    def cell(self) -> tuple[str, str]:
        """(net impact band, feasibility band)."""
        return (self.impact_band, self.feasibility_band)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "id": self.id,
            "name": self.name,
            "net_impact": self.net_impact,
            "feasibility": self.feasibility,
            "combined": self.combined,
            "impact_band": self.impact_band,
            "feasibility_band": self.feasibility_band,
            "high_priority": self.high_priority,
            "in_plan": self.in_plan,
            "in_top": self.in_top,
            "scores": dict(self.scores),
        }


def id_key(measure_id: str) -> tuple[int, int, str]:
    """Plan order: numbered measures 1..10 first, by number, then the letters A..J."""
    if measure_id.isdigit():
        return (0, int(measure_id), "")
    return (1, 0, measure_id)


def weighted_mean(scores: Mapping[str, int], names: Iterable[str], weights: Criteria) -> float:
    """sum(w_c * s_c) / sum(w_c) over the named criteria (not rounded)."""
    names = tuple(names)
    total = sum(weights.weight(c) for c in names)
    return sum(weights.weight(c) * scores[c] for c in names) / total


def _measures(measures: Iterable[Mapping[str, Any] | MeasureScores]) -> list[MeasureScores]:
    result = [
        m if isinstance(m, MeasureScores) else MeasureScores.from_mapping(m) for m in measures
    ]
    ids = [m.id for m in result]
    if len(set(ids)) != len(ids):
        raise ValueError("measure ids are not unique")
    return result


def score(
    measures: Iterable[Mapping[str, Any] | MeasureScores],
    weights: Criteria | None = None,
    rules: Rules | None = None,
) -> list[ScoredMeasure]:
    """The measures ranked best first.

    net impact  = sum(w_c * s_c) / sum(w_c) over value added, limited costs, timely impact
    feasibility = the same over executability, public support, speed of introduction
    (r. 3011, 3039: unweighted means, i.e. all w_c = 1). Ranked by net impact + feasibility,
    descending, ties by :func:`id_key`. ``in_top`` marks the first ``rules.plan_size`` (10,
    r. 3028-3030)."""
    weights = weights or Criteria()
    rules = rules or Rules()
    rows = []
    for m in _measures(measures):
        ni = weighted_mean(m.scores, NET_IMPACT, weights)
        fe = weighted_mean(m.scores, FEASIBILITY, weights)
        # round once, after adding, so that equal sums tie exactly (11/3 + 11/3 == 3 + 13/3)
        rows.append((m, round(ni, _DIGITS), round(fe, _DIGITS), round(ni + fe, _DIGITS)))
    rows.sort(key=lambda r: (-r[3], id_key(r[0].id)))
    result = []
    for rank, (m, ni, fe, combined) in enumerate(rows, start=1):
        ib, fb = rules.impact_band(ni), rules.feasibility_band(fe)
        result.append(
            ScoredMeasure(
                id=m.id,
                name=m.name,
                in_plan=m.in_plan,
                scores=dict(m.scores),
                net_impact=ni,
                feasibility=fe,
                combined=combined,
                impact_band=ib,
                feasibility_band=fb,
                high_priority=(ib, fb) in rules.high_priority_cells,
                rank=rank,
                in_top=rank <= rules.plan_size,
            )
        )
    return result


def top(ranked: Iterable[ScoredMeasure]) -> list[str]:
    """Ids of the measures in the top (``in_top``), best first."""
    return [m.id for m in ranked if m.in_top]


@dataclass(frozen=True)
class RankChange:
    """One measure under the base weights and under the new weights."""

    id: str
    name: str
    base_rank: int
    new_rank: int
    base_combined: float
    new_combined: float
    base_cell: tuple[str, str]
    new_cell: tuple[str, str]
    base_in_top: bool
    new_in_top: bool

    @property
    def shift(self) -> int:
        """Places gained: positive = moved up, negative = moved down."""
        return self.base_rank - self.new_rank

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "base_rank": self.base_rank,
            "new_rank": self.new_rank,
            "shift": self.shift,
            "base_combined": self.base_combined,
            "new_combined": self.new_combined,
            "base_cell": list(self.base_cell),
            "new_cell": list(self.new_cell),
            "base_in_top": self.base_in_top,
            "new_in_top": self.new_in_top,
        }


@dataclass(frozen=True)
class Sensitivity:
    """How the ranking moves from one weighting to another."""

    base_weights: Criteria
    new_weights: Criteria
    base: tuple[ScoredMeasure, ...]
    new: tuple[ScoredMeasure, ...]
    changes: tuple[RankChange, ...]  # every measure, in new rank order
    entered: tuple[str, ...]  # ids in the new top but not the base top, by new rank
    left: tuple[str, ...]  # ids in the base top but not the new top, by base rank

    @property
    def moved(self) -> tuple[RankChange, ...]:
        """Only the measures whose rank changed."""
        return tuple(c for c in self.changes if c.shift != 0)

    def as_dict(self) -> dict[str, Any]:
        return {
            "base_weights": self.base_weights.as_dict(),
            "new_weights": self.new_weights.as_dict(),
            "moved": [c.as_dict() for c in self.moved],
            "entered_top": list(self.entered),
            "left_top": list(self.left),
        }


def sensitivity(
    measures: Iterable[Mapping[str, Any] | MeasureScores],
    base_weights: Criteria | None,
    new_weights: Criteria,
    rules: Rules | None = None,
) -> Sensitivity:
    """Rank each measure under both weightings: which move and by how many places, which enter
    and which leave the top ``rules.plan_size``."""
    base_weights = base_weights or Criteria()
    plain = _measures(measures)
    base = score(plain, base_weights, rules)
    new = score(plain, new_weights, rules)
    by_id = {m.id: m for m in base}
    new_in_top = {m.id: m.in_top for m in new}
    changes = tuple(
        RankChange(
            id=n.id,
            name=n.name,
            base_rank=by_id[n.id].rank,
            new_rank=n.rank,
            base_combined=by_id[n.id].combined,
            new_combined=n.combined,
            base_cell=by_id[n.id].cell,
            new_cell=n.cell,
            base_in_top=by_id[n.id].in_top,
            new_in_top=n.in_top,
        )
        for n in new
    )
    return Sensitivity(
        base_weights=base_weights,
        new_weights=new_weights,
        base=tuple(base),
        new=tuple(new),
        changes=changes,
        entered=tuple(c.id for c in changes if c.new_in_top and not c.base_in_top),
        left=tuple(m.id for m in base if m.in_top and not new_in_top[m.id]),
    )
