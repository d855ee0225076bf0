"""Shared by the web benchmarks: a throwaway SQLite site with the example firm assessed."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def example_assessment(changes: dict | None = None):
    """Set up Django on a temporary database, complete the wizard with the report's example firm
    (with the wizard steps in ``changes`` answered differently) through the real views; returns
    (test client, stored assessment), the client's requests then handled as a server handles
    them (no test instrumentation)."""
    sys.path.insert(0, str(ROOT))
    tmp = tempfile.mkdtemp()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hulplijn.web.conf.dev")
    os.environ["HULPLIJN_DEBUG"] = "0"
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("HULPLIJN_REFERENCE_DIR", str(ROOT / "var/reference"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment, teardown_test_environment
    from tests.web.conftest import EXAMPLE_STEPS, complete_wizard

    from hulplijn.web.assessments.models import Assessment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    client = Client()
    complete_wizard(client, {**EXAMPLE_STEPS, **(changes or {})})
    # the test environment makes every template render send a copy of its context to the test
    # client (about a fifth of the dashboard's time); a server does not, so neither do the
    # measured requests. Without it the host must be one the settings allow.
    teardown_test_environment()
    client.defaults["HTTP_HOST"] = "localhost"
    return client, Assessment.objects.get()
