"""Beredskap settings: one file; every production difference comes from the environment.

Every variable read here is listed in `.env.example` and `docs/settings.md`
(a test fails otherwise). A fresh clone works with no configuration on SQLite.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = env(name, "true" if default else "false").strip().lower()
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

_DEV_SECRET_KEY = "django-insecure-beredskap-development-only"
SECRET_KEY = env("SECRET_KEY", _DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
    "beredskap.registry",
    "beredskap.audit",
    "beredskap.notices",
    "beredskap.planning",
    "beredskap.catalogue",
    "beredskap.surveys",
    "beredskap.library",
    "beredskap.results",
    "beredskap.learning",
    "beredskap.continuity",
    "beredskap.publication",
    "beredskap.support",
    "beredskap.reporting",
    "beredskap.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "beredskap.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "beredskap.registry.sessions.SlidingSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "beredskap.urls"
WSGI_APPLICATION = "beredskap.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "beredskap.context_processors.navigation",
                "beredskap.notices.context_processors.unread_notifications",
            ],
        },
    },
]

# --- Database ----------------------------------------------------------------
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_DIR / 'var' / 'beredskap.sqlite3'}"
DATABASE_URL = env("DATABASE_URL", DEFAULT_DATABASE_URL)
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except ValueError as exc:
    raise ImproperlyConfigured(
        f"DATABASE_URL is not a valid database URL ({exc}). "
        "Expected for example postgres://user:password@host:5432/name or sqlite:///path/db.sqlite3."
    ) from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Kept open per thread as PostgreSQL's are: opening an SQLite connection (and Django
    # registering its functions on it) was a third of an API slice request (issue 14).
    DATABASES["default"]["CONN_MAX_AGE"] = 60
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA foreign_keys=ON;"}
    DATABASES["default"]["TEST"] = {"NAME": ""}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ---------------------------------------------------------------------
# `default` keeps pages and sessions; `counters` keeps rate-limit and sign-in counts, which
# every worker and server must share: Redis with REDIS_URL, else a database table
# (beredskap_counters, made by a migration), never one process's memory.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    _REDIS = {"BACKEND": "beredskap.cache.RedisCache", "LOCATION": REDIS_URL}
    CACHES = {"default": _REDIS, "counters": {**_REDIS, "KEY_PREFIX": "counters"}}
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "counters": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "beredskap_counters",
            # Windows and locks are an hour at most; expired rows are culled first.
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
    }

# --- Tasks ---------------------------------------------------------------------
# `immediate` runs a task inside the request that enqueues it (a fresh clone, the demo,
# tests); `database` queues it in the database for `beredskap db_worker` (production).
TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = env("TASKS_BACKEND", "immediate").strip().lower()
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {TASKS_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}

# --- Users and sessions --------------------------------------------------------
AUTH_USER_MODEL = "registry.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# Argon2id first (parameters and why: docs/settings.md); older PBKDF2 hashes still check
# and are rehashed to Argon2 at the user's next sign-in.
PASSWORD_HASHERS = [
    "beredskap.registry.hashers.DeadlineArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
# A working day with sliding expiry: the session ends after 10 hours without a request.
# The session row is rewritten at most every SESSION_RENEW_SECONDS (beredskap.registry.sessions),
# not on every request. With a shared cache (Redis) sessions are read from it (cached_db);
# a per-process cache could keep a signed-out session alive in another worker, so
# without REDIS_URL they are read from the database.
SESSION_ENGINE = "django.contrib.sessions.backends." + ("cached_db" if REDIS_URL else "db")
# A user's roles (registry.access.grants) and row (the backend's get_user) are read once a
# request; with a cache every server shares they are kept there between requests, and a
# change of the user or a membership ends them (registry.backends).
GRANTS_CACHE = "default" if REDIS_URL else ""
# The drawn indicators of a municipality's results page (beredskap.results.fragments) are
# kept in a cache every server shares, so a recompute on any server ends them for all;
# without one they are drawn on every request.
RESULTS_CACHE = "default" if REDIS_URL else ""
# Replacing Django's ModelBackend (same sign-in, cached get_user) ends sessions signed in
# under the old backend's name once, at the upgrade.
AUTHENTICATION_BACKENDS = ["beredskap.registry.backends.CachedUserBackend"]
SESSION_COOKIE_AGE = 10 * 60 * 60
SESSION_RENEW_SECONDS = 5 * 60
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- E-mail --------------------------------------------------------------------
_EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
_SMTP_OPTIONS = {
    "host": env("EMAIL_HOST", "localhost"),
    "port": int(env("EMAIL_PORT", "25")),
    "username": env("EMAIL_HOST_USER"),
    "password": env("EMAIL_HOST_PASSWORD"),
    "use_tls": env_bool("EMAIL_USE_TLS", False),
}
MAILERS = {
    "default": {
        "BACKEND": _EMAIL_BACKEND,
        "OPTIONS": _SMTP_OPTIONS if _EMAIL_BACKEND.endswith("smtp.EmailBackend") else {},
    }
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Beredskap <noreply@beredskap.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's address for links in e-mail written outside a request (notifications).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
#: Where people write about the service and its accessibility (the contact page and the
#: accessibility statement show it).
CONTACT_EMAIL = env("CONTACT_EMAIL", "beredskap@beredskap.invalid")

# --- Internationalisation ------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Short dates that name the month ("25 feb. 2026"), for Swedish and English alike.
FORMAT_MODULE_PATH = ["beredskap.formats"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

# --- Static files --------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(PROJECT_DIR / "var" / "static")))
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
# Private files (continuity plans): never under a public URL; read only through views
# that check access (docs/continuity.md).
PRIVATE_FILES_ROOT = Path(env("PRIVATE_FILES_ROOT", str(PROJECT_DIR / "var" / "private")))
CONTINUITY_PLAN_MAX_BYTES = int(env("CONTINUITY_PLAN_MAX_BYTES", str(10 * 1024 * 1024)))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "continuity": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_FILES_ROOT / "continuity")},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Security ------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- API ------------------------------------------------------------------------
# Rate limits of API v1 (django-ninja rates such as "600/m"; "off" turns one off).


def env_rate(name: str, default: str) -> str | None:
    value = env(name, default)
    return None if value == "off" else value


API_ANON_RATE = env_rate("API_ANON_RATE", "600/m")
API_TOKEN_RATE = env_rate("API_TOKEN_RATE", "300/m")
# Proxies in front of the app servers: the client address for rate limits is read from
# X-Forwarded-For this many hops back (0: the connection's own address).
# (ninja's None would take the whole header, which a client can forge.)
NINJA_NUM_PROXIES = int(env("API_NUM_PROXIES", "0"))

# --- Logging -------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}
