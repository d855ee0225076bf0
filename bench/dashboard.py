"""Server time of the dashboard on the embedded default (SQLite, synthetic peer data).

Target: p95 <= 100 ms. A throwaway database with the report's example firm assessed through the
real views; the dashboard is requested repeatedly in-process (Django test client: the full
middleware stack and template rendering, no network).
"""

from __future__ import annotations

import statistics
import time

from example_site import example_assessment


def main(requests: int = 300) -> None:
    client, stored = example_assessment()
    url = f"/beoordeling/{stored.pk}/"
    for _ in range(20):
        client.get(url)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    times.sort()
    print(
        f"dashboard {url} over {requests} requests: median {statistics.median(times):.1f} ms, "
        f"p95 {times[int(0.95 * len(times)) - 1]:.1f} ms, max {times[-1]:.1f} ms "
        "(target p95 <= 100 ms)"
    )


if __name__ == "__main__":
    main()
