"""One settings file, driven by environment variables (see README: "Environment variables")."""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
import xstatic.pkg.bootstrap
from csp.constants import NONE, SELF

from config.env import env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent


# Development is the zero-setup default; production sets DJANGO_DEBUG=0 (docker-compose does).
DEBUG = env_bool("DJANGO_DEBUG", True)

DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-never-use-this-key-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "") or DEVELOPMENT_SECRET_KEY


def secret_key_is_weak(key: str) -> bool:
    return key.startswith("django-insecure") or len(key) < 50 or len(set(key)) < 5


if not DEBUG and secret_key_is_weak(SECRET_KEY):
    # One line, no traceback: the operator needs to know what to set, nothing else.
    sys.exit(
        "Refusing to start: DJANGO_DEBUG is off but DJANGO_SECRET_KEY is unset or weak "
        "(set a random value of 50+ characters)."
    )

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    "accounts",
    "consultation",
    "referrals",
    "reports",
    "devdata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before CommonMiddleware (Django's order): the browser's language.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After sign-in: the language saved on the user's profile wins over the browser's.
    "accounts.language_middleware.UserLanguageMiddleware",
    # Next to sign-in, so it sees the response every inner middleware and view gives.
    "core.middleware.NoStoreForSignedInMiddleware",
    "core.middleware.BadInputMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    # After sign-in and the idle clock: until the second step is done, only its pages.
    "accounts.mfa_middleware.TwoFactorRequiredMiddleware",
    # After sign-in (and any second factor): nothing but the agreement until it is accepted.
    "accounts.agreement_middleware.ConfidentialityAgreementMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "accounts.middleware.AccessAuditMiddleware",
    # Last, so that it sees the lockout flag its backend set on the login request.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "referrals.context_processors.crisis_lines",
                "core.context_processors.session_clock",
                "accounts.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two people saving at once: each request's transaction takes SQLite's write lock when it
    # begins (BEGIN IMMEDIATE), so the second waits for the first to commit, up to the busy
    # timeout in seconds, then finds the record's version moved on and shows the conflict message,
    # instead of failing with "database is locked" when both had read first.
    sqlite_options = DATABASES["default"].setdefault("OPTIONS", {})
    sqlite_options["transaction_mode"] = "IMMEDIATE"
    sqlite_options["timeout"] = int(os.environ.get("DJANGO_SQLITE_TIMEOUT", "20"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Page queries run in milliseconds; when the planner's cost estimate of one crosses
    # jit_above_cost, PostgreSQL spends ~100 ms compiling it first (seen on the team caseload).
    database_options = DATABASES["default"].setdefault("OPTIONS", {})
    database_options["options"] = f"{database_options.get('options', '')} -c jit=off".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account before any password is checked.
    "accounts.backends.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# A password reset link works once, for an hour.
PASSWORD_RESET_TIMEOUT = 60 * 60

# Email (password reset links). With EMAIL_HOST set, mail goes out by SMTP; without it, to the
# console while debugging (the link shows in the terminal) and nowhere in production, where a
# link in the logs would let whoever reads them take over an account. DJANGO_EMAIL_BACKEND
# overrides the choice.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "IECMH Consultation <no-reply@localhost>")
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.dummy.EmailBackend"
)

LANGUAGE_CODE = "en"
TIME_ZONE = "America/Chicago"
USE_I18N = True
# The language of a page: the user's saved choice (accounts.language_middleware), else the
# browser's (LocaleMiddleware), else English. Printed documents may take the family's or the
# provider's (core.i18n). Catalogues in locale/ are compiled by scripts/compile_messages.py.
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Formats that differ from Django's for a language (Spanish: a point between thousands).
FORMAT_MODULE_PATH = ["config.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Signed consent forms and other files about children: never under STATIC_ROOT or a public
# media URL; they leave only through an audited view (core.storage).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("IECMH_PRIVATE_MEDIA_ROOT", BASE_DIR / "private"))
# A scanned consent form: a PDF, JPEG or PNG of at most this many bytes.
CONSENT_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
# Spreadsheet imports of sites, classrooms and children (CSV or XLSX): a file of at most this
# many bytes and data rows; the file waits in PRIVATE_MEDIA_ROOT between preview and confirm.
IMPORT_MAX_BYTES = int(os.environ.get("IECMH_IMPORT_MAX_BYTES", str(8 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(os.environ.get("IECMH_IMPORT_MAX_ROWS", "20000"))
# Bootstrap comes from the installed xstatic package, served by WhiteNoise: no CDN, works offline.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("bootstrap", xstatic.pkg.bootstrap.BASE_DIR),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Local memory: nothing about a child is ever copied into a shared cache service.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The audit history is read-only in the admin: no "revert" for anyone.
SIMPLE_HISTORY_REVERT_DISABLED = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SESSION_COOKIE_HTTPONLY = True
# Notifications and the weekly digest link to pages by this address (no trailing slash).
SITE_URL = os.environ.get("IECMH_SITE_URL", "http://localhost:8000")

# Automatic logoff (accounts.middleware.SessionTimeoutMiddleware): after this long without a
# request, and in any case this long after signing in. The session cookie and the server-side
# session also expire after the idle time, and the cookie ends with the browser (shared tablets).
SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
SESSION_COOKIE_AGE = int(SESSION_IDLE_TIMEOUT.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content Security Policy: everything from this origin, nothing inline, nothing third-party.
# Bootstrap's CSS draws its icons (select arrows, checkboxes) as data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Login protection (django-axes). Sign-in is locked after AXES_FAILURE_LIMIT failed attempts
# within AXES_COOLOFF_TIME, and stays locked, right password or not, until the cool-off has
# passed or a superuser deletes its access attempts in the admin (or `manage.py axes_reset`).
# Failures are counted per account *and* client address together: one person's typos lock that
# account from that address only, never colleagues who share the address (an office, the proxy).
AXES_FAILURE_LIMIT = 10
AXES_VERBOSE = False
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Keep one row per failed attempt (time, source address, user agent) beside the counters.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# The sign-in logs are append-only (triggers, accounts/immutable.py): axes must never trim the
# failure log per user (its default keeps the last 1000 and deletes older ones).
AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 10**15
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.audit.client_ip"
# Behind a TLS proxy REMOTE_ADDR is the proxy's address: set how many proxies stand in front, and
# the source address is read from X-Forwarded-For (the entry the outermost trusted proxy added,
# counted from the right; anything further left is whatever the client sent). Only with the app
# unreachable except through those proxies (docker-compose.yml publishes it on 127.0.0.1 only):
# a client reaching it directly could write its own X-Forwarded-For.
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))

# Two-factor sign-in (django-otp, TOTP; accounts.mfa). The roles named here must confirm a code
# from an authenticator app after their password ("superuser" for superusers, whatever their
# role); the others may turn it on. "none" requires it of nobody.
MFA_ROLE_WORDS = {"consultant", "supervisor", "program_lead", "superuser"}
MFA_REQUIRED_ROLES = set(
    env_list("IECMH_MFA_REQUIRED_ROLES", ["supervisor", "program_lead", "superuser"])
) - {"none"}
if not MFA_REQUIRED_ROLES <= MFA_ROLE_WORDS:
    sys.exit(
        "Refusing to start: IECMH_MFA_REQUIRED_ROLES names unknown roles "
        f"{sorted(MFA_REQUIRED_ROLES - MFA_ROLE_WORDS)} (use {sorted(MFA_ROLE_WORDS)} or none)."
    )
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = "IECMH Consultation"

# Audit of reads (accounts.middleware.AccessAuditMiddleware, the rule in accounts.audit). Each
# pattern (fnmatch syntax, on "namespace:url_name") names the app's pages that show a child or a
# record about one (forms included: they show what they edit); each view writes an AccessRecord of
# that object type. Every admin page about a record of someone's work (a model with an owner_path)
# is audited without a line here, by the model's name: lists, change pages, history, versions,
# autocomplete and "view on site". Any response sent as a file download is recorded as an export,
# and every 403 or 404 answered to a signed-in user as a denied attempt.
# tests/security/test_audit_crawl.py requests every URL as every role and fails when a page
# naming a child wrote no record: a new page that does gets a line here.
AUDITED_VIEWS = {
    "consultation:site_detail": "site",  # lists the site's children by name
    "consultation:child_detail": "child",
    "consultation:child_edit": "child",
    "consultation:child_archive": "child",
    "consultation:child_search": "child",  # the visit form's search among a site's children
    "consultation:consent_create": "child",
    "consultation:consent_form": "child",
    "consultation:consent_revoke": "consent",
    "consultation:consent_document": "consent",
    "consultation:case_create": "case",  # offers the site's children by name
    "consultation:case_detail": "case",
    "consultation:case_close": "case",
    "consultation:visit_create": "case",  # the form for a case (?case=)
    "consultation:measure_create": "case",
    "consultation:measure_void": "measure",
    "consultation:exclusion_create": "case",
    "consultation:demographics_edit": "child",  # the child's demographics
    "consultation:follow_up_answer": "placementfollowup",  # names the child and site
    "consultation:intake_create": "intake",  # offers the team's children by name
    "consultation:intake_detail": "intake",
    "consultation:intake_step": "intake",
    "consultation:visit_detail": "visit",
    "consultation:visit_edit": "visit",
    "consultation:visit_void": "visit",
    "consultation:visit_summary*": "visit",
    "referrals:referral_list": "referral",  # names the children referred
    "referrals:referral_create": "case",
    "referrals:referral_detail": "referral",
    "referrals:referral_transition": "referral",  # a refused step redisplays the referral
    "referrals:referral_consent": "referral",
    "admin:consultation_consultationcase_*": "case",
    "reports:missing_follow_ups": "case",  # names the children whose follow-up is missing
    "*export*": "export",
    "consultation:import_index": "import",  # the preview answers the upload, naming children
    "consultation:import_preview": "import",
}
# `manage.py prune_access_records` deletes access records older than this many years, the only
# delete the audit tables allow (README: "The audit cannot be edited"). Six years is HIPAA's
# documentation retention period.
ACCESS_RECORD_RETENTION_YEARS = int(os.environ.get("IECMH_ACCESS_RECORD_RETENTION_YEARS", "6"))
# `manage.py backup` writes here unless given --output (see README: "Backups").
BACKUP_DIR = Path(os.environ.get("IECMH_BACKUP_DIR", BASE_DIR / "backups"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
# Domain settings: the program's own rules live in config/program_settings.py.
from config.program_settings import *  # noqa: E402, F403
