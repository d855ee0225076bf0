from django.urls import path

from hulplijn.web.intake import views, xaf_views

app_name = "intake"
urlpatterns = [
    path("zelfdiagnose/jaarrekening/", views.annual_accounts, name="annual_accounts"),
    path("zelfdiagnose/bankafschriften/", views.statements, name="statements"),
    path("zelfdiagnose/auditfile/", xaf_views.upload, name="auditfile"),
    path("zelfdiagnose/auditfile/indeling/", xaf_views.mapping_page, name="auditfile_mapping"),
    path("adviseur/batch/", views.batch_upload, name="batch"),
    path("adviseur/batch/sjabloon.csv", views.batch_template, name="batch_template"),
    path("adviseur/batch/<uuid:pk>/", views.batch_job, name="batch_job"),
    path("adviseur/batch/<uuid:pk>/rapport.csv", views.batch_report, name="batch_report"),
]
