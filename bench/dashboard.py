"""Server time of the dashboard on the embedded default (SQLite, synthetic peer data).

Target: p95 <= 100 ms. Creates a throwaway database in a temp folder, completes the wizard once
with the report's example firm through the real views, then requests the dashboard repeatedly
in-process (Django test client: the full middleware stack and template rendering, no network).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(requests: int = 300) -> None:
    tmp = tempfile.mkdtemp()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hulplijn.web.conf.dev")
    os.environ["HULPLIJN_DEBUG"] = "0"
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("HULPLIJN_REFERENCE_DIR", str(ROOT / "var/reference"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from tests.web.conftest import complete_wizard

    setup_test_environment()
    call_command("migrate", verbosity=0)
    client = Client()
    complete_wizard(client)
    from hulplijn.web.assessments.models import Assessment

    url = f"/beoordeling/{Assessment.objects.get().pk}/"
    for _ in range(20):
        client.get(url)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    times.sort()
    print(f"dashboard {url} over {requests} requests: median {statistics.median(times):.1f} ms, "
          f"p95 {times[int(0.95 * len(times)) - 1]:.1f} ms, max {times[-1]:.1f} ms "
          "(target p95 <= 100 ms)")


if __name__ == "__main__":
    main()
