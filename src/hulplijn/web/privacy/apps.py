from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "hulplijn.web.privacy"
    label = "privacy"
    verbose_name = "Privacy"
