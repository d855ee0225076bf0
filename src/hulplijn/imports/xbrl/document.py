"""The XBRL document: its contexts (periods and dimensions), units and facts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from lxml import etree

from hulplijn.core.text import Text
from hulplijn.imports import safe_xml
from hulplijn.imports.xbrl.accounts import Note
from hulplijn.imports.xbrl.concepts import (
    BASIS_AXIS,
    MAPPED_CONCEPTS,
    SIZE_MEMBER,
    STATEMENT_MEMBERS,
    STATEMENTS_AXES,
    item_name,
)
from hulplijn.imports.xbrl.values import inline_number, is_nil, iso_date, local_qname, plain_number


@dataclass(frozen=True)
class Context:
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
class Fact:
    concept: str
    namespace: str | None
    context: str
    unit: str | None
    value: Decimal | None  # numeric facts
    text: str  # non-numeric facts (and the raw text of numeric ones)
    decimals: str | None
    number_format: str  # inline XBRL ``format``, local name, lower case
    order: int


class Document:
    """An XBRL instance or inline XBRL document: its contexts, units and facts."""

    def __init__(self, root: etree._Element):
        self.root = root
        self.inline = safe_xml.local(root.tag) == "html"
        self.notes: list[Note] = []
        self.contexts = self._contexts()
        self.units = self._units()
        self.amount_contexts: set[str] = set()  # contexts of every amount (currency), mapped or not
        self.facts = self._facts()

    # -- the document ---------------------------------------------------------------------------

    def _elements(self, name: str) -> Iterable[etree._Element]:
        return (
            e for e in self.root.iter() if isinstance(e.tag, str) and safe_xml.local(e.tag) == name
        )

    def _contexts(self) -> dict[str, Context]:
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
                    instant = iso_date(text)
                elif tag == "startDate":
                    start = iso_date(text)
                elif tag == "endDate":
                    end = iso_date(text)
                elif tag == "identifier":
                    identifier = (child.get("scheme") or "", text)
                elif tag == "typedMember":
                    scope = None
                elif tag == "explicitMember":
                    axis = local_qname(child.get("dimension") or "")
                    member = local_qname(text)
                    size = SIZE_MEMBER.search(member)
                    if size:
                        size_member = size.group(1).lower()
                    elif axis in STATEMENTS_AXES and member in STATEMENT_MEMBERS:
                        statements = STATEMENT_MEMBERS[member]
                    elif axis == BASIS_AXIS and ("Fiscal" in member or "Commercial" in member):
                        basis = "fiscal" if "Fiscal" in member else "commercial"
                    else:
                        scope = None  # a breakdown (by class, segment, ...), not a statement total
            if instant is None and end is None:
                scope = None  # forever, or a date we could not read
            contexts[context_id] = Context(
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

    def _facts(self) -> list[Fact]:
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
            if is_nil(element):
                continue
            text = "".join(element.itertext()).strip()
            value = None
            if numeric:
                if self.units.get(element.get("unitRef") or ""):
                    self.amount_contexts.add(context)
                value = self._number(element, concept, text)
                if value is None:
                    continue
            facts.append(
                Fact(
                    concept=concept,
                    namespace=namespace,
                    context=context,
                    unit=element.get("unitRef"),
                    value=value,
                    text=text,
                    decimals=element.get("decimals"),
                    number_format=local_qname(element.get("format") or "").lower(),
                    order=order,
                )
            )
        return facts

    def _number(self, element: etree._Element, concept: str, text: str) -> Decimal | None:
        if concept not in MAPPED_CONCEPTS:
            return None  # only the figures we map are read
        value = inline_number(element, text) if self.inline else plain_number(text)
        if value is None:
            self._note(
                f"unreadable:{concept}",
                f"het bedrag bij {item_name(concept).nl} ('{text[:30]}') konden wij niet "
                "lezen; wij hebben het overgeslagen",
                f"we could not read the amount for {item_name(concept).en} ('{text[:30]}'); it "
                "was skipped",
            )
        return value

    def _note(self, code: str, nl: str, en: str) -> None:
        if all(n.code != code for n in self.notes):
            self.notes.append(Note(code, Text(nl, en)))
