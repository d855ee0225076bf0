from django.urls import path

from hulplijn.web.cockpit import views

app_name = "cockpit"
urlpatterns = [
    path("", views.overview, name="overview"),
]
