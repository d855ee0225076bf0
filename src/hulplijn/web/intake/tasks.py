"""Background jobs of the intake: an adviser's CSV batch (docs/decisions/0028-background-jobs.md).

``submit`` is called by the upload view: one job per adviser and file content (SHA-256), so the
same file again finds the job it made before (its report, or its progress) and saves nothing
twice. ``run_batch`` is the task a worker (``manage.py db_worker``) runs: it reads the file, assesses
the rows through the engine's many-firm path, saves them in one transaction together with the
report, and forgets the file.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from hulplijn.imports.errors import ImportRefused
from hulplijn.web.intake import batch
from hulplijn.web.intake.models import BatchJob

log = logging.getLogger(__name__)
# a running job marks each chunk of 500 rows (seconds apart); none for this long: it was lost
STALE = timedelta(minutes=15)


def submit(data: bytes, adviser, language: str, filename: str = "") -> tuple[BatchJob, bool]:
    """The adviser's job for this file, and whether it is new (then it is queued). A job that
    failed (a crash, not a refusal), or was lost with its worker (no sign of life for STALE), is
    queued again: it saved nothing (a job writes in one transaction)."""
    digest = hashlib.sha256(data).hexdigest()
    job = BatchJob.objects.filter(owner=adviser, digest=digest).first()
    if job is None:
        try:
            with transaction.atomic():
                job = BatchJob.objects.create(
                    owner=adviser,
                    digest=digest,
                    filename=filename[:255],
                    language=language[:2],
                    data=data,
                )
        except IntegrityError:  # the same file, uploaded twice at once: the other request's job
            return BatchJob.objects.get(owner=adviser, digest=digest), False
        transaction.on_commit(lambda: run_batch.enqueue(str(job.pk)))
        return job, True
    lost = job.status in (BatchJob.Status.QUEUED, BatchJob.Status.RUNNING) and (
        job.touched_at < timezone.now() - STALE
    )
    if job.status == BatchJob.Status.FAILED or lost:
        BatchJob.objects.filter(pk=job.pk).update(
            status=BatchJob.Status.QUEUED, data=data, done=0, message="", touched_at=timezone.now()
        )
        transaction.on_commit(lambda: run_batch.enqueue(str(job.pk)))
        job.refresh_from_db()
    return job, False


@task()
def run_batch(job_id: str) -> str:
    """Run the batch job ``job_id`` to its end; returns its status. A job already finished
    (a second delivery of the task) is left as it is."""
    pk = uuid.UUID(job_id)
    with transaction.atomic():
        claimed = BatchJob.objects.filter(pk=pk, status=BatchJob.Status.QUEUED).update(
            status=BatchJob.Status.RUNNING, touched_at=timezone.now()
        )
    job = BatchJob.objects.get(pk=pk)
    if not claimed:
        return str(job.status)

    def progress(done: int, total: int) -> None:
        BatchJob.objects.filter(pk=pk).update(done=done, total=total, touched_at=timezone.now())

    def finish(report: batch.BatchReport) -> None:
        rows = [[row, label, str(a.pk), []] for row, label, a in report.saved]
        rows += [[row, label, None, lines] for row, label, lines in report.problems]
        rows.sort(key=lambda r: r[0])
        BatchJob.objects.filter(pk=pk).update(
            status=BatchJob.Status.DONE,
            done=len(rows),
            total=len(rows),
            saved=len(report.saved),
            problems=len(report.problems),
            report={"file_problems": report.file_problems, "rows": rows},
            data=b"",
            finished_at=timezone.now(),
        )

    try:
        batch.intake(bytes(job.data), job.owner, job.language, progress, finish)
    except ImportRefused as refused:
        _end(pk, BatchJob.Status.REFUSED, refused.message(job.language))
    except Exception:
        log.exception("batch job %s failed", pk)
        _end(pk, BatchJob.Status.FAILED, "")
        raise
    return str(BatchJob.objects.values_list("status", flat=True).get(pk=pk))


def _end(pk: uuid.UUID, status: str, message: str) -> None:
    BatchJob.objects.filter(pk=pk).update(
        status=status, message=message, data=b"", finished_at=timezone.now()
    )
