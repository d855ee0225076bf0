"""Share links expire. A link made before this migration works for 30 more days."""

from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone


def expire_links(apps, schema_editor):
    Share = apps.get_model("assessments", "Share")
    Share.objects.filter(adviser__isnull=True, expires_at__isnull=True).update(
        expires_at=timezone.now() + timedelta(days=30)
    )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0006_statistics_queue")]

    operations = [
        migrations.AddField(
            model_name="share",
            name="expires_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(expire_links, migrations.RunPython.noop),
    ]
