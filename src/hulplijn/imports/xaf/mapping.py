"""Which wizard figure each ledger account counts towards: by its RGS code where the file gives
one, otherwise a guess from the account type, description and number that the owner checks.

The categories are the parts of a simple balance sheet and profit-and-loss account that the
wizard's figures are sums of (``figures.py``); every account falls in exactly one, so the
balance sheet still balances after any change the owner makes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from hulplijn.imports.xaf.reader import Account

ASSETS = ("cash", "trade_debtors", "short_term_receivables", "other_assets")
LIABILITIES = ("equity", "trade_creditors", "short_term_debts", "long_term_debts")
RESULT = (
    "turnover",
    "cost_of_sales",
    "wage_costs",
    "interest_costs",
    "other_costs",
    "other_result",
)
# The costs per year the liquidity step's cash buffer asks for beside wage costs (figures.py)
COSTS = ("interest_costs", "other_costs")
CATEGORIES = ASSETS + LIABILITIES + RESULT

# RGS (Referentie Grootboekschema) code prefixes, longest first: the first that a code starts
# with decides. Sources: the RGS decimal scheme's main groups (docs/reference/xaf.md).
RGS_PREFIXES: tuple[tuple[str, str], ...] = (
    ("BVorDeb", "trade_debtors"),
    ("BSchCre", "trade_creditors"),
    ("BLim", "cash"),
    ("BVor", "short_term_receivables"),
    ("BSch", "short_term_debts"),
    ("BLas", "long_term_debts"),
    ("BVrz", "long_term_debts"),
    ("BEiv", "equity"),
    ("BIva", "other_assets"),
    ("BMva", "other_assets"),
    ("BVas", "other_assets"),
    ("BFva", "other_assets"),
    ("BVrd", "other_assets"),
    ("BEff", "other_assets"),
    ("BPro", "other_assets"),
    ("WOmz", "turnover"),
    ("WKpr", "cost_of_sales"),
    ("WPer", "wage_costs"),
    ("WFbeRls", "interest_costs"),
    ("WBed", "other_costs"),
    ("W", "other_result"),
)
_RGS_CODE = re.compile(r"[BW][A-Z][a-z]{2}[A-Za-z0-9]*")

# Guesses from the description (lower case, matched at a word start), in this order: the more
# specific first ('Lening bank' is a loan, 'Te vorderen btw' a receivable).
_BALANCE_WORDS: tuple[tuple[str, str], ...] = (
    (r"debiteur", "trade_debtors"),
    (r"crediteur", "trade_creditors"),
    (r"(te vorderen|vordering|vooruitbetaal|nog te ontvangen)", "short_term_receivables"),
    (r"(lening|hypothe|voorziening|langlopend)", "long_term_debts"),
    (r"(eigen vermogen|kapitaal|aandelenkapitaal|reserve|priv[eé]|onverdeeld)", "equity"),
    (r"(kas|kassa|bank\w*|spaar\w*|liquide\w*)\b", "cash"),
    (r"(te betalen|btw|omzetbelasting|loonheffing|schuld|rekening[- ]courant)", "short_term_debts"),
    (
        r"(inventaris|gebouw|machine|vervoer|auto|voorraad|goodwill|installatie|computer)",
        "other_assets",
    ),
)
_RESULT_WORDS: tuple[tuple[str, str], ...] = (
    (r"(inkoop|kostprijs|materiaal|grondstof|uitbeste)", "cost_of_sales"),
    (
        r"(loon|lonen|salaris|sociale lasten|pensioen|personeel|werkgever|vakantiegeld)",
        "wage_costs",
    ),
    (r"(omzet|opbrengst|verkoop|verkopen|honorari)", "turnover"),
)


@dataclass(frozen=True)
class Assignment:
    """The category an account counts towards and why: ``source`` is ``rgs`` (``basis`` the
    code), or a guess from the ``description`` (the word found), the account ``type`` (B/P and
    the balance's side) or the account ``number`` (its first digit)."""

    category: str
    source: str
    basis: str

    @property
    def guess(self) -> bool:
        return self.source != "rgs"


def propose(
    accounts: Mapping[str, Account], balances: Mapping[str, Decimal]
) -> dict[str, Assignment]:
    """An assignment for every account in ``accounts`` or ``balances``."""
    out = {}
    for account_id in dict.fromkeys([*accounts, *balances]):
        account = accounts.get(account_id) or Account(account_id, "", "")
        out[account_id] = assign(account, balances.get(account_id, Decimal(0)))
    return out


def assign(account: Account, balance: Decimal) -> Assignment:
    for code in account.codes:
        category = rgs_category(code)
        if category is not None:
            return Assignment(category, "rgs", code)
    return _guess(account, balance)


def rgs_category(code: str) -> str | None:
    """The category of an RGS code, or None for a code that is not one (or not a known group)."""
    if not _RGS_CODE.fullmatch(code):
        return None
    return next((category for prefix, category in RGS_PREFIXES if code.startswith(prefix)), None)


def _guess(account: Account, balance: Decimal) -> Assignment:
    description = account.description.lower()
    kind = account.type if account.type in ("B", "P") else _kind_from_number(account.id)
    word_lists = {
        "B": (_BALANCE_WORDS,),
        "P": (_RESULT_WORDS,),
    }.get(kind, (_BALANCE_WORDS, _RESULT_WORDS))
    for words in word_lists:
        for pattern, category in words:
            found = re.search(r"\b" + pattern, description)
            if found:
                return Assignment(category, "description", found.group(0))
    if kind == "P":
        if account.id[:1] == "8":
            return Assignment("turnover", "number", account.id[:1])
        if account.id[:1] == "7":
            return Assignment("cost_of_sales", "number", account.id[:1])
        return Assignment("other_result", "type", "P")
    # a balance account of unknown kind: what it holds decides its side
    return Assignment(
        "other_assets" if balance >= 0 else "short_term_debts", "type", account.type or "B"
    )


def _kind_from_number(account_id: str) -> str:
    """The Dutch decimal chart of accounts: classes 0-3 balance sheet, 4-9 profit and loss."""
    first = account_id[:1]
    if first.isdigit():
        return "B" if first in "0123" else "P"
    return ""
