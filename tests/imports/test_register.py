"""Register and credit sources behind one interface, against recorded responses.

HTTP is replaced at the I/O boundary only (httpx.MockTransport); the responses are the files in
tests/fixtures/register/ (shapes and their provenance in its SOURCES.md) and the recorded KVK
test-environment profile in tests/fixtures/kvk/.
"""

from __future__ import annotations

import base64
import json
from datetime import date
from pathlib import Path

import httpx
import pytest

from hulplijn.imports import kvk
from hulplijn.imports.register import (
    DnbSource,
    ExperianSource,
    KvkSource,
    RegisterSource,
)

FIXTURES = Path(__file__).parents[1] / "fixtures"
KEY, SECRET = "dnb-key-not-real", "dnb-secret-not-real"
EXPERIAN = ("exp-client-id", "exp-client-secret", "exp-user", "exp-password", "0563736")
TODAY = date(2025, 3, 18)


def recorded(name: str) -> dict:
    return json.loads((FIXTURES / "register" / name).read_text("utf-8"))


class Recorder:
    """A MockTransport answering (method, path) with recorded responses; keeps every request."""

    def __init__(self, answers: dict[tuple[str, str], list[httpx.Response]]):
        self.answers = answers
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        queue = self.answers[(request.method, request.url.path)]
        return queue.pop(0) if len(queue) > 1 else queue[0]

    def paths(self) -> list[str]:
        return [r.url.path for r in self.requests]


def dnb(answers: dict, **kwargs) -> tuple[DnbSource, Recorder]:
    recorder = Recorder(answers)
    source = DnbSource(
        KEY,
        SECRET,
        transport=httpx.MockTransport(recorder),
        sleep=lambda s: None,
        today=lambda: TODAY,
        **kwargs,
    )
    return source, recorder


def dnb_answers() -> dict:
    return {
        ("POST", "/v2/token"): [httpx.Response(200, json=recorded("dnb-token.json"))],
        ("GET", "/v1/match/cleanseMatch"): [
            httpx.Response(200, json=recorded("dnb-cleansematch-registration-number.json"))
        ],
        ("GET", "/v1/data/duns/123456789"): [
            httpx.Response(200, json=recorded("dnb-data-companyinfo-failurescore.json"))
        ],
    }


def test_every_source_offers_the_one_interface():
    sources: list[RegisterSource] = [
        KvkSource(kvk.KvkClient(kvk.TEST_BASE_URL, "k")),
        DnbSource(KEY, SECRET),
        ExperianSource(*EXPERIAN),
    ]
    assert [s.name for s in sources] == ["KVK Handelsregister", "Dun & Bradstreet", "Experian"]
    for source in sources:
        source.close()


def test_kvk_source_wraps_the_kvk_client():
    profile = json.loads((FIXTURES / "kvk" / "kvk-test-basisprofiel-90006623.json").read_text())
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=profile))
    source = KvkSource(kvk.KvkClient(kvk.TEST_BASE_URL, "k", transport=transport))
    facts = source.lookup("90006623")
    assert (facts.source, facts.kvk_number, facts.sbi, facts.working_persons) == (
        "KVK Handelsregister",
        "90006623",
        "86210",
        4,
    )
    assert facts.registration_date == date(2022, 5, 11)
    assert facts.credit is None
    assert facts.figures(TODAY).sbi == "86210"


def test_dnb_token_match_and_data_blocks():
    source, recorder = dnb(dnb_answers())
    facts = source.lookup("90006623")
    assert recorder.paths() == ["/v2/token", "/v1/match/cleanseMatch", "/v1/data/duns/123456789"]
    token, match, data = recorder.requests
    # client credentials as D&B documents them: Basic base64(key:secret), JSON grant type
    assert token.headers["Authorization"] == "Basic " + base64.b64encode(
        f"{KEY}:{SECRET}".encode()
    ).decode("ascii")
    assert json.loads(token.content) == {"grant_type": "client_credentials"}
    assert match.url.params["registrationNumber"] == "90006623"
    assert match.url.params["countryISOAlpha2Code"] == "NL"
    assert match.headers["Authorization"] == "Bearer yourAccessToken"
    assert data.url.params["blockIDs"] == "companyinfo_L2_v1,financialstrengthinsight_L2_v1"
    assert facts.source == "Dun & Bradstreet"
    assert facts.source_id == "123456789"
    assert facts.name == "Stichting Uc027Tc01Tg01 1652253635399"
    assert facts.sbi == "8621"  # NACE Rev. 2 class 86.21, the first four digits of SBI 86210
    assert facts.working_persons == 4  # the firm itself, not the consolidated 12
    assert facts.registration_date == date(2012, 5, 11)
    credit = facts.credit
    assert credit is not None
    assert (credit.value, credit.low, credit.high, credit.higher_is_safer) == (71, 1, 100, True)
    assert credit.as_of == date(2025, 2, 28) and not credit.dated_by_retrieval
    assert credit.risk_class == "2 (Low to Moderate Risk)"
    assert credit.probability_of_default is None  # D&B states no probability here


def test_dnb_token_is_reused_until_it_expires():
    now = [1000.0]
    source, recorder = dnb(dnb_answers(), clock=lambda: now[0])
    source.lookup("90006623")
    now[0] += 86400 - 61  # still within expiresIn (86400 s) minus the 60 s margin
    source.lookup("90006623")
    assert recorder.paths().count("/v2/token") == 1
    now[0] += 2
    source.lookup("90006623")
    assert recorder.paths().count("/v2/token") == 2


def test_dnb_rejected_token_is_renewed_once():
    answers = dnb_answers()
    answers[("GET", "/v1/match/cleanseMatch")].insert(0, httpx.Response(401))
    source, recorder = dnb(answers)
    assert source.lookup("90006623").source_id == "123456789"
    assert recorder.paths()[:4] == [
        "/v2/token",
        "/v1/match/cleanseMatch",
        "/v2/token",
        "/v1/match/cleanseMatch",
    ]


def test_dnb_uncertain_match_is_not_found():
    body = recorded("dnb-cleansematch-registration-number.json")
    body["matchCandidates"][0]["matchQualityInformation"]["confidenceCode"] = 7
    answers = dnb_answers()
    answers[("GET", "/v1/match/cleanseMatch")] = [httpx.Response(200, json=body)]
    source, recorder = dnb(answers)
    with pytest.raises(kvk.RegisterNotFound) as caught:
        source.lookup("90006623")
    assert caught.value.code == "dnb_no_match"
    assert "/v1/data/duns/123456789" not in recorder.paths()


def test_invalid_kvk_number_makes_no_request():
    source, recorder = dnb(dnb_answers())
    with pytest.raises(kvk.InvalidRegisterNumber):
        source.lookup("0012345")
    assert recorder.requests == []


def test_dnb_server_errors_are_retried_then_unavailable():
    answers = dnb_answers()
    answers[("POST", "/v2/token")] = [httpx.Response(503)]
    source, recorder = dnb(answers)
    with pytest.raises(kvk.RegisterUnavailable) as caught:
        source.lookup("90006623")
    assert caught.value.status == 503
    assert recorder.paths() == ["/v2/token"] * 3  # the first try and two retries


def test_secrets_never_show():
    answers = dnb_answers()
    answers[("POST", "/v2/token")] = [httpx.Response(401, json={"error": "invalid_client"})]
    source, _ = dnb(answers)
    with pytest.raises(kvk.RegisterRefused) as caught:
        source.lookup("90006623")
    shown = repr(source) + caught.value.message("nl") + caught.value.message("en")
    for secret in (KEY, SECRET, "yourAccessToken"):
        assert secret not in shown
    experian = ExperianSource(*EXPERIAN)
    assert all(part not in repr(experian) for part in EXPERIAN)


def experian(bin_for, answers: dict) -> tuple[ExperianSource, Recorder]:
    recorder = Recorder(answers)
    source = ExperianSource(
        *EXPERIAN,
        bin_for=bin_for,
        transport=httpx.MockTransport(recorder),
        sleep=lambda s: None,
        today=lambda: TODAY,
    )
    return source, recorder


EXPERIAN_ANSWERS = {
    ("POST", "/oauth2/v1/token"): [httpx.Response(200, json=recorded("experian-token.json"))],
    ("POST", "/businessinformation/businesses/v1/scores"): [
        httpx.Response(200, json=recorded("experian-scores.json"))
    ],
}


def test_experian_without_a_bin_for_the_kvk_number_asks_nothing():
    source, recorder = experian(lambda number: None, EXPERIAN_ANSWERS)
    with pytest.raises(kvk.RegisterNotFound) as caught:
        source.lookup("90006623")
    assert caught.value.code == "experian_no_bin"
    assert recorder.requests == []


def test_experian_commercial_score():
    source, recorder = experian({"90006623": "700000001"}.get, EXPERIAN_ANSWERS)
    facts = source.lookup("90006623")
    token, scores = recorder.requests
    assert token.headers["client_id"] == "exp-client-id"
    assert token.headers["grant_type"] == "password"
    assert json.loads(token.content) == {"username": "exp-user", "password": "exp-password"}
    assert scores.headers["Authorization"] == "Bearer yourExperianToken"
    assert json.loads(scores.content) == {
        "bin": "700000001",
        "subcode": "0563736",
        "commercialScore": True,
        "fsrScore": False,
    }
    assert (facts.source, facts.source_id, facts.name) == (
        "Experian",
        "700000001",
        "EXPERIAN TEST BUSINESS",
    )
    credit = facts.credit
    assert credit is not None
    assert (credit.model, credit.value, credit.low, credit.high) == (
        "INTELLISCORE PLUS V2",
        76.0,
        1,
        100,
    )
    assert credit.risk_class == "2 (LOW TO MEDIUM RISK)"
    # the scores response carries no date: the day of retrieval, and said so
    assert credit.as_of == TODAY and credit.dated_by_retrieval
    assert facts.sbi is None and facts.working_persons is None


def test_experian_unsuccessful_answer_is_unreadable():
    answers = dict(EXPERIAN_ANSWERS)
    answers[("POST", "/businessinformation/businesses/v1/scores")] = [
        httpx.Response(200, json={"requestId": "x", "success": False, "errors": []})
    ]
    source, _ = experian({"90006623": "700000001"}.get, answers)
    with pytest.raises(kvk.RegisterUnavailable) as caught:
        source.lookup("90006623")
    assert caught.value.code == "experian_malformed"
