"""Settings shared by every environment. Everything deployment-specific comes from the environment."""

import datetime
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def redis_connection_kwargs(url):
    """redis://[:password@]host:port/db (or rediss://) as keyword arguments for redis.Redis, which
    django-q2 needs to pass timeouts (it takes a URL or a dict, not both)."""
    from redis.connection import SSLConnection, parse_url

    kwargs = parse_url(url)
    if kwargs.pop("connection_class", None) is SSLConnection:
        kwargs["ssl"] = True
    return kwargs


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Other front ends (a WeChat mini-program's web view, a partner portal) read the headless API from
# these origins; nothing else is shared cross-origin and no credentials are sent.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

INSTALLED_APPS = [
    "guide",  # before wagtail.admin: its templates replace the links to the online English guides
    "volunteer",
    "reports",
    "publicity",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "django.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "axes",
    "django_q",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A database outage raised in a view is a 503 with Retry-After, not a 500 (cms/middleware.py;
    # cms/urls.py's handler500 covers the other middleware).
    "cms.middleware.DatabaseUnavailableMiddleware",
    "cms.security.ContentSecurityPolicyMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a locked-out login (admin, portal or API token) into a clear 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
            # hours / points / percentage / local_datetime …: every template writes figures and
            # times the same way (volunteer/formatting.py).
            "builtins": ["volunteer.templatetags.dy_format"],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# --- Database -------------------------------------------------------------------------------
# SQLite by default (zero set-up); PostgreSQL when DATABASE_URL is set.
# With a django-q2 worker beside the web server SQLite needs IMMEDIATE transactions and WAL,
# otherwise concurrent writers die with "database is locked" (DESIGN.md, measured).
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL;",
}
# PostgreSQL keeps each connection for CONN_MAX_AGE seconds (60 by default: no connect per
# request) and checks a kept one before reusing it (CONN_HEALTH_CHECKS), so after a database
# restart the first request does not fail on a dead connection. While the database is away,
# requests answer 503 (cms/middleware.py). SQLite opens no network connection: 0 there.
_DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        _DATABASE_URL,
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0" if _DATABASE_URL.startswith("sqlite") else "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)

# A PostgreSQL read replica for reports (cms/dbrouting.py): only report jobs read there, and only
# while REPORTS_READ_FROM_REPLICA is on (turn it off if the replica lags).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60, conn_health_checks=True)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
REPORTS_READ_FROM_REPLICA = os.environ.get("REPORTS_READ_FROM_REPLICA", "true" if DATABASE_REPLICA_URL else "false") == "true"
DATABASE_ROUTERS = ["cms.dbrouting.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and background tasks ----------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # A cache miss, not a 500, when Redis is down (cms/cache.py); a dead Redis costs at most the
    # connect timeout once every `retry_after` seconds per process.
    CACHES = {"default": {"BACKEND": "cms.cache.ResilientRedisCache", "LOCATION": REDIS_URL,
                          "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5, "retry_after": 2}}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# django-q2: ORM broker by default, Redis when REDIS_URL is set. The broker is not the source of
# truth for reports (ReportJob is): timeout < retry, finite attempts, recycle workers so that
# WeasyPrint's memory is returned to the system.
Q_CLUSTER = {
    "name": "dy365",
    "workers": int(os.environ.get("Q_WORKERS", "2")),
    "timeout": 300,
    "retry": 360,
    "max_attempts": 3,
    "recycle": 50,
    # A 500-certificate batch peaks near 800 MB (bench/scenarios/reports.py); the worker is
    # recycled after any task that leaves it above this, so memory goes back after big reports.
    "max_rss": 1_024_000,
    "queue_limit": 50,
    "catch_up": False,
    "label": "后台任务",
}
if REDIS_URL:
    # Bounded timeouts and no retry with back-off (redis.Redis(**kwargs) would otherwise retry 3
    # times, ~3 s, where the URL form did not): an enqueue or a /healthz/ ping against a stopped
    # Redis fails in milliseconds, against an unreachable one within seconds, instead of hanging
    # the request. The pusher's BLPOP waits 1 s, so reads get 3 s. While Redis is down the cluster
    # keeps running and picks up again when it returns (docs/FAULTS.md).
    Q_CLUSTER["redis"] = {**redis_connection_kwargs(REDIS_URL), "socket_connect_timeout": 1, "socket_timeout": 3,
                          "health_check_interval": 15, "retry": None}
else:
    Q_CLUSTER["orm"] = "default"

# --- Auth -------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/admin/login/"

# Content-Security-Policy for the public site, portal and API (cms/security.py). Styles may be
# inline (a honeypot field hides with one); embeds of micro-films come from video sites over https.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                           "img-src 'self' data:; media-src 'self'; frame-src https:; object-src 'none'; "
                           "base-uri 'self'; form-action 'self'; frame-ancestors 'self'")
CSP_EXEMPT_PREFIXES = ("/admin/", "/api/v1/docs/", "/api/v1/redoc/")

# Login lockout (django-axes) for the admin, the portal and the API token: after 5 failures the
# pair (username, address) waits 15 minutes. Keyed on both, so one office behind one NAT address
# is not locked out by a colleague's typos, and a guessed username cannot lock its owner out
# from elsewhere.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cms.security.lockout_response"
# Behind nginx (and a load balancer) REMOTE_ADDR is the proxy: the client's address is taken from
# X-Forwarded-For, trusting only the entries our proxies appended (cms/clientip.py). docker-compose
# sets 1 (nginx); add one for a load balancer in front of it.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "cms.clientip.client_ip"
AXES_HTTP_RESPONSE_CODE = 429

# --- Language and time ---------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "cms" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Media in an S3-compatible bucket (MinIO, OSS, COS, S3) when MEDIA_S3_BUCKET is set, so every web
# and worker replica sees the same uploads and reports; credentials come from AWS_ACCESS_KEY_ID /
# AWS_SECRET_ACCESS_KEY. Certificates and reports name people: objects stay private and links are
# signed for an hour.
MEDIA_S3_BUCKET = os.environ.get("MEDIA_S3_BUCKET", "")
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": MEDIA_S3_BUCKET,
        "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("MEDIA_S3_REGION") or None,
        "location": os.environ.get("MEDIA_S3_PREFIX", "media"),
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 3600,
        "signature_version": "s3v4",
        "file_overwrite": False,
    }}

# --- Wagtail ------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "党员义工365"
WAGTAILADMIN_USER_LOGIN_FORM = "cms.admin_login.LoginForm"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Uploads: only these types, and within these sizes (a micro-film is an mp4 document).
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "mp4", "webm"]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "publicity.forms.DocumentForm"
DOCUMENT_MAX_UPLOAD_SIZE = 200 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_IMAGE_FORM_BASE = "publicity.forms.ImageForm"
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False

# --- Personal data ----------------------------------------------------------------------------
# ID-card numbers are stored encrypted (Fernet) with a keyed HMAC for uniqueness and lookup.
# Both keys come from the environment in production; dev/test derive throwaway ones.
FIELD_ENCRYPTION_KEY = os.environ.get("FIELD_ENCRYPTION_KEY", "")
PERSONAL_DATA_HMAC_KEY = os.environ.get("PERSONAL_DATA_HMAC_KEY", "")

# --- REST framework ---------------------------------------------------------------------------
# /api/v1/ (volunteer/api/): token or session login, scoped, throttled, paginated, documented.
# Closed by default; Wagtail's public API v2 (cms/api.py) opens its own read-only endpoints.
REST_FRAMEWORK = {
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,  # throttles key on the same address as cms/clientip.py
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "60/min"),
        "user": os.environ.get("API_THROTTLE_USER", "600/min"),
        "write": os.environ.get("API_THROTTLE_WRITE", "120/min"),
        "login": os.environ.get("API_THROTTLE_LOGIN", "10/min"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "volunteer.api.exceptions.api_exception_handler",
    "DEFAULT_PAGINATION_CLASS": "volunteer.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "党员义工365 API",
    "DESCRIPTION": "项目、活动、接单、服务记录、评价、群众需求、积分与爱心超市。令牌或会话登录，按管辖范围过滤。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        f"{name}Enum": f"volunteer.models.{name}"
        for name in ["ProjectStatus", "ActivityStatus", "OrderStatus", "RecordStatus", "DemandStatus",
                     "RedemptionStatus", "MemberStatus"]
    },
    "PREPROCESSING_HOOKS": ["volunteer.api.schema.only_v1"],
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "volunteer.api.schema.error_responses"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "volunteer.audit": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django-q": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
LOCALE_PATHS = [BASE_DIR / "cms" / "locale"]
