from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "hulplijn.web.ops"
    label = "ops"
    verbose_name = "Operations"
