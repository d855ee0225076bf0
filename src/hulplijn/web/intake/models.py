"""The register table: figures per firm and year (e.g. from deposited annual accounts)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NUMBER = {"null": True, "blank": True}


class RegisterRecord(models.Model):
    """What a register says about one firm in one year; imported with `import_register`."""

    kvk_number = models.CharField(_("KvK number"), max_length=8, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"))
    gross_margin = models.FloatField(_("gross margin"), **NUMBER)
    wage_costs = models.FloatField(_("wage costs"), **NUMBER)
    fte = models.FloatField(_("FTE"), **NUMBER)
    equity = models.FloatField(_("equity"), **NUMBER)
    total_assets = models.FloatField(_("total assets"), **NUMBER)
    sbi = models.CharField(_("SBI code"), max_length=5, blank=True)
    working_persons = models.PositiveIntegerField(_("working persons"), **NUMBER)
    source = models.CharField(_("source"), max_length=120)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("register record")
        verbose_name_plural = _("register records")
        constraints = [
            models.UniqueConstraint(
                fields=["kvk_number", "year"], name="one_record_per_firm_and_year"
            )
        ]


class BatchJob(models.Model):
    """An adviser's batch as a background job (hulplijn.web.intake.tasks): a CSV file uploaded
    on the site, or the firms of a POST /api/v1/batches. One per adviser and content (the file's
    bytes, or the request's canonical JSON), so the same again finds this job instead of saving
    its firms twice."""

    class Kind(models.TextChoices):
        CSV = "csv", _("CSV file")
        API = "api", _("API request")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        REFUSED = "refused", _("refused")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="batch_jobs"
    )
    kind = models.CharField(max_length=3, choices=Kind.choices, default=Kind.CSV)
    # SHA-256 of the file's bytes (csv), or of "api/v1/batches" and the canonical JSON (api)
    digest = models.CharField(max_length=64)
    filename = models.CharField(max_length=255, blank=True)
    language = models.CharField(max_length=2, default="nl")
    # the uploaded file (or the request's canonical JSON) until the job has read it; emptied
    # when the job ends
    data = models.BinaryField(default=b"", editable=False)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)  # rows in the file
    done = models.PositiveIntegerField(default=0)  # rows read and assessed so far
    saved = models.PositiveIntegerField(default=0)
    problems = models.PositiveIntegerField(default=0)  # rows with problems
    # csv: {"file_problems": [line], "rows": [[row, label, assessment id or null, [lines]]]}
    # api: {"rows": [[index, assessment id or null, [{loc, type, message_nl, message_en}]]]}
    report = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)  # why the file was refused, or that the job failed
    created_at = models.DateTimeField(auto_now_add=True)
    # the last sign of life: queued, claimed, a chunk done (a job that shows none for
    # tasks.STALE was lost with its worker and is queued again by the next upload of the file)
    touched_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("batch job")
        verbose_name_plural = _("batch jobs")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "digest"], name="one_batch_job_per_file")
        ]

    def __str__(self) -> str:
        return f"{self.filename or self.digest[:12]} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.REFUSED, self.Status.FAILED)

    @property
    def percent(self) -> int:
        return 100 if self.finished else (100 * self.done // self.total if self.total else 0)
