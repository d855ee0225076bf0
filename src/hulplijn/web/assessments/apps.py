from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "hulplijn.web.assessments"
    label = "assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        from hulplijn.web.assessments import receivers  # noqa: F401  (connects the login signal)
