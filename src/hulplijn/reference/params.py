"""Load the dated, sourced reference files in ``data/`` into the engine's immutable objects."""

from __future__ import annotations

import csv
from datetime import date, datetime
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import yaml

from hulplijn.core.eligibility import PREDICATES, Condition, Life, MeasureRule
from hulplijn.core.help_first import Route, routes_of
from hulplijn.core.parameters import Parameter, ParameterSet
from hulplijn.core.reference import (
    Concordance,
    ImpactClass,
    ImpactReading,
    Norms,
    Sector,
    SectorCatalogue,
    SectorImpactTable,
    SizeClass,
    SizeClasses,
)
from hulplijn.core.sector_search import SbiEntry, SearchWord, SectorSearch
from hulplijn.core.survey import Anchor, Programme, Question, Scoring, Survey
from hulplijn.core.text import Text
from hulplijn.core.verification import Tolerance, Tolerances

DATA = resources.files("hulplijn.reference") / "data"


def read_yaml(name: str) -> dict[str, Any]:
    """One YAML file from the reference data folder."""
    with (DATA / name).open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
        return data


def read_csv(name: str) -> list[dict[str, str]]:
    """One CSV file from the reference data folder, as a list of rows."""
    # typeshed's Traversable.open has no newline=; importlib.resources passes it on to open()
    with (DATA / name).open(encoding="utf-8", newline="") as handle:  # type: ignore[call-overload]
        return list(csv.DictReader(handle))


def _sectors(name: str) -> MappingProxyType[str, Sector]:
    return MappingProxyType(
        {
            row["code"]: Sector(
                row["code"], row["level"], row["section"], row["name_nl"], row["name_en"]
            )
            for row in read_csv(name)
        }
    )


@cache
def catalogue() -> SectorCatalogue:
    """SBI 2008 and SBI 2025 code lists and the division-level concordance."""
    concordance = {
        row["sbi2025"]: Concordance(
            row["sbi2025"], row["sbi2008"] or None, row["relation"], row["note"]
        )
        for row in read_csv("sbi2025_to_sbi2008.csv")
    }
    return SectorCatalogue(
        _sectors("sbi2008.csv"), _sectors("sbi2025.csv"), MappingProxyType(concordance)
    )


@cache
def sector_search() -> SectorSearch:
    """The sector search: SBI 2008 and SBI 2025 divisions, groups, classes and subclasses, each
    with the SBI 2008 division it is compared in, and the everyday search words
    (docs/decisions/0030-sector-search.md)."""
    sectors = catalogue()
    entries = [
        SbiEntry("2008", code, s.name_nl, s.name_en, code)
        for code, s in sectors.sbi2008.items()
        if s.level == "division"
    ]
    entries += [
        SbiEntry("2008", row["code"], row["name_nl"], "", row["division"])
        for row in read_csv("sbi2008_classes.csv")
    ]
    for version, rows in (
        ("2025", [r for r in read_csv("sbi2025.csv") if r["level"] == "division"]),
        ("2025", read_csv("sbi2025_classes.csv")),
    ):
        for row in rows:
            mapping = sectors.concordance[row["code"][:2]]
            if mapping.sbi2008 is not None:  # a division without a counterpart is not offered
                entries.append(
                    SbiEntry(version, row["code"], row["name_nl"], row["name_en"], mapping.sbi2008)
                )
    words = [
        SearchWord(
            row["word"], tuple(row["sbi2008"].replace(".", "").split()), row["source"], row["note"]
        )
        for row in read_csv("sector_words.csv")
    ]
    return SectorSearch(entries, words)


@cache
def size_classes() -> SizeClasses:
    """zzp 1, micro 2-9, klein 10-49, midden 50-249 working persons; 250+ is not an SME."""
    data = read_yaml("size_classes.yaml")
    classes = tuple(
        SizeClass(c["code"], c["label"], c["label_en"], int(c["min"]), int(c["max"]))
        for c in data["classes"]
    )
    return SizeClasses(classes, int(data["sme_limit"]["value"]))


@cache
def sector_impact() -> SectorImpactTable:
    """Panteia's expected value-added and labour-volume change per sector group and size band."""
    data = read_yaml("sector_impact.yaml")
    groups = data["groups"]
    readings = {
        (r["group"], r["band"], r["measure"]): ImpactReading(
            r["group"],
            r["band"],
            r["measure"],
            float(r["value"]),
            int(r["line"]),
            r["confidence"],
        )
        for r in data["readings"]
    }
    return SectorImpactTable(
        group_labels=MappingProxyType(
            {code: (g["label"], g["label_en"]) for code, g in groups.items()}
        ),
        group_of_section=MappingProxyType(
            {section: code for code, g in groups.items() for section in g["sections"]}
        ),
        band_of_size=MappingProxyType(
            {size: band for band, b in data["size_bands"].items() for size in b["size_classes"]}
        ),
        readings=MappingProxyType(readings),
        classes=tuple(
            ImpactClass(c["code"], c["label"], c["label_en"], c["upper"], c["upper_inclusive"])
            for c in data["classes"]
        ),
        fallback_group=data["fallback_group"],
    )


def _date(value: Any, where: str) -> date | None:
    """A YAML date (``2020-01-01``, read as a date) or null; anything else is refused."""
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    raise ValueError(f"{where}: a validity date is written as 2020-01-01 or null, not {value!r}")


def _validity(valid: Any, where: str) -> tuple[date | None, date | None]:
    if not isinstance(valid, dict) or set(valid) - {"from", "until", "basis"}:
        raise ValueError(f"{where}: valid is {{from: DATE, until: DATE or null, basis: ...}}")
    start, end = _date(valid.get("from"), where), _date(valid.get("until"), where)
    if start is not None and end is not None and end < start:
        raise ValueError(f"{where}: valid until {end} is before valid from {start}")
    return start, end


def parameter_set_of(name: str, data: dict[str, Any]) -> ParameterSet:
    """The ``parameters`` section of a parsed YAML file as dated, sourced Parameter objects.

    Each parameter has label, label_en, unit and source, and either one ``value`` (valid as its
    own ``valid``, else the file's ``metadata.valid``; ``period`` likewise) or ``values``: a
    list of entries each with ``value`` and ``valid`` (and optionally its own ``source`` and
    ``period``). A parameter
    without any validity is refused: every value says from when it holds."""
    metadata = data.get("metadata", {})
    default = metadata.get("valid")
    found = []
    for key, p in data["parameters"].items():
        entries = p.get("values", [p])
        for entry in entries:
            where = f"{name}: {key}"
            valid = entry.get("valid", p.get("valid", default))
            if valid is None:
                raise ValueError(f"{where}: no validity (valid: or metadata.valid:)")
            start, end = _validity(valid, where)
            period = entry.get("period", p.get("period", metadata.get("period")))
            found.append(
                Parameter(
                    name=key,
                    label=Text(p["label"], p.get("label_en", p["label"])),
                    unit=p["unit"] if isinstance(p["unit"], str) else str(p["unit"]),
                    value=entry["value"],
                    source=str(entry.get("source", p.get("source", ""))).strip(),
                    valid_from=start,
                    valid_until=end,
                    period=None if period is None else str(period),
                )
            )
    return ParameterSet.of(name, found)


@cache
def parameter_set(name: str) -> ParameterSet:
    """The dated, sourced parameters of one YAML file (norms.yaml, disclosure.yaml, ...)."""
    return parameter_set_of(name, read_yaml(name))


def parameters(name: str) -> dict[str, Any]:
    """The current values of the ``parameters`` section of a YAML file as name -> value."""
    return parameter_set(name).values()


@cache
def norms() -> Norms:
    """Thresholds and norms (norms.yaml), each with its source and validity."""
    return Norms(parameter_set("norms.yaml"))


@cache
def disclosure() -> dict[str, float]:
    """Disclosure control and trimming rules (disclosure.yaml)."""
    return parameters("disclosure.yaml")


@cache
def population() -> dict[str, Any]:
    """Targets and assumptions of the synthetic calibrated population (population.yaml)."""
    return read_yaml("population.yaml")


@cache
def measures() -> dict[str, Any]:
    """The 20 measures of the report (measures.yaml)."""
    return read_yaml("measures.yaml")


def _conditions(measure_id: str, raw: list[dict[str, Any]]) -> tuple[Condition, ...]:
    conditions = tuple(Condition(c["predicate"], c.get("params", {})) for c in raw)
    for condition in conditions:
        if condition.predicate not in PREDICATES:
            raise ValueError(f"measure {measure_id}: unknown predicate {condition.predicate}")
    return conditions


def _life(entry: dict[str, Any], where: str, stage: str, is_scheme: bool = False) -> Life:
    """A measure's or scheme's life from its YAML entry (stage, dates, carriers, source)."""
    start, end = _date(entry.get("valid_from"), where), _date(entry.get("valid_until"), where)
    if start is not None and end is not None and end < start:
        raise ValueError(f"{where}: valid_until {end} is before valid_from {start}")
    return Life(
        stage=entry.get("stage", stage),
        valid_from=start,
        valid_until=end,
        carried_by=tuple(entry.get("carried_by", ())),
        source_url=entry.get("url"),
        checked_on=_date(entry.get("checked_on"), where),
        is_scheme=is_scheme,
    )


@cache
def measure_status() -> dict[str, Any]:
    """Where each of the report's measures stands today (measure_status.yaml)."""
    return read_yaml("measure_status.yaml")


@cache
def schemes() -> dict[str, Any]:
    """The current Dutch schemes that carry the report's ideas (schemes.yaml)."""
    return read_yaml("schemes.yaml")


@cache
def measure_rules() -> tuple[MeasureRule, ...]:
    """Eligibility rules per measure: names and audience from measures.yaml, conditions from
    eligibility.yaml, life from measure_status.yaml. Refuses a rule file that names an unknown
    measure, predicate or carrying scheme."""
    catalogue = {m["id"]: m for m in measures()["measures"]}
    rules = read_yaml("eligibility.yaml")["rules"]
    lives = measure_status()["measures"]
    unknown = set(rules) ^ set(catalogue) | set(lives) ^ set(catalogue)
    if unknown:
        raise ValueError(
            f"eligibility.yaml, measure_status.yaml and measures.yaml disagree: {unknown}"
        )
    scheme_ids = {s["id"] for s in schemes()["schemes"]}
    result = []
    for measure_id, measure in catalogue.items():
        life = _life(lives[measure_id], f"measure_status.yaml: {measure_id}", "proposed")
        if set(life.carried_by) - scheme_ids:
            raise ValueError(f"measure {measure_id}: unknown scheme in {life.carried_by}")
        result.append(
            MeasureRule(
                measure_id=measure_id,
                name=measure["name"],
                name_en=measure["name_en"],
                programme=measure["programme"],
                audience=measure["audience"],
                audience_note=measure["audience_note"],
                audience_note_en=measure.get("audience_note_en", measure["audience_note"]),
                conditions=_conditions(measure_id, rules[measure_id]["conditions"]),
                life=life,
            )
        )
    return tuple(result)


@cache
def scheme_rules() -> tuple[MeasureRule, ...]:
    """Eligibility rules of the current schemes (schemes.yaml), each a scheme one applies for
    unless its stage says ended."""
    return tuple(
        MeasureRule(
            measure_id=s["id"],
            name=s["name"],
            name_en=s["name_en"],
            programme=None,
            audience="firm",
            audience_note=s["how"],
            audience_note_en=s["how_en"],
            conditions=_conditions(s["id"], s["conditions"]),
            life=_life(s, f"schemes.yaml: {s['id']}", "scheme", is_scheme=True),
        )
        for s in schemes()["schemes"]
    )


@cache
def help_routes() -> tuple[Route, ...]:
    """The places help first points to (help_routes.yaml)."""
    return routes_of(read_yaml("help_routes.yaml"))


@cache
def surveys() -> tuple[Survey, ...]:
    """The three mini-surveys (surveys.yaml), one per area of the report."""
    return tuple(
        Survey(
            code=s["code"],
            area=s["area"],
            title=s["title"],
            title_en=s["title_en"],
            intro=s["intro"],
            intro_en=s["intro_en"],
            questions=tuple(
                Question(
                    q["code"],
                    q["theme"],
                    q["text"],
                    q["text_en"],
                    tuple(Anchor(a["score"], a["label"], a["label_en"]) for a in q["anchors"]),
                )
                for q in s["questions"]
            ),
        )
        for s in read_yaml("surveys.yaml")["surveys"]
    )


@cache
def programmes() -> tuple[Programme, ...]:
    """Improvement programmes and coaching the weakest themes lead to (surveys.yaml)."""
    return tuple(
        Programme(
            p["code"],
            p["name"],
            p["name_en"],
            p["what"],
            p["what_en"],
            tuple(p["for_themes"]),
            p.get("measure_id"),
            p["status"],
            p["url"],
        )
        for p in read_yaml("surveys.yaml")["programmes"]
    )


@cache
def survey_scoring() -> Scoring:
    """Weak threshold, number of recommendations, minimum group for comparisons."""
    scoring = read_yaml("surveys.yaml")["scoring"]
    return Scoring(
        float(scoring["weak_threshold"]),
        int(scoring["max_recommendations"]),
        int(scoring["comparison_min_respondents"]),
    )


@cache
def best_practices() -> dict[str, Any]:
    """Areas, themes and practices (best_practices.yaml)."""
    return read_yaml("best_practices.yaml")


@cache
def verification_tolerances() -> Tolerances:
    """Per-field tolerances for comparing entered figures with register figures
    (verification.yaml): a fraction of the register figure and an absolute floor."""
    return Tolerances(
        MappingProxyType(
            {
                name: Tolerance(
                    field=name,
                    label=entry["label"],
                    label_en=entry["label_en"],
                    relative=float(entry["value"]["relative"]),
                    absolute=float(entry["value"]["absolute"]),
                    unit=entry["unit"]["absolute"],
                )
                for name, entry in read_yaml("verification.yaml")["parameters"].items()
                if parameter_set("verification.yaml").current(name)  # refuses an ended value
            }
        )
    )


@cache
def prioritisation() -> dict[str, Any]:
    """Band edges, high-priority cells and plan size of the prioritisation matrix
    (prioritisation.yaml), as name -> value for ``hulplijn.plan.prioritisation.Rules``."""
    return parameters("prioritisation.yaml")


@cache
def macro() -> dict[str, Any]:
    """The macro projection (macro.yaml): ``assumptions`` (name -> value, for
    ``hulplijn.plan.macro.MacroAssumptions``) and the slide's ``headline`` figures
    (name -> {label, min, max})."""
    data = read_yaml("macro.yaml")
    return {
        "assumptions": parameters("macro.yaml"),
        "headline": {
            name: {"label": h["label"], "label_en": h["label_en"], **h["value"]}
            for name, h in data["headline"].items()
        },
    }


@cache
def macro_parameters() -> dict[str, Any]:
    """The ``parameters`` of macro.yaml as written (labels and units in both languages, values,
    sources), read once: the cockpit's macro form labels its fields with them on every page.
    Cached: treat it as read-only."""
    parameters: dict[str, Any] = read_yaml("macro.yaml")["parameters"]
    return parameters


@cache
def plan_assumptions() -> dict[str, Any]:
    """Assumptions, report figures and financing of the ten plan measures (plan_assumptions.yaml),
    as plain data for the pure plan model (``hulplijn.plan.impact.run``). Cached: treat it as
    read-only (the plan model validates it into its own objects and never changes it)."""
    return read_yaml("plan_assumptions.yaml")
