"""Account pages: the owner's API tokens, making one (shown once) and revoking one."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hulplijn.web.api import tokens as token_service
from hulplijn.web.api.forms import TokenForm
from hulplijn.web.api.models import ApiToken


@never_cache
@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """List the user's tokens; a POST makes one and shows it this once (never stored)."""
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = token_service.issue(
                request.user, form.cleaned_data["name"], form.cleaned_data["days"]
            )
            form = TokenForm()
        except token_service.TooManyTokens:
            form.add_error(None, too_many_message())
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "new_token": new_token,
            "tokens": ApiToken.objects.filter(owner=request.user),
            "max_tokens": settings.HULPLIJN_API_MAX_TOKENS,
        },
    )


def too_many_message() -> str:
    count = settings.HULPLIJN_API_MAX_TOKENS
    return _(
        "You already have %(count)d tokens that work, the most you can have. "
        "Revoke one you no longer use before you make a new one."
    ) % {"count": count}


@require_POST
@login_required
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's own active tokens; 404 for any other id."""
    if not token_service.revoke(request.user, pk):
        raise Http404
    messages.success(request, _("The token has been revoked. It no longer works."))
    return redirect("api_tokens:list")
