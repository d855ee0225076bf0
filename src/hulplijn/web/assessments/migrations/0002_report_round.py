"""The report's own assessment round: 2016 and 2018, February and July 2020."""

from django.db import migrations


def create(apps, schema_editor):
    AssessmentRound = apps.get_model("assessments", "AssessmentRound")
    if not AssessmentRound.objects.exists():
        AssessmentRound.objects.create(
            name="Herstel- en groeiplan mkb (2016/2018, feb/jul 2020)",
            year_1=2016,
            year_2=2018,
            moment_1="2020-02",
            moment_2="2020-07",
            is_open=True,
        )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
