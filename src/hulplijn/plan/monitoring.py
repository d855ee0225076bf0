"""Monitoring aggregates for the policy cockpit (pure: plain records in, rows out).

Everything here works on anonymised statistical records (one per consenting firm and assessment
round: size class, SBI section, growth segment, value-added change, the four dimensions,
eligible measures, register flags) and on a few live counts (uptake, survey scores, feedback),
and publishes only what disclosure control (hulplijn.core.disclosure, rules in the reference
parameters disclosure.yaml) lets through:

- a cell of fewer than ``min_n`` firms is hidden (``min_n``); a sum (value-added change) that
  the ``dominance_top`` largest firms dominate is hidden (``dominance``); when a group of cells
  that adds up to a published total has one hidden cell, the smallest other one is hidden too
  (``secondary``);
- a group (a size class, a section, a period) with fewer than ``min_n`` firms is not listed at
  all; when the unlisted groups of a published total hold fewer than ``min_n`` firms together,
  or there is exactly one, the smallest listed group is left out too (so that it cannot be
  recovered as the total minus the listed groups);
- every count is published with its complement: "eligible for a measure" and "not eligible"
  (likewise "has a register flag" and "has not") are two cells of one group, so neither
  reveals fewer than ``min_n`` firms by subtraction from the period's total.

A one-pass ``Monitor`` keeps counts and, per value-added cell, n, sum, sum of absolute values
and the largest few contributions (enough for the dominance rule), so a million records need no
more memory than the cells. ``control`` turns such counts into the same ``Cell``s as
``core.disclosure.tabulate`` (tests check the two agree).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# the secondary rule is core.disclosure's own, so page, export and CLI share one definition
from hulplijn.core.disclosure import Cell, Rules, _secondary
from hulplijn.core.eligibility import IMPACT_ORDER
from hulplijn.plan.records import (
    BANDS,
    CHECKED,
    DIFFERS,
    NO_REGISTER,
    NOT_GIVEN,
    band,
)
from hulplijn.plan.segmentation import SEGMENT_CODES

NO_SEGMENT = "none"  # growth segment not determinable (gross margin zero or negative)
SEGMENTS = (*SEGMENT_CODES, NO_SEGMENT)
DIMENSIONS = ("productivity_growth", "job_growth", "liquidity", "solvency")
"""Percentile dimensions: growth (A: productivity and job growth), liquidity (B: cash buffer
days at the later moment), solvency (C); the fourth dimension, sector impact (D), is a class."""
IMPACT_CLASSES = tuple(reversed(IMPACT_ORDER))  # zeer grote krimp ... groei
UPTAKE = ("intend", "applied", "not_for_me")
NO_ANSWER = "no_answer"
RATINGS = (1, 2, 3, 4, 5)


# -- disclosure control on pre-aggregated counts ---------------------------------------------


class Sum:
    """n, sum, sum of absolute values and the ``top`` largest absolute values of one cell."""

    __slots__ = ("absolute", "largest", "n", "top", "total")

    def __init__(self, top: int) -> None:
        self.n, self.total, self.absolute, self.top = 0, 0, 0, top
        self.largest: list[float] = []

    def add(self, value: float) -> None:
        self.n += 1
        self.total += value
        size = abs(value)
        self.absolute += size
        largest = self.largest
        if len(largest) < self.top:
            largest.append(size)
            largest.sort(reverse=True)
        elif largest and size > largest[-1]:
            largest[-1] = size
            largest.sort(reverse=True)

    def dominated(self, rules: Rules) -> bool:
        """The dominance rule of ``core.disclosure.dominated`` on the kept values."""
        return self.absolute > 0 and sum(self.largest) > rules.dominance_share * self.absolute


def control(
    counts: Mapping[tuple[Hashable, ...], int],
    rules: Rules,
    all_keys: Sequence[tuple[Hashable, ...]] = (),
    sums: Mapping[tuple[Hashable, ...], Sum] | None = None,
) -> dict[tuple[Hashable, ...], Cell]:
    """Cells (as ``core.disclosure.tabulate`` makes them) from counts per key and, when given,
    a ``Sum`` per key: min_n, dominance and secondary suppression. Cells of one group for the
    secondary rule share all but the last key element."""
    cells: dict[tuple[Hashable, ...], Cell] = {}
    for key in [*all_keys, *counts]:
        if key in cells:
            continue
        n = counts.get(key, 0)
        cell = Cell(key, n, None)
        if sums is not None:
            found = sums.get(key)
            cell.total = found.total if found is not None else 0
        if n < rules.min_n:
            cell.suppressed = "min_n"
        elif sums is not None and key in sums and sums[key].dominated(rules):
            cell.total_suppressed = "dominance"
        cells[key] = cell
    _secondary(list(cells.values()))
    return cells


def listed(counts: Mapping[Hashable, int], order: Sequence[Hashable], rules: Rules) -> list:
    """The groups of a published total that may be listed: each with at least ``min_n`` firms;
    when the others hold fewer than ``min_n`` firms together, or are just one group, the
    smallest listed group is left out too (in ``order``)."""
    shown = [g for g in order if counts.get(g, 0) >= rules.min_n]
    hidden = [counts[g] for g in order if 0 < counts.get(g, 0) < rules.min_n]
    if hidden and (len(hidden) == 1 or sum(hidden) < rules.min_n) and shown:
        smallest = min(shown, key=lambda g: (counts[g], -order.index(g)))
        shown.remove(smallest)
    return shown


def _reasons(cells: Iterable[tuple[str, Cell]]) -> list[tuple[str, str]]:
    """(which cell, why) for the hidden cells of a row; empty cells (n = 0) are not listed."""
    return [
        (name, cell.suppressed or cell.total_suppressed)
        for name, cell in cells
        if (cell.suppressed and cell.n > 0) or cell.total_suppressed
    ]


def _exposed(hidden: Sequence[int], rules: Rules) -> bool:
    """True when hidden cells of a published total could be recovered: exactly one, or
    together fewer than ``min_n`` firms."""
    return bool(hidden) and (len(hidden) == 1 or sum(hidden) < rules.min_n)


def protect(
    matrix: Mapping[Hashable, Mapping[Hashable, Cell]], rest: Mapping[Hashable, int], rules: Rules
) -> None:
    """Secondary suppression in two directions for a group x segment matrix of one period.

    Rows (a group's cells) add up to the group's firms, which the shares publish; columns (a
    segment's cells over all groups, with ``rest``: the firms of the groups not listed, always
    hidden) add up to the segment's firms, which the other breakdown publishes (per size class
    and per SBI section are both shown). The column sums of value-added change likewise. Until
    nothing changes: where a row's or column's hidden cells are exactly one or hold fewer than
    ``min_n`` firms together, the smallest shown cell of that line is hidden too; where a
    column's hidden value-added totals are, the smallest shown total of that column is."""
    rows = [list(cells.values()) for cells in matrix.values()]
    segments = list(dict.fromkeys(s for cells in matrix.values() for s in cells))
    columns = [[matrix[g][s] for g in matrix if s in matrix[g]] for s in segments]
    changed = True
    while changed:
        changed = False
        for line, extra in [
            *((r, 0) for r in rows),
            *((c, rest.get(s, 0)) for c, s in zip(columns, segments, strict=True)),
        ]:
            hidden = [c.n for c in line if c.suppressed and c.n > 0] + ([extra] if extra else [])
            if _exposed(hidden, rules):
                candidates = sorted(
                    (c for c in line if not c.suppressed and c.n > 0), key=lambda c: c.n
                )
                if candidates:
                    candidates[0].suppressed = "secondary"
                    changed = True
        for column, s in zip(columns, segments, strict=True):
            extra = rest.get(s, 0)
            hidden = [c.n for c in column if c.n > 0 and c.shown_total is None]
            hidden += [extra] if extra else []
            if _exposed(hidden, rules):
                candidates = sorted(
                    (c for c in column if c.n > 0 and c.shown_total is not None),
                    key=lambda c: (abs(c.total or 0), c.n),
                )
                if candidates:
                    candidates[0].total_suppressed = "secondary"
                    changed = True


# -- the record-based tables -----------------------------------------------------------------


@dataclass
class Tables:
    """Rows per table, with codes (the web layer adds labels). ``None`` is a hidden cell;
    ``suppressed`` lists (cell, reason) pairs."""

    periods: list[dict[str, Any]] = field(default_factory=list)
    segments: list[dict[str, Any]] = field(default_factory=list)
    dimensions: list[dict[str, Any]] = field(default_factory=list)
    impact: list[dict[str, Any]] = field(default_factory=list)
    eligibility: list[dict[str, Any]] = field(default_factory=list)
    flags: list[dict[str, Any]] = field(default_factory=list)


class Monitor:
    """One pass over statistical records (``add``), then ``tables`` with disclosure control."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.periods: Counter = Counter()
        self.groups: Counter = Counter()
        self.segments: dict[tuple, Sum] = {}
        self.bands: Counter = Counter()
        self.impact: Counter = Counter()
        self.eligible: Counter = Counter()
        self.flags: Counter = Counter()

    def add(
        self,
        period: Hashable,
        group: str,
        segment: str,
        value_added_change: float,
        percentiles: Sequence[int | None],
        sector_impact: str,
        eligible: Iterable[str],
        flag_codes: Iterable[str],
    ) -> None:
        """One record: ``percentiles`` in the order of DIMENSIONS."""
        self.add_rows(
            [
                (
                    period,
                    group,
                    segment,
                    value_added_change,
                    *percentiles,
                    sector_impact,
                    eligible,
                    flag_codes,
                )
            ]
        )

    def add_rows(
        self,
        rows: Iterable[Sequence[Any]],
        period_key: Callable[[Any], Hashable] | None = None,
        decode: Callable[[Any], Sequence[str]] | None = None,
    ) -> int:
        """Many records as flat rows (period, group, segment, value-added change, the four
        percentiles, sector impact, eligible measure ids, flag codes), as a database cursor
        gives them; ``period_key`` and ``decode`` (for the two lists, e.g. JSON text) are
        applied once per distinct value (``decode`` to text values only). Returns the number of
        rows."""
        periods, groups, segments, bands = self.periods, self.groups, self.segments, self.bands
        impact, eligible_counts, flag_counts = self.impact, self.eligible, self.flags
        top = self.rules.dominance_top
        keys: dict[Any, Hashable] = {}
        lists: dict[Any, Sequence[str]] = {}
        names = [(d, {p: band(p) for p in (None, *range(101))}) for d in DIMENSIONS]
        count = 0
        for row in rows:
            count += 1
            raw = row[0]
            period = keys.get(raw)
            if period is None:
                period = keys[raw] = period_key(raw) if period_key else raw
            periods[period] += 1
            groups[period, row[1]] += 1
            key = (period, row[1], row[2] or NO_SEGMENT)
            cell = segments.get(key)
            if cell is None:
                cell = segments[key] = Sum(top)
            cell.add(row[3])
            for (dimension, of), percentile in zip(names, row[4:8], strict=True):
                bands[period, dimension, of[percentile]] += 1
            impact[period, row[8]] += 1
            for position, counter in ((9, eligible_counts), (10, flag_counts)):
                value = row[position]
                if decode is not None and type(value) is str:
                    found = lists.get(value)
                    if found is None:
                        found = lists[value] = tuple(decode(value))
                    value = found
                for code in value:
                    counter[period, code] += 1
        return count

    def listed_periods(self, order: Sequence[Hashable]) -> list:
        return listed(self.periods, [p for p in order if p in self.periods], self.rules)

    def tables(
        self, period_order: Sequence[Hashable], groups: Sequence[str], measures: Sequence[str]
    ) -> Tables:
        """Every record-based table for the listed periods (``period_order``), groups (the
        breakdown's codes in order) and measures (catalogue order)."""
        rules, out = self.rules, Tables()
        periods = self.listed_periods(period_order)
        flag_codes = sorted({code for (_p, code) in self.flags}, key=_flag_order)
        for p in periods:
            total = self.periods[p]
            out.periods.append({"period": p, "n": total})
            out.segments.extend(self._segments(p, groups))
            out.dimensions.extend(self._dimensions(p))
            out.impact.append(self._impact(p))
            out.eligibility.extend(
                _with_complement(p, "measure", m, self.eligible.get((p, m), 0), total, rules)
                for m in measures
            )
            out.flags.extend(
                _with_complement(p, "flag", f, self.flags.get((p, f), 0), total, rules)
                for f in flag_codes
            )
        return out

    def _segments(self, p: Hashable, groups: Sequence[str]) -> list[dict[str, Any]]:
        counts = {g: self.groups.get((p, g), 0) for g in groups}
        shown = listed(counts, groups, self.rules)
        matrix: dict[str, dict[str, Cell]] = {}
        for g in shown:
            keys = [(p, g, s) for s in SEGMENTS]
            sums = {k: self.segments[k] for k in keys if k in self.segments}
            cells = control({k: s.n for k, s in sums.items()}, self.rules, keys, sums)
            matrix[g] = {k[2]: cells[k] for k in keys}
        # the firms of the groups not listed, per segment: hidden, but part of each column
        rest = Counter()
        for (q, g, s), cell in self.segments.items():
            if q == p and g not in matrix:
                rest[s] += cell.n
        protect(matrix, rest, self.rules)
        rows = []
        for g, cells in matrix.items():
            for segment, cell in cells.items():
                n = cell.shown_n
                rows.append(
                    {
                        "period": p,
                        "group": g,
                        "segment": segment,
                        "n": n,
                        "share": None if n is None else n / counts[g],
                        "value_added_change": cell.shown_total,
                        "suppressed": _reasons([(segment, cell)]),
                    }
                )
        return rows

    def _dimensions(self, p: Hashable) -> list[dict[str, Any]]:
        rows = []
        for d in DIMENSIONS:
            keys = [(p, d, b) for b in (*BANDS, NOT_GIVEN)]
            cells = control({k: self.bands.get(k, 0) for k in keys}, self.rules, keys)
            row: dict[str, Any] = {"period": p, "dimension": d}
            row.update({k[2]: cells[k].shown_n for k in keys})
            row["suppressed"] = _reasons((k[2], cells[k]) for k in keys)
            rows.append(row)
        return rows

    def _impact(self, p: Hashable) -> dict[str, Any]:
        keys = [(p, c) for c in IMPACT_CLASSES]
        cells = control({k: self.impact.get(k, 0) for k in keys}, self.rules, keys)
        row: dict[str, Any] = {"period": p}
        row.update({k[1]: cells[k].shown_n for k in keys})
        row["suppressed"] = _reasons((k[1], cells[k]) for k in keys)
        return row


def _flag_order(code: str) -> tuple[int, str]:
    main = {CHECKED: 0, DIFFERS: 1, NO_REGISTER: 3}
    return (main.get(code, 2), code)


def _with_complement(
    p: Hashable, name: str, code: str, yes: int, total: int, rules: Rules
) -> dict[str, Any]:
    """Firms with a property and its share of the period's firms; the firms without it form
    the other cell of the group, so neither can be derived from the published total."""
    cells = control({(p, code, True): yes, (p, code, False): total - yes}, rules)
    cell = cells[p, code, True]
    n = cell.shown_n
    reasons = _reasons([(code, cell)])
    if cell.n == 0:
        reasons = []
    return {
        "period": p,
        name: code,
        "n": n,
        "share": None if n is None else n / total,
        "suppressed": reasons,
    }


# -- live tables: uptake, survey scores, feedback --------------------------------------------


def uptake(
    answers: Iterable[tuple[Hashable, str, str]],
    eligible: Mapping[tuple[Hashable, str], int],
    periods: Sequence[Hashable],
    measures: Sequence[str],
    rules: Rules,
) -> list[dict[str, Any]]:
    """Per period and measure with at least ``min_n`` eligible firms: how many marked the
    measure 'intend', 'applied' or 'not for me', how many did not answer, and the share taking
    it up ((intend + applied) / eligible, shown only when both counts are). ``answers`` are
    (period, measure, status) of eligible firms; ``eligible`` the eligible firms per (period,
    measure). The four counts add up to the eligible firms and are controlled as one group."""
    counts: Counter = Counter()
    for p, m, status in answers:
        counts[p, m, status] += 1
    rows = []
    for p in periods:
        for m in measures:
            total = eligible.get((p, m), 0)
            if total < rules.min_n:
                continue
            answered = sum(counts.get((p, m, s), 0) for s in UPTAKE)
            keys = [(p, m, s) for s in (*UPTAKE, NO_ANSWER)]
            given = {k: counts.get(k, 0) for k in keys[:-1]}
            given[keys[-1]] = max(total - answered, 0)
            cells = control(given, rules, keys)
            row: dict[str, Any] = {"period": p, "measure": m, "eligible": total}
            row.update({k[2]: cells[k].shown_n for k in keys})
            taking = (row["intend"], row["applied"])
            row["share"] = None if None in taking else sum(taking) / total
            row["suppressed"] = _reasons((k[2], cells[k]) for k in keys)
            rows.append(row)
    return rows


def survey_scores(
    scores: Iterable[tuple[Hashable, str, float]],
    periods: Sequence[Hashable],
    surveys: Sequence[str],
    rules: Rules,
) -> list[dict[str, Any]]:
    """Per period and survey: respondents (n) and their mean area score (1-5), hidden below
    ``min_n`` respondents. ``scores`` are (period, survey, area score), one per firm."""
    sums: dict[tuple, Sum] = {}
    for p, s, score in scores:
        sums.setdefault((p, s, "answered"), Sum(rules.dominance_top)).add(score)
    rows = []
    for p in periods:
        for s in surveys:
            key = (p, s, "answered")
            found = sums.get(key)
            n = found.n if found else 0
            cell = control({key: n}, rules, [key])[key]
            rows.append(
                {
                    "period": p,
                    "survey": s,
                    "n": cell.shown_n,
                    "mean": None if cell.suppressed else found.total / n,
                    "suppressed": _reasons([(s, cell)]),
                }
            )
    return rows


def feedback(
    ratings: Iterable[tuple[Hashable, int]], periods: Sequence[Hashable], rules: Rules
) -> list[dict[str, Any]]:
    """Per period: firms that rated the tool (n), the mean rating and how many gave 1 ... 5.
    The mean shows with n >= ``min_n``; the five counts only when none of them is hidden
    (otherwise n, the mean and the shown counts could give the hidden ones back)."""
    counts: Counter = Counter()
    for p, rating in ratings:
        counts[p, int(rating)] += 1
    rows = []
    for p in periods:
        n = sum(counts.get((p, r), 0) for r in RATINGS)
        if n < rules.min_n:
            rows.append(
                {
                    "period": p,
                    "n": None,
                    "mean": None,
                    **dict.fromkeys(RATINGS),
                    "suppressed": [("n", "min_n")] if n else [],
                }
            )
            continue
        keys = [(p, r) for r in RATINGS]
        cells = control({k: counts.get(k, 0) for k in keys}, rules, keys)
        hidden = _reasons((str(k[1]), cells[k]) for k in keys)
        row: dict[str, Any] = {
            "period": p,
            "n": n,
            "mean": sum(r * counts.get((p, r), 0) for r in RATINGS) / n,
        }
        row.update({r: None if hidden else cells[p, r].shown_n for r in RATINGS})
        row["suppressed"] = hidden + [
            (str(r), "secondary")
            for r in RATINGS
            if hidden and not cells[p, r].suppressed and cells[p, r].n > 0
        ]
        rows.append(row)
    return rows
