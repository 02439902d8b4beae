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
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    # Shared parts below every app: GOV.UK form templates, PDF print stylesheet.
    "cypp.forms",
    "cypp.documents",
    "cypp.accounts",
    "cypp.geography",
    "cypp.indicators",
    "cypp.plans",
    "cypp.families",
    "cypp.assessment",
    "cypp.commentary",
    "cypp.governance",
    "cypp.voice",
    "cypp.reports",
    "cypp.api",
    "cypp.publishing",
    "cypp.demo",
    "cypp.operations",
    "cypp.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Responses to a signed-in person: Cache-Control no-store, private (cypp.web.cache_control).
    "cypp.web.cache_control.PrivateResponsesNotStoredMiddleware",
    # Two-factor (request.user.is_verified()), then the idle sign-out, then holding a
    # session that still owes its two-factor code to the two-factor pages.
    "django_otp.middleware.OTPMiddleware",
    "cypp.accounts.session_timeout.IdleTimeoutMiddleware",
    "cypp.accounts.two_factor.TwoFactorMiddleware",
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
        # WAL on every connection (it persists in the file): readers read their snapshot
        # while an import writes, never waiting on its lock. Imports hold the write lock
        # for short stretches only (ADR 0011); other writers wait for it rather than fail.
        # synchronous=NORMAL is WAL's recommended setting: a commit cannot corrupt the file,
        # and only the last commits before a power cut may be lost.
        "OPTIONS": {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        },
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
    # Single sign-on (OpenID Connect): does nothing unless configured (the OIDC block below).
    "cypp.accounts.oidc.ProviderBackend",
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

# Sign-in throttling (django-axes, see cypp.accounts.lockout): 5 wrong passwords for one
# username, from any address, lock it for 30 minutes; 20 from one address, whatever the
# usernames, throttle that address. A right password clears the person's count; a password
# reset e-mail or an administrator (`cypp accounts unlock`) ends a lock early.
AXES_FAILURE_LIMIT = int(env_str("AXES_FAILURE_LIMIT", "5") or "5")
CYPP_ADDRESS_FAILURE_LIMIT = int(env_str("CYPP_ADDRESS_FAILURE_LIMIT", "20") or "20")
AXES_COOLOFF_TIME = timedelta(minutes=int(env_str("AXES_COOLOFF_MINUTES", "30") or "30"))
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_HANDLER = "cypp.accounts.lockout.SignInThrottle"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cypp.accounts.views.sign_in_locked_out"
AXES_USERNAME_FORM_FIELD = "username"
# The client's address: X-Forwarded-For is read only when this many proxies of ours stand in
# front (0: none, the connecting address is the client's). django-ipware is not installed, so
# django-axes asks cypp.accounts.lockout.client_address.
CYPP_TRUSTED_PROXY_COUNT = int(env_str("CYPP_TRUSTED_PROXY_COUNT", "0") or "0")
AXES_CLIENT_IP_CALLABLE = "cypp.accounts.lockout.client_address"

# Single sign-on with the council's OpenID Connect provider (Microsoft Entra ID or another),
# through mozilla-django-oidc; off unless OIDC_RP_CLIENT_ID and the provider (its discovery
# address, or all four endpoints) are set. See docs/sign-in.md.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "") or ""
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "") or ""
OIDC_OP_DISCOVERY = env_str("OIDC_OP_DISCOVERY", "") or ""
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "") or ""
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "") or ""
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "") or ""
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "") or ""
OIDC_OP_ISSUER = env_str("OIDC_OP_ISSUER", "") or ""
OIDC_PROVIDER_NAME = env_str("OIDC_PROVIDER_NAME", "your organisation's account")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256") or "RS256"
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile") or "openid email profile"
OIDC_EMAIL_FALLBACK_CLAIM = env_str("OIDC_EMAIL_FALLBACK_CLAIM", "") or ""
OIDC_EMAIL_DOMAINS = env_list("OIDC_EMAIL_DOMAINS")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc-callback"
OIDC_CALLBACK_CLASS = "cypp.accounts.oidc.ProviderCallbackView"
OIDC_AUTHENTICATE_CLASS = "cypp.accounts.oidc.ProviderSignInView"
OIDC_USERNAME_ALGO = "cypp.accounts.oidc.username_for"

# Two-factor (django-otp, authenticator apps): the name the app shows beside the code.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "CYPP")
# The Django admin lists devices (to remove a lost one) without showing their secret keys.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# A session with no request for this many minutes is signed out (0: never); on top of the
# absolute SESSION_COOKIE_AGE (8 hours in production).
CYPP_SESSION_IDLE_MINUTES = int(env_str("CYPP_SESSION_IDLE_MINUTES", "30") or "30")

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
# A board pack build beats at every step (a few seconds apart; the PDF is the longest step).
# One silent for this many minutes lost its worker and is marked failed, to be built again.
BOARD_PACK_STALLED_MINUTES = int(env_str("CYPP_BOARD_PACK_STALLED_MINUTES", "5") or "5")
if BOARD_PACK_STALLED_MINUTES < 1:
    raise ImproperlyConfigured("CYPP_BOARD_PACK_STALLED_MINUTES must be 1 or more.")

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

# Early help (cypp.families): the key behind the keyed hashes of case management ids. Unset,
# one is derived from SECRET_KEY; set it on a server and keep it with the backups, since a
# new key makes every stored family unmatchable by the next import (docs/families.md).
CYPP_FAMILIES_HASH_KEY = env_str("CYPP_FAMILIES_HASH_KEY", "") or ""

# Voice (cypp.voice): how many answers may come from one address in an hour before the
# survey asks them to wait. A whole school shares one address: a child sends about a dozen
# forms, so 5,000 lets some 400 children answer in one hour while a flood is stopped. The
# address is never stored: the counter is kept in the cache under a keyed hash that changes
# every day (docs/voice.md, "Privacy").
CYPP_VOICE_ANSWERS_PER_HOUR = int(env_str("CYPP_VOICE_ANSWERS_PER_HOUR", "5000") or "5000")

# The JSON API's rate limits (cypp.api.throttling): anonymous callers counted by address,
# token callers by token; "N/second|minute|hour|day".
CYPP_API_RATE_LIMITS = {
    "anonymous": env_str("CYPP_API_RATE_ANONYMOUS", "120/minute"),
    "token": env_str("CYPP_API_RATE_TOKEN", "1200/minute"),
}
