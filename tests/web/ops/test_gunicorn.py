"""gunicorn with the production settings and gunicorn_conf: the master loads the reference once,
the workers answer /health/, and every line on stdout is JSON."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).parents[3]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_serves_health_with_the_preloaded_reference(tmp_path, synthetic_reference_dir):
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("HULPLIJN_", "DJANGO_"))}
    env = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "hulplijn.web.conf.production",
        "HULPLIJN_SECRET_KEY": "t" * 20 + "-gunicorn-test-not-secret-" + "u" * 20,
        "HULPLIJN_ALLOWED_HOSTS": "127.0.0.1",
        "HULPLIJN_SSL_REDIRECT": "0",
        "HULPLIJN_BIND": f"127.0.0.1:{port}",
        "HULPLIJN_WORKERS": "2",
        "HULPLIJN_REFERENCE_DIR": str(synthetic_reference_dir),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "HULPLIJN_STATIC_ROOT": str(tmp_path),
    }
    # as every release does (make serve): the pages, error pages included, link hashed files
    subprocess.run(
        [str(GUNICORN.parent / "python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(
        [str(GUNICORN), "-c", "python:hulplijn.web.gunicorn_conf", "hulplijn.web.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=(tmp_path / "stdout.log").open("w"),
        stderr=(tmp_path / "stderr.log").open("w"),
    )
    try:
        url = f"http://127.0.0.1:{port}/health/"
        response = None
        for _ in range(600):  # bounded: at most about a minute on a busy machine
            try:
                response = httpx.get(url, headers={"X-Request-ID": "lb-check-0001"}, timeout=5)
                break
            except httpx.TransportError:
                assert server.poll() is None, (tmp_path / "stderr.log").read_text()
                time.sleep(0.1)
        assert response is not None and response.status_code == 200, response
        assert response.json()["reference"]["status"] == "ok"
        assert response.headers["X-Request-ID"] == "lb-check-0001"
        # another host name is refused by Django (and logged), /health/ answers any host
        # a generous timeout: a CI run on a loaded machine timed out at httpx's default 5 s
        refused = httpx.get(f"http://127.0.0.1:{port}/", headers={"Host": "x.example"}, timeout=60)
        assert refused.status_code == 400
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    lines = [json.loads(line) for line in (tmp_path / "stdout.log").read_text().splitlines()]
    messages = [line["message"] for line in lines]
    assert any(m.startswith("reference artifact loaded: vintage") for m in messages), messages
    assert sum(m.startswith("Booting worker") for m in messages) >= 2
    requests = [line for line in lines if line["logger"] == "hulplijn.request"]
    assert [(r["path"], r["status"]) for r in requests] == [("/", 400)]


class _Log:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def info(self, message: str, *args) -> None:
        self.lines.append(message % args)

    warning = info


def test_the_master_freezes_what_it_loaded_before_the_workers_fork(settings):
    """#18: a worker's full garbage collection scanned the ~210,000 objects of Django and the
    reference every few hundred requests (about 150 ms a pause). The master freezes them after
    loading the reference, so the forked workers' collections leave them alone."""
    import gc
    from types import SimpleNamespace

    from hulplijn.web import gunicorn_conf

    loaded_since = [[] for _ in range(1000)]  # lists: tracked by the collector, not frozen yet
    before = gc.get_freeze_count()
    server = SimpleNamespace(log=_Log())
    gunicorn_conf.when_ready(server)
    assert any(line.startswith("reference artifact loaded") for line in server.log.lines)
    assert gc.get_freeze_count() >= before + len(loaded_since)
