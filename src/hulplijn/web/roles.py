"""The policy role: staff members in the policy group (or with its permission). They see
aggregates only; advisers and guidance editors do not get in unless they also hold the role.
The cockpit's pages, the API's plan model and the audit log (which names the role an access was
made in) all ask, so it sits below every app; the permission itself is the cockpit's."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

PERMISSION = "cockpit.view_cockpit"


def is_policy(user) -> bool:
    return bool(
        user.is_authenticated and user.is_active and user.is_staff and user.has_perm(PERMISSION)
    )


def policy_required(view):
    """Anonymous visitors go to the login page; other users get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_policy(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
