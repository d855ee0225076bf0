"""Staff (policy users and the admin) work with a second factor: until they have one they can
only set it up, and a session that did not pass it is sent back to log in."""

from __future__ import annotations

from functools import cache

from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import auth, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def passed_second_factor(request) -> bool:
    """True when this session's login included a second factor (or set one up)."""
    methods = request.session.get(AUTHENTICATION_METHODS_SESSION_KEY, [])
    return any(method.get("method") == "mfa" for method in methods)


@cache
def _free_paths() -> tuple[str, ...]:
    """Where a staff member without (a passed) second factor may still go: setting one up,
    confirming the password for that, logging out, switching the language."""
    names = ("mfa_index", "account_reauthenticate", "account_logout", "set_language")
    return tuple(reverse(name) for name in names)


class StaffSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        staff = user is not None and user.is_authenticated and user.is_staff
        if not staff or request.path.startswith(_free_paths()):
            return self.get_response(request)
        if not is_mfa_enabled(user, types=SECOND_FACTORS):
            messages.warning(
                request,
                _(
                    "Staff accounts need a second factor. Set up an authenticator app "
                    "or a security key first."
                ),
            )
            return redirect("mfa_index")
        if not passed_second_factor(request):
            auth.logout(request)
            messages.warning(request, _("Log in again with your second factor."))
            return redirect(f"{reverse('account_login')}?next={request.path}")
        return self.get_response(request)
