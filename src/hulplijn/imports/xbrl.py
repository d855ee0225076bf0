"""Read the figures of annual accounts filed at KVK as XBRL (SBR), for the wizard to prefill.

Accepts an XBRL instance (.xbrl/.xml), an inline XBRL document (.xhtml/.html, ``ix:nonFraction``
facts) or a zip holding one of those. Both taxonomy generations are read: the Nederlandse
Taxonomie (NT16-NT20, ``jenv-bw2-i`` and ``kvk-i``) and the 2024+ ``bw2-titel9`` / ``kvk``
taxonomies. Facts are matched on their LOCAL element names only, never on prefixes or namespace
versions; docs/reference/xbrl.md lists the names and which of them a source confirms.

Only figures of the current reporting period are used: balance items at the period end date
(instant), profit-and-loss items over the period ending then (duration). Prior-year figures are
read as well, but only reported (``AnnualAccounts.prior_year``), never prefilled. Every refusal is
an ImportRefused with a Dutch and an English message.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from lxml import etree

from hulplijn.core import numbers
from hulplijn.imports import safe_xml
from hulplijn.imports.errors import ImportRefused

# The CPU budget of one file: reading costs time per element (the tree is built twice and searched
# a dozen times), so a file is refused, never cut short, when it is over either limit. Annual
# accounts of an SME are tens of kilobytes with some hundreds of facts (a full inline XBRL report
# with its layout some thousands of elements); 5 MB and 200,000 elements read in well under a
# second.
MAX_BYTES = 5 * 1024 * 1024
MAX_ELEMENTS = 200_000

INSTANCE_SUFFIXES = (".xbrl", ".xml")
INLINE_SUFFIXES = (".xhtml", ".html", ".htm")
ZIP_SUFFIXES = (".zip", ".xbri")

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
_STATEMENT_MEMBERS = {"ConsolidatedMember": "consolidated", "SeparateMember": "separate"}
BASIS_AXIS = "BasisOfPreparationAxis"

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

_KVK_NUMBER = re.compile(r"^(?!00)\d{8}$")
_XS_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_DIGITS = re.compile(r"^\d+(\.\d+)?$")
_SIZE_MEMBER = re.compile(r"LegalEntitySize(Micro|Small|Medium|Large)Member")
_SIZE_ENTRY_POINT = re.compile(r"-(micro|klein|middelgroot|groot)(?:-[a-z-]+)?\.xsd", re.IGNORECASE)
_SIZE_DUTCH = {"micro": "micro", "klein": "small", "middelgroot": "medium", "groot": "large"}
_MAX_SCALE = 15
_MAX_NUMBER_CHARS = 40

_MONTHS = {
    # Dutch and English month names and abbreviations (ixt date-...-monthname-... formats)
    "januari": 1,
    "january": 1,
    "jan": 1,
    "februari": 2,
    "february": 2,
    "feb": 2,
    "maart": 3,
    "march": 3,
    "mrt": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "juni": 6,
    "june": 6,
    "jun": 6,
    "juli": 7,
    "july": 7,
    "jul": 7,
    "augustus": 8,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "october": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_ZERO_FORMATS = {"fixed-zero", "fixedzero", "zerodash", "numdash", "fixed-empty"}
_DOT_DECIMAL_FORMATS = {"num-dot-decimal", "numdotdecimal", "numcommadot", "numspacedot"}
_COMMA_DECIMAL_FORMATS = {"num-comma-decimal", "numcommadecimal", "numdotcomma", "numspacecomma"}

# which statements to read when a filing has several: consolidated (the whole group) before the
# company's own, commercial (annual accounts) before fiscal (tax) figures
_SCOPES = (
    ("consolidated", "commercial"),
    ("separate", "commercial"),
    ("consolidated", "fiscal"),
    ("separate", "fiscal"),
)


@dataclass(frozen=True)
class Note:
    """Something the user should know about the figures read, in Dutch and English."""

    code: str
    message_nl: str
    message_en: str

    def message(self, language: str = "nl") -> str:
        return self.message_en if language == "en" else self.message_nl


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
    taxonomy: str | None = None  # "jenv-bw2" or "bw2-titel9"
    size: str | None = None  # micro, small, medium or large
    statements: str = "separate"  # which statements were read: "consolidated" or "separate"
    missing: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()
    prior_year: dict[str, Figure] = field(default_factory=dict)
    prior_period_end: date | None = None

    def figures(self) -> dict[str, Figure]:
        """The fields that were found, by name."""
        return {name: getattr(self, name) for name in FIELDS if getattr(self, name) is not None}


# --- reading ------------------------------------------------------------------------------------


def read_annual_accounts(data: bytes, filename: str = "") -> AnnualAccounts:
    """The annual-accounts figures in an XBRL instance, inline XBRL document or zip holding one.

    Raises ImportRefused (with a Dutch and English message) for files over ``MAX_BYTES`` (also
    once unzipped) or ``MAX_ELEMENTS``, zip bombs, XML with entities or external references,
    malformed XML, amounts in another currency than euro, and files without annual-accounts
    figures.
    """
    safe_xml.check_size(data, MAX_BYTES)
    name = filename.lower()
    if data[:4] == b"PK\x03\x04" or name.endswith(ZIP_SUFFIXES):
        data = _from_zip(data)
        safe_xml.check_size(data, MAX_BYTES)
    if safe_xml.more_elements_than(data, MAX_ELEMENTS):
        raise ImportRefused(
            "too_many_elements",
            f"het bestand bevat meer dan {numbers.count(MAX_ELEMENTS, 'nl')} XML-elementen; de "
            "jaarrekening van een mkb-bedrijf heeft er veel minder. Zo'n bestand lezen we niet",
            f"the file holds more than {numbers.count(MAX_ELEMENTS, 'en')} XML elements; the "
            "annual accounts of an SME have far fewer. We do not read such a file",
        )
    root = safe_xml.parse(data)
    return _Reader(root).read()


def _from_zip(data: bytes) -> bytes:
    """The one instance or inline document in a zip: .xbrl first, then .xhtml/.html, then .xml."""
    try:
        names = [
            info.filename.lower()
            for info in zipfile.ZipFile(BytesIO(data)).infolist()
            if not info.is_dir()
        ]
    except Exception:  # any unreadable archive: unzip_single below names the problem
        names = []
    suffixes = next(
        (
            group
            for group in ((".xbrl",), INLINE_SUFFIXES, (".xml",))
            if sum(n.endswith(group) for n in names) == 1
        ),
        INSTANCE_SUFFIXES + INLINE_SUFFIXES,
    )
    return safe_xml.unzip_single(data, suffixes)


_Note = Callable[[str, str, str], None]  # (code, Dutch, English): a note on how a figure was read


@dataclass(frozen=True)
class _Context:
    id: str
    instant: date | None
    start: date | None
    end: date | None
    scope: tuple[str, str] | None  # (statements, basis); None: a breakdown we do not read
    identifier: tuple[str, str] | None  # (scheme, value)
    size_member: str | None

    @property
    def period_text(self) -> str:
        if self.instant is not None:
            return self.instant.isoformat()
        assert self.end is not None  # a context has an instant or an end (others are skipped)
        return f"{self.start.isoformat() if self.start else ''}/{self.end.isoformat()}"

    @property
    def end_date(self) -> date | None:
        return self.instant if self.instant is not None else self.end


@dataclass(frozen=True)
class _Fact:
    concept: str
    namespace: str | None
    context: str
    unit: str | None
    value: Decimal | None  # numeric facts
    text: str  # non-numeric facts (and the raw text of numeric ones)
    decimals: str | None
    number_format: str  # inline XBRL ``format``, local name, lower case
    order: int


class _Reader:
    def __init__(self, root: etree._Element):
        self.root = root
        self.inline = safe_xml.local(root.tag) == "html"
        self.notes: list[Note] = []
        self.contexts = self._contexts()
        self.units = self._units()
        self.facts = self._facts()

    # -- the document ---------------------------------------------------------------------------

    def _elements(self, name: str) -> Iterable[etree._Element]:
        return (
            e for e in self.root.iter() if isinstance(e.tag, str) and safe_xml.local(e.tag) == name
        )

    def _contexts(self) -> dict[str, _Context]:
        contexts = {}
        for element in self._elements("context"):
            context_id = element.get("id")
            if not context_id:
                continue
            instant = start = end = None
            scope: tuple[str, str] | None = ("separate", "commercial")
            identifier = None
            size_member = None
            statements, basis = "separate", "commercial"
            for child in element.iter():
                if not isinstance(child.tag, str):
                    continue
                tag = safe_xml.local(child.tag)
                text = (child.text or "").strip()
                if tag == "instant":
                    instant = _iso_date(text)
                elif tag == "startDate":
                    start = _iso_date(text)
                elif tag == "endDate":
                    end = _iso_date(text)
                elif tag == "identifier":
                    identifier = (child.get("scheme") or "", text)
                elif tag == "typedMember":
                    scope = None
                elif tag == "explicitMember":
                    axis = _local_qname(child.get("dimension") or "")
                    member = _local_qname(text)
                    size = _SIZE_MEMBER.search(member)
                    if size:
                        size_member = size.group(1).lower()
                    elif axis == STATEMENTS_AXIS and member in _STATEMENT_MEMBERS:
                        statements = _STATEMENT_MEMBERS[member]
                    elif axis == BASIS_AXIS and ("Fiscal" in member or "Commercial" in member):
                        basis = "fiscal" if "Fiscal" in member else "commercial"
                    else:
                        scope = None  # a breakdown (by class, segment, ...), not a statement total
            if instant is None and end is None:
                scope = None  # forever, or a date we could not read
            contexts[context_id] = _Context(
                id=context_id,
                instant=instant,
                start=start,
                end=end,
                scope=(statements, basis) if scope is not None else None,
                identifier=identifier,
                size_member=size_member,
            )
        return contexts

    def _units(self) -> dict[str, str | None]:
        """Unit id -> ISO currency code (upper case), "" for a non-currency unit, None unknown."""
        units: dict[str, str | None] = {}
        for element in self._elements("unit"):
            unit_id = element.get("id")
            if not unit_id:
                continue
            measures = [
                m
                for m in element.iter()
                if isinstance(m.tag, str) and safe_xml.local(m.tag) == "measure"
            ]
            divided = any(
                safe_xml.local(m.tag) == "divide" for m in element.iter() if isinstance(m.tag, str)
            )
            if len(measures) != 1 or divided:
                units[unit_id] = None
                continue
            measure = measures[0]
            prefix, _, code = (measure.text or "").strip().rpartition(":")
            namespace = measure.nsmap.get(prefix or None, "")
            units[unit_id] = code.upper() if "iso4217" in (namespace or "") else ""
        return units

    def _facts(self) -> list[_Fact]:
        facts = []
        for order, element in enumerate(self.root.iter()):
            if not isinstance(element.tag, str):
                continue
            context = element.get("contextRef")
            if context is None:
                continue
            tag = safe_xml.local(element.tag)
            if self.inline:
                if tag not in ("nonFraction", "nonNumeric") or not element.get("name"):
                    continue
                prefix, _, concept = (element.get("name") or "").strip().rpartition(":")
                namespace = element.nsmap.get(prefix or None)
                numeric = tag == "nonFraction"
            else:
                concept = tag
                namespace = etree.QName(element).namespace
                numeric = element.get("unitRef") is not None
            if _is_nil(element):
                continue
            text = "".join(element.itertext()).strip()
            value = None
            if numeric:
                value = self._number(element, concept, text)
                if value is None:
                    continue
            facts.append(
                _Fact(
                    concept=concept,
                    namespace=namespace,
                    context=context,
                    unit=element.get("unitRef"),
                    value=value,
                    text=text,
                    decimals=element.get("decimals"),
                    number_format=_local_qname(element.get("format") or "").lower(),
                    order=order,
                )
            )
        return facts

    def _number(self, element: etree._Element, concept: str, text: str) -> Decimal | None:
        if concept not in MAPPED_CONCEPTS:
            return None  # only the figures we map are read
        value = _inline_number(element, text) if self.inline else _plain_number(text)
        if value is None:
            self._note(
                f"unreadable:{concept}",
                f"het getal bij {concept} ('{text[:30]}') konden we niet lezen; we hebben het "
                "overgeslagen",
                f"we could not read the number for {concept} ('{text[:30]}'); it was skipped",
            )
        return value

    def _note(self, code: str, nl: str, en: str) -> None:
        if all(n.code != code for n in self.notes):
            self.notes.append(Note(code, nl, en))

    # -- metadata -------------------------------------------------------------------------------

    def _text(self, concept: str) -> str | None:
        for fact in self.facts:
            if fact.concept == concept and fact.value is None and fact.text:
                return fact.text
        return None

    def _date(self, concept: str) -> date | None:
        fact = next((f for f in self.facts if f.concept == concept and f.value is None), None)
        if fact is None:
            return None
        parsed = _any_date(fact.text, fact.number_format)
        if parsed is None:
            self._note(
                f"unreadable_date:{concept}",
                f"de datum bij {concept} ('{fact.text[:30]}') konden we niet lezen",
                f"we could not read the date for {concept} ('{fact.text[:30]}')",
            )
        return parsed

    def _kvk_number(self) -> str | None:
        number = (self._text(KVK_CONCEPT) or "").replace(" ", "")
        if _KVK_NUMBER.match(number):
            return number
        for context in self.contexts.values():
            identifier = context.identifier
            if identifier and "kvk" in identifier[0].lower() and _KVK_NUMBER.match(identifier[1]):
                return identifier[1]
        return None

    def _size(self) -> str | None:
        for fact in self.facts:
            if fact.concept == SIZE_CONCEPT:
                found = _SIZE_MEMBER.search(fact.text)
                if found:
                    return found.group(1).lower()
        for context in self.contexts.values():
            if context.size_member:
                return context.size_member
        for element in self._elements("schemaRef"):
            for attribute, value in element.attrib.items():
                if safe_xml.local(attribute) == "href":
                    found = _SIZE_ENTRY_POINT.search(value)
                    if found:
                        return _SIZE_DUTCH[found.group(1).lower()]
        return None

    def _taxonomy(self, used: Sequence[_Fact]) -> str | None:
        namespaces = {f.namespace or "" for f in used}
        namespaces |= {ns or "" for ns in self.root.nsmap.values()}
        if any("bw2-titel9" in ns for ns in namespaces):
            return "bw2-titel9"
        if any("jenv-bw2" in ns or "nltaxonomie.nl/nt" in ns for ns in namespaces):
            return "jenv-bw2"
        return None

    # -- figures --------------------------------------------------------------------------------

    def _mapped(self) -> list[tuple[_Fact, _Context]]:
        """Numeric facts of mapped concepts in a statement-total context, with a usable unit."""
        mapped = []
        for fact in self.facts:
            if fact.value is None or fact.concept not in MAPPED_CONCEPTS:
                continue
            context = self.contexts.get(fact.context)
            if context is None or context.scope is None:
                continue
            currency = self.units.get(fact.unit or "")
            if fact.concept in COUNT_CONCEPTS:
                if currency:
                    continue  # a head count in euros is a tagging error
            elif currency is None or currency == "":
                self._note(
                    f"unit:{fact.concept}",
                    f"het bedrag bij {fact.concept} heeft geen munteenheid; we hebben het "
                    "overgeslagen",
                    f"the amount for {fact.concept} has no currency; it was skipped",
                )
                continue
            elif currency != "EUR":
                raise ImportRefused(
                    "currency",
                    f"de bedragen in dit bestand staan in {currency}, niet in euro; de hulplijn "
                    "rekent alleen met euro's",
                    f"the amounts in this file are in {currency}, not in euros; the hulplijn "
                    "works in euros only",
                )
            mapped.append((fact, context))
        return mapped

    def read(self) -> AnnualAccounts:
        mapped = self._mapped()
        if not mapped:
            raise _no_figures()
        period_start = self._date(PERIOD_START)
        period_end = self._date(PERIOD_END)
        if period_end is not None and all(c.end_date != period_end for _, c in mapped):
            self._note(
                "period_end_without_figures",
                f"bij de einddatum van het boekjaar ({period_end.isoformat()}) staan geen cijfers",
                f"there are no figures at the end of the financial year ({period_end.isoformat()})",
            )
            period_start = period_end = None
        if period_end is None:
            instants = [c.instant for _, c in mapped if c.instant is not None]
            ends = instants or [c.end for _, c in mapped if c.end is not None]
            period_end = max(ends)
            self._note(
                "period_end_latest",
                f"de einddatum van het boekjaar staat niet in het bestand; we nemen de laatste "
                f"datum met cijfers: {period_end.isoformat()}",
                f"the end date of the financial year is not in the file; we take the latest date "
                f"with figures: {period_end.isoformat()}",
            )
        scope = next(
            (
                s
                for s in _SCOPES
                if any(c.scope == s and c.end_date == period_end for _, c in mapped)
            ),
            None,
        )
        if scope is None:
            raise _no_figures()
        in_scope = [(f, c) for f, c in mapped if c.scope == scope]
        current = _Period(in_scope, period_end, period_start)
        values = self._compose(current, notes=True)
        if not values:
            raise _no_figures()

        prior_end = self._date(PREVIOUS_END)
        earlier = sorted(
            {c.end_date for _, c in in_scope if c.end_date and c.end_date < period_end}
        )
        if prior_end is None and earlier:
            prior_end = earlier[-1]
        prior = self._compose(_Period(in_scope, prior_end, None), notes=False) if prior_end else {}
        self._scope_notes(scope, mapped)
        if prior and prior_end is not None:
            self._note(
                "prior_year_ignored",
                f"cijfers over het vorige boekjaar (tot {prior_end.isoformat()}) hebben we gezien "
                "maar niet ingevuld; alleen het laatste boekjaar telt",
                f"figures for the previous financial year (to {prior_end.isoformat()}) were found "
                "but not filled in; only the latest financial year is used",
            )
        other = {
            c.end_date
            for _, c in in_scope
            if c.end_date not in (period_end, prior_end) and c.end_date is not None
        }
        if other:
            self._note(
                "other_periods_ignored",
                "cijfers over andere perioden ("
                + ", ".join(sorted(d.isoformat() for d in other))
                + ") zijn genegeerd",
                "figures for other periods ("
                + ", ".join(sorted(d.isoformat() for d in other))
                + ") were ignored",
            )
        if not any(name in values for name in RESULT_FIELDS):
            self._note(
                "no_profit_and_loss",
                "verkorte balans zonder winst-en-verliesrekening: brutomarge en loonkosten staan "
                "er niet in; die vult u zelf in",
                "abbreviated balance sheet: no profit and loss account, so gross margin and wage "
                "costs stay for you to enter",
            )
        used = [f for f, c in in_scope if c.end_date == period_end]
        return AnnualAccounts(
            **values,
            legal_entity_name=self._text(NAME_CONCEPT),
            kvk_number=self._kvk_number(),
            period_start=period_start,
            period_end=period_end,
            taxonomy=self._taxonomy(used),
            size=self._size(),
            statements=scope[0],
            missing=tuple(name for name in FIELDS if name not in values),
            notes=tuple(self.notes),
            prior_year=prior,
            prior_period_end=prior_end if prior else None,
        )

    def _scope_notes(self, scope: tuple[str, str], mapped: list[tuple[_Fact, _Context]]) -> None:
        others = {c.scope for _, c in mapped} - {scope}
        if scope[0] == "consolidated":
            self._note(
                "consolidated",
                "we hebben de geconsolideerde cijfers gebruikt (de hele groep)"
                + (", niet die van de enkelvoudige jaarrekening" if others else ""),
                "we used the consolidated figures (the whole group)"
                + (", not those of the company-only accounts" if others else ""),
            )
        if scope[1] == "fiscal":
            self._note(
                "fiscal",
                "dit bestand bevat alleen fiscale cijfers (waardering voor de belasting); "
                "controleer ze met uw jaarrekening",
                "this file holds only fiscal figures (valued for tax); check them against your "
                "annual accounts",
            )

    def _compose(self, period: _Period, notes: bool) -> dict[str, Figure]:
        """The wizard's fields from the facts of one period."""
        note = self._note if notes else (lambda *args: None)
        out: dict[str, Figure] = {}

        def put(name: str, figure: Figure | None) -> None:
            if figure is not None:
                out[name] = figure

        put("equity", period.balance(EQUITY))
        assets = period.balance(ASSETS)
        if assets is None:
            assets = period.balance(ASSETS_FALLBACK)
            if assets is not None:
                note(
                    "assets_from_liabilities",
                    f"het balanstotaal komt uit {assets.element} (totaal passiva)",
                    f"total assets taken from {assets.element} (total equity and liabilities)",
                )
        put("total_assets", assets)
        put("cash", period.balance(CASH))

        receivables = period.balance(RECEIVABLES)
        trade_receivables = period.balance(TRADE_RECEIVABLES)
        put("trade_debtors", trade_receivables)
        put(
            "short_term_receivables",
            _net_of(
                receivables, trade_receivables, "short_term_receivables", "trade_debtors", note
            ),
        )
        liabilities = period.balance(CURRENT_LIABILITIES)
        trade_payables = period.balance(TRADE_PAYABLES)
        put("trade_creditors", trade_payables)
        put(
            "short_term_debts",
            _net_of(liabilities, trade_payables, "short_term_debts", "trade_creditors", note),
        )

        turnover = period.result(NET_TURNOVER)
        put("net_turnover", turnover)
        put("gross_margin", self._gross_margin(period, turnover, note))
        put("wage_costs", self._wage_costs(period, note))
        employees = period.result(EMPLOYEES) or period.balance(EMPLOYEES)
        if employees is not None:
            note(
                "fte_is_headcount",
                "het aantal werknemers in de jaarrekening is een gemiddeld aantal personen, niet "
                "per se voltijdbanen (fte); controleer het",
                "the number of employees in the annual accounts is an average head count, not "
                "necessarily full-time equivalents (FTE); please check it",
            )
        put("fte", employees)
        return out

    def _gross_margin(self, period: _Period, turnover: Figure | None, note: _Note) -> Figure | None:
        direct = period.result(GROSS_MARGIN)
        if direct is not None:
            return direct
        operating = period.result(GROSS_OPERATING_RESULT)
        if operating is not None:
            note(
                "gross_operating_result",
                "als brutomarge nemen we het brutobedrijfsresultaat; daarin zijn ook de overige "
                "externe kosten al afgetrokken",
                "as gross margin we take the gross operating result (brutobedrijfsresultaat), "
                "which also deducts other external costs",
            )
            return operating
        cost = period.result(COST_OF_SALES) or period.result(RAW_MATERIALS)
        if turnover is None or cost is None:
            return None
        note(
            "gross_margin_derived",
            f"de brutomarge staat niet in het bestand; we hebben hem berekend als "
            f"{turnover.element} min {cost.element}",
            f"gross margin is not in the file; we calculated it as {turnover.element} minus "
            f"{cost.element}",
        )
        return _combine(turnover, cost, -1)

    def _wage_costs(self, period: _Period, note: _Note) -> Figure | None:
        wages = period.result(WAGES)
        social = period.result(SOCIAL_SECURITY)
        if wages is not None:
            note(
                "wage_costs_without_pensions",
                "pensioenlasten die apart in de winst-en-verliesrekening staan, zijn niet "
                "meegeteld; tel ze zelf bij de loonkosten op",
                "pension costs shown separately in the profit and loss account are not included; "
                "add them to the wage costs yourself",
            )
        if wages is not None and social is not None:
            return _combine(wages, social, +1)
        if wages is not None:
            note(
                "wages_without_social_security",
                "loonkosten: alleen lonen en salarissen gevonden, geen sociale lasten; tel die er "
                "zelf bij op",
                "wage costs: only wages and salaries found, no social security charges; please "
                "add those yourself",
            )
            return wages
        total = period.result(PERSONNEL_TOTAL)
        if total is not None:
            note(
                "wage_costs_total",
                f"loonkosten: het totaal personeelskosten ({total.element}) gebruikt",
                f"wage costs: the total personnel expenses ({total.element}) were used",
            )
        return total


class _Period:
    """The facts of one period: instant at ``end`` (balance) or a duration ending at ``end``."""

    def __init__(self, facts: list[tuple[_Fact, _Context]], end: date, start: date | None):
        self.start = start
        self.instant: dict[str, list[tuple[_Fact, _Context]]] = {}
        self.duration: dict[str, list[tuple[_Fact, _Context]]] = {}
        for fact, context in facts:
            if context.instant == end:
                self.instant.setdefault(fact.concept, []).append((fact, context))
            elif context.instant is None and context.end == end:
                self.duration.setdefault(fact.concept, []).append((fact, context))

    def balance(self, names: Sequence[str]) -> Figure | None:
        return _first(self.instant, names)

    def result(self, names: Sequence[str]) -> Figure | None:
        """The duration starting at the stated period start, else the longest one ending at the
        period end: the financial year, not its last quarter."""

        def key(pair: tuple[_Fact, _Context]) -> tuple[bool, date]:
            start = pair[1].start or date.max
            return (self.start is not None and start != self.start, start)

        return _first(self.duration, names, key=key)


def _first(
    by_concept: dict[str, list[tuple[_Fact, _Context]]],
    names: Sequence[str],
    key: Callable[[tuple[_Fact, _Context]], tuple[bool, date]] | None = None,
) -> Figure | None:
    for name in names:
        candidates = by_concept.get(name)
        if not candidates:
            continue
        if key is not None:
            candidates = sorted(candidates, key=lambda pair: (key(pair), pair[0].order))
        fact, context = candidates[0]
        assert fact.value is not None  # a period holds mapped facts, which are all numbers
        return Figure(
            value=float(fact.value),
            element=fact.concept,
            context=context.id,
            period=context.period_text,
            decimals=fact.decimals,
        )
    return None


def _combine(a: Figure, b: Figure, sign: int) -> Figure:
    operator = "+" if sign > 0 else "-"
    contexts = a.context if a.context == b.context else f"{a.context}, {b.context}"
    return Figure(
        value=a.value + sign * b.value,
        element=f"{a.element} {operator} {b.element}",
        context=contexts,
        period=a.period,
        derived=True,
        decimals=a.decimals,
    )


def _net_of(
    total: Figure | None, trade: Figure | None, field_name: str, trade_field: str, note: _Note
) -> Figure | None:
    """A total without its trade part: the wizard asks for the two apart and adds them up."""
    if total is None:
        return None
    if trade is None:
        note(
            f"{field_name}_not_split",
            f"{total.element} is niet uitgesplitst: het hele bedrag staat bij {field_name}, "
            f"inclusief het handelsdeel; vul bij {trade_field} 0 in",
            f"{total.element} is not split: the whole amount is under {field_name}, trade part "
            f"included; enter 0 for {trade_field}",
        )
        return total
    if trade.value > total.value:
        note(
            f"{field_name}_inconsistent",
            f"{trade.element} is groter dan {total.element}; vul {field_name} zelf in",
            f"{trade.element} exceeds {total.element}; please enter {field_name} yourself",
        )
        return None
    return _combine(total, trade, -1)


def _no_figures() -> ImportRefused:
    return ImportRefused(
        "no_figures",
        "geen cijfers uit een jaarrekening gevonden: dit lijkt geen XBRL-jaarrekening (SBR) zoals "
        "gedeponeerd bij de KVK",
        "no annual-accounts figures found: this does not look like XBRL annual accounts (SBR) as "
        "filed at KVK",
    )


# --- values -------------------------------------------------------------------------------------


def _local_qname(value: str) -> str:
    return value.strip().rpartition(":")[2]


def _is_nil(element: etree._Element) -> bool:
    return any(
        safe_xml.local(name) == "nil" and value.strip() in ("true", "1")
        for name, value in element.attrib.items()
    )


def _plain_number(text: str) -> Decimal | None:
    """An xs:decimal from an XBRL instance; decimals only states precision, not a scale."""
    if len(text) > _MAX_NUMBER_CHARS or not _XS_DECIMAL.match(text):
        return None
    return Decimal(text)


def _inline_number(element: etree._Element, text: str) -> Decimal | None:
    """An ix:nonFraction value: displayed text through its format, times 10^scale, sign."""
    number_format = _local_qname(element.get("format") or "").lower()
    if len(text) > _MAX_NUMBER_CHARS:
        return None
    if number_format in _ZERO_FORMATS:
        digits = "0"
    elif number_format in _DOT_DECIMAL_FORMATS:
        digits = re.sub(r"[\s,'\u00a0\u202f]", "", text)
    elif number_format in _COMMA_DECIMAL_FORMATS:
        digits = re.sub(r"[\s.'\u00a0\u202f]", "", text).replace(",", ".")
    elif number_format == "":
        digits = text
    else:
        return None
    if not _DIGITS.match(digits):
        return None
    try:
        scale = int(element.get("scale") or 0)
    except ValueError:
        return None
    if abs(scale) > _MAX_SCALE:
        return None
    try:
        value = Decimal(digits).scaleb(scale)
    except InvalidOperation:
        return None
    return -value if (element.get("sign") or "").strip() == "-" else value


def _iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def _any_date(text: str, date_format: str) -> date | None:
    """A date fact: ISO, or as displayed in inline XBRL (31-12-2024, 31 december 2024, ...)."""
    text = " ".join(text.split())
    parsed = _iso_date(text)
    if parsed is not None and (
        not date_format or "year-month-day" in date_format or re.match(r"^\d{4}-\d{2}-\d{2}", text)
    ):
        return parsed
    match = re.match(r"^(\d{1,2})[-/. ]+([A-Za-z]+|\d{1,2})\.?[-/. ]+(\d{4})$", text)
    if match:
        day, month, year = match.groups()
        month_number = int(month) if month.isdigit() else _MONTHS.get(month.lower())
        if month_number:
            try:
                return date(int(year), month_number, int(day))
            except ValueError:
                return None
    return None


# --- the wizard ---------------------------------------------------------------------------------


def prefill(accounts: AnnualAccounts) -> dict[str, Any]:
    """The wizard fields the annual accounts can fill; sections without figures are left out.

    ``solvency``: equity and total assets; ``liquidity``: the balance items at the period end
    (``moment`` = yyyy-mm); ``results``: gross margin, wage costs and FTE for the financial year
    (``year``). Prior-year figures are never prefilled.
    """
    out: dict[str, Any] = {}
    solvency = {
        name: getattr(accounts, name).value
        for name in ("equity", "total_assets")
        if getattr(accounts, name) is not None
    }
    if solvency:
        out["solvency"] = solvency
    liquidity = {
        name: getattr(accounts, name).value
        for name in (
            "cash",
            "short_term_receivables",
            "trade_debtors",
            "short_term_debts",
            "trade_creditors",
        )
        if getattr(accounts, name) is not None
    }
    if liquidity and accounts.period_end is not None:
        out["liquidity"] = {"moment": accounts.period_end.strftime("%Y-%m"), **liquidity}
    results = {
        name: getattr(accounts, name).value
        for name in ("gross_margin", "wage_costs", "fte")
        if getattr(accounts, name) is not None
    }
    if results and accounts.period_end is not None:
        out["results"] = {"year": accounts.period_end.year, **results}
    return out
