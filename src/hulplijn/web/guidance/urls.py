"""The mini-survey and measure-uptake addresses of one assessment; hulplijn.web.urls puts them in
the assessments namespace, so they keep their names."""

from django.urls import path

from hulplijn.web.guidance import views

urlpatterns = [
    path("beoordeling/<uuid:pk>/vragenlijst/<slug:code>/", views.survey, name="survey"),
    path("beoordeling/<uuid:pk>/maatregel/<slug:measure>/", views.uptake, name="uptake"),
]
