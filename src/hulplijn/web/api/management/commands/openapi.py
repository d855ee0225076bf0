"""``manage.py openapi``: write the API's OpenAPI document (docs/openapi.json), or check it."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hulplijn.web.api.api import schema_text


class Command(BaseCommand):
    help = "Write the OpenAPI document of /api/v1/ (sorted keys, indent 2), or --check it."

    def add_arguments(self, parser):
        parser.add_argument(
            "--out",
            type=Path,
            default=Path(settings.BASE_DIR) / "docs" / "openapi.json",
            help="where to write (default: docs/openapi.json in the project folder)",
        )
        parser.add_argument(
            "--check", action="store_true", help="fail when the file differs (write nothing)"
        )

    def handle(self, *args, out: Path, check: bool, **options):
        text = schema_text()
        if check:
            if not out.exists() or out.read_text(encoding="utf-8") != text:
                raise CommandError(f"{out} is out of date: run `make openapi`")
            self.stdout.write(f"{out} is up to date")
            return
        out.write_text(text, encoding="utf-8")
        self.stdout.write(f"wrote {out}")
