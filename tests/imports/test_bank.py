"""MT940 and CAMT.053 statements in, cash buffer days out; hostile and malformed files refused.

The fixtures in tests/fixtures/bank/ hold the same booked content, March 2026 (1 March 2026 is a
Sunday), for two accounts:

A = NL91ABNA0417164300, opening 1000.00, closing 1500.00
    Mon 2   -200.00        ->  800.00
    Tue 3    +50.00        ->  850.00
    Fri 6   -100.00        ->  750.00   (booked Fri 6, value date Mon 9: the booking date counts)
    Sat 7, Sun 8, Mon 9: no entries in either account (gap days: a weekend and a weekday)
    Tue 10  -300.00, +100.00 (RD: the direct debit of the 6th reversed)  ->  550.00
    Fri 20 +1000.00        -> 1550.00
    Tue 31   -50.00        -> 1500.00
B = NL20INGB0001234567, opening 500.00, closing 559.50
    Wed 4   -120.50        ->  379.50
    Tue 10  +200.00        ->  579.50   (MT940 and camt .08: the end of B's first statement)
    Mon 16   -20.00 (RC: a credit reversed, money leaves)  ->  559.50

End-of-day balances, A + B, small window Mon 2 to Tue 10 March:
    2: 800 + 500 = 1300.00        3: 850 + 500 = 1350.00      4: 850 + 379.50 = 1229.50
    5: 1229.50                    6: 750 + 379.50 = 1129.50   7, 8, 9: 1129.50 (gap)
    10: 550 + 579.50 = 1129.50
    sum 10,756.50 over 9 days; outflows 200 + 120.50 + 100 + 300 = 720.50
    buffer days = 10,756.50 / 720.50 = 14.929...
Whole of March (31 days):
    1: 1500; 2: 1300; 3: 1350; 4-5: 1229.50 x 2; 6-15: 1129.50 x 10; 16-19: 1109.50 x 4;
    20-30: 2109.50 x 11; 31: 2059.50                                      sum 47,606.00
    outflows A 200 + 100 + 300 + 50 = 650, B 120.50 + 20 = 140.50        total 790.50
    average daily balance 47,606 / 31 = 1,535.68; average daily outflows 790.50 / 31 = 25.50
    cash buffer days = 47,606 / 790.50 = 60.2226...
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from hulplijn.core.cashflow import Statement, daily_balances, statement_buffer_days
from hulplijn.imports import camt, mt940, safe_xml
from hulplijn.imports.bank import buffer_for_round, read_statements, sniff
from hulplijn.imports.errors import ImportRefused
from hulplijn.imports.safe_xml import MAX_BYTES

FIXTURES = Path(__file__).parents[1] / "fixtures" / "bank"
A, B = "NL91ABNA0417164300", "NL20INGB0001234567"
D = Decimal
FILES = ["two_accounts.sta", "camt053_v02.xml", "camt053_v08.xml"]
MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def data(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def read(name: str) -> list[Statement]:
    return read_statements(data(name), name)


def refused(content: bytes, name: str = "upload") -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        read_statements(content, name)
    assert caught.value.text.nl and caught.value.text.en
    assert caught.value.text.nl != caught.value.text.en
    return caught.value


def booked(statements: list[Statement]) -> dict[str, list[tuple[date, Decimal]]]:
    out: dict[str, list[tuple[date, Decimal]]] = {}
    for s in statements:
        out.setdefault(s.account, []).extend(s.entries)
    return {k: sorted(v) for k, v in out.items()}


# --- reading ---------------------------------------------------------------------------------


def test_mt940_two_accounts_three_statements():
    statements = read("two_accounts.sta")
    assert [
        (s.account, s.opening_balance, s.opening_date, s.closing_balance, s.closing_date)
        for s in statements
    ] == [
        (A, D("1000.00"), date(2026, 2, 28), D("1500.00"), date(2026, 3, 31)),
        (B, D("500.00"), date(2026, 2, 28), D("579.50"), date(2026, 3, 10)),
        (B, D("579.50"), date(2026, 3, 10), D("559.50"), date(2026, 3, 31)),
    ]
    a = statements[0]
    assert a.entries[2] == (date(2026, 3, 6), D("-100.00"))  # entry date, not value date 9th
    assert a.entries[4] == (date(2026, 3, 10), D("100.00"))  # RD: back in
    assert statements[2].entries == ((date(2026, 3, 16), D("-20.00")),)  # RC: out
    assert [s.reversals for s in statements] == [1, 0, 1]
    assert {s.currency for s in statements} == {"EUR"}


@pytest.mark.parametrize("name", FILES[1:])
def test_camt_has_the_same_booked_content_as_mt940(name):
    assert booked(read(name)) == booked(read("two_accounts.sta"))


def test_camt_pending_and_info_entries_are_skipped_and_counted():
    assert [s.pending_ignored for s in read("camt053_v02.xml")] == [1, 0]  # PDNG
    assert [s.pending_ignored for s in read("camt053_v08.xml")] == [2, 0, 0]  # PDNG, INFO
    assert [s.reversals for s in read("camt053_v08.xml")] == [1, 0, 1]


@pytest.mark.parametrize("version", [f"{v:02d}" for v in range(2, 14)])
def test_camt_any_version_namespace_reads_the_same(version):
    text = data("camt053_v08.xml").replace(b"camt.053.001.08", f"camt.053.001.{version}".encode())
    assert read_statements(text, "x.xml") == read("camt053_v08.xml")


def test_camt_other_account_id_debit_balance_and_datetimes():
    xml = b"""<?xml version="1.0"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.13"><BkToCstmrStmt><Stmt>
 <Acct><Id><Othr><Id>1234 5678</Id></Othr></Id></Acct>
 <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">25.00</Amt>
  <CdtDbtInd>DBIT</CdtDbtInd><Dt><DtTm>2026-03-01T00:00:00+01:00</DtTm></Dt></Bal>
 <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">15.00</Amt>
  <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>
 <Ntry><Amt Ccy="EUR">40.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
  <BookgDt><DtTm>2026-03-05T23:30:00+01:00</DtTm></BookgDt></Ntry>
</Stmt></BkToCstmrStmt></Document>"""
    (statement,) = read_statements(xml, "other.xml")
    assert statement.account == "12345678"
    assert statement.opening_balance == D("-25.00")  # DBIT balance: overdrawn
    assert statement.opening_date == date(2026, 3, 1)
    assert statement.entries == ((date(2026, 3, 5), D("40.00")),)


@pytest.mark.parametrize(
    "raw",
    [
        "NL91ABNA0417164300",
        "ABNANL2A/NL91ABNA0417164300",
        "NL91ABNA0417164300EUR",
        "nl91 abna 0417 1643 00",
    ],
)
def test_mt940_account_forms_give_the_iban(raw):
    assert mt940.account_id(raw) == A
    assert mt940.account_id("0417164300") == "0417164300"  # not an IBAN: kept


def test_mt940_continuation_pages_with_intermediate_balances():
    # one day's statement split over two messages: :62M: closes page 1, :60M: opens page 2
    text = (
        ":20:P1\r\n:25:NL91ABNA0417164300\r\n:28C:7/1\r\n:60F:C260302EUR100,00\r\n"
        ":61:2603030303D30,00NTRFNONREF\r\n:62M:C260303EUR70,00\r\n-\r\n"
        ":20:P2\r\n:25:NL91ABNA0417164300\r\n:28C:7/2\r\n:60M:C260303EUR70,00\r\n"
        ":61:2603030303c5,00NTRFNONREF\r\n:62F:D260303EUR0,00\r\n-\r\n"
    )
    with pytest.raises(ImportRefused) as caught:  # 70 + 5 is not 0: the D mark counts
        read_statements(text.encode(), "pages.sta")
    assert caught.value.code == "unreconciled"
    pages = read_statements(text.replace("D260303EUR0,00", "C260303EUR75,00").encode(), "p.sta")
    assert [(p.opening_balance, p.closing_balance) for p in pages] == [
        (D("100.00"), D("70.00")),
        (D("70.00"), D("75.00")),
    ]
    assert pages[1].entries == ((date(2026, 3, 3), D("5.00")),)  # lowercase c is a credit
    assert daily_balances(pages, date(2026, 3, 2), date(2026, 3, 4)) == {
        date(2026, 3, 2): D("100"),
        date(2026, 3, 3): D("75"),
        date(2026, 3, 4): D("75"),
    }


def test_format_is_sniffed_by_content_not_name():
    assert read_statements(data("two_accounts.sta"), "statement.xml") == read("two_accounts.sta")
    assert read_statements(data("camt053_v02.xml"), "export.sta") == read("camt053_v02.xml")
    assert sniff(b"\xef\xbb\xbf  <?xml version='1.0'?><Document/>") == "camt"
    assert sniff(data("two_accounts.sta")) == "mt940"
    assert sniff(b"datum;bedrag\n2026-03-01;12,50\n") is None
    assert refused(b"datum;bedrag\n2026-03-01;12,50\n", "export.csv").code == "unknown_format"


def test_zip_with_one_statement_is_unpacked():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("camt053.xml", data("camt053_v02.xml"))
    assert read_statements(buffer.getvalue(), "export.zip") == read("camt053_v02.xml")


# --- figures ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FILES)
def test_daily_balances_small_window_by_hand(name):
    balances = daily_balances(read(name), date(2026, 3, 2), date(2026, 3, 10))
    assert list(balances.values()) == [
        D(v)
        for v in (
            "1300",
            "1350",
            "1229.50",
            "1229.50",
            "1129.50",
            "1129.50",
            "1129.50",
            "1129.50",
            "1129.50",
        )
    ]
    result = statement_buffer_days(read(name), date(2026, 3, 2), date(2026, 3, 10))
    assert result.value == float(Fraction(D("10756.50")) / Fraction(D("720.50")))


@pytest.mark.parametrize("name", FILES)
def test_buffer_for_march_by_hand(name):
    result = buffer_for_round(read(name), ["2026-03"])["2026-03"]
    assert result.reason is None
    assert (result.start, result.end, result.days) == (*MARCH, 31)
    assert sum(daily_balances(read(name), *MARCH).values()) == D("47606.00")
    assert result.average_balance == D("1535.68")
    assert result.average_outflow == D("25.50")
    assert result.value == float(Fraction(D("47606")) / Fraction(D("790.50")))  # 60.22...
    assert result.accounts == (B, A)


def test_buffer_for_round_reasons():
    statements = read("two_accounts.sta")
    results = buffer_for_round(statements, ["2026-02", "2026-03", "2026-3"])
    assert results["2026-02"].reason.code == "not_covered"
    assert A in results["2026-02"].reason.text.en
    assert results["2026-03"].value == pytest.approx(60.2226, abs=1e-4)
    assert results["2026-3"].reason.code == "bad_moment"
    assert buffer_for_round([], ["2026-03"])["2026-03"].reason.code == "no_statements"
    # only B's first statement: it ends on 10 March, so March is not covered
    assert buffer_for_round(statements[1:2], ["2026-03"])["2026-03"].reason.code == "not_covered"


def test_the_same_month_twice_counts_once_but_overlaps_are_refused():
    # account A's statement in MT940 and in camt .02 is the same (pending entries aside): once
    both = read("two_accounts.sta") + read("camt053_v02.xml")[:1]
    assert buffer_for_round(both, ["2026-03"]) == buffer_for_round(
        read("two_accounts.sta"), ["2026-03"]
    )
    # B is one statement in camt .02 but two in MT940: those overlap
    clash = read("two_accounts.sta") + read("camt053_v02.xml")[1:]
    assert buffer_for_round(clash, ["2026-03"])["2026-03"].reason.code == "overlapping_statements"
    # camt .08 dates account A's opening 1 March, MT940 28 February: two overlapping statements
    clash = read("two_accounts.sta") + read("camt053_v08.xml")
    result = buffer_for_round(clash, ["2026-03"])["2026-03"]
    assert result.value is None and result.reason.code == "overlapping_statements"


def test_no_outflows_in_the_month():
    quiet = Statement(A, "EUR", D("10.00"), date(2026, 2, 28), D("10.00"), date(2026, 3, 31))
    result = buffer_for_round([quiet], ["2026-03"])["2026-03"]
    assert result.value is None and result.reason.code == "no_outflows"
    assert result.average_balance == D("10.00")


# --- refusals: each its own code -------------------------------------------------------------

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>
<Acct><Id><IBAN>&xxe;</IBAN></Id></Acct></Stmt></BkToCstmrStmt></Document>"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE Document [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Document><BkToCstmrStmt><Stmt><Acct><Id><IBAN>&lol9;</IBAN></Id></Acct></Stmt></BkToCstmrStmt>
</Document>"""


def _safe_xml_code(content: bytes) -> str:
    with pytest.raises(ImportRefused) as caught:
        safe_xml.parse(content)
    return caught.value.code


@pytest.mark.parametrize("content", [XXE, LAUGHS], ids=["xxe", "billion-laughs"])
def test_xxe_and_billion_laughs_are_refused_by_safe_xml(content):
    # the refusal (and its code) is safe_xml's: the CAMT reader never sees the tree
    error = refused(content, "hostile.xml")
    assert error.code.startswith("xml_")
    assert error.code == _safe_xml_code(content)
    assert error.code not in ("xml_malformed", "not_camt053")


def test_broken_xml_is_refused():
    assert refused(data("camt053_v02.xml")[:-200], "cut.xml").code == "xml_malformed"


def test_truncated_mt940_is_refused():
    text = data("two_accounts.sta")
    cut = text[: text.rindex(b":62F:")]  # the download stopped before the last closing balance
    error = refused(cut, "cut.sta")
    assert error.code == "mt940_truncated"
    assert "statement 3" in error.text.en


def test_malformed_mt940_is_refused():
    garbled = data("two_accounts.sta").replace(b":61:2603020302D200,00", b":61:26030X0302Q2,00")
    assert refused(garbled, "bad.sta").code == "mt940_malformed"
    no_blocks = b":60F:C260228EUR1000,00\r\n:62F:C260331EUR1000,00\r\n"
    assert refused(no_blocks).code == "unknown_format"  # no :20:, not recognised as MT940
    with pytest.raises(ImportRefused) as caught:
        mt940.parse(no_blocks)
    assert caught.value.code == "mt940_malformed"


def test_mt940_content_is_never_taken_for_a_file_name():
    # the mt-940 library reads a file when given a string naming one; we pass the text itself
    with pytest.raises(ImportRefused) as caught:
        mt940.parse(str(FIXTURES / "two_accounts.sta"))
    assert caught.value.code == "mt940_malformed"


def test_mt940_missing_account_or_opening_balance():
    text = data("two_accounts.sta")
    assert refused(text.replace(b":25:NL91ABNA0417164300\r\n", b"")).code == "no_account"
    assert refused(text.replace(b":60F:C260228EUR500,00\r\n", b"")).code == "missing_balance"


def test_wrong_currency_is_refused():
    assert refused(data("two_accounts.sta").replace(b"EUR", b"USD")).code == "not_eur"
    usd = data("camt053_v02.xml").replace(b'Ccy="EUR">1000.00', b'Ccy="USD">1000.00')
    assert refused(usd, "usd.xml").code == "not_eur"
    acct = data("camt053_v02.xml").replace(b"<Ccy>EUR</Ccy>", b"<Ccy>GBP</Ccy>")
    assert refused(acct, "gbp.xml").code == "not_eur"


def test_unreconcilable_balances_are_refused():
    error = refused(data("unreconciled.sta"), "unreconciled.sta")
    assert error.code == "unreconciled"
    assert "1550.00" in error.text.en and "1500.00" in error.text.en
    camt_off = data("camt053_v02.xml").replace(b"559.50", b"559.05")
    assert refused(camt_off, "off.xml").code == "unreconciled"
    # a booked entry dropped: the balances no longer add up
    v08 = data("camt053_v08.xml").replace(
        b"<c:Cd>BOOK</c:Cd></c:Sts>\n        <c:BookgDt><c:Dt>2026-03-04",
        b"<c:Cd>PDNG</c:Cd></c:Sts>\n        <c:BookgDt><c:Dt>2026-03-04",
    )
    assert refused(v08, "pending.xml").code == "unreconciled"


def test_other_camt_problems_each_have_a_code():
    v02 = data("camt053_v02.xml")
    camt052 = v02.replace(b"BkToCstmrStmt", b"BkToCstmrAcctRpt")
    assert refused(camt052, "camt052.xml").code == "not_camt053"
    assert refused(b"<html><body>login</body></html>", "page.xml").code == "not_camt053"
    no_close = v02.replace(b"<Cd>CLBD</Cd>", b"<Cd>ITBD</Cd>", 1)
    assert refused(no_close, "x.xml").code == "missing_balance"
    no_account = v02.replace(b"<IBAN>NL91ABNA0417164300</IBAN>", b"")
    assert refused(no_account, "x.xml").code == "no_account"
    bad_amount = v02.replace(b">200.00<", b">2OO.00<", 1)
    assert refused(bad_amount, "x.xml").code == "camt_malformed"
    bad_sign = v02.replace(b"<CdtDbtInd>DBIT</CdtDbtInd>", b"<CdtDbtInd>DEBIT</CdtDbtInd>", 1)
    assert refused(bad_sign, "x.xml").code == "camt_malformed"
    bad_date = v02.replace(b"<Dt>2026-03-02</Dt>", b"<Dt>2026-02-30</Dt>", 1)
    assert refused(bad_date, "x.xml").code == "camt_malformed"
    sub_cent = v02.replace(b">200.00<", b">199.995<", 1).replace(b">1500.00<", b">1500.005<", 1)
    assert refused(sub_cent, "x.xml").code == "bad_amount"
    with pytest.raises(ImportRefused) as caught:
        camt.parse(v02.replace(b"<Stmt>", b"<Other>").replace(b"</Stmt>", b"</Other>"))
    assert caught.value.code == "not_camt053"


def test_too_large_is_refused_before_parsing():
    assert refused(b" " * (MAX_BYTES + 1), "huge.sta").code == "too_large"


def test_a_malformed_statement_is_refused_in_words_not_tags():
    """Issue 14: the refusal named the MT940 tag ("afschrift 1 (:61:) klopt niet")."""
    text = (FIXTURES / "unreconciled.sta").read_text()
    broken = text.replace(":61:2603030303C50,00NTRFFACT2026001", ":61:26030X0303C50,00NTRF")
    with pytest.raises(ImportRefused) as caught:
        mt940.read(broken.encode())
    said = caught.value.message("nl")
    assert "klopt een boeking niet" in said, said
    assert not re.search(r":\d\d[A-Z]?:", said + caught.value.message("en"))
