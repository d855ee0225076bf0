"""Compare the figures a firm entered with figures from a public register (report: "Tool controleert
of data overeenkomt (binnen marge)"; verification with public data of Belastingdienst and/or KvK).

Pure: the register figures arrive as a ``RegisterFigures`` built by an adapter (the KVK client in
``hulplijn.imports.kvk``, later filed annual accounts); the tolerances come from
``hulplijn.reference.params.verification_tolerances()`` (``verification.yaml``).

Every entered field gets one ``FieldCheck`` with a status:

- ``verified``: the register has the figure and the difference is within the field's tolerance;
- ``differs``: the register has the figure and the difference is larger (entered and register value,
  the difference and the relative difference are given; a difference is never an error);
- ``not_in_register``: no register figures, or the register has no figure for this field, year or
  moment (or, for the sector, a different SBI version).

A difference is within tolerance when ``|entered - register| <= max(relative x |register|,
absolute)``: the relative tolerance for ordinary figures, the absolute floor for small ones (a
register value of 0 has no relative margin).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from hulplijn.core import numbers
from hulplijn.core.firm import LIQUIDITY_ITEMS, YEAR_ITEMS, FirmInput
from hulplijn.core.text import Text

Status = Literal["verified", "differs", "not_in_register"]
Unit = Literal["euro", "fte", "persons"]

YEAR_FIELDS = YEAR_ITEMS
LIQUIDITY_FIELDS = LIQUIDITY_ITEMS
SOLVENCY_FIELDS = ("equity", "total_assets")
# Every numeric field verify() compares needs a tolerance (Tolerances refuses to be built without).
TOLERANCE_FIELDS = tuple(
    dict.fromkeys(("working_persons", *YEAR_FIELDS, *LIQUIDITY_FIELDS, *SOLVENCY_FIELDS))
)

_EPSILON = 1e-9  # relative slack so a difference exactly on the edge is not lost to rounding


@dataclass(frozen=True)
class Tolerance:
    """How far an entered figure may be from the register figure and still count as the same."""

    field: str
    label: str
    label_en: str
    relative: float  # fraction of the register value, e.g. 0.05
    absolute: float  # in ``unit``, e.g. 1000 (euros) or 1 (FTE)
    unit: Unit

    def __post_init__(self) -> None:
        for name in ("relative", "absolute"):
            value = getattr(self, name)
            if isinstance(value, bool) or not math.isfinite(value) or value < 0:
                raise ValueError(f"tolerance {self.field}.{name} must be a number >= 0: {value!r}")
        if self.unit not in ("euro", "fte", "persons"):
            raise ValueError(f"tolerance {self.field}: unknown unit {self.unit!r}")

    def allowed(self, register: float) -> float:
        """The largest difference that still counts as the same figure."""
        return max(self.relative * abs(register), self.absolute)


@dataclass(frozen=True)
class Tolerances:
    """One tolerance per field; refuses a set that misses a field verify() compares."""

    values: Mapping[str, Tolerance]

    def __post_init__(self) -> None:
        missing = [name for name in TOLERANCE_FIELDS if name not in self.values]
        if missing:
            raise ValueError(f"verification tolerances missing for: {', '.join(missing)}")

    def __getitem__(self, name: str) -> Tolerance:
        return self.values[name]


@dataclass(frozen=True)
class RegisterYear:
    """Register results of one year; None where the register has no figure."""

    year: int
    gross_margin: float | None = None
    wage_costs: float | None = None
    fte: float | None = None


@dataclass(frozen=True)
class RegisterMoment:
    """Register balance-sheet items at one moment (``yyyy-mm``); costs are yearly amounts."""

    moment: str
    cash: float | None = None
    short_term_receivables: float | None = None
    trade_debtors: float | None = None
    short_term_debts: float | None = None
    trade_creditors: float | None = None
    interest_costs: float | None = None
    wage_costs: float | None = None
    other_costs: float | None = None


@dataclass(frozen=True)
class RegisterFigures:
    """What a register says about a firm. ``source`` names it (shown to the user, e.g.
    "KVK Handelsregister"), ``retrieved`` is the day the figures were fetched."""

    source: str
    retrieved: date | None = None
    years: tuple[RegisterYear, ...] = ()
    liquidity: tuple[RegisterMoment, ...] = ()
    equity: float | None = None
    total_assets: float | None = None
    sbi: str | None = None
    sbi_version: Literal["2008", "2025"] = "2008"
    working_persons: int | None = None

    def year(self, year: int) -> RegisterYear | None:
        """The register figures of one year, if it has them."""
        return next((y for y in self.years if y.year == year), None)

    def moment(self, moment: str) -> RegisterMoment | None:
        """The register balance items at one moment, if it has them."""
        return next((m for m in self.liquidity if m.moment == moment), None)


@dataclass(frozen=True)
class FieldCheck:
    """The outcome for one entered field.

    ``path`` is the FirmInput field path (``years[1].gross_margin``) so a form or a CSV column
    can be found from it; ``year`` and ``moment`` say which year or moment it belongs to.
    ``difference`` is entered minus register; ``relative_difference`` divides it by the register
    value (None when that is 0 or the values are not numbers); ``text`` says it in words.
    """

    path: str
    field: str
    status: Status
    entered: float | str
    register: float | str | None
    difference: float | None
    relative_difference: float | None
    tolerance: Tolerance | None
    text: Text
    year: int | None = None
    moment: str | None = None


# --- formatting -----------------------------------------------------------------------------


def _quantity(value: float, unit: Unit, language: str) -> str:
    """An amount (cents only when not whole), FTE or persons: € 5.000,50, 57,5 vte / 57.5 FTE."""
    if unit == "euro":
        return numbers.euro(value, language, cents=None)
    word = _UNITS[unit](language)
    return f"{numbers.number(value, language, 2, trim=True)} {word}"


_UNITS = {"fte": Text("vte", "FTE"), "persons": Text("werkzame personen", "working persons")}


def _tolerance_percent(fraction: float, language: str) -> str:
    return numbers.percent(fraction, language, 4, trim=True, grouping=False)


def _difference_percent(relative: float, tolerance: float, language: str) -> str:
    """One decimal (6,0%), more when one decimal would not show that it exceeds the tolerance
    (5.04% against 5% is shown as 5,04%, not 5,0%)."""
    for decimals in (1, 2, 3, 4):
        if round(abs(relative) * 100, decimals) > tolerance * 100 or decimals == 4:
            return numbers.percent(abs(relative), language, decimals, grouping=False)
    return numbers.percent(
        abs(relative), language, grouping=False
    )  # pragma: no cover - loop always returns


# --- comparing ------------------------------------------------------------------------------


def _not_in_register(
    path: str,
    name: str,
    entered: float | str,
    reason: Text,
    tolerance: Tolerance | None,
    year: int | None = None,
    moment: str | None = None,
) -> FieldCheck:
    return FieldCheck(
        path,
        name,
        "not_in_register",
        entered,
        None,
        None,
        None,
        tolerance,
        reason,
        year,
        moment,
    )


_ABSENT = Text("staat niet in het register", "not in the register")


def _compare(
    path: str,
    name: str,
    entered: float,
    register: float | None,
    tolerance: Tolerance,
    year: int | None = None,
    moment: str | None = None,
) -> FieldCheck:
    if register is None:
        return _not_in_register(path, name, entered, _ABSENT, tolerance, year, moment)
    difference = entered - register
    relative = difference / register if register else None
    allowed = tolerance.allowed(register)
    unit = tolerance.unit
    if abs(difference) <= allowed * (1 + _EPSILON) + 1e-12:
        within_relative = tolerance.relative > 0 and abs(difference) <= (
            tolerance.relative * abs(register) * (1 + _EPSILON) + 1e-12
        )
        if within_relative:
            margin_nl = _tolerance_percent(tolerance.relative, "nl")
            margin_en = _tolerance_percent(tolerance.relative, "en")
        else:
            margin_nl = _quantity(tolerance.absolute, unit, "nl")
            margin_en = _quantity(tolerance.absolute, unit, "en")
        return FieldCheck(
            path,
            name,
            "verified",
            entered,
            register,
            difference,
            relative,
            tolerance,
            Text(
                f"komt overeen met het register (binnen {margin_nl})",
                f"matches the register (within {margin_en})",
            ),
            year,
            moment,
        )
    if relative is None:
        size_nl = f"{_quantity(abs(difference), unit, 'nl')} verschil"
        size_en = f"{_quantity(abs(difference), unit, 'en')} difference"
    else:
        pct_nl = _difference_percent(relative, tolerance.relative, "nl")
        pct_en = _difference_percent(relative, tolerance.relative, "en")
        if unit == "euro":
            size_nl, size_en = f"{pct_nl} verschil", f"{pct_en} difference"
        else:
            size_nl = f"{_quantity(abs(difference), unit, 'nl')}, {pct_nl} verschil"
            size_en = f"{_quantity(abs(difference), unit, 'en')}, {pct_en} difference"
    return FieldCheck(
        path,
        name,
        "differs",
        entered,
        register,
        difference,
        relative,
        tolerance,
        Text(
            f"wijkt af: u vulde {_quantity(entered, unit, 'nl')} in, het register heeft "
            f"{_quantity(register, unit, 'nl')} ({size_nl})",
            f"differs: you entered {_quantity(entered, unit, 'en')}, the register has "
            f"{_quantity(register, unit, 'en')} ({size_en})",
        ),
        year,
        moment,
    )


def _sbi_check(firm: FirmInput, register: RegisterFigures | None) -> FieldCheck:
    entered = firm.sbi[:2]
    if register is None or not register.sbi:
        return _not_in_register("sbi", "sbi", entered, _ABSENT, None)
    if register.sbi_version != firm.sbi_version:
        return _not_in_register(
            "sbi",
            "sbi",
            entered,
            Text(
                f"niet vergeleken: het register gebruikt SBI {register.sbi_version}, u koos een "
                f"SBI {firm.sbi_version}-code",
                f"not compared: the register uses SBI {register.sbi_version}, you chose an "
                f"SBI {firm.sbi_version} code",
            ),
            None,
        )
    theirs = register.sbi.replace(".", "").strip()[:2]
    if theirs == entered:
        return FieldCheck(
            "sbi",
            "sbi",
            "verified",
            entered,
            theirs,
            None,
            None,
            None,
            Text(
                f"komt overeen met het register (SBI-afdeling {entered})",
                f"matches the register (SBI division {entered})",
            ),
        )
    return FieldCheck(
        "sbi",
        "sbi",
        "differs",
        entered,
        theirs,
        None,
        None,
        None,
        Text(
            f"wijkt af: u koos SBI-afdeling {entered}, het register heeft {theirs}",
            f"differs: you chose SBI division {entered}, the register has {theirs}",
        ),
    )


def _checks(
    firm: FirmInput, register: RegisterFigures | None, tolerances: Tolerances
) -> Iterator[FieldCheck]:
    yield _sbi_check(firm, register)
    if firm.working_persons is not None:
        yield _compare(
            "working_persons",
            "working_persons",
            firm.working_persons,
            register.working_persons if register else None,
            tolerances["working_persons"],
        )
    ordered = sorted(enumerate(firm.years), key=lambda pair: pair[1].year)
    for index, entered_year in ordered:
        their_year = register.year(entered_year.year) if register else None
        yield from _items(
            f"years[{index}]", YEAR_FIELDS, entered_year, their_year, tolerances, entered_year.year
        )
    for index, entered_moment in enumerate(firm.liquidity):
        their_moment = register.moment(entered_moment.moment) if register else None
        yield from _items(
            f"liquidity[{index}]",
            LIQUIDITY_FIELDS,
            entered_moment,
            their_moment,
            tolerances,
            moment=entered_moment.moment,
        )
    if firm.solvency is not None:
        yield from _items("solvency", SOLVENCY_FIELDS, firm.solvency, register, tolerances)


def _items(
    prefix: str,
    names: tuple[str, ...],
    entered: object,
    theirs: object | None,
    tolerances: Tolerances,
    year: int | None = None,
    moment: str | None = None,
) -> Iterator[FieldCheck]:
    """The fields ``names`` of one entered year, moment or balance sheet (path ``prefix.name``)
    against the same fields of the register's (None: the register has none)."""
    for name in names:
        yield _compare(
            f"{prefix}.{name}",
            name,
            getattr(entered, name),
            getattr(theirs, name) if theirs else None,
            tolerances[name],
            year,
            moment,
        )


def verify(
    firm: FirmInput, register: RegisterFigures | None, tolerances: Tolerances
) -> list[FieldCheck]:
    """One FieldCheck per entered field: sector (SBI division), working persons, each year's
    gross margin, wage costs and FTE, each liquidity moment's items, equity and total assets.
    Differences are reported, never raised; ``register=None`` gives ``not_in_register``
    throughout."""
    return list(_checks(firm, register, tolerances))


def summary(checks: list[FieldCheck]) -> Mapping[Status, int]:
    """How many checks have each status."""
    counts: dict[Status, int] = {"verified": 0, "differs": 0, "not_in_register": 0}
    for check in checks:
        counts[check.status] += 1
    return counts


__all__ = [
    "LIQUIDITY_FIELDS",
    "SOLVENCY_FIELDS",
    "TOLERANCE_FIELDS",
    "YEAR_FIELDS",
    "FieldCheck",
    "RegisterFigures",
    "RegisterMoment",
    "RegisterYear",
    "Status",
    "Tolerance",
    "Tolerances",
    "summary",
    "verify",
]
