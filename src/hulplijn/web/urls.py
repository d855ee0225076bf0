from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from hulplijn.web.accounts import urls as accounts_urls
from hulplijn.web.api.api import api
from hulplijn.web.assessments import urls as assessments_urls
from hulplijn.web.assessments import views
from hulplijn.web.dashboard import urls as dashboard_urls
from hulplijn.web.guidance import urls as guidance_urls
from hulplijn.web.privacy import views as privacy

# the admin has no login page of its own: staff log in on the site's (with their second factor)
admin.site.login = secure_admin_login(admin.site.login)

# every address of one assessment is named in the assessments namespace, whichever app serves it:
# the wizard and sharing (assessments), the dashboard, its surveys and measure uptake (guidance)
assessment_urls = (
    [*assessments_urls.urlpatterns, *dashboard_urls.urlpatterns, *guidance_urls.urlpatterns],
    assessments_urls.app_name,
)

urlpatterns = [
    path("", views.landing, name="landing"),
    path("privacy/", privacy.privacy, name="privacy"),
    path("over-ons/", privacy.about, name="about"),
    path("", include("hulplijn.web.intake.urls")),
    path("", include(assessment_urls)),
    path("account/", include("hulplijn.web.accounts.urls")),
    path("account/", include("hulplijn.web.reminders.urls")),
    # django-allauth: login, sign-up with e-mail verification, password reset and change, second
    # factor (account/2fa/), iDIN through OpenID Connect (account/oidc/idin/)
    path("account/", include("allauth.urls")),
    path("account/eherkenning/", include(accounts_urls.eherkenning_urlpatterns)),
    path("account/eherkenning/metadata/", include(accounts_urls.metadata_urlpatterns)),
    path("account/tokens/", include("hulplijn.web.api.urls")),
    path("api/v1/", api.urls),
    path("beleid/", include("hulplijn.web.cockpit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path(settings.HULPLIJN_ADMIN_PATH, admin.site.urls),  # default beheer/
]
