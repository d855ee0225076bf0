"""API create against the engine in the same run: ``POST /api/v1/assessments`` with the report's
example firm (in-process, Django test client, throwaway SQLite database, the full middleware, token
check, serialisation and write) beside ``assess()`` of the same firm, median of 300 each, and the
ratio (issue #18's target: <= 4x), and the SQL statements of one create. With ``--profile`` also
the create's top functions (cProfile).
Prints figures; asserts nothing on time.
"""

from __future__ import annotations

import cProfile
import json
import os
import pstats
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EXAMPLE = ROOT / "src/hulplijn/examples/voorbeeldbedrijf.json"


def main(runs: int = 300) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hulplijn.web.conf.dev")
    os.environ["HULPLIJN_DEBUG"] = "0"
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench-api.sqlite3"
    os.environ.setdefault("HULPLIJN_REFERENCE_DIR", str(ROOT / "var/reference"))
    # the bench makes hundreds of creates a second from one address: no rate limit
    os.environ.setdefault("HULPLIJN_API_RATE", "1000000/min")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from hulplijn.core import assess
    from hulplijn.web.accounts.models import User
    from hulplijn.web.api import tokens
    from hulplijn.web.reference_store import reference_of

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("reference_rounds", verbosity=0)
    user = User.objects.create_user(email="bench-api@example.nl", is_adviser=True)
    _, secret = tokens.issue(user, "bench")
    body = EXAMPLE.read_text()
    firm = json.loads(body)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    def create() -> None:
        response = client.post("/api/v1/assessments", body, content_type="application/json")
        assert response.status_code == 201, (response.status_code, response.content[:300])

    from hulplijn.core import parse_firm

    parsed = parse_firm(firm)
    reference = reference_of(parsed)
    for _ in range(20):
        create()
        assess(firm, reference)
    api, engine = [], []
    for _ in range(runs):  # interleaved, so both see the same machine load
        start = time.perf_counter()
        create()
        api.append(time.perf_counter() - start)
        start = time.perf_counter()
        assess(firm, reference)
        engine.append(time.perf_counter() - start)
    a, e = statistics.median(api) * 1000, statistics.median(engine) * 1000
    print(
        f"API create (in-process, SQLite): median {a:.2f} ms over {runs}; engine assess() of the "
        f"same firm: median {e:.2f} ms; ratio {a / e:.1f}x (target <= 4x)"
    )
    with CaptureQueriesContext(connection) as statements:
        create()
    named = []
    for query in statements.captured_queries:  # "SELECT api_apitoken", "BEGIN IMMEDIATE"...
        table = re.search(r'(?:FROM|INTO|UPDATE) "?(\w+)', query["sql"])
        named.append(f"{query['sql'].split()[0]} {table[1] if table else ''}".strip())
    print(f"SQL statements in one create: {len(named)} ({', '.join(named)})")
    if "--profile" in sys.argv:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(100):
            create()
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
