"""The taxonomy: the local element names of the SBR/XBRL concepts, axes and members we read."""

from __future__ import annotations

import re

# --- local element names per purpose (docs/reference/xbrl.md says which a source confirms) -------
EQUITY = ("Equity",)
ASSETS = ("Assets",)
ASSETS_FALLBACK = ("EquityAndLiabilities", "LiabilitiesAndEquity")
CASH = ("CashAndCashEquivalents",)
RECEIVABLES = ("Receivables", "ReceivablesCurrent")
TRADE_RECEIVABLES = ("TradeReceivables",)
CURRENT_LIABILITIES = ("LiabilitiesCurrent",)
TRADE_PAYABLES = ("TradePayables",)
NET_TURNOVER = ("NetRevenue",)
GROSS_MARGIN = ("GrossMargin",)
GROSS_OPERATING_RESULT = ("GrossOperatingResult",)
COST_OF_SALES = ("CostOfSales",)
RAW_MATERIALS = ("CostOfRawMaterialsAndConsumables",)
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

# metadata (confirmed for both generations: Arelle's validate/NL plugin uses these local names in
# the jenv-bw2-data and the bw2-titel9-cor namespaces alike)
NAME_CONCEPT = "LegalEntityName"
KVK_CONCEPT = "ChamberOfCommerceRegistrationNumber"
PERIOD_START = "FinancialReportingPeriodCurrentStartDate"
PERIOD_END = "FinancialReportingPeriodCurrentEndDate"
PREVIOUS_END = "FinancialReportingPeriodPreviousEndDate"
SIZE_CONCEPT = "LegalEntitySize"

STATEMENTS_AXIS = "FinancialStatementsTypeAxis"
STATEMENT_MEMBERS = {"ConsolidatedMember": "consolidated", "SeparateMember": "separate"}
BASIS_AXIS = "BasisOfPreparationAxis"

SIZE_MEMBER = re.compile(r"LegalEntitySize(Micro|Small|Medium|Large)Member")
SIZE_ENTRY_POINT = re.compile(r"-(micro|klein|middelgroot|groot)(?:-[a-z-]+)?\.xsd", re.IGNORECASE)
SIZE_DUTCH = {"micro": "micro", "klein": "small", "middelgroot": "medium", "groot": "large"}
