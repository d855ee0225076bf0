"""From consenting assessments to anonymised statistical records, in shuffled batches.

A record written in the assessment's own transaction lines up with it: by insertion order (the
table's row order, ``rowid`` in SQLite, the heap in PostgreSQL), by time, and with the request
log line of the create. So a consenting assessment is only *queued*
(``Assessment.statistics_pending``, set in the assessment's transaction: nothing is lost when a
worker dies afterwards), and the queue is written as one batch once it holds at least
``min_cell_firms`` (10, disclosure.yaml) assessments: in random order, with random ids and
record keys, the queue flags cleared in the same transaction. Then a record can be lined up
with no more than "one of the at least 10 assessments of its batch".

The queue lives on the assessment, not in a table of ready-made records: until its batch is
written the statistics are still personal data of a stored assessment, so deleting the
assessment (or the account) before then drops them with it, and a pending row can never be
lined up with anything after the flush, because it no longer exists.

The batch is written after the request's transaction commits (``transaction.on_commit``), by
the request that queues the tenth assessment; if that fails (a lock, a restart) the queue stays
and the next consenting assessment, or ``manage.py flush_statistics``, writes it.
"""

from __future__ import annotations

import secrets
import uuid

from django.db import transaction
from django.dispatch import receiver

from hulplijn.core.disclosure.cellkey import new_record_key
from hulplijn.plan import records
from hulplijn.reference import params
from hulplijn.web.assessments.models import Assessment
from hulplijn.web.assessments.signals import stored
from hulplijn.web.cockpit import aggregates
from hulplijn.web.cockpit.aggregates import month_of
from hulplijn.web.cockpit.models import StatisticalRecord


class BatchTooSmall(Exception):
    """Fewer assessments are queued than the smallest batch that may be written."""


def batch_minimum() -> int:
    """The smallest batch written: the disclosure threshold of a published cell (10)."""
    return int(params.disclosure()["min_cell_firms"])


def queue(assessment: Assessment) -> bool:
    """Queue a just-stored assessment for the next batch when its owner agreed to statistical
    use (call inside the assessment's transaction); the batch is written after the commit
    once enough are queued. Returns whether it was queued. One record per consenting
    assessment: an adviser's software posts many firms under one account, so records are not
    de-duplicated per owner (a firm assessed twice in a round counts twice;
    docs/reference/monitoring.md)."""
    if not assessment.consent_statistics:
        return False
    Assessment.objects.filter(pk=assessment.pk).update(statistics_pending=True)
    assessment.statistics_pending = True
    transaction.on_commit(flush_when_due, robust=True)
    return True


@receiver(stored, dispatch_uid="cockpit-statistics-queue")
def queue_stored(sender, assessment: Assessment, **kwargs) -> None:
    """Every stored assessment (assessments.signals.stored, inside its transaction) is offered
    to the queue; the assessments app does not know the cockpit (docs/decisions/0019)."""
    queue(assessment)


def pending() -> int:
    """How many consenting assessments wait for their batch."""
    return Assessment.objects.filter(statistics_pending=True).count()


def flush_when_due() -> int:
    """Write the batch if at least ``batch_minimum()`` assessments are queued; returns the
    number of records written (0 when the queue is shorter)."""
    if pending() < batch_minimum():
        return 0
    try:
        return flush()
    except BatchTooSmall:  # another worker wrote the batch first
        return 0


def flush(force: bool = False) -> int:
    """Turn every queued assessment into one anonymised record, in one transaction and in
    random order; returns the number written. Refuses (BatchTooSmall) a batch smaller than
    ``batch_minimum()`` unless ``force``: a smaller batch lets a record be lined up with fewer
    assessments (``force`` is for tests and for closing a round or the evaluation, where the
    last few would otherwise never count)."""
    minimum = batch_minimum()
    with transaction.atomic():
        # PostgreSQL: lock the queued rows (skip those another flush holds, so two flushes never
        # write one assessment twice); SQLite: the IMMEDIATE transaction already serialises
        queued = list(
            Assessment.objects.select_for_update(skip_locked=True)
            .filter(statistics_pending=True)
            .order_by("pk")
            .only("pk", "round_id", "created_at", "firm_input", "result", "verification")
        )
        if not queued:
            return 0
        if len(queued) < minimum and not force:
            raise BatchTooSmall(f"{len(queued)} queued, a batch needs at least {minimum}")
        batch = [record_of(a) for a in queued]
        secrets.SystemRandom().shuffle(batch)
        store(batch)
        cleared = Assessment.objects.filter(
            pk__in=[a.pk for a in queued], statistics_pending=True
        ).update(statistics_pending=False)
        if cleared != len(queued):  # cannot happen under the lock; never write twice
            raise RuntimeError("the statistics queue changed during the flush")
    return len(batch)


def store(batch: list[StatisticalRecord]) -> None:
    """Write a batch of records and add it to the monitoring atoms, in one transaction."""
    with transaction.atomic():
        StatisticalRecord.objects.bulk_create(batch)
        aggregates.add_batch([r.id for r in batch])


def record_of(assessment: Assessment) -> StatisticalRecord:
    """The anonymised record of one assessment (a fresh random id and record key)."""
    return StatisticalRecord(
        id=uuid.uuid4(),
        record_key=new_record_key(),
        round_id=assessment.round_id,
        month=month_of(assessment.created_at),
        **records.record_values(assessment.firm_input, assessment.result, assessment.verification),
    )
