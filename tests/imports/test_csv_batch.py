"""CSV batch intake: Dutch and plain numbers, ; and , files, BOM, row/column/reason per problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hulplijn.core import parse_firm
from hulplijn.core.firm import LIQUIDITY_ITEMS
from hulplijn.imports.csv_batch import (
    COLUMNS,
    MAX_BYTES,
    MAX_ROWS,
    NumberProblem,
    column_of,
    parse_number,
    read_batch,
    template_csv,
)
from hulplijn.imports.errors import ImportRefused
from tests.conftest import EXAMPLE

FIXTURES = Path(__file__).parents[1] / "fixtures" / "csv"
EXAMPLE_FIRM = parse_firm(json.loads(EXAMPLE.read_text()))
REQUIRED = "sbi;year_1;gross_margin_1;wage_costs_1;fte_1;year_2;gross_margin_2;wage_costs_2;fte_2"


def read(name: str):
    return read_batch((FIXTURES / name).read_bytes())


def problems(result):
    return [(p.row, p.column, p.code) for p in result.problems]


# --- numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("965000", 965_000),
        ("965.000", 965_000),
        ("1.300.000", 1_300_000),
        ("965000,50", 965_000.5),
        ("965.000,50", 965_000.5),
        ("965000.50", 965_000.5),
        ("1,300,000", 1_300_000),
        ("965,000.50", 965_000.5),
        ("€ 965.000", 965_000),
        ("-12.500", -12_500),
        ("€ -12.500", -12_500),
        ("-€12.500", -12_500),
        ("9,5", 9.5),
        ("0,125", 0.125),
        ("0.500", 0.5),
        ("58", 58),
        ("1 300 000", 1_300_000),
        ("965\u00a0000", 965_000),
        ("\u22125", -5),
    ],
)
def test_dutch_and_plain_numbers(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("965,000", "number_ambiguous"),
        ("12,500", "number_ambiguous"),
        ("negenhonderd", "number_form"),
        ("1e6", "number_form"),
        ("nan", "number_form"),
        ("inf", "number_form"),
        ("9.65.00", "number_form"),
        ("965.00,0.5", "number_form"),
        ("1.2345", "number_form_or_plain"),
        ("--5", "number_form"),
        ("5%", "number_form"),
    ],
)
def test_unreadable_numbers(text, code):
    if code == "number_form_or_plain":  # 1.2345 is a plain decimal, not a thousands group
        assert parse_number(text) == 1.2345
        return
    with pytest.raises(NumberProblem) as caught:
        parse_number(text)
    assert caught.value.code == code


def test_fte_refuses_thousands_separators():
    assert parse_number("12.500") == 12_500
    with pytest.raises(NumberProblem) as caught:
        parse_number("12.500", thousands=False)
    assert caught.value.code == "number_ambiguous"
    assert parse_number("12,5", thousands=False) == 12.5


# --- good files --------------------------------------------------------------------------------


def test_semicolon_dutch_numbers_with_bom():
    result = read("good_semicolon_dutch_bom.csv")
    assert result.delimiter == ";" and result.file_problems == () and result.problems == ()
    bakery, example, advice = (row.firm for row in result.rows)
    assert [row.row for row in result.rows] == [2, 3, 4]
    assert result.rows[0].label == "Bakkerij Één"  # UTF-8, BOM not part of the first column
    assert result.rows[0].kvk_number == "90006623"
    assert bakery.sbi == "1071" and bakery.working_persons == 12
    assert bakery.years[0].gross_margin == 410_500.5 and bakery.years[0].fte == 9.5
    assert bakery.solvency.equity == 120_000 and bakery.solvency.total_assets == 300_000
    assert example.years == EXAMPLE_FIRM.years and example.solvency == EXAMPLE_FIRM.solvency
    assert advice.sbi == "7022"  # "70,22" as Excel writes 70.22
    assert advice.years[0].gross_margin == -12_500 and advice.years[1].fte == 1.25
    assert advice.solvency is None and advice.working_persons is None


def test_comma_plain_numbers_with_one_liquidity_moment():
    result = read("good_comma_plain.csv")
    assert result.delimiter == "," and result.problems == ()
    example, shop = (row.firm for row in result.rows)
    assert example.years == EXAMPLE_FIRM.years
    assert example.liquidity == EXAMPLE_FIRM.liquidity[:1]
    assert shop.years[0].gross_margin == 250_000.75 and shop.years[0].fte == 3.5
    assert shop.years[1].gross_margin == 310_000.25  # quoted Dutch number in a , file
    assert shop.years[1].wage_costs == 1_250_000  # quoted English grouping
    assert shop.liquidity == []  # moment columns present but empty: no moment


def test_template_is_the_report_example_and_reads_back():
    text = template_csv()
    header, row, end = text.split("\r\n")
    assert end == "" and header.split(";") == [c.name for c in COLUMNS]
    result = read_batch(text.encode("utf-8"))
    assert result.file_problems == () and len(result.rows) == 1
    assert result.rows[0].label == "Voorbeeldbedrijf"
    assert result.rows[0].firm == EXAMPLE_FIRM
    assert row.startswith("Voorbeeldbedrijf;;47;2008;60;2016;909000;329000;56;2018;965000;")


# --- bad rows ----------------------------------------------------------------------------------


def test_valid_rows_come_through_when_others_fail():
    result = read("mixed_rows.csv")
    assert [row.row for row in result.valid] == [2, 8]
    assert [row.label for row in result.valid] == ["Goed A", "Goed B"]
    assert result.valid[0].firm.years == EXAMPLE_FIRM.years
    assert result.valid[1].firm.sbi == "5610" and result.valid[1].firm.years[0].fte == 5.5
    assert [row.row for row in result.invalid] == [3, 4, 5, 6, 7, 10]  # blank line 9 skipped
    assert all(row.firm is None and row.problems for row in result.invalid)


def test_each_problem_names_row_column_and_reason():
    result = read("mixed_rows.csv")
    assert problems(result) == [
        (3, "wage_costs_2", "missing"),
        (4, "gross_margin_1", "number_form"),
        (5, "fte_1", "greater_than"),
        (6, "working_persons", "not_sme"),
        (7, "equity", "equity_above_assets"),
        (10, "kvk_number", "kvk_number_form"),
        (10, "gross_margin_1", "number_ambiguous"),
        (10, "fte_1", "number_ambiguous"),
    ]
    by_row = {p.row: p for p in result.problems}
    assert by_row[3].text.nl == "ontbreekt; vul dit in"
    assert by_row[3].text.en == "is missing; please fill it in"
    assert by_row[3].line("nl") == "rij 3, kolom wage_costs_2: ontbreekt; vul dit in"
    assert by_row[3].line("en") == "row 3, column wage_costs_2: is missing; please fill it in"
    assert by_row[4].text.nl == (
        "moet een getal zijn, zoals 965000 of 965.000,50 (gevonden: 'negenhonderd')"
    )
    assert by_row[5].text.nl == "moet groter zijn dan 0"
    assert by_row[5].text.en == "must be greater than 0"
    assert by_row[6].text.en.startswith("250 or more working persons is not an SME")
    assert by_row[7].text.en == "equity cannot exceed total assets"
    row_10 = [p for p in result.problems if p.row == 10]
    assert row_10[0].text.nl == "een KVK-nummer bestaat uit 8 cijfers en begint niet met 00"
    assert "965,000" in row_10[1].text.nl and "12.500" in row_10[2].text.en


def test_more_problems_in_one_row_are_all_named_in_column_order():
    data = (
        f"firm;working_persons;{REQUIRED};equity;total_assets\n"
        "X;abc;47;2016;;150.000;0;2018;320.000;-5;9;100;\n"
        "Y;;47;2016;1;1;1;2016;1;1;1;;\n"
    ).encode()
    result = read_batch(data)
    assert problems(result) == [
        (2, "working_persons", "number_form"),
        (2, "gross_margin_1", "missing"),
        (2, "fte_1", "greater_than"),
        (2, "wage_costs_2", "greater_than_equal"),
        (2, "total_assets", "missing"),
        (3, "year_2", "same_year"),
    ]
    assert result.problems[-1].text.nl == "de twee referentiejaren moeten verschillen"


def test_liquidity_problems_name_the_moment_columns_that_were_filled():
    items = LIQUIDITY_ITEMS
    moment_2 = ";".join(["moment_2", *(f"moment_2_{i}" for i in items)])
    moment_1 = moment_2.replace("moment_2", "moment_1")
    row = "47;2016;909.000;329.000;56;2018;965.000;348.740;58"
    data = (
        f"{REQUIRED};{moment_1};{moment_2}\n"
        f"{row};;;;;;;;;;2020-7;95.000;;60.000;120.000;65.000;15.000;330.000;150.000\n"
        f"{row};2020-07;1;1;1;1;1;1;1;1;2020-07;1;1;1;1;1;1;1;1\n"
    ).encode()
    result = read_batch(data)
    assert problems(result) == [
        (2, "moment_2", "moment_form"),  # only moment 2 filled: liquidity[0] is moment_2
        (2, "moment_2_short_term_receivables", "missing"),
        (3, "moment_2", "same_moment"),
    ]


# --- columns -----------------------------------------------------------------------------------


def test_unknown_and_missing_columns_are_reported_once_and_rows_not_read():
    result = read("unknown_and_missing_columns.csv")
    assert result.rows == () and result.blocked
    assert [(p.column, p.code, p.blocking) for p in result.file_problems] == [
        ("omzet", "unknown_column", False),
        ("fte_2", "missing_column", True),
        *(
            (f"moment_1_{i}", "missing_column", True)
            for i in (
                "short_term_receivables",
                "trade_debtors",
                "short_term_debts",
                "trade_creditors",
                "interest_costs",
                "wage_costs",
                "other_costs",
            )
        ),
    ]
    assert result.file_problems[1].line("nl") == "kolom fte_2: ontbreekt in de kopregel"
    assert result.file_problems[1].line("en") == "column fte_2: is missing from the header"


def test_unknown_column_alone_is_reported_and_rows_are_read():
    result = read("unknown_column.csv")
    assert [(p.column, p.code) for p in result.file_problems] == [("notes", "unknown_column")]
    assert not result.blocked
    assert len(result.valid) == 1 and result.valid[0].firm.years == EXAMPLE_FIRM.years


def test_header_names_are_case_and_space_insensitive_and_duplicates_refused():
    header = REQUIRED.replace("sbi", " SBI ").replace("fte_1", "FTE_1")
    result = read_batch(f"{header}\n47;2016;1;1;1;2018;1;1;1\n".encode())
    assert result.file_problems == () and len(result.valid) == 1
    duplicate = read_batch(f"{REQUIRED};sbi\n47;2016;1;1;1;2018;1;1;1;47\n".encode())
    assert [(p.column, p.code) for p in duplicate.file_problems] == [("sbi", "duplicate_column")]
    assert duplicate.rows == ()


def test_unquoted_comma_decimal_in_a_comma_file_is_a_row_problem():
    header = REQUIRED.replace(";", ",")
    result = read_batch(f"{header}\n47,2016,965000,50,329000,56,2018,1,1,1\n".encode())
    assert problems(result) == [(2, "", "too_many_cells")]
    assert "aanhalingstekens" in result.problems[0].text.nl


# --- whole-file refusals -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "csv_empty"),
        (b"\xef\xbb\xbf \r\n", "csv_empty"),
        (f"{REQUIRED}\n".encode(), "csv_no_rows"),
        (f"firm;{REQUIRED}\nBakkerij \xe9\xe9n;47\n".encode("latin-1"), "encoding"),
        (f"{REQUIRED}\n".encode("utf-16"), "encoding"),
        (f"{REQUIRED}\n47;{'9' * 200_000}\n".encode(), "csv_malformed"),  # cell > csv's limit
    ],
)
def test_whole_file_refusals(data, code):
    with pytest.raises(ImportRefused) as caught:
        read_batch(data)
    assert caught.value.code == code
    assert caught.value.text.nl and caught.value.text.en


def test_unclosed_quote_swallows_the_rest_into_one_cell_of_that_row():
    result = read_batch(f'{REQUIRED}\n"47;2016\n'.encode())
    assert len(result.rows) == 1 and not result.valid
    assert (result.rows[0].row, result.problems[0].column) == (2, "sbi")


def test_rows_are_numbered_as_a_spreadsheet_shows_them():
    row = "47;2016;1;1;1;2018;1;1;1"
    data = f'\nfirm;{REQUIRED}\n"Bakkerij\nNoord";{row}\n\nX;{row.replace("47", "4")}\n'
    result = read_batch(data.encode())
    assert result.rows[0].label == "Bakkerij\nNoord" and result.rows[0].row == 3
    assert problems(result) == [(5, "sbi", "sbi_form")]


def test_size_limit():
    data = f"{REQUIRED}\n".encode() + b"#" * MAX_BYTES
    with pytest.raises(ImportRefused) as caught:
        read_batch(data)
    assert caught.value.code == "too_large" and "5 MB" in caught.value.text.nl


def test_row_limit():
    row = "47;2016;1;1;1;2018;1;1;1\n"
    assert len(read_batch(f"{REQUIRED}\n{row * MAX_ROWS}".encode()).rows) == MAX_ROWS
    with pytest.raises(ImportRefused) as caught:
        read_batch(f"{REQUIRED}\n{row * (MAX_ROWS + 1)}".encode())
    assert caught.value.code == "too_many_rows" and "10.000" in caught.value.text.nl


def test_column_of_maps_field_paths_back():
    assert column_of("years[1].fte", []) == "fte_2"
    assert column_of("years[0]", []) == "year_1"
    assert column_of("liquidity[0].wage_costs", [2]) == "moment_2_wage_costs"
    assert column_of("liquidity[1].moment", [1, 2]) == "moment_2"
    assert column_of("solvency", []) == "equity"
    assert column_of("solvency.total_assets", []) == "total_assets"
    assert column_of("sbi_version", []) == "sbi_version"
