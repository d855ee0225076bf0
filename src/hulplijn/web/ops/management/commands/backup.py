"""manage.py backup --output FILE: a consistent backup of the default database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hulplijn.web.ops import backup


class Command(BaseCommand):
    help = (
        "Back up the default database to FILE while the site runs: a SQLite file (online backup "
        "API) or a PostgreSQL custom-format dump (pg_dump -Fc)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", required=True, type=Path, help="the backup file")

    def handle(self, *args, output: Path, **options):
        try:
            written = backup.backup(output)
        except backup.BackupError as problem:
            raise CommandError(str(problem)) from problem
        size = written.stat().st_size
        self.stdout.write(
            f"backup of the {backup.vendor()} database written to {written} ({size} bytes)"
        )
