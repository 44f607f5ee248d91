"""Settings shared by every environment. All configuration comes from the environment.

See `.env.example` for every variable with a one-line explanation.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "basisbaan.apps.CoreConfig",
    "candidates",
    "placements",
    "coaching",
    "finance",
    "basisbaan.letters",
    "basisbaan.workbook",
    "basisbaan.scale",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "basisbaan.middleware.LanguageCookieMiddleware",
    "basisbaan.middleware.HtmxLoginRedirectMiddleware",
    "django.middleware.common.CommonMiddleware",
    # NUL characters out of every GET and POST value (basisbaan.input).
    "basisbaan.input.NulCharacterMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "basisbaan.middleware.ConflictMiddleware",
    "basisbaan.middleware.AbsoluteSessionLimitMiddleware",
    # Every view needs a login unless decorated with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "basisbaan.middleware.SecondFactorMiddleware",
    "basisbaan.middleware.NoStoreForAuthenticatedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    # Axes must be last: it turns a locked-out login attempt into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "basisbaan.urls"
WSGI_APPLICATION = "basisbaan.wsgi.application"
ASGI_APPLICATION = "basisbaan.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "basisbaan.context_processors.navigation",
            ],
        },
    },
]

# PostgreSQL only: DATABASE_URL is required (the Makefile provides one). An empty one (the
# database script failed) must stop here, not fall back to whatever server libpq finds.
if not env.str("DATABASE_URL", default="").strip():
    raise ImproperlyConfigured(
        "DATABASE_URL is empty: set it to a PostgreSQL URL, or run through make, which starts "
        "a private database (scripts/db.sh start) and sets it."
    )
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["ENGINE"] = "django.db.backends.postgresql"
# A Unix-socket directory may be given percent-encoded as the host (postgres://u@%2Fpath/db).
DATABASES["default"]["HOST"] = unquote(DATABASES["default"].get("HOST", ""))
# Persistent connections, checked before reuse (a restarted database is no 500).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# PostgreSQL's JIT compiles the figure queries for longer than they run (it took 0.79 s of
# a 0.83 s query): off for the application's connections.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Aggregate figures of the overview pages are kept this many seconds (basisbaan.figure_cache;
# the page says when they were computed and offers to recompute them). 0: always compute.
FIGURE_CACHE_SECONDS = env.int("FIGURE_CACHE_SECONDS", default=5 * 60)
# Independent figures of one page or letter are computed on this many database connections
# at once, reading one snapshot (basisbaan.figure_snapshot); 1: one after another.
FIGURE_CONNECTIONS = env.int("FIGURE_CONNECTIONS", default=2)
# The role the application runs as (basisbaan.dbroles); migrations run as the tables' owner
# (DATABASE_OWNER_URL), who grants this role what it may do after every migration.
DATABASE_APP_ROLE = env("DATABASE_APP_ROLE", default="basisbaan_app")
DATABASE_OWNER_URL = env("DATABASE_OWNER_URL", default="")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, its permissions read in one query (basisbaan.auth).
    "basisbaan.auth.PermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions: 30 minutes idle (the cookie age is renewed on every request) and 10 hours in all.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=10 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads no cookie; the token is rendered in <body hx-headers>

# Account activation links (second-factor enrolment) expire after this many hours.
ACTIVATION_HOURS = env.int("ACTIVATION_HOURS", default=72)


# E-mail (password reset, reminders): EMAIL_URL like smtp+tls://user:password@host:587;
# the default prints e-mails on the console.
def mailers_from_url(url_config: dict) -> dict:
    """MAILERS (Django 6.1) from django-environ's parsed EMAIL_URL."""
    options = {
        "host": url_config.get("EMAIL_HOST"),
        "port": url_config.get("EMAIL_PORT"),
        "username": url_config.get("EMAIL_HOST_USER"),
        "password": url_config.get("EMAIL_HOST_PASSWORD"),
        "use_tls": url_config.get("EMAIL_USE_TLS"),
        "use_ssl": url_config.get("EMAIL_USE_SSL"),
    }
    backend = url_config["EMAIL_BACKEND"]
    smtp = backend.endswith("smtp.EmailBackend")
    return {
        "default": {
            "BACKEND": backend,
            "OPTIONS": {k: v for k, v in options.items() if v not in (None, "")} if smtp else {},
        }
    }


MAILERS = mailers_from_url(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Basisbaan <noreply@basisbaan.invalid>")
# The address of the application, for links in e-mails (the work-list reminder).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# The work-list reminders go out from this hour (local time) on.
WORK_DIGEST_HOUR = env.int("WORK_DIGEST_HOUR", default=7)
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60)

# Second factor (TOTP through django-otp).
REQUIRE_2FA = env.bool("REQUIRE_2FA", default=True)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Basisbaan")

# Login lock-out (django-axes): 5 failures per username + IP, locked for 15 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
# Case and spaces do not make a new username (login ignores them too).
AXES_USERNAME_CALLABLE = "basisbaan.auth.axes_username"
# Failures from one address over all usernames that lock the address (basisbaan.auth).
AXES_IP_FAILURE_LIMIT = env.int("AXES_IP_FAILURE_LIMIT", default=20)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
# Dossier documents: local disk under MEDIA_ROOT by default (never served as media: every
# download goes through a view that checks and logs it). DOCUMENT_STORAGE_BACKEND and
# DOCUMENT_STORAGE_OPTIONS (JSON) choose another Django storage backend, e.g. an S3-compatible
# store shared by several web servers (storages.backends.s3.S3Storage, see the README).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "documents": {
        "BACKEND": env(
            "DOCUMENT_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": env.json(
            "DOCUMENT_STORAGE_OPTIONS",
            default={"location": os.path.join(str(MEDIA_ROOT), "private"), "base_url": None},
        ),
    },
}
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)

# Security headers that hold in every environment.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=DEBUG)
FORM_RENDERER = "basisbaan.forms.UtrechtFormRenderer"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # No BSN, database DETAIL/CONTEXT (which names values) or notes in any log line.
    "filters": {"personal_data": {"()": "basisbaan.logging.PersonalDataFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own default handlers would bypass the filter: replace them.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Request logs carry URLs only; URLs never carry a BSN or a name.
        "django.request": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
        "matplotlib": {"level": "WARNING"},
    },
}

# A displacement check older than this many months is flagged for renewal.
DISPLACEMENT_CHECK_VALID_MONTHS = env.int("DISPLACEMENT_CHECK_VALID_MONTHS", default=12)
# Contracts ending within this many days are signalled on the dossier and in the list.
CONTRACT_END_WARNING_DAYS = env.int("CONTRACT_END_WARNING_DAYS", default=56)
# A dossier opened by break-glass (doorbraak) outside one's teams stays open this many hours.
BREAK_GLASS_HOURS = env.int("BREAK_GLASS_HOURS", default=8)
