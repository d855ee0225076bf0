"""django-allauth hooks: failed-login limits that spare a browser the account used before, the
device cookie after a login, and accounts made by an OpenID Connect login (iDIN)."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter

from hulplijn.web.accounts import devices


class AccountAdapter(DefaultAccountAdapter):
    def pre_authenticate(self, request, **credentials) -> None:
        """Failed logins per address and per account are limited (ACCOUNT_RATE_LIMITS
        "login_failed"), except in a browser that logged in to this account before: a guesser
        can slow down new browsers but never lock the owner out of their own."""
        if devices.trusted(request, credentials.get("email", "")):
            self._login_failed_rl_usage = None
            return
        super().pre_authenticate(request, **credentials)

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        if user.email:
            devices.remember(request, response, user.email)
        return response


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """iDIN (OpenID Connect through a broker) identifies a person; the account it makes has no
    password and, unless the broker sends a verified address, no e-mail address."""

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return True

    def populate_user(self, request, sociallogin, data):
        """Only an address the broker says is verified (``email_verified`` true) and that no other
        account has becomes the new account's: an unverified one could be anybody's, and an
        address of an existing account never joins or takes over that account (the person can
        still link them by logging in to it)."""
        from allauth.account.models import EmailAddress
        from django.contrib.auth import get_user_model

        def taken(email: str) -> bool:
            return (
                EmailAddress.objects.filter(email__iexact=email).exists()
                or get_user_model().objects.filter(email__iexact=email).exists()
            )

        sociallogin.email_addresses = [
            address
            for address in sociallogin.email_addresses
            if address.verified is True and not taken(address.email)
        ]
        email = sociallogin.email_addresses[0].email if sociallogin.email_addresses else None
        user = super().populate_user(request, sociallogin, {**data, "email": email})
        user.email = email
        return user
