"""CAMT.053 bank statements (ISO 20022 BankToCustomerStatement) into core ``Statement``s.

Read with ``safe_xml.parse`` (size limit, no entities, no network) and matched on local element
names, so every message version (camt.053.001.02 up to .13) and any namespace prefix reads the
same way. What is read, per ``Document/BkToCstmrStmt/Stmt`` (one or more, also for several
accounts):

- ``Acct/Id/IBAN`` (or ``Acct/Id/Othr/Id``), ``Acct/Ccy`` when present;
- ``Bal`` by ``Tp/CdOrPrtry/Cd``: ``OPBD`` (opening booked) or else ``PRCD`` (previous closing
  booked) as the opening balance, ``CLBD`` (closing booked) as the closing balance; each with
  ``Amt`` (``Ccy`` attribute), ``CdtDbtInd`` (``CRDT``/``DBIT``: a debit balance is negative) and
  ``Dt/Dt`` or ``Dt/DtTm`` (the date part); other balance types (available, interim) are
  ignored;
- ``Ntry``: ``Amt``, ``CdtDbtInd``, ``RvslInd``, ``Sts`` (``<Sts>BOOK</Sts>`` up to .07,
  ``<Sts><Cd>BOOK</Cd></Sts>`` from .08), ``BookgDt/Dt`` or ``BookgDt/DtTm`` (``ValDt`` when a
  bank leaves the booking date out). Only booked entries count; pending (``PDNG``),
  information-only (``INFO``) and future (``FUTR``) entries are skipped and counted in
  ``Statement.pending_ignored``, as they are not in the booked balances. A reversal
  (``RvslInd`` true) is signed by its ``CdtDbtInd``, which ISO 20022 sets to the direction of the
  reversal itself.

Refusals (``ImportRefused`` codes): ``too_large``, ``xml_malformed`` and the entity codes (XXE,
entity expansion) of ``safe_xml``, which refuses such files before they are read;
``not_camt053``, ``camt_malformed``, ``missing_balance``, ``no_account``, ``not_eur`` (an
amount in another currency in a euro statement; a statement of an account in another currency
is left out with a note, ``hulplijn.imports.statements``, and refused only when it is all the
file holds), ``bad_amount``, ``bad_dates``, ``unreconciled``.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import lru_cache

from lxml import etree

from hulplijn.core.cashflow import EURO, CashflowError, Statement, reconcile
from hulplijn.core.text import Text
from hulplijn.imports.errors import ImportRefused
from hulplijn.imports.safe_xml import local
from hulplijn.imports.safe_xml import parse as parse_xml
from hulplijn.imports.statements import ForeignAccount, Read, keep_euro

OPENING_CODES = ("OPBD", "PRCD")  # in order of preference
CLOSING_CODE = "CLBD"
BOOKED = "BOOK"
SIGNS = {"CRDT": 1, "DBIT": -1}
ENTRY = Text("een geboekte post", "a booked entry")
# ISO 20022 ActiveOrHistoricCurrencyAndAmount: xs:decimal, at least 0, up to 18 digits and 5
# decimals (sub-cent amounts pass here and are refused by the core as ``bad_amount``)
AMOUNT = re.compile(r"^\d{1,18}(?:\.\d{1,5})?$")


def _child(element: etree._Element | None, name: str) -> etree._Element | None:
    """The first child named ``name`` in any namespace (lxml's ``{*}`` wildcard)."""
    return None if element is None else element.find("{*}" + name)


def _children(element: etree._Element) -> dict[str, etree._Element]:
    """The children of ``element`` by local name (the first of each), in one pass."""
    found: dict[str, etree._Element] = {}
    for child in element:
        tag = child.tag
        if isinstance(tag, str):
            found.setdefault(tag[tag.rfind("}") + 1 :], child)
    return found


def _path(element: etree._Element | None, *names: str) -> etree._Element | None:
    for name in names:
        element = _child(element, name)
    return element


def _own(element: etree._Element | None) -> str | None:
    """The stripped text of ``element`` itself, None when absent or blank."""
    if element is None or element.text is None:
        return None
    return element.text.strip() or None


def _text(element: etree._Element | None, *names: str) -> str | None:
    return _own(_path(element, *names))


@lru_cache(maxsize=4096)
def _iso_date(text: str) -> date:
    """``yyyy-mm-dd`` as a date (cached: a statement repeats the same few dates)."""
    return date.fromisoformat(text)


def _malformed(where_nl: str, where_en: str, what_nl: str, what_en: str) -> ImportRefused:
    return ImportRefused(
        "camt_malformed",
        f"het CAMT.053-bestand kan niet worden gelezen: {where_nl}: {what_nl}",
        f"the CAMT.053 file cannot be read: {where_en}: {what_en}",
    )


class _Reader:
    """Reads one ``Stmt``; messages name it by its position in the file (statement 1, 2...)."""

    def __init__(self, stmt: etree._Element, number: int):
        self.stmt = stmt
        self.where = Text(f"afschrift {number}", f"statement {number}")

    def fail(self, what_nl: str, what_en: str) -> ImportRefused:
        return _malformed(self.where.nl, self.where.en, what_nl, what_en)

    def euros(self, amt: etree._Element | None, account: str) -> Decimal:
        """A non-negative amount in euros from an ``Amt`` element with its ``Ccy``."""
        if amt is None or not (amt.text or "").strip():
            raise self.fail("een bedrag (Amt) ontbreekt", "an amount (Amt) is missing")
        currency = (amt.get("Ccy") or "").strip().upper()
        if currency != EURO:
            raise ImportRefused(
                "not_eur",
                f"rekening {account} heeft bedragen in {currency or '?'}; we rekenen alleen met "
                "euro-rekeningen",
                f"account {account} has amounts in {currency or '?'}; we only use euro accounts",
            )
        text = (amt.text or "").strip()  # not empty: checked above
        if not AMOUNT.match(text):
            raise self.fail(f"'{text}' is geen bedrag", f"'{text}' is not an amount")
        return Decimal(text)

    def sign(self, indicator: str | None, what: Text | None = None) -> int:
        """+1 for ``CRDT``, -1 for ``DBIT``; a missing indicator is refused naming ``what`` has
        no sign (a balance is not guessed to be positive)."""
        if indicator is None and what is not None:
            raise self.fail(
                f"{what.nl} zegt niet of het een tegoed of een tekort is (CdtDbtInd ontbreekt), "
                "zodat we het niet kunnen gebruiken; exporteer de afschriften opnieuw uit uw "
                "internetbankieren, als CAMT.053 of MT940",
                f"{what.en} does not say whether it is a credit or a debit (CdtDbtInd is "
                "missing), so we cannot use it; export the statements again from your online "
                "banking, as CAMT.053 or MT940",
            )
        if indicator not in SIGNS:
            raise self.fail(
                f"CdtDbtInd is '{indicator}', niet CRDT of DBIT",
                f"CdtDbtInd is '{indicator}', not CRDT or DBIT",
            )
        return SIGNS[indicator]

    def day(self, holder: etree._Element | None, what: str) -> date | None:
        """The date of ``holder/Dt`` or the date part of ``holder/DtTm``."""
        if holder is None:
            return None
        text = _text(holder, "Dt") or _text(holder, "DtTm")
        if text is None:
            return None
        try:
            return _iso_date(text[:10])
        except ValueError:
            raise self.fail(
                f"{what}: '{text}' is geen datum", f"{what}: '{text}' is not a date"
            ) from None

    def account(self) -> str:
        acct_id = _path(self.stmt, "Acct", "Id")
        value = _text(acct_id, "IBAN") or _text(acct_id, "Othr", "Id")
        if not value:
            raise ImportRefused(
                "no_account",
                f"{self.where.nl} noemt geen rekening (Acct/Id)",
                f"{self.where.en} names no account (Acct/Id)",
            )
        account = "".join(value.split()).upper()
        currency = _text(self.stmt, "Acct", "Ccy")
        if currency is None:  # not stated: the balances' currency, when they agree
            found = {
                (amt.get("Ccy") or "").strip().upper()
                for amt in self.stmt.iterfind("{*}Bal/{*}Amt")
            }
            currency = found.pop() if len(found) == 1 else None
        if currency and currency.upper() != EURO:  # skipped with a note (statements.keep_euro)
            raise ForeignAccount(account, currency.upper())
        return account

    def balances(self, account: str) -> tuple[tuple[Decimal, date], tuple[Decimal, date]]:
        found: dict[str, tuple[Decimal, date]] = {}
        for bal in self.stmt.iterchildren("{*}Bal"):
            code = _text(bal, "Tp", "CdOrPrtry", "Cd")
            if code not in (*OPENING_CODES, CLOSING_CODE):
                continue
            if code in found:
                raise self.fail(
                    f"het saldo {code} staat er twee keer in", f"the balance {code} appears twice"
                )
            when = self.day(_child(bal, "Dt"), f"saldo {code}")
            if when is None:
                raise self.fail(
                    f"het saldo {code} heeft geen datum", f"the balance {code} has no date"
                )
            amount = self.euros(_child(bal, "Amt"), account)
            balance = Text(f"het saldo {code}", f"the balance {code}")
            found[code] = (self.sign(_text(bal, "CdtDbtInd"), balance) * amount, when)
        opening = next((found[c] for c in OPENING_CODES if c in found), None)
        closing = found.get(CLOSING_CODE)
        if opening is None or closing is None:
            missing = "beginsaldo (OPBD/PRCD)" if opening is None else "eindsaldo (CLBD)"
            missing_en = (
                "opening balance (OPBD/PRCD)" if opening is None else "closing balance (CLBD)"
            )
            raise ImportRefused(
                "missing_balance",
                f"rekening {account}: {self.where.nl} heeft geen {missing}",
                f"account {account}: {self.where.en} has no {missing_en}",
            )
        return opening, closing

    def statement(self) -> Statement:
        account = self.account()
        (opening, opening_date), (closing, closing_date) = self.balances(account)
        entries: list[tuple[date, Decimal]] = []
        pending = reversals = 0
        for ntry in self.stmt.iterchildren("{*}Ntry"):
            parts = _children(ntry)
            sts = parts.get("Sts")
            status = None
            if sts is not None:
                status = _own(sts) or _text(sts, "Cd") or _text(sts, "Prtry")
            if status != BOOKED:
                pending += 1
                continue
            indicator = _own(parts.get("CdtDbtInd"))
            amount = self.sign(indicator, ENTRY) * self.euros(parts.get("Amt"), account)
            booked = self.day(parts.get("BookgDt"), "BookgDt") or self.day(
                parts.get("ValDt"), "ValDt"
            )
            if booked is None:
                raise self.fail(
                    "een geboekte post heeft geen boekdatum (BookgDt)",
                    "a booked entry has no booking date (BookgDt)",
                )
            if (_own(parts.get("RvslInd")) or "").lower() in ("true", "1"):
                reversals += 1
            entries.append((booked, amount))
        statement = Statement(
            account=account,
            currency=EURO,
            opening_balance=opening,
            opening_date=opening_date,
            closing_balance=closing,
            closing_date=closing_date,
            entries=tuple(entries),
            pending_ignored=pending,
            reversals=reversals,
        )
        try:
            reconcile(statement)
        except CashflowError as error:
            raise ImportRefused(error.code, error.text.nl, error.text.en) from None
        return statement


def each(data: bytes) -> list[Statement | ImportRefused]:
    """Every ``Stmt`` of a CAMT.053 file read on its own: the statement, or why it was refused
    (for a look at a whole file; ``read`` refuses a file at its first refusal)."""
    root = parse_xml(data)
    body = _child(root, "BkToCstmrStmt") if local(root.tag) == "Document" else None
    if body is None:
        found = (
            local(root[0].tag) if local(root.tag) == "Document" and len(root) else local(root.tag)
        )
        raise ImportRefused(
            "not_camt053",
            f"dit XML-bestand is geen CAMT.053-rekeningafschrift (gevonden: {found}); vraag de "
            "bank om een CAMT.053- of MT940-export",
            f"this XML file is not a CAMT.053 account statement (found: {found}); ask the bank "
            "for a CAMT.053 or MT940 export",
        )
    stmts = list(body.iterchildren("{*}Stmt"))
    if not stmts:
        raise ImportRefused(
            "not_camt053",
            "het CAMT.053-bestand bevat geen afschrift (Stmt)",
            "the CAMT.053 file holds no statement (Stmt)",
        )
    out: list[Statement | ImportRefused] = []
    for number, stmt in enumerate(stmts, 1):
        try:
            out.append(_Reader(stmt, number).statement())
        except ImportRefused as refused:
            out.append(refused)
    return out


def read(data: bytes) -> Read:
    """Every euro ``Stmt`` of a CAMT.053 file, each reconciled, in file order; accounts in another
    currency are left out with a note (refused when no euro statement is left)."""
    return keep_euro(each(data))


def parse(data: bytes) -> list[Statement]:
    """Every euro ``Stmt`` of a CAMT.053 file (``read`` without its notes)."""
    return read(data).statements
