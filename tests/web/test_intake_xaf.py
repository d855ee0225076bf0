"""Prefill from the auditfile (XAF): upload -> mapping -> confirm -> prefilled wizard; bad files.

The expected figures are the hand derivations in the fixtures (tests/fixtures/xaf) and in
tests/imports/test_xaf.py.
"""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hulplijn.web.assessments.models import AssessmentRound, Draft
from hulplijn.web.intake.xaf_views import SESSION_KEY

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parents[1] / "fixtures"
OWN = (FIXTURES / "xaf" / "bakkerij-2023-v32.xaf").read_bytes()
PUBLIC = (FIXTURES / "xaf" / "pyxaf-2024.xaf").read_bytes()
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def round(**overrides) -> AssessmentRound:
    fields = {"year_1": 2022, "year_2": 2023, "moment_1": "2022-12", "moment_2": "2023-03"}
    return AssessmentRound.objects.create(name="XAF", is_open=True, **{**fields, **overrides})


def xaf_file(data: bytes, name: str = "2023.xaf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def choices(response) -> dict[str, str]:
    """The mapping form's fields as posted: account_<i> -> the category selected now."""
    form = response.context["form"]
    return {name: form[name].value() for name in form.fields}


def index_of(response, account_id: str) -> str:
    accounts = response.context["form"].accounts
    return next(f"account_{i}" for i, a in enumerate(accounts) if a["id"] == account_id)


def test_upload_mapping_confirm_prefills_the_wizard(client):
    round()
    response = client.post("/zelfdiagnose/auditfile/", {"files": [xaf_file(OWN)]})
    assert response.status_code == 302
    assert response["Location"] == "/zelfdiagnose/auditfile/indeling/"
    assert Draft.objects.count() == 0  # nothing in the wizard before the owner confirms

    page = client.get("/zelfdiagnose/auditfile/indeling/")
    html = page.content.decode()
    assert "RGS-code BLimBan" in html and "Saldo € 10.800,00 debet" in html  # bank 1100
    rows = {(label, str(when)): amount for label, when, amount in page.context["rows"]}
    # the fixture's hand derivation: gross margin 10000 - 4000, wage costs 3000
    assert rows[("Brutomarge (euro)", "2023")] == 6000
    assert rows[("Loonkosten per jaar", "2023")] == 3000

    # the owner counts the rent account 4100 towards wage costs and saves
    posted = choices(page) | {index_of(page, "4100"): "wage_costs", "action": "save"}
    saved = client.post("/zelfdiagnose/auditfile/indeling/", posted)
    assert saved["Location"] == "/zelfdiagnose/auditfile/indeling/"
    page = client.get("/zelfdiagnose/auditfile/indeling/")
    rows = {(label, str(when)): amount for label, when, amount in page.context["rows"]}
    assert rows[("Loonkosten per jaar", "2023")] == 4200  # 3000 + the rent 1200
    assert Draft.objects.count() == 0

    done = client.post("/zelfdiagnose/auditfile/indeling/", choices(page) | {"action": "apply"})
    assert done["Location"] == "/zelfdiagnose/resultaten/"
    raw = Draft.objects.get().data["raw"]
    # 2023 is the round's second year; 2022-12 the opening balance, 2023-03 after T1-T3
    assert raw["resultaten"] == {"gross_margin_2": "6000", "wage_costs_2": "4200"}
    assert raw["liquiditeit"]["cash_1"] == "10000" and raw["liquiditeit"]["cash_2"] == "7000"
    assert raw["liquiditeit"]["trade_creditors_2"] == "8840"
    # profit 10000 - 4000 - 3000 - 1200 = 1800 whatever the mapping: equity 17000 + 1800
    assert raw["solvabiliteit"] == {"equity": "18800", "total_assets": "41900"}
    assert SESSION_KEY not in client.session
    step = client.get("/zelfdiagnose/resultaten/")
    assert step.context["form"].data["gross_margin_2"] == "6000"


def test_public_4_0_file_in_english(client):
    round(year_1=2023, year_2=2024, moment_1="2024-03", moment_2="2024-12")
    response = client.post(
        "/zelfdiagnose/auditfile/", {"files": [xaf_file(PUBLIC, "2024.xaf")]}, **EN
    )
    assert response.status_code == 302
    page = client.get("/zelfdiagnose/auditfile/indeling/", **EN)
    assert "RGS code BVorDeb" in page.content.decode()
    client.post("/zelfdiagnose/auditfile/indeling/", choices(page) | {"action": "apply"}, **EN)
    raw = Draft.objects.get().data["raw"]
    # tests/imports/test_xaf.py: revenue 31620.19, no costs; debtors 7214.15 at 2024-03-31
    assert raw["resultaten"] == {"gross_margin_2": "31620.19", "wage_costs_2": "0"}
    assert raw["liquiditeit"]["trade_debtors_1"] == "7214.15"
    assert raw["liquiditeit"]["trade_debtors_2"] == "38260.42"
    assert raw["solvabiliteit"] == {"equity": "44120.69", "total_assets": "50760.92"}


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (
            (FIXTURES / "bank" / "camt053_v02.xml").read_bytes(),
            "afschrift.xml",
            "afschrift.xml: dit is geen XML Auditfile Financieel (XAF)",
        ),
        (
            PUBLIC.replace(b"<amnt>3612.16</amnt>", b"<amnt>3621.16</amnt>", 1),
            "2024.xaf",
            "2024.xaf: debet en credit van de boekingen sluiten niet: er staat € 9,00 meer debet",
        ),
        (
            OWN.replace(b"<curCode>EUR</curCode>", b"<curCode>GBP</curCode>"),
            "2023.xaf",
            "de administratie is in GBP gevoerd; we rekenen alleen met euro's",
        ),
        (
            OWN.replace(b"auditfiles.nl/XAF/3.2", b"auditfiles.nl/XAF/9.9"),
            "2023.xaf",
            "deze auditfile-versie (http://www.auditfiles.nl/XAF/9.9) lezen we niet",
        ),
        (
            OWN.replace(b"2023-", b"2019-"),
            "2019.xaf",
            "de zelfdiagnose vraagt naar 2022 en 2023",
        ),
    ],
)
def test_bad_files_are_refused_in_plain_dutch_and_nothing_is_kept(client, data, name, message):
    round()
    response = client.post("/zelfdiagnose/auditfile/", {"files": [xaf_file(data, name)]})
    assert response.status_code == 200
    errors = response.context["form"].errors["files"]
    assert any(message in error for error in errors), errors
    assert message in response.content.decode().replace("&#x27;", "'")
    assert Draft.objects.count() == 0
    assert SESSION_KEY not in client.session


def test_one_bad_file_of_two_keeps_nothing(client):
    round()
    response = client.post(
        "/zelfdiagnose/auditfile/",
        {"files": [xaf_file(OWN), xaf_file(OWN, "kopie.xaf")]},
    )
    assert response.context["form"].errors["files"] == [
        "kopie.xaf: dit boekjaar staat al in een ander bestand."
    ]
    assert SESSION_KEY not in client.session


def test_mapping_page_without_a_file_goes_to_the_upload(client):
    round()
    assert client.get("/zelfdiagnose/auditfile/").status_code == 200
    response = client.get("/zelfdiagnose/auditfile/indeling/")
    assert response["Location"] == "/zelfdiagnose/auditfile/"


def test_oversized_upload_is_refused_beside_the_field(client, settings):
    round()
    settings.HULPLIJN_MAX_UPLOAD_BYTES = 1024
    response = client.post("/zelfdiagnose/auditfile/", {"files": [xaf_file(OWN)]}, **EN)
    assert "2023.xaf is too large" in response.context["form"].errors["files"][0]
    assert SESSION_KEY not in client.session


def test_accounts_without_a_balance_are_not_listed(client):
    round(year_1=2023, year_2=2024, moment_1="2024-03", moment_2="2024-12")
    client.post("/zelfdiagnose/auditfile/", {"files": [xaf_file(PUBLIC, "2024.xaf")]})
    page = client.get("/zelfdiagnose/auditfile/indeling/")
    # 1000 Kas, 1600 Crediteuren, 1810, 4000 and 4100 are never booked on: 6 of 11 remain
    shown = [a["id"] for a in page.context["form"].accounts]
    assert shown == ["0100", "0500", "1100", "1300", "1800", "8000"]


def test_too_many_accounts_for_one_page_are_refused(client, monkeypatch):
    round()
    monkeypatch.setattr("hulplijn.web.intake.xaf_views.MAX_ACCOUNTS", 12)
    response = client.post("/zelfdiagnose/auditfile/", {"files": [xaf_file(OWN)]})
    # the bakery's 13 accounts all have a balance at 2023-12-31 or 2023-03-31
    assert response.context["form"].errors["files"] == [
        "De bestanden hebben 13 grootboekrekeningen met een saldo; we kunnen er hoogstens 12 "
        "tonen. Vul de cijfers dan zelf in bij de stappen."
    ]
    assert SESSION_KEY not in client.session


def test_two_fiscal_years_fill_both_reference_years(client):
    round()
    # the same books a year earlier (every date and the fiscal year moved to 2022)
    earlier = OWN.replace(b"2023", b"2022")
    client.post(
        "/zelfdiagnose/auditfile/",
        {"files": [xaf_file(OWN), xaf_file(earlier, "2022.xaf")]},
    )
    page = client.get("/zelfdiagnose/auditfile/indeling/")
    assert [f["label"] for f in page.context["files"]] == ["2022", "2023"]
    client.post("/zelfdiagnose/auditfile/indeling/", choices(page) | {"action": "apply"})
    raw = Draft.objects.get().data["raw"]
    assert raw["resultaten"] == {
        "gross_margin_1": "6000",
        "wage_costs_1": "3000",
        "gross_margin_2": "6000",
        "wage_costs_2": "3000",
    }
    # solvency from the latest year, 2023: equity 18800 (the fixture's derivation)
    assert raw["solvabiliteit"]["equity"] == "18800"
    # 2022-12 falls in fiscal year 2022: its costs (the same books) at the first moment
    assert raw["liquiditeit"]["other_costs_1"] == raw["liquiditeit"]["other_costs_2"] == "1200"
    assert raw["liquiditeit"]["wage_costs_1"] == "3000"


def test_costs_per_year_fill_the_cash_buffer_and_fte_is_said_to_be_missing(client):
    round()
    client.post("/zelfdiagnose/auditfile/", {"files": [xaf_file(OWN)]})
    page = client.get("/zelfdiagnose/auditfile/indeling/")
    html = page.content.decode()
    assert "het aantal fte staat er niet in" in html
    assert "Overige bedrijfskosten (huur, energie, verzekeringen, marketing)" in html
    rows = {(label, str(when)): amount for label, when, amount in page.context["rows"]}
    # costs of fiscal year 2023 at 2023-03: rent 1200 (WBedHui), wages 3000, no interest
    assert rows[("Overige kosten per jaar", "2023-03")] == 1200
    assert rows[("Rentelasten per jaar", "2023-03")] == 0
    client.post("/zelfdiagnose/auditfile/indeling/", choices(page) | {"action": "apply"})
    liquidity = Draft.objects.get().data["raw"]["liquiditeit"]
    assert {k: v for k, v in liquidity.items() if k.endswith("costs_2")} == {
        "interest_costs_2": "0",
        "wage_costs_2": "3000",
        "other_costs_2": "1200",
    }
    # 2022-12 is the opening balance of 2023: the costs of 2022 are not in this file
    assert not any(k.endswith("costs_1") for k in liquidity)
    step = client.get("/zelfdiagnose/liquiditeit/")
    assert step.context["form"].data["other_costs_2"] == "1200"


def test_an_exact_online_export_prefills_the_wizard(client):
    # Exact Online's own XAF 3.2 export of its demo firm (tests/fixtures/xaf/SOURCES): gross
    # margin 213,180.24 - 12,151.42 = 201,028.82 and wage costs 74,727.80 for 2016, as
    # tests/imports/test_xaf.py reads them against an independent reading
    round(year_1=2015, year_2=2016, moment_1="2016-06", moment_2="2016-12")
    data = (FIXTURES / "xaf" / "exact-online-2016-v32.xml").read_bytes()
    response = client.post("/zelfdiagnose/auditfile/", {"files": [xaf_file(data, "2016.xml")]})
    assert response.status_code == 302
    page = client.get("/zelfdiagnose/auditfile/indeling/")
    assert "Saldo € 8.264,46 debet · RGS-code BMvaObeVvp" in page.content.decode()
    client.post("/zelfdiagnose/auditfile/indeling/", choices(page) | {"action": "apply"})
    raw = Draft.objects.get().data["raw"]
    # as the Dutch page writes them for the owner to check
    assert raw["resultaten"] == {"gross_margin_2": "201028,82", "wage_costs_2": "74727,8"}
