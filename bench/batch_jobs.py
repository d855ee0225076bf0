"""An adviser's CSV batch end to end: upload through the real view, the background job run by the
task library's worker in its own process (``manage.py db_worker``), 8,000 and 10,000 firms.

On a throwaway SQLite database by default; on PostgreSQL when BENCH_DATABASE_URL names one
(``postgres://user:password@host:port/name``; the bench adds its own rows to it). The file is
bench/csv_batch.py's (every column filled, half Dutch numbers, 1% of the rows with a problem).
Prints the upload's time, the job's time (queued to done, the worker's start included), the
worker's CPU time (user + system: steadier than wall time on a shared machine), rows a second
and that the same file uploaded again saves nothing; asserts nothing on time.

``--rows 10000`` runs one size (default: 8,000 and then 10,000). To compare two checkouts in one
session, run this script from each (``PYTHONPATH=<checkout>/src``), alternating.
"""

from __future__ import annotations

import argparse
import os
import resource
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, action="append", help="rows of a file (repeatable)")
    sizes = parser.parse_args().rows or SIZES
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
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from hulplijn.web.accounts.models import User
    from hulplijn.web.assessments.models import Assessment
    from hulplijn.web.intake.models import BatchJob

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("reference_rounds", verbosity=0)
    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    for rows in sizes:
        data = generate(rows)
        adviser = User.objects.create_user(
            email=f"bench-{rows}-{time.time_ns()}@example.nl", password=None, is_adviser=True
        )
        client = Client()
        client.force_login(adviser)
        cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        response = client.post("/adviseur/batch/", {"file": SimpleUploadedFile("firms.csv", data)})
        uploaded = time.perf_counter() - start
        assert response.status_code == 302, response.status_code
        job = BatchJob.objects.get(owner=adviser)
        worker = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--batch",
                "--no-startup-delay",
                "--no-reload",
                "--verbosity",
                "0",
            ],
            cwd=ROOT,
            env=os.environ.copy(),
        )
        samples = []
        while worker.poll() is None:
            time.sleep(0.5)
            job.refresh_from_db(fields=["status", "done", "total"])
            samples.append(f"{time.perf_counter() - start:.1f}s {job.done}/{job.total}")
        ran = time.perf_counter() - start
        cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
        assert worker.returncode == 0, worker.returncode
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
        print(
            f"csv batch job on {database}: {rows:,} rows ({len(data) / 1024 / 1024:.1f} MB): "
            f"upload {uploaded * 1000:.0f} ms, queued to done {ran:.1f} s incl. the worker's "
            f"start ({rows / ran:.0f} rows/s), worker CPU {cpu:.1f} s; {job.saved:,} saved, {job.problems:,} with "
            f"problems; the same file again: the same job, 0 saved; report "
            f"{len(report.content) / 1024:.0f} KB; progress seen: {', '.join(samples[::8])}"
        )


if __name__ == "__main__":
    main()
