"""What reading one statement file gives: its euro statements and notes on what was left out.

An account in another currency cannot be added to euro balances, but it does not make the
file's euro accounts unusable: the MT940 and CAMT.053 readers leave such an account out with a
note (``foreign_account``) and refuse the file (``not_eur``) only when no euro statement is
left. A statement that mixes currencies is refused as before: it is damaged, not foreign.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from hulplijn.core.cashflow import Statement
from hulplijn.core.errors import Problem
from hulplijn.core.text import Text
from hulplijn.imports.errors import ImportRefused


class Read(NamedTuple):
    """The statements of one file, and notes (``Problem``s) on what was left out."""

    statements: list[Statement]
    notes: list[Problem]


class ForeignAccount(ImportRefused):
    """A statement of an account that is not in euros (refused when it is all there is)."""

    def __init__(self, account: str, currency: str):
        self.account = account
        self.currency = currency
        super().__init__(
            "not_eur",
            f"rekening {account} staat in {currency}; we rekenen alleen met euro-rekeningen",
            f"account {account} is in {currency}; we only use euro accounts",
        )


def keep_euro(read: Iterable[Statement | ImportRefused]) -> Read:
    """The euro statements, and one note per account left out for its currency; raises the
    first refusal that is not an account in another currency."""
    statements: list[Statement] = []
    foreign: list[ForeignAccount] = []
    for item in read:
        if isinstance(item, ForeignAccount):
            foreign.append(item)
        elif isinstance(item, ImportRefused):
            raise item
        else:
            statements.append(item)
    if foreign and not statements:
        raise foreign[0]
    notes: dict[str, Problem] = {}
    for item in foreign:
        notes.setdefault(
            item.account,
            Problem(
                "foreign_account",
                Text(
                    f"rekening {item.account} staat in {item.currency} en is overgeslagen: we "
                    "rekenen alleen met euro-rekeningen; de andere rekeningen tellen wel mee",
                    f"account {item.account} is in {item.currency} and was left out: we only "
                    "use euro accounts; the other accounts do count",
                ),
            ),
        )
    return Read(statements, list(notes.values()))
