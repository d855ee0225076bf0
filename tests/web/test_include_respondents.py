"""`hulplijn reference build --include-respondents`: opted-in assessments of the same round
join the peer distributions, under the same trimming and disclosure rules."""

import json

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from hulplijn.cli.main import app
from hulplijn.web.assessments.models import Assessment
from tests.web.conftest import complete_wizard

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def report_round():
    """The report's round, made again in case a transactional test flushed the migration's."""
    import importlib

    from django.apps import apps

    importlib.import_module("hulplijn.web.assessments.migrations.0002_report_round").create(
        apps, None
    )


def test_build_folds_in_consenting_respondents(client, synthetic_population, tmp_path):
    small = tmp_path / "firms.parquet"
    pq.write_table(pq.read_table(synthetic_population).slice(0, 5_000), small)
    complete_wizard(client)  # consents (EXAMPLE_STEPS), round 2016/2018, Feb/Jul 2020
    complete_wizard(client)
    Assessment.objects.filter(pk=Assessment.objects.first().pk).update(consent_statistics=False)
    out = tmp_path / "reference"
    result = CliRunner().invoke(app, ["reference", "build", "--from", str(small), "--out",
                                      str(out), "--include-respondents"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    # 5,000 synthetic firms plus the one consenting respondent (the other did not consent)
    assert manifest["respondents"] == 1
    assert manifest["source"]["rows"] == 5_001
    assert "1 respondenten" in result.output
    plain = CliRunner().invoke(app, ["reference", "build", "--from", str(small), "--out",
                                     str(tmp_path / "plain")])
    assert json.loads((tmp_path / "plain/manifest.json").read_text())["respondents"] == 0
    assert plain.exit_code == 0
