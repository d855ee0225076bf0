"""Read an XML Auditfile Financieel: its version, fiscal year, ledger accounts and booked lines.

Only what the trial balance and the mapping need is read: the header (fiscal year, dates,
currency), the company name, ``generalLedger/ledgerAccount`` (accID, accDesc, accTp and any RGS
or lead codes), ``openingBalance/obLine`` and ``transactions/journal/transaction/trLine``. The
file is parsed by ``safe_xml`` (no entities, no network); every refusal is an ImportRefused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from lxml import etree

from hulplijn.core import numbers
from hulplijn.imports import safe_xml
from hulplijn.imports.errors import ImportRefused

# The namespaces, compared in lower case without a trailing slash. XAF 4.0 has three in use: the
# official XSD's targetNamespace, the one its explanation (Toelichting) writes, and the
# auditfiles.nl one several exporters write (docs/reference/xaf.md).
NAMESPACES = {
    "http://www.auditfiles.nl/xaf/3.1": "3.1",
    "http://www.auditfiles.nl/xaf/3.2": "3.2",
    "http://www.odb.belastingdienst.nl/belastingdienst/bcpp/1.0/structures/"
    "xmlauditfilefinancieel3.2.1": "3.2.1",
    "http://www.odb.belastingdienst.nl/belastingdienst/bcpp/1.1/structures/"
    "xmlauditfilexaf_4.0": "4.0",
    "http://www.odb.belastingdienst.nl/xaf/4.0": "4.0",
    "http://www.auditfiles.nl/xaf/4.0": "4.0",
}
EURO = "EUR"
_AMOUNT = re.compile(r"[+-]?\d{1,20}(\.\d{1,6})?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Account:
    """A ledger account: ``type`` is accTp (B balance, P profit and loss, M mixed; "" if absent);
    ``codes`` the RGS/lead codes the file gives for it, in the order read."""

    id: str
    description: str
    type: str
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Line:
    """One booked amount: debit positive, credit negative; ``day`` the transaction date."""

    account: str
    amount: Decimal
    day: date | None


@dataclass(frozen=True)
class Auditfile:
    version: str
    fiscal_year: str
    start: date
    end: date
    currency: str
    company: str
    accounts: tuple[Account, ...]
    opening: tuple[Line, ...]
    lines: tuple[Line, ...]
    software: str = ""


def read(root: etree._Element) -> Auditfile:
    """The auditfile in a parsed XML tree, or ImportRefused naming what is wrong with it."""
    if safe_xml.local(root.tag).lower() != "auditfile":
        raise ImportRefused(
            "not_auditfile",
            "dit is geen XML Auditfile Financieel (XAF): het bestand begint niet met "
            "<auditfile>. Exporteer de auditfile uit uw boekhoudpakket",
            "this is not an XML Auditfile Financieel (XAF): the file does not start with "
            "<auditfile>. Export the auditfile from your bookkeeping software",
        )
    version = _version(root)
    tree = _Tree(root)
    header = tree.child(root, "header")
    company = tree.child(root, "company")
    if header is None or company is None:
        raise _incomplete("header/company")
    start = _date(tree.text(header, "startDate"), "startDate")
    end = _date(tree.text(header, "endDate"), "endDate")
    if start is None or end is None or end < start:
        raise ImportRefused(
            "no_fiscal_year",
            "het bestand noemt geen geldig boekjaar (startDate en endDate in de header)",
            "the file does not state a valid fiscal year (startDate and endDate in the header)",
        )
    currency = tree.text(header, "curCode").upper() or EURO
    if currency != EURO:
        raise ImportRefused(
            "not_eur",
            f"de administratie is in {currency} gevoerd; we rekenen alleen met euro's",
            f"the books are kept in {currency}; we only work with euros",
        )
    accounts = tuple(_accounts(tree, company))
    opening = tuple(_opening(tree, company, start))
    lines = tuple(_transactions(tree, company))
    _balanced(opening, "openingsbalans", "opening balance")
    _balanced(lines, "boekingen", "transactions")
    return Auditfile(
        version=version,
        fiscal_year=tree.text(header, "fiscalYear") or str(end.year),
        start=start,
        end=end,
        currency=currency,
        company=tree.text(company, "companyName"),
        accounts=accounts,
        opening=opening,
        lines=lines,
        software=tree.text(header, "softwareDesc"),
    )


def _version(root: etree._Element) -> str:
    written = etree.QName(root).namespace or ""
    namespace = written.lower().rstrip("/")
    if namespace in NAMESPACES:
        return NAMESPACES[namespace]
    if not namespace:
        header = next((c for c in root if safe_xml.local(c.tag) == "header"), None)
        declared = next(
            (
                (c.text or "").strip()
                for c in (header if header is not None else ())
                if safe_xml.local(c.tag) == "auditfileVersion"
            ),
            "",
        )
        name = declared or "zonder versie"
        name_en = declared or "without a version"
    else:
        name = name_en = written
    raise ImportRefused(
        "unsupported_version",
        f"deze auditfile-versie ({name}) lezen we niet; we lezen XAF 3.1, 3.2 en 4.0. Kies bij "
        "het exporteren XAF 3.2 of 4.0",
        f"we do not read this auditfile version ({name_en}); we read XAF 3.1, 3.2 and 4.0. "
        "Choose XAF 3.2 or 4.0 when exporting",
    )


class _Tree:
    """Child lookups in the root's own namespace (XAF elements are all in one)."""

    def __init__(self, root: etree._Element):
        namespace = etree.QName(root).namespace
        self.prefix = f"{{{namespace}}}" if namespace else ""

    def child(self, parent: etree._Element, name: str) -> etree._Element | None:
        return parent.find(self.prefix + name)

    def children(self, parent: etree._Element, name: str) -> Iterator[etree._Element]:
        return parent.iterfind(self.prefix + name)

    def text(self, parent: etree._Element, name: str) -> str:
        return (parent.findtext(self.prefix + name) or "").strip()


def _accounts(tree: _Tree, company: etree._Element) -> Iterator[Account]:
    ledger = tree.child(company, "generalLedger")
    if ledger is None:
        return
    taxonomies: dict[str, list[str]] = {}  # XAF 3.1: generalLedger/taxonomies
    for element in ledger.iter(tree.prefix + "taxoElement"):
        account, code = tree.text(element, "glAccID"), tree.text(element, "txCd")
        if account and code:
            taxonomies.setdefault(account, []).append(code)
    for element in tree.children(ledger, "ledgerAccount"):
        account_id = tree.text(element, "accID")
        if not account_id:
            continue
        codes = [
            tree.text(element, name)
            for name in ("RGScode", "leadReference", "leadCode", "leadCrossRef")
        ]
        codes += [
            (ref.text or "").strip().rpartition(":")[2]
            for ref in element.iter(tree.prefix + "conceptRef")
        ]
        codes += taxonomies.get(account_id, [])
        yield Account(
            id=account_id,
            description=tree.text(element, "accDesc"),
            type=tree.text(element, "accTp").upper(),
            codes=tuple(dict.fromkeys(c for c in codes if c)),
        )


def _opening(tree: _Tree, company: etree._Element, start: date) -> Iterator[Line]:
    opening = tree.child(company, "openingBalance")
    if opening is None:
        return
    for line in tree.children(opening, "obLine"):
        yield _line(tree, line, start)


def _transactions(tree: _Tree, company: etree._Element) -> Iterator[Line]:
    transactions = tree.child(company, "transactions")
    if transactions is None:
        return
    for journal in tree.children(transactions, "journal"):
        for transaction in tree.children(journal, "transaction"):
            day = _date(tree.text(transaction, "trDt"), "trDt")
            for line in transaction.iter(tree.prefix + "trLine"):  # also inside a trLines
                yield _line(tree, line, day or _date(tree.text(line, "effDate"), "effDate"))


def _line(tree: _Tree, line: etree._Element, day: date | None) -> Line:
    account = tree.text(line, "accID")
    text, side = tree.text(line, "amnt"), tree.text(line, "amntTp").upper()
    if not account or not _AMOUNT.fullmatch(text) or side not in ("D", "C"):
        raise ImportRefused(
            "bad_line",
            f"een boekingsregel (rekening '{account}', bedrag '{text}', D/C '{side}') is "
            "onvolledig of ongeldig",
            f"a booking line (account '{account}', amount '{text}', D/C '{side}') is incomplete "
            "or invalid",
        )
    amount = Decimal(text)
    return Line(account, amount if side == "D" else -amount, day)


def _balanced(lines: tuple[Line, ...], name_nl: str, name_en: str) -> None:
    """Debit and credit must be equal: a file whose lines do not balance is damaged or cut."""
    difference = sum((line.amount for line in lines), Decimal(0))
    if difference:
        side_nl, side_en = ("debet", "debit") if difference > 0 else ("credit", "credit")
        raise ImportRefused(
            "unbalanced",
            f"debet en credit van de {name_nl} sluiten niet: er staat "
            f"{numbers.euro(abs(difference), 'nl', cents=True)} meer {side_nl}. Het bestand is "
            "onvolledig of beschadigd; exporteer het opnieuw",
            f"debit and credit of the {name_en} do not balance: there is "
            f"{numbers.euro(abs(difference), 'en', cents=True)} more {side_en}. The file is "
            "incomplete or damaged; export it again",
        )


def _date(text: str, name: str) -> date | None:
    if not text:
        return None
    if not _DATE.match(text):
        raise _invalid_date(name, text)
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise _invalid_date(name, text) from None


def _invalid_date(name: str, text: str) -> ImportRefused:
    return ImportRefused(
        "bad_date",
        f"'{text}' in {name} is geen datum",
        f"'{text}' in {name} is not a date",
    )


def _incomplete(what: str) -> ImportRefused:
    return ImportRefused(
        "incomplete",
        f"de auditfile is onvolledig: {what} ontbreekt",
        f"the auditfile is incomplete: {what} is missing",
    )
