"""Backup and restore of the default database: SQLite's online backup API, or pg_dump/pg_restore.

SQLite: the backup is a plain SQLite file, copied page by page in one read transaction, so it is
consistent while the site keeps running (WAL: readers and the copy never block the writer).
PostgreSQL: a custom-format dump (``pg_dump -Fc``), restored with ``pg_restore --clean`` in one
transaction. The client programs come from Debian's ``postgresql-client`` and must be at least the
server's major version.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
# libpq environment variables for the connection settings dj-database-url puts in OPTIONS
PG_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
}


class BackupError(Exception):
    """A backup or restore could not be made; the message says why."""


def vendor(alias: str = "default") -> str:
    """``sqlite`` or ``postgresql`` (anything else is refused)."""
    name = connections[alias].vendor
    if name not in ("sqlite", "postgresql"):
        raise BackupError(f"backup supports SQLite and PostgreSQL, not {name}")
    return name


def backup(output: Path, alias: str = "default") -> Path:
    """Write a backup of the database to ``output`` (written beside it, then moved in place)."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if vendor(alias) == "sqlite":
            _sqlite_backup(partial, alias)
        else:
            _pg_dump(partial, alias)
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    return output


def restore(source: Path, alias: str = "default") -> None:
    """Replace the database's contents with the backup in ``source``."""
    if not source.is_file():
        raise BackupError(f"no backup file at {source}")
    head = _head(source)
    kind = vendor(alias)
    if kind == "sqlite":
        if not head.startswith(SQLITE_MAGIC):
            raise BackupError(f"{source} is not a SQLite backup")
        _sqlite_restore(source, alias)
    else:
        if not head.startswith(PG_DUMP_MAGIC):
            raise BackupError(f"{source} is not a PostgreSQL custom-format dump (pg_dump -Fc)")
        _pg_restore(source, alias)


def _head(path: Path) -> bytes:
    with path.open("rb") as stream:
        return stream.read(16)


# --- SQLite ----------------------------------------------------------------------------------


def _raw_sqlite(alias: str) -> sqlite3.Connection:
    """Django's own connection (so an in-memory test database works too), outside a transaction."""
    connection = connections[alias]
    if connection.in_atomic_block:
        raise BackupError("backup and restore cannot run inside a database transaction")
    connection.ensure_connection()
    return connection.connection


def _sqlite_backup(target: Path, alias: str) -> None:
    sqlite_copy(_raw_sqlite(alias), target)


def sqlite_copy(source: sqlite3.Connection, target: Path) -> None:
    """Copy the database of ``source`` to the file ``target`` (what is committed, in WAL too)."""
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)  # all pages in one step: one consistent snapshot
        # a self-contained file: no -wal beside it, whatever the source's journal mode
        destination.execute("PRAGMA journal_mode=DELETE")
    finally:
        destination.close()


def _sqlite_restore(source: Path, alias: str) -> None:
    backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        check = backup_db.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"{source} is damaged: {check}")
        backup_db.backup(_raw_sqlite(alias))
    finally:
        backup_db.close()


# --- PostgreSQL ------------------------------------------------------------------------------


def _pg_environment(alias: str) -> dict[str, str]:
    """libpq's environment for the connection (the password never on a command line)."""
    settings = connections[alias].settings_dict
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if settings.get(key):
            env[variable] = str(settings[key])
    for option, variable in PG_OPTIONS.items():
        if settings.get("OPTIONS", {}).get(option):
            env[variable] = str(settings["OPTIONS"][option])
    return env


def _pg_program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} not found: install PostgreSQL's client programs (postgresql-client)"
        )
    return path


def _pg_run(arguments: list[str], alias: str) -> None:
    result = subprocess.run(
        arguments, env=_pg_environment(alias), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{Path(arguments[0]).name} failed: {result.stderr.strip()}")


def _pg_dump(target: Path, alias: str) -> None:
    _pg_run(
        [
            _pg_program("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(target),
        ],
        alias,
    )


def _pg_restore(source: Path, alias: str) -> None:
    connections[alias].close()  # hold no locks on the tables pg_restore drops
    _pg_run(
        [
            _pg_program("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            connections[alias].settings_dict["NAME"],
            str(source),
        ],
        alias,
    )
