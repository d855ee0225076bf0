"""At every login (e-mail, eHerkenning, iDIN, the admin; django-allauth or not): start the
session's clocks and offer this browser's anonymous work to the account (nothing moves until
the person says yes on the claim page)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from hulplijn.web import session_timeout
from hulplijn.web.assessments import services


@receiver(user_logged_in, dispatch_uid="hulplijn-assessments-login")
def logged_in(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    session_timeout.started(request.session)
    # Django's login() has already given the session a new key, keeping its data: the
    # pre-login key of the anonymous work is in that data (services.WORK_KEY)
    if services.offer_anonymous_work(request) and hasattr(request, "_messages"):
        messages.info(
            request,
            format_html(
                '{} <a class="nl-link" href="{}">{}</a>',
                _("This browser has an anonymous self-assessment."),
                reverse("assessments:claim"),
                _("Add it to your account?"),
            ),
        )
