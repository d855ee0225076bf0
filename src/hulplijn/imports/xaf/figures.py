"""The wizard's figures from a trial balance and the account mapping, per year and moment.

Balances are debit positive. Assets are the debit balances of the asset categories; equity,
debts and turnover are shown credit positive. Equity includes the result booked so far in the
year (the profit-and-loss accounts), since an auditfile's books are not yet closed: so total
assets always equal equity plus all debts, whatever the mapping.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from hulplijn.imports.xaf.mapping import ASSETS, CATEGORIES, COSTS, RESULT
from hulplijn.imports.xaf.trial_balance import month_end

Balances = Mapping[str, Decimal]
LIQUIDITY_FIELDS = (
    "cash",
    "short_term_receivables",
    "trade_debtors",
    "short_term_debts",
    "trade_creditors",
)
RESULT_FIELDS = ("gross_margin", "wage_costs")
COST_FIELDS = ("interest_costs", "wage_costs", "other_costs")
SOLVENCY_FIELDS = ("equity", "total_assets")


def totals(balances: Balances, mapping: Mapping[str, str]) -> dict[str, Decimal]:
    """The sum of the balances per category (debit positive); an unmapped account counts as
    other result."""
    out = dict.fromkeys(CATEGORIES, Decimal(0))
    for account, balance in balances.items():
        out[mapping.get(account, "other_result")] += balance
    return out


def balance_sheet(balances: Balances, mapping: Mapping[str, str]) -> dict[str, Decimal]:
    """Cash, receivables, debts, equity and total assets (assets debit positive, the rest
    credit positive)."""
    sums = totals(balances, mapping)
    result = sum((sums[c] for c in RESULT), Decimal(0))  # debit positive: a loss
    return {
        "cash": sums["cash"],
        "short_term_receivables": sums["short_term_receivables"],
        "trade_debtors": sums["trade_debtors"],
        "short_term_debts": -sums["short_term_debts"],
        "trade_creditors": -sums["trade_creditors"],
        "long_term_debts": -sums["long_term_debts"],
        "equity": -(sums["equity"] + result),
        "total_assets": sum((sums[c] for c in ASSETS), Decimal(0)),
    }


def results(balances: Balances, mapping: Mapping[str, str]) -> dict[str, Decimal]:
    """Turnover, cost of sales, gross margin (turnover minus cost of sales) and wage costs."""
    sums = totals(balances, mapping)
    turnover, cost = -sums["turnover"], sums["cost_of_sales"]
    return {
        "turnover": turnover,
        "cost_of_sales": cost,
        "gross_margin": turnover - cost,
        "wage_costs": sums["wage_costs"],
    }


def costs(balances: Balances, mapping: Mapping[str, str]) -> dict[str, Decimal] | None:
    """Interest, wage and other costs of a fiscal year (debit positive), for the liquidity
    step's cash buffer; None when no account with a balance counts towards interest or other
    costs, so that those costs are lumped in the other result (a file without RGS codes) and
    are not known. Only costs that are not negative are given."""
    if not any(mapping.get(a) in COSTS and b for a, b in balances.items()):
        return None
    sums = totals(balances, mapping)
    found = {k: sums[k] for k in COST_FIELDS}
    return {k: v for k, v in found.items() if v >= 0}


@dataclass(frozen=True)
class Period:
    """One auditfile's balances: at the close of its fiscal year and at the round's moments it
    can tell (``trial_balance.at_moment``)."""

    label: str
    start: date
    end: date
    closing: Balances
    moments: Mapping[str, Balances] = field(default_factory=dict)


@dataclass(frozen=True)
class Prefill:
    """What the wizard gets: results per reference year, liquidity per moment (with the costs
    per year of the fiscal year the moment falls in, where ``costs`` knows them), and equity and
    total assets at the close of the latest fiscal year (``solvency_end``)."""

    results: dict[int, dict[str, Decimal]]
    liquidity: dict[str, dict[str, Decimal]]
    solvency: dict[str, Decimal]
    solvency_end: date | None


def prefill(periods: Iterable[Period], mapping: Mapping[str, str], years: Iterable[int]) -> Prefill:
    """The figures for the round: results for the fiscal years ending in one of ``years``,
    liquidity at each moment a file can tell, solvency from the latest fiscal year."""
    periods = sorted(periods, key=lambda p: p.end)
    wanted = set(years)
    found_results = {}
    liquidity = {}
    for period in periods:
        if period.end.year in wanted:
            figures = results(period.closing, mapping)
            found_results[period.end.year] = {k: figures[k] for k in RESULT_FIELDS}
        for moment, balances in period.moments.items():
            sheet = balance_sheet(balances, mapping)
            liquidity[moment] = {k: sheet[k] for k in LIQUIDITY_FIELDS}
    for moment, values in liquidity.items():
        # costs per year at a moment: those of the fiscal year the moment's month ends in, in
        # full (an auditfile holds the whole year; the opening moment belongs to the year before)
        day = month_end(moment)
        year = next((p for p in periods if p.start <= day <= p.end), None)
        found = costs(year.closing, mapping) if year is not None else None
        values.update(found or {})
    solvency: dict[str, Decimal] = {}
    if periods:
        sheet = balance_sheet(periods[-1].closing, mapping)
        solvency = {k: sheet[k] for k in SOLVENCY_FIELDS}
    return Prefill(
        results=found_results,
        liquidity=liquidity,
        solvency=solvency,
        solvency_end=periods[-1].end if periods else None,
    )
