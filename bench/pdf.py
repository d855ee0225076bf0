"""Render time of one PDF report (WeasyPrint + vl-convert), median over repeated renders.

Uses a throwaway SQLite database, completes the wizard once with the report's example firm and
one mini-survey, then renders the Dutch report N times in-process.
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


def main(renders: int = 15) -> None:
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

    from hulplijn.reference import params
    from hulplijn.web.assessments.models import Assessment
    from hulplijn.web.assessments.views import _context
    from hulplijn.web.guidance import report
    from hulplijn.web.guidance.models import SurveyResponse

    setup_test_environment()
    call_command("migrate", verbosity=0)
    complete_wizard(Client())
    stored = Assessment.objects.get()
    survey = params.surveys()[0]
    SurveyResponse.objects.create(assessment=stored, survey=survey.code,
                                  answers={q.code: 2 for q in survey.questions})
    report.render(stored, "nl", _context)  # warm-up: fonts, templates
    times, size = [], 0
    for _ in range(renders):
        start = time.perf_counter()
        size = len(report.render(stored, "nl", _context))
        times.append(time.perf_counter() - start)
    print(f"PDF report over {renders} renders: median {statistics.median(times) * 1000:.0f} ms, "
          f"max {max(times) * 1000:.0f} ms, {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
