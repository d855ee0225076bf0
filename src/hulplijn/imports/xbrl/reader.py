"""One filing read: its metadata, the current period and statements chosen, and its figures."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from hulplijn.core.period import day
from hulplijn.imports import safe_xml
from hulplijn.imports.errors import ImportRefused
from hulplijn.imports.xbrl.accounts import FIELDS, RESULT_FIELDS, AnnualAccounts, Figure
from hulplijn.imports.xbrl.concepts import (
    COUNT_CONCEPTS,
    KVK_CONCEPT,
    MAPPED_CONCEPTS,
    NAME_CONCEPT,
    PERIOD_END,
    PERIOD_START,
    PREVIOUS_END,
    SIZE_CONCEPT,
    SIZE_DUTCH,
    SIZE_ENTRY_POINT,
    SIZE_MEMBER,
)
from hulplijn.imports.xbrl.document import Context, Document, Fact
from hulplijn.imports.xbrl.figures import Period, compose
from hulplijn.imports.xbrl.values import any_date

_KVK_NUMBER = re.compile(r"^(?!00)\d{8}$")

# which statements to read when a filing has several: consolidated (the whole group) before the
# company's own, commercial (annual accounts) before fiscal (tax) figures
_SCOPES = (
    ("consolidated", "commercial"),
    ("separate", "commercial"),
    ("consolidated", "fiscal"),
    ("separate", "fiscal"),
)


class Reader(Document):
    """The annual accounts in the document: its metadata and the current period's figures."""

    # -- metadata -------------------------------------------------------------------------------

    def _text(self, concept: str) -> str | None:
        for fact in self.facts:
            if fact.concept == concept and fact.value is None and fact.text:
                return fact.text
        return None

    def _date(self, concepts: Sequence[str]) -> date | None:
        """The date fact of the first of ``concepts`` the document has."""
        fact = next(
            (f for name in concepts for f in self.facts if f.concept == name and f.value is None),
            None,
        )
        if fact is None:
            return None
        parsed = any_date(fact.text, fact.number_format)
        if parsed is None:
            self._note(
                f"unreadable_date:{fact.concept}",
                f"een datum van het boekjaar ('{fact.text[:30]}') konden wij niet lezen",
                f"we could not read a date of the financial year ('{fact.text[:30]}')",
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
                found = SIZE_MEMBER.search(fact.text)
                if found:
                    return found.group(1).lower()
        for context in self.contexts.values():
            if context.size_member:
                return context.size_member
        for element in self._elements("schemaRef"):
            for attribute, value in element.attrib.items():
                if safe_xml.local(attribute) == "href":
                    found = SIZE_ENTRY_POINT.search(value)
                    if found:
                        return SIZE_DUTCH[found.group(1).lower()]
        return None

    def _taxonomy(self, used: Sequence[Fact]) -> str | None:
        namespaces = {f.namespace or "" for f in used}
        namespaces |= {ns or "" for ns in self.root.nsmap.values()}
        if any("bw2-titel9" in ns for ns in namespaces):
            return "bw2-titel9"
        # NT11 and NT12 (filings up to 2017) name the ministry V&J: venj-bw2-data; NT13+ jenv
        if any("venj-bw2" in ns for ns in namespaces):
            return "venj-bw2"
        if any("jenv-bw2" in ns or "nltaxonomie.nl/nt" in ns for ns in namespaces):
            return "jenv-bw2"
        if any("xbrl.ifrs.org" in ns for ns in namespaces):
            return "ifrs"
        return None

    def _is_filing(self) -> bool:
        """Whether the document is a filing of annual accounts (SBR / KVK, or IFRS), whatever
        figures it holds: a taxonomy we know, a KvK number, or the filing's own metadata."""
        return (
            self._taxonomy(self.facts) is not None
            or self._kvk_number() is not None
            or any(f.concept in (NAME_CONCEPT, *PERIOD_END) for f in self.facts)
        )

    def _no_figures(self) -> ImportRefused:
        if not self._is_filing():
            return _no_figures()
        return ImportRefused(
            "no_figures",
            "deze jaarrekening bevat geen bedragen die we kunnen invullen (zoals eigen vermogen, "
            "balanstotaal of omzet); vul de cijfers zelf in",
            "this filing holds no figures we can fill in (such as equity, total assets or "
            "turnover); please enter the figures yourself",
        )

    # -- figures --------------------------------------------------------------------------------

    def _mapped(self) -> list[tuple[Fact, Context]]:
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
            raise self._no_figures()
        period_start = self._date(PERIOD_START)
        period_end = self._date(PERIOD_END)
        if period_end is not None and all(c.end_date != period_end for _, c in mapped):
            self._note(
                "period_end_without_figures",
                f"bij de einddatum van het boekjaar ({day(period_end).nl}) staan geen cijfers",
                f"there are no figures at the end of the financial year ({day(period_end).en})",
            )
            period_start = period_end = None
        if period_end is None:
            instants = [c.instant for _, c in mapped if c.instant is not None]
            ends = instants or [c.end for _, c in mapped if c.end is not None]
            period_end = max(ends)
            self._note(
                "period_end_latest",
                f"de einddatum van het boekjaar staat niet in het bestand; we nemen de laatste "
                f"datum met cijfers: {day(period_end).nl}",
                f"the end date of the financial year is not in the file; we take the latest date "
                f"with figures: {day(period_end).en}",
            )
        scopes = [
            s for s in _SCOPES if any(c.scope == s and c.end_date == period_end for _, c in mapped)
        ]
        if not scopes:
            raise self._no_figures()
        # the set of statements that fills the most fields; on a tie the first in _SCOPES
        # (a group summary giving only equity and total assets must not hide full statements)
        filled = {
            s: len(
                self._compose(
                    Period([(f, c) for f, c in mapped if c.scope == s], period_end, period_start),
                    notes=False,
                )
            )
            for s in scopes
        }
        scope = max(scopes, key=lambda s: filled[s])
        in_scope = [(f, c) for f, c in mapped if c.scope == scope]
        current = Period(in_scope, period_end, period_start)
        values = self._compose(current, notes=True)
        if not values:
            raise self._no_figures()
        passed_over = [s for s in scopes[: scopes.index(scope)] if filled[s] < filled[scope]]

        prior_end = self._date(PREVIOUS_END)
        earlier = sorted(
            {c.end_date for _, c in in_scope if c.end_date and c.end_date < period_end}
        )
        if prior_end is None and earlier:
            prior_end = earlier[-1]
        prior = self._compose(Period(in_scope, prior_end, None), notes=False) if prior_end else {}
        self._scope_notes(scope, mapped, passed_over)
        if prior and prior_end is not None:
            self._note(
                "prior_year_ignored",
                f"cijfers over het vorige boekjaar (tot {day(prior_end).nl}) hebben we gezien "
                "maar niet ingevuld; alleen het laatste boekjaar telt",
                f"figures for the previous financial year (to {day(prior_end).en}) were found "
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
                + ", ".join(day(d).nl for d in sorted(other))
                + ") zijn genegeerd",
                "figures for other periods ("
                + ", ".join(day(d).en for d in sorted(other))
                + ") were ignored",
            )
        has_results = any(
            (context := self.contexts.get(c)) is not None
            and context.instant is None
            and context.end == period_end
            and context.scope == scope
            for c in self.amount_contexts
        )
        if not any(name in values for name in RESULT_FIELDS) and has_results:
            self._note(
                "profit_and_loss_not_recognised",
                "de winst-en-verliesrekening staat in het bestand, maar met posten die we niet "
                "herkennen; vul brutomarge en loonkosten zelf in",
                "the file has a profit and loss account, but with items we do not recognise; "
                "please enter gross margin and wage costs yourself",
            )
        elif not any(name in values for name in RESULT_FIELDS):
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

    def _scope_notes(
        self,
        scope: tuple[str, str],
        mapped: list[tuple[Fact, Context]],
        passed_over: Sequence[tuple[str, str]] = (),
    ) -> None:
        if any(s[0] == "consolidated" for s in passed_over) and scope[0] == "separate":
            self._note(
                "consolidated_incomplete",
                "de geconsolideerde cijfers (de hele groep) zijn onvolledig; we hebben die van de "
                "enkelvoudige jaarrekening gebruikt, die meer cijfers geeft",
                "the consolidated figures (the whole group) are incomplete; we used those of the "
                "company-only accounts, which give more figures",
            )
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

    def _compose(self, period: Period, notes: bool) -> dict[str, Figure]:
        """The wizard's fields from the facts of one period, with or without notes."""
        note = self._note if notes else (lambda *args: None)
        return compose(period, note)


def _no_figures() -> ImportRefused:
    return ImportRefused(
        "no_figures",
        "geen cijfers uit een jaarrekening gevonden: dit lijkt geen XBRL-jaarrekening (SBR) zoals "
        "gedeponeerd bij de KVK",
        "no annual-accounts figures found: this does not look like XBRL annual accounts (SBR) as "
        "filed at KVK",
    )
