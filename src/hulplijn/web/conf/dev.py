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

# EXAMPLE contact details for the "Over ons / contact" page of `make run`: not a real
# organisation (example.org, a number that cannot be called); the page says they are an example.
# Production sets HULPLIJN_CONTACT_* (docs/deploy.md) and never shows these.
HULPLIJN_CONTACT_ORGANISATION = env.text(
    "HULPLIJN_CONTACT_ORGANISATION", "Voorbeeldorganisatie mkb-hulplijn (voorbeeld)"
)
HULPLIJN_CONTACT_EMAIL = env.text("HULPLIJN_CONTACT_EMAIL", "contact@example.org")
HULPLIJN_CONTACT_PHONE = env.text("HULPLIJN_CONTACT_PHONE", "0000 000 000 (voorbeeld)")
HULPLIJN_CONTACT_ADDRESS = env.text(
    "HULPLIJN_CONTACT_ADDRESS", "Voorbeeldstraat 1, 1234 AB Voorbeeldstad (voorbeeld)"
)
HULPLIJN_CONTACT_HOURS = env.text("HULPLIJN_CONTACT_HOURS", "ma-vr 9.00-17.00 (voorbeeld)")
HULPLIJN_CONTACT_IS_EXAMPLE = True
# the links in reminder mail point at the local server
HULPLIJN_SITE_URL = env.text("HULPLIJN_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
