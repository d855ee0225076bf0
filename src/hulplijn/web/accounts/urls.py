from django.contrib.auth import views as auth_views
from django.urls import path

from hulplijn.web.accounts import views

app_name = "accounts"
urlpatterns = [
    path("registreren/", views.register, name="register"),
    path("inloggen/", views.Login.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.overview, name="overview"),
]
