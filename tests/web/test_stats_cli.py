"""`hulplijn stats segments` on the anonymised statistical records (one per consenting firm and
round; non-consenting firms have none): never a cell under 10 firms."""

import json

import pytest
from django.core.cache import cache
from typer.testing import CliRunner

from hulplijn.cli.main import app
from tests.web.factories import StatisticalRecordFactory

pytestmark = pytest.mark.django_db


def stored(size, section, segment, change, count=1, consent=True):
    """``count`` records as a batch would write them, each with record key 0: every cell key is
    0, so a published count is the true one + 1 and a published total the true one + 0.102643
    x its largest contribution (derived in tests/plan/test_monitoring.py)."""
    if not consent:
        return  # completing without consent writes no record (tests/web/cockpit)
    StatisticalRecordFactory.create_batch(
        count, size_class=size, section=section, segment=segment, value_added_change=change
    )


def test_segments_by_size_class():
    cache.clear()
    stored("micro", "G", "accelerate", 5000, 12)
    stored("micro", "G", "grow", -1000, 10)
    stored("micro", "G", "reform", 100, 3)
    stored("micro", "G", "renew", 0, 40, consent=False)  # never counted
    stored("klein", "C", "accelerate", 1, 4)  # 4 klein respondents: the group is not listed
    result = CliRunner().invoke(app, ["stats", "segments", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {(r["size_class"], r["segment"]): r for r in json.loads(result.output)}
    assert {k[0] for k in rows} == {"micro"}
    # micro: 25 consenting firms (published 26); accelerate 12 (13; change 12 x 5,000 +
    # 0.102643 x 5,000 = 60,513), grow 10 (11), reform 3 (hidden), renew 0 (empty); the audit
    # leaves reform anywhere from 1 to 8 firms (26 +- 2 - (13 +- 2) - (11 +- 2))
    assert rows[("micro", "accelerate")]["n"] == 13
    assert rows[("micro", "accelerate")]["share"] == pytest.approx(13 / 26)
    assert rows[("micro", "accelerate")]["value_added_change"] == 60_513
    assert rows[("micro", "reform")]["n"] is None
    assert rows[("micro", "reform")]["suppressed"] == [["reform", "min_n"]]
    assert rows[("micro", "grow")]["n"] == 11
    assert all(r["n"] is None or r["n"] >= 10 for r in rows.values())
    table = CliRunner().invoke(app, ["stats", "segments"])
    assert table.exit_code == 0 and "accelerate" in table.output
