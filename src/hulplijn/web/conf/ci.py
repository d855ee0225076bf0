"""Tests: fast hashing, the same database choice as everywhere (DATABASE_URL or SQLite)."""

from hulplijn.web.conf import env
from hulplijn.web.conf.base import *  # noqa: F403
from hulplijn.web.conf.base import PASSWORD_HASHERS

DEBUG = False
SECRET_KEY = env.text("HULPLIJN_SECRET_KEY", "ci-only-not-secret-" + "x" * 40)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# the cache in the test process's memory: tests clear it between them without a database (the
# rate-limit counters are rows in the test database all the same, hulplijn.web.ops.limits)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
