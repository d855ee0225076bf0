"""Error pages tell the truth in Dutch and English: the 500 page (rendered without any request
context), the 403 page and the page for a refused form (CSRF)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import path
from django.views.defaults import server_error

from hulplijn.web import urls as site_urls

pytestmark = pytest.mark.django_db


def broken(request):
    raise RuntimeError("a bug")


def forbidden(request):
    raise PermissionDenied


# this module is the URLconf of these tests: the site's pages plus two that fail on purpose
urlpatterns = [
    path("test-broken/", broken),
    path("test-forbidden/", forbidden),
    *site_urls.urlpatterns,
]

NL_500 = "Wat u net verstuurde, is misschien niet opgeslagen"
EN_500 = "What you just sent may not have been saved"


def test_500_page_from_djangos_view_without_context_says_nothing_may_be_saved():
    """Django's server_error renders 500.html with no context at all."""
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert NL_500 in page and EN_500 in page
    assert "bewaard" not in page and "has been kept" not in page
    assert "{%" not in page and 'lang="en"' in page


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_failing_view_gives_the_bilingual_500_page(settings, language):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/test-broken/")
    page = response.content.decode()
    assert response.status_code == 500
    assert NL_500 in page and EN_500 in page and "Traceback" not in page


@pytest.mark.urls(__name__)
def test_403_page_is_ours_and_translated(client, settings):
    response = client.get("/test-forbidden/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Geen toegang" in page and 'href="/"' in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "No access" in client.get("/test-forbidden/").content.decode()


def test_refused_form_explains_in_dutch_and_links_back():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "en"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Het formulier kon niet worden verstuurd" in page
    assert "cookies" in page and "Er is niets opgeslagen" in page
    assert 'href="/i18n/setlang/"' in page
    assert "CSRF verification failed" not in page
    # the page gives the browser a fresh token cookie, so sending again can work
    assert "csrftoken" in response.cookies


def test_refused_form_in_english(settings):
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.post("/i18n/setlang/", {"language": "nl"}).content.decode()
    assert "The form could not be sent" in page and "allow cookies for this site" in page


def test_refused_form_never_links_to_another_site():
    client = Client(enforce_csrf_checks=True)
    response = client.post("//evil.example/path")
    assert response.status_code in (403, 404)
    assert 'href="//evil.example' not in response.content.decode()
