"""`make run`: the embedded default on 127.0.0.1 (SQLite, synthetic peer data)."""

from hulplijn.web.conf import env
from hulplijn.web.conf.base import *  # noqa: F403

DEBUG = env.flag("HULPLIJN_DEBUG", True)
SECRET_KEY = env.text("HULPLIJN_SECRET_KEY", "dev-only-not-secret-" + "x" * 40)
# the eHerkenning stand-in: type a KvK number instead of a real broker (never in production)
HULPLIJN_EHERKENNING_DEV_LOGIN = env.flag("HULPLIJN_EHERKENNING_DEV_LOGIN", True)

# serve static files straight from the apps (no collectstatic needed for make run)
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
