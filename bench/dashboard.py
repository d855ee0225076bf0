"""Server time of the dashboard on the embedded default (SQLite, synthetic peer data).

Target: p95 <= 100 ms. A throwaway database with the report's example firm assessed through the
real views; the dashboard is requested repeatedly in-process (Django test client: the full
middleware stack and template rendering, no network).
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
    if "--profile" in sys.argv:
        profile(client, url)


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
