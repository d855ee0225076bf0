from django.urls import path

from hulplijn.web.accounts import views

app_name = "accounts"
urlpatterns = [
    path("registreren/", views.register, name="register"),
    path("inloggen/", views.login_page, name="login"),
    path("", views.overview, name="overview"),
    path("gegevens.json", views.export, name="export"),
    path("verwijderen/", views.delete_account, name="delete"),
    path("adviseur-worden/", views.become_adviser, name="adviser"),
    path("eherkenning/ontwikkeling/", views.eherkenning_stand_in, name="eherkenning_stand_in"),
]

# django-digid-eherkenning reverses "eherkenning:acs" (and the admin "metadata:..."), so these
# keep the library's namespaces; included from hulplijn.web.urls
eherkenning_urlpatterns = (
    [
        path("login/", views.eherkenning_start, name="login"),
        path("acs/", views.EherkenningReturn.as_view(), name="acs"),
    ],
    "eherkenning",
)
metadata_urlpatterns = (
    [
        path("eherkenning", views.eherkenning_metadata, name="eherkenning"),
        path("eherkenning/dienstcatalogus", views.eherkenning_catalogue, name="eh-dienstcatalogus"),
    ],
    "metadata",
)
