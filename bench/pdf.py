"""Render time of one PDF report (WeasyPrint + vl-convert), median over repeated renders: the
report's example firm with one mini-survey answered, in Dutch."""

from __future__ import annotations

import statistics
import time

from example_site import example_assessment


def main(renders: int = 15) -> None:
    _client, stored = example_assessment()
    from hulplijn.reference import params
    from hulplijn.web.dashboard.views import _context
    from hulplijn.web.guidance import report
    from hulplijn.web.guidance.models import SurveyResponse

    survey = params.surveys()[0]
    SurveyResponse.objects.create(
        assessment=stored, survey=survey.code, answers={q.code: 2 for q in survey.questions}
    )
    report.render(stored, "nl", _context)  # warm-up: fonts, templates
    times, size = [], 0
    for _ in range(renders):
        start = time.perf_counter()
        size = len(report.render(stored, "nl", _context))
        times.append(time.perf_counter() - start)
    print(
        f"PDF report over {renders} renders: median {statistics.median(times) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms, {size / 1024:.0f} KiB"
    )


if __name__ == "__main__":
    main()
