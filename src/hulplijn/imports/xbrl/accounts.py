"""What is read from annual accounts: the firm's figures, where each came from, and notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from hulplijn.core.errors import Problem
from hulplijn.core.text import Text

FIELDS = (
    "equity",
    "total_assets",
    "cash",
    "short_term_receivables",
    "trade_debtors",
    "short_term_debts",
    "trade_creditors",
    "net_turnover",
    "gross_margin",
    "wage_costs",
    "fte",
)
RESULT_FIELDS = ("net_turnover", "gross_margin", "wage_costs")

# the fields as the wizard labels them (its Dutch and English labels, without "(euro)"), for
# notes the owner reads: never the internal names
LABELS = {
    "equity": Text("Eigen vermogen", "Equity"),
    "total_assets": Text("Balanstotaal", "Total assets"),
    "cash": Text("Liquide middelen", "Cash"),
    "short_term_receivables": Text("Kortlopende vorderingen", "Short-term receivables"),
    "trade_debtors": Text("Handelsdebiteuren", "Trade debtors"),
    "short_term_debts": Text("Kortlopende schulden", "Short-term debts"),
    "trade_creditors": Text("Handelscrediteuren", "Trade creditors"),
    "net_turnover": Text("Netto-omzet", "Net turnover"),
    "gross_margin": Text("Brutomarge", "Gross margin"),
    "wage_costs": Text("Loonkosten", "Wage costs"),
    "fte": Text("VTE", "FTE"),
}


Note = Problem
"""Something the user should know about the figures read: a ``code`` and a ``text``."""


@dataclass(frozen=True)
class Figure:
    """One figure read from the filing: its value and where it came from.

    ``element`` is the local element name (or, for a derived figure, the calculation, e.g.
    ``NetRevenue - CostOfSales``); ``context`` the context id(s); ``period`` an ISO date
    (instant) or ``start/end`` (duration).
    """

    value: float
    element: str
    context: str
    period: str
    derived: bool = False
    decimals: str | None = None


@dataclass(frozen=True)
class AnnualAccounts:
    """The figures found for the current reporting period, with what could not be found."""

    equity: Figure | None = None
    total_assets: Figure | None = None
    cash: Figure | None = None
    short_term_receivables: Figure | None = None
    trade_debtors: Figure | None = None
    short_term_debts: Figure | None = None
    trade_creditors: Figure | None = None
    net_turnover: Figure | None = None
    gross_margin: Figure | None = None
    wage_costs: Figure | None = None
    fte: Figure | None = None
    legal_entity_name: str | None = None
    kvk_number: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    taxonomy: str | None = None  # "venj-bw2" (NT11-12), "jenv-bw2", "bw2-titel9" or "ifrs"
    size: str | None = None  # micro, small, medium or large
    statements: str = "separate"  # which statements were read: "consolidated" or "separate"
    missing: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()
    prior_year: dict[str, Figure] = field(default_factory=dict)
    prior_period_end: date | None = None

    def figures(self) -> dict[str, Figure]:
        """The fields that were found, by name."""
        return {name: getattr(self, name) for name in FIELDS if getattr(self, name) is not None}
