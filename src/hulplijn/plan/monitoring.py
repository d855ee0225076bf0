"""Monitoring aggregates for the policy cockpit and `hulplijn stats` (pure: contributions per
atom in, disclosure-controlled rows out).

The database aggregates the anonymised statistical records (and, for uptake, survey scores and
feedback, the consenting assessments still stored) into *atoms*: the finest breakdown any table
needs, always starting with (month, assessment round). Each table family is then published as
one ``hulplijn.core.disclosure.Family`` holding every view a user can see together: per month,
per assessment round and over all periods; for the growth segments also per size class and per
SBI section, with the groups' and periods' totals. Disclosure control (threshold, dominance,
cell-key perturbation, and the audit over the linked views) happens there and nowhere else.

A period or group is listed when its total may be published; a hidden cell shows as None with
its reason. Shares are published count / published total.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from hulplijn.core.disclosure import (
    SECONDARY,
    Contribution,
    Family,
    Published,
    Release,
    Releases,
    Rules,
    publish,
)
from hulplijn.core.eligibility import IMPACT_ORDER
from hulplijn.core.segment import SEGMENTS as GROWTH_SEGMENTS
from hulplijn.plan.records import BANDS, CHECKED, DIFFERS, NO_REGISTER, NOT_GIVEN

__all__ = ["BANDS", "CHECKED", "DIFFERS", "NOT_GIVEN", "NO_REGISTER"]

NO_SEGMENT = "none"  # growth segment not determinable (gross margin zero or negative)
SEGMENT_CODES = tuple(s.code for s in GROWTH_SEGMENTS)
SEGMENTS = (*SEGMENT_CODES, NO_SEGMENT)
DIMENSIONS = ("productivity_growth", "job_growth", "liquidity", "solvency")
"""Percentile dimensions: growth (A: productivity and job growth), liquidity (B: cash buffer
days at the later moment), solvency (C); the fourth dimension, sector impact (D), is a class."""
IMPACT_CLASSES = tuple(reversed(IMPACT_ORDER))  # zeer grote krimp ... groei
UPTAKE = ("intend", "applied", "not_for_me")
NO_ANSWER = "no_answer"
NOT_ELIGIBLE = "not_eligible"
"""A scheme's atom of the firms that did not qualify for it: never a cell of its own, there so
that the audit sees what the period's total minus the qualifying firms gives away."""
ELIGIBLE = "eligible"
RATINGS = (1, 2, 3, 4, 5)
BREAKDOWNS = ("size_class", "section")
PERIOD_KINDS = ("month", "round", "all")
ALL = "all"
"""The period of the 'all' view: every record together (``hulplijn stats segments``)."""

Atom = tuple[Hashable, ...]  # (month, round, *attributes)


def period_of(kind: str, atom: Atom) -> Hashable:
    return atom[0] if kind == "month" else atom[1] if kind == "round" else ALL


@dataclass
class Atoms:
    """Contributions per atom, as the database aggregates them. Keys: (month, round, ...)."""

    segments: dict[Atom, Contribution] = field(default_factory=dict)
    """(month, round, size_class, section, segment); values: value-added change."""
    bands: dict[str, dict[Atom, Contribution]] = field(default_factory=dict)
    """dimension -> (month, round, band)."""
    impact: dict[Atom, Contribution] = field(default_factory=dict)
    """(month, round, sector impact class)."""
    eligible: dict[str, dict[Atom, Contribution]] = field(default_factory=dict)
    """measure -> (month, round, True / False)."""
    flags: dict[str, dict[Atom, Contribution]] = field(default_factory=dict)
    """flag code -> (month, round, True / False)."""
    help_first: dict[Atom, Contribution] = field(default_factory=dict)
    """(month, round, True / False): firms offered help first (decision 0025)."""
    uptake: dict[str, dict[Atom, Contribution]] = field(default_factory=dict)
    """measure -> (month, round, intend / applied / not_for_me / no_answer), over the eligible
    firms of the records (no_answer: eligible minus answered)."""
    scheme_uptake: dict[str, dict[Atom, Contribution]] = field(default_factory=dict)
    """scheme -> (month, round, intend / applied / not_for_me / no_answer / not_eligible): the
    records' firms that qualified for the open scheme split by their answer, and those that did
    not; a period's atoms add up to its records (the segments' total)."""
    surveys: dict[str, dict[Atom, Contribution]] = field(default_factory=dict)
    """survey -> (month, round); values: area scores."""
    feedback: dict[Atom, Contribution] = field(default_factory=dict)
    """(month, round, rating); values: the rating."""
    firms: dict[Atom, Contribution] = field(default_factory=dict)
    """(month, round): distinct firms among the stored assessments, each firm once per round, in
    the month of its first assessment of that round (so months add up to their round)."""


def _cells(
    atoms: Iterable[Atom], split: Callable[[Atom], Iterable[tuple[Hashable, ...]]]
) -> dict[Hashable, list[Atom]]:
    """Cells of every period kind: (kind, period) totals and (kind, period, *part) for each
    part ``split`` gives an atom (e.g. its band, or ('size_class', 'micro', 'grow'))."""
    cells: dict[Hashable, list[Atom]] = {}
    for atom in atoms:
        for kind in PERIOD_KINDS:
            p = period_of(kind, atom)
            cells.setdefault((kind, p), []).append(atom)
            for part in split(atom):
                cells.setdefault((kind, p, *part), []).append(atom)
    return cells


def _segment_parts(atom: Atom) -> list[tuple[Hashable, ...]]:
    _m, _r, size, section, segment = atom
    return [
        ("size_class", size),
        ("size_class", size, segment),
        ("section", section),
        ("section", section, segment),
    ]


def release(atoms: Atoms, rules: Rules) -> Releases:
    """Every monitoring family published together (one audit per family)."""
    out = Releases()
    out.add(
        publish(
            Family(
                "segments", atoms.segments, _cells(atoms.segments, _segment_parts), magnitude=True
            ),
            rules,
        )
    )
    last = lambda atom: [(atom[2],)]  # noqa: E731 - the attribute after (month, round)
    for d, found in atoms.bands.items():
        out.add(publish(Family(f"band:{d}", found, _cells(found, last)), rules))
    out.add(publish(Family("impact", atoms.impact, _cells(atoms.impact, last)), rules))
    yes = lambda atom: [(True,)] if atom[2] else []  # noqa: E731 - only the 'has it' cells
    for name, families in (("eligible", atoms.eligible), ("flag", atoms.flags)):
        for code, found in families.items():
            out.add(publish(Family(f"{name}:{code}", found, _cells(found, yes)), rules))
    out.add(publish(Family("help_first", atoms.help_first, _cells(atoms.help_first, yes)), rules))
    for measure, found in atoms.uptake.items():
        out.add(publish(Family(f"uptake:{measure}", found, _cells(found, last)), rules))
        if f"eligible:{measure}" in out.items:
            _hide_together(out[f"eligible:{measure}"], out[f"uptake:{measure}"], (True,), ())
    for scheme, found in atoms.scheme_uptake.items():
        scheme_release = out.add(
            publish(Family(f"scheme_uptake:{scheme}", found, _cells(found, _answer)), rules)
        )
        # the period's total is the segments' (the page lists a period by it): where this
        # family's audit hid it, nothing of the scheme in that period is shown instead
        _hide_together(out["segments"], scheme_release, (), (), fixed=True)
    for survey, found in atoms.surveys.items():
        out.add(
            publish(
                Family(f"survey:{survey}", found, _cells(found, lambda a: []), magnitude=True),
                rules,
            )
        )
    out.add(publish(Family("feedback", atoms.feedback, _cells(atoms.feedback, last)), rules))
    out.add(publish(Family("firms", atoms.firms, _cells(atoms.firms, lambda a: [])), rules))
    return out


def _answer(atom: Atom) -> list[tuple[Hashable, ...]]:
    """A scheme's cells: the qualifying firms, and each answer among them; the firms that did
    not qualify only in the period's total."""
    if atom[2] == NOT_ELIGIBLE:
        return []
    # qualifying firms not yet split by answer (the records alone) are one part, not two
    return [(ELIGIBLE,)] if atom[2] == ELIGIBLE else [(ELIGIBLE,), (atom[2],)]


def _hide_together(
    a: Release,
    b: Release,
    a_part: tuple[Hashable, ...],
    b_part: tuple[Hashable, ...],
    fixed: bool = False,
) -> None:
    """Two families publish the same atoms as a's (kind, period, *a_part) and b's (kind,
    period, *b_part): where either family hid that cell, the other hides it too, with every
    cell of b below it (its breakdown). Each family's audit protects it on its own; a cell
    hidden in one family and shown in the other would give back what the audit hid. With
    ``fixed`` a's cell stays as it is (it is published whatever b does): where b hid it, b's
    cells below it are hidden instead. Hiding more never narrows a range, so both audits stay
    passed."""
    for key, cell in a.cells.items():
        name = cast(tuple[Hashable, ...], key)  # every monitoring cell is (kind, period, *part)
        if len(name) != 2 + len(a_part) or tuple(name[2:]) != a_part:
            continue
        other = b.cells.get((*name[:2], *b_part))
        if other is None:
            continue
        hidden_a = cell.n > 0 and cell.shown_n is None
        hidden_b = other.n > 0 and other.shown_n is None
        if (hidden_a and not hidden_b) or (hidden_b and fixed):
            for below, found in b.cells.items():
                under = cast(tuple[Hashable, ...], below)
                if under[:2] == name[:2] and tuple(under[2 : 2 + len(b_part)]) == b_part:
                    _hide(found)
        elif hidden_b and not hidden_a:
            _hide(cell)


def _hide(cell: Published) -> None:
    if cell.shown_n is not None:
        cell.reason, cell.shown_n = SECONDARY, None
    if cell.shown_total is not None:
        cell.total_reason, cell.shown_total = cell.total_reason or SECONDARY, None


# -- tables for one view ----------------------------------------------------------------------


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
    help_first: list[dict[str, Any]] = field(default_factory=list)
    uptake: list[dict[str, Any]] = field(default_factory=list)
    scheme_uptake: list[dict[str, Any]] = field(default_factory=list)
    surveys: list[dict[str, Any]] = field(default_factory=list)
    feedback: list[dict[str | int, Any]] = field(default_factory=list)  # counts keyed by rating
    firms: list[dict[str, Any]] = field(default_factory=list)
    """Distinct firms per listed period (beside ``periods``, which counts assessments)."""


_EMPTY = Published(0, None, 0.0, None)


def _get(releases: Releases, family: str, cell: Hashable) -> Published:
    found = releases.items.get(family)
    return found.cells.get(cell, _EMPTY) if found else _EMPTY


def _reasons(pairs: Iterable[tuple[str, Published]]) -> list[tuple[str, str]]:
    """(which cell, why) for the hidden cells of a row; empty cells (n = 0) are not listed."""
    return [(name, cell.hidden) for name, cell in pairs if cell.n > 0 and cell.hidden]


def _euros(value: float | None) -> int | None:
    """A published total in whole euros (after the perturbation, so rounding reveals nothing)."""
    return None if value is None else round(value)


def _share(part: int | None, whole: int | None) -> float | None:
    return None if part is None or not whole else part / whole


def tables(
    releases: Releases,
    kind: str,
    by: str,
    period_order: Sequence[Hashable],
    groups: Sequence[str],
    measures: Sequence[str],
    flag_codes: Sequence[str],
    surveys: Sequence[str],
    schemes: Sequence[str] = (),
) -> Tables:
    """Every table of one view: ``kind`` month, round or all; growth segments ``by`` size
    class or section. Periods (in ``period_order``) are listed when their total is published."""
    out = Tables()
    periods = [p for p in period_order if _get(releases, "segments", (kind, p)).shown_n]
    for p in periods:
        total = _get(releases, "segments", (kind, p)).shown_n
        out.periods.append({"period": p, "n": total})
        firms = _get(releases, "firms", (kind, p))
        out.firms.append(
            {"period": p, "n": firms.shown_n, "suppressed": _reasons([("firms", firms)])}
        )
        out.segments.extend(_segment_rows(releases, kind, by, p, groups))
        for d in DIMENSIONS:
            pairs = [(b, _get(releases, f"band:{d}", (kind, p, b))) for b in (*BANDS, NOT_GIVEN)]
            out.dimensions.append(
                {
                    "period": p,
                    "dimension": d,
                    **{b: c.shown_n for b, c in pairs},
                    "suppressed": _reasons(pairs),
                }
            )
        pairs = [(c, _get(releases, "impact", (kind, p, c))) for c in IMPACT_CLASSES]
        out.impact.append(
            {"period": p, **{c: cell.shown_n for c, cell in pairs}, "suppressed": _reasons(pairs)}
        )
        for name, codes, rows, key in (
            ("eligible", measures, out.eligibility, "measure"),
            ("flag", flag_codes, out.flags, "flag"),
        ):
            for code in codes:
                cell = _get(releases, f"{name}:{code}", (kind, p, True))
                rows.append(
                    {
                        "period": p,
                        key: code,
                        "n": cell.shown_n,
                        "share": _share(cell.shown_n, total),
                        "suppressed": _reasons([(code, cell)]),
                    }
                )
        cell = _get(releases, "help_first", (kind, p, True))
        out.help_first.append(
            {
                "period": p,
                "n": cell.shown_n,
                "share": _share(cell.shown_n, total),
                "suppressed": _reasons([("n", cell)]),
            }
        )
        out.uptake.extend(_uptake_rows(releases, kind, p, measures))
        out.scheme_uptake.extend(_scheme_uptake_rows(releases, kind, p, schemes))
        for s in surveys:
            cell = _get(releases, f"survey:{s}", (kind, p))
            mean = (
                None
                if cell.shown_total is None or not cell.shown_n
                else round(cell.shown_total / cell.shown_n, 2)
            )
            out.surveys.append(
                {
                    "period": p,
                    "survey": s,
                    "n": cell.shown_n,
                    "mean": mean,
                    "suppressed": _reasons([(s, cell)]),
                }
            )
        out.feedback.append(_feedback_row(releases, kind, p))
    return out


def _segment_rows(
    releases: Releases, kind: str, by: str, p: Hashable, groups: Sequence[str]
) -> list[dict[str, Any]]:
    rows = []
    for g in groups:
        group = _get(releases, "segments", (kind, p, by, g))
        if group.shown_n is None:
            continue  # a group whose total may not be published is not listed
        for s in SEGMENTS:
            cell = _get(releases, "segments", (kind, p, by, g, s))
            rows.append(
                {
                    "period": p,
                    "group": g,
                    "segment": s,
                    "n": cell.shown_n,
                    "share": _share(cell.shown_n, group.shown_n),
                    "value_added_change": _euros(cell.shown_total),
                    "suppressed": _reasons([(s, cell)]),
                }
            )
    return rows


def _uptake_rows(
    releases: Releases, kind: str, p: Hashable, measures: Sequence[str]
) -> list[dict[str, Any]]:
    rows = []
    for m in measures:
        family = f"uptake:{m}"
        eligible = _get(releases, family, (kind, p))
        if eligible.shown_n is None:
            continue  # measures with too few eligible firms are not listed
        rows.append(_uptake_row(releases, family, kind, p, ("measure", m), eligible.shown_n))
    return rows


def _uptake_row(
    releases: Releases,
    family: str,
    kind: str,
    p: Hashable,
    item: tuple[str, str],
    eligible: int,
) -> dict[str, Any]:
    """One measure's or scheme's row: the qualifying firms, their answers, and the share
    applying or going to (none when one of those counts is hidden)."""
    pairs = [(a, _get(releases, family, (kind, p, a))) for a in (*UPTAKE, NO_ANSWER)]
    row: dict[str, Any] = {"period": p, item[0]: item[1], "eligible": eligible}
    row.update({a: c.shown_n for a, c in pairs})
    taking = [c for a, c in pairs if a in ("intend", "applied")]
    hidden = any(c.n and c.shown_n is None for c in taking)
    row["share"] = None if hidden else (sum(c.shown_n or 0 for c in taking) / eligible)
    row["suppressed"] = _reasons(pairs)
    return row


def _scheme_uptake_rows(
    releases: Releases, kind: str, p: Hashable, schemes: Sequence[str]
) -> list[dict[str, Any]]:
    """Per open scheme: the firms that qualified for it and their answers, as for the measures
    (``_uptake_rows``); a scheme whose qualifying firms may not be published is not listed."""
    rows = []
    for s in schemes:
        family = f"scheme_uptake:{s}"
        eligible = _get(releases, family, (kind, p, ELIGIBLE))
        if eligible.shown_n is None:
            continue
        rows.append(_uptake_row(releases, family, kind, p, ("scheme", s), eligible.shown_n))
    return rows


def _feedback_row(releases: Releases, kind: str, p: Hashable) -> dict[str | int, Any]:
    """Firms that rated, the count per rating and the mean rating. The mean is computed from
    the published counts, and only when none is hidden: a rating's total is its count times
    the rating, so a mean of its own would give hidden counts back."""
    total = _get(releases, "feedback", (kind, p))
    pairs = [(str(r), _get(releases, "feedback", (kind, p, r))) for r in RATINGS]
    # keyed by the int rating, beside the row's str keys
    counts: dict[Any, int | None] = {r: c.shown_n for r, (_, c) in zip(RATINGS, pairs, strict=True)}
    hidden = [name for name, c in pairs if c.n and c.shown_n is None]
    mean = None
    if total.shown_n is not None and not hidden:
        shown = sum(n for n in counts.values() if n)
        mean = round(sum(r * n for r, n in counts.items() if n) / shown, 2) if shown else None
    row: dict[str | int, Any] = {"period": p, "n": total.shown_n, "mean": mean, **counts}
    row["suppressed"] = _reasons([("n", total)]) if total.shown_n is None else _reasons(pairs)
    return row


def segment_rows_all(releases: Releases, by: str, groups: Sequence[str]) -> list[dict[str, Any]]:
    """The growth-segment matrix over all records (``hulplijn stats segments``): the 'all'
    view of the same release the cockpit publishes."""
    return [
        {(by if k == "group" else k): v for k, v in row.items() if k != "period"}
        for row in _segment_rows(releases, "all", by, ALL, groups)
    ]
