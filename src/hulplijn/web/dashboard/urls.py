"""The dashboard's addresses; hulplijn.web.urls puts them in the assessments namespace with the
wizard's and guidance's, so every address of one assessment keeps its name."""

from django.urls import path

from hulplijn.web.dashboard import trend, views

urlpatterns = [
    path("beoordeling/<uuid:pk>/", views.show, name="dashboard"),
    path("beoordeling/<uuid:pk>/wat-als/", views.what_if, name="what_if"),
    path("beoordeling/<uuid:pk>/feedback/", views.feedback, name="feedback"),
    path("beoordeling/<uuid:pk>/rapport.pdf", views.report_pdf, name="report_pdf"),
    path("gedeeld/<uuid:token>/", views.show_shared, name="shared"),
    path("gedeeld/<uuid:token>/wat-als/", views.shared_what_if, name="shared_what_if"),
    path("gedeeld/<uuid:token>/rapport.pdf", views.shared_pdf, name="shared_pdf"),
    path("mijn-ontwikkeling/", trend.page, name="trend"),
]
