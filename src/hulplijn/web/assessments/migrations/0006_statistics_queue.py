"""The queue of the anonymised statistics (cockpit.statistics): a consenting assessment waits
here until a batch of at least 10 is written. Assessments stored before already have their
record (cockpit migration 0003 and the writes since), so none starts queued."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0005_owner_newest_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="statistics_pending",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddIndex(
            model_name="assessment",
            index=models.Index(
                condition=models.Q(("statistics_pending", True)),
                fields=["round"],
                name="assessment_statistics_queue",
            ),
        ),
    ]
