"""Load and durability on loopback: gunicorn + PostgreSQL (or the SQLite default), 50 concurrent
users mixing dashboard views and API creates (locust, headless), with faults injected during
the load: ``kill -9`` of one gunicorn worker and one PostgreSQL restart. Afterwards every create
that got a 2xx must be in the database, and no assessment may be half written.

    .venv/bin/python bench/load/run.py                      # PostgreSQL, 60 s, faults
    .venv/bin/python bench/load/run.py --db sqlite          # the embedded default
    .venv/bin/python bench/load/run.py --seconds 20 --users 20 --json out.json

Everything lives in a throw-away directory: its own PostgreSQL cluster (Debian's binaries, run as
the ``postgres`` user when started as root), its own database, gunicorn on a free loopback port.
Nothing touches the project's var/ database. Only 127.0.0.1 is used.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
HERE = Path(__file__).resolve().parent
EXAMPLE = json.loads((ROOT / "src/hulplijn/examples/voorbeeldbedrijf.json").read_text())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(command: str) -> list[str]:
    """Run a PostgreSQL server command as the postgres user when we are root (initdb refuses
    root), else as ourselves."""
    if os.geteuid() == 0:
        return ["su", "postgres", "-s", "/bin/sh", "-c", command]
    return ["/bin/sh", "-c", command]


class Postgres:
    """A throw-away PostgreSQL cluster on a loopback port (Debian's server binaries)."""

    def __init__(self, folder: Path):
        candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
        if not candidates:
            raise RuntimeError("PostgreSQL server binaries not found (apt-get install postgresql)")
        self.bin = candidates[-1].parent
        self.folder = folder
        self.port = free_port()
        self.data = folder / "data"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/hulplijn"

    def _ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        # e.g. "-c synchronous_commit=off": the same load without waiting for the disk at each
        # commit, to tell the disk's share from the CPU's (durability is then not tested)
        options += " " + os.environ.get("LOAD_PG_OPTIONS", "")
        command = (
            f"{self.bin}/pg_ctl -D {self.data} -l {self.folder}/log -w "
            f"-o '{options}' {' '.join(extra)} {action}"
        )
        subprocess.run(_as_postgres(command), check=True, stdout=subprocess.DEVNULL)

    def start(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        subprocess.run(
            _as_postgres(f"{self.bin}/initdb -D {self.data} -A trust -U postgres"),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        self._ctl("start")
        subprocess.run(
            _as_postgres(f"{self.bin}/createdb -h 127.0.0.1 -p {self.port} -U postgres hulplijn"),
            check=True,
        )

    def restart(self) -> None:
        self._ctl("restart", "-m", "fast")

    def stop(self) -> None:
        self._ctl("stop", "-m", "fast")


@dataclass
class Run:
    db: str
    users: int
    seconds: int
    workers: int
    faults: list[str] = field(default_factory=list)
    stats: dict = field(default_factory=dict)
    durability: dict = field(default_factory=dict)
    ops: dict = field(default_factory=dict)


def django_env(folder: Path, database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="hulplijn.web.conf.production",
        HULPLIJN_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=database_url,
        HULPLIJN_BASE_DIR=str(folder),
        HULPLIJN_REFERENCE_DIR=os.environ.get(
            "HULPLIJN_REFERENCE_DIR", str(ROOT / "var" / "reference")
        ),
        HULPLIJN_ALLOWED_HOSTS="127.0.0.1",
        # plain HTTP on loopback: no TLS redirect, cookies not marked Secure
        HULPLIJN_SSL_REDIRECT="0",
        HULPLIJN_SECURE_COOKIES="0",
        HULPLIJN_HSTS_SECONDS="0",
        # the API rate limit is for the public internet, not for this bench
        HULPLIJN_API_RATE=os.environ.get("HULPLIJN_API_RATE", "1000000/s"),
        HULPLIJN_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT / "src"),
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [str(BIN / "python"), str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def shell(env: dict[str, str], code: str):
    """Run ``code`` in `manage.py shell`; it prints its answer as one line ``RESULT <json>``
    (production settings also log JSON lines to stdout)."""
    for line in manage(env, "shell", "-c", code).splitlines():
        if line.startswith("RESULT "):
            return json.loads(line.removeprefix("RESULT "))
    raise RuntimeError("the shell script gave no result")


def gunicorn(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "hulplijn.web.wsgi",
            "-c",
            "python:hulplijn.web.gunicorn_conf",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_healthy(base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/health/", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError("the server did not become healthy")


def workers_of(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def seed_dashboards(base: str, accounts: list[dict], per_account: int = 2) -> None:
    """Each account gets assessments through the API, for the owners' dashboard views."""
    with httpx.Client(base_url=base, timeout=30) as client:
        for account in accounts:
            headers = {"Authorization": f"Bearer {account['token']}"}
            account["assessments"] = []
            for _ in range(per_account):
                response = client.post("/api/v1/assessments", json=EXAMPLE, headers=headers)
                response.raise_for_status()
                account["assessments"].append(response.json()["id"])


def read_stats(path: Path) -> dict:
    wanted = {"API create", "dashboard", "Aggregated"}
    stats = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] in wanted:
                stats[row["Name"]] = {
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "per_second": round(float(row["Requests/s"]), 1),
                    "p50_ms": float(row["50%"]),
                    "p95_ms": float(row["95%"]),
                    "p99_ms": float(row["99%"]),
                }
    return stats


def inject_faults(run: Run, master: int, postgres: Postgres | None, stop: threading.Event) -> None:
    """At 30% of the run kill -9 one worker; at 55% restart PostgreSQL."""
    if stop.wait(run.seconds * 0.3):
        return
    victims = workers_of(master)
    if victims:
        os.kill(victims[0], signal.SIGKILL)
        run.faults.append(f"kill -9 worker {victims[0]} at {run.seconds * 0.3:.0f} s")
    if postgres is None or stop.wait(run.seconds * 0.25):
        return
    started = time.monotonic()
    postgres.restart()
    run.faults.append(
        f"PostgreSQL restarted at {run.seconds * 0.55:.0f} s "
        f"(took {time.monotonic() - started:.1f} s)"
    )


def memory_kib(pid: int) -> dict[str, int]:
    """Resident memory of one process from /proc (kB): rss, pss and the shared part."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        fields[name.rstrip(":")] = int(value)
    shared = fields.get("Shared_Clean", 0) + fields.get("Shared_Dirty", 0)
    return {"rss": fields.get("Rss", 0), "pss": fields.get("Pss", 0), "shared": shared}


def operations(env: dict[str, str], base: str, master: int, folder: Path) -> dict:
    """After the load: worker memory, /health/ latency, backup and restore of the database."""
    ops: dict = {}
    workers = workers_of(master)
    if workers:
        ops["worker_memory_kib"] = memory_kib(workers[0])
    times = []
    with httpx.Client(base_url=base, timeout=10) as client:
        for _ in range(200):
            started = time.perf_counter()
            assert client.get("/health/").status_code == 200
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    ops["health_ms"] = {"p50": round(times[99], 1), "p95": round(times[189], 1)}
    count = "from hulplijn.web.assessments.models import Assessment as A\n"
    count += "print('RESULT', A.objects.count())"
    before = shell(env, count)
    started = time.perf_counter()
    manage(env, "backup", "--output", str(folder / "backup"))
    ops["backup_s"] = round(time.perf_counter() - started, 1)
    ops["backup_mib"] = round((folder / "backup").stat().st_size / 2**20, 1)
    # lose 100 assessments after the backup; the restore must bring them back
    shell(
        env,
        "from hulplijn.web.assessments.models import Assessment as A\n"
        "A.objects.filter(pk__in=list(A.objects.values_list('pk', flat=True)[:100]))"
        ".delete()\nprint('RESULT 0')",
    )
    started = time.perf_counter()
    manage(env, "restore", str(folder / "backup"), "--noinput")
    ops["restore_s"] = round(time.perf_counter() - started, 1)
    ops["assessments"] = before
    ops["restored_assessments"] = shell(env, count)
    return ops


def main(
    db: str = "postgres",
    users: int = 50,
    seconds: int = 60,
    workers: int = 0,
    faults: bool = True,
    accounts: int = 50,
) -> Run:
    workers = workers or (2 * (os.cpu_count() or 1) + 1)
    run = Run(db=db, users=users, seconds=seconds, workers=workers)
    folder = Path(tempfile.mkdtemp(prefix="hulplijn-load-"))
    postgres = None
    server = None
    try:
        if db == "postgres":
            postgres = Postgres(folder)
            postgres.start()
            url = postgres.url
        else:
            url = f"sqlite:///{folder / 'load.sqlite3'}"
        env = django_env(folder, url)
        manage(env, "migrate", "--no-input")
        manage(env, "collectstatic", "--no-input")
        made = shell(env, _PREPARE.format(n=accounts))
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = gunicorn(env, port, workers)
        wait_healthy(base)
        seed_dashboards(base, made)
        (folder / "accounts.json").write_text(json.dumps(made))
        ids = folder / "ids.txt"
        ids.touch()
        stop = threading.Event()
        fault_thread = threading.Thread(
            target=inject_faults, args=(run, server.pid, postgres, stop), daemon=True
        )
        if faults:
            fault_thread.start()
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(HERE / "locustfile.py"),
                "--headless",
                "-u",
                str(users),
                "-r",
                str(users),
                "-t",
                f"{seconds}s",
                "--host",
                base,
                "--csv",
                str(folder / "stats"),
                "--only-summary",
                "--loglevel",
                "ERROR",
            ],
            env={
                **os.environ,
                "LOAD_ACCOUNTS": str(folder / "accounts.json"),
                "LOAD_IDS": str(ids),
            },
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=(folder / "locust.log").open("w"),
        )
        stop.set()
        if faults:
            fault_thread.join()
        run.stats = read_stats(folder / "stats_stats.csv")
        created = [line for line in ids.read_text().split() if line]
        (folder / "created.json").write_text(json.dumps(created))
        run.durability = shell(env, _CHECK.format(path=folder / "created.json"))
        run.ops = operations(env, base, server.pid, folder)
        return run
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        if postgres is not None:
            postgres.stop()
        shutil.rmtree(folder, ignore_errors=True)


# Run inside `manage.py shell` with the run's settings: accounts with a password and an API token.
_PREPARE = """
import json
from hulplijn.web.accounts.models import User
from allauth.account.models import EmailAddress
from hulplijn.web.api import tokens
made = []
for i in range({n}):
    email = f"last{{i}}@example.nl"
    password = "een-lang-wachtwoord-42"
    user = User.objects.create_user(email, password)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    _, secret = tokens.issue(user, "load test")
    made.append({{"email": email, "password": password, "token": secret}})
print("RESULT " + json.dumps(made))
"""

# Every id that got a 2xx is stored; no stored assessment lacks its result or inputs, and the
# anonymised statistics match the consenting assessments one to one after a final flush of the
# queue (cockpit.statistics).
_CHECK = """
import json
from hulplijn.web.assessments.models import Assessment
created = json.load(open("{path}"))
found = Assessment.objects.filter(pk__in=created).values_list("pk", flat=True)
stored = set(str(pk) for pk in found)
every = Assessment.objects.all().only("pk", "result", "firm_input", "model_version")
half = [str(a.pk) for a in every
        if not a.result or not a.firm_input or "benchmark" not in a.result or not a.model_version]
report = {{"created_2xx": len(created), "found": len(stored),
           "missing": sorted(set(created) - stored)[:20], "half_written": half[:20],
           "assessments_in_db": Assessment.objects.count()}}
try:
    from hulplijn.web.cockpit import statistics
    from hulplijn.web.cockpit.models import StatisticalRecord
    report["consenting"] = Assessment.objects.filter(consent_statistics=True).count()
    # records are written in shuffled batches of 10 after the create's transaction; the last
    # few wait in the queue: the final flush (forced: a batch under 10 at the end of the run)
    report["queued_before_flush"] = statistics.pending()
    report["records_before_flush"] = StatisticalRecord.objects.count()
    statistics.flush(force=True)
    report["statistical_records"] = StatisticalRecord.objects.count()
except ImportError:
    pass
print("RESULT " + json.dumps(report))
"""


def report(run: Run) -> str:
    lines = [f"{run.db}: {run.users} users, {run.seconds} s, {run.workers} gunicorn workers"]
    for name, s in run.stats.items():
        lines.append(
            f"  {name:<11} {s['requests']:>7} requests ({s['failures']} failed), "
            f"{s['per_second']:>6.1f}/s, p50 {s['p50_ms']:.0f} ms, "
            f"p95 {s['p95_ms']:.0f} ms, p99 {s['p99_ms']:.0f} ms"
        )
    lines.extend(f"  fault: {f}" for f in run.faults)
    d = run.durability
    lines.append(
        f"  durability: {d.get('found')}/{d.get('created_2xx')} 2xx creates found, "
        f"{len(d.get('half_written', []))} half written, "
        f"statistical records {d.get('statistical_records')} for "
        f"{d.get('consenting')} consenting assessments "
        f"({d.get('queued_before_flush')} queued before the final flush)"
    )
    o = run.ops
    if o:
        lines.append(
            f"  after: worker memory {o.get('worker_memory_kib')} kB; /health/ p50 "
            f"{o['health_ms']['p50']} ms, p95 {o['health_ms']['p95']} ms; backup of "
            f"{o['assessments']} assessments {o['backup_s']} s ({o['backup_mib']} MiB), "
            f"restore {o['restore_s']} s ({o['restored_assessments']} back)"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--no-faults", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    result = main(args.db, args.users, args.seconds, args.workers, not args.no_faults)
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result.__dict__, indent=2))
