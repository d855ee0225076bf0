"""Spreadsheet downloads (CSV and XLSX) whose text cells can never run as formulas.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab, carriage return or line feed, or
the full-width forms of those four signs) is a formula to Excel, LibreOffice and Google Sheets
when the file is opened: a scenario named ``=HYPERLINK("http://x","klik")`` would be a live link,
``=cmd|...`` a DDE call. Every exporter writes its rows through this module (OWASP, "CSV
Injection"):

- CSV: such a text cell gets a single quote in front (``'=HYPERLINK(...)``), which the
  spreadsheet shows as text; the csv module quotes separators and quotes inside it;
- XLSX: a text cell is always written as a string cell (openpyxl would otherwise store a text
  starting with ``=`` as a formula and ``#N/A`` as an error), with Excel's "quote prefix" style
  on the risky ones, so the text stays exactly what it was and stays text when edited;
- numbers stay numbers: -1.5 is a number cell (XLSX) or the plain ``-1.5`` (CSV); only text is
  escaped, so a negative number typed as text ("-1,5") does get the quote.

Characters XLSX cannot hold (control characters other than tab, CR and LF) become U+FFFD, so an
odd name never breaks the download.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from numbers import Number
from typing import Any

from django.http import HttpResponse

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""Leading characters that make a spreadsheet read a cell as a formula (the last four: the
full-width = + - @, which some spreadsheets fold to the ASCII ones)."""

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def is_number(value: Any) -> bool:
    """A real number (not a bool, not text that looks like one)."""
    return isinstance(value, Number) and not isinstance(value, bool)


def risky(text: str) -> bool:
    """Whether a text cell would be read as a formula."""
    return text.startswith(TRIGGERS)


def neutralise(value: Any) -> Any:
    """A cell for CSV: numbers and empty cells as they are, any other value as text, with a
    single quote in front when it starts like a formula."""
    if value is None or is_number(value):
        return value
    text = str(value)
    return "'" + text if risky(text) else text


def csv_text(header: Sequence[Any], rows: Iterable[Sequence[Any]], *, delimiter: str = ",") -> str:
    """CSV (``\\r\\n`` line ends as the csv module writes them) with every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow([neutralise(c) for c in header])
    for row in rows:
        writer.writerow([neutralise(c) for c in row])
    return buffer.getvalue()


def csv_response(
    filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    """A CSV download: UTF-8 with a BOM (so Excel reads the accents), comma separated."""
    response = HttpResponse(
        "\ufeff" + csv_text(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_cell(sheet, value: Any):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or value == "":
        return WriteOnlyCell(sheet, None)
    if is_number(value):
        return WriteOnlyCell(sheet, value)
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(value))
    cell = WriteOnlyCell(sheet, None)
    cell.value = text
    cell.data_type = "s"  # never 'f' (formula) or 'e' (error), whatever the text
    if risky(text):
        cell.quotePrefix = True
    return cell


def xlsx_bytes(title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """One worksheet called ``title`` (already a valid sheet name) with a header row."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title)
    sheet.append([_xlsx_cell(sheet, c) for c in header])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, c) for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_response(
    filename: str, title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(title, header, rows), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
