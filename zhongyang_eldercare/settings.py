"""Settings for the Zhongyang rural elderly-care portal.

One file for every environment; everything that differs between a laptop and
the county server comes from environment variables (see .env.example). Outside
DEBUG the file fails closed: SECRET_KEY and ALLOWED_HOSTS must be given (except for
the code-only commands makemigrations, makemessages and compilemessages).
"""

import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from zhongyang_eldercare.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", False)

# `manage.py` commands that only read the code and write files: they serve no request and
# sign nothing, so they run without the production secrets (a build machine or a
# pre-commit check has none). Decided from the command line, not from the environment.
CODE_ONLY_COMMANDS = {"makemigrations", "makemessages", "compilemessages"}
CODE_ONLY = Path(sys.argv[0]).name == "manage.py" and sys.argv[1:2] != [] and sys.argv[1] in CODE_ONLY_COMMANDS

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or CODE_ONLY):
        raise ImproperlyConfigured("Set SECRET_KEY (it is required when DEBUG is off).")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not (DEBUG or CODE_ONLY) and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS (it is required when DEBUG is off).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "import_export",
    "auditlog",
    "zhongyang_eldercare.accounts.axes_app.AxesConfig",  # django-axes, with a Chinese admin heading
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "zhongyang_eldercare.import_jobs.tasks_app.TasksDatabaseConfig",  # django-tasks-db, under a Chinese heading
    "zhongyang_eldercare.accounts",
    "zhongyang_eldercare.audit",
    "facilities",
    "staffing",
    "visits",
    "subsidies",
    "zhongyang_eldercare.reports",
    "zhongyang_eldercare.import_jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zhongyang_eldercare.accounts.sessions.SessionRefreshMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
    "zhongyang_eldercare.accounts.middleware.AccountGateMiddleware",
]

ROOT_URLCONF = "zhongyang_eldercare.urls"
WSGI_APPLICATION = "zhongyang_eldercare.wsgi.application"

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
                "zhongyang_eldercare.accounts.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,  # a connection dropped by a database restart is reopened, not reused broken
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The import worker writes beside the web server: WAL lets pages read while it writes, and a
    # writer waits for the lock instead of failing at once (PostgreSQL, in production, needs neither).
    DATABASES["default"].setdefault("OPTIONS", {}).update({"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20})
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compiles the worklist's and the lists' many-subquery plans on every request and costs more
    # than it saves at this size (docs/performance.md): off for the portal's own connections.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "zhongyang_eldercare.accounts.backends.RolePermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "zhongyang_eldercare.accounts.validators.CharacterClassValidator"},
    {"NAME": "zhongyang_eldercare.accounts.validators.CommonPatternValidator"},
    {"NAME": "zhongyang_eldercare.accounts.validators.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after 30 minutes without a request (等保 2.0 idle timeout).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
# Idle expiry without a write per request: an unchanged session is saved again once a minute at most
# (zhongyang_eldercare/accounts/sessions.py), so it ends 29-30 idle minutes after the last request.
SESSION_REFRESH_SECONDS = env_int("SESSION_REFRESH_SECONDS", 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Lockout: 5 failures lock one account from one address for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0)
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# The portal speaks Chinese whatever the browser asks for (no LocaleMiddleware);
# English msgids remain, so LANGUAGE_CODE=en gives an English UI for maintainers.
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Uploads: spreadsheets only, and small ones (a county's archive is well under this).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("UPLOAD_MAX_BYTES", 5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
UPLOAD_MAX_BYTES = DATA_UPLOAD_MAX_MEMORY_SIZE

IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# The admin never shows a TOTP secret or its QR code again (they 500 on a missing id, too).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
OTP_TOTP_ISSUER = "中阳县农村养老服务平台"

AUDITLOG_INCLUDE_ALL_MODELS = False
# The Cybersecurity Law (art. 21) asks for network logs kept at least six months.
AUDIT_RETENTION_MIN_DAYS = 180
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 400)
if AUDIT_RETENTION_DAYS < AUDIT_RETENTION_MIN_DAYS:
    raise ImproperlyConfigured(f"AUDIT_RETENTION_DAYS must be at least {AUDIT_RETENTION_MIN_DAYS} (six months).")

# Security headers. Behind nginx the TLS is terminated there (deploy/nginx.conf).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

DEMO_PASSWORD = env_str("DEMO_PASSWORD")

# `manage.py backup` without --out writes here (the nightly timer in deploy/ uses it).
BACKUP_DIR = env_str("BACKUP_DIR", str(VAR_DIR / "backups"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Uploaded spreadsheets wait here between the dry run and the confirmed import.
IMPORT_STASH_DIR = env_str("IMPORT_STASH_DIR", str(VAR_DIR / "imports"))
# ... for this many hours; then the check must be run again (manage.py purge_import_stash deletes them, hourly).
IMPORT_STASH_HOURS = env_int("IMPORT_STASH_HOURS", 24)

# Background tasks (django-tasks): imports run in a worker (`manage.py db_worker`; `make run` starts one,
# deploy/zhongyang-worker.service on the server). The database backend needs nothing beyond the database;
# TASKS_BACKEND=immediate runs each task inside the request instead (the tests do).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of: {', '.join(TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}

# A running import reports its progress here, outside its transaction (which other requests cannot see into),
# so the progress page of another process can read it. Files, so the web server and the worker share them.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # counts keyed by the townships' figures versions (visits.tiers): a stale entry is never read, only crowded out
    "figures": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "figures",
        "TIMEOUT": 2 * 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    },
    "progress": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("PROGRESS_DIR", str(VAR_DIR / "progress")),
        "TIMEOUT": 24 * 60 * 60,
    },
}
