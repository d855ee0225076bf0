"""The taxonomy: the local element names of the SBR/XBRL concepts, axes and members we read."""

from __future__ import annotations

import re

from hulplijn.core.text import Text

# --- local element names per purpose (docs/reference/xbrl.md says which a source confirms) -------
EQUITY = ("Equity",)
ASSETS = ("Assets",)
ASSETS_FALLBACK = ("EquityAndLiabilities", "LiabilitiesAndEquity")
CASH = ("CashAndCashEquivalents",)
# the Dutch taxonomies' names first, then the IFRS (ifrs-full) names of the same items: a Dutch
# firm may file IFRS accounts at KVK (the 2024+ kvk-annual-report-ifrs-ext entry point)
RECEIVABLES = ("Receivables", "ReceivablesCurrent", "TradeAndOtherCurrentReceivables")
TRADE_RECEIVABLES = ("TradeReceivables", "CurrentTradeReceivables")
CURRENT_LIABILITIES = ("LiabilitiesCurrent", "CurrentLiabilities")
TRADE_PAYABLES = ("TradePayables", "TradeAndOtherCurrentPayablesToTradeSuppliers")
NET_TURNOVER = ("NetRevenue", "Revenue")
GROSS_MARGIN = ("GrossMargin", "GrossProfit")
GROSS_OPERATING_RESULT = ("GrossOperatingResult",)
COST_OF_SALES = ("CostOfSales",)
RAW_MATERIALS = ("CostOfRawMaterialsAndConsumables", "RawMaterialsAndConsumablesUsed")
WAGES = ("WagesAndSalaries",)
SOCIAL_SECURITY = ("SocialSecurityContributions", "SocialSecurityCharges")
PERSONNEL_TOTAL = ("PersonnelExpenses", "EmployeeBenefitsExpense")
EMPLOYEES = ("AverageNumberOfEmployees", "NumberOfEmployees")

BALANCE_CONCEPTS = frozenset(
    EQUITY
    + ASSETS
    + ASSETS_FALLBACK
    + CASH
    + RECEIVABLES
    + TRADE_RECEIVABLES
    + CURRENT_LIABILITIES
    + TRADE_PAYABLES
)
RESULT_CONCEPTS = frozenset(
    NET_TURNOVER
    + GROSS_MARGIN
    + GROSS_OPERATING_RESULT
    + COST_OF_SALES
    + RAW_MATERIALS
    + WAGES
    + SOCIAL_SECURITY
    + PERSONNEL_TOTAL
)
COUNT_CONCEPTS = frozenset(EMPLOYEES)  # not money: any non-currency unit
MAPPED_CONCEPTS = BALANCE_CONCEPTS | RESULT_CONCEPTS | COUNT_CONCEPTS

_ITEMS: tuple[tuple[tuple[str, ...], Text], ...] = (
    (EQUITY, Text("het eigen vermogen", "equity")),
    (ASSETS, Text("het balanstotaal", "total assets")),
    (ASSETS_FALLBACK, Text("het totaal van de passiva", "total equity and liabilities")),
    (CASH, Text("de liquide middelen", "cash")),
    (RECEIVABLES, Text("de vorderingen", "receivables")),
    (TRADE_RECEIVABLES, Text("de handelsdebiteuren", "trade receivables")),
    (CURRENT_LIABILITIES, Text("de kortlopende schulden", "current liabilities")),
    (TRADE_PAYABLES, Text("de handelscrediteuren", "trade payables")),
    (NET_TURNOVER, Text("de netto-omzet", "net turnover")),
    (GROSS_MARGIN, Text("de brutomarge", "gross margin")),
    (GROSS_OPERATING_RESULT, Text("het brutobedrijfsresultaat", "gross operating result")),
    (COST_OF_SALES, Text("de kostprijs van de omzet", "cost of sales")),
    (RAW_MATERIALS, Text("de kosten van grond- en hulpstoffen", "cost of raw materials")),
    (WAGES, Text("de lonen en salarissen", "wages and salaries")),
    (SOCIAL_SECURITY, Text("de sociale lasten", "social security charges")),
    (PERSONNEL_TOTAL, Text("de personeelskosten", "personnel expenses")),
    (EMPLOYEES, Text("het aantal werknemers", "the number of employees")),
)
ITEM_NAMES: dict[str, Text] = {concept: name for concepts, name in _ITEMS for concept in concepts}
"""What an owner calls the item of each concept read, for the notes the import page shows (the
concept names themselves, "CostOfRawMaterialsAndConsumables", mean nothing to an owner)."""


def item_name(concept: str) -> Text:
    """The item of ``concept`` in words; a concept without a name as 'een bedrag'."""
    return ITEM_NAMES.get(concept, Text("een bedrag", "an amount"))


# metadata (confirmed for both generations: Arelle's validate/NL plugin uses these local names in
# the jenv-bw2-data and the bw2-titel9-cor namespaces alike)
NAME_CONCEPT = "LegalEntityName"
KVK_CONCEPT = "ChamberOfCommerceRegistrationNumber"
# the 2024+ inline reports name the current period FinancialReportingPeriod{Start,End}Date (Arelle's
# NL plugin lists bw2-titel9:FinancialReportingPeriodEndDate among the facts every report needs)
PERIOD_START = ("FinancialReportingPeriodCurrentStartDate", "FinancialReportingPeriodStartDate")
PERIOD_END = ("FinancialReportingPeriodCurrentEndDate", "FinancialReportingPeriodEndDate")
PREVIOUS_END = ("FinancialReportingPeriodPreviousEndDate",)
SIZE_CONCEPT = "LegalEntitySize"

STATEMENTS_AXES = ("FinancialStatementsTypeAxis", "ConsolidatedAndSeparateFinancialStatementsAxis")
STATEMENT_MEMBERS = {"ConsolidatedMember": "consolidated", "SeparateMember": "separate"}
BASIS_AXIS = "BasisOfPreparationAxis"

SIZE_MEMBER = re.compile(r"LegalEntitySize(Micro|Small|Medium|Large)Member")
SIZE_ENTRY_POINT = re.compile(r"-(micro|klein|middelgroot|groot)(?:-[a-z-]+)?\.xsd", re.IGNORECASE)
SIZE_DUTCH = {"micro": "micro", "klein": "small", "middelgroot": "medium", "groot": "large"}
