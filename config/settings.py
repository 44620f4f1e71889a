"""Zizhi settings: one file, everything that differs between machines read from the environment.

With no environment set, the app runs on SQLite with Celery tasks executed in-process, so a
fresh checkout works with nothing else installed.
"""

import datetime
from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF
from kombu import Queue

from config import env, logs

BASE_DIR = Path(__file__).resolve().parent.parent

# An insecure development key: `check --deploy` flags it until DJANGO_SECRET_KEY is set.
SECRET_KEY = env.text(
    "DJANGO_SECRET_KEY", "django-insecure-zizhi-development-only-never-use-in-production"
)
DEBUG = env.boolean("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env.csv_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.csv_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "csp",
    "villages",
    "members",
    "association",
    "incentives",
    "services",
    "assessments",
    "reports",
    "demo",
]

MIDDLEWARE = [
    "config.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: turns a login refused for too many failures into the lockout page (axes).
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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)  # the embedded default keeps its database and files here
DATABASES = {"default": env.database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'zizhi.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the in-process document builder and the web request share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
else:
    # No JIT compilation: at county scale the planner's estimates for the benefit rules' and the lists' queries
    # pass JIT's thresholds, and compiling took 2.4 s for a query that runs in 0.4 s (see the county benchmark).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "villages.User"
# django-axes first: it refuses a login (the login page, the admin's and the API's token) while its
# username and address are locked out, before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "villages:home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env.choice("DJANGO_LANGUAGE_CODE", "zh-hans", {"zh-hans", "en"})
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]  # amounts with thousands separators in Chinese too (29,760.00)
TIME_ZONE = env.time_zone("DJANGO_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.text("DJANGO_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"
# Built documents: a private folder outside MEDIA_ROOT, served only through the scoped download view.
DOCUMENTS_ROOT = Path(env.text("DJANGO_DOCUMENTS_ROOT", str(VAR_DIR / "documents")))
# The address printed on documents (QR code to /verify/<code>): where the public reaches the app.
PUBLIC_BASE_URL = env.url("DJANGO_PUBLIC_URL", "http://127.0.0.1:8000")
# The town office's telephone printed on disclosure boards until its issuing unit records one.
BOARD_COMPLAINT_PHONE = env.text("DJANGO_BOARD_COMPLAINT_PHONE", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve static files straight from the app folders when nothing was collected (tests, a fresh
# checkout); a deployment runs collectstatic and WhiteNoise serves the collected copy.
WHITENOISE_USE_FINDERS = True

# HTTPS deployment: secure cookies, HSTS and redirects. Off on the town intranet's plain HTTP
# demo; `check --deploy` asks for it.
HTTPS = env.boolean("DJANGO_HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# The health check answers on plain HTTP too: a supervisor on the machine asks it at 127.0.0.1.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = 60 * 60 * 10

# Content Security Policy (django-csp): the pages run only the app's own script files, with no inline
# script, handler or style, and load nothing from elsewhere. The API's docs page loosens it for its own
# inline style (config.urls); an uploaded file is served under a sandbox of its own (villages.uploads).
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

# Login throttling (django-axes): five wrong passwords for one username from one address lock that pair
# out for 15 minutes (the lockout page says until when); a good login clears the count. The address is
# REMOTE_ADDR: behind a reverse proxy, set AXES_IPWARE_PROXY_COUNT / AXES_CLIENT_IP_CALLABLE to read it.
AXES_FAILURE_LIMIT = env.integer("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.integer("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "villages.logins.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# API tokens (villages.logins) are good for this long after they were issued; then the client asks again.
API_TOKEN_TTL = datetime.timedelta(days=env.integer("API_TOKEN_DAYS", 7))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "villages.logins.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["villages.permissions.JurisdictionPermission"],
    # JSON bounded in size and nesting (villages.api_parsers); forms and uploads as DRF reads them.
    "DEFAULT_PARSER_CLASSES": [
        "villages.api_parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "villages.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "villages.api_errors.handle_api_exception",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Zizhi API",
    "DESCRIPTION": "Family planning and family services through villager self-government.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "villages.api_errors.document_error_answers"],
    # Several models have a field named "kind"; name each enum after its model.
    "ENUM_NAME_OVERRIDES": {
        "DocumentKindEnum": "reports.models.DocumentKind",
        "DocumentStatusEnum": "reports.models.DocumentStatus",
        "PolicyKindEnum": "incentives.models.policies.Policy.Kind",
        "ConditionKindEnum": "incentives.models.conditions.Condition.Kind",
        "FactKindEnum": "incentives.models.facts.Fact.Kind",
        "HoldKindEnum": "incentives.models.cycles.Hold.Kind",
        "SiteKindEnum": "services.models.sites.SiteKind",
        "RoleEnum": "association.models.members.AssociationMember.Role",
        "LeadingGroupRoleEnum": "services.models.groups.GroupRole",
        "PositionKindEnum": "villages.models.Position.Kind",
        "MeetingAttendanceEnum": "association.models.work.MeetingAttendance.Status",
        "SiteStateEnum": "services.models.sites.SiteState",
        "ConditionTargetEnum": "incentives.models.condition_kinds.Target",
        "HealthAttendanceEnum": "services.models.health.Attendance",
        "FindingCategoryEnum": "services.models.health.FindingCategory",
        "FindingStateEnum": "services.models.health.FindingState",
        "HealthTargetEnum": "services.models.health.TargetGroup",
        "PingAnStateEnum": "services.models.honours.PingAnState",
    },
}

# The cache: each process its own by default; CACHE_URL (redis://host:6379/1) shares one between the web processes
# and the workers, which compute an open period's town totals for the county overview in the background.
CACHE_URL = env.text("CACHE_URL", "")
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}

# Celery: with no broker the tasks run in-process when the transaction commits.
CELERY_BROKER_URL = env.broker("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    # Eager tasks never reach a broker; naming the in-memory one keeps kombu from looking for AMQP.
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = False
# Documents must not be lost: acknowledge after the work is done, and put the message back when
# the worker process dies under it (SIGKILL, out of memory). Job state lives in the database.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A worker process loads the PDF fonts and stylesheet when it starts (reports.tasks.warm_up_worker, about a second,
# more on a busy machine): wait longer than Celery's 4 s for it before thinking the process failed to start.
CELERY_WORKER_PROC_ALIVE_TIMEOUT = 30
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_VISIBILITY_TIMEOUT = env.integer("CELERY_VISIBILITY_TIMEOUT", 3600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A task lost with its whole worker comes back after this many seconds...
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # ...found by a sweep every few seconds (one cheap Redis query). Kombu's default sweeps only
    # every 10 x 10 s, which would leave a lost document waiting up to 100 s past its timeout.
    "unacked_restore_interval": max(1, min(10, CELERY_VISIBILITY_TIMEOUT // 2)),
    "unacked_restore_throttle": 1,
    # The sweep takes a lock in Redis; a worker killed while holding it would block every sweep for
    # kombu's default 300 s. Never let such a lock outlast the visibility timeout itself.
    "unacked_mutex_expire": max(10, min(300, CELERY_VISIBILITY_TIMEOUT)),
}
CELERY_TASK_TIME_LIMIT = 15 * 60
# Two queues: the documents (PDFs and exports: seconds of CPU each, a batch of 41 boards at a time) and the
# housekeeping (the sweeper and the reminders: short), so that a batch never holds the morning's reminders back and
# documents get workers of their own (Procfile, docs/deployment.md). A worker started without --queues takes both.
DOCUMENTS_QUEUE, HOUSEKEEPING_QUEUE = "documents", "housekeeping"
CELERY_TASK_QUEUES = (Queue(DOCUMENTS_QUEUE), Queue(HOUSEKEEPING_QUEUE))
CELERY_TASK_DEFAULT_QUEUE = HOUSEKEEPING_QUEUE
CELERY_TASK_ROUTES = {"reports.tasks.build_document_task": {"queue": DOCUMENTS_QUEUE}}
CELERY_TIMEZONE = TIME_ZONE
# The scheduler (`celery -A config beat`) sends again every two minutes the documents left queued
# more than five (reports.models.REQUEUE_AFTER), e.g. because the broker was down when they were
# asked for. Without the scheduler, cron can run `manage.py requeue_documents` instead.
# The reminders (reports.reminders) run every morning; each is sent once, so a second run does no harm.
# ZIZHI_REMINDERS_EVERY (seconds) replaces the daily time with a short interval, for tests and trials.
REMINDERS_EVERY = env.integer("ZIZHI_REMINDERS_EVERY", 0)
CELERY_BEAT_SCHEDULE = {
    "requeue-documents": {"task": "reports.sweeper.requeue_documents_task", "schedule": 120.0},
    "send-reminders": {"task": "reports.reminders.send_reminders_task",
                       "schedule": float(REMINDERS_EVERY) if REMINDERS_EVERY else crontab(hour=7, minute=30)},
}
# Task modules beside the apps' `tasks` modules that the workers load.
CELERY_IMPORTS = ["reports.sweeper", "reports.reminders"]

# E-mail (the reminders): printed on the console unless a backend is given.
EMAIL_BACKEND = env.text("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.text("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env.integer("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env.text("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.text("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.boolean("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.text("DJANGO_DEFAULT_FROM_EMAIL", "zizhi@localhost")

# Logs to standard error: plain text by default, one JSON line per record with DJANGO_LOG_FORMAT=json.
LOGGING = logs.config(
    fmt=env.choice("DJANGO_LOG_FORMAT", "text", {"text", "json"}),
    level=env.choice("DJANGO_LOG_LEVEL", "WARNING", {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}),
)
