"""The trial balance (proefbalans) of an auditfile: per account, the opening balance plus the
movements booked up to a day. Balances are debit positive, credit negative."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal

from hulplijn.imports.xaf.reader import Auditfile, Line

Balances = Mapping[str, Decimal]


def _add(balances: dict[str, Decimal], lines: Iterable[Line]) -> None:
    for line in lines:
        balances[line.account] = balances.get(line.account, Decimal(0)) + line.amount


def opening(auditfile: Auditfile) -> dict[str, Decimal]:
    """The balances at the start of the fiscal year (the close of the year before)."""
    balances: dict[str, Decimal] = {}
    _add(balances, auditfile.opening)
    return balances


def closing(auditfile: Auditfile) -> dict[str, Decimal]:
    """The balances after every line in the file: the fiscal year's trial balance."""
    balances = opening(auditfile)
    _add(balances, auditfile.lines)
    return balances


def at(auditfile: Auditfile, day: date) -> dict[str, Decimal]:
    """The balances at the end of ``day``: opening plus lines dated up to and including it (a
    line without a date counts from the end of the fiscal year)."""
    balances = opening(auditfile)
    _add(
        balances,
        (line for line in auditfile.lines if (line.day or auditfile.end) <= day),
    )
    return balances


def month_end(moment: str) -> date:
    """The last day of a month given as ``yyyy-mm``."""
    year, month = int(moment[:4]), int(moment[5:7])
    return date(year, month, calendar.monthrange(year, month)[1])


def at_moment(auditfile: Auditfile, moment: str) -> dict[str, Decimal] | None:
    """The balances at the end of month ``moment`` (yyyy-mm) if the file can tell them: a month
    ending inside the fiscal year, or the month just before it (the opening balance)."""
    day = month_end(moment)
    if day == auditfile.start - timedelta(days=1):
        return opening(auditfile)
    if auditfile.start <= day <= auditfile.end:
        return closing(auditfile) if day == auditfile.end else at(auditfile, day)
    return None
