"""An adviser's CSV batch end to end: upload through the real view, the background job run by the
task library's worker in its own process (``manage.py db_worker``), 8,000 and 10,000 firms.

On a throwaway SQLite database by default; on PostgreSQL when BENCH_DATABASE_URL names one
(``postgres://user:password@host:port/name``; the bench adds its own rows to it). The file is
bench/csv_batch.py's (every column filled, half Dutch numbers, 1% of the rows with a problem).

The worker runs as in production: started once, before the uploads, and warmed by a 20-row
batch (its start, the reference's first load and that batch are printed apart). Per file it
prints the upload's time, the job's time (the upload's start to the job done, as the adviser's
page sees it: the worker's poll of the queue, once a second, included), the worker's CPU time
for the job (user + system, from /proc: steadier than wall time on a shared machine), rows a
second, and that the same file uploaded again saves nothing; asserts nothing on time.

``--rows 10000`` runs one size (repeatable; default 8,000 and 10,000). ``--api`` also sends the
same firms as one ``POST /api/v1/batches`` (JSON, a bearer token; a row the CSV refuses is sent
as a firm with an FTE of 0, which the API refuses) and waits for ``GET /api/v1/batches/{id}`` to
say done. To compare two checkouts in one session, run this script from each
(``PYTHONPATH=<checkout>/src``), alternating.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from csv_batch import generate  # noqa: E402

SIZES = (8_000, 10_000)
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, action="append", help="rows of a file (repeatable)")
    parser.add_argument("--api", action="store_true", help="also through POST /api/v1/batches")
    arguments = parser.parse_args()
    sizes = arguments.rows or SIZES
    url = os.environ.get("BENCH_DATABASE_URL") or (
        f"sqlite:///{tempfile.mkdtemp()}/bench-batch.sqlite3"
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "hulplijn.web.conf.dev"
    os.environ["HULPLIJN_DEBUG"] = "0"
    os.environ["DATABASE_URL"] = url
    os.environ["HULPLIJN_TASKS_BACKEND"] = "database"
    os.environ.setdefault("HULPLIJN_REFERENCE_DIR", str(ROOT / "var/reference"))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("reference_rounds", verbosity=0)
    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--verbosity", "0"]
    started = time.perf_counter()
    worker = subprocess.Popen(command, cwd=ROOT, env=os.environ.copy())
    try:
        warm = run(worker.pid, generate(20), "warm-up")
        print(
            f"csv batch job on {database}: the worker's start, the reference's first load and "
            f"a 20-row batch {time.perf_counter() - started:.1f} s "
            f"(worker CPU {warm['cpu']:.1f} s)"
        )
        for rows in sizes:
            got = run(worker.pid, generate(rows), f"{rows}")
            print(
                f"csv batch job on {database}: {rows:,} rows "
                f"({got['megabytes']:.1f} MB): upload {got['upload'] * 1000:.0f} ms, upload to "
                f"done {got['wall']:.1f} s ({rows / got['wall']:.0f} rows/s), worker CPU "
                f"{got['cpu']:.1f} s; {got['saved']:,} saved, {got['problems']:,} with "
                f"problems; the same file again: the same job, 0 saved; report "
                f"{got['report'] / 1024:.0f} KB; progress seen: {got['samples']}"
            )
            if arguments.api:
                got = run_api(worker.pid, generate(rows), f"api-{rows}")
                print(
                    f"api batch job on {database}: {rows:,} firms ({got['megabytes']:.1f} MB of "
                    f"JSON): POST {got['upload'] * 1000:.0f} ms, POST to done {got['wall']:.1f} s "
                    f"({rows / got['wall']:.0f} firms/s), worker CPU {got['cpu']:.1f} s; "
                    f"{got['saved']:,} saved, {got['problems']:,} with problems; the same "
                    f"request again: the same job, 0 saved"
                )
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def run(pid: int, data: bytes, name: str) -> dict:
    """Upload ``data`` as a new adviser, wait for the worker to finish the job, check it."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from hulplijn.web.accounts.models import User
    from hulplijn.web.assessments.models import Assessment
    from hulplijn.web.intake.models import BatchJob

    adviser = User.objects.create_user(
        email=f"bench-{name}-{time.time_ns()}@example.nl", password=None, is_adviser=True
    )
    client = Client()
    client.force_login(adviser)
    cpu_before = cpu_seconds(pid)
    start = time.perf_counter()
    response = client.post("/adviseur/batch/", {"file": SimpleUploadedFile("firms.csv", data)})
    uploaded = time.perf_counter() - start
    assert response.status_code == 302, response.status_code
    job = BatchJob.objects.get(owner=adviser)
    samples = []
    while job.status in ("queued", "running"):
        time.sleep(0.1)
        job.refresh_from_db(fields=["status", "done", "total"])
        samples.append(f"{time.perf_counter() - start:.1f}s {job.done}/{job.total}")
    wall = time.perf_counter() - start
    cpu = cpu_seconds(pid) - cpu_before
    job.refresh_from_db()
    saved = Assessment.objects.filter(owner=adviser).count()
    assert job.status == "done" and saved == job.saved, (job.status, saved, job.saved)
    # the same file again: the same job, nothing saved twice
    again = client.post("/adviseur/batch/", {"file": SimpleUploadedFile("again.csv", data)})
    assert again["Location"] == response["Location"]
    assert Assessment.objects.filter(owner=adviser).count() == saved
    page = client.get(response["Location"])
    report = client.get(f"{response['Location']}rapport.csv")
    assert page.status_code == report.status_code == 200
    return {
        "megabytes": len(data) / 1024 / 1024,
        "upload": uploaded,
        "wall": wall,
        "cpu": cpu,
        "saved": job.saved,
        "problems": job.problems,
        "report": len(report.content),
        "samples": ", ".join(samples[:: max(1, len(samples) // 8)]),
    }


def firms_of(data: bytes) -> list[dict]:
    """The CSV's rows as the API's firms: each firm the CSV reads, as JSON; a row it refuses
    as the example firm with an FTE of 0 (refused by the API's validation in the same way)."""
    from hulplijn.imports import csv_batch

    bad = json.loads((ROOT / "src/hulplijn/examples/voorbeeldbedrijf.json").read_text())
    bad["years"][1]["fte"] = 0
    return [
        row.firm.model_dump(mode="json", exclude_none=True) if row.ok else bad
        for row in csv_batch.read_batch(data).rows
    ]


def run_api(pid: int, data: bytes, name: str) -> dict:
    """Send the CSV's firms as one API batch as a new adviser with a token, wait for the worker
    to finish the job, check it and that the same request again saves nothing."""
    from django.test import Client

    from hulplijn.web.accounts.models import User
    from hulplijn.web.api import tokens
    from hulplijn.web.assessments.models import Assessment

    adviser = User.objects.create_user(
        email=f"bench-{name}-{time.time_ns()}@example.nl", password=None, is_adviser=True
    )
    _, secret = tokens.issue(adviser, "bench")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    body = json.dumps({"firms": firms_of(data)})
    cpu_before = cpu_seconds(pid)
    start = time.perf_counter()
    response = client.post("/api/v1/batches", body, content_type="application/json")
    uploaded = time.perf_counter() - start
    assert response.status_code == 202, (response.status_code, response.content[:300])
    location = response["Location"]
    got = client.get(location).json()
    while got["status"] in ("queued", "running"):
        time.sleep(0.1)
        got = client.get(location).json()
    wall = time.perf_counter() - start
    cpu = cpu_seconds(pid) - cpu_before
    saved = Assessment.objects.filter(owner=adviser).count()
    assert got["status"] == "done" and saved == got["saved"], (got["status"], saved)
    again = client.post("/api/v1/batches", body, content_type="application/json")
    assert again["Location"] == location
    assert Assessment.objects.filter(owner=adviser).count() == saved
    return {
        "megabytes": len(body) / 1024 / 1024,
        "upload": uploaded,
        "wall": wall,
        "cpu": cpu,
        "saved": got["saved"],
        "problems": got["with_problems"],
    }


if __name__ == "__main__":
    main()
