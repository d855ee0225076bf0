from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "hulplijn.web.ops"
    label = "ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        # libraries never log what they read (statement lines, figures, identifiers), in every
        # environment: hulplijn.web.ops.logs
        from hulplijn.web.ops.logs import quiet_libraries

        quiet_libraries()
