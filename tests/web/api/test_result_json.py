"""The create's body from the stored result's JSON text (services.out_json) is, for any firm the
engine assesses, the body django-ninja made from the result read back into the engine's models
and validated as AssessmentOut (services.out), as the create answered before and GET answers."""

from __future__ import annotations

import datetime
import json
import uuid

from hypothesis import HealthCheck, given, settings

from hulplijn.core import InvalidInput, assess
from hulplijn.web.api import services
from hulplijn.web.api.api import api
from hulplijn.web.api.schemas import AssessmentOut
from hulplijn.web.assessments.models import Assessment
from tests.test_properties import firms

# the API's autouse database fixture is function-scoped; these examples do not touch it
SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(data=firms())
def test_the_stored_json_is_the_body_the_models_give(data, synthetic_reference):
    try:
        result = assess(data, synthetic_reference)
    except InvalidInput:
        return
    text = json.dumps(result.model_dump(mode="json"))  # as store_json writes it
    stored = Assessment(
        id=uuid.uuid4(),
        created_at=datetime.datetime(2026, 12, 8, 1, 2, 3, 456789, tzinfo=datetime.UTC),
        firm_input=data,
        result=json.loads(text),
    )
    render = api.rendered(None, 201)
    before = render(AssessmentOut.model_validate(services.out(stored)).model_dump())
    assert services.out_json(stored, text, render) == before
