"""Settings shared by every environment. Every knob comes from the environment with a default."""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from digid_eherkenning.choices import AssuranceLevels

from hulplijn.web.conf import env, idin

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
    # accounts: django-allauth (decision 0015); iDIN through an OpenID Connect broker
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "csp",
    "hulplijn.web.ops",
    "hulplijn.web.privacy",
    "hulplijn.web.reminders",
    # eHerkenning (SAML): configuration and certificates in the admin
    "digid_eherkenning",
    "simple_certmanager",
    "privates",
    "solo",
    # background jobs (adviser batches): the tasks framework and its database queue, worked by
    # `manage.py db_worker` (decision 0028)
    "django_tasks",
    "django_tasks_db",
]

# "database": the queue table, worked by `manage.py db_worker` (make run starts one);
# "immediate": a job runs inside the request that enqueues it (no worker; small files only)
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {
    "default": {
        "BACKEND": TASK_BACKENDS[
            env.choice("HULPLIJN_TASKS_BACKEND", "database", TASK_BACKENDS.keys())
        ]
    }
}

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
    # personal pages are never cached; outside the CSRF, auth and messages middleware, so it sees
    # every cookie they set (caching.py)
    "hulplijn.web.caching.NoStoreMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # logged-in sessions end when idle or too old
    "hulplijn.web.session_timeout.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "hulplijn.web.accounts.middleware.StaffSecondFactorMiddleware",
    "hulplijn.web.middleware.ReferenceMissingMiddleware",
]

ROOT_URLCONF = "hulplijn.web.urls"
# the admin's address: not the well-known /admin/ that every scanner tries
HULPLIJN_ADMIN_PATH = env.url_path("HULPLIJN_ADMIN_PATH", "beheer/")
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
        conn_max_age=env.number("HULPLIJN_DB_CONN_MAX_AGE", 60, minimum=0),
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
    "allauth.account.auth_backends.AuthenticationBackend",
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
    # common Dutch passwords and the site's own name, also with digits and capitals around them
    {"NAME": "hulplijn.web.accounts.passwords.DutchPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:overview"
LOGOUT_REDIRECT_URL = "landing"

# --- django-allauth: e-mail accounts (decision 0015) ----------------------------------------------
ACCOUNT_ADAPTER = "hulplijn.web.accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
# an address is an account's only after its owner opened the link sent to it
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
# signing up or resetting with a known address looks the same as with a new one (the owner gets
# an e-mail instead): nobody learns from the site whether an address has an account
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
# the owner hears by e-mail when the password, the address or a second factor changes
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[mkb-hulplijn] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.text("HULPLIJN_URL_SCHEME", "http")
# limits in the shared cache (every worker and server counts together): failed logins per
# address and per account; a browser in which the account logged in before is never held back
# by them (device cookie, accounts/devices.py)
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": env.text("HULPLIJN_LOGIN_FAILED_RATE", "10/m/ip,5/5m/key"),
    "signup": "10/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "10/m/ip,3/5m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
ALLAUTH_TRUSTED_PROXY_COUNT = env.number("HULPLIJN_NUM_PROXIES", 0)
SOCIALACCOUNT_ADAPTER = "hulplijn.web.accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_REQUIRED = False
# iDIN identifies the person (their bank did); an e-mail address is no condition for logging in
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": idin.apps(env), "OAUTH_PKCE_ENABLED": True}}
# second factor: TOTP apps with recovery codes, and security keys (WebAuthn); staff must use one
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "mkb-hulplijn"
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env.flag("HULPLIJN_WEBAUTHN_INSECURE_ORIGIN", False)

# --- e-mail: SMTP in production; the embedded default writes mails to files in var/mail ------------
DEFAULT_FROM_EMAIL = env.text("HULPLIJN_FROM_EMAIL", "mkb-hulplijn <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = env.text(
    "HULPLIJN_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env.text("HULPLIJN_EMAIL_HOST", "localhost")
EMAIL_PORT = env.number("HULPLIJN_EMAIL_PORT", 25)
EMAIL_HOST_USER = env.text("HULPLIJN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env.text("HULPLIJN_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env.flag("HULPLIJN_EMAIL_STARTTLS", False)
EMAIL_USE_SSL = env.flag("HULPLIJN_EMAIL_TLS", False)
EMAIL_TIMEOUT = 20

# eHerkenning: the SAML configuration, certificates and IdP metadata are set in the admin by the
# operator (nothing is fetched at start-up). A login below this level of assurance is refused.
HULPLIJN_EHERKENNING_MIN_LOA = env.choice(
    "HULPLIJN_EHERKENNING_MIN_LOA", AssuranceLevels.substantial.value, AssuranceLevels.values
)
# development only: log in "with eHerkenning" by typing a KvK number (production refuses it)
HULPLIJN_EHERKENNING_DEV_LOGIN = env.flag("HULPLIJN_EHERKENNING_DEV_LOGIN", False)
# certificates and IdP metadata (django-privates): never served as public media
PRIVATE_MEDIA_ROOT = Path(env.text("HULPLIJN_PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private-media")))
PRIVATE_MEDIA_URL = "/private-media/"
SENDFILE_BACKEND = "django_sendfile.backends.simple"
SENDFILE_ROOT = PRIVATE_MEDIA_ROOT


LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]  # each in its own language
LOCALE_PATHS = [WEB_DIR / "locale", WEB_DIR / "locale_allauth"]
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
# sessions: a logged-in one ends after HULPLIJN_SESSION_IDLE_MINUTES without a request (staff and
# the policy role: ..._STAFF) and HULPLIJN_SESSION_MAX_HOURS after logging in at the latest
# (hulplijn.web.session_timeout); an anonymous one (the only key to work made without an account)
# HULPLIJN_SESSION_DAYS after it last changed. Nothing creates a session until a visitor stores
# something.
SESSION_COOKIE_AGE = env.number("HULPLIJN_SESSION_DAYS", 7, minimum=1) * 24 * 3600
HULPLIJN_SESSION_IDLE_MINUTES = env.number("HULPLIJN_SESSION_IDLE_MINUTES", 30, minimum=1)
HULPLIJN_SESSION_IDLE_MINUTES_STAFF = env.number(
    "HULPLIJN_SESSION_IDLE_MINUTES_STAFF", 15, minimum=1
)
HULPLIJN_SESSION_MAX_HOURS = env.number("HULPLIJN_SESSION_MAX_HOURS", 12, minimum=1)
# retention (manage.py retention, run daily; hulplijn.web.privacy.retention): anonymous drafts
# after days without a change, anonymous assessments once their session can no longer reach them
# (session age + margin), account drafts after days without a change, audit events after days
HULPLIJN_RETENTION_ANONYMOUS_DRAFT_DAYS = env.number(
    "HULPLIJN_RETENTION_ANONYMOUS_DRAFT_DAYS", 7, minimum=1
)
HULPLIJN_RETENTION_ANONYMOUS_MARGIN_DAYS = env.number(
    "HULPLIJN_RETENTION_ANONYMOUS_MARGIN_DAYS", 1, minimum=0
)
HULPLIJN_RETENTION_ACCOUNT_DRAFT_DAYS = env.number(
    "HULPLIJN_RETENTION_ACCOUNT_DRAFT_DAYS", 90, minimum=1
)
HULPLIJN_RETENTION_AUDIT_DAYS = env.number("HULPLIJN_RETENTION_AUDIT_DAYS", 365, minimum=1)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# htmx posts forms with their csrfmiddlewaretoken field, so no script needs to read the cookie
CSRF_COOKIE_HTTPONLY = True
# a refused form explains itself in Dutch or English and links back (templates/403_csrf.html)
CSRF_FAILURE_VIEW = "hulplijn.web.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# the KVK API (Basisprofiel) for register verification; off without a key
HULPLIJN_KVK_API_URL = env.text("HULPLIJN_KVK_API_URL", "https://api.kvk.nl/api/v1")
HULPLIJN_KVK_API_KEY = env.text("HULPLIJN_KVK_API_KEY", "")
# credit and register data of Dun & Bradstreet Direct+ and Experian (decisions/0023): each off
# until its credentials are set; nothing is shown to owners yet
HULPLIJN_DNB_API_URL = env.text("HULPLIJN_DNB_API_URL", "https://plus.dnb.com")
HULPLIJN_DNB_KEY = env.text("HULPLIJN_DNB_KEY", "")
HULPLIJN_DNB_SECRET = env.text("HULPLIJN_DNB_SECRET", "")
HULPLIJN_EXPERIAN_API_URL = env.text("HULPLIJN_EXPERIAN_API_URL", "https://us-api.experian.com")
HULPLIJN_EXPERIAN_CLIENT_ID = env.text("HULPLIJN_EXPERIAN_CLIENT_ID", "")
HULPLIJN_EXPERIAN_CLIENT_SECRET = env.text("HULPLIJN_EXPERIAN_CLIENT_SECRET", "")
HULPLIJN_EXPERIAN_USERNAME = env.text("HULPLIJN_EXPERIAN_USERNAME", "")
HULPLIJN_EXPERIAN_PASSWORD = env.text("HULPLIJN_EXPERIAN_PASSWORD", "")
HULPLIJN_EXPERIAN_SUBCODE = env.text("HULPLIJN_EXPERIAN_SUBCODE", "")
# uploads are read in memory and never stored (no temporary file either: hulplijn.web.uploads is
# the only handler); a larger file is refused beside its field, a request body over
# HULPLIJN_MAX_REQUEST_BYTES with the 400 page before it is read
HULPLIJN_MAX_UPLOAD_BYTES = env.number("HULPLIJN_MAX_UPLOAD_BYTES", 20 * 1024 * 1024, minimum=1)
FILE_UPLOAD_HANDLERS = ["hulplijn.web.uploads.MemoryOnlyUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = HULPLIJN_MAX_UPLOAD_BYTES
# form fields other than files: at most 2 MB and 500 fields (the largest form, a cockpit scenario
# with every parameter row, has about 350); more is answered with the 400 page
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500
DATA_UPLOAD_MAX_NUMBER_FILES = 20
HULPLIJN_MAX_REQUEST_BYTES = 2 * HULPLIJN_MAX_UPLOAD_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE

# the cache is shared by every worker and app server: the database cache (no extra service; its
# table is made by `migrate`, migration ops 0001). Rate limits that must not lose a count use
# hulplijn.web.ops.limits instead (an atomic counter table; decisions/0014).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": env.text("HULPLIJN_CACHE_TABLE", "hulplijn_cache"),
        "TIMEOUT": 300,
        "OPTIONS": {"MAX_ENTRIES": env.number("HULPLIJN_CACHE_MAX_ENTRIES", 50_000)},
    }
}

# rate limits ("COUNT/PERIOD", PERIOD s, min, h or d, e.g. 10s; "off" switches a limit off),
# counted in the database by every process together (hulplijn.web.ops.limits): API requests per
# user, failed API token checks per client address, feedback per assessment and per address
HULPLIJN_API_RATE = env.text("HULPLIJN_API_RATE", "1200/min")
# the body of POST /api/v1/batches (up to 10,000 firms of about 0.7-1 KB of JSON each); other
# API requests keep DATA_UPLOAD_MAX_MEMORY_SIZE
HULPLIJN_API_BATCH_MAX_BYTES = env.number(
    "HULPLIJN_API_BATCH_MAX_BYTES", 16 * 1024 * 1024, minimum=1
)
HULPLIJN_API_AUTH_FAILURE_RATE = env.text("HULPLIJN_API_AUTH_FAILURE_RATE", "30/min")
HULPLIJN_FEEDBACK_RATE = env.text("HULPLIJN_FEEDBACK_RATE", "10/h")
# what-if computations per assessment and per client address (each runs the engine, unsaved)
HULPLIJN_WHAT_IF_RATE = env.text("HULPLIJN_WHAT_IF_RATE", "60/h")
# presses of "fill in from the register" per draft and per client address (each asks the
# configured register and credit APIs, which charge per call)
HULPLIJN_REGISTER_RATE = env.text("HULPLIJN_REGISTER_RATE", "20/h")
# API tokens: active tokens per user, the days a new token is valid by default and at most
HULPLIJN_API_MAX_TOKENS = env.number("HULPLIJN_API_MAX_TOKENS", 5)
HULPLIJN_API_TOKEN_DAYS = env.number("HULPLIJN_API_TOKEN_DAYS", 90)
HULPLIJN_API_TOKEN_MAX_DAYS = env.number("HULPLIJN_API_TOKEN_MAX_DAYS", 365)
# days a share link works
HULPLIJN_SHARE_LINK_DAYS = env.number("HULPLIJN_SHARE_LINK_DAYS", 30)

# who runs the service and how to reach a person (the "Over ons / contact" page); empty: the
# page says plainly that no contact details have been set, it never invents one
HULPLIJN_CONTACT_ORGANISATION = env.text("HULPLIJN_CONTACT_ORGANISATION", "")
HULPLIJN_CONTACT_EMAIL = env.text("HULPLIJN_CONTACT_EMAIL", "")
HULPLIJN_CONTACT_PHONE = env.text("HULPLIJN_CONTACT_PHONE", "")
HULPLIJN_CONTACT_ADDRESS = env.text("HULPLIJN_CONTACT_ADDRESS", "")
HULPLIJN_CONTACT_HOURS = env.text("HULPLIJN_CONTACT_HOURS", "")
# set only by the development settings: the page then says the details are an example
HULPLIJN_CONTACT_IS_EXAMPLE = False

# e-mail reminders (opt-in, docs/decisions/0031-coming-back.md): the site's address for the
# links in them (a background job has no request to take it from); empty: no reminder is queued
HULPLIJN_SITE_URL = env.text("HULPLIJN_SITE_URL", "").rstrip("/")
# days after "Ik ga dit aanvragen" before the follow-up asks how it went
HULPLIJN_REMINDER_FOLLOW_UP_DAYS = env.number("HULPLIJN_REMINDER_FOLLOW_UP_DAYS", 30, minimum=1)
# proxies in front of the app that append to X-Forwarded-For (0: use the connection's address)
NINJA_NUM_PROXIES = env.number("HULPLIJN_NUM_PROXIES", 0, minimum=0)
# the login limits (django-allauth) and the audit log see the client address behind the same proxies
HULPLIJN_NUM_PROXIES = NINJA_NUM_PROXIES

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
        # plus the eHerkenning broker's origin: its login page posts the SAML request there; and
        # the iDIN broker's (the iDIN button's post is redirected there, conf/idin.py)
        "form-action": [SELF, *env.items("HULPLIJN_CSP_FORM_ACTION", ""), *idin.form_origins(env)],
        "frame-ancestors": [NONE],
    }
}
