"""`make run`: make sure a local admin exists and say how to log in (development only)."""

import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hulplijn.web.accounts.models import User

EMAIL = "beheer@hulplijn.test"


class Command(BaseCommand):
    help = "Create the local admin account (DEBUG only) and print how to log in."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("dev_admin is for local development (DEBUG) only")
        secret_file = settings.VAR_DIR / "dev-admin-password.txt"
        user = User.objects.filter(email=EMAIL).first()
        if user is None or not secret_file.exists():
            password = secrets.token_urlsafe(12)
            user = user or User(email=EMAIL, is_staff=True, is_superuser=True)
            user.set_password(password)
            user.save()
            secret_file.parent.mkdir(parents=True, exist_ok=True)
            secret_file.write_text(password + "\n", encoding="utf-8")
            secret_file.chmod(0o600)
        EmailAddress.objects.update_or_create(
            user=user, email=EMAIL, defaults={"verified": True, "primary": True}
        )
        password = secret_file.read_text(encoding="utf-8").strip()
        self.stdout.write(
            "\nmkb-hulplijn runs at http://127.0.0.1:8000/\n"
            "  SME owners: open / and start the self-assessment (no account needed), or make an\n"
            "              account at /account/signup/ (the e-mails the site sends are files in\n"
            f"              {settings.EMAIL_FILE_PATH}).\n"
            f"  Admin (rounds, feedback moderation, users): log in at /account/login/ as {EMAIL}\n"
            f"              password {password} (kept in {secret_file}); staff set up a\n"
            "              second factor (an authenticator app) at the first login.\n"
        )
