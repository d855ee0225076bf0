"""Spreadsheet formula injection (issue #12): no text cell of any CSV or XLSX export can run as a
formula. Every exporter writes through ``hulplijn.web.exports``: the cockpit tables
(``cockpit.tables.export``: the scenario list, a scenario's comparison, the plan, the
prioritisation and the monitor) and the CSV batch template. A text cell starting with = + - @,
a tab or CR gets a single quote in CSV; in XLSX it is a string cell (never a formula) with
Excel's quote prefix; numbers, negative ones too, stay numbers."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hulplijn.imports import csv_batch
from hulplijn.web import exports
from hulplijn.web.cockpit.models import Scenario
from hulplijn.web.cockpit.tables import Column, Table, export
from tests.web.factories import PolicyUserFactory

HYPERLINK = '=HYPERLINK("http://x","klik")'
HOSTILE = [
    HYPERLINK,
    "+31 6 12345678",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\uff1d1+1",  # full-width =
]


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8").lstrip("\ufeff"))))


def xlsx_cells(content: bytes):
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows()]


# --- the neutraliser ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_risky_text_gets_a_quote_numbers_stay_numbers(text):
    assert exports.neutralise(text) == "'" + text
    assert exports.neutralise("Zonder korting") == "Zonder korting"
    assert exports.neutralise("") == ""
    assert exports.neutralise(-1.5) == -1.5 and exports.neutralise(-3) == -3
    assert exports.neutralise(None) is None
    # a negative number typed as text is text: escaped like any other
    assert exports.neutralise("-1,5") == "'-1,5"


# --- cockpit tables: every page's export goes through tables.export ---------------------------


TABLE = Table(
    slug="vijandig",
    title="=Vijandig",
    columns=(Column("name", "=Naam"), Column("value", "Waarde", "number")),
    rows=[{"name": text, "value": -1.25} for text in HOSTILE] + [{"name": "gewoon", "value": None}],
)


def test_table_csv_neutralises_text_cells_and_headers():
    rows = csv_rows(export(TABLE, "csv").content)
    assert rows[0] == ["'=Naam", "Waarde"]
    for text, row in zip(HOSTILE, rows[1:], strict=False):
        assert row == ["'" + text, "-1.25"]  # the number stays a plain negative number
    assert rows[-1] == ["gewoon", ""]


def test_table_xlsx_has_no_formula_cells_and_keeps_numbers():
    cells = xlsx_cells(export(TABLE, "xlsx").content)
    assert cells[0][0].value == "=Naam" and cells[0][0].data_type == "s"
    for text, (name, value) in zip(HOSTILE, cells[1:], strict=False):
        assert name.data_type == "s", text  # never 'f' (formula)
        assert name.value == text.replace("\r", "\n") or name.value == text
        assert name.quotePrefix  # Excel keeps it text when the cell is edited
        assert value.data_type == "n" and value.value == -1.25
    assert all(c.data_type != "f" for row in cells for c in row)
    assert cells[-1][0].quotePrefix is False and cells[-1][1].value is None


def test_xlsx_error_codes_and_control_characters_stay_text():
    table = Table(
        "t", "T", (Column("a", "A"),), [{"a": "#N/A"}, {"a": "naam\x01met\x1fstuurteken"}]
    )
    cells = xlsx_cells(export(table, "xlsx").content)
    assert cells[1][0].data_type == "s" and cells[1][0].value == "#N/A"
    assert cells[2][0].value == "naam\ufffdmet\ufffdstuurteken"


@pytest.mark.django_db
def test_scenario_list_exports_a_hostile_name_neutralised(client):
    client.force_login(PolicyUserFactory())
    response = client.post(
        reverse("cockpit:scenario_new"),
        {"name": HYPERLINK, "description": "@SUM(1+1)", "drop": ["4"]},
    )
    assert response.status_code == 302
    assert Scenario.objects.get().name == HYPERLINK  # stored as typed

    url = reverse("cockpit:scenarios")
    rows = csv_rows(client.get(url, {"export": "scenarios", "format": "csv"}).content)
    row = rows[1]
    assert row[0] == "'" + HYPERLINK and row[1] == "'@SUM(1+1)"
    assert float(row[3]) < 0  # the difference from the baseline: a negative number, unquoted

    cells = xlsx_cells(client.get(url, {"export": "scenarios", "format": "xlsx"}).content)
    name, description, _va, difference = cells[1][:4]
    assert name.value == HYPERLINK and name.data_type == "s" and name.data_type != "f"
    assert description.value == "@SUM(1+1)" and description.data_type == "s"
    assert difference.data_type == "n" and difference.value < 0
    assert all(c.data_type != "f" for row in cells for c in row)


@pytest.mark.django_db
def test_scenario_comparison_export_neutralises_too(client):
    client.force_login(PolicyUserFactory())
    client.post(reverse("cockpit:scenario_new"), {"name": "-Zonder 4", "drop": ["4"]})
    url = reverse("cockpit:scenario", args=[Scenario.objects.get().pk])
    for fmt in ("csv", "xlsx"):
        response = client.get(url, {"export": "vergelijking-contribution", "format": fmt})
        assert response.status_code == 200
        if fmt == "csv":
            assert all(
                not c.startswith(exports.TRIGGERS)
                for r in csv_rows(response.content)
                for c in r
                if not _number(c)
            )
        else:
            assert all(c.data_type != "f" for r in xlsx_cells(response.content) for c in r)


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


# --- the CSV batch template ---------------------------------------------------------------------


def test_batch_template_has_no_cell_that_reads_as_a_formula():
    rows = list(csv.reader(io.StringIO(csv_batch.template_csv()), delimiter=";"))
    assert len(rows) == 2
    for cell in rows[0] + rows[1]:
        assert not cell.startswith(exports.TRIGGERS), cell
