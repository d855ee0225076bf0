"""The firm's figures from the facts of one period: which concept fills which field, and how."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from hulplijn.core.text import Text
from hulplijn.imports.xbrl.accounts import LABELS, Figure
from hulplijn.imports.xbrl.concepts import (
    ASSETS,
    ASSETS_FALLBACK,
    CASH,
    COST_OF_SALES,
    CURRENT_LIABILITIES,
    EMPLOYEES,
    EQUITY,
    GROSS_MARGIN,
    GROSS_OPERATING_RESULT,
    NET_TURNOVER,
    PERSONNEL_TOTAL,
    RAW_MATERIALS,
    RECEIVABLES,
    SOCIAL_SECURITY,
    TRADE_PAYABLES,
    TRADE_RECEIVABLES,
    WAGES,
    item_name,
)
from hulplijn.imports.xbrl.document import Context, Fact

_Note = Callable[[str, str, str], None]  # (code, Dutch, English): a note on how a figure was read


def compose(period: Period, note: _Note) -> dict[str, Figure]:
    """The wizard's fields from the facts of one period."""
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
                "het balanstotaal staat niet apart in de jaarrekening; wij hebben het totaal "
                "van de passiva genomen (dat is even groot)",
                "total assets are not stated apart in the annual accounts; we took the total of "
                "equity and liabilities (which is the same amount)",
            )
    put("total_assets", assets)
    put("cash", period.balance(CASH))

    receivables = period.balance(RECEIVABLES)
    trade_receivables = period.balance(TRADE_RECEIVABLES)
    put("trade_debtors", trade_receivables)
    put(
        "short_term_receivables",
        _net_of(receivables, trade_receivables, "short_term_receivables", "trade_debtors", note),
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
    put("gross_margin", _gross_margin(period, turnover, note))
    put("wage_costs", _wage_costs(period, note))
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


def _gross_margin(period: Period, turnover: Figure | None, note: _Note) -> Figure | None:
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
        f"de brutomarge staat niet in de jaarrekening; wij hebben haar berekend als "
        f"{item_name(turnover.element).nl} min {item_name(cost.element).nl}",
        f"the gross margin is not in the annual accounts; we calculated it as "
        f"{item_name(turnover.element).en} minus {item_name(cost.element).en}",
    )
    return _combine(turnover, cost, -1)


def _wage_costs(period: Period, note: _Note) -> Figure | None:
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
            "als loonkosten hebben wij het totaal van de personeelskosten genomen",
            "as wage costs we took the total personnel expenses",
        )
    return total


class Period:
    """The facts of one period: instant at ``end`` (balance) or a duration ending at ``end``."""

    def __init__(self, facts: list[tuple[Fact, Context]], end: date, start: date | None):
        self.start = start
        self.instant: dict[str, list[tuple[Fact, Context]]] = {}
        self.duration: dict[str, list[tuple[Fact, Context]]] = {}
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

        def key(pair: tuple[Fact, Context]) -> tuple[bool, date]:
            start = pair[1].start or date.max
            return (self.start is not None and start != self.start, start)

        return _first(self.duration, names, key=key)


def _first(
    by_concept: dict[str, list[tuple[Fact, Context]]],
    names: Sequence[str],
    key: Callable[[tuple[Fact, Context]], tuple[bool, date]] | None = None,
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
    field, trade_label = LABELS[field_name], LABELS[trade_field]
    if trade is None:
        note(
            f"{field_name}_not_split",
            f"in de jaarrekening zijn {_named(total).nl} niet uitgesplitst: het hele bedrag "
            f"staat bij '{field.nl}', inclusief het handelsdeel; vul bij '{trade_label.nl}' 0 in",
            f"{_named(total).en} are not split in the annual accounts: the whole amount is under "
            f"'{field.en}', trade part included; enter 0 for '{trade_label.en}'",
        )
        return total
    if trade.value > total.value:
        note(
            f"{field_name}_inconsistent",
            f"in de jaarrekening zijn {_named(trade).nl} groter dan {_named(total).nl}; "
            f"vul '{field.nl}' zelf in",
            f"in the annual accounts {_named(trade).en} exceed {_named(total).en}; please enter "
            f"'{field.en}' yourself",
        )
        return None
    return _combine(total, trade, -1)


def _named(figure: Figure) -> Text:
    """The item a figure was read from, in words (de vorderingen / receivables)."""
    return item_name(figure.element)
