"""The 2x2 growth-segment matrix of respondents (share of firms, value-added change) by size
class or SBI section, under disclosure control (hulplijn.core.disclosure).

Value-added change per firm = gross margin in the later reference year minus the earlier one
(gross margin stands in for value added at firm level, report footnote; DOMAIN.md section 5:
"share of firms, value-added change" per segment).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from hulplijn.core.disclosure import Cell, Rules, tabulate
from hulplijn.core.segment import SEGMENTS

SEGMENT_CODES = tuple(s.code for s in SEGMENTS)


def segment_matrix(
    records: Iterable[Mapping[str, Any]], by: str, groups: Sequence[str], rules: Rules
) -> list[dict[str, Any]]:
    """Per group (``by`` = 'size_class' or 'section') and segment: firms (n), share of the
    group's firms and the summed value-added change, each hidden where disclosure control says
    so (with the reason). Records need ``by``, ``segment`` and ``value_added_change``."""
    usable = [r for r in records if r.get("segment") in SEGMENT_CODES and r.get(by) in groups]
    cells = tabulate(
        usable,
        key=lambda r: (r[by], r["segment"]),
        value=lambda r: float(r["value_added_change"]),
        rules=rules,
        all_keys=[(g, s) for g in groups for s in SEGMENT_CODES],
    )
    totals = {g: sum(c.n for c in cells if c.key[0] == g) for g in groups}
    return [_row(cell, totals[cell.key[0]], by) for cell in cells]


def _row(cell: Cell, group_total: int, by: str) -> dict[str, Any]:
    n = cell.shown_n
    return {
        by: cell.key[0],
        "segment": cell.key[1],
        "n": n,
        "share": None if n is None or group_total == 0 else n / group_total,
        "value_added_change": cell.shown_total,
        "suppressed": cell.suppressed or cell.total_suppressed,
    }
