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


def test_the_list_families_count_each_record_once_per_code():
    """The eligible measures', schemes' and register flags' atoms, counted here record by record
    in Python, against the SQL that takes each list apart (json_each on SQLite,
    jsonb_array_elements_text on PostgreSQL; #18): n is the number of records whose list holds
    the code, the key the sum of their record keys (mod the key space). The comparison above
    runs the same SQL twice and cannot see a wrong count."""
    from hulplijn.core.disclosure.cellkey import KEY_SPACE

    round_ = AssessmentRound.objects.create(
        name="R", year_1=2024, year_2=2025, moment_1="2025-06", moment_2="2026-06"
    )
    rng = random.Random(5)
    records = [
        StatisticalRecord(
            round=round_,
            month=date(2026, rng.choice([10, 11]), 1),
            size_class="micro",
            section="G",
            segment="grow",
            value_added_change=1000,
            productivity_growth_band=BANDS[0],
            sector_impact="groei",
            eligible_measures=sorted(rng.sample(["2", "8", "H", "12"], rng.randint(0, 3))),
            eligible_schemes=rng.choice([[], ["wbso"], ["wbso", "mit"]]),
            verification_flags=rng.choice([[], ["checked"], ["checked", "sbi_differs"]]),
        )
        for _ in range(40)
    ]
    statistics.store(records)
    expected: dict[tuple, list[int]] = {}
    for r in StatisticalRecord.objects.all():
        for family, codes in (
            ("eligible", r.eligible_measures),
            ("scheme", r.eligible_schemes),
            ("flag", r.verification_flags),
        ):
            for code in codes:
                counted = expected.setdefault((f"{family}:{code}", r.month), [0, 0])
                counted[0] += 1
                counted[1] = (counted[1] + r.record_key) % KEY_SPACE
    call_command("rebuild_monitoring", stdout=io.StringIO())
    got = {
        (a.family, a.month): [a.n, a.key_sum]
        for a in MonitoringAtom.objects.filter(part="").exclude(family="help_first")
    }
    assert got == expected
    # hand check of one atom: "wbso" is in the list of every record with schemes
    with_wbso = [r for r in records if "wbso" in r.eligible_schemes]
    assert sum(n for (family, _m), (n, _k) in got.items() if family == "scheme:wbso") == len(
        with_wbso
    ) > 0
