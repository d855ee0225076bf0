from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "hulplijn.web.intake"
    label = "intake"
    verbose_name = _("Intake and verification")

    def ready(self) -> None:
        # the wizard checks entered figures against this app's register; assessments sits
        # below intake, so intake hands the lookup in (hulplijn.web.assessments.register)
        from hulplijn.web.assessments import register
        from hulplijn.web.intake.register import (
            configured_source_names,
            figures,
            legal_form,
            prefill,
        )

        register.provide(figures)
        register.provide_legal_form(legal_form)
        register.provide_prefill(prefill, configured_source_names)
