from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidanceConfig(AppConfig):
    name = "hulplijn.web.guidance"
    label = "guidance"
    verbose_name = _("Guidance")

    def ready(self) -> None:
        from hulplijn.web.guidance import receivers  # noqa: F401  (carries survey answers over)
