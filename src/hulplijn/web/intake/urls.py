from django.urls import path

from hulplijn.web.intake import views

app_name = "intake"
urlpatterns = [
    path("zelfdiagnose/jaarrekening/", views.annual_accounts, name="annual_accounts"),
    path("zelfdiagnose/bankafschriften/", views.statements, name="statements"),
    path("adviseur/batch/", views.batch_upload, name="batch"),
    path("adviseur/batch/sjabloon.csv", views.batch_template, name="batch_template"),
]
