"""Background jobs of the intake: an adviser's batch, a CSV file or the firms of
POST /api/v1/batches (docs/decisions/0028-background-jobs.md).

``submit`` is called by the upload view (and ``submit_firms`` by the API): one job per adviser
and content (SHA-256), so the same file or request again finds the job it made before (its
report, or its progress) and saves nothing twice. ``run_batch`` is the task a worker
(``manage.py db_worker``) runs: it reads the file or request, assesses the firms through the
engine's many-firm path, saves them in one transaction together with the report, and forgets
the file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from datetime import timedelta
from typing import Any

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
    return _submit(
        BatchJob.Kind.CSV, hashlib.sha256(data).hexdigest(), data, adviser, language, filename
    )


API_DIGEST_PREFIX = b"api/v1/batches\n"  # an API request's digest never equals a file's


def submit_firms(firms: list[Any], adviser) -> tuple[BatchJob, bool]:
    """The adviser's job for these firms (the body of POST /api/v1/batches, each firm as sent),
    and whether it is new; as ``submit``. The same firms again (the same JSON, whatever its
    key order or spacing) find the same job."""
    data = canonical({"firms": firms})
    digest = hashlib.sha256(API_DIGEST_PREFIX + data).hexdigest()
    return _submit(BatchJob.Kind.API, digest, data, adviser, "", "")


def canonical(value: Any) -> bytes:
    """JSON with sorted keys and no spaces: one text for the same request body."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _submit(
    kind: str, digest: str, data: bytes, adviser, language: str, filename: str
) -> tuple[BatchJob, bool]:
    job = BatchJob.objects.filter(owner=adviser, digest=digest).first()
    if job is None:
        try:
            with transaction.atomic():
                job = BatchJob.objects.create(
                    owner=adviser,
                    kind=kind,
                    digest=digest,
                    filename=filename[:255],
                    language=language[:2],
                    data=data,
                )
        except IntegrityError:  # the same content, sent twice at once: the other request's job
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
        if job.kind == BatchJob.Kind.API:  # by index in the request: id or problems
            rows = [[row, str(a.pk), []] for row, _label, a in report.saved]
            rows += [[row, None, problems] for row, _label, problems in report.problems]
        else:
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
        if job.kind == BatchJob.Kind.API:
            batch.intake_firms(bytes(job.data), job.owner, progress, finish)
        else:
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
