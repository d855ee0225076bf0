"""CSV batch intake for advisers: one row per firm, validated with ``hulplijn.core.parse_firm``.

Columns (header names, case-insensitive; ``N`` is 1 or 2; see docs/reference/register-and-batch.md):

- ``firm`` (your label or file number, optional), ``kvk_number`` (optional, 8 digits),
  ``sbi`` (required), ``sbi_version`` (optional, 2008 or 2025), ``working_persons`` (optional);
- ``year_N``, ``gross_margin_N``, ``wage_costs_N``, ``fte_N``: the two reference years (required);
- ``moment_N`` (``yyyy-mm``) and ``moment_N_<item>`` for the FirmInput liquidity items ``cash``,
  ``short_term_receivables``, ``trade_debtors``, ``short_term_debts``, ``trade_creditors``,
  ``interest_costs``, ``wage_costs``, ``other_costs`` (optional; all nine columns of a moment or
  none);
- ``equity`` and ``total_assets`` (optional; both or neither).

Numbers may be written the Dutch way (``965.000``, ``965000,50``, ``965.000,50``) or plainly
(``965000``, ``965000.50``); ``965,000`` is refused as ambiguous, and so are thousands separators
in FTE (``12.500``). The delimiter is ``;`` or ``,`` (whichever the header line holds more of);
UTF-8 with or without a BOM; at most 5 MB and 10,000 rows.

Whole-file refusals (too large, not UTF-8, empty, no rows, too many rows, broken quoting) raise
``ImportRefused``. Column problems (missing, unknown, duplicate) are reported once in
``BatchResult.file_problems``; a missing or duplicate column stops the rows from being read,
an unknown column is only reported (and ignored). Every row then gets either a ``FirmInput`` or
its problems, each naming the row number (the header is row 1, as in a spreadsheet), the CSV column
and the reason in Dutch and English.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Any, Literal

from hulplijn.core import FirmInput, InvalidInput, Text, numbers, parse_firm
from hulplijn.core.errors import placed
from hulplijn.core.firm import LIQUIDITY_ITEMS
from hulplijn.imports import safe_xml
from hulplijn.imports.errors import ImportRefused
from hulplijn.imports.kvk import InvalidRegisterNumber, check_kvk_number

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000

Kind = Literal["text", "integer", "number"]


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    required: bool


def _columns() -> tuple[Column, ...]:
    columns = [
        Column("firm", "text", False),
        Column("kvk_number", "text", False),
        Column("sbi", "text", True),
        Column("sbi_version", "text", False),
        Column("working_persons", "integer", False),
    ]
    for n in (1, 2):
        columns += [
            Column(f"year_{n}", "integer", True),
            Column(f"gross_margin_{n}", "number", True),
            Column(f"wage_costs_{n}", "number", True),
            Column(f"fte_{n}", "number", True),
        ]
    for n in (1, 2):
        columns.append(Column(f"moment_{n}", "text", False))
        columns += [Column(f"moment_{n}_{item}", "number", False) for item in LIQUIDITY_ITEMS]
    columns += [Column("equity", "number", False), Column("total_assets", "number", False)]
    return tuple(columns)


COLUMNS = _columns()
_BY_NAME = {c.name: c for c in COLUMNS}
# optional columns that only make sense together
GROUPS = (
    tuple(f"moment_1{s}" for s in ("", *(f"_{i}" for i in LIQUIDITY_ITEMS))),
    tuple(f"moment_2{s}" for s in ("", *(f"_{i}" for i in LIQUIDITY_ITEMS))),
    ("equity", "total_assets"),
)

# the report's example firm (src/hulplijn/examples/voorbeeldbedrijf.json)
EXAMPLE_ROW = {
    "firm": "Voorbeeldbedrijf",
    "kvk_number": "",
    "sbi": "47",
    "sbi_version": "2008",
    "working_persons": "60",
    "year_1": "2016",
    "gross_margin_1": "909000",
    "wage_costs_1": "329000",
    "fte_1": "56",
    "year_2": "2018",
    "gross_margin_2": "965000",
    "wage_costs_2": "348740",
    "fte_2": "58",
    "moment_1": "2020-02",
    "moment_1_cash": "150000",
    "moment_1_short_term_receivables": "20000",
    "moment_1_trade_debtors": "90000",
    "moment_1_short_term_debts": "110000",
    "moment_1_trade_creditors": "70000",
    "moment_1_interest_costs": "15000",
    "moment_1_wage_costs": "340000",
    "moment_1_other_costs": "180000",
    "moment_2": "2020-07",
    "moment_2_cash": "95000",
    "moment_2_short_term_receivables": "15000",
    "moment_2_trade_debtors": "60000",
    "moment_2_short_term_debts": "120000",
    "moment_2_trade_creditors": "65000",
    "moment_2_interest_costs": "15000",
    "moment_2_wage_costs": "330000",
    "moment_2_other_costs": "150000",
    "equity": "520000",
    "total_assets": "1300000",
}


# --- results --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileProblem:
    """A problem with the file's columns, reported once. ``blocking``: rows were not read."""

    column: str
    code: str
    text: Text
    blocking: bool

    def line(self, language: str | None = "nl") -> str:
        """``kolom omzet: ...`` / ``column omzet: ...``."""
        return placed(self.text, column=self.column)(language)


@dataclass(frozen=True)
class RowProblem:
    """One problem in one row: row number (header = 1), CSV column ("" = the whole row), reason."""

    row: int
    column: str
    code: str
    text: Text

    def line(self, language: str | None = "nl") -> str:
        """``rij 3, kolom omzet: ...`` / ``row 3, column omzet: ...`` (``rij 3: ...`` for a row)."""
        return placed(self.text, row=self.row, column=self.column)(language)


@dataclass(frozen=True)
class BatchRow:
    """One firm: ``firm`` when the row is valid, otherwise ``problems``."""

    row: int
    label: str
    kvk_number: str | None
    firm: FirmInput | None
    problems: tuple[RowProblem, ...]

    @property
    def ok(self) -> bool:
        return self.firm is not None


@dataclass(frozen=True)
class BatchResult:
    rows: tuple[BatchRow, ...]
    file_problems: tuple[FileProblem, ...]
    delimiter: str

    @property
    def valid(self) -> tuple[BatchRow, ...]:
        return tuple(r for r in self.rows if r.ok)

    @property
    def invalid(self) -> tuple[BatchRow, ...]:
        return tuple(r for r in self.rows if not r.ok)

    @property
    def problems(self) -> tuple[RowProblem, ...]:
        return tuple(p for r in self.rows for p in r.problems)

    @property
    def blocked(self) -> bool:
        """True when a column problem stopped the rows from being read."""
        return any(p.blocking for p in self.file_problems)


# --- numbers --------------------------------------------------------------------------------

NumberProblem = numbers.NumberError
"""A cell that is not a number we can read; ``code`` and ``text`` say why."""


def parse_number(text: str, thousands: bool = True) -> float:
    """A number written the Dutch way or plainly, or NumberProblem saying what is wrong: the
    project's one parser (``hulplijn.core.numbers``) for a Dutch file that may hold English
    notation (docs/reference/numbers.md).

    ``thousands=False`` (FTE) refuses thousands separators: ``12.500`` FTE is far more likely
    12.5 with three decimals than 12,500 FTE in an SME."""
    return float(numbers.parse_number(text, "nl", grouping=thousands, mixed=True))


# --- reading --------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    safe_xml.check_size(data, MAX_BYTES)  # the same refusal as an XML file's, in MB
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is None or "\x00" in text:
        raise ImportRefused(
            "encoding",
            "het bestand is geen UTF-8-tekst; sla het in Excel op als 'CSV UTF-8 (door "
            "komma's gescheiden)'",
            "the file is not UTF-8 text; in Excel, save it as 'CSV UTF-8 (comma delimited)'",
        )
    if not text.strip():
        raise ImportRefused("csv_empty", "het bestand is leeg", "the file is empty")
    return text


def _delimiter(text: str) -> str:
    header = text.lstrip("\r\n").split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def _normal(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _header_problems(names: list[str]) -> list[FileProblem]:
    problems: list[FileProblem] = []
    present = [n for n in names if n]
    for name in sorted({n for n in present if present.count(n) > 1}):
        problems.append(
            FileProblem(
                name,
                "duplicate_column",
                Text(
                    "komt meer dan eens voor in de kopregel", "occurs more than once in the header"
                ),
                True,
            )
        )
    for name in dict.fromkeys(n for n in present if n not in _BY_NAME):
        problems.append(
            FileProblem(
                name,
                "unknown_column",
                Text(
                    "is geen bekende kolom en wordt overgeslagen (zie het sjabloon voor de namen)",
                    "is not a known column and is ignored (see the template for the names)",
                ),
                False,
            )
        )
    missing = [c.name for c in COLUMNS if c.required and c.name not in present]
    for group in GROUPS:
        if any(n in present for n in group):
            missing += [n for n in group if n not in present]
    for name in missing:
        problems.append(
            FileProblem(
                name,
                "missing_column",
                Text("ontbreekt in de kopregel", "is missing from the header"),
                True,
            )
        )
    return problems


_YEAR_PATH = re.compile(r"years\[(\d+)\](?:\.(\w+))?")
_MOMENT_PATH = re.compile(r"liquidity\[(\d+)\](?:\.(\w+))?")


def column_of(path: str, moments: list[int]) -> str:
    """The CSV column of a FirmInput field path (``years[1].fte`` -> ``fte_2``); ``moments``
    lists which moment columns (1, 2) filled ``liquidity[0]``, ``liquidity[1]``."""
    if match := _YEAR_PATH.fullmatch(path):
        n, name = int(match[1]) + 1, match[2]
        return f"{name}_{n}" if name and name != "year" else f"year_{n}"
    if match := _MOMENT_PATH.fullmatch(path):
        index = int(match[1])
        n = moments[index] if index < len(moments) else index + 1
        name = match[2]
        return f"moment_{n}_{name}" if name and name != "moment" else f"moment_{n}"
    if path == "years":  # the two years are the same
        return "year_2"
    if path == "liquidity":  # the two moments are the same
        return f"moment_{moments[-1] if moments else 2}"
    if path in ("solvency", "solvency.equity"):  # equity above total assets
        return "equity"
    if path == "solvency.total_assets":
        return "total_assets"
    return path


def _row(number: int, cells: list[str], positions: dict[str, int], width: int) -> BatchRow:
    values = {name: cells[pos].strip() for name, pos in positions.items() if pos < len(cells)}
    label = values.get("firm", "")
    kvk = values.get("kvk_number") or None
    if any(cell.strip() for cell in cells[width:]):
        problem = RowProblem(
            number,
            "",
            "too_many_cells",
            Text(
                "deze rij heeft meer cellen dan de kopregel; staat er een komma in een getal? Zet "
                "het getal tussen aanhalingstekens of gebruik ; als scheidingsteken",
                "this row has more cells than the header; is there a comma in a number? Quote "
                "the number or use ; as the delimiter",
            ),
        )
        return BatchRow(number, label, kvk, None, (problem,))

    problems: list[RowProblem] = []
    parsed: dict[str, Any] = {}
    for name, value in values.items():
        column = _BY_NAME[name]
        if not value or column.kind == "text":
            parsed[name] = value
            continue
        try:
            amount = parse_number(value, thousands=not name.startswith("fte_"))
        except NumberProblem as bad:
            problems.append(RowProblem(number, name, bad.code, bad.text))
            continue
        parsed[name] = int(amount) if column.kind == "integer" and amount.is_integer() else amount

    if kvk:
        try:
            kvk = check_kvk_number(kvk)
        except InvalidRegisterNumber as bad:
            problems.append(RowProblem(number, "kvk_number", bad.code, bad.text))

    def given(name: str) -> bool:
        return values.get(name, "") != ""

    def pick(mapping: dict[str, str]) -> dict[str, Any]:
        return {
            key: parsed[column]
            for key, column in mapping.items()
            if column in parsed and parsed[column] != ""
        }

    data: dict[str, Any] = pick(
        {"sbi": "sbi", "sbi_version": "sbi_version", "working_persons": "working_persons"}
    )
    if "sbi" in data:  # Excel in a Dutch locale turns 47.11 into 47,11
        data["sbi"] = data["sbi"].replace(",", ".")
    data["years"] = [
        pick(
            {
                "year": f"year_{n}",
                "gross_margin": f"gross_margin_{n}",
                "wage_costs": f"wage_costs_{n}",
                "fte": f"fte_{n}",
            }
        )
        for n in (1, 2)
    ]
    moments = [n for n in (1, 2) if any(given(c) for c in GROUPS[n - 1])]
    if moments:
        data["liquidity"] = [
            pick({"moment": f"moment_{n}", **{i: f"moment_{n}_{i}" for i in LIQUIDITY_ITEMS}})
            for n in moments
        ]
    if given("equity") or given("total_assets"):
        data["solvency"] = pick({"equity": "equity", "total_assets": "total_assets"})

    firm = None
    try:
        firm = parse_firm(data)
    except InvalidInput as invalid:
        flagged = {p.column for p in problems}
        for found in invalid.problems:
            where = column_of(found.path, moments)
            if where not in flagged:  # a cell we could not read is reported once, by us
                problems.append(RowProblem(number, where, found.code, found.text))
    if problems:
        order = {c.name: i for i, c in enumerate(COLUMNS)}
        problems.sort(key=lambda p: order.get(p.column, -1))
        return BatchRow(number, label, kvk, None, tuple(problems))
    return BatchRow(number, label, kvk, firm, ())


def read_batch(data: bytes) -> BatchResult:
    """Read an adviser's CSV (one firm per row) into validated FirmInputs and row problems."""
    text = _decode(data)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    # rows are numbered by record, as a spreadsheet shows them (a quoted line break stays in
    # its cell), not by line of text
    records = enumerate(reader, start=1)
    try:
        header: list[str] | None = None
        for _, cells in records:
            if any(cell.strip() for cell in cells):
                header = cells
                break
        if header is None:  # pragma: no cover - _decode refuses blank files
            raise ImportRefused("csv_empty", "het bestand is leeg", "the file is empty")
        names = [_normal(cell) for cell in header]
        file_problems = _header_problems(names)
        if any(p.blocking for p in file_problems):
            return BatchResult((), tuple(file_problems), delimiter)
        positions = {name: i for i, name in enumerate(names) if name in _BY_NAME}
        rows: list[BatchRow] = []
        for number, cells in records:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise ImportRefused(
                    "too_many_rows",
                    f"het bestand heeft meer dan {numbers.count(MAX_ROWS, 'nl')} rijen; splits het",
                    f"the file has more than {numbers.count(MAX_ROWS, 'en')} rows; split it",
                )
            rows.append(_row(number, cells, positions, len(names)))
    except csv.Error as error:
        raise ImportRefused(
            "csv_malformed",
            f"het bestand is geen geldige CSV (regel {reader.line_num}: {error})",
            f"the file is not valid CSV (line {reader.line_num}: {error})",
        ) from None
    if not rows:
        raise ImportRefused(
            "csv_no_rows",
            "het bestand bevat alleen een kopregel en geen bedrijven",
            "the file holds only a header and no firms",
        )
    return BatchResult(tuple(rows), tuple(file_problems), delimiter)


def template_csv() -> str:
    """The downloadable template: the header and one example row (the report's example firm),
    separated by ``;`` so Excel in a Dutch locale opens it in columns."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.name for c in COLUMNS])
    writer.writerow([EXAMPLE_ROW[c.name] for c in COLUMNS])
    return buffer.getvalue()
