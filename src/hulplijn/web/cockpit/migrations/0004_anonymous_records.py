"""Statistical records anonymous in fact (issue #11, attack 4): a random UUID instead of the
sequential id, a random cell-key record key, percentile bands instead of percentiles, the
value-added change in whole thousands of euros, no SBI division.

The old table is renamed, its rows are copied into the new one in random order (so the new
table's row order says nothing about the old ids or the order of the assessments) with fresh
ids and record keys, and the old table is dropped. Irreversible: the exact figures are gone.
"""

import secrets
import uuid

import django.db.models.deletion
from django.db import migrations, models

import hulplijn.core.disclosure.cellkey

BANDS = [
    ("0-19", "0-19"),
    ("20-39", "20-39"),
    ("40-59", "40-59"),
    ("60-79", "60-79"),
    ("80-100", "80-100"),
    ("not_given", "not_given"),
]
PERCENTILES = ("productivity_growth", "job_growth", "liquidity", "solvency")


def band_field(name):
    return models.CharField(choices=BANDS, default="not_given", max_length=9, verbose_name=name)


def convert(apps, schema_editor):
    from hulplijn.core.disclosure.cellkey import new_record_key
    from hulplijn.plan.records import band, round_thousands

    Old = apps.get_model("cockpit", "LegacyStatisticalRecord")
    New = apps.get_model("cockpit", "StatisticalRecord")
    columns = [
        "round_id",
        "month",
        "size_class",
        "section",
        "segment",
        "value_added_change",
        *(f"{p}_percentile" for p in PERCENTILES),
        "sector_impact",
        "eligible_measures",
        "verification_flags",
    ]
    rows = [dict(zip(columns, row, strict=True)) for row in Old.objects.values_list(*columns)]
    secrets.SystemRandom().shuffle(rows)
    batch = []
    for row in rows:
        bands = {f"{p}_band": band(row.pop(f"{p}_percentile")) for p in PERCENTILES}
        row["value_added_change"] = round_thousands(row["value_added_change"])
        batch.append(New(id=uuid.uuid4(), record_key=new_record_key(), **row, **bands))
    New.objects.bulk_create(batch, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0006_statistics_queue"),
        ("cockpit", "0003_statisticalrecord"),
    ]

    operations = [
        migrations.RenameModel("StatisticalRecord", "LegacyStatisticalRecord"),
        migrations.CreateModel(
            name="StatisticalRecord",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "record_key",
                    models.PositiveBigIntegerField(
                        default=hulplijn.core.disclosure.cellkey.new_record_key,
                        editable=False,
                        help_text="Random, uniform on 0 .. 2**32 - 1 (cell-key method)",
                        verbose_name="record key",
                    ),
                ),
                (
                    "month",
                    models.DateField(help_text="First day of the month", verbose_name="month"),
                ),
                ("size_class", models.CharField(max_length=10, verbose_name="size class")),
                ("section", models.CharField(max_length=1, verbose_name="SBI section")),
                (
                    "segment",
                    models.CharField(blank=True, max_length=12, verbose_name="growth segment"),
                ),
                (
                    "value_added_change",
                    models.BigIntegerField(
                        help_text=(
                            "Gross margin of the later reference year minus the earlier one, "
                            "in euros rounded to whole thousands (half up): a multiple of 1,000"
                        ),
                        verbose_name="value-added change (euro)",
                    ),
                ),
                ("productivity_growth_band", band_field("productivity growth band")),
                ("job_growth_band", band_field("job growth band")),
                ("liquidity_band", band_field("liquidity band")),
                ("solvency_band", band_field("solvency band")),
                (
                    "sector_impact",
                    models.CharField(blank=True, max_length=20, verbose_name="sector impact class"),
                ),
                (
                    "eligible_measures",
                    models.JSONField(blank=True, default=list, verbose_name="eligible measures"),
                ),
                (
                    "verification_flags",
                    models.JSONField(blank=True, default=list, verbose_name="register flags"),
                ),
                (
                    "round",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="assessments.assessmentround",
                    ),
                ),
            ],
            options={
                "verbose_name": "statistical record",
                "verbose_name_plural": "statistical records",
            },
        ),
        migrations.RunPython(convert),
        migrations.DeleteModel("LegacyStatisticalRecord"),
    ]
