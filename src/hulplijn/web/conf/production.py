"""Production: secrets and hosts must come from the environment."""

from django.core.exceptions import ImproperlyConfigured

from hulplijn.web.conf import env
from hulplijn.web.conf.base import *  # noqa: F403
from hulplijn.web.conf.base import SECRET_KEY

DEBUG = False
if not SECRET_KEY:
    raise ImproperlyConfigured("HULPLIJN_SECRET_KEY must be set in production")
SESSION_COOKIE_SECURE = env.flag("HULPLIJN_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env.flag("HULPLIJN_SECURE_COOKIES", True)
SECURE_SSL_REDIRECT = env.flag("HULPLIJN_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env.number("HULPLIJN_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
