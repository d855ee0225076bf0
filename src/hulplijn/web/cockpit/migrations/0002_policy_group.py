"""The policy role as a group ("Beleid") holding the cockpit permission; staff members put in
this group in the admin get the cockpit, nobody else."""

from django.db import migrations

GROUP = "Beleid"


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="cockpit", model="scenario")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_cockpit",
        defaults={"name": "Can open the policy cockpit (aggregates only)"},
    )
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(permission)


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cockpit", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create, remove)]
