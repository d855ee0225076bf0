"""Import register figures (e.g. from deposited annual accounts) from CSV or Parquet."""

from pathlib import Path

import duckdb
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hulplijn.web.intake.models import RegisterRecord

NUMBERS = ("gross_margin", "wage_costs", "fte", "equity", "total_assets")


class Command(BaseCommand):
    help = (
        "Import register figures per KvK number and year from FILE.csv or FILE.parquet "
        "(columns: kvk_number, year, and any of gross_margin, wage_costs, fte, equity, "
        "total_assets, sbi, working_persons)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", default="register", help="Name shown to the user.")

    def handle(self, *args, file: Path, source: str, **options):
        if not file.exists():
            raise CommandError(f"{file}: bestand niet gevonden")
        reader = {".csv": "read_csv", ".parquet": "read_parquet"}.get(file.suffix.lower())
        if reader is None:
            raise CommandError(f"{file}: gebruik .csv of .parquet")
        con = duckdb.connect()
        path = str(file).replace("'", "''")
        options = ", header=true, all_varchar=true" if reader == "read_csv" else ""
        relation = con.sql(f"SELECT * FROM {reader}('{path}'{options})")
        columns = relation.columns
        missing = {"kvk_number", "year"} - set(columns)
        if missing:
            raise CommandError(f"kolommen ontbreken: {', '.join(sorted(missing))}")
        count = 0
        with transaction.atomic():
            for row in relation.fetchall():
                record = dict(zip(columns, row, strict=True))
                number = str(record["kvk_number"]).strip().zfill(8)
                values = {k: _float(record.get(k)) for k in NUMBERS if k in record}
                RegisterRecord.objects.update_or_create(
                    kvk_number=number,
                    year=int(float(record["year"])),
                    defaults={
                        **values,
                        "source": source,
                        "sbi": str(record.get("sbi") or "").strip(),
                        "working_persons": _int(record.get("working_persons")),
                    },
                )
                count += 1
        self.stdout.write(f"{count} register records imported from {file.name}")


def _float(value):
    return None if value in (None, "") else float(value)


def _int(value):
    return None if value in (None, "") else int(float(value))
