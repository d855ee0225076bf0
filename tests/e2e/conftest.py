"""Browser tests: Playwright (sync API) drives Debian's Chromium against the live server.

Never a downloaded browser: Chromium comes from Debian (`make browser`), ``playwright install`` is
not used. Every page and context is closed after its test; the browser lives for the session.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import re
import shutil
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps as django_apps
from django.contrib.staticfiles import finders
from django.core.management import CommandError, call_command

from hulplijn.web import reference_store
from tests.e2e import flows
from tests.support.mailserver import MailServer

# Playwright's sync API runs an asyncio event loop in the test thread (in a greenlet). Django then
# sees a running loop and refuses ORM calls from that thread (SynchronousOnlyOperation), although
# the calls are plain synchronous ones made between browser commands and nothing else runs on that
# loop. The test bodies and fixtures use the ORM (the assessment round, checks after a POST), and
# pytest-django's transactional flush runs in the same thread, so the check is switched off for
# the test process. The live server's own thread has no event loop and is unaffected.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
AXE = Path(__file__).parents[1] / "vendor/axe-core/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ARTIFACTS = Path(__file__).parents[2] / "test-artifacts/e2e"
EXPECT_TIMEOUT_MS = 10_000


def pytest_configure(config: pytest.Config) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    config.addinivalue_line(
        "markers", "e2e: browser test (Playwright + Debian's Chromium against the live server)"
    )


# --- the Django side ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def compiled_messages(tmp_path_factory) -> None:
    """Compile the .po catalogues once per session, as `make messages` does.

    The Dutch catalogue is translated while the product is built, so it may be incomplete or,
    mid-edit, not compile at all; the tests then still run (untranslated strings show in English).
    They assert on Dutch text only where it comes from the engine (segment labels) and otherwise on
    structure and URLs; names of buttons and fields are looked up through the same catalogue the
    server uses (see ``flows.t``)."""
    try:
        # from an empty folder, so only settings.LOCALE_PATHS is compiled (not every locale/ below
        # the working directory, such as the virtualenv's)
        with contextlib.chdir(tmp_path_factory.mktemp("messages")):
            call_command("compilemessages", verbosity=0)
    except CommandError as problem:
        warnings.warn(f"compilemessages failed, using what is there: {problem}", stacklevel=1)
    # forget catalogues an earlier test in this process may have loaded before the .mo existed
    from django.utils.translation import trans_real

    trans_real._translations = {}
    trans_real._default = None


@pytest.fixture(scope="session")
def mail_server() -> Iterator[MailServer]:
    server = MailServer().start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def e2e_site(
    settings, synthetic_reference_dir, compiled_messages, transactional_db, mail_server
) -> Iterator:
    """The synthetic reference artifact, and the report's assessment round.

    The live server's tests run in a transactional database that is flushed after each test, which
    also removes the round the data migration made; it is made again here by that migration's own
    function, so the wizard finds an open round."""
    settings.HULPLIJN_REFERENCE_DIR = synthetic_reference_dir
    # the site's mail goes over SMTP to a real server on this machine (flows.MAIL reads it)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", mail_server.port
    mail_server.clear()
    flows.MAIL = mail_server
    reference_store.clear()
    assert finders.find("css/hulplijn.css"), "the site's static files must be found"
    migration = importlib.import_module("hulplijn.web.assessments.migrations.0002_report_round")
    migration.create(django_apps, None)
    yield
    reference_store.clear()


# --- the browser side ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (`make browser`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def new_page(browser, live_server, request) -> Iterator[Callable[..., object]]:
    """``new_page(viewport=..., java_script_enabled=...)``: a page in a fresh context (own cookies)
    whose relative URLs go to the live server."""
    contexts = []

    def make(viewport: dict | None = None, java_script_enabled: bool = True, locale: str = "nl-NL"):
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport or DESKTOP,
            java_script_enabled=java_script_enabled,
            locale=locale,
            service_workers="block",
        )
        context.set_default_timeout(EXPECT_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    failed = getattr(request.node, "report_call", None)
    for n, context in enumerate(contexts, 1):
        if failed is not None and failed.failed:
            folder = ARTIFACTS / re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name)
            folder.mkdir(parents=True, exist_ok=True)
            for m, open_page in enumerate(context.pages, 1):
                open_page.screenshot(path=str(folder / f"failure-{n}-{m}.png"), full_page=True)
        context.close()


@pytest.fixture
def page(new_page):
    """A desktop page (1280x800), JavaScript on."""
    return new_page()


class Shots:
    """Full-page screenshots to test-artifacts/e2e/<test>/<nn>-<name>.png, numbered in order."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)

    def __call__(self, page, name: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{re.sub(r'[^a-z0-9-]+', '-', name.lower())}.png"
        scroll = page.evaluate("[window.scrollX, window.scrollY]")
        page.screenshot(path=str(path), full_page=True)
        # After a full-page screenshot Chromium's hit testing can lag behind the scroll position
        # (a click on a button lands on its form); scrolling once re-synchronises it.
        page.evaluate("([x, y]) => { window.scrollTo(0, 0); window.scrollTo(x, y); }", scroll)
        return path


@pytest.fixture
def shots(request) -> Shots:
    return Shots(ARTIFACTS / re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name))


# --- accessibility ------------------------------------------------------------------------------


class Axe:
    """Runs axe-core on pages and collects the violations, to fail once with a readable list."""

    def __init__(self) -> None:
        self.found: dict[str, list[dict]] = {}
        self.checked: list[str] = []

    def __call__(self, page, name: str) -> list[dict]:
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            # evaluated through the browser's DevTools protocol: an injected <script> element
            # would be an inline script, which the site's Content-Security-Policy refuses
            page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        label = f"{name} ({urlsplit(page.url).path})"
        self.checked.append(label)
        if result["violations"]:
            self.found[label] = result["violations"]
        return result["violations"]

    def report(self) -> str:
        lines = []
        for page_name, violations in self.found.items():
            lines.append(f"== {page_name}")
            for v in violations:
                lines.append(f"  - {v['id']} [{v['impact']}]: {v['help']} <{v['helpUrl']}>")
                for node in v["nodes"][:8]:
                    target = " ".join(json.dumps(t) for t in node["target"])
                    lines.append(f"      {target}: {node.get('failureSummary', '')!r}"[:400])
                if len(v["nodes"]) > 8:
                    lines.append(f"      ... and {len(v['nodes']) - 8} more")
        return "\n".join(lines)

    def assert_clean(self) -> None:
        assert self.checked, "no page was checked"
        assert not self.found, "axe-core found WCAG 2.1 A/AA violations:\n" + self.report()


@pytest.fixture
def axe() -> Axe:
    return Axe()
