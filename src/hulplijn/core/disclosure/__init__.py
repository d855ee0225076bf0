"""Disclosure control: the one module every number shown to anyone but the firm itself passes
through (docs/decisions/0013-disclosure-control.md).

- ``rules``: the rules, from the sourced reference parameters (disclosure.yaml);
- ``cellkey``: record keys, cell keys and the perturbations of the cell-key method;
- ``cells``: contributions, families of cells, a cell as published;
- ``release``: publishing a family of linked tables (threshold, dominance, perturbation, and
  as much hiding besides as the audit needs);
- ``audit``: the ranges every small or dominated cell can take given everything published.
"""

from hulplijn.core.disclosure.audit import Audit, Range
from hulplijn.core.disclosure.cellkey import cell_key, new_record_key
from hulplijn.core.disclosure.cells import (
    DOMINANCE,
    MIN_N,
    SECONDARY,
    Contribution,
    Family,
    Published,
)
from hulplijn.core.disclosure.release import DisclosureError, Release, Releases, publish
from hulplijn.core.disclosure.rules import Rules

__all__ = [
    "DOMINANCE",
    "MIN_N",
    "SECONDARY",
    "Audit",
    "Contribution",
    "DisclosureError",
    "Family",
    "Published",
    "Range",
    "Release",
    "Releases",
    "Rules",
    "cell_key",
    "new_record_key",
    "publish",
]
