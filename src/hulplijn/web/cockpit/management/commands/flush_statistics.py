"""``manage.py flush_statistics``: write the queued consenting assessments as one shuffled batch
of anonymised statistical records (cockpit.statistics)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from hulplijn.web.cockpit import statistics


class Command(BaseCommand):
    help = (
        "Write the queued statistics as one batch in random order. Refuses a batch smaller than "
        "min_cell_firms (10) unless --force: in a smaller batch a record can be lined up with "
        "fewer assessments (the batch is all that hides which assessment it came from). Use "
        "--force only to close a round or the evaluation, or in tests."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="also a batch smaller than 10")

    def handle(self, *args, force=False, **options) -> None:
        try:
            written = statistics.flush(force=force)
        except statistics.BatchTooSmall as small:
            raise CommandError(f"{small}; not written (use --force to write it anyway)") from None
        self.stdout.write(f"{written} records written; {statistics.pending()} queued")
