"""The cockpit's monitoring tables over 1,000,000 stored statistical records.

A throw-away SQLite database under /tmp (or the database DATABASE_URL names, e.g. a scratch
PostgreSQL: its statistical records are replaced) gets 1,000,000 anonymised records (24 months,
3 assessment rounds, every size class and SBI section, random segments, percentiles, eligible
measures and register flags; seeded), inserted in bulk, and their monitoring atoms computed
(GROUP BY). Then every monitoring table (hulplijn.web.cockpit.monitoring.build: the atoms read,
every family published with the cell-key method and audited, labels) is built for each period
kind and breakdown, and the monitoring page is requested once through the full middleware.
Measurements, not a test.

    .venv/bin/python bench/aggregates.py [--records 1000000]

National scale (issue #18): ``--records 10000000 --repeat 1`` on PostgreSQL
(``DATABASE_URL=postgres://...``); the last line gives this process's peak resident memory and,
on PostgreSQL, the records' table on disk.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import time
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SQLITE = Path("/tmp/hulplijn-bench-aggregates.sqlite3")


def setup() -> None:
    if "DATABASE_URL" not in os.environ:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hulplijn.web.conf.ci")
    os.environ.setdefault("HULPLIJN_REFERENCE_DIR", str(ROOT / "var/reference"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host is allowed
    call_command("migrate", interactive=False, verbosity=0)


def insert(count: int, seed: int = 1) -> float:
    """``count`` records in bulk (raw executemany, 20,000 a batch; on PostgreSQL one COPY);
    returns seconds."""
    from django.db import connection, transaction

    from hulplijn.core.eligibility import IMPACT_ORDER
    from hulplijn.plan.monitoring import SEGMENT_CODES
    from hulplijn.plan.records import band
    from hulplijn.reference import params
    from hulplijn.web.assessments.models import AssessmentRound
    from hulplijn.web.cockpit.models import StatisticalRecord
    from hulplijn.web.cockpit.services import monitoring_release

    StatisticalRecord.objects.all().delete()
    rounds = [
        AssessmentRound.objects.create(
            name=f"Bench {i}",
            year_1=2016 + i,
            year_2=2018 + i,
            moment_1="2020-02",
            moment_2="2020-07",
        ).pk
        for i in range(3)
    ]
    rng = random.Random(seed)
    months = [date(2024 + m // 12, m % 12 + 1, 1) for m in range(24)]
    sizes = [c.code for c in params.size_classes().classes]
    sections = list(params.catalogue().sections)
    segments = [*SEGMENT_CODES, ""]
    measures = [m["id"] for m in params.measures()["measures"]]
    schemes = [s.measure_id for s in params.scheme_rules()]
    fields = ["differs:gross_margin", "differs:fte", "differs:wage_costs"]
    table = StatisticalRecord._meta.db_table
    # the record's columns in the order the monitoring pass reads them
    columns = (
        "id",
        "record_key",
        "round_id",
        "month",
        "size_class",
        "section",
        *monitoring_release.RECORD_FIELDS,
    )
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"

    def pct():
        return band(None if rng.random() < 0.1 else rng.randint(0, 100))

    def uid():
        found = uuid.UUID(int=rng.getrandbits(128), version=4)
        return found.hex if connection.vendor == "sqlite" else found

    def row(i: int):
        m = i * len(months) // count
        flags = []
        if rng.random() < 0.3:
            flags = ["checked"]
            if rng.random() < 0.2:
                flags += ["differs", rng.choice(fields)]
            elif rng.random() < 0.1:
                flags.append("no_register")
        return (
            uid(),
            rng.getrandbits(32),
            rounds[m * len(rounds) // len(months)],
            months[m],
            rng.choice(sizes),
            rng.choice(sections),
            rng.choice(segments),
            int(round(rng.gauss(20_000, 150_000), -3)),
            pct(),
            pct(),
            pct(),
            pct(),
            rng.choice(IMPACT_ORDER),
            json.dumps(sorted(rng.sample(measures, rng.randint(0, 5)))),
            json.dumps(sorted(rng.sample(schemes, rng.randint(0, 2)))),
            json.dumps(flags),
            rng.random() < 0.1,
        )

    start = time.perf_counter()
    batch = 20_000
    if connection.vendor == "postgresql":  # COPY: national scale (10,000,000 records)
        with transaction.atomic(), connection.cursor() as cursor:
            copy_sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for i in range(count):
                    copy.write_row(row(i))
        return time.perf_counter() - start
    with connection.cursor() as cursor:
        for first in range(0, count, batch):
            with transaction.atomic():
                cursor.executemany(sql, [row(i) for i in range(first, min(first + batch, count))])
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the records and atoms already stored (no insert, no rebuild of the atoms)",
    )
    args = parser.parse_args()
    setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.utils import translation
    from tests.web.factories import PolicyUserFactory

    from hulplijn.web.cockpit.models import StatisticalRecord
    from hulplijn.web.cockpit.services import monitoring, monitoring_release

    engine = connection.vendor
    print(f"database: {engine} ({settings.DATABASES['default']['NAME']})")
    if args.reuse:
        print(f"{StatisticalRecord.objects.count():,} records already stored")
    else:
        seconds = insert(args.records)
        stored = StatisticalRecord.objects.count()
        print(f"inserted {stored:,} records in {seconds:.1f} s")
    translation.activate("nl")
    from django.core.cache import cache

    from hulplijn.web.cockpit import aggregates

    if not args.reuse:
        start = time.perf_counter()
        atoms = aggregates.rebuild()
        print(
            f"atoms from every record (GROUP BY, as manage.py rebuild_monitoring; batches add "
            f"theirs as they are written): {time.perf_counter() - start:.1f} s, {atoms:,} atoms"
        )
    measures = monitoring_release.measure_ids()
    read, audit = [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        found = aggregates.record_atoms(measures)
        read.append(time.perf_counter() - start)
        start = time.perf_counter()
        releases = monitoring_release.pure.release(found, monitoring_release.rules())
        audit.append(time.perf_counter() - start)
    print(
        f"read the atoms: median {statistics.median(read):.2f} s; disclosure control and audit "
        f"of every family: median {statistics.median(audit):.2f} s; "
        f"{len(releases.ranges):,} units audited, "
        f"{sum(r.secondary for r in releases.items.values())} cells hidden by the audit"
    )
    for period in monitoring.PERIODS:
        for by in monitoring.BREAKDOWNS:
            cold, warm = [], []
            for _ in range(args.repeat):
                cache.clear()  # a cold build: atoms read, every family published and audited
                start = time.perf_counter()
                result = monitoring.build(period, by)
                cold.append(time.perf_counter() - start)
                start = time.perf_counter()
                monitoring.build(period, by)  # the release from the cache
                warm.append(time.perf_counter() - start)
            rows = sum(len(t.rows) for t in result.tables)
            print(
                f"build all 9 tables, period={period:5} by={by:10}: cold median "
                f"{statistics.median(cold):.2f} s (min {min(cold):.2f}, max {max(cold):.2f}); "
                f"cached median {statistics.median(warm) * 1000:.0f} ms; {rows} rows"
            )
    from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY

    client = Client()
    policy = PolicyUserFactory(email=f"bench-{time.time_ns()}@example.nl")
    client.force_login(policy)  # the factory gave it a second factor; the login passed it
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "mfa", "type": "totp"}]
    session.save()
    cache.clear()
    start = time.perf_counter()
    response = client.get("/beleid/monitor/")
    page = time.perf_counter() - start
    assert response.status_code == 200, response.status_code
    start = time.perf_counter()
    export = client.get("/beleid/monitor/?export=segmenten&format=xlsx")
    assert export.status_code == 200
    print(
        f"monitoring page (month, size class) {page:.2f} s, {len(response.content) / 1024:.0f} "
        f"KiB; XLSX export of the segments {time.perf_counter() - start:.2f} s"
    )
    on_disk = ""
    if engine == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size(%s)", [StatisticalRecord._meta.db_table])
            on_disk = f"; the records' table with its indexes {cursor.fetchone()[0] / 1e9:.2f} GB"
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of this process {peak:.0f} MB{on_disk}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
