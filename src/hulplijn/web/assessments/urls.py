from django.urls import path

from hulplijn.web.assessments import views
from hulplijn.web.guidance import views as guidance

app_name = "assessments"
urlpatterns = [
    path("zelfdiagnose/", views.start, name="start"),
    path("zelfdiagnose/overnemen/", views.claim, name="claim"),
    path("zelfdiagnose/<slug:step>/", views.step, name="step"),
    path("beoordeling/<uuid:pk>/", views.show, name="dashboard"),
    path("beoordeling/<uuid:pk>/wat-als/", views.what_if, name="what_if"),
    path("beoordeling/<uuid:pk>/feedback/", views.feedback, name="feedback"),
    path("beoordeling/<uuid:pk>/delen/", views.share, name="share"),
    path("beoordeling/<uuid:pk>/delen/<int:share_id>/stoppen/", views.revoke, name="revoke"),
    path("beoordeling/<uuid:pk>/verwijderen/", views.delete, name="delete"),
    path("beoordeling/<uuid:pk>/vragenlijst/<slug:code>/", guidance.survey, name="survey"),
    path("beoordeling/<uuid:pk>/maatregel/<slug:measure>/", guidance.uptake, name="uptake"),
    path("beoordeling/<uuid:pk>/rapport.pdf", views.report_pdf, name="report_pdf"),
    path("gedeeld/<uuid:token>/", views.show_shared, name="shared"),
]
