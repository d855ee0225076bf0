"""eHerkenning login (e-mail accounts are django-allauth's, see adapter.py), the
owner's overview, and the GDPR pages: download all data, delete the account."""

from __future__ import annotations

import json
import logging
from functools import wraps
from urllib.parse import urlsplit

from digid_eherkenning.exceptions import CertificateProblem, SAML2Error
from digid_eherkenning.models import EherkenningConfiguration
from digid_eherkenning.saml2.eherkenning import (
    generate_dienst_catalogus_metadata,
    generate_eherkenning_metadata,
)
from digid_eherkenning.views import (
    eHerkenningAssertionConsumerServiceView,
    eHerkenningLoginView,
)
from digid_eherkenning.views.metadata import MetadataView
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hulplijn.web.accounts import eherkenning, fresh_login, gdpr
from hulplijn.web.accounts.forms import (
    AdviserRequestForm,
    DeleteAccountForm,
    EherkenningStandInForm,
)
from hulplijn.web.accounts.models import AdviserRequest
from hulplijn.web.assessments import services
from hulplijn.web.assessments.models import Assessment, Share

logger = logging.getLogger(__name__)


def _allauth(name: str):
    """The Dutch addresses of the old login and registration pages lead to django-allauth's."""

    def view(request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        return HttpResponseRedirect(reverse(name) + (f"?{query}" if query else ""))

    return view


register = _allauth("account_signup")
login_page = _allauth("account_login")


def _sign_in(request: HttpRequest, user) -> None:
    """Log in after eHerkenning (anonymous work is offered to the account: assessments.receivers)."""
    auth.login(request, user, backend=eherkenning.BACKEND)
    eherkenning.remember_login(request)


def _when_configured(view):
    """404 until the operator has configured eHerkenning in the admin."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not eherkenning.configured():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@require_GET
@_when_configured
def eherkenning_start(request: HttpRequest) -> HttpResponse:
    """Off to the eHerkenning broker (a form that posts itself)."""
    try:
        response = eHerkenningLoginView.as_view()(request)
    except CertificateProblem:
        logger.exception("eHerkenning: no valid certificate")
        messages.error(request, _("Logging in with eHerkenning is not possible right now."))
        return redirect("accounts:login")
    # the page posts the signed request to the broker: allow that one origin (CSP form-action)
    broker = urlsplit(response.context_data["url"])
    response._csp_update = {"form-action": [f"{broker.scheme}://{broker.netloc}"]}
    return response


# the service provider's metadata and service catalogue, for the eHerkenning broker
eherkenning_metadata = _when_configured(
    MetadataView.as_view(
        config_model=EherkenningConfiguration,
        metadata_generator=generate_eherkenning_metadata,
        filename="eh-metadata.xml",
    )
)
eherkenning_catalogue = _when_configured(
    MetadataView.as_view(
        config_model=EherkenningConfiguration,
        metadata_generator=generate_dienst_catalogus_metadata,
        filename="dienstcatalogus.xml",
    )
)


@method_decorator(_when_configured, name="dispatch")
class EherkenningReturn(eHerkenningAssertionConsumerServiceView):
    """The broker sends the visitor back here with an artifact; the library resolves and
    validates it, our backend maps KvK number and level of assurance to an account."""

    def get(self, request):
        try:
            user = auth.authenticate(
                request=request, eherkenning=True, saml_art=request.GET.get("SAMLart")
            )
        except eherkenning.LoginRefused as refused:
            return self.handle_error(request, refused.message)
        except SAML2Error:
            user = None
        if user is None:
            return self.handle_error(
                request, _("Logging in with eHerkenning did not succeed. Please try again.")
            )
        _sign_in(request, user)
        return HttpResponseRedirect(self.get_success_url())


def eherkenning_stand_in(request: HttpRequest) -> HttpResponse:
    """Development only (HULPLIJN_EHERKENNING_DEV_LOGIN, refused by production settings):
    type the KvK number and level of assurance a broker would assert."""
    if not settings.HULPLIJN_EHERKENNING_DEV_LOGIN:
        raise Http404
    form = EherkenningStandInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        identity = eherkenning.Identity(
            form.cleaned_data["kvk_number"], form.cleaned_data["level_of_assurance"]
        )
        current = request.user if request.user.is_authenticated else None
        try:
            user = eherkenning.account_for(identity, current)
        except eherkenning.LoginRefused as refused:
            form.add_error(None, refused.message)
        else:
            _sign_in(request, user)
            return redirect(_safe_next(request) or "accounts:overview")
    return render(request, "accounts/eherkenning_stand_in.html", {"form": form})


def _safe_next(request: HttpRequest) -> str | None:
    """The page to return to after logging in, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else None


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/overview.html",
        {
            "assessments": Assessment.objects.filter(owner=request.user).select_related("round"),
            # what owners share with this adviser, by the name each owner gave it
            "shared": Share.objects.filter(adviser=request.user, revoked_at__isnull=True)
            .select_related("assessment")
            .defer("assessment__result", "assessment__firm_input", "assessment__verification")
            if request.user.is_adviser
            else [],
            "draft": services.current_draft(request),
        },
    )


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """All data about this account as a JSON download (GDPR right of access)."""
    body = json.dumps(gdpr.export(request.user), cls=DjangoJSONEncoder, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="mkb-hulplijn-gegevens-{timezone.localdate():%Y-%m-%d}.json"'
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    """Delete the account and all personal data, after confirming (GDPR right to erasure):
    with the password, or (accounts without one) within minutes of logging in again."""
    user = request.user
    fresh = fresh_login.recent(request, user)
    form = DeleteAccountForm(request.POST or None, user=user, fresh_login=fresh)
    if request.method == "POST" and form.is_valid():
        auth.logout(request)
        gdpr.delete(user)
        messages.success(request, _("Your account and all your data have been deleted."))
        return redirect("landing")
    context = {"form": form}
    if form.needs_login and not fresh:
        context["means"] = fresh_login.means(user)
        context["login_again"] = fresh_login.login_url(user, next_url=reverse("accounts:delete"))
    return render(request, "accounts/delete.html", context)


def become_adviser(request: HttpRequest) -> HttpResponse:
    """How to become an adviser, for everybody; for an account holder with an e-mail address
    (owners share with an adviser by address), the request: the office and its KvK number. A
    staff member approves it in the admin; until then the page says it is pending."""
    user = request.user
    latest = AdviserRequest.objects.filter(user=user).first() if user.is_authenticated else None
    pending = latest is not None and latest.status == AdviserRequest.Status.PENDING
    may_ask = user.is_authenticated and not user.is_adviser and bool(user.email) and not pending
    if request.method == "POST" and not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = AdviserRequestForm(request.POST or None) if may_ask else None
    if request.method == "POST" and form is not None and form.is_valid():
        asked = form.save(commit=False)
        asked.user = user
        try:
            with transaction.atomic():
                asked.save()
        except IntegrityError:  # a second submit at the same moment: the first one counts
            pass
        messages.success(
            request,
            _("Your request has been received."),
        )
        return redirect("accounts:adviser")
    return render(
        request,
        "accounts/adviser.html",
        {"form": form, "latest": latest, "pending": pending},
    )
