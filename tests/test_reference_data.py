"""Every reference value carries a label, a unit and a source; the catalogues are complete."""

from importlib import resources

import pytest
import yaml

from hulplijn.core import InvalidInput
from hulplijn.reference import params

DATA = resources.files("hulplijn.reference") / "data"
PARAMETER_FILES = ["norms.yaml", "disclosure.yaml"]


def _yaml(name):
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def _missing(entry: dict, fields=("label", "unit", "source")) -> list[str]:
    return [f for f in fields if not str(entry.get(f) or "").strip()]


@pytest.mark.parametrize("name", PARAMETER_FILES)
def test_every_parameter_has_label_unit_source_and_value(name):
    for key, entry in _yaml(name)["parameters"].items():
        assert not _missing(entry), f"{name}:{key} lacks {_missing(entry)}"
        assert isinstance(entry["value"], int | float), f"{name}:{key} value is not a number"


def test_population_targets_and_assumptions_are_sourced():
    data = _yaml("population.yaml")
    for section in ("targets", "assumptions"):
        for key, entry in data[section].items():
            assert not _missing(entry), f"population.yaml {section}.{key} lacks {_missing(entry)}"
            assert "value" in entry


def test_segment_shares_read_the_grids_by_their_printed_productivity_axis():
    # #16: the per-size slides print each class as a 2 x 2 grid, productivity "Krimp ...
    # Groei" (shrinking left), row by row: micro 7,959 | 16,923 / 17,505 | 14,039 (56,426
    # firms). The first cell is reform (both shrinking, the segmentation slide's 14%); beside it
    # with growing productivity grow, 16,923 / 56,426 = 30.0%; below it, shrinking
    # productivity, renew, 17,505 / 56,426 = 31.0%; accelerate 14,039 / 56,426 = 24.9%.
    # Summed over the classes (11,560 | 24,045 / 26,419 | 23,053 of 85,077): reform 13.6%, grow
    # 28.3%, renew 31.1%, accelerate 27.1%: the segmentation slide's unnamed 14/28/31/27%.
    grids = {
        "micro": (7_959, 16_923, 17_505, 14_039),
        "klein": (2_764, 5_767, 7_101, 7_119),
        "midden": (837, 1_355, 1_813, 1_895),
    }
    order = ("reform", "grow", "renew", "accelerate")
    shares = _yaml("population.yaml")["targets"]["segment_shares"]["value"]
    for size, counts in grids.items():
        for segment, count in zip(order, counts, strict=True):
            assert shares[size][segment] == round(count / sum(counts), 2), (size, segment)
    totals = [sum(c[i] for c in grids.values()) for i in range(4)]
    overall = {s: round(t / sum(totals), 3) for s, t in zip(order, totals, strict=True)}
    assert overall == {"reform": 0.136, "grow": 0.283, "renew": 0.311, "accelerate": 0.271}


def test_size_classes_are_sourced_and_contiguous():
    data = _yaml("size_classes.yaml")
    for entry in data["classes"]:
        assert not _missing(entry), entry["code"]
    assert not _missing(data["sme_limit"])
    sizes = params.size_classes()
    assert [(c.code, c.min, c.max) for c in sizes.classes] == [
        ("zzp", 1, 1),
        ("micro", 2, 9),
        ("klein", 10, 49),
        ("midden", 50, 249),
    ]
    assert sizes.of(10).code == "klein" and sizes.of(249).code == "midden"
    with pytest.raises(InvalidInput) as refused:
        sizes.of(250)
    assert "geen mkb" in refused.value.problems[0].text.nl


def test_sector_impact_readings_name_their_report_line():
    data = _yaml("sector_impact.yaml")
    assert data["metadata"]["source"] and data["metadata"]["unit"]
    for reading in data["readings"]:
        assert isinstance(reading["line"], int) and 1 <= reading["line"] <= 8172, reading
        assert reading["confidence"] in ("high", "medium", "low")
        assert -1 < reading["value"] < 1
    for group, entry in data["groups"].items():
        assert entry["source"] and entry["label"] and entry["label_en"], group
    for entry in data["classes"]:
        assert not _missing(entry), entry["code"]
    table = params.sector_impact()
    # every group has a value-added reading for both SME size bands
    for group in table.group_labels:
        for band in ("klein", "midden"):
            assert (group, band, "value_added") in table.readings, (group, band)
    # the five classes, in order of severity
    assert [c.code for c in table.classes] == [
        "zeer_grote_krimp",
        "grote_krimp",
        "gemiddelde_krimp",
        "geen_kleine_krimp",
        "groei",
    ]
    assert table.classify(-0.51).code == "zeer_grote_krimp"
    assert table.classify(0.02).code == "groei"


def test_every_section_maps_to_a_group_or_the_documented_fallback():
    table = params.sector_impact()
    mapped = set(table.group_of_section)
    unmapped = set(params.catalogue().sections) - mapped
    # outside Panteia's business-economy groups: finance, real estate, public administration,
    # education, health, households, extraterritorial bodies
    assert unmapped == {"K", "L", "O", "P", "Q", "T", "U"}


def test_sbi_catalogues_are_complete():
    catalogue = params.catalogue()
    sections_2008 = [c for c, s in catalogue.sbi2008.items() if s.level == "section"]
    assert len(sections_2008) == 21 and len(catalogue.divisions) == 88
    sections_2025 = [c for c, s in catalogue.sbi2025.items() if s.level == "section"]
    divisions_2025 = [c for c, s in catalogue.sbi2025.items() if s.level == "division"]
    assert len(sections_2025) == 22 and len(divisions_2025) == 87
    for code in catalogue.divisions:
        sector = catalogue.sbi2008[code]
        assert sector.section in sections_2008 and sector.name_nl and sector.name_en
    assert catalogue.sbi2008["47"].name_en == (
        "Retail trade, except of motor vehicles and motorcycles"
    )
    # every SBI 2025 division has a concordance row pointing at an existing SBI 2008 division
    for code in divisions_2025:
        row = catalogue.concordance[code]
        assert row.sbi2008 is None or row.sbi2008 in catalogue.sbi2008
        assert row.relation in ("same", "renumbered", "main", "none")
    assert set(catalogue.concordance) == set(divisions_2025)


def test_sbi_files_have_provenance():
    data = _yaml("sbi.yaml")
    for name in ("sbi2008.csv", "sbi2025.csv", "sbi2025_to_sbi2008.csv"):
        assert data[name]["label"] and data[name]["source"] and data[name]["licence"]
    for row in params.read_csv("sbi2008.csv") + params.read_csv("sbi2025.csv"):
        assert row["source"], row
