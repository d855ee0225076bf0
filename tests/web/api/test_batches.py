"""POST and GET /api/v1/batches: firms as a background job (the CSV batch's job), idempotent,
per-firm results with field paths, the open round of each firm's years.

The job runs inside the request with the task library's immediate backend, as in
tests/web/test_batch_jobs.py.
"""

from __future__ import annotations

import copy
import json
import re

import pytest
from django.utils import timezone
from django.utils.html import escape

from hulplijn.core import assess, parse_firm
from hulplijn.web.assessments import services
from hulplijn.web.assessments.models import Assessment
from hulplijn.web.intake.models import BatchJob
from hulplijn.web.reference_store import reference_of
from tests.web.api.conftest import EXAMPLE

URL = "/api/v1/batches"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"|nonce="[^"]*"')
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def firm(scale: float) -> dict:
    """The example firm with its figures scaled."""
    data = copy.deepcopy(EXAMPLE)
    for year in data["years"]:
        year["gross_margin"] = round(year["gross_margin"] * scale)
        year["wage_costs"] = round(year["wage_costs"] * scale)
    return data


@pytest.fixture
def immediate(settings):
    settings.TASKS = IMMEDIATE


def send(caller, body, capture, language: str | None = None):
    with capture(execute=True):
        return caller.post(URL, body, language=language)


def test_a_batch_saves_each_firm_and_reports_the_others_by_index_and_path(
    adviser, immediate, django_capture_on_commit_callbacks
):
    bad = firm(1.0)
    bad["years"][1]["fte"] = 0
    other_years = firm(1.0)
    other_years["years"][0]["year"] = 2010
    other_years["years"][1]["year"] = 2012
    # a firm that is not even a JSON object is the request's problem (422), before any job
    refused = adviser.post(URL, {"firms": [firm(1.0), "not a firm"]}, language="en")
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == "firms[1]"
    unknown_sector = firm(1.0)
    unknown_sector["sbi"] = "34"  # no SBI 2008 division: the engine refuses it
    body = {"firms": [firm(1.0), bad, firm(1.5), other_years, unknown_sector]}
    response = send(adviser, body, django_capture_on_commit_callbacks, language="en")
    assert response.status_code == 202, response.content
    job_id = response.json()["id"]
    assert response["Location"] == f"{URL}/{job_id}"

    got = adviser.get(f"{URL}/{job_id}", language="en").json()
    assert (got["status"], got["total"], got["done"], got["percent"]) == ("done", 5, 5, 100)
    assert (got["saved"], got["with_problems"]) == (2, 3)
    results = got["results"]
    assert [r["index"] for r in results] == [0, 1, 2, 3, 4]
    assert [r["assessment_id"] is not None for r in results] == [True, False, True, False, False]
    assert [p["loc"] for p in results[1]["problems"]] == ["years[1].fte"]
    # years of no open round: refused with the reason, never filed under another round
    (no_round,) = results[3]["problems"]
    assert no_round["loc"] == "years" and no_round["type"] == "no_open_round"
    assert no_round["msg"].startswith("the years 2010 and 2012 belong to no open assessment round")
    assert [p["loc"] for p in results[4]["problems"]] == ["sbi"]
    # the problems in Dutch for a Dutch reader
    dutch = adviser.get(f"{URL}/{job_id}", language="nl").json()
    assert dutch["results"][3]["problems"][0]["msg"].startswith("de jaren 2010 en 2012")

    # each saved firm is the adviser's, in the open round of its years, and equals assess()
    today = timezone.localdate()
    for result, sent in ((results[0], body["firms"][0]), (results[2], body["firms"][2])):
        stored = Assessment.objects.get(pk=result["assessment_id"])
        assert stored.owner == adviser.user and stored.round.years == (2016, 2018)
        parsed = parse_firm(sent)
        assert stored.firm_input == parsed.model_dump(mode="json")
        # stored compact, explained when read (decision 0036): what the API gives is assess()'s
        expected = assess(parsed, reference_of(parsed), on=today)
        assert stored.result["derivations"] == {} and stored.result["help_first"] is None
        assert services.result_of(stored) == expected
        read = adviser.get(f"/api/v1/assessments/{result['assessment_id']}")
        assert read.status_code == 200
        shown = expected.model_dump(mode="json")
        for key in ("eligible_measures", "schemes", "help_first", "derivations", "benchmark"):
            assert read.json()[key] == shown[key]
    assert Assessment.objects.count() == 2


def test_the_same_body_again_gives_the_same_job_and_saves_nothing_twice(
    adviser, immediate, django_capture_on_commit_callbacks
):
    body = {"firms": [firm(1.0), firm(2.0)]}
    first = send(adviser, body, django_capture_on_commit_callbacks)
    assert first.status_code == 202
    # the same JSON with other key order and spacing is the same request
    reordered = {"firms": [dict(reversed(list(f.items()))) for f in body["firms"]]}
    again = adviser.post(URL, raw=json.dumps(reordered, indent=4).encode())
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"] and again.json()["status"] == "done"
    assert BatchJob.objects.count() == 1 and Assessment.objects.count() == 2
    # other firms are another job
    other_firms = send(adviser, {"firms": [firm(3.0)]}, django_capture_on_commit_callbacks)
    assert other_firms.status_code == 202
    assert BatchJob.objects.count() == 2 and Assessment.objects.count() == 3


def test_a_job_shows_progress_until_the_worker_runs_it(
    adviser, other, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE  # queued, no worker yet
    response = send(adviser, {"firms": [firm(1.0)] * 3}, django_capture_on_commit_callbacks)
    assert response.status_code == 202
    queued = response.json()
    assert (queued["status"], queued["done"], queued["results"]) == ("queued", 0, None)
    # another user's job, and a CSV job, are not found
    assert other.get(f"{URL}/{queued['id']}").status_code == 404
    assert adviser.get(f"{URL}/{queued['id']}").json()["status"] == "queued"
    BatchJob.objects.filter(pk=queued["id"]).update(kind=BatchJob.Kind.CSV)
    assert adviser.get(f"{URL}/{queued['id']}").status_code == 404


def test_a_firm_with_nan_is_that_firm_s_problem(
    adviser, immediate, django_capture_on_commit_callbacks
):
    """Python's JSON reader takes NaN; the request is still stored and its digest made, and
    the firm is refused by its field path (it used to be a 500 waiting to happen)."""
    raw = json.dumps({"firms": [firm(1.0), firm(1.0)]}).replace(
        '"gross_margin": 909000', '"gross_margin": NaN', 1
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = adviser.post(URL, raw=raw.encode())
    assert response.status_code == 202, response.content
    got = adviser.get(f"{URL}/{response.json()['id']}").json()
    assert [p["loc"] for p in got["results"][0]["problems"]] == ["years[0].gross_margin"]
    assert got["results"][1]["assessment_id"] is not None


def test_only_advisers_send_batches_of_at_most_10000_firms(
    owner, adviser, immediate, django_capture_on_commit_callbacks
):
    assert owner.post(URL, {"firms": [firm(1.0)]}).status_code == 403
    assert adviser.post(URL, {"firms": []}).status_code == 422
    too_many = adviser.post(URL, {"firms": [{}] * 10_001}, language="en")
    assert too_many.status_code == 422
    assert too_many.json()["detail"][0]["loc"] == "firms"
    assert BatchJob.objects.count() == 0


def test_a_large_body_is_read_up_to_its_own_limit(
    adviser, anonymous, settings, immediate, django_capture_on_commit_callbacks
):
    """A batch may be larger than other requests (DATA_UPLOAD_MAX_MEMORY_SIZE), up to
    HULPLIJN_API_BATCH_MAX_BYTES; beyond it 413. Without a token nothing is read: 401."""
    body = {"firms": [firm(1.0)] * 3}
    size = len(json.dumps(body))
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = size // 2
    settings.HULPLIJN_API_BATCH_MAX_BYTES = size * 2
    assert send(adviser, body, django_capture_on_commit_callbacks).status_code == 202
    settings.HULPLIJN_API_BATCH_MAX_BYTES = size // 2
    assert adviser.post(URL, {"firms": [firm(2.0)] * 3}).status_code == 413
    assert anonymous.post(URL, body).status_code == 401


def test_a_firm_of_a_batch_shows_what_the_same_firm_assessed_alone_shows(
    immediate, django_capture_on_commit_callbacks
):
    """A batch stores each result compact and explains it when shown (decision 0036): its
    dashboard (every figure, derivation, measure and scheme with its reasons, help first), in
    Dutch and in English, and its API result are those of the same firm assessed alone."""
    from django.test import Client

    from tests.web.api.conftest import caller_for
    from tests.web.factories import AdviserFactory

    one, other = caller_for(Client, AdviserFactory()), caller_for(Client, AdviserFactory())
    sent = firm(1.3)
    sent["liquidity"][0]["cash"] = 1_000  # few buffer days: help first has signals to show
    alone = one.post("/api/v1/assessments", sent)
    assert alone.status_code == 201, alone.content
    job = send(other, {"firms": [sent]}, django_capture_on_commit_callbacks).json()["id"]
    (row,) = other.get(f"{URL}/{job}").json()["results"]
    ids = {"alone": alone.json()["id"], "batch": row["assessment_id"]}
    stored = {k: Assessment.objects.get(pk=pk) for k, pk in ids.items()}
    assert "explain_on" in stored["batch"].result and "explain_on" not in stored["alone"].result
    assert len(json.dumps(stored["batch"].result)) * 5 < len(json.dumps(stored["alone"].result))

    callers = {"alone": one, "batch": other}
    read = {k: c.get(f"/api/v1/assessments/{ids[k]}").json() for k, c in callers.items()}
    for got in read.values():
        got.pop("id"), got.pop("created_at")
    assert read["alone"] == read["batch"]

    for language in ("nl", "en"):
        pages = {}
        for key, caller in (("alone", one), ("batch", other)):
            caller.client.force_login(caller.user)
            response = caller.client.get(
                f"/beoordeling/{ids[key]}/", headers={"Accept-Language": language}
            )
            assert response.status_code == 200
            assert response.context["result"] == services.result_of(stored[key])
            main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
            pages[key] = TOKEN.sub("", main.replace(ids[key], "ID"))
        assert pages["alone"] == pages["batch"]
        # the page shows the explained parts: derivations' formulas, measures' reasons
        assert {"nl": "brutomarge / VTE", "en": "gross margin / FTE"}[language] in pages["batch"]
        shown = services.result_of(stored["batch"])
        reason = shown.eligible_measures[0].reasons[0]
        assert escape({"nl": reason.text, "en": reason.text_en}[language]) in pages["batch"]
