"""The monitoring atoms: kept up to date batch by batch, and equal to a rebuild from every
record (the same GROUP BY over all records)."""

import io
import random
from datetime import date

import pytest
from django.core.management import call_command

from hulplijn.plan.records import BANDS
from hulplijn.web.assessments.models import AssessmentRound
from hulplijn.web.cockpit import aggregates, statistics
from hulplijn.web.cockpit.models import MonitoringAtom, StatisticalRecord

pytestmark = pytest.mark.django_db


def snapshot():
    return sorted(
        MonitoringAtom.objects.values_list(
            "family",
            "month",
            "round_id",
            "part",
            "n",
            "key_sum",
            "total",
            "absolute",
            "largest_1",
            "largest_2",
        )
    )


def test_batches_add_up_to_the_rebuild():
    round_ = AssessmentRound.objects.create(
        name="R", year_1=2024, year_2=2025, moment_1="2025-06", moment_2="2026-06"
    )
    rng = random.Random(11)
    for batch in range(4):
        statistics.store(
            [
                StatisticalRecord(
                    round=round_,
                    month=date(2026, 10 + batch % 3, 1),
                    size_class=rng.choice(["micro", "klein"]),
                    section=rng.choice("GJ"),
                    segment=rng.choice(["grow", "renew", ""]),
                    value_added_change=rng.randrange(-50, 50) * 1000,
                    productivity_growth_band=rng.choice(BANDS),
                    sector_impact=rng.choice(["groei", "grote_krimp"]),
                    eligible_measures=sorted(rng.sample(["2", "8", "H"], rng.randint(0, 2))),
                    verification_flags=rng.choice([[], ["checked"]]),
                )
                for _ in range(rng.randint(10, 30))
            ]
        )
    incremental = snapshot()
    assert incremental
    call_command("rebuild_monitoring", stdout=io.StringIO())
    assert snapshot() == incremental
    # the segments' atoms hold every record once: the stamp counts them
    assert aggregates.stamp()[1] == StatisticalRecord.objects.count()
