"""manage.py restore FILE: replace the default database's contents with a backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from hulplijn.web.ops import backup


class Command(BaseCommand):
    help = (
        "Replace ALL data in the default database with a backup made by 'manage.py backup' "
        "(SQLite file or PostgreSQL custom-format dump). Stop the app servers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the backup file")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args, file: Path, interactive: bool, **options):
        try:
            target = f"{backup.vendor()} database {connections['default'].settings_dict['NAME']}"
            if interactive:
                answer = input(f"This replaces all data in the {target} with {file}. Type 'yes': ")
                if answer.strip().lower() != "yes":
                    raise CommandError("restore cancelled")
            backup.restore(file)
        except backup.BackupError as problem:
            raise CommandError(str(problem)) from problem
        self.stdout.write(f"{target} restored from {file}")
