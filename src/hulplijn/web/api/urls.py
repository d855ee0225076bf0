"""The account pages for API tokens, under /account/tokens/."""

from django.urls import path

from hulplijn.web.api import views

app_name = "api_tokens"
urlpatterns = [
    path("", views.tokens, name="list"),
    path("<int:pk>/intrekken/", views.revoke, name="revoke"),
]
