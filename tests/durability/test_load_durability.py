"""Durability under load (issue #7): gunicorn with several workers, locust users creating
assessments through the API and viewing dashboards, one worker killed with SIGKILL during the
load and, on PostgreSQL, the database restarted once. Afterwards every create that got a 2xx is in
the database and no assessment is half written. Short runs (bounded in time); the figures for
docs/deploy.md come from the longer `bench/load/run.py` runs, never from a timed test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bench.load.run import main

pytestmark = [pytest.mark.durability]


def _assert_durable(run) -> None:
    d = run.durability
    assert run.stats["API create"]["requests"] > 0
    assert d["created_2xx"] > 0
    # every create that got a 2xx is stored, none twice, none half written
    assert d["missing"] == []
    assert d["found"] == d["created_2xx"]
    assert d["half_written"] == []
    # every consenting 2xx create is one anonymised record after the final flush: queued in the
    # assessment's transaction, written in shuffled batches of 10 (cockpit.statistics), never
    # lost with a killed worker nor written twice by two
    assert d["statistical_records"] == d["consenting"]
    assert d["records_before_flush"] + d["queued_before_flush"] == d["consenting"]
    assert d["records_before_flush"] > 0 or d["consenting"] < 10  # batches during the load
    assert any("kill -9" in f for f in run.faults)
    # backup, lose 100 assessments, restore: every one is back
    assert run.ops["restored_assessments"] == run.ops["assessments"] == d["assessments_in_db"]


def test_sqlite_with_concurrent_writers_survives_a_killed_worker():
    # 4 worker processes write to one SQLite file (WAL, busy timeout) while one is killed
    run = main("sqlite", users=20, seconds=20, workers=4, accounts=10)
    _assert_durable(run)


@pytest.mark.skipif(
    not list(Path("/usr/lib/postgresql").glob("*/bin/postgres")),
    reason="PostgreSQL server binaries not installed (.ci/run installs them)",
)
def test_postgres_survives_a_killed_worker_and_a_database_restart():
    run = main("postgres", users=20, seconds=25, workers=4, accounts=10)
    _assert_durable(run)
    assert any("PostgreSQL restarted" in f for f in run.faults)
