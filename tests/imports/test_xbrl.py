"""Annual accounts filed at KVK as XBRL: the figures read, the period chosen, hostile files refused.

The fixtures in tests/fixtures/xbrl/ were written for this project (fictitious firms); every
expected number below is derived by hand from them, as the comments show.
"""

from __future__ import annotations

import io
import struct
import zipfile
from datetime import date
from pathlib import Path

import pytest

from hulplijn.imports import safe_xml
from hulplijn.imports.errors import ImportRefused
from hulplijn.imports.xbrl import prefill, read_annual_accounts
from hulplijn.imports.xbrl.accounts import FIELDS, AnnualAccounts

FIXTURES = Path(__file__).parents[1] / "fixtures" / "xbrl"
MB = 1024 * 1024


def read(name: str) -> AnnualAccounts:
    return read_annual_accounts((FIXTURES / name).read_bytes(), name)


def refused(data: bytes, filename: str = "") -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        read_annual_accounts(data, filename)
    error = caught.value
    assert error.text.nl and error.text.en and error.text.nl != error.text.en
    return error


def codes(accounts: AnnualAccounts) -> set[str]:
    return {note.code for note in accounts.notes}


def instance(contexts: str, facts: str, unit: str = "EUR") -> bytes:
    """A small bw2-titel9-style XBRL instance around the given contexts and facts."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance"
    xmlns:xbrldi="http://xbrl.org/2006/xbrldi"
    xmlns:iso4217="http://www.xbrl.org/2003/iso4217"
    xmlns:t9="https://www.nltaxonomie.nl/bw2-titel9/2024-12-31/bw2-titel9-cor">
  {contexts}
  <xbrli:unit id="U"><xbrli:measure>iso4217:{unit}</xbrli:measure></xbrli:unit>
  {facts}
</xbrli:xbrl>""".encode()


def context(context_id: str, instant: str, *members: tuple[str, str]) -> str:
    scenario = "".join(
        f'<xbrldi:explicitMember dimension="t9:{axis}">t9:{member}</xbrldi:explicitMember>'
        for axis, member in members
    )
    return f"""<xbrli:context id="{context_id}">
    <xbrli:entity><xbrli:identifier scheme="http://www.kvk.nl/kvk-id">90011111</xbrli:identifier>
    </xbrli:entity>
    <xbrli:period><xbrli:instant>{instant}</xbrli:instant></xbrli:period>
    {"<xbrli:scenario>" + scenario + "</xbrli:scenario>" if scenario else ""}
  </xbrli:context>"""


def fact(concept: str, context_id: str, value: str) -> str:
    return (
        f'<t9:{concept} contextRef="{context_id}" unitRef="U" decimals="0">{value}</t9:{concept}>'
    )


# --- an NT micro entity: abbreviated balance sheet only ------------------------------------------


def test_micro_entity_balance_sheet_figures():
    accounts = read("micro-nt19.xbrl")
    # balance sheet at 2024-12-31 (context I2024), straight from the fixture:
    assert accounts.equity.value == 45_300  # Equity
    assert accounts.total_assets.value == 128_750  # Assets (= 87,500 + 41,250)
    assert accounts.cash.value == 23_400  # CashAndCashEquivalents
    # Receivables is not split into trade and other: the whole 17,850 stands as receivables
    assert accounts.short_term_receivables.value == 17_850
    assert accounts.short_term_receivables.element == "Receivables"
    # LiabilitiesCurrent is not split either: the whole 61,200
    assert accounts.short_term_debts.value == 61_200
    assert accounts.equity.element == "Equity"
    assert accounts.equity.context == "I2024"
    assert accounts.equity.period == "2024-12-31"
    assert accounts.equity.decimals == "0"
    assert not accounts.equity.derived


def test_micro_entity_metadata():
    accounts = read("micro-nt19.xbrl")
    assert accounts.legal_entity_name == "Bakkerij De Korenschoof B.V."
    assert accounts.kvk_number == "90012345"
    assert accounts.taxonomy == "jenv-bw2"
    assert accounts.size == "micro"  # from the entry point ...-nlgaap-micro.xsd
    assert accounts.statements == "separate"
    assert accounts.period_start == date(2024, 1, 1)


def test_micro_entity_missing_fields_and_notes():
    accounts = read("micro-nt19.xbrl")
    assert accounts.missing == (
        "trade_debtors",
        "trade_creditors",
        "net_turnover",
        "gross_margin",
        "wage_costs",
        "fte",
    )
    assert set(accounts.figures()) | set(accounts.missing) == set(FIELDS)
    found = codes(accounts)
    assert "no_profit_and_loss" in found
    note = next(n for n in accounts.notes if n.code == "no_profit_and_loss")
    assert "gross margin and wage costs stay for you to enter" in note.message("en")
    assert "brutomarge en loonkosten" in note.message("nl")
    # trade parts not split: the user is told to enter 0 for them, not to count them twice
    assert {"short_term_receivables_not_split", "short_term_debts_not_split"} <= found


def test_latest_instant_is_the_period_end_without_an_end_date_fact():
    # micro-nt19.xbrl has no FinancialReportingPeriodCurrentEndDate; its instants are
    # 2023-12-31 and 2024-12-31, so the later one is the balance-sheet date
    accounts = read("micro-nt19.xbrl")
    assert accounts.period_end == date(2024, 12, 31)
    assert "period_end_latest" in codes(accounts)


def test_micro_prior_year_read_but_not_used():
    accounts = read("micro-nt19.xbrl")
    assert accounts.prior_period_end == date(2023, 12, 31)
    assert accounts.prior_year["equity"].value == 38_100
    assert accounts.prior_year["total_assets"].value == 119_000
    assert accounts.prior_year["equity"].context == "I2023"
    assert "prior_year_ignored" in codes(accounts)


def test_micro_prefill():
    assert prefill(read("micro-nt19.xbrl")) == {
        "solvency": {"equity": 45_300, "total_assets": 128_750},
        "liquidity": {
            "moment": "2024-12",
            "cash": 23_400,
            "short_term_receivables": 17_850,
            "short_term_debts": 61_200,
        },
    }


# --- an NT small entity with a profit and loss account -------------------------------------------


def test_small_entity_balance_sheet():
    accounts = read("small-nt19.xbrl")
    assert accounts.equity.value == 231_500
    assert accounts.total_assets.value == 684_200
    assert accounts.cash.value == 58_300  # decimals="INF": exact
    assert accounts.cash.decimals == "INF"
    # trade debtors 96,400 are split out of Receivables 142,600: other receivables
    # 142,600 - 96,400 = 46,200 (the 999,999 in the breakdown context is ignored)
    assert accounts.trade_debtors.value == 96_400
    assert accounts.short_term_receivables.value == 46_200
    assert accounts.short_term_receivables.element == "Receivables - TradeReceivables"
    assert accounts.short_term_receivables.derived
    # trade creditors 118,700 out of current liabilities 287,900: 287,900 - 118,700 = 169,200
    assert accounts.trade_creditors.value == 118_700
    assert accounts.short_term_debts.value == 169_200
    assert accounts.short_term_debts.element == "LiabilitiesCurrent - TradePayables"


def test_small_entity_profit_and_loss():
    accounts = read("small-nt19.xbrl")
    # the full year (D2024), not the fourth quarter's 500,000 (Q4_2024)
    assert accounts.net_turnover.value == 1_845_000
    assert accounts.net_turnover.context == "D2024"
    assert accounts.net_turnover.period == "2024-01-01/2024-12-31"
    assert accounts.net_turnover.decimals == "-3"  # rounded to thousands; the value is in euros
    # wages 468,000 + social security charges 97,300 = 565,300
    assert accounts.wage_costs.value == 565_300
    assert accounts.wage_costs.element == "WagesAndSalaries + SocialSecurityCharges"
    assert accounts.fte.value == pytest.approx(11.6)
    assert accounts.fte.element == "AverageNumberOfEmployees"
    assert {"fte_is_headcount", "wage_costs_without_pensions"} <= codes(accounts)
    assert accounts.missing == ()


def test_gross_margin_derived_from_turnover_and_raw_materials():
    accounts = read("small-nt19.xbrl")
    # no gross margin fact: net turnover 1,845,000 - raw materials 1,032,700 = 812,300
    assert accounts.gross_margin.value == 812_300
    assert accounts.gross_margin.derived
    assert accounts.gross_margin.element == "NetRevenue - CostOfRawMaterialsAndConsumables"
    note = next(n for n in accounts.notes if n.code == "gross_margin_derived")
    # in the owner's words, not the taxonomy's (issue 14)
    assert note.message("nl") == (
        "de brutomarge staat niet in de jaarrekening; wij hebben haar berekend als de "
        "netto-omzet min de kosten van grond- en hulpstoffen"
    )
    assert "net turnover minus cost of raw materials" in note.message("en")


def test_gross_margin_not_derived_without_both_facts():
    contexts = (
        '<xbrli:context id="Y"><xbrli:entity><xbrli:identifier scheme="x">1</xbrli:identifier>'
        "</xbrli:entity><xbrli:period><xbrli:startDate>2024-01-01</xbrli:startDate>"
        "<xbrli:endDate>2024-12-31</xbrli:endDate></xbrli:period></xbrli:context>"
    )
    accounts = read_annual_accounts(instance(contexts, fact("NetRevenue", "Y", "900000")))
    assert accounts.net_turnover.value == 900_000
    assert accounts.gross_margin is None
    assert "gross_margin" in accounts.missing
    assert "gross_margin_derived" not in codes(accounts)


def test_small_entity_metadata():
    accounts = read("small-nt19.xbrl")
    assert accounts.legal_entity_name == "Installatietechniek Van Dam B.V."
    assert accounts.kvk_number == "90054321"  # from the context identifier (no fact for it)
    assert accounts.size == "small"  # entry point ...-nlgaap-klein.xsd
    assert accounts.taxonomy == "jenv-bw2"
    assert accounts.period_start == date(2024, 1, 1)
    assert accounts.period_end == date(2024, 12, 31)  # FinancialReportingPeriodCurrentEndDate


def test_current_period_chosen_over_prior_year():
    accounts = read("small-nt19.xbrl")
    # 2023 figures: equity 205,000, turnover 1,702,000; the 2024 ones win
    assert accounts.equity.value == 231_500
    assert accounts.net_turnover.value == 1_845_000
    # ... and are reported apart: 2023 gross margin 1,702,000 - 951,000 = 751,000,
    # wage costs 441,000 + 91,000 = 532,000, other receivables 130,000 - 88,000 = 42,000
    prior = accounts.prior_year
    assert accounts.prior_period_end == date(2023, 12, 31)
    assert prior["equity"].value == 205_000
    assert prior["gross_margin"].value == 751_000
    assert prior["wage_costs"].value == 532_000
    assert prior["short_term_receivables"].value == 42_000
    assert prior["fte"].value == pytest.approx(11.0)


def test_current_period_chosen_when_prior_year_comes_first():
    contexts = context("prev", "2023-12-31") + context("cur", "2024-12-31")
    facts = fact("Equity", "prev", "10") + fact("Assets", "prev", "20")
    facts += fact("Equity", "cur", "30") + fact("Assets", "cur", "50")
    accounts = read_annual_accounts(instance(contexts, facts))
    assert (accounts.equity.value, accounts.total_assets.value) == (30, 50)
    assert (accounts.prior_year["equity"].value, accounts.prior_year["total_assets"].value) == (
        10,
        20,
    )


def test_small_prefill():
    assert prefill(read("small-nt19.xbrl")) == {
        "solvency": {"equity": 231_500, "total_assets": 684_200},
        "liquidity": {
            "moment": "2024-12",
            "cash": 58_300,
            "short_term_receivables": 46_200,
            "trade_debtors": 96_400,
            "short_term_debts": 169_200,
            "trade_creditors": 118_700,
        },
        "results": {"year": 2024, "gross_margin": 812_300, "wage_costs": 565_300, "fte": 11.6},
    }


# --- inline XBRL, bw2-titel9 ---------------------------------------------------------------------


def test_inline_scale_sign_and_formats():
    accounts = read("inline-bw2-titel9.xhtml")
    # scale="3": displayed thousands; num-comma-decimal: "." groups thousands, "," is the decimal
    assert accounts.total_assets.value == 1_234_000  # "1.234" x 1000
    assert accounts.equity.value == -56_000  # "(56)" with sign="-", x 1000
    assert accounts.cash.value == 87_500  # "87,5" x 1000
    assert accounts.trade_debtors.value == 245_000  # "245" x 1000
    assert accounts.short_term_receivables.value == 65_000  # (310 - 245) x 1000
    assert accounts.trade_creditors.value == 0  # "-" with ixt:fixed-zero
    assert accounts.short_term_debts.value == 1_290_000  # (1.290 - 0) x 1000
    assert accounts.net_turnover.value == 2_468_000
    assert accounts.gross_margin.value == 927_000  # (2.468 - 1.541) x 1000
    assert accounts.gross_margin.element == "NetRevenue - CostOfSales"
    assert accounts.wage_costs.value == 616_000  # (512 + 104) x 1000
    assert accounts.fte.value == pytest.approx(12.5)  # "12,5", no scale
    assert accounts.equity.context == "I2024S"
    assert accounts.missing == ()


def test_inline_metadata():
    accounts = read("inline-bw2-titel9.xhtml")
    assert accounts.taxonomy == "bw2-titel9"
    assert accounts.size == "small"  # kvk:LegalEntitySize ...#LegalEntitySizeSmallMember
    assert accounts.legal_entity_name == "Fietsenmakerij Spaak & Zn. B.V."
    assert accounts.kvk_number == "90067890"
    # "1 januari 2024" / "31 december 2024" with ixt:date-day-monthname-year-nl
    assert accounts.period_start == date(2024, 1, 1)
    assert accounts.period_end == date(2024, 12, 31)
    # prior year: total assets "1.180" and turnover "2.301", x 1000
    assert accounts.prior_year["total_assets"].value == 1_180_000
    assert accounts.prior_year["net_turnover"].value == 2_301_000


def test_inline_prefill_keeps_negative_equity():
    filled = prefill(read("inline-bw2-titel9.xhtml"))
    assert filled["solvency"] == {"equity": -56_000, "total_assets": 1_234_000}
    assert filled["results"] == {
        "year": 2024,
        "gross_margin": 927_000,
        "wage_costs": 616_000,
        "fte": 12.5,
    }


@pytest.mark.parametrize(
    ("number_format", "shown", "scale", "sign", "expected"),
    [
        ("ixt:num-dot-decimal", "1,234.5", "0", "", 1_234.5),  # "," groups, "." decimal
        ("ixt:num-comma-decimal", "1.234,5", "3", "-", -1_234_500),  # 1234.5 x 1000, negative
        ("ixt:num-dot-decimal", "2.5", "6", "", 2_500_000),  # millions
        ("", "12", "-2", "", 0.12),  # a negative scale divides
        ("ixt:fixed-zero", "-", "3", "", 0),
        ("ixt:num-comma-decimal", "7 500", "0", "", 7_500),  # space as thousands separator
    ],
)
def test_inline_number_transformations(number_format, shown, scale, sign, expected):
    document = f"""<html xmlns="http://www.w3.org/1999/xhtml"
        xmlns:ix="http://www.xbrl.org/2013/inlineXBRL"
        xmlns:ixt="http://www.xbrl.org/inlineXBRL/transformation/2020-02-12"
        xmlns:xbrli="http://www.xbrl.org/2003/instance"
        xmlns:iso4217="http://www.xbrl.org/2003/iso4217"
        xmlns:t9="https://www.nltaxonomie.nl/bw2-titel9/2024-12-31/bw2-titel9-cor">
      <body><ix:header><ix:resources>{context("c", "2024-12-31")}
        <xbrli:unit id="U"><xbrli:measure>iso4217:EUR</xbrli:measure></xbrli:unit>
      </ix:resources></ix:header>
      <p><ix:nonFraction name="t9:CashAndCashEquivalents" contextRef="c" unitRef="U" decimals="0"
          scale="{scale}" {f'sign="{sign}"' if sign else ""}
          {f'format="{number_format}"' if number_format else ""}>{shown}</ix:nonFraction></p>
      </body></html>""".encode()
    assert read_annual_accounts(document, "x.xhtml").cash.value == pytest.approx(expected)


# --- which statements: consolidated before separate, commercial before fiscal -------------------


def test_consolidated_figures_preferred_over_company_only():
    contexts = context("sep", "2024-12-31", ("FinancialStatementsTypeAxis", "SeparateMember"))
    contexts += context("con", "2024-12-31", ("FinancialStatementsTypeAxis", "ConsolidatedMember"))
    facts = fact("Equity", "sep", "100") + fact("Assets", "sep", "400")
    facts += fact("Equity", "con", "150") + fact("Assets", "con", "900")
    accounts = read_annual_accounts(instance(contexts, facts))
    assert accounts.statements == "consolidated"
    assert (accounts.equity.value, accounts.total_assets.value) == (150, 900)
    assert "consolidated" in codes(accounts)


def test_fiscal_figures_used_only_when_alone_and_flagged():
    fiscal = context("fis", "2024-12-31", ("BasisOfPreparationAxis", "FiscalMember"))
    accounts = read_annual_accounts(instance(fiscal, fact("Equity", "fis", "70")))
    assert accounts.equity.value == 70
    assert "fiscal" in codes(accounts)
    commercial = context("com", "2024-12-31", ("BasisOfPreparationAxis", "CommercialMember"))
    both = read_annual_accounts(
        instance(fiscal + commercial, fact("Equity", "fis", "70") + fact("Equity", "com", "80"))
    )
    assert both.equity.value == 80
    assert "fiscal" not in codes(both)


def test_period_end_fact_without_figures_falls_back_to_latest_date():
    contexts = context("c", "2024-12-31") + (
        '<xbrli:context id="m"><xbrli:entity><xbrli:identifier scheme="x">1</xbrli:identifier>'
        "</xbrli:entity><xbrli:period><xbrli:instant>2024-12-31</xbrli:instant></xbrli:period>"
        "</xbrli:context>"
    )
    facts = fact("Equity", "c", "5") + (
        '<t9:FinancialReportingPeriodCurrentEndDate contextRef="m">2025-06-30'
        "</t9:FinancialReportingPeriodCurrentEndDate>"
    )
    accounts = read_annual_accounts(instance(contexts, facts))
    assert accounts.period_end == date(2024, 12, 31)
    assert "period_end_without_figures" in codes(accounts)


# --- zip -----------------------------------------------------------------------------------------


def test_zip_holding_an_instance():
    zipped = read("micro-nt19.zip")
    plain = read("micro-nt19.xbrl")
    assert zipped.figures() == plain.figures()
    assert zipped.equity.value == 45_300


def test_zip_holding_inline_xbrl_with_package_metadata():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("META-INF/catalog.xml", "<catalog/>")
        archive.writestr("META-INF/taxonomyPackage.xml", "<taxonomyPackage/>")
        archive.writestr(
            "reports/jaarrekening.xhtml", (FIXTURES / "inline-bw2-titel9.xhtml").read_bytes()
        )
    accounts = read_annual_accounts(buffer.getvalue(), "report.xbri")
    assert accounts.total_assets.value == 1_234_000


def test_zip_with_two_instances_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.xbrl", "<xbrl/>")
        archive.writestr("b.xbrl", "<xbrl/>")
    assert refused(buffer.getvalue(), "two.zip").code == "zip_contents"


def test_zip_made_with_macos_finder_is_read():
    # Finder puts an AppleDouble "__MACOSX/jaarrekening/._micro-nt19.xbrl" (it ends in .xbrl too)
    # and a ".DS_Store" next to the one instance; they are the zip tool's, not the filing's
    zipped = read("macos-finder-micro-nt19.zip")
    assert zipped.figures() == read("micro-nt19.xbrl").figures()
    assert zipped.equity.value == 45_300


@pytest.mark.parametrize(
    ("name", "ignored"),
    [
        ("__MACOSX/jaarrekening/._micro.xbrl", True),
        ("__MACOSX/x.xml", True),
        ("._micro.xbrl", True),
        ("map/._micro.xbrl", True),
        (".DS_Store", True),
        ("map/.DS_Store", True),
        ("micro.xbrl", False),
        ("map/micro.xbrl", False),
        ("MACOSX/micro.xbrl", False),
        ("map/a._b.xbrl", False),
    ],
)
def test_ignorable_zip_entries(name, ignored):
    assert safe_xml.is_system_entry(name) is ignored


# --- refused ------------------------------------------------------------------------------------


def test_other_currency_refused():
    data = (FIXTURES / "small-nt19.xbrl").read_bytes().replace(b"iso4217:EUR", b"iso4217:USD")
    error = refused(data)
    assert error.code == "currency"
    assert "USD" in error.text.en and "euro" in error.text.nl


def test_xxe_refused():
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE xbrl [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        b'<xbrl xmlns="http://www.xbrl.org/2003/instance">&xxe;</xbrl>'
    )
    error = refused(data, "evil.xbrl")
    assert error.code == "xml_external_entity"
    assert "root:" not in error.text.en


def test_billion_laughs_refused():
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    data = f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]><lolz>&lol9;</lolz>'.encode()
    assert refused(data, "laughs.xml").code == "xml_entity_expansion"


def test_fifty_megabyte_upload_refused():
    data = b"<xbrl>" + b" " * (50 * MB) + b"</xbrl>"  # generated here, never committed
    error = refused(data, "huge.xbrl")
    assert error.code == "too_large"
    assert "50 MB" in error.text.en


def test_zip_bomb_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.xbrl", b"\0" * (51 * MB))  # unpacks to 51 MB
    data = buffer.getvalue()
    assert len(data) < MB  # a small upload
    assert refused(data, "bomb.zip").code == "zip_bomb"


def test_zip_with_suspicious_compression_ratio_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.xbrl", b"\0" * (5 * MB))  # under 50 MB, but a ratio near 1000
    assert refused(buffer.getvalue(), "bomb.zip").code == "zip_bomb"


def test_zip_lying_about_its_size_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.xbrl", b"\0" * (60 * MB))
    data = bytearray(buffer.getvalue())
    small = struct.pack("<I", 5_000)  # claim 5,000 bytes in both headers
    data[22:26] = small
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = small
    assert refused(bytes(data), "liar.zip").code == "bad_zip"


def test_damaged_zip_refused():
    assert refused(b"PK\x03\x04 not really a zip", "broken.zip").code == "bad_zip"


def test_not_xml_refused():
    assert refused(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "jaarrekening.pdf").code == (
        "xml_malformed"
    )


def test_xml_that_is_not_xbrl_refused():
    error = refused(b"<?xml version='1.0'?><note><to>Anna</to><body>Hoi</body></note>")
    assert error.code == "no_figures"
    assert "no annual-accounts figures found" in error.text.en


def test_xbrl_without_figures_refused():
    contexts = context("c", "2024-12-31")
    facts = '<t9:LegalEntityName contextRef="c">Leeg B.V.</t9:LegalEntityName>'
    assert refused(instance(contexts, facts)).code == "no_figures"


# --- findings of the review of issue #15 (each test failed before its fix) ----------------------


@pytest.mark.parametrize(
    "name", ["arelle-nl-nt16-kvk-3-01-missing.xbrl", "arelle-nl-nt19-kvk-3-01-missing.xbrl"]
)
def test_kvk_filing_without_amounts_is_said_to_hold_no_figures(name):
    # Arelle's NL conformance files: a KVK filing (kvk-rpt-jaarverantwoording-20xx-nlgaap-klein-
    # publicatiestukken) with its metadata and one exchange rate (xbrli:pure), no amount at all.
    # It is SBR: the owner must not read "this does not look like XBRL annual accounts"
    error = refused((FIXTURES / name).read_bytes(), name)
    assert error.code == "no_figures"
    assert "geen bedragen die we kunnen invullen" in error.message("nl")
    assert "holds no figures we can fill in" in error.message("en")
    assert "lijkt geen" not in error.message("nl")


def test_nt11_filing_is_labelled_venj_bw2():
    accounts = read("venj-nt11-klein.xbrl")
    assert accounts.taxonomy == "venj-bw2"  # NT11/NT12: V&J, not J&V
    assert accounts.size == "small"  # entry point ...-2016-nlgaap-klein-publicatiestukken.xsd
    assert (accounts.equity.value, accounts.total_assets.value, accounts.cash.value) == (
        52_000,
        140_000,
        23_500,
    )


def test_ifrs_income_statement_is_read_not_called_abbreviated():
    accounts = read("ifrs-consolidated.xbrl")
    assert accounts.taxonomy == "ifrs"
    assert accounts.net_turnover.value == 15_400_000  # ifrs-full:Revenue
    assert accounts.net_turnover.element == "Revenue"
    assert accounts.gross_margin.value == 5_750_000  # ifrs-full:GrossProfit, as filed
    assert not accounts.gross_margin.derived
    # TradeAndOtherCurrentReceivables 1,720,000 - CurrentTradeReceivables 1,390,000
    assert accounts.short_term_receivables.value == 330_000
    assert accounts.trade_debtors.value == 1_390_000
    assert accounts.short_term_debts.value == 2_930_000  # CurrentLiabilities, not split
    assert "no_profit_and_loss" not in codes(accounts)


def test_profit_and_loss_with_items_we_do_not_map_is_not_called_abbreviated():
    contexts = context("I", "2024-12-31") + context("D", "2024-12-31").replace(
        "<xbrli:instant>2024-12-31</xbrli:instant>",
        "<xbrli:startDate>2024-01-01</xbrli:startDate><xbrli:endDate>2024-12-31</xbrli:endDate>",
    )
    facts = fact("Equity", "I", "100") + fact("Assets", "I", "300") + fact("Expenses", "D", "80")
    found = codes(read_annual_accounts(instance(contexts, facts)))
    assert "profit_and_loss_not_recognised" in found and "no_profit_and_loss" not in found


def test_a_head_count_alone_is_no_profit_and_loss_account():
    # micro entities state their average number of employees (xbrli:pure) over the year: that is
    # not an amount of a profit and loss account
    contexts = context("I", "2024-12-31") + context("D", "2024-12-31").replace(
        "<xbrli:instant>2024-12-31</xbrli:instant>",
        "<xbrli:startDate>2024-01-01</xbrli:startDate><xbrli:endDate>2024-12-31</xbrli:endDate>",
    )
    facts = (
        fact("Equity", "I", "100")
        + fact("Assets", "I", "300")
        + '<xbrli:unit id="P"><xbrli:measure>xbrli:pure</xbrli:measure></xbrli:unit>'
        + '<t9:AverageNumberOfEmployees contextRef="D" unitRef="P" decimals="0">3'
        + "</t9:AverageNumberOfEmployees>"
    )
    accounts = read_annual_accounts(instance(contexts, facts))
    assert accounts.fte.value == 3
    found = codes(accounts)
    assert "no_profit_and_loss" in found and "profit_and_loss_not_recognised" not in found


def test_ifrs_statements_axis_is_read():
    contexts = context(
        "C", "2024-12-31", ("ConsolidatedAndSeparateFinancialStatementsAxis", "ConsolidatedMember")
    )
    accounts = read_annual_accounts(
        instance(contexts, fact("Equity", "C", "10") + fact("Assets", "C", "40"))
    )
    assert accounts.statements == "consolidated"
    assert accounts.equity.value == 10


def test_2024_report_with_group_key_figures_fills_from_the_complete_statements():
    # consolidated key figures give equity and total assets only; the company's own statements
    # give everything: the complete set is used, not the first in order
    accounts = read("inline-bw2-titel9-2024-group.xhtml")
    assert accounts.statements == "separate"
    assert accounts.equity.value == 798_000
    assert accounts.total_assets.value == 1_104_000
    assert accounts.cash.value == 96_500
    assert accounts.short_term_receivables.value == 171_700 - 143_200
    assert accounts.short_term_debts.value == 211_000 - 88_400
    assert accounts.net_turnover.value == 1_380_000
    assert accounts.gross_margin.value == 602_000
    assert accounts.wage_costs.value == 301_000 + 58_500
    assert "consolidated_incomplete" in codes(accounts)
    assert set(prefill(accounts)) == {"solvency", "liquidity", "results"}


def test_2024_period_names_are_read():
    # FinancialReportingPeriodStartDate / EndDate (the 2024 names), written 1-1-2024, 31-12-2024
    accounts = read("inline-bw2-titel9-2024-group.xhtml")
    assert (accounts.period_start, accounts.period_end) == (date(2024, 1, 1), date(2024, 12, 31))
    assert "period_end_latest" not in codes(accounts)


def test_notes_name_the_wizard_fields_not_internal_names():
    accounts = read("micro-nt19.xbrl")
    note = next(n for n in accounts.notes if n.code == "short_term_receivables_not_split")
    assert "'Kortlopende vorderingen'" in note.message("nl")
    assert "vul bij 'Handelsdebiteuren' 0 in" in note.message("nl")
    assert "'Short-term receivables'" in note.message("en")
    assert "enter 0 for 'Trade debtors'" in note.message("en")
    assert note.message("nl").startswith("in de jaarrekening zijn de vorderingen niet uitgesplitst")
    for n in accounts.notes:
        for internal in ("short_term_receivables", "trade_debtors", "short_term_debts"):
            assert internal not in n.message("nl") and internal not in n.message("en")


@pytest.mark.parametrize(
    "name", ["micro-nt19.xbrl", "small-nt19.xbrl", "inline-bw2-titel9-2024-group.xhtml"]
)
def test_notes_never_name_a_taxonomy_concept(name):
    """The import page showed "we calculated it as NetRevenue minus CostOfSales"."""
    from hulplijn.imports.xbrl.concepts import MAPPED_CONCEPTS

    accounts = read(name)
    assert accounts.notes
    for n in accounts.notes:
        for language in ("nl", "en"):
            said = n.message(language)
            assert not [c for c in MAPPED_CONCEPTS if c in said], said


def test_real_nt11_sample_filing_is_read_as_venj_bw2():
    # SBR Nederland's NT11 sample instance (tests/fixtures/xbrl/SOURCES.md): a small entity's
    # publication documents, balance sheet only. Figures read by hand from the file's
    # FY16i_Commercial_Separate facts (lines 300-314); FY15 figures are the prior year.
    accounts = read("sbr-nt11-klein-tqa-workshop.xbrl")
    assert accounts.taxonomy == "venj-bw2"
    assert accounts.size == "small"
    assert accounts.statements == "separate"
    assert (accounts.period_start, accounts.period_end) == (date(2016, 1, 1), date(2016, 12, 31))
    assert accounts.kvk_number == "30267975"
    assert accounts.equity.value == 2_290_000
    assert accounts.total_assets.value == 3_590_000
    assert accounts.cash.value == 200_000
    assert accounts.short_term_receivables.value == 105_000  # venj-bw2-i:Receivables, not split
    assert accounts.short_term_debts.value == 300_000  # LiabilitiesCurrent, not split
    assert accounts.prior_year["equity"].value == 1_967_000
    # publication documents of a small entity carry no profit and loss account: said, not guessed
    assert accounts.net_turnover is None and accounts.gross_margin is None
    assert {"no_profit_and_loss", "prior_year_ignored"} <= codes(accounts)
    assert "lijkt geen" not in " ".join(n.message("nl") for n in accounts.notes)


def test_a_real_zip_made_by_macos_finder_is_opened_past_its_appledouble_entry():
    # Arelle's NL conformance suite (nl_nt19, FR-NL-1.01) zipped its instance on a Mac: beside
    # 1-01-invalid-file.xbrl the zip holds __MACOSX/._1-01-invalid-file.xbrl, an AppleDouble
    # header (magic 0x00051607, "Mac OS X", a com.apple.provenance attribute)
    data = (FIXTURES / "arelle-nl-nt19-macos-finder-1-01.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        apple = archive.read("__MACOSX/._1-01-invalid-file.xbrl")
        instance = archive.read("1-01-invalid-file.xbrl")
    assert names == ["1-01-invalid-file.xbrl", "__MACOSX/._1-01-invalid-file.xbrl"]
    assert apple[:4] == b"\x00\x05\x16\x07" and b"com.apple.provenance" in apple
    assert safe_xml.unzip_single(data, (".xbrl",)) == instance
    # the instance is an empty xbrl element: refused for what it holds (no figures), not for
    # the zip ("must hold exactly one file", as before #15)
    with pytest.raises(ImportRefused) as refused:
        read_annual_accounts(data, "jaarrekening.zip")
    assert refused.value.code == "no_figures"


def test_notes_on_a_real_filing_name_the_wizard_fields():
    # SBR Nederland's NT11 sample (receivables and current liabilities not split, as many small
    # entities file them): the notes name the wizard's fields as the page labels them, never
    # our internal names ("... staat bij short_term_receivables ... vul bij trade_debtors 0 in")
    accounts = read("sbr-nt11-klein-tqa-workshop.xbrl")
    notes = {n.code: n for n in accounts.notes}
    assert notes["short_term_receivables_not_split"].message("nl").endswith(
        "staat bij 'Kortlopende vorderingen', inclusief het handelsdeel; vul bij "
        "'Handelsdebiteuren' 0 in"
    )
    assert "vul bij 'Handelscrediteuren' 0 in" in notes["short_term_debts_not_split"].message("nl")
    for note in accounts.notes:
        for language in ("nl", "en"):
            for internal in ("short_term_receivables", "trade_debtors", "short_term_debts"):
                assert internal not in note.message(language)
