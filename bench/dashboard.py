"""Server time of the dashboard on the embedded default (SQLite, synthetic peer data).

Target: p95 <= 100 ms. A throwaway database with the report's example firm assessed through the
real views; the dashboard is requested repeatedly in-process (Django test client: the full
middleware stack and template rendering, no network).

``--parts`` splits a request's CPU time into its parts in milliseconds (each part timed around
its own function, so with little overhead), beside the privacy statement (a page with nothing
firm-specific: the floor of any page) and the dashboard with its cache cleared before each
request (its figures rendered anew). ``--profile`` adds cProfile's shares.
"""

from __future__ import annotations

import statistics
import sys
import time

from example_site import example_assessment


def main(requests: int = 300) -> None:
    client, stored = example_assessment()
    url = f"/beoordeling/{stored.pk}/"
    for _ in range(20):
        client.get(url)
    times, cpu = [], []
    for _ in range(requests):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200
    times.sort()
    print(
        f"dashboard {url} over {requests} requests: median {statistics.median(times):.1f} ms, "
        f"p95 {times[int(0.95 * len(times)) - 1]:.1f} ms, max {times[-1]:.1f} ms "
        f"(target p95 <= 100 ms); CPU median {statistics.median(cpu):.1f} ms"
    )
    if "--parts" in sys.argv:
        parts(client, url)
    if "--profile" in sys.argv:
        profile(client, url)


def _cpu_median(client, url: str, requests: int, before=None) -> float:
    cpu = []
    for _ in range(requests):
        if before:
            before()
        start = time.process_time()
        assert client.get(url).status_code == 200
        cpu.append((time.process_time() - start) * 1000)
    return statistics.median(cpu)


def parts(client, url: str, requests: int = 300) -> None:
    """Where a dashboard request's CPU goes, in ms (means over ``requests``), against the
    floor of any page and against the dashboard without its cached figures."""
    from django.core.cache import cache
    from django.template.backends.django import Template

    from hulplijn.web.assessments import services
    from hulplijn.web.dashboard import views

    spent: dict[str, float] = {}

    def timed(owner, name: str, label: str) -> None:
        original = getattr(owner, name)

        def wrapper(*args, **kwargs):
            start = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.process_time() - start

        setattr(owner, name, wrapper)

    timed(services, "visible", "the assessment read and the reader's right checked")
    timed(services, "result_of", "the stored result as the engine's model")
    timed(views, "_context", "the view's context (guidance, surveys, practices, summary)")
    timed(Template, "render", "templates (figures from the cache)")
    total = 0.0
    for _ in range(requests):
        start = time.process_time()
        client.get(url)
        total += time.process_time() - start
    print(f"  dashboard, CPU mean {total / requests * 1000:.1f} ms a request:")
    for label, seconds in spent.items():
        print(f"    {label}: {seconds / requests * 1000:.1f} ms")
    rest = total - sum(spent.values())
    print(f"    the rest (middleware, session, user, response): {rest / requests * 1000:.1f} ms")
    floor = _cpu_median(client, "/privacy/", requests)
    fresh = _cpu_median(client, url, requests // 3, before=cache.clear)
    print(
        f"  the privacy statement (no firm data; the same middleware and base template): CPU "
        f"median {floor:.1f} ms; the dashboard with its figures rendered anew: {fresh:.1f} ms"
    )


def profile(client, url: str, requests: int = 100) -> None:
    """Where a dashboard request's time goes: the template rendering against the rest."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(url)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    parts = {
        "templates": "django/template/base.py:166(render)",
        "view context (_context)": "dashboard/views.py:66(_context)",
        "database queries": "django/db/models/sql/compiler.py:1593(execute_sql)",
        "JSON decoding": "json/decoder.py:332(decode)",
    }
    for name, where in parts.items():
        cumulative = sum(
            row[3] for key, row in stats.stats.items()  # type: ignore[attr-defined]
            if where.endswith(f"{key[1]}({key[2]})") and key[0].endswith(where.split(":")[0])
        )
        print(f"  {name}: {cumulative / total:.0%} of the profiled time")
    stats.sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
