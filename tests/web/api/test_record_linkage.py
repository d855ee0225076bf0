"""Issue #11, attack 4: "anonymous" statistical records that link back. Ten firms post their
figures through the API with consent; the victim deletes its account; the attacker, who knows
the victim's figures, its SBI division, when it made the assessment and the JSON request log,
tries to find its record. Before: one match by SBI division plus the whole-euro value-added
change, and sequential ids written in the assessment's transaction lined up with the log's
user ids. Now no unique match can be made."""

from __future__ import annotations

import copy
import io
import json
import logging

import pytest
from django.core.exceptions import FieldError
from django.db import models
from django.test import Client

from hulplijn.plan.records import round_thousands
from hulplijn.web.cockpit import statistics
from hulplijn.web.cockpit.models import StatisticalRecord
from hulplijn.web.ops import logs
from tests.web.api.conftest import EXAMPLE, caller_for
from tests.web.factories import PASSWORD, UserFactory

URL = "/api/v1/assessments?consent_statistics=true"
# the later year's gross margin per firm: the victim (fourth) 965,432, the others within a few
# hundred euros of 965,000, so every value-added change rounds to 56 thousand
MARGINS = [964_700, 964_800, 964_900, 965_432, 965_000, 965_100, 965_200, 965_300, 965_350, 965_400]
VICTIM = 3


@pytest.fixture
def request_log():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter())
    logger = logging.getLogger("hulplijn.request")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)
    logger.setLevel(level)


def firm(margin: int) -> dict:
    body = copy.deepcopy(EXAMPLE)
    body["years"][1]["gross_margin"] = margin
    return body


def test_a_deleted_firm_s_record_cannot_be_singled_out(
    request_log, django_capture_on_commit_callbacks, monkeypatch
):
    shuffled = []
    real = statistics.secrets.SystemRandom.shuffle
    monkeypatch.setattr(
        statistics.secrets.SystemRandom,
        "shuffle",
        lambda self, batch: (shuffled.append(len(batch)), real(self, batch)),
    )
    owners = [UserFactory() for _ in MARGINS]
    made = []
    with django_capture_on_commit_callbacks(execute=True):
        for owner, margin in zip(owners, MARGINS, strict=True):
            response = caller_for(Client, owner).post(URL, firm(margin))
            assert response.status_code == 201
            made.append(response.json())
    victim, victim_made = owners[VICTIM], made[VICTIM]
    month = victim_made["created_at"][:7] + "-01"
    # the tenth consenting create wrote the batch: ten records, in random order
    assert StatisticalRecord.objects.count() == 10 and shuffled == [10]

    client = Client()
    client.force_login(victim)
    assert client.post("/account/verwijderen/", {"confirmation": PASSWORD}).status_code == 302
    assert StatisticalRecord.objects.count() == 10  # the statistics stay, anonymous

    # 1. the attack: SBI division plus the whole-euro value-added change
    exact = 965_432 - 909_000  # 56,432
    with pytest.raises(FieldError):
        StatisticalRecord.objects.filter(sbi="47").count()  # no SBI division kept
    known = StatisticalRecord.objects.filter(section="G", size_class="midden", month=month)
    assert known.filter(value_added_change=exact).count() == 0  # kept in whole thousands
    # an attacker who rounds the same way finds all ten, and they are alike in every field
    candidates = known.filter(value_added_change=round_thousands(exact))
    assert candidates.count() == 10
    assert len({json.dumps(r, default=str) for r in candidates.values(*_compared_fields())}) == 1

    # 2. lining records up with the request log: the create lines say nothing of who posted
    creates = [line for line in request_log() if line.get("route") == "api/v1/assessments"]
    assert len(creates) == 10
    text = json.dumps(request_log())
    assert victim.email not in text and victim_made["id"] not in text
    assert all("user_id" not in line and line["authenticated"] for line in creates)
    assert f'"user_id": {victim.pk}' not in text
    # ... and the records have no order or time to line up with: random UUIDs (no sequence),
    # no timestamps, one shuffled batch of ten written after the tenth create, so the victim's
    # position among the creates (the fourth) says nothing of its position in the table
    kinds = {type(f) for f in StatisticalRecord._meta.concrete_fields}
    assert not kinds & {models.DateTimeField, models.AutoField, models.BigAutoField}
    assert all(r.id.version == 4 for r in StatisticalRecord.objects.all())


def _compared_fields() -> list[str]:
    return [
        f.name
        for f in StatisticalRecord._meta.concrete_fields
        if f.name not in ("id", "record_key")  # random per record, linked to nothing
    ]
