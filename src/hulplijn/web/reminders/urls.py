from django.urls import path

from hulplijn.web.reminders import views

app_name = "reminders"
urlpatterns = [
    path("herinneringen/", views.choose, name="choose"),
    path("herinneringen/afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
