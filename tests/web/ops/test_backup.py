"""manage.py backup / restore on the database this run uses (SQLite, or PostgreSQL in CI):
back up, change and delete data, restore, the data is back."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from hulplijn.web.accounts.models import User
from hulplijn.web.ops import backup
from tests.web.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_backup_change_restore(tmp_path):
    kept = UserFactory(email="blijft@example.nl")
    changed = UserFactory(email="voor@example.nl")
    out = StringIO()
    call_command("backup", "--output", str(tmp_path / "db.backup"), stdout=out)
    assert f"backup of the {connection.vendor} database written to" in out.getvalue()
    assert not list(tmp_path.glob("*.partial"))

    kept.delete()
    User.objects.filter(pk=changed.pk).update(email="na@example.nl")
    UserFactory(email="later@example.nl")

    call_command("restore", str(tmp_path / "db.backup"), "--noinput", stdout=StringIO())

    emails = set(User.objects.values_list("email", flat=True))
    assert emails == {"blijft@example.nl", "voor@example.nl"}
    # the site goes on writing after the restore
    UserFactory(email="daarna@example.nl")
    assert User.objects.count() == 3


def test_the_backup_file_is_self_contained(tmp_path):
    UserFactory()
    path = backup.backup(tmp_path / "nested" / "db.backup")
    head = path.read_bytes()[:16]
    if connection.vendor == "sqlite":
        assert head == backup.SQLITE_MAGIC
        assert not (tmp_path / "nested" / "db.backup-wal").exists()
    else:
        assert head.startswith(backup.PG_DUMP_MAGIC)


def test_restore_refuses_a_file_that_is_no_backup(tmp_path):
    UserFactory(email="blijft@example.nl")
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a backup at all")
    with pytest.raises(CommandError, match="is not a"):
        call_command("restore", str(junk), "--noinput")
    with pytest.raises(CommandError, match="no backup file"):
        call_command("restore", str(tmp_path / "missing.backup"), "--noinput")
    assert User.objects.filter(email="blijft@example.nl").exists()


def test_restore_asks_first(tmp_path, monkeypatch):
    UserFactory(email="blijft@example.nl")
    path = backup.backup(tmp_path / "db.backup")
    User.objects.all().delete()
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(path))
    assert not User.objects.exists()


def test_backup_is_refused_inside_a_transaction(tmp_path):
    from django.db import transaction

    if connection.vendor != "sqlite":
        pytest.skip("pg_dump runs in its own session; only SQLite copies through Django's")
    with transaction.atomic(), pytest.raises(backup.BackupError, match="transaction"):
        backup.backup(Path(tmp_path / "db.backup"))


def test_sqlite_copy_is_consistent_while_the_site_writes(tmp_path):
    """The embedded default runs in WAL mode: committed rows still in the WAL are in the copy, a
    write transaction still open in another connection is not, and it is not blocked."""
    import sqlite3

    live = tmp_path / "live.sqlite3"
    writer = sqlite3.connect(live, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")  # keep the committed rows in the -wal file
    writer.execute("CREATE TABLE t (n INTEGER)")
    writer.executemany("INSERT INTO t VALUES (?)", [(n,) for n in range(1000)])
    assert (tmp_path / "live.sqlite3-wal").stat().st_size > 0
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO t VALUES (-1)")  # not committed during the copy

    reader = sqlite3.connect(live)
    backup.sqlite_copy(reader, tmp_path / "copy.sqlite3")
    writer.execute("COMMIT")

    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    assert copy.execute("SELECT count(*), min(n) FROM t").fetchone() == (1000, 0)
    assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    for connection_ in (copy, reader, writer):
        connection_.close()
