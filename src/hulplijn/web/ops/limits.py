"""Rate limits counted in the database, so every worker process and app server counts together.

A rate is ``COUNT/PERIOD`` (PERIOD ``s``, ``min``, ``h`` or ``d``, optionally with a number:
``100/10s``); ``off`` switches a limit off. Each (scope, client) pair has one row in
:class:`~hulplijn.web.ops.models.LimitCounter` counting the current fixed window of PERIOD. A hit is
one ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` statement (SQLite >= 3.35, PostgreSQL): the
database makes concurrent hits from any process wait for each other, so none is lost. Django's
database cache cannot do this: its ``incr`` is a read followed by a write (decisions/0014).
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
import time
from dataclasses import dataclass

from django.db import connection

from hulplijn.web.ops.models import LimitCounter

_RATE = re.compile(r"^(\d+)/(\d*)(s|sec|m|min|h|hour|d|day)$")
_SECONDS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}
PURGE_ONE_IN = 200
"""About one hit in so many that starts a new window also deletes windows that have ended."""


def parse(rate: str) -> tuple[int, int] | None:
    """``"1200/min"`` -> (1200, 60), ``"100/10s"`` -> (100, 10); None for ``off``.
    ValueError for anything else."""
    text = str(rate).strip().lower()
    if text in ("off", "none", ""):
        return None
    match = _RATE.match(text)
    if match is None:
        raise ValueError(f"invalid rate {rate!r}")
    count, multiple, unit = match.groups()
    seconds = int(multiple or 1) * _SECONDS[unit]
    if int(count) < 1 or seconds < 1:
        raise ValueError(f"invalid rate {rate!r}")
    return int(count), seconds


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    wait: float | None = None
    """Seconds until the window ends (when refused)."""


def _key(scope: str, seconds: int, ident: str) -> str:
    key = f"{scope}/{seconds}/{ident}"
    if len(key) > 200:
        key = f"{scope}/{seconds}/sha256:{hashlib.sha256(ident.encode()).hexdigest()}"
    return key


def _upsert_sql() -> str:
    quote = connection.ops.quote_name
    table = quote(LimitCounter._meta.db_table)
    key, hits, ends = (quote(n) for n in ("key", "hits", "window_ends"))
    new_window = f"{table}.{ends} < excluded.{ends}"
    return (
        f"INSERT INTO {table} ({key}, {hits}, {ends}) VALUES (%s, 1, %s) "
        f"ON CONFLICT ({key}) DO UPDATE SET "
        f"{hits} = CASE WHEN {new_window} THEN 1 ELSE {table}.{hits} + 1 END, "
        f"{ends} = CASE WHEN {new_window} THEN excluded.{ends} ELSE {table}.{ends} END "
        f"RETURNING {hits}, {ends}"
    )


def hit(scope: str, ident: str, rate: str) -> Verdict:
    """Count one request of ``ident`` against ``rate`` in ``scope``; refused once the count
    passes COUNT in the current window."""
    limit = parse(rate)
    if limit is None:
        return Verdict(True)
    count, seconds = limit
    now = time.time()
    ends = (int(now) // seconds + 1) * seconds
    with connection.cursor() as cursor:
        cursor.execute(_upsert_sql(), [_key(scope, seconds, ident), ends])
        hits, window_ends = cursor.fetchone()
    if hits == 1 and secrets.randbelow(PURGE_ONE_IN) == 0:
        purge(now)
    if hits > count:
        return Verdict(False, max(1.0, math.ceil(window_ends - now)))
    return Verdict(True)


def purge(now: float | None = None) -> int:
    """Delete the counters whose window has ended; the number deleted."""
    moment = int(time.time() if now is None else now)
    return LimitCounter.objects.filter(window_ends__lte=moment).delete()[0]
