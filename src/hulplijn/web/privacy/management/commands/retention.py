"""manage.py retention: delete what has been kept long enough (hulplijn.web.privacy.retention)."""

from django.core.management.base import BaseCommand

from hulplijn.web.privacy import retention


class Command(BaseCommand):
    help = (
        "Delete expired sessions, anonymous assessments their session can no longer reach, "
        "idle drafts and old audit events (periods: HULPLIJN_RETENTION_* settings). Run daily; "
        "running it twice deletes nothing more."
    )

    def handle(self, *args, **options):
        verbose = options["verbosity"] >= 2

        def progress(name: str, done: int) -> None:
            if verbose or done >= retention.BATCH:
                self.stderr.write(f"{name}: {done} deleted so far")

        counts = retention.run(progress=progress)
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count} deleted")
