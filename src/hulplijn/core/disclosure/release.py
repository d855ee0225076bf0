"""Publishing a family of linked tables: every cell over the same atoms, protected together.

A *family* is what a user can see together about one set of contributions: its *atoms* are the
finest breakdown any of its tables uses (e.g. month x assessment round x size class x SBI
section x growth segment), each with its ``Contribution``; its *cells* are every published
number, each a set of atoms (a month, a round, all periods; per size class and per section;
totals). Month and round views, both breakdowns and the totals are one family, so the audit
sees what they give away together.

``publish`` applies, per cell: the threshold (fewer than ``min_n`` firms: hidden), the dominance
rule on totals, the cell-key perturbation of counts and totals; then the audit
(``disclosure.audit``) and, for every small or dominated cell or atom it finds too narrowly
pinned down, hides one more cell that shares atoms with it (reason ``secondary``), until the
audit passes.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

from hulplijn.core.disclosure.audit import Audit, Range, audit
from hulplijn.core.disclosure.cellkey import (
    count_perturbation,
    total_perturbation,
)
from hulplijn.core.disclosure.cells import (
    DOMINANCE,
    MIN_N,
    SECONDARY,
    Contribution,
    Family,
    Published,
)
from hulplijn.core.disclosure.rules import Rules


class DisclosureError(RuntimeError):
    """The audit cannot be satisfied: nothing of this family may be published."""


@dataclass
class Release:
    family: Family
    cells: dict[Hashable, Published]
    audit: Audit
    secondary: int = 0  # cells hidden by the audit
    rounds: int = 1

    def __getitem__(self, cell: Hashable) -> Published:
        return self.cells[cell]


def publish_cell(found: Contribution, rules: Rules, magnitude: bool) -> Published:
    """Threshold, dominance and cell-key perturbation of one cell."""
    largest = found.largest[0] if found.largest else 0.0
    dominated = magnitude and found.dominated(rules)
    cell = Published(found.n, None, found.total, None, largest=largest, dominated=dominated)
    if found.n == 0:
        return cell
    if found.n < rules.min_n:
        cell.reason = MIN_N
        return cell
    cell.shown_n = max(found.n + count_perturbation(found.n, found.key, rules), rules.min_n)
    if magnitude:
        if dominated:
            cell.total_reason = DOMINANCE
        else:
            cell.shown_total = found.total + total_perturbation(largest, found.key, rules)
    return cell


def publish(family: Family, rules: Rules) -> Release:
    """Every cell of the family, perturbed and thresholded, with as many cells hidden besides as
    the audit needs. Raises DisclosureError when no further hiding satisfies the audit."""
    top = max(rules.dominance_top, 1)
    cells = {
        name: publish_cell(
            Contribution.merged((family.atoms[a] for a in atoms if a in family.atoms), top),
            rules,
            family.magnitude,
        )
        for name, atoms in family.cells.items()
    }
    extra = 0
    for rounds in range(1, len(cells) + 2):
        report = audit(family, cells, rules)
        if report.passed:
            return Release(family, cells, report, extra, rounds)
        hidden = {_hide_for(exposed, family, cells) for exposed in report.exposed}
        hidden.discard(None)
        if not hidden:
            break
        extra += len(hidden)
    raise DisclosureError(
        f"{family.name}: {len(report.exposed)} cells stay too narrowly determined"
    )


def _hide_for(exposed: Range, family: Family, cells: dict[Hashable, Published]) -> Hashable:
    """Hide the smallest published cell that shares atoms with an exposed unit; its name."""
    atoms = set(exposed.atoms)
    candidates: list[tuple[float, str, Hashable]]
    if exposed.kind == "count":
        candidates = [
            (cell.n, str(name), name)
            for name, cell in cells.items()
            if cell.shown_n is not None and atoms & set(family.cells[name])
        ]
    else:
        candidates = [
            (abs(cell.total), str(name), name)
            for name, cell in cells.items()
            if cell.shown_total is not None and atoms & set(family.cells[name])
        ]
    if not candidates:
        return None
    name = min(candidates)[2]
    cell = cells[name]
    if exposed.kind == "count":
        cell.reason, cell.shown_n = SECONDARY, None
    if cell.shown_total is not None:
        cell.total_reason, cell.shown_total = cell.total_reason or SECONDARY, None
    return name


@dataclass
class Releases:
    """The releases of several families published together (a page, an export, a command)."""

    items: dict[str, Release] = field(default_factory=dict)

    def add(self, release: Release) -> Release:
        self.items[release.family.name] = release
        return release

    def __getitem__(self, name: str) -> Release:
        return self.items[name]

    @property
    def ranges(self) -> list[Range]:
        return [r for release in self.items.values() for r in release.audit.ranges]

    @property
    def passed(self) -> bool:
        return all(release.audit.passed for release in self.items.values())
