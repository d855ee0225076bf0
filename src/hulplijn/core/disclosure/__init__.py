"""Disclosure control: the one module every number shown to anyone but the firm itself passes
through (docs/decisions/0013-disclosure-control.md)."""

from hulplijn.core.disclosure.legacy import Cell, Rules, _secondary, dominated, tabulate

__all__ = ["Cell", "Rules", "_secondary", "dominated", "tabulate"]
