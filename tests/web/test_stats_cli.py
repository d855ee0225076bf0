"""`hulplijn stats segments` on the anonymised statistical records (one per consenting firm and
round; non-consenting firms have none): never a cell under 10 firms."""

import json

import pytest
from typer.testing import CliRunner

from hulplijn.cli.main import app
from hulplijn.web.assessments.models import AssessmentRound
from hulplijn.web.cockpit.models import StatisticalRecord

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def report_round():
    """The report's round, made again in case a transactional test flushed the migration's."""
    import importlib

    from django.apps import apps

    importlib.import_module("hulplijn.web.assessments.migrations.0002_report_round").create(
        apps, None
    )


def stored(size, section, segment, change, consent=True):
    if not consent:
        return  # completing without consent writes no record (tests/web/cockpit)
    StatisticalRecord.objects.create(
        round=AssessmentRound.current(),
        month="2024-03-01",
        size_class=size,
        section=section,
        segment=segment,
        value_added_change=change,
    )


def test_segments_by_size_class():
    for _ in range(12):
        stored("micro", "G", "accelerate", 5000)
    for _ in range(10):
        stored("micro", "G", "grow", -1000)
    for _ in range(3):
        stored("micro", "G", "reform", 100)
    for _ in range(40):
        stored("micro", "G", "renew", 0, consent=False)  # never counted
    for _ in range(4):
        stored("klein", "C", "accelerate", 1)  # 4 klein respondents: the group is not listed
    result = CliRunner().invoke(app, ["stats", "segments", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {(r["size_class"], r["segment"]): r for r in json.loads(result.output)}
    assert {k[0] for k in rows} == {"micro"}
    # micro: 25 consenting firms; accelerate 12 (change 12 x 5,000), grow 10, reform 3 (hidden),
    # renew 0 (hidden as an empty cell); with reform hidden, grow (the smallest shown) is hidden
    # too so that 3 cannot be recovered as 25 - 12 - 10
    assert rows[("micro", "accelerate")]["n"] == 12
    assert rows[("micro", "accelerate")]["share"] == pytest.approx(12 / 25)
    assert rows[("micro", "accelerate")]["value_added_change"] == pytest.approx(60_000)
    assert rows[("micro", "reform")]["n"] is None
    assert rows[("micro", "grow")]["suppressed"] == "secondary"
    assert all(r["n"] is None or r["n"] >= 10 for r in rows.values())
    table = CliRunner().invoke(app, ["stats", "segments"])
    assert table.exit_code == 0 and "accelerate" in table.output
