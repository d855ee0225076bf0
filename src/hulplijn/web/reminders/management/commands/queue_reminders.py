"""manage.py queue_reminders: queue the e-mail reminders that are due (run daily, e.g. from
cron; running it twice sends nothing twice). The worker (manage.py db_worker) sends them."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hulplijn.web.reminders import tasks


class Command(BaseCommand):
    help = (
        "Queue the opt-in e-mail reminders that are due: a new round opened, a follow-up on a "
        "measure the owner meant to apply for. Each reminder is made and sent once."
    )

    def handle(self, *args, **options):
        if not settings.HULPLIJN_SITE_URL:
            raise CommandError(
                "HULPLIJN_SITE_URL is not set: the links in a reminder need the site's address"
            )
        made = tasks.queue()
        self.stdout.write(
            f"new_round: {made['new_round']} new, follow_up: {made['follow_up']} new, "
            f"sending queued for {made['accounts']} account(s)"
        )
