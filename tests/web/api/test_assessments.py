"""POST and GET /api/v1/assessments: the report's example firm by hand, storage, pagination."""

from __future__ import annotations

import copy
import uuid

import pytest
from django.db import connection
from django.utils.timezone import localdate

from hulplijn.core import MODEL_VERSION, assess
from hulplijn.web.assessments.models import Assessment
from hulplijn.web.reference_store import reference
from tests.web.api.conftest import EXAMPLE

URL = "/api/v1/assessments"


def test_example_firm_by_hand(owner, hand_reference_in_api):
    response = owner.post(URL, EXAMPLE)
    assert response.status_code == 201, response.content
    a = response.json()
    assert a["model_version"] == MODEL_VERSION and a["reference_vintage"] == "hand-made"
    assert a["role"] == "owner" and a["firm_input"]["sbi"] == "47"
    assert a["sector"]["code"] == "47" and a["size_class"]["code"] == "midden"
    # productivity = gross margin / FTE: 909,000 / 56 and 965,000 / 58
    assert a["productivity"] == {
        "2016": pytest.approx(909_000 / 56),
        "2018": pytest.approx(965_000 / 58),
    }
    assert a["productivity_growth"] == pytest.approx((965_000 / 58) / (909_000 / 56) - 1)
    assert a["job_growth"] == pytest.approx(2 / 56)  # 56 -> 58 FTE
    assert a["segment"] == "accelerate"
    b = a["benchmark"]
    # 47/midden productivity runs linearly 0 .. 50,000: percentile = value / 500
    assert b["productivity"]["percentile"] == pytest.approx(965_000 / 58 / 500)
    assert b["productivity"]["peer_group"] == {
        "level": "division_size",
        "key": "47/midden",
        "label": "dezelfde SBI-afdeling en grootteklasse",
        "label_en": "same SBI division and size class",
        "n": 100,
        "fallback": False,
    }
    # job growth: 47/midden has 9 firms (never used), so section G (-0.5 .. 0.5, 40 firms)
    assert b["job_growth"]["peer_group"]["level"] == "section"
    assert b["job_growth"]["peer_group"]["n"] == 40 and b["job_growth"]["peer_group"]["fallback"]
    assert b["job_growth"]["percentile"] == pytest.approx((2 / 56 + 0.5) * 100)
    # cash buffer days in February: 150,000 x 365 / (15,000 + 340,000 + 180,000)
    feb = a["liquidity"][0]
    assert feb["moment"] == "2020-02"
    assert feb["cash_buffer_days"] == pytest.approx(150_000 * 365 / 535_000)
    assert b["cash_buffer_days@2020-02"]["percentile"] == pytest.approx(
        150_000 * 365 / 535_000 / 200 * 100
    )
    # quick ratio: (150,000 + 20,000 + 90,000) / (110,000 + 70,000); its only group has 5 firms
    assert feb["quick_ratio"] == pytest.approx(260_000 / 180_000)
    assert b["quick_ratio@2020-02"]["percentile"] is None
    assert b["quick_ratio@2020-02"]["peer_group"] is None
    # solvency 520,000 / 1,300,000 = 0.4, in 0 .. 0.8 (exactly 10 firms): percentile 50
    assert a["solvency_ratio"] == pytest.approx(0.4)
    assert b["solvency"]["percentile"] == pytest.approx(50)
    # size of the prize: ten percentiles up is 5,000 euro per FTE more, x 58 FTE = 290,000
    assert a["size_of_prize"]["euros"] == pytest.approx(290_000)
    assert {m["id"] for m in a["eligible_measures"]} >= {"1", "2"}
    assert all({"id", "eligible", "reasons"} <= m.keys() for m in a["eligible_measures"])


def test_stored_as_the_engine_made_it(owner):
    response = owner.post(URL, EXAMPLE)
    assert response.status_code == 201
    body = response.json()
    stored = Assessment.objects.get(pk=body["id"])
    assert stored.owner == owner.user
    assert stored.round is not None and not stored.consent_statistics
    assert (stored.sbi, stored.size_class, stored.segment) == ("47", "midden", "accelerate")
    # the API judges which measures have ended and which schemes are open on the day (issue 13)
    engine = assess(EXAMPLE, reference(), on=localdate()).model_dump(mode="json")
    assert stored.result == engine
    assert stored.model_version == MODEL_VERSION
    assert stored.reference_vintage == reference().vintage == body["reference_vintage"]
    assert {k: body[k] for k in engine} == engine
    # and read back the same
    again = owner.get(f"{URL}/{body['id']}")
    assert again.status_code == 200 and again.json() == body


def _shrinking(firm):
    firm["years"][1]["fte"] = firm["years"][0]["fte"] / 2


def _one_moment(firm):
    firm["liquidity"] = firm["liquidity"][:1]


def _no_solvency_nor_liquidity(firm):
    del firm["solvency"], firm["liquidity"]


@pytest.mark.parametrize(
    ("change", "query"),
    [
        (lambda firm: None, ""),
        (lambda firm: None, "?consent_statistics=true"),
        (_shrinking, ""),
        (lambda firm: firm.update(sbi="62"), ""),
        (_one_moment, ""),
        (_no_solvency_nor_liquidity, ""),
    ],
    ids=["example", "consent", "shrinking", "sector_62", "one_moment", "no_balance_sheet"],
)
def test_created_body_is_byte_for_byte_the_assessment_read_back(owner, change, query):
    """The create answers with the stored result's JSON text as it was written; GET reads the
    stored result back into the engine's models and django-ninja validates and renders them as
    AssessmentOut (as the create did before): the same bytes, the same headers. PostgreSQL's
    jsonb gives an object's keys back in an order of its own, so there GET's objects may list
    their keys in another order (they did before too; test_result_json compares the bytes
    without the database)."""
    made = owner.post(URL + query, _with(change))
    assert made.status_code == 201, made.content
    again = owner.get(f"{URL}/{made.json()['id']}")
    assert again.status_code == 200
    if connection.vendor == "sqlite":
        assert made.content == again.content
    else:
        assert made.json() == again.json()
    assert made["Content-Type"] == again["Content-Type"] == "application/json; charset=utf-8"


def test_pagination_newest_first_and_only_own(owner, other):
    made = [owner.post(URL, EXAMPLE).json()["id"] for _ in range(3)]
    other.post(URL, EXAMPLE)
    first = owner.get(URL, limit=2)
    assert first.status_code == 200
    page = first.json()
    assert page["count"] == 3 and page["limit"] == 2 and page["offset"] == 0
    assert [i["id"] for i in page["items"]] == [made[2], made[1]]
    assert page["model_version"] == MODEL_VERSION and page["reference_vintage"]
    rest = owner.get(URL, limit=2, offset=2).json()
    assert [i["id"] for i in rest["items"]] == [made[0]]
    assert rest["items"][0]["segment"] == "accelerate" and rest["items"][0]["sbi"] == "47"
    assert owner.get(URL, offset=3).json()["items"] == []
    assert owner.get(URL).json()["limit"] == 20


@pytest.mark.parametrize(
    ("query", "loc"),
    [({"limit": 0}, "limit"), ({"limit": 101}, "limit"), ({"offset": -1}, "offset")],
)
def test_bad_page_is_422(owner, query, loc):
    response = owner.get(URL, language="en", **query)
    assert response.status_code == 422
    assert [p["loc"] for p in response.json()["detail"]] == [loc]


def _with(change) -> dict:
    firm = copy.deepcopy(EXAMPLE)
    change(firm)
    return firm


def _set(path, value):
    def change(firm):
        target = firm
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _drop(path):
    def change(firm):
        target = firm
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


@pytest.mark.parametrize(
    ("change", "loc", "kind", "nl", "en"),
    [
        (
            _set(["years", 1, "fte"], -3),
            "years[1].fte",
            "greater_than",
            "moet groter zijn dan 0",
            "must be greater than 0",
        ),
        (
            _set(["sbi"], "00"),
            "sbi",
            "sbi_unknown",
            "00 is geen bestaande SBI 2008-afdeling (de eerste twee cijfers tellen)",
            "00 is not an existing SBI 2008 division (the first two digits count)",
        ),
        (
            _drop(["years", 0, "gross_margin"]),
            "years[0].gross_margin",
            "missing",
            "ontbreekt; vul dit in",
            "is missing; please fill it in",
        ),
        (
            _set(["years", 0, "wage_costs"], "veel"),
            "years[0].wage_costs",
            "float_parsing",
            "moet een getal zijn",
            "must be a number",
        ),
        (
            _set(["working_persons"], True),
            "working_persons",
            "bool_not_number",
            "moet een getal zijn, geen ja/nee",
            "must be a number, not true/false",
        ),
        (
            _set(["liquidity", 1, "cash"], False),
            "liquidity[1].cash",
            "bool_not_number",
            "moet een getal zijn, geen ja/nee",
            "must be a number, not true/false",
        ),
        (
            _set(["turnover"], 5),
            "turnover",
            "extra_forbidden",
            "is geen bekend veld",
            "is not a known field",
        ),
        (
            _set(["years"], "2016"),
            "years",
            "list_type",
            "moet een lijst zijn",
            "must be a list",
        ),
    ],
)
def test_bad_input_is_422_with_field_paths(owner, change, loc, kind, nl, en):
    firm = _with(change)
    dutch = owner.post(URL, firm)
    english = owner.post(URL, firm, language="en")
    for response, message in ((dutch, nl), (english, en)):
        assert response.status_code == 422, response.content
        body = response.json()
        assert body["detail"] == [{"loc": loc, "msg": message, "type": kind}]
        assert body["model_version"] == MODEL_VERSION and body["reference_vintage"]
    assert not Assessment.objects.exists()


def test_every_problem_at_once(owner):
    firm = _with(_set(["years", 1, "fte"], 0))
    firm["solvency"]["equity"] = "x"
    response = owner.post(URL, firm, language="en")
    assert response.status_code == 422
    assert {p["loc"] for p in response.json()["detail"]} == {"years[1].fte", "solvency.equity"}


def test_engine_refusal_is_422_too(owner):
    """Valid in form, refused by the engine: 300 FTE without working persons is not an SME."""
    firm = _with(_drop(["working_persons"]))
    firm["years"][1]["fte"] = 300
    response = owner.post(URL, firm, language="en")
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": "years[1].fte",
            "msg": "300 FTE means 250 or more working persons: not an SME",
            "type": "not_sme",
        }
    ]


@pytest.mark.parametrize("body", [[1, 2], "firm", None, 5])
def test_body_that_is_no_object(owner, body):
    response = owner.post(URL, body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ""


def test_body_that_is_no_json(owner):
    response = owner.post(URL, raw=b"{sbi: 47")
    assert response.status_code == 400
    assert response.json()["model_version"] == MODEL_VERSION


def test_unknown_id_is_404(owner):
    response = owner.get(f"{URL}/{uuid.uuid4()}")
    assert response.status_code == 404
    assert response.json()["model_version"] == MODEL_VERSION


def test_malformed_id_is_422(owner):
    response = owner.get(f"{URL}/not-a-uuid")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == "assessment_id"


def test_body_over_the_upload_limit_is_400(owner, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    firm = _with(_set(["padding"], "x" * 20_000))
    assert owner.post(URL, firm).status_code == 400


def test_consent_is_asked_explicitly_and_writes_the_anonymised_record(owner):
    from hulplijn.web.cockpit.models import StatisticalRecord

    # without the parameter: no consent, no anonymised record
    made = owner.post(URL, EXAMPLE)
    assert made.status_code == 201
    assert Assessment.objects.get(pk=made.json()["id"]).consent_statistics is False
    assert StatisticalRecord.objects.count() == 0
    # with it: consent stored and the assessment queued for the anonymised statistics in the
    # same transaction; its record is written with the batch of ten (cockpit.statistics)
    made = owner.post(URL + "?consent_statistics=true", EXAMPLE)
    assert made.status_code == 201
    stored = Assessment.objects.get(pk=made.json()["id"])
    assert stored.consent_statistics is True and stored.statistics_pending is True
    assert StatisticalRecord.objects.count() == 0
    from hulplijn.web.cockpit import statistics

    assert statistics.flush(force=True) == 1
    assert StatisticalRecord.objects.count() == 1


def test_example_firm_comes_with_how_each_figure_is_computed(owner, hand_reference_in_api):
    a = owner.post(URL, EXAMPLE).json()
    d = a["derivations"]["job_growth"]
    assert d["formula"] == {"nl": "VTE 2018 / VTE 2016 − 1", "en": "FTE 2018 / FTE 2016 − 1"}
    assert [(q["value"], q["source"]["kind"]) for q in d["inputs"]] == [(56, "firm"), (58, "firm")]
    # 58 / 56 - 1 = 0.0357; against section G (40 firms, -0.5 .. 0.5): percentile 53.57
    assert d["result"]["value"] == pytest.approx(2 / 56)
    assert d["comparison"]["n"] == 40 and d["comparison"]["level"] == "section"
    assert d["comparison"]["percentile"] == pytest.approx((2 / 56 + 0.5) * 100)
    # the same derivations when the stored assessment is read back
    again = owner.get(f"{URL}/{a['id']}").json()
    assert again["derivations"] == a["derivations"]
