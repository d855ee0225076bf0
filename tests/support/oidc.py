"""A real OpenID Connect provider for the tests: panva's oidc-provider (tests/support/oidc-provider,
installed by `make oidc-provider`) run with Node.js on a free port of 127.0.0.1.

``running(...)`` starts ``node server.js``, reads the issuer it announces, waits until its discovery
document answers and stops the process afterwards; every step is bounded in time."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

FOLDER = Path(__file__).parent / "oidc-provider"
# Node starts oidc-provider in 1-3 s on a quiet machine; on one whose two cores run other tests
# too it once took over 20 s (a slow-tier run beside four other jobs)
START_TIMEOUT = 60.0
STOP_TIMEOUT = 5.0


@dataclass(frozen=True)
class Provider:
    issuer: str
    client_id: str
    client_secret: str


def missing() -> str | None:
    """Why the provider cannot run here, or None."""
    if shutil.which("node") is None:
        return "Node.js (node) is not installed"
    if not (FOLDER / "node_modules/oidc-provider/package.json").exists():
        return "oidc-provider is not installed: run `make oidc-provider`"
    return None


@contextlib.contextmanager
def running(
    redirect_uris: list[str],
    client_id: str = "hulplijn",
    client_secret: str = "test-secret-" + "x" * 32,
    token_auth: str = "client_secret_basic",
) -> Iterator[Provider]:
    problem = missing()
    if problem:
        raise RuntimeError(problem)
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "NODE_ENV": "test",
        "OIDC_HOST": "127.0.0.1",
        "OIDC_PORT": "0",
        "OIDC_CLIENT_ID": client_id,
        "OIDC_CLIENT_SECRET": client_secret,
        "OIDC_REDIRECT_URIS": " ".join(redirect_uris),
        "OIDC_TOKEN_AUTH": token_auth,
    }
    process = subprocess.Popen(
        ["node", "server.js"],
        cwd=FOLDER,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    stderr: list[str] = []
    drain = threading.Thread(target=lambda: stderr.extend(process.stderr), daemon=True)
    drain.start()
    try:
        issuer = _announced_issuer(process, stderr)
        _wait_for_discovery(process, issuer, stderr)
        yield Provider(issuer=issuer, client_id=client_id, client_secret=client_secret)
    finally:
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT)
        drain.join(timeout=STOP_TIMEOUT)


def _announced_issuer(process: subprocess.Popen, stderr: list[str]) -> str:
    """The issuer from the server's first line on stdout (it picks its own free port)."""
    line: list[str] = []
    reader = threading.Thread(target=lambda: line.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout=START_TIMEOUT)
    if not line or not line[0].strip():
        raise RuntimeError(f"the OIDC provider did not start: {''.join(stderr)[-2000:]}")
    return json.loads(line[0])["issuer"]


def _wait_for_discovery(process: subprocess.Popen, issuer: str, stderr: list[str]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    url = f"{issuer}/.well-known/openid-configuration"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if httpx.get(url, timeout=2.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the OIDC provider did not answer at {url}: {''.join(stderr)[-2000:]}")
