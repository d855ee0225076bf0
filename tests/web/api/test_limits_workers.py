"""The API's limits hold in total across worker processes: gunicorn with two workers, production
settings and a migrated SQLite database, requests spread over both workers.

Findings reproduced: counters per worker let N workers allow N x the rate (2,000 requests in 30 s
all got 200 at 1200/min; 121 bad tokens got 401 before the first 429 at 30/min); tokens of one
user each had their own limit; valid tokens from an address with failures got 429."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.web.ops.test_gunicorn import free_port

ROOT = Path(__file__).parents[3]
BIN = Path(sys.executable).parent
USER_RATE, FAILURE_RATE = 20, 10
LOGIN_FAILURES = 8
MAKE_TOKENS = """
from hulplijn.web.accounts.models import User
from hulplijn.web.api import tokens
busy = User.objects.create_user("druk@example.nl", "geen-wachtwoord-nodig-1")
calm = User.objects.create_user("rustig@example.nl", "geen-wachtwoord-nodig-2")
for user in (busy, busy, calm):
    print(tokens.issue(user, "limits test")[1])
from allauth.account.models import EmailAddress
for user in (busy, calm):
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
"""


def _environment(tmp_path: Path, port: int, reference: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("HULPLIJN_", "DJANGO_"))}
    clean.pop("DATABASE_URL", None)  # CI's PostgreSQL run: this test has its own SQLite file
    return {
        **clean,
        "DJANGO_SETTINGS_MODULE": "hulplijn.web.conf.production",
        "HULPLIJN_SECRET_KEY": "t" * 20 + "-limits-test-not-secret-" + "u" * 20,
        "HULPLIJN_ALLOWED_HOSTS": "127.0.0.1",
        "HULPLIJN_SSL_REDIRECT": "0",
        "HULPLIJN_SECURE_COOKIES": "0",
        "HULPLIJN_BIND": f"127.0.0.1:{port}",
        "HULPLIJN_REFERENCE_DIR": str(reference),
        "HULPLIJN_STATIC_ROOT": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        # low rates, counted per day: a test never straddles a window (see _clear_of_midnight)
        "HULPLIJN_API_RATE": f"{USER_RATE}/d",
        "HULPLIJN_API_AUTH_FAILURE_RATE": f"{FAILURE_RATE}/d",
        "HULPLIJN_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        # failed logins per account: enough to spread over both workers (sent four at a time)
        "HULPLIJN_LOGIN_FAILED_RATE": f"30/m/ip,{LOGIN_FAILURES}/5m/key",
    }


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _clear_of_midnight() -> None:
    """The windows end at midnight UTC; start well before one (waits at most a minute)."""
    left = 86400 - time.time() % 86400
    if left < 60:
        time.sleep(left + 1)


@pytest.fixture
def server(tmp_path, synthetic_reference_dir):
    port = free_port()
    env = _environment(tmp_path, port, synthetic_reference_dir)
    _manage(env, "migrate", "--noinput", "--verbosity", "0")
    _manage(env, "collectstatic", "--noinput", "--verbosity", "0")  # pages link hashed files
    output = _manage(env, "shell", "-c", MAKE_TOKENS).split()
    tokens = [word for word in output if word.startswith("hlp_")]
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "-c",
            "python:hulplijn.web.gunicorn_conf",
            "-w",
            "2",
            "tests.web.api.worker_pid_wsgi",
        ],
        cwd=ROOT,
        env=env,
        stdout=(tmp_path / "stdout.log").open("w"),
        stderr=(tmp_path / "stderr.log").open("w"),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # bounded: at most about a minute on a busy machine
            try:
                httpx.get(f"{base}/health/", timeout=5)
                break
            except httpx.TransportError:
                assert process.poll() is None, (tmp_path / "stderr.log").read_text()
                time.sleep(0.1)
        yield base, tokens, tmp_path / "db.sqlite3"
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)


def _send(base: str, bearer_tokens: list[str]) -> list[httpx.Response]:
    """One request per token, eight at a time (a new connection each, so both workers answer)."""

    def one(token: str) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}", "Connection": "close"}
        return httpx.get(f"{base}/api/v1/measures", headers=headers, timeout=30)

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(one, bearer_tokens))


def _counts(responses: list[httpx.Response]) -> dict[int, int]:
    codes = [r.status_code for r in responses]
    return {code: codes.count(code) for code in sorted(set(codes))}


def test_limits_hold_in_total_across_two_workers(server):
    base, (first, second, calm), database = server
    _clear_of_midnight()

    # the per-user limit: two tokens of one user, 40 requests over both workers -> 20 pass
    responses = _send(base, [first, second] * USER_RATE)
    assert _counts(responses) == {200: USER_RATE, 429: USER_RATE}
    assert len({r.headers["X-Test-Worker-Pid"] for r in responses}) == 2
    assert all(int(r.headers["Retry-After"]) >= 1 for r in responses if r.status_code == 429)

    # failed token checks per address: the 11th of 10 is refused, whichever worker answers
    guesses = [f"hlp_{n:012x}_" + "A" * 43 for n in range(2 * FAILURE_RATE)]
    responses = _send(base, guesses)
    assert _counts(responses) == {401: FAILURE_RATE, 429: FAILURE_RATE}
    assert len({r.headers["X-Test-Worker-Pid"] for r in responses}) == 2

    # the same address is over its failure limit, yet another user's valid token still works
    assert _counts(_send(base, [calm] * 4)) == {200: 4}

    # no hit was lost between the processes: every request is in the shared counters
    with sqlite3.connect(database) as db:
        hits = dict(db.execute("SELECT key, hits FROM ops_limitcounter").fetchall())
    user_hits = {k: v for k, v in hits.items() if k.startswith("api_user/")}
    assert sorted(user_hits.values()) == [4, 2 * USER_RATE]
    assert hits["api_auth_failure/86400/127.0.0.1"] == 2 * FAILURE_RATE


def _log_in(base: str, email: str, password: str) -> httpx.Response:
    """A browser that never logged in before: the login page, then its form (CSRF included)."""
    with httpx.Client(base_url=base, headers={"Connection": "close"}, timeout=30) as browser:
        page = browser.get("/account/login/")
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert found, (page.status_code, page.text[:500])
        csrf = found.group(1)
        return browser.post(
            "/account/login/",
            data={"login": email, "password": password, "csrfmiddlewaretoken": csrf},
        )


def test_failed_logins_are_counted_together_across_two_workers(server):
    """Finding: django-axes counted per worker and locked whole addresses. Failures on one
    account (django-allauth, LOGIN_FAILURES per 5 minutes per account), whichever worker answers
    them, hold back a new browser even with the right password; another account from the same
    address still logs in."""
    base, _tokens, _database = server
    with ThreadPoolExecutor(max_workers=4) as pool:
        failures = list(
            pool.map(
                lambda _: _log_in(base, "rustig@example.nl", "fout-wachtwoord"),
                range(LOGIN_FAILURES),
            )
        )
    assert {r.status_code for r in failures} == {200}  # the form again, with the error
    assert len({r.headers["X-Test-Worker-Pid"] for r in failures}) == 2
    held_back = _log_in(base, "rustig@example.nl", "geen-wachtwoord-nodig-2")
    assert held_back.status_code == 200 and "Te veel inlogpogingen" in held_back.text
    welcome = _log_in(base, "druk@example.nl", "geen-wachtwoord-nodig-1")
    assert welcome.status_code == 302 and welcome.headers["Location"] == "/account/"
