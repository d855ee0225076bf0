"""Periods: the two reference years and the liquidity moments of a round, and what peer data
covers (docs/decisions/0024-periods.md).

A firm is only ever compared with peers of the same period: growth, productivity and solvency
with peers of the same two years, liquidity with peers at the same moment. Where the reference
holds no peers for the firm's period, the figure says so in words (``no_data``) instead of a
percentile against another period, or the misleading "no peer group of at least 10 firms".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Protocol, TypeVar

from hulplijn.core.text import Text

MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
CRISIS_YEAR = 2020
"""The year the COVID-19 crisis began: reference years before it are 'before the crisis'."""

PERIOD_METRICS = ("productivity", "productivity_growth", "job_growth", "solvency")
"""The metrics whose peers belong to the reference years (the balance sheet of solvency is the
one of the population's round); liquidity metrics (``name@yyyy-mm``) belong to their moment."""


def month(moment: str) -> Text:
    """'2020-07' -> 'juli 2020' / 'July 2020'."""
    year, number = moment.split("-")
    index = int(number) - 1
    return Text(f"{MONTHS_NL[index]} {year}", f"{MONTHS_EN[index]} {year}")


def day(when: date) -> Text:
    """A date as the pages write it: '7 december 2026' / '7 December 2026' (never '7 Dec 2026'
    on a Dutch page, nor 2026-12-07)."""
    number = when.month - 1
    return Text(
        f"{when.day} {MONTHS_NL[number]} {when.year}", f"{when.day} {MONTHS_EN[number]} {when.year}"
    )


def day_and_time(when: datetime) -> Text:
    """A moment as the pages write it: '7 december 2026 14:05' / '7 December 2026 14:05'
    (``when`` in the time zone it is to be read in)."""
    return Text("{day} {time}", "{day} {time}").format(day=day(when), time=f"{when:%H:%M}")


def span(years: Sequence[int]) -> str:
    """(2019, 2021) -> '2019-2021'."""
    first, last = min(years), max(years)
    return f"{first}-{last}"


def growth_heading(years: Sequence[int]) -> Text:
    """The growth dimension's heading for a round: 'before the crisis' only when it was."""
    first, last = min(years), max(years)
    if last < CRISIS_YEAR:
        return Text(
            f"Groei voor de crisis ({first} -> {last})",
            f"Growth before the crisis ({first} -> {last})",
        )
    return Text(f"Groei {first} -> {last}", f"Growth {first} -> {last}")


def no_data_for_years(years: Sequence[int]) -> Text:
    """The reason a figure of these reference years is not compared."""
    said = span(years)
    return Text(f"geen vergelijkingsgegevens voor {said}", f"no comparison data for {said}")


def no_data_for_moment(moment: str) -> Text:
    """The reason a liquidity figure at this moment is not compared."""
    return Text(
        "geen vergelijkingsgegevens voor deze periode ({m})",
        "no comparison data for this period ({m})",
    ).format(m=month(moment))


class Covering(Protocol):
    """What peer data says it covers: its two reference years and its liquidity moments."""

    @property
    def years(self) -> tuple[int, ...]: ...

    @property
    def moments(self) -> tuple[str, ...]: ...


R = TypeVar("R", bound=Covering)


def same_years(covered: Sequence[int], years: Sequence[int]) -> bool:
    """Whether peer data of ``covered`` years serves a firm of ``years`` (both as a set of two)."""
    return len(covered) == 2 and sorted(covered) == sorted(years)


def missing(reference: Covering, years: Sequence[int], moments: Iterable[str]) -> list[Text]:
    """What ``reference`` cannot serve of a round: its years, and each moment it lacks."""
    out = [] if same_years(reference.years, years) else [no_data_for_years(years)]
    return out + [no_data_for_moment(m) for m in moments if m not in reference.moments]


def choose(references: Sequence[R], years: Sequence[int], moments: Sequence[str]) -> R:
    """The reference that serves a round best: the one of the same years covering most of its
    moments, else the one covering most of its moments, else the first (which then says, per
    figure, that it has no comparison data). ``references`` must not be empty."""

    def score(reference: R) -> tuple[bool, int]:
        covered = sum(1 for m in moments if m in reference.moments)
        return same_years(reference.years, years), covered

    best = references[0]
    for reference in references[1:]:
        if score(reference) > score(best):
            best = reference
    return best
