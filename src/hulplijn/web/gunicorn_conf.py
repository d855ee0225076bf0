"""gunicorn settings: ``gunicorn -c python:hulplijn.web.gunicorn_conf hulplijn.web.wsgi``.

Every value can be changed from the environment (docs/deploy.md). The app is loaded once in the
master (``preload_app``), and so is the reference artifact (``when_ready``): each worker forked
from it shares the peer distributions instead of reading them again. What the master loaded is
then frozen for the garbage collector (``gc.freeze``), so a worker's collections do not scan
(and write to) Django's and the reference's objects again: a full collection every few hundred
requests paused a worker for about 150 ms.
"""

import gc
import multiprocessing
import os

from hulplijn.web.ops.logs import JsonFormatter

bind = os.environ.get("HULPLIJN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("HULPLIJN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("HULPLIJN_THREADS", "1"))
# a request that takes longer (a stuck worker) is killed and the worker replaced
timeout = int(os.environ.get("HULPLIJN_WORKER_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("HULPLIJN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("HULPLIJN_KEEPALIVE", "5"))
# recycle workers now and then (bounded memory); cheap, since a fork of the preloaded master
max_requests = int(os.environ.get("HULPLIJN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("HULPLIJN_MAX_REQUESTS_JITTER", "200"))
preload_app = os.environ.get("HULPLIJN_PRELOAD", "1").lower() in ("1", "true", "yes", "on")
# the worker heartbeat file on tmpfs, not on a possibly slow disk
worker_tmp_dir = os.environ.get(
    "HULPLIJN_WORKER_TMP_DIR", "/dev/shm" if os.path.isdir("/dev/shm") else None
)
# gunicorn's control socket (gunicornc) only where asked for: its default path under $HOME would be
# shared by every gunicorn of the same user on a machine
control_socket = os.environ.get("HULPLIJN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
# no access log: RequestLogMiddleware writes one JSON line per request, with its request id
accesslog = None
loglevel = os.environ.get("HULPLIJN_LOG_LEVEL", "info").lower()
# gunicorn's own messages (start, worker restarts, timeouts) as JSON lines on stdout too
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": JsonFormatter}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stdout"], "level": loglevel.upper()},
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": loglevel.upper(), "propagate": False},
        "gunicorn.access": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
    },
}
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hulplijn.web.conf.production")


def when_ready(server):
    """After the preloaded app, before the workers: load the reference artifact in the master."""
    if not preload_app:
        return
    from hulplijn.web import reference_store

    try:
        loaded = reference_store.reference()
    except Exception as problem:  # the workers answer 503 (and /health/ says why) until it exists
        server.log.warning("reference artifact not loaded: %s", type(problem).__name__)
    else:
        server.log.info("reference artifact loaded: vintage %s", loaded.vintage)
    gc.freeze()  # before the fork: the workers' collections leave the master's objects alone
