"""Settings shared by every environment. Every knob comes from the environment with a default."""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from hulplijn.web.conf import env

WEB_DIR = Path(__file__).resolve().parents[1]
BASE_DIR = Path(env.text("HULPLIJN_BASE_DIR", str(Path.cwd())))
VAR_DIR = BASE_DIR / "var"

SECRET_KEY = env.text("HULPLIJN_SECRET_KEY", "")
DEBUG = env.flag("HULPLIJN_DEBUG", False)
ALLOWED_HOSTS = env.items("HULPLIJN_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

INSTALLED_APPS = [
    "modeltranslation",  # before the admin
    "hulplijn.web.accounts",
    "hulplijn.web.assessments",
    "hulplijn.web.guidance",
    "hulplijn.web.intake",
    "hulplijn.web.cockpit",
    "hulplijn.web.api",
    "hulplijn.web.audit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "hulplijn.web.ops",
    # eHerkenning (SAML): configuration and certificates in the admin
    "digid_eherkenning",
    "simple_certmanager",
    "privates",
    "solo",
]

MIDDLEWARE = [
    # request id + one JSON log line per request; /health/ answered before host checks
    "hulplijn.web.ops.middleware.RequestLogMiddleware",
    "hulplijn.web.ops.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "hulplijn.web.middleware.ReferenceMissingMiddleware",
]

ROOT_URLCONF = "hulplijn.web.urls"
WSGI_APPLICATION = "hulplijn.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env.text("DATABASE_URL", f"sqlite:///{VAR_DIR / 'hulplijn.sqlite3'}"),
        conn_max_age=env.number("HULPLIJN_DB_CONN_MAX_AGE", 60),
        # a kept connection is checked before a request uses it (after a database restart the
        # request gets a new connection instead of an error)
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # the embedded default: WAL so readers never block the writer, and a busy timeout
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "hulplijn.web.accounts.eherkenning.EherkenningBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:overview"
LOGOUT_REDIRECT_URL = "landing"

# eHerkenning: the SAML configuration, certificates and IdP metadata are set in the admin by the
# operator (nothing is fetched at start-up). A login below this level of assurance is refused.
HULPLIJN_EHERKENNING_MIN_LOA = env.text(
    "HULPLIJN_EHERKENNING_MIN_LOA", "urn:etoegang:core:assurance-class:loa3"
)
# development only: log in "with eHerkenning" by typing a KvK number (production refuses it)
HULPLIJN_EHERKENNING_DEV_LOGIN = env.flag("HULPLIJN_EHERKENNING_DEV_LOGIN", False)
# certificates and IdP metadata (django-privates): never served as public media
PRIVATE_MEDIA_ROOT = Path(env.text("HULPLIJN_PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private-media")))
PRIVATE_MEDIA_URL = "/private-media/"
SENDFILE_BACKEND = "django_sendfile.backends.simple"
SENDFILE_ROOT = PRIVATE_MEDIA_ROOT

# django-axes: lock an account + address after repeated failed logins
AXES_FAILURE_LIMIT = env.number("HULPLIJN_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env.number("HULPLIJN_LOGIN_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]  # each in its own language
LOCALE_PATHS = [WEB_DIR / "locale"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "nl"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("nl",)
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_THOUSAND_SEPARATOR = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [WEB_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# htmx posts forms with their csrfmiddlewaretoken field, so no script needs to read the cookie
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# the KVK API (Basisprofiel) for register verification; off without a key
HULPLIJN_KVK_API_URL = env.text("HULPLIJN_KVK_API_URL", "https://api.kvk.nl/api/v1")
HULPLIJN_KVK_API_KEY = env.text("HULPLIJN_KVK_API_KEY", "")
# uploads are read in memory and never stored; larger files are refused with a message
HULPLIJN_MAX_UPLOAD_BYTES = env.number("HULPLIJN_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = HULPLIJN_MAX_UPLOAD_BYTES
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# the JSON API (/api/v1/): requests per token ("COUNT/PERIOD", PERIOD s, min, h or d, e.g. 10s;
# "off" switches the limit off), and failed token logins per client address. Counted in each
# process's memory unless HULPLIJN_API_THROTTLE_CACHE names a shared cache in CACHES.
HULPLIJN_API_RATE = env.text("HULPLIJN_API_RATE", "1200/min")
HULPLIJN_API_AUTH_FAILURE_RATE = env.text("HULPLIJN_API_AUTH_FAILURE_RATE", "30/min")
HULPLIJN_API_THROTTLE_CACHE = env.text("HULPLIJN_API_THROTTLE_CACHE", "")
# proxies in front of the app that append to X-Forwarded-For (0: use the connection's address)
NINJA_NUM_PROXIES = env.number("HULPLIJN_NUM_PROXIES", 0)
# django-axes counts failed logins per client address behind the same proxies
HULPLIJN_NUM_PROXIES = NINJA_NUM_PROXIES
AXES_CLIENT_IP_CALLABLE = "hulplijn.web.ops.proxies.client_ip"

# the peer-distribution artifact (hulplijn reference build)
HULPLIJN_REFERENCE_DIR = Path(env.text("HULPLIJN_REFERENCE_DIR", str(VAR_DIR / "reference")))

# Content-Security-Policy (django-csp), in every environment so tests and `make run` see a
# violation at once: no inline script or style, no eval (Vega runs with vega-interpreter), no
# framing. data: images are the SVG icons inside the NL Design System CSS. See decisions/0010.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        # plus the eHerkenning broker's origin: its login page posts the SAML request there
        "form-action": [SELF, *env.items("HULPLIJN_CSP_FORM_ACTION", "")],
        "frame-ancestors": [NONE],
    }
}
