"""``manage.py anonymity_check``: the k-anonymity of the stored statistical records."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from hulplijn.web.cockpit import anonymity


class Command(BaseCommand):
    help = (
        "Report k (the smallest group of records sharing the quasi-identifiers) over (round, "
        "month, size_class, section) and with segment, and the records in groups smaller than "
        "k_min; with --strict exit 1 when any record of those two is in a smaller group."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--k-min", type=int, default=None, help="default: min_cell_firms")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="one JSON object per check"
        )
        parser.add_argument("--strict", action="store_true")

    def handle(self, *args, k_min=None, as_json=False, strict=False, **options) -> None:
        found = anonymity.report(k_min)
        for result in found:
            held = result.quasi_identifiers in anonymity.CHECKS
            if as_json:
                self.stdout.write(_json(result, held))
                continue
            note = "" if held else " (for information: not held to k_min)"
            self.stdout.write(
                f"{', '.join(result.quasi_identifiers)}{note}: k = {result.k} over "
                f"{result.records} records in {result.groups} groups; "
                f"{result.records_in_small_groups} records in {result.small_groups} groups "
                f"of fewer than {result.k_min}"
            )
        if strict and not all(r.ok for r in found if r.quasi_identifiers in anonymity.CHECKS):
            raise CommandError("records in groups smaller than k_min")


def _json(result, held: bool) -> str:
    return json.dumps(
        {
            "quasi_identifiers": list(result.quasi_identifiers),
            "k": result.k,
            "k_min": result.k_min,
            "records": result.records,
            "groups": result.groups,
            "small_groups": result.small_groups,
            "records_in_small_groups": result.records_in_small_groups,
            "held_to_k_min": held,
        }
    )
