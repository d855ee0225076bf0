"""The owner's reminder choice (account overview) and the one-click unsubscribe page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from hulplijn.web.reminders import services
from hulplijn.web.reminders.forms import ReminderSettingsForm


@login_required
@require_POST
def choose(request: HttpRequest) -> HttpResponse:
    form = ReminderSettingsForm(request.POST)
    form.is_valid()  # tick boxes: always valid
    services.choose(
        request.user,
        new_round=bool(form.cleaned_data.get("new_round")),
        follow_up=bool(form.cleaned_data.get("follow_up")),
        language=request.LANGUAGE_CODE,
    )
    messages.success(request, _("Your choice of e-mail reminders has been saved."))
    return redirect(reverse("accounts:overview") + "#herinneringen")


@csrf_exempt  # the signed token is the permission; mail programs post without a cookie (RFC 8058)
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows one button (a link checker that opens the link changes nothing); POST, from
    that button or from a mail program's own unsubscribe button, turns every reminder off."""
    user_id = services.user_of(token)
    if user_id is None:
        return render(request, "reminders/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        services.unsubscribe(user_id)
        return render(request, "reminders/unsubscribe.html", {"done": True})
    return render(request, "reminders/unsubscribe.html", {"token": token})
