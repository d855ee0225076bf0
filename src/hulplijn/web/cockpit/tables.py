"""A cockpit table: what a page shows and what its CSV / XLSX export holds, from one object, so
an export can never hold more than the page (both get the disclosure-controlled rows).

A cell that is ``None`` is shown as a dash: not applicable, or (in the monitoring) no firms; a
cell hidden by disclosure control is ``SECRET`` and shown as ``x``, as in CBS tables (#16: one
dash for both hid which was which). The table's note gives the legend. Exports leave both empty.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from numbers import Number
from typing import Any

from django.http import Http404, HttpResponse
from django.utils.text import slugify
from django.utils.translation import get_language

from hulplijn.core import numbers
from hulplijn.web import exports

FORMATS = ("csv", "xlsx")
KINDS = ("text", "int", "number", "euro", "share", "score", "bn", "roi", "sig")
DIGITS = {"int": 0, "number": 2, "score": 1}
"""Decimals a page cell shows (a share is a percentage with one, a euro amount whole; a model
figure in € bn, ``bn``, three significant digits with at most two decimals, 30,0 and 1,20; an
``roi`` a percentage with two significant digits, 480% and 10.000%, never 10.250,0%)."""
SHEET_FORBIDDEN = re.compile(r"[\\/?*\[\]:]")


class _Secret:
    """A cell hidden by disclosure control (CBS's ``x``, "geheim")."""

    def __repr__(self) -> str:
        return "SECRET"


SECRET = _Secret()
SECRET_SYMBOL = "x"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"  # text | int | number | euro | share (0-1) | score | bn | roi (0-1)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")

    def display(self, value: Any) -> str:
        """The cell as the page shows it (localised); None is a dash, SECRET an x."""
        if value is SECRET:
            return SECRET_SYMBOL
        if value is None:
            return "–"
        if self.kind == "text" or not isinstance(value, Number):
            return str(value)
        language = get_language()
        if self.kind == "euro":
            return numbers.euro(value, language, spaced=True)
        if self.kind == "share":
            return numbers.percent(value, language, 1)
        if self.kind == "bn":
            return numbers.precise(value, language)
        if self.kind == "roi":
            return numbers.percent_significant(value, language, 2)
        if self.kind == "sig":  # an assumption as written: 25.000, 0,0125, 0,3
            return numbers.significant(value, language, 4)
        return numbers.number(value, language, DIGITS[self.kind])


@dataclass(frozen=True)
class Table:
    slug: str
    title: str
    columns: Sequence[Column]
    rows: Sequence[Mapping[str, Any]]
    note: str = ""
    header_column: bool = True  # the first column names the row (<th scope="row">)
    extra: Mapping[str, Any] = field(default_factory=dict)

    def cells(self) -> list[list[str]]:
        """Rows of display strings, for the template."""
        return [[c.display(row.get(c.key)) for c in self.columns] for row in self.rows]

    def values(self) -> list[dict[str, Any]]:
        """Rows of raw values by column key, for JSON (a hidden cell is None, as an empty one)."""
        return [
            {c.key: None if row.get(c.key) is SECRET else row.get(c.key) for c in self.columns}
            for row in self.rows
        ]

    def records(self) -> list[list[Any]]:
        """Rows of raw values, for the exports (None becomes an empty cell)."""
        return [[_raw(row.get(c.key)) for c in self.columns] for row in self.rows]


def _raw(value: Any) -> Any:
    if value is None or value is SECRET:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, Number | str):
        return value
    return str(value)


def export(table: Table, fmt: str) -> HttpResponse:
    """The table as a download (CSV: UTF-8 with BOM, comma separated, point decimals). Text
    cells go through ``hulplijn.web.exports``, so none of them can run as a formula."""
    name = slugify(table.slug) or "tabel"
    header = [str(c.label) for c in table.columns]
    if fmt == "csv":
        return exports.csv_response(f"{name}.csv", header, table.records())
    if fmt == "xlsx":
        # Excel refuses : / \\ ? * [ ] in sheet names and more than 31 characters
        title = SHEET_FORBIDDEN.sub(" ", str(table.title))[:31] or name
        return exports.xlsx_response(f"{name}.xlsx", title, header, table.records())
    raise Http404("unknown export format")


def exported(request, tables: Sequence[Table]) -> HttpResponse | None:
    """The export the request asks for (``?export=<slug>&format=csv|xlsx``), or None."""
    slug = request.GET.get("export")
    if not slug:
        return None
    fmt = request.GET.get("format", "csv")
    for table in tables:
        if table.slug == slug and fmt in FORMATS:
            return export(table, fmt)
    raise Http404("no such table or format")
