"""Settings shared by every configuration. Values that differ come from the environment."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from cypp.config.env import env_bool, env_list, env_str

# The repository root when running from a checkout: src/cypp/config/settings/base.py -> 4 up.
BASE_DIR = Path(__file__).resolve().parents[4]
VAR_DIR = Path(env_str("CYPP_VAR_DIR", str(BASE_DIR / "var")) or "var")

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-local-development-key-not-for-production")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "rules",
    "django_tasks",
    "django_tasks_db",
    "cypp.accounts",
    "cypp.geography",
    "cypp.indicators",
    "cypp.plans",
    "cypp.assessment",
    "cypp.commentary",
    "cypp.governance",
    "cypp.reports",
    "cypp.demo",
    "cypp.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lockout into the sign-in page's locked response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cypp.config.urls"
WSGI_APPLICATION = "cypp.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def database_from_environment(default_sqlite: Path) -> dict[str, object]:
    """SQLite file by default; PostgreSQL (or any dj-database-url URL) when DATABASE_URL is set."""
    url = env_str("DATABASE_URL")
    if url:
        return dict(dj_database_url.parse(url, conn_max_age=60))
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(default_sqlite),
        # Imports write in one long transaction; readers must wait rather than fail.
        "OPTIONS": {"timeout": 30, "transaction_mode": "IMMEDIATE"},
    }


DATABASES = {"default": database_from_environment(VAR_DIR / "cypp.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 first: the OWASP-recommended password hash; the others only verify old hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Axes first: it refuses a locked-out sign-in before any password is checked. Then the
# object permissions (rules: roles per partnership), then Django's users and passwords.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# GOV.UK Frontend's compiled assets, copied out of node_modules by `make static`.
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Rendered report bodies, keyed by the plan's and the evidence's version (see
    # cypp.reports.page_cache): a change to either makes a new key, so nothing is stale.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

# Serve from the finders too, so the app works before (or without) collectstatic.
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# A strict Content Security Policy: nothing inline, nothing from elsewhere. GOV.UK Frontend's
# JavaScript is started from a static module (cypp/init.js), not the usual inline snippet;
# charts are SVG in the page or data: images.
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
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Sign-in throttling (django-axes): 5 wrong passwords for one username from one address lock
# that pair for 30 minutes; a right password clears the count.
AXES_FAILURE_LIMIT = int(env_str("AXES_FAILURE_LIMIT", "5") or "5")
AXES_COOLOFF_TIME = timedelta(minutes=int(env_str("AXES_COOLOFF_MINUTES", "30") or "30"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cypp.accounts.views.sign_in_locked_out"
AXES_USERNAME_FORM_FIELD = "username"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Background work (django-tasks): board packs are built off the request path. The database
# backend needs no broker; `cypp db_worker` runs them. Tests and a
# single-process demo may set CYPP_TASKS_IMMEDIATE=1 to run each task as it is enqueued.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_str("CYPP_TASKS_IMMEDIATE", "") == "1"
            else "django_tasks_db.DatabaseBackend"
        ),
    }
}

# E-mail: reminders go to the console unless SMTP is configured (EMAIL_HOST and friends).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env_str("EMAIL_PORT", "25") or "25")
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_str("EMAIL_USE_TLS", "") == "1"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "CYPP <cypp@localhost>")
# Public address used in links inside e-mails (reminders are sent outside a request).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Disclosure control (cypp.disclosure): a count from a local source below this threshold is
# published as "c", and so is a rate worked out from one. 10 unless a partnership's
# data-sharing agreement asks for another (1 or more). True zeros are shown, as the DfE
# shows them, unless CYPP_DISCLOSURE_SUPPRESS_ZEROS is set.
_DISCLOSURE_THRESHOLD = (env_str("CYPP_DISCLOSURE_THRESHOLD", "10") or "10").strip()
if not _DISCLOSURE_THRESHOLD.isdigit() or int(_DISCLOSURE_THRESHOLD) < 1:
    raise ImproperlyConfigured("CYPP_DISCLOSURE_THRESHOLD must be a whole number of 1 or more.")
DISCLOSURE_THRESHOLD = int(_DISCLOSURE_THRESHOLD)
DISCLOSURE_SUPPRESS_ZEROS = env_bool("CYPP_DISCLOSURE_SUPPRESS_ZEROS", False)

# Published board packs and uploaded papers: immutable files under var/.
MEDIA_ROOT = VAR_DIR / "files"

# Where the demo's open data lives inside the repository (never a path to ../shared).
DEMO_DATA_DIR = BASE_DIR / "demo" / "data"
