"""The findings of the review of issue #15, each on a real public file where one exists.

Real files are in tests/fixtures/bank/corpus/ (their sources and licences in SOURCES there);
where no public file shows the problem, the test builds one to the bank's documented format and
says so. Each test fails on the importers as they were before the fix.
"""

from __future__ import annotations

import io
import logging
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from hulplijn.core.cashflow import Cashbook, daily_balances
from hulplijn.imports import bank, camt, mt940, safe_xml, xbrl
from hulplijn.imports.bank import read_file, read_statements
from hulplijn.imports.errors import ImportRefused
from hulplijn.imports.statements import ForeignAccount

FIXTURES = Path(__file__).parents[1] / "fixtures"
CORPUS = FIXTURES / "bank" / "corpus"
D = Decimal


def corpus(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


def refused(content: bytes, name: str = "upload") -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        read_statements(content, name)
    return caught.value


# --- ASN Bank and SNS: an IBAN in the :61: reference ------------------------------------------


def test_asn_export_with_counterparty_iban_in_the_reference_is_read():
    # php-mt940's ASN sample: ":61:2001020102D2000,00NOVBNL29INGB0006475121" then the name on
    # the next line; the library took 16 characters of reference and refused the line
    statements = read_statements(corpus("asn-php-mt940.sta"), "asn.sta")
    assert len(statements) == 7  # one message per day, 2 to 8 January 2020
    first, last = statements[0], statements[-1]
    assert first.account == "NL53ASNB0781269733"
    assert (first.opening_balance, first.closing_balance) == (D("13290.34"), D("11290.34"))
    assert first.entries == ((date(2020, 1, 2), D("-2000.00")),)
    # 11,290.34 - 61.80 - 19.98 = 11,208.56
    assert [a for _, a in last.entries] == [D("-61.80"), D("-19.98")]
    assert last.closing_balance == D("11208.56")


def test_sns_export_with_counterparty_iban_in_the_reference_is_read():
    # zilverline/mt940's SNS sample, one message a day: ":61:1409100910C15000,00NOVB
    # NL11RABO0987654321" with the name on the next line
    statements = read_statements(corpus("sns-iban-zilverline.sta"), "sns.sta")
    assert len(statements) == 16
    assert {s.account for s in statements} == {"NL16SNSB1234567809"}
    # 534.03 + 12.45 = 546.48; + 15,000 + 10,000 + 20,000 = 45,546.48
    assert [a for s in statements for _, a in s.entries] == [
        D("12.45"),
        D("15000.00"),
        D("10000.00"),
        D("20000.00"),
    ]
    assert statements[-1].closing_balance == D("45546.48")


# --- a SUB byte between messages ----------------------------------------------------------------


def test_sub_byte_before_a_statement_no_longer_merges_two_statements():
    # the legacy Rabobank export of jejik-mt940 (blank lines between messages), with the DOS
    # end-of-file mark SUB (0x1A) before the fourth :20: as old Rabobank exports write it
    real = corpus("rabobank-legacy-jejik.sta")
    assert len(mt940.blocks(real.decode())) == 4
    with_sub = real.replace(b"\r\n:20:940A120829", b"\r\n\x1a:20:940A120829")
    blocks = mt940.blocks(with_sub.decode())
    assert len(blocks) == 4  # was 3: the third and fourth ran together
    fourth = mt940._statement(blocks[3], 4)  # the account that disappeared
    assert fourth.account == "1526.89.184EUR"
    # 4,196.12 - 88.10 - 6.20 = 4,101.82
    assert (fourth.opening_balance, fourth.closing_balance) == (D("4196.12"), D("4101.82"))


def test_real_rabobank_export_with_a_sub_byte_gives_all_four_accounts():
    # zilverline/mt940's two_accounts.txt (corpus SOURCES): a real legacy Rabobank export with
    # the SUB byte (0x1A) directly before its fourth :20:, the case the review found; the
    # third account, holding EUR 5,000.00, used to disappear into a merged statement
    real = corpus("rabobank-sub-two-accounts-zilverline.sta")
    assert real.count(b"\x1a:20:940A121029") == 1
    statements = read_statements(real, "rabo.sta")
    assert [(s.account, s.opening_balance, s.closing_balance) for s in statements] == [
        ("1567.50.961EUR", D("9265.12"), D("2666.37")),  # 9,265.12 - 6,098.75 - 500.00
        ("9914.30.727EUR", D("352.84"), D("352.84")),
        ("3462.483.153EUR", D("5000.00"), D("5000.00")),
        ("1325.76.155EUR", D("-12.00"), D("238.00")),  # -12.00 + 250.00
    ]
    assert statements[3].entries == ((date(2012, 10, 28), D("250.00")),)
    # and one ending on a SUB line (the same repository's rabobank.txt) loses nothing either
    assert len(read_statements(corpus("rabobank-sub-zilverline.sta"), "rabo.sta")) == 23


LEGACY = (
    # built to the legacy Rabobank layout of the file above (":940:" header, zero-padded
    # amounts, blank lines between messages), with balances that add up; the fourth account
    # holds EUR 5,000.00 and a SUB byte precedes its :20:
    ":940:\r\n"
    ":20:940A260302\r\n:25:1291.99.348EUR\r\n:28:00000/00\r\n"
    ":60F:C260301EUR000000000473,17\r\n"
    ":61:260302D000000000073,17N0440121470966      W.P. Jansen                      \r\n"
    ":62F:C260302EUR000000000400,00\r\n\r\n"
    ":20:940A260303\r\n:25:1291.99.348EUR\r\n:28:00000/00\r\n"
    ":60F:C260302EUR000000000400,00\r\n"
    ":61:260303C000000000100,00N0600733959555      T-MOBILE NETHERLANDS BV          \r\n"
    ":62F:C260303EUR000000000500,00\r\n\r\n"
    ":20:940A260304\r\n:25:1291.99.348EUR\r\n:28:00000/00\r\n"
    ":60F:C260303EUR000000000500,00\r\n:62F:C260304EUR000000000500,00\r\n\r\n"
    "\x1a:20:940A260305\r\n:25:1526.89.184EUR\r\n:28:00000/00\r\n"
    ":60F:C260304EUR000000005000,00\r\n:62F:C260305EUR000000005000,00\r\n"
)


def test_sub_byte_file_gives_every_account_and_a_merge_is_refused_not_hidden():
    statements = read_statements(LEGACY.encode(), "rabo.sta")
    assert [(s.account, s.closing_balance) for s in statements] == [
        ("1291.99.348EUR", D("400.00")),  # 473.17 - 73.17
        ("1291.99.348EUR", D("500.00")),  # 400.00 + 100.00
        ("1291.99.348EUR", D("500.00")),
        ("1526.89.184EUR", D("5000.00")),
    ]  # before: three statements, the last two read as one (no refusal, no note)
    # two statements that still run together (here: the :20: line lost) are refused, not read
    # as one with the last one's balances
    merged = LEGACY.replace("\x1a:20:940A260305\r\n", "")
    error = refused(merged.encode(), "merged.sta")
    assert error.code == "mt940_merged" and "afschrift 3" in error.message("nl")


# --- amounts with a decimal point -------------------------------------------------------------


def test_real_rabobank_export_with_decimal_points_is_refused_quoting_the_full_amounts():
    # php-mt940's Rabo/sample2 (tests/fixtures/bank/findings/SOURCES): a real legacy Rabobank
    # message writing its balances with a decimal point, D 1000.12 and C 2145.23, and no
    # entries, so it does not add up. The library cut the amounts to -1000 and 2145, so the
    # refusal quoted figures that are not in the file
    data = (FIXTURES / "bank" / "findings" / "rabobank-point-php-mt940.sta").read_bytes()
    error = refused(data, "rabo.sta")
    assert error.code == "unreconciled"
    assert "beginsaldo -1000,12 plus de boekingen (0,00) is -1000,12" in error.message("nl")
    assert "het eindsaldo is 2145,23" in error.message("nl")
    # the empty message after it is refused by name, not read as a statement
    results = list(mt940.each(data.decode()))
    assert [r.code for r in results if isinstance(r, ImportRefused)] == [
        "unreconciled",
        "mt940_truncated",
    ]


# Built to the layout of the statements above: the real decimal-point sample above has no
# entries; this one checks a :61: amount with a point and balances that add up
POINT = (
    ":20:P\r\n:25:NL91ABNA0417164300\r\n:28C:1/1\r\n:60F:C260301EUR1000.12\r\n"
    ":61:2603020302D200.02NTRFNONREF\r\n:62F:C260302EUR800.10\r\n-\r\n"
)


def test_amounts_with_a_decimal_point_are_read_in_full():
    # the library read 1000.12, 200.02 and 800.10 as 1000, 200 and 800: balances that still
    # added up (1000 - 200 = 800), so the file was accepted with wrong figures
    (statement,) = read_statements(POINT.encode(), "point.sta")
    assert statement.opening_balance == D("1000.12")
    assert statement.entries == ((date(2026, 3, 2), D("-200.02")),)
    assert statement.closing_balance == D("800.10")  # 1,000.12 - 200.02


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("C260301EUR1000.12", "C260301EUR1.000,12"),  # a thousands separator
        ("D200.02NTRF", "D1,200.02NTRF"),
        ("C260302EUR800.10", "C260302EUR800,100"),  # a third decimal
    ],
)
def test_amounts_that_would_need_a_guess_are_refused_with_the_amount(old, new):
    error = refused(POINT.replace(old, new).encode(), "odd.sta")
    assert error.code == "bad_amount"
    assert new.split("EUR")[-1].removesuffix("NTRF").lstrip("D") in error.message("nl")


def test_a_real_rabobank_file_with_decimal_points_is_read_to_the_cent():
    # php-mt940's legacy Rabobank sample writes every amount with a decimal point; its third
    # statement of account 3000.91.494 does not add up (the sample is anonymised), and the
    # refusal must quote the amounts as written, not cut to whole euros as before
    results = mt940.each(corpus("rabobank-legacy-php-mt940.sta"))
    (refusal,) = [
        r
        for r in results
        if isinstance(r, ImportRefused) and "3000.91.494EUR, 2003-01-08" in r.message("en")
    ]
    # -64,254.34 - 37,577.67 - 24,799.50 + 1,245.00: opening -64254.34, entries -61132.17,
    # together -125386.51 against a closing balance of -126631.51
    assert refusal.code == "unreconciled"
    for amount in ("-64254.34", "(-61132.17)", "-125386.51", "-126631.51"):
        assert amount in refusal.message("en")
    # its USD and JPY accounts are left out, not a reason to refuse the euro ones
    foreign = {r.account for r in results if isinstance(r, ForeignAccount)}
    assert foreign == {"1700.59.286USD", "1700.59.308JPY", "1700.59.308USD"}


# --- statement content stays out of the logs ----------------------------------------------------


def test_no_statement_content_reaches_the_logs(caplog):
    asn = corpus("asn-php-mt940.sta")
    garbled = asn.replace(b":61:2001080108D19,98NINC", b":61:20010X0108Q19,98NINC")
    with caplog.at_level(logging.DEBUG):
        read_statements(asn, "asn.sta")
        assert refused(garbled, "bad.sta").code == "mt940_malformed"
        read_statements(POINT.encode(), "point.sta")
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    for content in ("NL53ASNB0781269733", "DE88500700100175526303", "paypal", "19,98", "2000,00"):
        assert content not in logged
    assert not [r for r in caplog.records if r.name.startswith("mt940")]


# --- zips ---------------------------------------------------------------------------------------


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


# what macOS Finder's "Compress" adds beside every file: an AppleDouble resource fork (magic
# 0x00051607, version 2, then filler) under __MACOSX/ with the same name and suffix
APPLE_DOUBLE = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        " + b"\x00" * 60


def test_a_zip_made_with_macos_finder_is_read():
    statement = corpus("asn-php-mt940.sta")
    finder = _zip(
        {
            "afschriften/asn.sta": statement,
            "__MACOSX/afschriften/._asn.sta": APPLE_DOUBLE,
            "afschriften/.DS_Store": b"\x00\x00\x00\x01Bud1",
        }
    )
    assert read_statements(finder, "afschriften.zip") == read_statements(statement, "asn.sta")
    # the same filter serves annual accounts (safe_xml.unzip_single)
    instance = (FIXTURES / "xbrl" / "micro-nt19.xbrl").read_bytes()
    zipped = _zip({"micro-nt19.xbrl": instance, "__MACOSX/._micro-nt19.xbrl": APPLE_DOUBLE})
    assert safe_xml.unzip_single(zipped, (".xbrl",)) == instance
    assert xbrl.read_annual_accounts(zipped, "jaarrekening.zip").equity.value == 45_300


def _camt_day(day: int, opening: str, amount: str, closing: str) -> bytes:
    # one CAMT.053 file per day, as banks deliver them in a zip: the opening balance is the
    # previous closing booked balance (PRCD), dated the day before
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>
 <Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id><Ccy>EUR</Ccy></Acct>
 <Bal><Tp><CdOrPrtry><Cd>PRCD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{opening}</Amt>
  <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-{day - 1:02d}</Dt></Dt></Bal>
 <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{closing}</Amt>
  <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-{day:02d}</Dt></Dt></Bal>
 <Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
  <BookgDt><Dt>2026-03-{day:02d}</Dt></BookgDt></Ntry>
</Stmt></BkToCstmrStmt></Document>""".encode()


def test_a_zip_of_daily_camt_files_is_read_and_chains():
    days = _zip(
        {
            "camt053_20260302.xml": _camt_day(2, "1000.00", "100.00", "900.00"),
            "camt053_20260303.xml": _camt_day(3, "900.00", "50.00", "850.00"),
            "camt053_20260304.xml": _camt_day(4, "850.00", "25.00", "825.00"),
        }
    )
    results = read_file(days, "maart.zip")
    assert [r.name for r in results] == [
        "maart.zip: camt053_20260302.xml",
        "maart.zip: camt053_20260303.xml",
        "maart.zip: camt053_20260304.xml",
    ]
    statements = [s for r in results for s in r.statements]
    # PRCD dated the day before the previous closing: chained, not "overlapping"
    balances = daily_balances(statements, date(2026, 3, 2), date(2026, 3, 4))
    assert list(balances.values()) == [D("900"), D("850"), D("825")]
    book = Cashbook(statements)
    assert book.uncovered_accounts(date(2026, 3, 2), date(2026, 3, 4)) == ()


def test_more_statement_files_than_a_request_reads_are_refused_before_parsing():
    # bank.MAX_FILES (100) per request, zip members counted from the directory: a year of daily
    # files is refused as a whole, with what to do, before one of them is parsed
    assert bank.MAX_FILES == 100
    junk = b"not a statement"  # would be refused one by one (unknown_format) if it were read
    days = {f"camt053_{day:03d}.xml": junk for day in range(1, 100)}
    year = _zip(days | {"__MACOSX/._camt053_001.xml": APPLE_DOUBLE})  # not counted
    plain = [(junk, "a.sta"), (junk, "b.sta")]
    (result,) = bank.read_files([(year, "jaar.zip"), *plain])  # 99 + 2 = 101 files
    assert result.name == "" and result.refused is not None
    assert result.refused.code == "too_many_files"
    assert "u heeft 101 afschriftbestanden gekozen" in result.refused.message("nl")
    assert "hoogstens 100 tegelijk" in result.refused.message("nl")
    assert "we read at most 100 at a time" in result.refused.message("en")
    # 100 files are read, each on its own (a damaged zip counts as one file)
    results = bank.read_files([(year, "jaar.zip"), (b"PK\x03\x04kapot", "kapot.zip")])
    assert len(results) == 100
    assert {r.refused.code for r in results if r.refused} == {"unknown_format", "bad_zip"}


def test_per_file_results_one_bad_file_does_not_sink_the_others():
    good = (FIXTURES / "bank" / "two_accounts.sta").read_bytes()
    bad = (FIXTURES / "bank" / "unreconciled.sta").read_bytes()
    results = read_file(_zip({"goed.sta": good, "kapot.sta": bad}), "export.zip")
    assert [r.refused.code if r.refused else len(r.statements) for r in results] == [
        3,
        "unreconciled",
    ]


# --- chaining and mixing -------------------------------------------------------------------------


def test_sparkasse_opening_dated_a_day_earlier_chains():
    # jejik-mt940's Sparkasse sample has two daily statements; built from it: the second
    # :60F: dated on the previous booking day (17 February) instead of the 18th, as Sparkasse
    # exports do, with the balance the first one closed with
    real = corpus("sparkasse-jejik.sta")
    shifted = real.replace(b":60F:C190218EUR174,57", b":60F:C190217EUR174,57")
    statements = read_statements(shifted, "sparkasse.sta")
    assert [s.opening_date for s in statements] == [date(2019, 2, 15), date(2019, 2, 17)]
    balances = daily_balances(statements, date(2019, 2, 15), date(2019, 2, 19))
    # 15-17: 194.57; 18: 194.57 - 20.00 = 174.57; 19: 174.57 - 20.00 = 154.57
    assert list(balances.values()) == [D("194.57")] * 3 + [D("174.57"), D("154.57")]
    # a statement that really overlaps (its entry falls before the other one's close) is not
    # chained
    overlap = shifted.replace(b":61:1902190219DR20,00", b":61:1902170217DR20,00")
    with pytest.raises(Exception, match="overlap"):
        Cashbook(read_statements(overlap, "sparkasse.sta"))


def test_same_day_camt_statements_that_chain_are_not_overlapping():
    # genkgo/camt's multi-statement sample: two statements of one account, both dated
    # 2014-12-30 to 2014-12-31, the second opening with the first one's closing balance (27.00)
    statements = read_statements(corpus("camt053-v2-multi-statement-genkgo.xml"), "camt.xml")
    assert [(s.opening_date, s.closing_date) for s in statements] == [
        (date(2014, 12, 30), date(2014, 12, 31)),
    ] * 2
    balances = daily_balances(statements, date(2014, 12, 30), date(2014, 12, 31))
    assert list(balances.values()) == [D("18.15"), D("20.00")]  # 18.15 + 8.85 - 7.00


def _page(opening: str, amount: str, closing: str) -> str:
    return f"""<Stmt><Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></Acct>
 <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{opening}</Amt>
  <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-01</Dt></Dt></Bal>
 <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{closing}</Amt>
  <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-02</Dt></Dt></Bal>
 <Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
  <BookgDt><Dt>2026-03-02</Dt></BookgDt></Ntry></Stmt>"""


def test_same_day_camt_pages_chain_in_balance_order():
    # the same with the pages out of order in the file (built to ISO 20022's pagination)
    xml = (
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>'
        + _page("700.00", "30.00", "670.00")
        + _page("1000.00", "300.00", "700.00")
        + "</BkToCstmrStmt></Document>"
    ).encode()
    statements = camt.parse(xml)
    balances = daily_balances(statements, date(2026, 3, 1), date(2026, 3, 2))
    assert list(balances.values()) == [D("1000"), D("670")]  # 1000 - 300 - 30


def test_a_non_euro_account_is_left_out_with_a_note():
    text = (FIXTURES / "bank" / "two_accounts.sta").read_bytes()
    head, tail = text.split(b"{1:F01INGB", 1)
    usd = head + b"{1:F01INGB" + tail.replace(b"EUR", b"USD")
    (result,) = read_file(usd, "twee.sta")
    assert result.refused is None
    assert [s.account for s in result.statements] == ["NL91ABNA0417164300"]
    assert [n.code for n in result.notes] == ["foreign_account"]
    assert "NL20INGB0001234567" in result.notes[0].message("nl")
    assert "USD" in result.notes[0].message("en")
    # all accounts in another currency: nothing left to use, refused as before
    assert refused(text.replace(b"EUR", b"USD")).code == "not_eur"


# --- real files found in #15's third pass (sources in corpus/SOURCES and findings/SOURCES) --------

FINDINGS = FIXTURES / "bank" / "findings"


def test_a_real_statement_with_decimal_points_that_adds_up_is_read_to_the_cent():
    # SharpMt940Lib's Standard Bank sample writes every amount with a decimal point
    # (":60F:C150123GBP10235.43", ":61:1501260125DR52.58NTRF...", ":62F:C150126GBP28412.15");
    # its account is in GBP, so our importer leaves it out, but the amounts go through the
    # same reading as a euro file's: debits 52.58 + 25.31 + 26.49 + 19.87 + 21.03 + 20.00 +
    # 16.49 + 93.72 + 21.34 + 343.64 + 8.70 = 649.17, credits 35.89 + 18,790.00 = 18,825.89,
    # 10,235.43 + 18,825.89 - 649.17 = 28,412.15: it adds up only when read in full
    import io as text_io

    data = corpus("standardbank-gbp-point-sharpmt940.sta")
    (block,) = mt940.blocks(mt940._decode(data))
    parsed = mt940.mt940.parse(
        text_io.StringIO(block),
        processors=mt940.PROCESSORS,
        tags=mt940.TAGS,
        options=mt940.OPTIONS,
    )
    opening = parsed.data["final_opening_balance"].amount.amount
    closing = parsed.data["final_closing_balance"].amount.amount
    amounts = [t.data["amount"].amount for t in parsed]
    assert (opening, len(amounts), sum(amounts), closing) == (
        D("10235.43"),
        13,
        D("18176.72"),
        D("28412.15"),
    )
    assert opening + sum(amounts) == closing
    # the same statement in EUR with decimal commas, in the same project: the same figures
    (euro,) = read_statements(corpus("standardbank-eur-sharpmt940.sta"), "standardbank.sta")
    assert (euro.opening_balance, euro.closing_balance) == (opening, closing)
    assert [a for _, a in euro.entries] == amounts
    # and the GBP account is left out with a note, not refused as malformed
    (result,) = mt940.each(data)
    assert isinstance(result, ForeignAccount) and result.currency == "GBP"


def test_ings_zip_of_sample_statements_is_read_file_by_file():
    # ING's own MT940 samples for its MINGZ format (Feb 2014), as delivered in one zip with a
    # PDF that explains them: each statement file is read on its own. By hand from the files:
    # MING06 209.27 + 1.30 - 1.30 - 1.30 = 207.97; MING01 11.99 + 0.01 - 3 x 0.13 = 11.61;
    # MING02 16.40 + 3 x 0.01 - 1.00 = 15.43; MING03 15.26 + 0.01 = 15.27; MING04 22.18 + 0.01
    # - 0.02 = 22.17. MING05 is an account in Bahraini dinars with three decimals (":60F:
    # C131117BHD1,813"): left out as another currency, no longer refused as a malformed amount
    from tests.imports.test_bank_corpus import read_mt940

    data = (FINDINGS / "ing-mingz-samples-sharpmt940.zip").read_bytes()
    results = read_file(data, "ing.zip")
    read = {r.name.split(": ")[1][:6]: r.statements for r in results if not r.refused}
    assert {
        k: [(s.opening_balance, len(s.entries), s.closing_balance) for s in v]
        for k, v in read.items()
    } == {
        "MING06": [(D("209.27"), 3, D("207.97"))],
        "MING01": [(D("11.99"), 4, D("11.61"))],
        "MING02": [(D("16.40"), 4, D("15.43"))],
        "MING03": [(D("15.26"), 1, D("15.27"))],
        "MING04": [(D("22.18"), 2, D("22.17"))],
    }
    bhd, pdf = [r for r in results if r.refused]
    assert bhd.name.startswith("ing.zip: MING05") and bhd.refused.code == "not_eur"
    assert "BHD" in bhd.refused.message("nl")
    # the PDF beside them was skipped without a word (noticed at #15's close): now it is named
    assert pdf.name.endswith(".pdf") and pdf.refused.code == "not_a_statement"
    assert "is geen bankafschrift (MT940 of CAMT.053) en is niet gelezen" in pdf.refused.message(
        "nl"
    )
    # the independent reader of the corpus test agrees on every euro statement
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for result in results:
            if result.refused:
                continue
            (seen,) = read_mt940(archive.read(result.name.split(": ", 1)[1]))
            (ours,) = result.statements
            assert (seen.opening, seen.count, seen.total, seen.closing) == (
                ours.opening_balance,
                len(ours.entries),
                sum((a for _, a in ours.entries), D(0)),
                ours.closing_balance,
            )


def test_a_real_zip_of_several_camt_files_is_read_file_by_file():
    # sndnv/fin's zip of three Goldman Sachs CAMT.053 samples (one statement each, three USD
    # accounts): each file gets its own result, none is dropped, and each says its account is
    # not in euros (a zip of several CAMT files was refused as a whole before #15)
    data = (FINDINGS / "goldman-sachs-camt053-fin.zip").read_bytes()
    results = read_file(data, "gs.zip")
    assert [r.name for r in results] == [
        "gs.zip: sample_gs_camt.053_f1.xml",
        "gs.zip: sample_gs_camt.053_f2.xml",
        "gs.zip: sample_gs_camt.053_f3.xml",
    ]
    assert [r.refused.code for r in results if r.refused] == ["not_eur"] * 3
    for result, account in zip(results, ("106068381", "105084986", "101152931"), strict=True):
        assert f"account {account} is in USD" in result.refused.message("en")


def test_a_zip_of_real_monthly_camt_files_is_read_and_chains():
    # Subite's anonymised monthly CAMT.053 statements of one Belgian account (findings/SOURCES),
    # zipped together here as a bank delivers one file per period: November opens at
    # 59,370.37 and closes at 87,539.12, December opens at 87,539.12 and closes at 41,965.11
    from tests.imports.test_bank_corpus import read_camt

    files = {
        f"camt053_{month}.xml": (FINDINGS / f"be-monthly-camt053-{month}-subite.xml").read_bytes()
        for month in ("2024-11", "2024-12")
    }
    results = read_file(_zip(files), "2024.zip")
    assert [r.refused for r in results] == [None, None]
    statements = [s for r in results for s in r.statements]
    assert [(s.opening_balance, len(s.entries), s.closing_balance) for s in statements] == [
        (D("59370.37"), 268, D("87539.12")),
        (D("87539.12"), 264, D("41965.11")),
    ]
    # the independent reader agrees on opening, closing, count and sum of each month
    for statement, data in zip(statements, files.values(), strict=True):
        (seen,) = read_camt(data)
        total = sum((a for _, a in statement.entries), D(0))
        assert (seen.opening, seen.count, seen.total, seen.closing) == (
            statement.opening_balance,
            len(statement.entries),
            total,
            statement.closing_balance,
        )
    # one account, covered without a gap from 1 November to 31 December: the months chain
    book = Cashbook(statements)
    assert book.uncovered_accounts(date(2024, 11, 1), date(2024, 12, 31)) == ()
    balances = daily_balances(statements, date(2024, 11, 30), date(2024, 12, 31))
    assert (balances[date(2024, 11, 30)], balances[date(2024, 12, 31)]) == (
        D("87539.12"),
        D("41965.11"),
    )


def test_a_zip_of_real_daily_camt_files_without_signs_is_refused_per_file_saying_why():
    # Subite's daily CAMT.053 files (one per banking day) give their balances without
    # CdtDbtInd: a balance whose sign is not given is not guessed to be positive. Each file of
    # the zip gets its own refusal that says what is missing and what to do
    days = ("2024-03-07", "2024-03-08", "2024-03-11")
    daily = {
        f"{day}.xml": (FINDINGS / "subite-camt053-daily" / f"{day}.xml").read_bytes()
        for day in days
    }
    results = read_file(_zip(daily), "maart.zip")
    assert [r.name for r in results] == [f"maart.zip: {day}.xml" for day in days]
    for result in results:
        assert result.refused is not None and result.refused.code == "camt_malformed"
        message = result.refused.message("nl")
        assert "het saldo OPBD zegt niet of het een tegoed of een tekort is" in message
        assert "exporteer de afschriften opnieuw" in message
