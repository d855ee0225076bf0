"""An adviser's CSV batch as a background job: progress, the many-firm engine path, one write,
idempotent, a downloadable report (docs/decisions/0028-background-jobs.md).

The unit tests run the job inside the request with the task library's immediate backend; one
test leaves it queued in the database and lets the library's worker (``db_worker``) run it.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from hulplijn.core import assess, parse_firm
from hulplijn.imports.csv_batch import COLUMNS, EXAMPLE_ROW
from hulplijn.web.assessments import services
from hulplijn.web.assessments.models import Assessment, AssessmentRound
from hulplijn.web.intake import batch
from hulplijn.web.intake.models import BatchJob
from hulplijn.web.intake.tasks import STALE, run_batch
from hulplijn.web.reference_store import reference_of
from tests.web.factories import AdviserFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def batch_file(rows: int, seed: int = 1, bad_every: int = 50) -> bytes:
    """A CSV of ``rows`` firms shaped like the template's example, scaled at random; every
    ``bad_every``-th row has an FTE of 0 (refused by the validation, with its row and column)."""
    rng = random.Random(seed)
    names = [c.name for c in COLUMNS]
    lines = [";".join(names)]
    for i in range(rows):
        scale = rng.uniform(0.2, 2.0)
        row = dict(EXAMPLE_ROW, firm=f"Bedrijf {i + 1}", sbi=rng.choice(["47", "56", "62"]))
        row["working_persons"] = str(rng.randint(2, 200))
        for column in COLUMNS:
            if column.kind == "number" and EXAMPLE_ROW[column.name]:
                value = float(EXAMPLE_ROW[column.name]) * scale * rng.uniform(0.8, 1.2)
                row[column.name] = (
                    f"{max(0.5, round(value, 1)):.1f}"
                    if column.name.startswith("fte_")
                    else f"{value:.2f}"
                )
        if i % bad_every == bad_every - 1:
            row["fte_2"] = "0"
        lines.append(";".join(row[n] for n in names))
    return ("\r\n".join(lines) + "\r\n").encode()


def post(client, data: bytes, capture, name: str = "firms.csv"):
    with capture(execute=True):
        response = client.post("/adviseur/batch/", {"file": SimpleUploadedFile(name, data)}, **EN)
    assert response.status_code == 302
    return response["Location"]


def report_rows(client, job: BatchJob) -> list[list[str]]:
    response = client.get(f"/adviseur/batch/{job.pk}/rapport.csv", **EN)
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_a_300_row_file_end_to_end(client, settings, django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE
    adviser = AdviserFactory()
    client.force_login(adviser)
    location = post(client, batch_file(300), django_capture_on_commit_callbacks)
    page = client.get(location, **EN)
    job = page.context["job"]
    assert (job.status, job.total, job.done, job.saved, job.problems) == ("done", 300, 300, 294, 6)
    assert not job.data  # the file is forgotten once it is read
    assert b'http-equiv="refresh"' not in page.content  # a finished job stops refreshing
    assert Assessment.objects.filter(owner=adviser).count() == 294
    # every row once in the report, in the file's order: saved with its link, or why not
    rows = report_rows(client, job)
    assert rows[0] == ["row", "firm", "result", "link or problems"]
    assert [r[0] for r in rows[1:]] == [str(n) for n in range(2, 302)]
    assert rows[50] == ["51", "Bedrijf 50", "not saved", rows[50][3]]
    assert rows[50][3].startswith("row 51, column fte_2:")
    saved = [r for r in rows[1:] if r[2] == "saved"]
    assert len(saved) == 294
    assert saved[0][3].startswith("http://testserver/beoordeling/")
    # each result is stored compact and, shown, is the single-firm engine's assessment of the
    # same firm, its measures judged on the day the job ran (today; decision 0036)
    today = timezone.localdate()
    for stored in Assessment.objects.filter(owner=adviser):
        parsed = parse_firm(stored.firm_input)
        assert stored.result["explain_on"] == today.isoformat()
        assert stored.result["derivations"] == {} and stored.result["eligible_measures"] == []
        assert services.result_of(stored) == assess(parsed, reference_of(parsed), on=today)


def test_the_same_file_again_saves_nothing_twice(
    client, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    adviser, other = AdviserFactory(), AdviserFactory()
    data = batch_file(30)
    client.force_login(adviser)
    first = post(client, data, django_capture_on_commit_callbacks)
    again = post(client, data, django_capture_on_commit_callbacks, name="renamed.csv")
    assert first == again  # the same job, with the same report
    assert BatchJob.objects.count() == 1
    assert (
        Assessment.objects.filter(owner=adviser).count() == 30
    )  # bad_every=50: no bad row among 30
    # another adviser's upload of the same file is that adviser's own job; a changed file is new
    client.force_login(other)
    assert post(client, data, django_capture_on_commit_callbacks) != first
    assert client.get(first).status_code == 404  # nor can the other adviser see the first
    assert Assessment.objects.filter(owner=other).count() == 30
    client.force_login(adviser)
    post(client, batch_file(30, seed=2), django_capture_on_commit_callbacks)
    assert Assessment.objects.filter(owner=adviser).count() == 60


def test_a_failing_job_saves_nothing_and_can_be_retried(
    client, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.TASKS = IMMEDIATE
    client.force_login(AdviserFactory())
    data = batch_file(40)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(batch, "_insert", broken)
        post(client, data, django_capture_on_commit_callbacks)  # the library logs the error
    job = BatchJob.objects.get()
    assert job.status == "failed" and Assessment.objects.count() == 0
    page = client.get(f"/adviseur/batch/{job.pk}/", **EN)
    assert b"Nothing was saved" in page.content
    post(client, data, django_capture_on_commit_callbacks)  # the retry
    job.refresh_from_db()
    assert job.status == "done" and Assessment.objects.count() == job.saved == 40


def test_a_refused_file_says_why(client, settings, django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE
    client.force_login(AdviserFactory())
    location = post(client, b"\xff\xfe not utf-8", django_capture_on_commit_callbacks)
    page = client.get(location, **EN)
    assert page.context["job"].status == "refused"
    assert b"not UTF-8" in page.content
    assert client.get(f"{location}rapport.csv").status_code == 404


@pytest.mark.django_db(transaction=True)  # the worker closes its connections between tasks
def test_a_queued_job_shows_progress_and_the_worker_runs_it(
    client, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE
    adviser = AdviserFactory()
    client.force_login(adviser)
    location = post(client, batch_file(60), django_capture_on_commit_callbacks)
    page = client.get(location, **EN)
    assert page.context["job"].status == "queued"
    # without JavaScript: the page refreshes itself and has a link to do it now
    assert b'<meta http-equiv="refresh" content="2">' in page.content
    assert f'href="{location}"'.encode() in page.content
    assert Assessment.objects.count() == 0
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    job = BatchJob.objects.get()
    assert (job.status, job.saved, job.problems) == ("done", 59, 1)
    assert Assessment.objects.filter(owner=adviser).count() == 59
    # a second delivery of the same task leaves the finished job as it is
    settings.TASKS = IMMEDIATE
    assert run_batch.enqueue(str(job.pk)).return_value == "done"
    assert Assessment.objects.count() == 59


def test_a_job_lost_with_its_worker_is_queued_again_by_the_next_upload(
    client, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE  # queued, and no worker: as if the worker had died
    client.force_login(AdviserFactory())
    data = batch_file(20)
    location = post(client, data, django_capture_on_commit_callbacks)
    BatchJob.objects.update(status=BatchJob.Status.RUNNING)  # claimed, then the worker died
    settings.TASKS = IMMEDIATE
    post(client, data, django_capture_on_commit_callbacks)
    assert client.get(location).context["job"].status == "running"  # alive until STALE
    BatchJob.objects.update(touched_at=timezone.now() - STALE - timedelta(seconds=1))
    assert post(client, data, django_capture_on_commit_callbacks) == location
    job = BatchJob.objects.get()
    assert job.status == "done" and Assessment.objects.count() == job.saved == 20


def test_without_an_open_round_each_row_says_so_and_nothing_is_saved(
    client, settings, django_capture_on_commit_callbacks
):
    """A firm is always filed under a round; with none open the job used to fail on the
    database (round_id NULL). Now each valid row says why it was not saved."""
    settings.TASKS = IMMEDIATE
    AssessmentRound.objects.update(is_open=False)
    adviser = AdviserFactory()
    client.force_login(adviser)
    location = post(client, batch_file(3), django_capture_on_commit_callbacks)
    job = client.get(location).context["job"]
    assert (job.status, job.saved, job.problems) == ("done", 0, 3)
    assert Assessment.objects.count() == 0
    rows = report_rows(client, job)
    # uploaded on an English page (post() above): the report speaks English
    assert (
        rows[1][3] == "row 2: no assessment round is open; ask the site's administrator to open one"
    )


@pytest.mark.django_db(transaction=True)  # the worker closes its connections between tasks
def test_a_2000_row_file_through_the_worker_saves_every_firm_once(
    client, settings, django_capture_on_commit_callbacks
):
    """The issue's 8,000- and 10,000-row files at a fifth of the size (bench/batch_jobs.py runs
    them whole): four chunks, run by the database queue's worker, on the database the suite
    runs on (SQLite, and PostgreSQL in CI); the same file again saves nothing twice."""
    settings.TASKS = DATABASE
    adviser = AdviserFactory()
    client.force_login(adviser)
    data = batch_file(2_000)
    location = post(client, data, django_capture_on_commit_callbacks)
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    job = BatchJob.objects.get()
    # every 50th row has an FTE of 0: 40 refused, each with its row and column
    assert (job.status, job.total, job.done, job.saved, job.problems) == (
        "done",
        2_000,
        2_000,
        1_960,
        40,
    )
    stored = Assessment.objects.filter(owner=adviser)
    assert stored.count() == 1_960
    assert len({a.label for a in stored.only("label")}) == 1_960  # each firm once
    assert post(client, data, django_capture_on_commit_callbacks) == location
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    assert BatchJob.objects.count() == 1 and stored.count() == 1_960
    # a firm from the last chunk shows what assess() gives it
    last = stored.get(label="Bedrijf 1999")
    parsed = parse_firm(last.firm_input)
    today = timezone.localdate()
    assert services.result_of(last) == assess(parsed, reference_of(parsed), on=today)
    rows = report_rows(client, job)
    assert len(rows) == 2_001 and sum(r[2] == "saved" for r in rows[1:]) == 1_960


def test_a_running_job_says_which_step_it_is_in(
    client, settings, django_capture_on_commit_callbacks
):
    """Found measuring #18: a 10,000-row file is read for about 2 s and saved for about 2 s;
    the page said "0 van 0 regels gelezen en beoordeeld" while reading and "10.000 van 10.000"
    while saving. Each step is now named (in Dutch, the adviser's default)."""
    settings.TASKS = DATABASE
    adviser = AdviserFactory()
    client.force_login(adviser)
    location = post(client, batch_file(3), django_capture_on_commit_callbacks)
    job = BatchJob.objects.get()

    def status(**state) -> str:
        BatchJob.objects.filter(pk=job.pk).update(**state)
        page = client.get(location).content.decode()
        return " ".join(page.split('role="status">', 1)[1].split("</p>", 1)[0].split())

    assert status() == "In de wachtrij"
    assert status(status="running") == "Bezig: het bestand wordt gelezen"
    assert (
        status(done=1_000, total=10_000) == "Bezig: 1.000 van 10.000 regels gelezen en beoordeeld"
    )
    assert status(done=10_000) == (
        "Bezig: alle 10.000 regels beoordeeld; de bedrijven worden opgeslagen"
    )
