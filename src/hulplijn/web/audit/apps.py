from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "hulplijn.web.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from hulplijn.web.audit import receivers  # noqa: F401  (connects the login signals)
