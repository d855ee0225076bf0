"""At every login (e-mail, eHerkenning, iDIN, the admin; django-allauth or not): start the
session's clocks and offer this browser's anonymous work to the account (nothing moves until
the person says yes on the claim page). When an assessment is deleted (by its owner, with its
account, by retention): its rendered result goes from the cache with it."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from hulplijn.web import session_timeout
from hulplijn.web.assessments import services
from hulplijn.web.assessments.models import Assessment

# the name under which assessments/dashboard.html caches an assessment's rendered result
# (``{% cache ... dashboard-folded stored.pk LANGUAGE_CODE %}``), once per language
RESULT_FRAGMENT = "dashboard-folded"


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


@receiver(post_delete, sender=Assessment, dispatch_uid="hulplijn-assessments-forget-rendered")
def forget_rendered(sender, instance, **kwargs) -> None:
    """The assessment's result as the dashboard rendered it (its figures, in every language)
    is removed from the cache, which would otherwise keep it until it expires and the database
    cache culls it: a deleted firm's figures must not outlive it anywhere."""
    cache.delete_many(
        [
            make_template_fragment_key(RESULT_FRAGMENT, [instance.pk, code])
            for code, _name in settings.LANGUAGES
        ]
    )
