"""django-allauth keeps an account's e-mail addresses and whether each was verified. Accounts made
before it get their address as not yet verified: the next login sends a link to it, so an address
somebody else registered first never becomes theirs."""

from django.db import migrations


def addresses(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    EmailAddress.objects.bulk_create(
        EmailAddress(user_id=user.pk, email=user.email.lower(), primary=True, verified=False)
        for user in User.objects.exclude(email=None).exclude(email="").only("pk", "email")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_eherkenning_identity"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]
    operations = [migrations.RunPython(addresses, migrations.RunPython.noop)]
