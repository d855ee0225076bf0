"""The anonymised statistical records are written in shuffled batches of at least 10, never with
the assessment (cockpit.statistics); `manage.py flush_statistics` and `anonymity_check`; the
migration that made the stored records coarse (cockpit 0004)."""

from __future__ import annotations

import functools
import importlib
import json
import uuid
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, models

from hulplijn.core.disclosure.cellkey import KEY_SPACE
from hulplijn.web.assessments.models import Assessment, AssessmentRound
from hulplijn.web.cockpit import anonymity, statistics
from hulplijn.web.cockpit.models import StatisticalRecord
from tests.web.conftest import EXAMPLE_STEPS, complete_wizard
from tests.web.factories import AssessmentFactory, StatisticalRecordFactory

pytestmark = pytest.mark.django_db


def assessment(n: int, consent: bool = True, margin: int = 110_000) -> Assessment:
    """A stored assessment made the real way (store's transaction, then statistics.queue):
    the example firm with gross margin 100,000 -> ``margin``, productivity growth at the 61.4th
    percentile."""
    return AssessmentFactory(
        session_key=f"sessie-{n}",
        consent_statistics=consent,
        gross_margins=(100_000, margin),
        percentiles={"productivity_growth": 61.4},
    )


def table_order() -> list[int]:
    """The value-added changes of the records in the table's physical order (insertion order:
    SQLite's rowid, PostgreSQL's ctid), what somebody reading the database file sees."""
    column = "rowid" if connection.vendor == "sqlite" else "ctid"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT value_added_change FROM {StatisticalRecord._meta.db_table} ORDER BY {column}"
        )
        return [row[0] for row in cursor.fetchall()]


def test_a_consenting_assessment_is_queued_not_written(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complete_wizard(client)
        complete_wizard(client, {**EXAMPLE_STEPS, "toestemming": {}})  # no consent
    consenting, other = Assessment.objects.order_by("created_at")
    assert consenting.statistics_pending and not other.statistics_pending
    assert StatisticalRecord.objects.count() == 0  # 1 queued: fewer than 10, nothing written
    assert statistics.pending() == 1


def test_the_tenth_writes_one_shuffled_batch_with_random_ids(
    django_capture_on_commit_callbacks, monkeypatch
):
    shuffled = []
    real = statistics.secrets.SystemRandom.shuffle

    def spy(self, batch):
        shuffled.append(len(batch))
        real(self, batch)

    monkeypatch.setattr(statistics.secrets.SystemRandom, "shuffle", spy)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(9):
            assessment(n, margin=110_000 + n * 1000)
    assert StatisticalRecord.objects.count() == 0 and statistics.pending() == 9
    with django_capture_on_commit_callbacks(execute=True):
        assessment(9, margin=119_000)
    # the tenth wrote the batch: ten records, the queue empty, one shuffle of ten
    assert StatisticalRecord.objects.count() == 10 and statistics.pending() == 0
    assert shuffled == [10]
    assert sorted(table_order()) == [10_000 + n * 1000 for n in range(10)]
    records = list(StatisticalRecord.objects.all())
    assert all(r.id.version == 4 for r in records)  # random UUIDs, no sequence
    assert all(0 <= r.record_key < KEY_SPACE for r in records)
    assert len({r.record_key for r in records}) == 10
    assert {r.productivity_growth_band for r in records} == {"60-79"}  # 61.4 -> 61
    assert {r.month for r in records} == {date.today().replace(day=1)}
    # nothing on a record says when it was written or in which order
    kinds = {type(f) for f in StatisticalRecord._meta.concrete_fields}
    assert not kinds & {models.DateTimeField, models.AutoField, models.BigAutoField}
    with django_capture_on_commit_callbacks(execute=True):
        assessment(10)
    assert StatisticalRecord.objects.count() == 10 and statistics.pending() == 1


def test_deleting_a_queued_assessment_drops_its_statistics(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        made = [assessment(n, margin=100_000 + 1000 * n) for n in range(9)]
        made[0].delete()  # withdrawn before its batch: never counted
        assessment(9, margin=109_000)
        assert statistics.pending() == 9
        assessment(10, margin=110_000)
    assert statistics.pending() == 0
    assert sorted(table_order()) == [1000 * n for n in range(1, 11)]  # not 0: made[0] is gone


def test_without_consent_nothing_is_queued():
    assert not statistics.queue(assessment(1, consent=False))
    assert statistics.pending() == 0


def test_flush_refuses_a_small_batch_unless_forced():
    for n in range(3):
        assessment(n)
    with pytest.raises(statistics.BatchTooSmall):
        statistics.flush()
    assert statistics.pending() == 3 and StatisticalRecord.objects.count() == 0
    assert statistics.flush_when_due() == 0
    assert statistics.flush(force=True) == 3
    assert statistics.pending() == 0 and StatisticalRecord.objects.count() == 3
    assert statistics.flush(force=True) == 0  # nothing queued: nothing written twice


def test_flush_statistics_command(capsys):
    for n in range(4):
        assessment(n)
    with pytest.raises(CommandError, match="4 queued, a batch needs at least 10"):
        call_command("flush_statistics")
    assert StatisticalRecord.objects.count() == 0
    call_command("flush_statistics", "--force")
    assert "4 records written; 0 queued" in capsys.readouterr().out
    assert StatisticalRecord.objects.count() == 4
    for n in range(10):
        assessment(10 + n)
    call_command("flush_statistics")
    assert StatisticalRecord.objects.count() == 14


# -- k-anonymity -----------------------------------------------------------------------------


@pytest.fixture
def hand_made():
    """28 records. By (round, month, size class, section): March micro G 12 + 3 = 15, March
    klein G 10, April micro G 3 -> k = 3, 3 records in groups under 10. With the segment: the
    15 split into 12 'grow' and 3 'renew' -> groups 12, 3, 10, 3: k = 3, 6 records in 2 small
    groups. With the value-added change instead (for information): the 15 split into 14 x 0 and
    1 x 5,000 -> groups 14, 1, 10, 3: k = 1."""
    records = functools.partial(StatisticalRecordFactory.create_batch, segment="grow")
    records(11)
    records(1, value_added_change=5000)
    records(3, segment="renew")
    records(10, size_class="klein")
    records(3, month=date(2024, 4, 1))


def test_k_anonymity_by_hand(hand_made):
    plain, segment, change = anonymity.report()
    assert plain.quasi_identifiers == ("round", "month", "size_class", "section")
    assert (plain.k, plain.records, plain.groups) == (3, 28, 3)
    assert (plain.small_groups, plain.records_in_small_groups) == (1, 3)
    assert segment.quasi_identifiers[-1] == "segment"
    assert (segment.k, segment.groups, segment.small_groups) == (3, 4, 2)
    assert segment.records_in_small_groups == 6
    assert (change.k, change.groups) == (1, 4)  # 14 x 0 and 1 x 5,000 in March micro; 10; 3
    assert anonymity.check(anonymity.CHECKS[0], minimum=3).ok


def test_anonymity_check_command(hand_made, capsys):
    call_command("anonymity_check")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        "round, month, size_class, section: k = 3 over 28 records in 3 groups; "
        "3 records in 1 groups of fewer than 10"
    )
    assert out[1].startswith("round, month, size_class, section, segment: k = 3 ")
    assert "for information" in out[2]
    call_command("anonymity_check", "--json", "--k-min", "3")
    first = json.loads(capsys.readouterr().out.splitlines()[0])
    assert first["k"] == 3 and first["records_in_small_groups"] == 0 and first["held_to_k_min"]
    with pytest.raises(CommandError):
        call_command("anonymity_check", "--strict")
    call_command("anonymity_check", "--strict", "--k-min", "3")  # passes


# -- the migration that made the stored records coarse ---------------------------------------


def test_migration_0004_bands_rounds_and_shuffles_the_old_records():
    convert = importlib.import_module(
        "hulplijn.web.cockpit.migrations.0004_anonymous_records"
    ).convert
    round_id = AssessmentRound.current().pk
    old = [
        # round, month, size, section, segment, change, 4 percentiles, impact, measures, flags
        (round_id, date(2024, 3, 1), "micro", "G", "grow", 43_217, 19, 20, 100, None, "groei",
         ["8"], ["checked"]),
        (round_id, date(2024, 3, 1), "klein", "C", "", -500, 0, 79, 80, 55, "", [], []),
        (round_id, date(2024, 4, 1), "micro", "G", "renew", 56_500, None, None, None, None,
         "groei", [], []),
    ]  # fmt: skip

    class Old:
        class objects:  # the manager of the historical model
            @staticmethod
            def values_list(*columns):
                assert len(columns) == 13
                return old

    class Apps:
        @staticmethod
        def get_model(app, name):
            return Old if name == "LegacyStatisticalRecord" else StatisticalRecord

    convert(Apps, None)
    got = {
        r.value_added_change: (
            r.size_class,
            r.productivity_growth_band,
            r.job_growth_band,
            r.liquidity_band,
            r.solvency_band,
        )
        for r in StatisticalRecord.objects.all()
    }
    assert got == {
        43_000: ("micro", "0-19", "20-39", "80-100", "not_given"),  # 43,217 -> 43 thousand
        0: ("klein", "0-19", "60-79", "80-100", "40-59"),  # -500 rounds half up to 0
        57_000: ("micro", "not_given", "not_given", "not_given", "not_given"),
    }
    assert all(
        isinstance(r.id, uuid.UUID) and r.id.version == 4 for r in StatisticalRecord.objects.all()
    )


def test_the_privacy_page_says_what_is_kept_for_how_long_and_what_can_be_inferred(client):
    dutch = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "afgerond op hele duizenden euro" in dutch and "31 december 2027" in dutch
    assert "minstens 9 andere beoordelingen" in dutch and "Wat nog af te leiden is" in dutch
    english = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "rounded to whole thousands of euros" in english and "31 December 2027" in english
