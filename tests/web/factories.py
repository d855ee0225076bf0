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
