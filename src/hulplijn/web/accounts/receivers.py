"""Signal receivers of the accounts app."""

from __future__ import annotations

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.signals import authenticator_added
from django.dispatch import receiver


@receiver(authenticator_added)
def second_factor_set_up(sender, request, user, authenticator, **kwargs) -> None:
    """Setting up a second factor proves having it: this session counts as passed."""
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
