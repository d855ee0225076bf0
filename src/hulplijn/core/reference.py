"""Reference data as the engine sees it: immutable objects, loaded by hulplijn.reference."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from hulplijn.core.benchmark import PeerTable
from hulplijn.core.eligibility import MeasureRule
from hulplijn.core.errors import InvalidInput, Problem
from hulplijn.core.help_first import Route
from hulplijn.core.parameters import Parameter, ParameterSet
from hulplijn.core.text import Text


@dataclass(frozen=True)
class SizeClass:
    """A size class by working persons (werkzame personen)."""

    code: str
    label: str
    label_en: str
    min: int
    max: int


@dataclass(frozen=True)
class SizeClasses:
    """The SME size classes and the SME limit (250 working persons)."""

    classes: tuple[SizeClass, ...]
    sme_limit: int

    def of(self, working_persons: int) -> SizeClass:
        """The class of a number of working persons; 250 or more is refused as not an SME."""
        for size_class in self.classes:
            if size_class.min <= working_persons <= size_class.max:
                return size_class
        raise InvalidInput(
            [
                Problem(
                    "not_sme",
                    Text(
                        f"{working_persons} werkzame personen is geen mkb; de hulplijn is voor "
                        f"bedrijven met minder dan {self.sme_limit} werkzame personen",
                        f"{working_persons} working persons is not an SME; the hulplijn is for "
                        f"firms with fewer than {self.sme_limit} working persons",
                    ),
                    "working_persons",
                )
            ]
        )


@dataclass(frozen=True)
class Sector:
    """An SBI section or two-digit division with its Dutch and English name."""

    code: str
    level: str
    section: str
    name_nl: str
    name_en: str


@dataclass(frozen=True)
class Concordance:
    """How one SBI 2025 division maps to an SBI 2008 division (None: no counterpart)."""

    sbi2025: str
    sbi2008: str | None
    relation: str
    note: str


@dataclass(frozen=True)
class SectorCatalogue:
    """SBI 2008 sections and divisions, SBI 2025 as a separate code list, and the concordance."""

    sbi2008: Mapping[str, Sector]
    sbi2025: Mapping[str, Sector]
    concordance: Mapping[str, Concordance]

    @property
    def divisions(self) -> tuple[str, ...]:
        """All SBI 2008 division codes, sorted."""
        return tuple(sorted(c for c, s in self.sbi2008.items() if s.level == "division"))

    @property
    def sections(self) -> tuple[str, ...]:
        """All SBI 2008 section letters, sorted."""
        return tuple(sorted(c for c, s in self.sbi2008.items() if s.level == "section"))

    def division(self, code: str, version: str = "2008") -> tuple[Sector, Concordance | None]:
        """The SBI 2008 division for a code (first two digits), mapping SBI 2025 where it can."""
        division = code[:2]
        if version == "2025":
            mapping = self.concordance.get(division)
            if mapping is None or division not in self.sbi2025:
                raise InvalidInput([_unknown_sbi(code, "2025")])
            if mapping.sbi2008 is None:
                raise InvalidInput(
                    [
                        Problem(
                            "sbi2025_unmapped",
                            Text(
                                f"SBI 2025-afdeling {division} heeft geen tegenhanger in SBI "
                                f"2008 ({mapping.note}); kies de SBI 2008-code die het best past",
                                f"SBI 2025 division {division} has no SBI 2008 counterpart "
                                f"({mapping.note}); choose the closest SBI 2008 code",
                            ),
                            "sbi",
                        )
                    ]
                )
            return self.sbi2008[mapping.sbi2008], mapping
        sector = self.sbi2008.get(division)
        if sector is None or sector.level != "division":
            raise InvalidInput([_unknown_sbi(code, "2008")])
        return sector, None


def _unknown_sbi(code: str, version: str) -> Problem:
    return Problem(
        "sbi_unknown",
        Text(
            f"{code} is geen bestaande SBI {version}-afdeling (de eerste twee cijfers tellen)",
            f"{code} is not an existing SBI {version} division (the first two digits count)",
        ),
        "sbi",
    )


@dataclass(frozen=True)
class ImpactClass:
    """One of the five sector-impact classes, bounded above by ``upper`` (None: open-ended)."""

    code: str
    label: str
    label_en: str
    upper: float | None
    upper_inclusive: bool

    def holds(self, change: float) -> bool:
        """True when ``change`` is at or below this class's upper bound."""
        if self.upper is None:
            return True
        return change <= self.upper if self.upper_inclusive else change < self.upper


@dataclass(frozen=True)
class ImpactReading:
    """One value read from the report's Panteia tables, with the report line it comes from."""

    group: str
    band: str
    measure: str
    value: float
    line: int
    confidence: str


@dataclass(frozen=True)
class SectorImpactTable:
    """Panteia's expected change 2019-2020 per sector group and size band, and the five classes."""

    group_labels: Mapping[str, tuple[str, str]]
    group_of_section: Mapping[str, str]
    band_of_size: Mapping[str, str]
    readings: Mapping[tuple[str, str, str], ImpactReading]
    classes: tuple[ImpactClass, ...]
    fallback_group: str

    def classify(self, change: float) -> ImpactClass:
        """The class of a value-added change: the most severe class whose bound holds it."""
        for impact_class in self.classes:
            if impact_class.holds(change):
                return impact_class
        raise ValueError("the last impact class must be open-ended")


@dataclass(frozen=True)
class Norms:
    """Named thresholds and norms (norms.yaml), each a number with label, unit, source and
    validity (``hulplijn.core.parameters``)."""

    parameters: ParameterSet

    def __getitem__(self, name: str) -> float:
        """The current value of a norm."""
        return float(self.parameters[name])

    def parameter(self, name: str) -> Parameter:
        """The current value of a norm with its label, unit, source and validity."""
        return self.parameters.current(name)

    def at(self, name: str, on: date) -> Parameter:
        """The value of a norm valid on ``on``; refuses (NotValid) when none is."""
        return self.parameters.at(name, on)


@dataclass(frozen=True)
class Reference:
    """Everything the engine needs: catalogue, sizes, sector impact, norms and peer data."""

    catalogue: SectorCatalogue
    size_classes: SizeClasses
    sector_impact: SectorImpactTable
    norms: Norms
    peers: PeerTable
    vintage: str
    synthetic: bool
    years: tuple[int, int]
    moments: tuple[str, ...]
    measures: tuple[MeasureRule, ...] = ()
    schemes: tuple[MeasureRule, ...] = ()
    help_routes: tuple[Route, ...] = ()
