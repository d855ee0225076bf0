"""Shared fixtures: a hand-made Reference with known distributions, and synthetic ones built
once and kept in var/test-cache; the test tiers (docs/decisions/0016-test-tiers.md)."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest

from hulplijn.core.benchmark import PeerTable
from hulplijn.core.reference import Reference
from hulplijn.reference import artifact, build, params, synth

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "src/hulplijn/examples/voorbeeldbedrijf.json"

# --- the tiers ----------------------------------------------------------------------------------
# `make check` runs the tests that carry none of these markers (the fast tier, under a minute with
# `make lint` on a 2-core machine); `make test` and CI run everything. The markers are registered
# in pyproject.toml and given here, by place, so that no test file has to carry them. A test that
# starts a server, or takes more than 2 s (a web test: about 1 s) on a quiet machine, belongs in
# this table; the fast tier's summary names those over 2 s.
TIERS = {
    "browser": ("tests/e2e",),  # Playwright and Debian's Chromium against the live server
    "load": ("tests/durability",),  # gunicorn under locust load, a worker killed
    "fuzz": (
        "tests/web/api/test_fuzz.py",  # schemathesis against the live API
        # hypothesis properties with hundreds of examples (about 5 s each)
        "tests/test_properties.py::test_percentile_never_decreases_as_the_value_rises",
        "tests/test_properties.py::"
        "test_a_higher_later_gross_margin_never_lowers_the_productivity_percentile",
    ),
    "slow": (
        # gunicorn in subprocesses
        "tests/web/ops/test_gunicorn.py",
        "tests/web/api/test_limits_workers.py",
        # the 250,000-firm population's calibration (6 s)
        "tests/test_synth_calibration.py::test_full_population_hits_every_target",
        # the PDF report (WeasyPrint and the charts: the first takes 2 s, each next one 0.5 s)
        "tests/web/ops/test_request_log.py::test_assessment_ids_stay_out",
        "tests/web/test_audit.py::test_adviser_opening_a_shared_assessment_is_logged",
        "tests/web/test_authorisation.py::test_firm_data_only_for_its_owner[assessments:report_pdf]",
        "tests/web/test_cache_control.py::test_dashboard_pdf_and_share_page_are_not_stored",
        "tests/web/test_guidance.py::test_pdf_report_of_the_example_firm",
        "tests/web/test_guidance.py::test_the_pdf_marks_a_low_confidence_reading",
        "tests/web/test_help_first.py::test_help_first_in_the_pdf",
        "tests/web/test_prize.py::test_the_pdf_has_the_guess_koplopers_and_interpretation",
        "tests/web/test_prize.py::test_the_restaurants_pdf_puts_help_first_and_says_it_is_a_koploper",
        "tests/web/test_prize.py::test_no_word_of_the_pdf_leaves_the_page_content",
        "tests/web/cockpit/test_headlines.py::test_a_scenario_has_a_one_page_dutch_brief",
        "tests/web/test_intake.py::test_register_verification_flags_differences_on_the_dashboard",
        "tests/web/test_register_pages.py::"
        "test_the_owners_pdf_has_the_score_and_a_share_links_pdf_has_not",
        # web tests over 1 s: reference builds, Django in a subprocess, writers in threads while
        # a backup runs, a retry's back-off
        "tests/web/test_include_respondents.py::test_attack_2_before_and_after_a_rebuild_gives_nothing_back",
        "tests/web/test_include_respondents.py::test_build_folds_in_consenting_respondents_in_batches",
        "tests/web/ops/test_production_settings.py::test_check_deploy_has_no_warnings",
        "tests/web/ops/test_backup.py::test_sqlite_copy_is_consistent_while_the_site_writes",
        "tests/web/test_intake.py::test_unreachable_kvk_api_is_said_and_never_blocks",
        # an adviser's batch of 300 firms end to end, and one run by the database queue's worker
        "tests/web/test_batch_jobs.py::test_a_300_row_file_end_to_end",
        "tests/web/test_batch_jobs.py::test_a_queued_job_shows_progress_and_the_worker_runs_it",
        "tests/web/test_batch_jobs.py::test_a_2000_row_file_through_the_worker_saves_every_firm_once",
    ),
}
# so are tests that use these fixtures: the live server (a server thread and a database that
# is flushed after the test), which the OpenID Connect tests add node to (tests/support/oidc.py)
SLOW_FIXTURES = ("live_server",)
# the markers the browser, fuzz and load tests already carried
ALIASES = {"e2e": "browser", "api_fuzz": "fuzz", "durability": "load"}
SLOW_SECONDS = 2.0


def _tier_of(nodeid: str) -> str | None:
    for tier, places in TIERS.items():
        for place in places:
            if nodeid == place or nodeid.startswith((place + "/", place + "::", place + "[")):
                return tier
    return None


def _check_tiers(rootpath: Path) -> None:
    """Every place in TIERS exists (a renamed test would otherwise drop into the fast tier)."""
    for places in TIERS.values():
        for place in places:
            path, _, name = place.partition("::")
            test = name.partition("[")[0]
            if not (rootpath / path).exists() or (
                test and f"def {test}(" not in (rootpath / path).read_text(encoding="utf-8")
            ):
                raise pytest.UsageError(f"tests/conftest.py TIERS: no test {place}")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test with its tier (none: the fast tier)."""
    _check_tiers(config.rootpath)
    for item in items:
        tiers = {_tier_of(item.nodeid)}
        tiers |= {ALIASES[m.name] for m in item.iter_markers() if m.name in ALIASES}
        if any(f in SLOW_FIXTURES for f in getattr(item, "fixturenames", ())):
            tiers.add("slow")
        for tier in sorted(tiers - {None}):
            item.add_marker(tier)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Do not even import a folder or module whose whole tier ``-m`` leaves out (the fast tier
    need not import Playwright, schemathesis or locust)."""
    expression = config.getoption("markexpr", "")
    if not expression:
        return None
    try:
        place = collection_path.relative_to(config.rootpath).as_posix()
    except ValueError:
        return None
    tier = _tier_of(place)
    if tier is None or _may_select(expression, tier):
        return None
    return True


GC_OLDEST_THRESHOLD = 1000  # middle-generation passes per full collection (Python: 10)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Keep Python's cycle collector off what was loaded before the first test. After collection
    a process holds some 300,000 objects (Django, the test modules, NumPy, DuckDB...)
    that live until it ends; every full collection walked them all again, about 0.2 s a time,
    some 20 times a run: 6-7 s of CPU of a worker's 55 in the fast tier. ``gc.freeze`` moves
    them out of the collector's reach, and a full collection waits for a hundred times as many
    middle-generation passes; the young generations are collected as before, so what a test
    leaves in cycles is mostly freed as before (docs/decisions/0016-test-tiers.md)."""
    import gc

    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, GC_OLDEST_THRESHOLD)


_over: list[tuple[float, str]] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    untiered = not set(TIERS) & set(report.keywords)
    if report.when == "call" and report.duration > SLOW_SECONDS and untiered:
        _over.append((report.duration, report.nodeid))


def pytest_terminal_summary(terminalreporter) -> None:
    """Name the tests of the fast tier that took more than 2 s (they may belong in TIERS)."""
    if _over:
        terminalreporter.section(f"fast tier: tests over {SLOW_SECONDS:.0f} s")
        for seconds, nodeid in sorted(_over, reverse=True):
            terminalreporter.write_line(f"{seconds:5.1f} s  {nodeid}")


def _may_select(expression: str, tier: str) -> bool:
    """Whether ``-m expression`` can select a test marked ``tier``, whatever else it carries."""
    from _pytest.mark.expression import Expression

    compiled = Expression.compile(expression)
    others = sorted(set(re.findall(r"[A-Za-z_][\w.-]*", expression)) - {"and", "or", "not", tier})
    for values in itertools.product((False, True), repeat=len(others)):
        marked = {tier} | {name for name, on in zip(others, values, strict=True) if on}
        if compiled.evaluate(lambda name, marked=marked, **_: name in marked):
            return True
    return False


# --- the test database ---------------------------------------------------------------------------
@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings):
    """pytest-django's (a test database per pytest-xdist worker), and an in-memory SQLite test
    database filled from a copy of the migrated one instead of running the migrations again.

    Migrating took 2-2.5 s of CPU in every process (each pytest-xdist worker has its own
    database). The first process to migrate keeps a copy in var/test-cache, named by a hash of
    all that decides what the migrations write (``_migrated_digest``); later processes copy it
    into their database with SQLite's backup instead, and Django does the rest of the set-up
    (serializing, cache tables) as always. Only for SQLite in memory: PostgreSQL (CI, with
    DATABASE_URL) and a file named in TEST NAME are migrated as before."""
    from django.db import connections

    for connection in connections.all():
        creation = connection.creation
        if connection.vendor == "sqlite" and creation.is_in_memory_db(creation._get_test_db_name()):
            creation.create_test_db = _migrated_copy(connection, creation.create_test_db)


def _migrated_copy(connection, create_test_db):
    """``create_test_db`` of ``connection`` with its ``migrate`` taken from the cached copy (or
    the copy made after migrating)."""
    import sqlite3

    from django.core import management

    def create(*args, **kwargs):
        copy = CACHE / f"migrated-{_migrated_digest(connection)}.sqlite3"
        if not copy.exists():
            name = create_test_db(*args, **kwargs)
            CACHE.mkdir(parents=True, exist_ok=True)
            work = copy.with_name(f".building-{os.getpid()}-{copy.name}")
            with sqlite3.connect(work) as target:
                connection.connection.backup(target)
            target.close()
            work.replace(copy)  # whole or not at all; another process may have done the same
            _prune()
            return name
        os.utime(copy)
        call_command = management.call_command

        def migrate_from_copy(command, *args, **options):
            if command != "migrate" or options.get("database") != connection.alias:
                return call_command(command, *args, **options)
            connection.ensure_connection()
            with sqlite3.connect(f"file:{copy}?mode=ro", uri=True) as source:
                source.backup(connection.connection)
            source.close()
            return None

        management.call_command = migrate_from_copy  # create_test_db imports it when called
        try:
            return create_test_db(*args, **kwargs)
        finally:
            management.call_command = call_command

    return create


def _migrated_digest(connection) -> str:
    """A hash of what the migrated database depends on: every installed app's migrations, the
    code of hulplijn.web (models, settings, the apps' signals) and hulplijn.reference (a data
    migration reads its best practices), the pinned dependencies (pyproject.toml), Python,
    SQLite and the database's settings. Templates, static files and catalogues are left out."""
    import sqlite3
    from importlib import import_module, util

    from django.apps import apps
    from django.conf import settings

    import hulplijn.reference
    import hulplijn.web

    folders = set()
    for app in apps.get_app_configs():
        if util.find_spec(f"{app.name}.migrations") is not None:
            folders.add(Path(import_module(f"{app.name}.migrations").__path__[0]))
    for package in (hulplijn.web, hulplijn.reference):
        folders.add(Path(package.__file__).parent)
    left_out = {"__pycache__", "templates", "static", "locale", "locale_allauth"}
    digest = hashlib.sha256()
    for folder in sorted(folders):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not left_out & set(path.relative_to(folder).parts):
                digest.update(path.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update((ROOT / "pyproject.toml").read_bytes())
    setup = (sys.version, sqlite3.sqlite_version, settings.INSTALLED_APPS)
    setup += (sorted((k, repr(v)) for k, v in connection.settings_dict.items() if k != "NAME"),)
    digest.update(repr(setup).encode())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test databases, and what the migrations wrote in them written back after every flush.

    A transactional test (``transaction=True``, the live server) ends with Django's flush, which
    empties every table, the rows of the data migrations too: the report's round, the policy
    group and its permission, the best practices, the sites. pytest-django runs those tests after
    the others in one process, which hid it; in another order (pytest-xdist hands a worker whole
    files) every later test found no open round, no group (docs/decisions/0016-test-tiers.md).
    Django's ``serialized_rollback`` writes the rows back when the next test that asks for it
    starts, not when the flushing test ends, so it leaves the same gap. Here the migrated
    contents are kept once and every flush (without post_migrate, which would make content types
    and permissions again under other keys) is followed by writing them back: each test starts
    from the migrated database whatever ran before it in its process."""
    from django.core.management import call_command
    from django.db import connections
    from django.test import TransactionTestCase

    with django_db_blocker.unblock():
        # by alias, not on the connection object: Django's connections are per thread and
        # context, and a test may end with another object than the one made here
        migrated = {c.alias: c.creation.serialize_db_to_string() for c in connections.all()}
    flush = TransactionTestCase._fixture_teardown

    def flush_and_restore(self):
        """Django's flush after a transactional test, then the migrated contents again."""
        for alias in self._databases_names(include_mirrors=False):
            call_command(
                "flush",
                verbosity=0,
                interactive=False,
                database=alias,
                reset_sequences=False,
                allow_cascade=self.available_apps is not None,
                inhibit_post_migrate=True,  # the contents below hold what post_migrate makes
            )
            connections[alias].creation.deserialize_db_from_string(migrated[alias])

    TransactionTestCase._fixture_teardown = flush_and_restore
    yield
    TransactionTestCase._fixture_teardown = flush


def linear(lo: float, hi: float) -> np.ndarray:
    """101 percentiles evenly from lo (p0) to hi (p100), so percentile p holds lo + p x step."""
    return np.linspace(lo, hi, 101)


def hand_reference(
    rows: list[tuple], moments=("2020-02", "2020-07"), years=(2016, 2018)
) -> Reference:
    """A Reference whose peer table holds exactly ``rows``: (metric, level, key, n, quantiles,
    mean, top20_mean). Parameters (catalogue, sizes, impact, norms) are the real ones."""
    catalogue = params.catalogue()
    divisions = catalogue.divisions
    peers = PeerTable(
        keys=tuple((r[0], r[1], r[2]) for r in rows),
        quantiles=np.array([r[4] for r in rows], dtype=float).reshape(-1, 101),
        n=np.array([r[3] for r in rows], dtype=np.int64),
        mean=np.array([r[5] for r in rows], dtype=float),
        top20_mean=np.array([r[6] for r in rows], dtype=float),
        divisions=divisions,
        division_sections=tuple(catalogue.sbi2008[d].section for d in divisions),
        sections=catalogue.sections,
        size_classes=tuple(c.code for c in params.size_classes().classes),
        min_n=int(params.disclosure()["min_cell_firms"]),
    )
    return Reference(
        catalogue=catalogue,
        size_classes=params.size_classes(),
        sector_impact=params.sector_impact(),
        norms=params.norms(),
        peers=peers,
        vintage="hand-made",
        synthetic=False,
        years=years,
        moments=moments,
        measures=params.measure_rules(),
        schemes=params.scheme_rules(),
        help_routes=params.help_routes(),
    )


# --- synthetic populations and their references, cached ---------------------------------------
# Built once per version of the code that makes them and kept in var/test-cache (`make clean`
# removes it): the key is a hash of hulplijn.reference (code and data) and hulplijn.core, the
# versions of hulplijn, Python and the numerical libraries, and the size and seed, so a change to
# any of them builds again. Tests read the cached files and never change them.
CACHE = ROOT / "var/test-cache"
KEEP = 6  # cached builds kept (those used in the last hour are never removed)


def _digest() -> str:
    import duckdb
    import pyarrow

    import hulplijn
    import hulplijn.core
    import hulplijn.reference

    digest = hashlib.sha256()
    for package in (hulplijn.reference, hulplijn.core):
        folder = Path(package.__file__).parent
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(folder.parent).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    versions = (hulplijn.__version__, sys.version, np.__version__, pyarrow.__version__)
    versions += (duckdb.__version__,)
    digest.update(repr(versions).encode())
    return digest.hexdigest()[:16]


def _files(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "seal.json"
    }


def _intact(folder: Path) -> bool:
    """The build is complete and no test changed it (every file as it was written)."""
    seal = folder / "seal.json"
    return seal.exists() and json.loads(seal.read_text()) == _files(folder)


def synthetic_build(
    firms: int, seed: int, years: tuple[int, int] | None = None, moments: tuple[str, ...] = ()
) -> Path:
    """A folder with ``synthetic.parquet`` (``firms`` synthetic firms for ``seed``) and
    ``reference/``, the artifact built from it: from the cache, else built and cached. By
    default the report's round; ``years`` (with ``moments``) for another."""
    label = "" if years is None else "-" + "-".join(map(str, [*years, *moments]))
    folder = CACHE / f"synthetic-{firms}-{seed}{label}-{_digest()}"
    if _intact(folder):
        os.utime(folder)
        return folder
    CACHE.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".building-", dir=CACHE))
    table = (
        synth.generate(firms, seed)
        if years is None
        else synth.generate(firms, seed, years=years, moments=moments)
    )
    synth.write(table, work / "synthetic.parquet")
    build.build(work / "synthetic.parquet", work / "reference")
    (work / "seal.json").write_text(json.dumps(_files(work)))
    if folder.exists() and not _intact(folder):  # changed by a test: never used again
        shutil.rmtree(folder, ignore_errors=True)
    try:
        work.rename(folder)  # whole or not at all
    except OSError:  # another test run cached the same build meanwhile
        shutil.rmtree(work, ignore_errors=True)
    _prune()
    return folder


def _prune() -> None:
    """Keep the KEEP builds (and migrated databases) used last, and any used (or being built)
    in the last hour."""
    stale = list(CACHE.glob(".building-*"))
    for kind in ("synthetic-*", "migrated-*"):
        stale += sorted(CACHE.glob(kind), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP:]
    for old in stale:
        if time.time() - old.stat().st_mtime > 3600:
            if old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def synthetic_population() -> Path:
    """A 60,000-firm synthetic population (seed 7) as Parquet (read-only: it is cached)."""
    return synthetic_build(60_000, 7) / "synthetic.parquet"


@pytest.fixture(scope="session")
def synthetic_reference_dir(synthetic_population) -> Path:
    """The peer artifact built from the 60,000-firm population (read-only: it is cached)."""
    return synthetic_population.parent / "reference"


@pytest.fixture(scope="session")
def synthetic_reference(synthetic_reference_dir) -> Reference:
    """The loaded Reference of the 60,000-firm synthetic population."""
    return artifact.load(synthetic_reference_dir)


CURRENT_ROUND = ((2024, 2025), ("2025-06",))


@pytest.fixture(scope="session")
def current_reference_dir() -> Path:
    """The artifact of a current round (2024/2025, June 2025) built from a 60,000-firm synthetic
    population (seed 7) with the report's calibration (read-only: it is cached)."""
    years, moments = CURRENT_ROUND
    return synthetic_build(60_000, 7, years, moments) / "reference"


@pytest.fixture(scope="session")
def library_reference_dir(synthetic_reference_dir, current_reference_dir, tmp_path_factory) -> Path:
    """A reference folder with two rounds, as ``make reference`` lays it out: the report's
    artifact in the folder, the current round's in ``periods/2024-2025`` (links to the cache)."""
    folder = tmp_path_factory.mktemp("library")
    for name in (artifact.MANIFEST, artifact.DISTRIBUTIONS):
        (folder / name).symlink_to(synthetic_reference_dir / name)
    (folder / artifact.PERIODS).mkdir()
    (folder / artifact.PERIODS / "2024-2025").symlink_to(current_reference_dir)
    return folder
