"""docs/openapi.json is the API's schema as generated now (CI fails when it is out of date)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management import call_command

from hulplijn.web.api.api import schema_text

COMMITTED = Path(__file__).parents[3] / "docs" / "openapi.json"


def test_committed_openapi_is_up_to_date():
    assert COMMITTED.exists(), "docs/openapi.json is missing: run `make openapi` and commit it"
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), (
        "docs/openapi.json is out of date with the API: run `make openapi` "
        "(or `.venv/bin/python manage.py openapi`) and commit the result"
    )


def test_served_schema_is_the_committed_one(client):
    served = client.get("/api/v1/openapi.json")
    assert served.status_code == 200
    assert served.json() == json.loads(COMMITTED.read_text(encoding="utf-8"))


def test_schema_describes_the_contract():
    schema = json.loads(schema_text())
    assert set(schema["paths"]) == {
        "/api/v1/assessments",
        "/api/v1/assessments/{assessment_id}",
        "/api/v1/batches",
        "/api/v1/batches/{batch_id}",
        "/api/v1/benchmarks/{sbi}/{size_class}",
        "/api/v1/evaluation",
        "/api/v1/measures",
        "/api/v1/plan/run",
    }
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    create = schema["paths"]["/api/v1/assessments"]["post"]
    assert set(create["responses"]) >= {"201", "401", "422", "429"}
    body = create["requestBody"]["content"]["application/json"]
    assert body["schema"]["$ref"] == "#/components/schemas/FirmInput"
    firm = schema["components"]["schemas"]["FirmInput"]
    assert set(firm["required"]) == {"sbi", "years"}
    out = schema["components"]["schemas"]["AssessmentOut"]["properties"]
    for field in ("model_version", "reference_vintage", "segment", "benchmark", "id"):
        assert field in out


def test_command_writes_and_checks(tmp_path, capsys):
    out = tmp_path / "openapi.json"
    call_command("openapi", out=out)
    assert out.read_text(encoding="utf-8") == schema_text()
    call_command("openapi", out=out, check=True)
    out.write_text("{}", encoding="utf-8")
    import pytest
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="make openapi"):
        call_command("openapi", out=out, check=True)


def test_every_query_parameter_is_in_the_guide():
    """#16: docs/api.md never named ``consent_statistics``, so integrations fed no monitoring.
    Every query parameter of every operation in the schema is named in the guide."""
    guide = (COMMITTED.parent / "api.md").read_text(encoding="utf-8")
    schema = json.loads(schema_text())
    names = {
        p["name"]
        for path in schema["paths"].values()
        for operation in path.values()
        for p in operation.get("parameters", [])
        if p["in"] == "query"
    }
    assert "consent_statistics" in names
    assert {n for n in names if f"`{n}" not in guide and f"{n}=" not in guide} == set()
