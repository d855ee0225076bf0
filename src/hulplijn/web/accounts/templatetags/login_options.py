"""The other ways to log in that the login page offers, each only when it is configured."""

from django import template
from django.conf import settings

from hulplijn.web.accounts import eherkenning
from hulplijn.web.conf import idin

register = template.Library()


@register.simple_tag
def login_options() -> dict:
    apps = settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", [])
    return {
        "idin": any(app["provider_id"] == idin.PROVIDER_ID for app in apps),
        "eherkenning": eherkenning.configured(),
        "eherkenning_dev": settings.HULPLIJN_EHERKENNING_DEV_LOGIN,
        "eherkenning_level": eherkenning.minimum_level_label(),
    }
