from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CockpitConfig(AppConfig):
    name = "hulplijn.web.cockpit"
    label = "cockpit"
    verbose_name = _("Policy cockpit")

    def ready(self) -> None:
        from hulplijn.web.cockpit import statistics  # noqa: F401  (queues stored assessments)
