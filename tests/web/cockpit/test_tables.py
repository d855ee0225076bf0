"""Cockpit tables: the page and its CSV / XLSX exports hold the same cells."""

import csv
import io

import pytest
from django.http import Http404
from django.test import RequestFactory
from openpyxl import load_workbook

from hulplijn.web.cockpit.tables import SECRET, Column, Table, export, exported

TABLE = Table(
    slug="segmenten",
    title="Segmenten",
    columns=(
        Column("group", "Groep"),
        Column("n", "Bedrijven", "int"),
        Column("share", "Aandeel", "share"),
        Column("change", "Verandering", "euro"),
    ),
    rows=[
        {"group": "micro", "n": 12, "share": 0.25, "change": 1234567.4},
        {"group": "klein", "n": None, "share": None, "change": None},  # suppressed
    ],
)


def test_display_is_dutch_and_suppressed_cells_are_a_dash(settings):
    from django.utils import translation

    with translation.override("nl"):
        assert TABLE.cells() == [
            ["micro", "12", "25,0%", "€ 1.234.567"],
            ["klein", "–", "–", "–"],
        ]


def test_csv_export_holds_the_raw_values_and_blanks_for_suppressed_cells():
    response = export(TABLE, "csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # so Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [
        ["Groep", "Bedrijven", "Aandeel", "Verandering"],
        ["micro", "12", "0.25", "1234567.4"],
        ["klein", "", "", ""],
    ]
    assert response["Content-Disposition"] == 'attachment; filename="segmenten.csv"'


def test_xlsx_export_holds_the_same_cells():
    response = export(TABLE, "xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Groep", "Bedrijven", "Aandeel", "Verandering"],
        ["micro", 12, 0.25, 1234567.4],
        ["klein", None, None, None],
    ]


def test_an_unknown_table_or_format_is_404():
    factory = RequestFactory()
    assert exported(factory.get("/"), [TABLE]) is None
    with pytest.raises(Http404):
        exported(factory.get("/?export=onbekend&format=csv"), [TABLE])
    with pytest.raises(Http404):
        exported(factory.get("/?export=segmenten&format=pdf"), [TABLE])
    assert exported(factory.get("/?export=segmenten&format=xlsx"), [TABLE]).status_code == 200


def test_a_hidden_cell_is_an_x_and_exports_empty():
    # #16: hidden (disclosure control) and empty (no firms, not applicable) no longer share a dash
    table = Table(
        "t",
        "T",
        (Column("group", "Groep"), Column("n", "Bedrijven", "int")),
        [{"group": "a", "n": SECRET}, {"group": "b", "n": None}],
    )
    assert table.cells() == [["a", "x"], ["b", "–"]]
    assert table.records() == [["a", ""], ["b", ""]]
    assert table.values() == [{"group": "a", "n": None}, {"group": "b", "n": None}]
