"""Register and credit data in the pages (issue #15, decisions/0037): the wizard's sector step
filled in from the configured sources, the check of a completed assessment against them, and a
bureau's credit score shown to the firm itself only.

HTTP is replaced at the I/O boundary only: ``hulplijn.web.intake.register.transport`` is an
``httpx.MockTransport`` answering with the recorded responses in tests/fixtures/kvk/ (the KVK
test environment's Basisprofiel of 90006623) and tests/fixtures/register/ (D&B Direct+ and
Experian, shaped as their public documentation shows; SOURCES.md there).
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from hulplijn.web.assessments.models import Assessment, Draft, Share
from hulplijn.web.cockpit.models import StatisticalRecord
from hulplijn.web.intake import register as intake_register
from tests.web.conftest import EXAMPLE_STEPS, complete_wizard

FIXTURES = Path(__file__).parents[1] / "fixtures"
KVK_URL, DNB_URL, EXPERIAN_URL = (
    "https://api.kvk.example/test/api/v1",
    "https://dnb.example",
    "https://experian.example",
)
NUMBER = "90006623"
pytestmark = pytest.mark.django_db


def recorded(path: str) -> dict:
    return json.loads((FIXTURES / path).read_text("utf-8"))


class Recorded:
    """Answers each request by host and path with a recorded response; keeps the paths asked.
    ``fail`` maps a host to the exception its requests raise (a source that cannot be reached)."""

    def __init__(self, fail: dict[str, Exception] | None = None):
        self.fail = fail or {}
        self.asked: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        host, path = request.url.host, request.url.path
        self.asked.append(f"{host}{path}")
        if host in self.fail:
            raise self.fail[host]
        answers = {
            f"/test/api/v1/basisprofielen/{NUMBER}": "kvk/kvk-test-basisprofiel-90006623.json",
            "/v2/token": "register/dnb-token.json",
            "/v1/match/cleanseMatch": "register/dnb-cleansematch-registration-number.json",
            "/v1/data/duns/123456789": "register/dnb-data-companyinfo-failurescore.json",
            "/oauth2/v1/token": "register/experian-token.json",
        }
        return httpx.Response(200, json=recorded(answers[path]))


@pytest.fixture
def sources(settings, monkeypatch):
    """KVK and D&B configured (Experian off), answering through a recorded transport."""
    settings.HULPLIJN_KVK_API_URL, settings.HULPLIJN_KVK_API_KEY = KVK_URL, "kvk-test-key"
    settings.HULPLIJN_DNB_API_URL = DNB_URL
    settings.HULPLIJN_DNB_KEY, settings.HULPLIJN_DNB_SECRET = "dnb-key", "dnb-secret"
    transport = Recorded()
    monkeypatch.setattr(intake_register, "transport", httpx.MockTransport(transport))
    return transport


@pytest.fixture
def proven(client):
    """``client`` logged in with eHerkenning for NUMBER: the firm proved who it is, so the
    credit bureaus are asked (decisions/0037)."""
    from hulplijn.web.accounts.models import User

    user = User.objects.create_eherkenning_user(NUMBER, "urn:etoegang:core:assurance-class:loa3")
    client.force_login(user)
    return user


def fill(client, **typed) -> str:
    """Type on the sector step, press "Fill in from the register"; the page it comes back to."""
    client.get("/zelfdiagnose/")
    response = client.post("/zelfdiagnose/sector/", {**typed, "action": "register"})
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def test_the_sector_step_is_filled_in_from_the_configured_sources(client, sources, proven):
    page = fill(client, kvk_number=NUMBER)
    # KVK first: its Basisprofiel gives main activity 86210, 4 working persons and the formal
    # registration date 20220511; D&B (asked too) would give 8621, 4 and 2012-05-11
    assert sources.asked == [
        f"api.kvk.example/test/api/v1/basisprofielen/{NUMBER}",
        "dnb.example/v2/token",
        "dnb.example/v1/match/cleanseMatch",
        "dnb.example/v1/data/duns/123456789",
    ]
    assert "Sector (SBI-code): 86210 (van KVK Handelsregister)" in page
    assert "Werkzame personen: 4 (van KVK Handelsregister)" in page
    assert "Ingeschreven sinds: 11 mei 2022 (van KVK Handelsregister)" in page
    # the fields left empty are filled in, to confirm: division 86 and 4 persons
    raw = Draft.objects.get().data["raw"]["sector"]
    assert (raw["sbi"], raw["working_persons"], raw["kvk_number"]) == ("86", "4", NUMBER)
    assert 'value="4"' in page and '<option value="86" selected>' in page
    assert "sector" not in Draft.objects.get().data.get("clean", {})  # Next confirms


def test_what_the_owner_typed_stays(client, sources):
    page = fill(client, kvk_number=NUMBER, sbi="47", working_persons="60")
    raw = Draft.objects.get().data["raw"]["sector"]
    assert (raw["sbi"], raw["working_persons"]) == ("47", "60")
    assert "Werkzame personen: 4 (van KVK Handelsregister)" in page  # shown beside, to compare


def test_an_unreachable_source_is_said_and_the_others_still_fill_in(client, sources, proven):
    sources.fail["dnb.example"] = httpx.ReadTimeout("no answer")
    page = fill(client, kvk_number=NUMBER)
    assert "Dun &amp; Bradstreet is nu niet bereikbaar; probeer het later opnieuw" in page
    assert "Werkzame personen: 4 (van KVK Handelsregister)" in page
    assert Draft.objects.get().data["raw"]["sector"]["working_persons"] == "4"


def test_when_no_source_answers_nothing_is_filled_and_that_is_said(client, sources, proven):
    sources.fail.update(
        {"api.kvk.example": httpx.ReadTimeout("-"), "dnb.example": httpx.ReadTimeout("-")}
    )
    page = fill(client, kvk_number=NUMBER)
    assert "Geen bron kon ons iets vertellen" in page
    assert "KVK" in page and "Dun &amp; Bradstreet is nu niet bereikbaar" in page
    assert "working_persons" not in Draft.objects.get().data["raw"]["sector"]


def test_without_a_configured_source_there_is_no_button(client):
    page = client.get("/zelfdiagnose/sector/").content.decode()
    assert 'value="register"' not in page


def test_a_wrong_kvk_number_asks_nothing(client, sources):
    page = fill(client, kvk_number="1234567")
    assert sources.asked == []
    assert "Een KvK-nummer heeft 8 cijfers" in page


def complete_with_number(client) -> Assessment:
    steps = {**EXAMPLE_STEPS, "sector": {**EXAMPLE_STEPS["sector"], "kvk_number": NUMBER}}
    assert complete_wizard(client, steps).status_code == 200
    return Assessment.objects.get()


def test_the_check_uses_every_source_and_keeps_the_bureaus_score(client, sources, proven):
    stored = complete_with_number(client)
    statuses = {c["path"]: c["status"] for c in stored.verification}
    # KVK's 86210 and 4 persons against the entered 47 and 60: both differ
    assert statuses["sbi"] == "differs" and statuses["working_persons"] == "differs"
    [score] = stored.credit_scores
    # the recorded D&B failure score: national percentile 71 of 1-100 (higher is safer),
    # class 2, dated 2025-02-28 by D&B
    assert score["source"] == "Dun & Bradstreet"
    assert (score["value"], score["low"], score["high"], score["higher_is_safer"]) == (
        71,
        1,
        100,
        True,
    )
    assert (score["as_of"], score["dated_by_retrieval"]) == ("2025-02-28", False)
    assert score["risk_class"] == "2 (Low to Moderate Risk)"


def test_the_owner_sees_the_score_with_its_scale_date_and_source(client, sources, proven):
    stored = complete_with_number(client)
    page = client.get(f"/beoordeling/{stored.pk}/").content.decode()
    assert "Kredietscore van een kredietbureau" in page
    assert "Dun &amp; Bradstreet, D&amp;B Failure Score: 71" in page
    assert "op een schaal van 1 tot 100; een hogere score betekent een lager risico" in page
    assert "Risicoklasse: 2 (Low to Moderate Risk)." in page
    assert "Score van 28 februari 2025." in page
    assert "Dit is het cijfer van het bureau, niet het onze" in page
    english = client.get(f"/beoordeling/{stored.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "on a scale of 1 to 100; a higher score means a lower risk" in english
    assert "Score of 28 February 2025." in english


def test_a_share_link_and_the_statistics_never_see_the_score(client, sources, proven):
    stored = complete_with_number(client)
    link = Share.objects.create(assessment=stored)
    shared = client.get(f"/gedeeld/{link.token}/").content.decode()
    assert "Dun &amp; Bradstreet" not in shared and "Kredietscore" not in shared
    names = {f.name for f in StatisticalRecord._meta.get_fields()}
    assert not any("credit" in name for name in names)
    # the anonymised record this assessment would give (cockpit.statistics.record_of) carries
    # nothing of the bureau: no score, no scale, no bureau's name
    from hulplijn.web.cockpit.statistics import record_of

    record = record_of(stored)
    values = repr([getattr(record, f.attname) for f in StatisticalRecord._meta.concrete_fields])
    assert stored.credit_scores and "Bradstreet" not in values and "Failure" not in values


def test_a_score_without_a_date_says_it_is_the_day_we_asked(client, sources, proven):
    stored = complete_with_number(client)
    score = {**stored.credit_scores[0], "as_of": "2025-03-18", "dated_by_retrieval": True}
    Assessment.objects.filter(pk=stored.pk).update(credit_scores=[score])
    page = client.get(f"/beoordeling/{stored.pk}/").content.decode()
    assert "het bureau geeft geen datum voor deze score" in page.lower()
    assert "18 maart 2025" in page


def test_an_unreachable_bureau_is_said_on_the_dashboard_and_never_blocks(client, sources, proven):
    sources.fail["dnb.example"] = httpx.ReadTimeout("no answer")  # not retried
    stored = complete_with_number(client)
    assert stored.segment == "accelerate" and stored.credit_scores == []
    [note] = [c for c in stored.verification if c["field"] == "register"]
    assert note["message_nl"] == "Dun & Bradstreet is nu niet bereikbaar; probeer het later opnieuw"


def test_experian_without_a_bin_says_so(client, sources, proven, settings):
    settings.HULPLIJN_EXPERIAN_API_URL = EXPERIAN_URL
    (
        settings.HULPLIJN_EXPERIAN_CLIENT_ID,
        settings.HULPLIJN_EXPERIAN_CLIENT_SECRET,
        settings.HULPLIJN_EXPERIAN_USERNAME,
        settings.HULPLIJN_EXPERIAN_PASSWORD,
        settings.HULPLIJN_EXPERIAN_SUBCODE,
    ) = ("id", "secret", "user", "password", "0563736")
    page = fill(client, kvk_number=NUMBER)
    # Experian's public API takes no KvK number: no BIN, no request, a note (decisions/0023)
    assert not any("experian.example" in asked for asked in sources.asked)
    assert "voor dit KVK-nummer is geen Experian-bedrijfsnummer (BIN) bekend" in page


def test_the_owners_pdf_has_the_score_and_a_share_links_pdf_has_not(
    client, sources, proven, tmp_path
):
    from tests.web.test_prize import pdf_of, pdf_text

    stored = complete_with_number(client)
    text = pdf_text(pdf_of(client, stored, tmp_path))
    assert "Kredietscore van een kredietbureau" in text
    assert "Dun & Bradstreet, D&B Failure Score: 71 (op een schaal van 1 tot 100" in text
    assert "Score van 28 februari 2025." in text
    link = Share.objects.create(assessment=stored)
    shared = client.get(f"/gedeeld/{link.token}/rapport.pdf")
    path = tmp_path / "shared.pdf"
    path.write_bytes(shared.content)
    assert "Kredietscore" not in pdf_text(path) and "Failure Score" not in pdf_text(path)


@pytest.mark.parametrize("who", ["anonymous", "e-mail account", "another firm"])
def test_the_bureaus_are_asked_only_for_the_firm_that_proved_its_kvk_number(client, sources, who):
    """Found in review: anybody who typed a KvK number got that firm's credit score (D&B's
    failure score) on their own dashboard, and every press and every adviser's batch row asked
    the paid bureau. Now the bureaus are asked only for an account logged in with eHerkenning
    for that very number; the others get KVK's public register and a note why there is no
    score."""
    from hulplijn.web.accounts.models import User
    from tests.web.factories import UserFactory

    if who == "e-mail account":
        client.force_login(UserFactory())
    elif who == "another firm":
        client.force_login(User.objects.create_eherkenning_user("12345678", "loa3"))
    page = fill(client, kvk_number=NUMBER)
    assert sources.asked == [f"api.kvk.example/test/api/v1/basisprofielen/{NUMBER}"]
    assert "Werkzame personen: 4 (van KVK Handelsregister)" in page
    assert "Kredietinformatie vragen we alleen op als u met eHerkenning bent ingelogd" in page
    stored = complete_with_number(client)
    assert not any("dnb.example" in asked for asked in sources.asked)
    assert stored.credit_scores == []
    dashboard = client.get(f"/beoordeling/{stored.pk}/").content.decode()
    assert "Kredietscore" not in dashboard and "Failure Score" not in dashboard


def test_the_register_button_is_limited(client, sources, settings):
    """Each press asks the paid register APIs: at most HULPLIJN_REGISTER_RATE a draft and an
    address; the third of 2/h asks nothing and says why."""
    settings.HULPLIJN_REGISTER_RATE = "2/h"
    for _ in range(2):
        fill(client, kvk_number=NUMBER)
    assert len(sources.asked) == 2  # KVK once per press (no bureau for an anonymous visitor)
    page = fill(client, kvk_number=NUMBER)
    assert len(sources.asked) == 2
    assert "Het register is in korte tijd vaak gevraagd" in page


def test_an_advisers_batch_checks_the_register_and_asks_no_bureau(
    client, sources, settings, django_capture_on_commit_callbacks
):
    """A batch row with a KvK number is checked against KVK (a list of checks, as the wizard
    stores it), asks no bureau (an adviser proves nothing about a firm) and stores no score."""
    from tests.web.factories import AdviserFactory
    from tests.web.test_batch_jobs import IMMEDIATE, batch_file, post

    settings.TASKS = IMMEDIATE
    header, row, *_ = batch_file(1).decode().split("\r\n")
    names, cells = header.split(";"), row.split(";")
    cells[names.index("kvk_number")] = NUMBER
    client.force_login(AdviserFactory())
    post(client, f"{header}\r\n{';'.join(cells)}\r\n".encode(), django_capture_on_commit_callbacks)
    stored = Assessment.objects.get()
    assert sources.asked == [f"api.kvk.example/test/api/v1/basisprofielen/{NUMBER}"]
    assert isinstance(stored.verification, list) and stored.verification
    assert all(isinstance(check, dict) for check in stored.verification)
    assert stored.credit_scores == []
