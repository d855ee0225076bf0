"""Staff (policy users and the admin) work with a second factor: until they have one they can
only set it up, and a session that did not pass it is sent back to log in."""

from __future__ import annotations

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


class StaffSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            free = (
                reverse("mfa_index"),
                reverse("account_reauthenticate"),
                reverse("account_logout"),
                reverse("set_language"),
            )
            if not request.path.startswith(free):
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
