"""``manage.py rebuild_monitoring``: compute the monitoring atoms again from every statistical
record (cockpit.aggregates.rebuild), e.g. after restoring records from a backup."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from hulplijn.web.cockpit import aggregates


class Command(BaseCommand):
    help = "Compute the monitoring atoms again from every statistical record (GROUP BY)."

    def handle(self, *args, **options) -> None:
        start = time.perf_counter()
        with transaction.atomic():
            atoms = aggregates.rebuild()
        self.stdout.write(f"{atoms} atoms from the records in {time.perf_counter() - start:.1f} s")
