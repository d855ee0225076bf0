"""factory_boy factories for the web apps."""

import factory

from hulplijn.web.accounts.models import User

PASSWORD = "een-lang-wachtwoord-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"ondernemer{n}@example.nl")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AdviserFactory(UserFactory):
    email = factory.Sequence(lambda n: f"adviseur{n}@example.nl")
    is_adviser = True


class PolicyUserFactory(UserFactory):
    """A staff member in the policy group (the cockpit's role, migration cockpit 0002)."""

    email = factory.Sequence(lambda n: f"beleid{n}@example.nl")
    is_staff = True

    @factory.post_generation
    def policy_group(obj, create, extracted, **kwargs):
        if create:
            from django.contrib.auth.models import Group, Permission

            from hulplijn.web.cockpit.models import POLICY_GROUP

            # the group comes from a migration; a browser test's flush removes it again
            group = Group.objects.get_or_create(name=POLICY_GROUP)[0]
            group.permissions.add(Permission.objects.get(codename="view_cockpit"))
            obj.groups.add(group)
