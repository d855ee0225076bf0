"""Production: every secret and host from the environment; HTTPS only; JSON logs on stdout.

Passes ``manage.py check --deploy`` without warnings (tests/web/ops/test_production_settings.py).
Behind a load balancer that terminates TLS; see docs/deploy.md for every variable.
"""

import logging

from django.core.exceptions import ImproperlyConfigured

from hulplijn.web.conf import env
from hulplijn.web.conf.base import *  # noqa: F403
from hulplijn.web.conf.base import SECRET_KEY, VAR_DIR
from hulplijn.web.ops.logs import json_logging

DEBUG = False
if not SECRET_KEY:
    raise ImproperlyConfigured("HULPLIJN_SECRET_KEY must be set in production")
# the previous key while sessions and links signed with it expire (key rotation)
SECRET_KEY_FALLBACKS = env.items("HULPLIJN_SECRET_KEY_FALLBACKS", "")
ALLOWED_HOSTS = env.items("HULPLIJN_ALLOWED_HOSTS", "")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("HULPLIJN_ALLOWED_HOSTS must be set in production")
# the site's own origins (https://host), needed when the site is reached under another name
CSRF_TRUSTED_ORIGINS = env.items("HULPLIJN_CSRF_TRUSTED_ORIGINS", "")

# --- HTTPS behind a load balancer that terminates TLS ------------------------------------------
SECURE_SSL_REDIRECT = env.flag("HULPLIJN_SSL_REDIRECT", True)
# the header the load balancer sets to the original scheme ("" when nothing sits in front);
# the load balancer must overwrite it, never pass a client's value on
_proxy_ssl_header = env.text("HULPLIJN_PROXY_SSL_HEADER", "X-Forwarded-Proto")
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https") if _proxy_ssl_header else None
)
SECURE_HSTS_SECONDS = env.number("HULPLIJN_HSTS_SECONDS", 365 * 24 * 3600, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.flag("HULPLIJN_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env.flag("HULPLIJN_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = env.flag("HULPLIJN_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env.flag("HULPLIJN_SECURE_COOKIES", True)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- shared state for several app servers --------------------------------------------------------
# Sessions, the cache (CACHES in base: the database cache) and the rate-limit counters are in the
# database, shared by every app server.

# --- static files: collected once per release, served by whitenoise with hashed names -------------
STATIC_ROOT = env.text("HULPLIJN_STATIC_ROOT", str(VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- e-mail (verification, password reset): an SMTP relay; links in mail use https --------------
EMAIL_BACKEND = env.text("HULPLIJN_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.text("HULPLIJN_URL_SCHEME", "https")

# --- logs: JSON lines on stdout, one per request (hulplijn.web.ops.middleware) --------------------
LOGGING = json_logging(
    env.choice("HULPLIJN_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"))
)
logging.captureWarnings(True)  # Python warnings as JSON lines too (logger py.warnings)

# the development stand-in for eHerkenning must never run in production
if HULPLIJN_EHERKENNING_DEV_LOGIN:  # noqa: F405
    raise ImproperlyConfigured("HULPLIJN_EHERKENNING_DEV_LOGIN must be off in production")
