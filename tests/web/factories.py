"""factory_boy factories for the web apps."""

import factory

from hulplijn.web.accounts.models import User

PASSWORD = "een-lang-wachtwoord-42"
# a staff member's authenticator app (base32); tests compute its current code with totp_code()
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The code an authenticator app shows now for ``secret`` (RFC 6238, 30 s, 6 digits)."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def with_second_factor(user, secret: str = TOTP_SECRET):
    """Give ``user`` an authenticator app (a real allauth TOTP authenticator)."""
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, secret)
    return user


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
            if obj.email:  # the owner opened the verification link sent at sign-up
                from allauth.account.models import EmailAddress

                EmailAddress.objects.create(user=obj, email=obj.email, primary=True, verified=True)


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
            with_second_factor(obj)  # staff work with a second factor
