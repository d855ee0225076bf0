from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "hulplijn.web.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from hulplijn.web.api import checks  # noqa: F401  (registers the system checks)
