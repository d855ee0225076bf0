"""Load the best-practice library written for the product (reference data best_practices.yaml);
from here on it is edited in the admin."""

from django.db import migrations


def load(apps, schema_editor):
    from hulplijn.reference import params

    BestPractice = apps.get_model("guidance", "BestPractice")
    for p in params.best_practices()["practices"]:
        BestPractice.objects.update_or_create(
            code=p["code"],
            defaults={
                "area": p["area"],
                "theme": p["theme"],
                "title": p["title"],
                "title_nl": p["title"],
                "title_en": p["title_en"],
                "summary": p["summary"],
                "summary_nl": p["summary"],
                "summary_en": p["summary_en"],
                "steps": "\n".join(p["steps"]),
                "steps_nl": "\n".join(p["steps"]),
                "steps_en": "\n".join(p["steps_en"]),
                "sections": _list(p["sections"]),
                "size_classes": _list(p["size_classes"]),
                "segments": _list(p["segments"]),
                "source": p["source"],
                "source_url": p["source_url"],
            },
        )


def _list(value):
    return value if isinstance(value, list) else [value]


class Migration(migrations.Migration):
    dependencies = [("guidance", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
