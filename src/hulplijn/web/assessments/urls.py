"""The wizard, and sharing, deleting and claiming a stored assessment; hulplijn.web.urls adds the
dashboard's and guidance's addresses of an assessment to this namespace."""

from django.urls import path

from hulplijn.web.assessments import views

app_name = "assessments"
urlpatterns = [
    path("zelfdiagnose/", views.start, name="start"),
    path("zelfdiagnose/overnemen/", views.claim, name="claim"),
    path("zelfdiagnose/<slug:step>/", views.step, name="step"),
    path("beoordeling/<uuid:pk>/delen/", views.share, name="share"),
    path("beoordeling/<uuid:pk>/delen/<int:share_id>/stoppen/", views.revoke, name="revoke"),
    path("beoordeling/<uuid:pk>/verwijderen/", views.delete, name="delete"),
    path("beoordeling/<uuid:pk>/notities/", views.note, name="note"),
]
