"""The KVK API client against recorded test-environment responses served by respx (no network)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import httpx
import pytest
import respx

from hulplijn.imports.errors import ImportRefused
from hulplijn.imports.kvk import (
    DEFAULT_BASE_URL,
    TEST_BASE_URL,
    TIMEOUT,
    InvalidRegisterNumber,
    KvkClient,
    RegisterError,
    RegisterNotFound,
    RegisterRefused,
    RegisterUnavailable,
    parse_profile,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "kvk"
BASIS = json.loads((FIXTURES / "kvk-test-basisprofiel-90006623.json").read_text("utf-8"))
VESTIGING = json.loads(
    (FIXTURES / "kvk-test-vestigingsprofiel-990064773193.json").read_text("utf-8")
)
ZERO_PERSONS = json.loads(
    (FIXTURES / "kvk-test-basisprofiel-90006623-zero-persons.json").read_text("utf-8")
)
MATERIAL_DATE_ONLY = json.loads(
    (FIXTURES / "kvk-test-basisprofiel-90006623-material-date-only.json").read_text("utf-8")
)
KEY = "test-key"
BASIS_URL = f"{TEST_BASE_URL}/basisprofielen/90006623"
VESTIGING_URL = f"{TEST_BASE_URL}/vestigingsprofielen/990064773193"


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def client(sleeps):
    with KvkClient(TEST_BASE_URL, KEY, sleep=sleeps.append) as kvk:
        yield kvk


@pytest.fixture
def router():
    with respx.mock(assert_all_called=False) as mock:
        yield mock


def test_settings_and_timeouts_are_the_documented_ones():
    assert DEFAULT_BASE_URL == "https://api.kvk.nl/api/v1"
    assert TEST_BASE_URL == "https://api.kvk.nl/test/api/v1"
    assert TIMEOUT.connect == 3.0 and TIMEOUT.read == 10.0
    assert KEY not in repr(KvkClient(TEST_BASE_URL, KEY))


def test_basisprofiel(client, router):
    route = router.get(BASIS_URL).respond(200, json=BASIS)
    profile = client.basisprofiel("90006623")
    assert route.call_count == 1
    assert route.calls.last.request.headers["apikey"] == KEY
    assert profile.kind == "basisprofiel"
    assert profile.kvk_number == "90006623"
    assert profile.name == "Stichting Uc027Tc01Tg01 1652253635399"
    assert profile.main_sbi == "86210"
    assert profile.sbi_codes == ("86210",)
    assert profile.activities[0].description == "Huisartsenzorg"
    assert profile.working_persons == 4
    assert profile.registration_date == date(2022, 5, 11)
    assert profile.vestigingsnummer is None


def test_vestigingsprofiel(client, router):
    route = router.get(VESTIGING_URL).respond(200, json=VESTIGING)
    profile = client.vestigingsprofiel("990064773193")
    assert route.call_count == 1
    assert profile.kind == "vestigingsprofiel"
    assert profile.vestigingsnummer == "990064773193"
    assert profile.kvk_number == "90006623"
    assert profile.name == "Stichting Uc027Tc01Tg01 1652253635399"
    assert profile.main_sbi == "86210"
    assert profile.working_persons == 4
    assert profile.registration_date == date(2022, 5, 11)


def test_working_persons_from_full_and_part_time_when_no_total():
    data = {k: v for k, v in VESTIGING.items() if k != "totaalWerkzamePersonen"}
    assert parse_profile(data, "vestigingsprofiel").working_persons == 3 + 1


def test_zero_working_persons_is_not_known_and_said(client, router):
    # the recorded profile with totaalWerkzamePersonen 0 (top level and main branch): a 0 is
    # what an entry without declared persons shows, not a head count to compare with
    router.get(BASIS_URL).respond(200, json=ZERO_PERSONS)
    profile = client.basisprofiel("90006623")
    assert profile.working_persons is None
    assert profile.figures(date(2025, 1, 2)).working_persons is None
    (note,) = profile.notes
    assert "0 werkzame personen" in note("nl") and "0 working persons" in note("en")
    assert parse_profile(BASIS, "basisprofiel").notes == ()  # 4 persons: no note


def test_registration_date_from_the_material_registration_when_no_formal_date(client, router):
    # the recorded profile without formeleRegistratiedatum: materieleRegistratie.datumAanvang
    # (20120511) is the registration date
    router.get(BASIS_URL).respond(200, json=MATERIAL_DATE_ONLY)
    assert client.basisprofiel("90006623").registration_date == date(2012, 5, 11)


def test_main_activity_is_the_one_marked_ja_and_unknown_date_parts_give_none():
    data = dict(BASIS)
    data["sbiActiviteiten"] = [
        {"sbiCode": "4711", "sbiOmschrijving": "Supermarkten", "indHoofdactiviteit": "Nee"},
        {"sbiCode": "47.19", "sbiOmschrijving": "Warenhuizen", "indHoofdactiviteit": "Ja"},
    ]
    data["formeleRegistratiedatum"] = "20120500"
    profile = parse_profile(data, "basisprofiel")
    assert profile.main_sbi == "4719"
    assert profile.sbi_codes == ("4711", "4719")
    assert profile.registration_date is None


def test_profile_as_register_figures(client, router):
    router.get(BASIS_URL).respond(200, json=BASIS)
    figures = client.basisprofiel("90006623").figures(date(2025, 1, 2))
    assert figures.source == "KVK Handelsregister"
    assert figures.retrieved == date(2025, 1, 2)
    assert (figures.sbi, figures.sbi_version, figures.working_persons) == ("86210", "2008", 4)
    assert figures.years == () and figures.equity is None


def test_404_is_not_found(client, router):
    route = router.get(BASIS_URL).respond(
        404, json={"fout": [{"code": "IPD0005", "omschrijving": "Product niet leverbaar"}]}
    )
    with pytest.raises(RegisterNotFound) as caught:
        client.basisprofiel("90006623")
    assert route.call_count == 1  # no retry
    assert caught.value.code == "kvk_not_found" and caught.value.status == 404
    assert "geen bedrijf met dit KVK-nummer" in caught.value.message("nl")
    assert "no firm with this KVK number" in caught.value.message("en")


def test_404_for_an_establishment_names_the_establishment(client, router):
    router.get(VESTIGING_URL).respond(404)
    with pytest.raises(RegisterNotFound) as caught:
        client.vestigingsprofiel("990064773193")
    assert caught.value.code == "kvk_establishment_not_found"


@pytest.mark.parametrize("status", [401, 403])
def test_bad_key_is_refused_without_retry(client, router, sleeps, status):
    route = router.get(BASIS_URL).respond(status)
    with pytest.raises(RegisterRefused) as caught:
        client.basisprofiel("90006623")
    assert route.call_count == 1 and sleeps == []
    assert caught.value.code == "kvk_bad_key" and caught.value.status == status
    assert "API-sleutel" in caught.value.text.nl and "API key" in caught.value.text.en
    assert KEY not in caught.value.text.nl + caught.value.text.en


def test_400_is_refused_without_retry(client, router):
    route = router.get(BASIS_URL).respond(400, json={"fout": [{"code": "IPD0004"}]})
    with pytest.raises(RegisterRefused) as caught:
        client.basisprofiel("90006623")
    assert route.call_count == 1
    assert caught.value.code == "kvk_bad_request"


def test_500_then_success_is_retried(client, router, sleeps):
    route = router.get(BASIS_URL)
    route.side_effect = [httpx.Response(500), httpx.Response(200, json=BASIS)]
    assert client.basisprofiel("90006623").kvk_number == "90006623"
    assert route.call_count == 2
    assert sleeps == [0.25]


def test_429_is_retried_honouring_a_short_retry_after(client, router, sleeps):
    route = router.get(BASIS_URL)
    route.side_effect = [
        httpx.Response(429, headers={"Retry-After": "1"}),
        httpx.Response(429, headers={"Retry-After": "3600"}),
        httpx.Response(200, json=BASIS),
    ]
    assert client.basisprofiel("90006623").main_sbi == "86210"
    assert route.call_count == 3
    assert sleeps == [1.0, 2.0]  # Retry-After capped at 2 s


def test_persistent_503_is_unavailable_after_two_retries(client, router, sleeps):
    route = router.get(BASIS_URL).respond(503)
    with pytest.raises(RegisterUnavailable) as caught:
        client.basisprofiel("90006623")
    assert route.call_count == 3
    assert sleeps == [0.25, 0.75]
    assert caught.value.code == "kvk_server_error" and caught.value.status == 503
    assert "niet bereikbaar" in caught.value.text.nl
    assert "cannot be reached" in caught.value.text.en


def test_read_timeout_is_unavailable_without_retry(client, router, sleeps):
    route = router.get(BASIS_URL).mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(RegisterUnavailable) as caught:
        client.basisprofiel("90006623")
    assert route.call_count == 1 and sleeps == []
    assert caught.value.code == "kvk_timeout"


def test_connect_errors_are_retried_then_unavailable(client, router, sleeps):
    route = router.get(BASIS_URL).mock(side_effect=httpx.ConnectTimeout("no route"))
    with pytest.raises(RegisterUnavailable) as caught:
        client.basisprofiel("90006623")
    assert route.call_count == 3 and sleeps == [0.25, 0.75]
    assert caught.value.code == "kvk_connection"


def test_connect_error_then_success(client, router):
    route = router.get(VESTIGING_URL)
    route.side_effect = [httpx.ConnectError("refused"), httpx.Response(200, json=VESTIGING)]
    assert client.vestigingsprofiel("990064773193").working_persons == 4
    assert route.call_count == 2


@pytest.mark.parametrize(
    "number",
    [
        "0012345",
        "00123456",
        "9000662",
        "900066231",
        "9000 6623",
        "9000662a",
        "٩٠٠٠٦٦٢٣",
        "90006623\n0",
        90006623,
        None,
        "",
    ],
)
def test_invalid_kvk_number_is_refused_before_any_request(client, router, number):
    route = router.get(url__regex=r".*")
    with pytest.raises(InvalidRegisterNumber) as caught:
        client.basisprofiel(number)
    assert not route.called and not router.calls
    assert caught.value.code == "kvk_number_form"
    assert isinstance(caught.value, RegisterRefused)


def test_surrounding_whitespace_is_stripped(client, router):
    route = router.get(BASIS_URL).respond(200, json=BASIS)
    assert client.basisprofiel(" 90006623\n").kvk_number == "90006623"
    assert route.calls.last.request.url == BASIS_URL


@pytest.mark.parametrize("number", ["99006477319", "9900647731930", "99006477319x", "90006623"])
def test_invalid_vestigingsnummer_is_refused_before_any_request(client, router, number):
    route = router.get(url__regex=r".*")
    with pytest.raises(InvalidRegisterNumber) as caught:
        client.vestigingsprofiel(number)
    assert not route.called
    assert caught.value.code == "vestigingsnummer_form"


def test_missing_key_is_refused_before_any_request(router):
    route = router.get(url__regex=r".*")
    with KvkClient(TEST_BASE_URL, "") as kvk, pytest.raises(RegisterRefused) as caught:
        kvk.basisprofiel("90006623")
    assert not route.called and caught.value.code == "kvk_no_key"


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"<html>Service</html>",
        b"",
        b"[]",
        b'{"naam": "no number"}',
        b'{"kvkNummer": "90006623", "sbiActiviteiten": "86210"}',
        b"\xff\xfe\x00",
    ],
)
def test_malformed_answer_is_unavailable(client, router, content):
    router.get(BASIS_URL).respond(
        200, content=content, headers={"Content-Type": "application/json"}
    )
    with pytest.raises(RegisterUnavailable) as caught:
        client.basisprofiel("90006623")
    assert caught.value.code == "kvk_malformed"
    assert "niet kunnen lezen" in caught.value.text.nl


def test_answer_for_another_firm_is_malformed(client, router):
    router.get(BASIS_URL).respond(200, json={**BASIS, "kvkNummer": "12345678"})
    with pytest.raises(RegisterUnavailable) as caught:
        client.basisprofiel("90006623")
    assert caught.value.code == "kvk_malformed"


def test_every_register_error_is_an_import_refusal_with_both_languages():
    for cls in (RegisterUnavailable, RegisterNotFound, RegisterRefused, InvalidRegisterNumber):
        assert issubclass(cls, RegisterError) and issubclass(cls, ImportRefused)


def test_the_owner_s_legal_form_as_the_wizard_asks_it():
    # the KVK test register's 90006623 is a foundation ("Stichting"): another legal form
    assert parse_profile(BASIS, "basisprofiel").legal_form == "other"
    owner = BASIS["_embedded"]["eigenaar"]

    def form(rechtsvorm, extended=None):
        found = {**owner, "rechtsvorm": rechtsvorm, "uitgebreideRechtsvorm": extended}
        data = {**BASIS, "_embedded": {**BASIS["_embedded"], "eigenaar": found}}
        return parse_profile(data, "basisprofiel").legal_form

    assert form("Eenmanszaak") == "eenmanszaak"
    assert form("Eenmanszaak met meer dan één eigenaar") == "eenmanszaak"
    assert form("Vennootschap Onder Firma") == "vof"
    assert form("VennootschapOnderFirma") == "vof"
    assert form("Besloten Vennootschap") == "bv"
    assert form("Maatschap") == "other"
    assert form(None, "Besloten Vennootschap met gewone structuur") == "other"
    assert form("", None) is None  # the register names none: not known
    without = {
        **BASIS,
        "_embedded": {k: v for k, v in BASIS["_embedded"].items() if k != "eigenaar"},
    }
    assert parse_profile(without, "basisprofiel").legal_form is None
