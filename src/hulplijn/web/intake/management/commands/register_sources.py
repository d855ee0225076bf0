"""List the register and credit sources that are configured (names only, never a key)."""

from django.core.management.base import BaseCommand

from hulplijn.web.intake.register import configured_source_names


class Command(BaseCommand):
    help = (
        "List the configured register and credit sources (KVK, Dun & Bradstreet, Experian); "
        "each is off until its HULPLIJN_KVK_*, HULPLIJN_DNB_* or HULPLIJN_EXPERIAN_* "
        "credentials are set."
    )

    def handle(self, *args, **options):
        names = configured_source_names()
        self.stdout.write("\n".join(names) if names else "none")
