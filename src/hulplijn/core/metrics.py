"""Firm metrics, each as the report defines it (docs/domain.md section 4).

Every function works on plain floats and, element-wise, on numpy arrays, so the single-firm
engine and the vectorised population path share one definition of each formula.
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

# a plain float (the single-firm engine) or an array of them (the population path)
Num = TypeVar("Num", float, NDArray[np.float64])

DAYS_PER_YEAR = 365
# A relative change smaller than this is floating-point noise, not growth: 100,000 / 1.1 FTE and
# 300,000 / 3.3 FTE are the same productivity, though the binary floats differ in the last bit.
GROWTH_NOISE = 1e-9


def productivity(gross_margin: Num, fte: Num) -> Num:
    """Productivity = gross margin / FTE.

    Report, "Verdieping mkb-hulplijn (3/5)": "Productiviteit = Bruto marge / # VTE". Gross margin
    stands in for value added at firm level (report footnote: "Bruto marge kan bv. als vervangende
    indicator gebruikt worden"), so the result is gross margin per FTE, in euros.
    """
    return gross_margin / fte


def growth(earlier: Num, later: Num) -> Num:
    """Growth between two reference years = later / earlier - 1 (a fraction: 0.036 is 3.6%).

    Report, "Verdieping mkb-hulplijn (3/5)": productivity growth and job growth between 2016 and
    2018. Only meaningful for a positive earlier value; callers check that. Changes smaller than
    GROWTH_NOISE are exactly 0 ("zero change is not growth", docs/domain.md section 5).
    """
    change = later / earlier - 1
    if isinstance(change, float):
        return 0.0 if abs(change) < GROWTH_NOISE else change
    return np.where(np.abs(change) < GROWTH_NOISE, 0.0, change)


def cash_buffer_days(cash: Num, interest_costs: Num, wage_costs: Num, other_costs: Num) -> Num:
    """Cash buffer days = cash / ((interest + wage costs + other costs) / 365).

    Report, dashboard slide, dimension B: "liquide middelen / (rentelasten + loonkosten + overige
    kosten)", with the costs as yearly amounts turned into daily outflows; the JPMorgan Chase
    Institute metric it borrows is cash balance / average daily outflows.
    """
    return cash / ((interest_costs + wage_costs + other_costs) / DAYS_PER_YEAR)


def quick_ratio(
    cash: Num,
    short_term_receivables: Num,
    trade_debtors: Num,
    short_term_debts: Num,
    trade_creditors: Num,
) -> Num:
    """Quick ratio = (cash + receivables + trade debtors) / (short-term debts + trade creditors).

    Report, dashboard slide, dimension B: "liquide middelen + kortlopende vorderingen +
    handelsdebiteuren" over "kortlopende schulden + handelscrediteuren".
    """
    return (cash + short_term_receivables + trade_debtors) / (short_term_debts + trade_creditors)


def solvency_ratio(equity: Num, total_assets: Num) -> Num:
    """Solvency = equity / total assets.

    Report, line 460: "Solvabiliteit is berekend als eigen vermogen / balanstotaal".
    """
    return equity / total_assets
