"""Fazhi settings: one module, configured from the environment.

Every variable read here is listed in docs/architecture.md (配置). SQLite is the embedded default;
set DATABASE_URL (e.g. postgres://user@127.0.0.1:5432/fazhi) for PostgreSQL 15.
"""

import importlib.util
import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("FAZHI_VAR_DIR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Debugging (Django's English error pages with the settings in them) only when asked for:
# `make demo` asks; an unconfigured server does not.
DEBUG = env_bool("FAZHI_DEBUG", False)
SECRET_KEY = os.environ.get("FAZHI_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "FAZHI_SECRET_KEY must be set (a long random string, e.g. from "
            "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`); "
            "or set FAZHI_DEBUG=true on a developer's machine"
        )
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
ALLOWED_HOSTS = os.environ.get("FAZHI_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

# The reverse proxies in front of the app servers (addresses or CIDR ranges). Only from them are
# X-Forwarded-For (the client address) and X-Forwarded-Proto (HTTPS) believed: fazhi.core.proxies.
FAZHI_TRUSTED_PROXIES = env_list("FAZHI_TRUSTED_PROXIES")
if FAZHI_TRUSTED_PROXIES:
    from fazhi.core.proxies import parse_networks

    parse_networks(FAZHI_TRUSTED_PROXIES)  # a typo stops start-up rather than trusting nobody
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# django-ninja is not an installed app: as one it would be imported (and pydantic with it) by every
# command's start-up; the API docs page takes its templates and its own copy of Swagger UI from
# the package's folders (fazhi.api.OfflineSwagger), never from a CDN.
NINJA_DIR = Path(importlib.util.find_spec("ninja").origin).parent

INSTALLED_APPS = [
    "fazhi.core.admin_app.AdminConfig",  # django.contrib.admin; the URLconf loads its ModelAdmins
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "axes",
    "csp",
    "fazhi.core",
    "fazhi.figures",
    "fazhi.cockpit",
    "fazhi.disputes",  # holds the migrations that created the tables of its procedures
    "fazhi.disputes.reconsideration",
    "fazhi.disputes.litigation",
    "fazhi.disputes.mediation",
    "fazhi.disputes.opinions",
    "fazhi.oversight",  # likewise
    "fazhi.oversight.proposals",
    "fazhi.oversight.disclosure",
    "fazhi.oversight.letters",
    "fazhi.oversight.media",
    "fazhi.governance.legality",
    "fazhi.governance.decisions",
    "fazhi.governance.normative",
    "fazhi.governance.advisers",
    "fazhi.governance.tasks",
    "fazhi.enforcement.officers",
    "fazhi.enforcement.cases",
    "fazhi.enforcement.casereview",
    "fazhi.enforcement.education",
    "fazhi.powers.lists",
    "fazhi.powers.proofs",
    "fazhi.reports",
    "fazhi.portal",
    "fazhi.demo",
]

MIDDLEWARE = [
    "fazhi.core.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fazhi.urls"
WSGI_APPLICATION = "fazhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates", NINJA_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fazhi.core.context.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'fazhi.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the workbench read while an import or tick writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

# axes first: it refuses a locked-out user name + address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "fazhi.core.backends.UnitModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:workbench"
LOGOUT_REDIRECT_URL = "portal:home"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static", NINJA_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

# Uploaded files (attachments, 全过程记录 of enforcement) go through Django's storage API: the
# filesystem under FAZHI_VAR_DIR/media by default, or any S3-compatible object store (MinIO,
# an 政务云's OSS/OBS) when FAZHI_S3_BUCKET is set. Files stay private: a download goes through
# the platform's own view, which checks the reader's scope and the file's SHA-256.
FAZHI_S3_BUCKET = os.environ.get("FAZHI_S3_BUCKET", "")
if FAZHI_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": FAZHI_S3_BUCKET,
            "endpoint_url": os.environ.get("FAZHI_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("FAZHI_S3_REGION") or None,
            "access_key": os.environ.get("FAZHI_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("FAZHI_S3_SECRET_KEY") or None,
            "location": os.environ.get("FAZHI_S3_PREFIX", ""),
            "default_acl": "private",
            "file_overwrite": False,  # two uploads of one name never replace each other
            "querystring_auth": True,
        },
    }

# One cache for every app server (login throttles, rate limits): the database's table
# `fazhi_cache` (made by `fazhi migrate`), or Redis when FAZHI_REDIS_URL is set.
FAZHI_REDIS_URL = os.environ.get("FAZHI_REDIS_URL", "")
if FAZHI_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": FAZHI_REDIS_URL,
            "KEY_PREFIX": "fazhi",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "fazhi_cache",
            # Culling at the default 300 entries would let a flood of failed logins evict a lockout.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("FAZHI_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
X_FRAME_OPTIONS = "DENY"

# Failed logins allowed per username+address in LOGIN_THROTTLE_WINDOW seconds, on every login path
# (the site's, the admin's): django-axes guards authentication itself; see fazhi.core.throttle.
LOGIN_THROTTLE_LIMIT = int(os.environ.get("FAZHI_LOGIN_THROTTLE_LIMIT", "5"))
LOGIN_THROTTLE_WINDOW = int(os.environ.get("FAZHI_LOGIN_THROTTLE_WINDOW", "900"))
AXES_HANDLER = "fazhi.core.throttle.SharedCacheHandler"
AXES_FAILURE_LIMIT = "fazhi.core.throttle.failure_limit"  # LOGIN_THROTTLE_LIMIT, read when used
AXES_COOLOFF_TIME = "fazhi.core.throttle.cool_off"  # LOGIN_THROTTLE_WINDOW, read when used
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "fazhi.core.proxies.client_address"
AXES_USERNAME_CALLABLE = "fazhi.core.throttle.attempted_username"
AXES_LOCKOUT_CALLABLE = "fazhi.core.throttle.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ADMIN = False  # the counts are in the cache; axes' admin tables would stay empty

# Content-Security-Policy (django-csp): scripts and styles only from this site's static files,
# never inline (tests scan the templates); no frames, no plug-ins, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The government whose work this instance reports on (GB/T 2260 code); the demo city by default.
FAZHI_GOVERNMENT_CODE = os.environ.get("FAZHI_GOVERNMENT_CODE", "532504")

# The earliest year a ledger's year filter offers (records older than this are not kept here).
FAZHI_FIRST_YEAR = int(os.environ.get("FAZHI_FIRST_YEAR", "2000"))

# Days before a statutory due date from which the workbench marks a case 临期 (due soon).
FAZHI_DUE_SOON_DAYS = int(os.environ.get("FAZHI_DUE_SOON_DAYS", "3"))

# The inbox (fazhi.core.inbox). Records in a status without a statutory clock still surface, as
# "等待N日", once they have stayed that long in it: a local rule per "<procedure>.<status>", not
# the law's. FAZHI_WAITING_DAYS (JSON, e.g. '{"proposals.received": 5}') adds to or overrides
# these defaults; 0 switches a status off. The badge is cached per user this many seconds.
FAZHI_WAITING_DAYS_DEFAULTS = {
    "proposals.received": 7,  # 建议提案 registered but not yet 交办
    "proposals.answered": 30,  # answered, the 代表's or 委员's rating not yet recorded
    "letters.received": 3,  # 信箱 letter not yet passed to a unit
    "letters.answered": 10,  # replied, not yet 办结
    "media.rectifying": 30,  # 政务新媒体 account under 整改
}
FAZHI_WAITING_DAYS = {
    **FAZHI_WAITING_DAYS_DEFAULTS,
    **json.loads(os.environ.get("FAZHI_WAITING_DAYS") or "{}"),
}
FAZHI_INBOX_CACHE_SECONDS = int(os.environ.get("FAZHI_INBOX_CACHE_SECONDS", "60"))

# E-mail (the tick's digest of new reminders and 催办, fazhi.core.inbox.send_digests): Django's
# mail backend. Without FAZHI_EMAIL_HOST nothing leaves the machine: the console backend when
# debugging (the demo), otherwise none at all (the dummy backend).
FAZHI_EMAIL_HOST = os.environ.get("FAZHI_EMAIL_HOST", "")
if FAZHI_EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = FAZHI_EMAIL_HOST
    EMAIL_PORT = int(os.environ.get("FAZHI_EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("FAZHI_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("FAZHI_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("FAZHI_EMAIL_TLS", False)
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
EMAIL_BACKEND = os.environ.get("FAZHI_EMAIL_BACKEND", EMAIL_BACKEND)
DEFAULT_FROM_EMAIL = os.environ.get("FAZHI_EMAIL_FROM", "fazhi@localhost")
# The address in the digest's links (e-mail has no request to build them from).
FAZHI_SITE_URL = os.environ.get("FAZHI_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Where `fazhi tick` and `fazhi audit anchor` append the audit chain's head (fazhi.core.audit).
# Production points it at storage the database's administrators cannot rewrite (append-only).
FAZHI_AUDIT_ANCHOR_FILE = Path(
    os.environ.get("FAZHI_AUDIT_ANCHOR_FILE", VAR_DIR / "audit-anchors.jsonl")
)

# Rules the law leaves open or that are local (docs/architecture.md lists each with its source);
# every one can be set from the environment.
FAZHI_LITIGATION_APPEARANCE_DENOMINATOR = os.environ.get(
    "FAZHI_LITIGATION_APPEARANCE_DENOMINATOR", "all_cases"
)
FAZHI_MEDIATION_PERIOD_DAYS = int(os.environ.get("FAZHI_MEDIATION_PERIOD_DAYS", "30"))
# Whether 行政调解 agreements are offered 司法确认 (民事诉讼法 art. 201; mediation/rules.py).
FAZHI_MEDIATION_ADMIN_CONFIRMATION = env_bool("FAZHI_MEDIATION_ADMIN_CONFIRMATION", True)
FAZHI_PROPOSAL_PERIOD_MONTHS = int(os.environ.get("FAZHI_PROPOSAL_PERIOD_MONTHS", "3"))
FAZHI_PROPOSAL_EXTENDED_MONTHS = int(os.environ.get("FAZHI_PROPOSAL_EXTENDED_MONTHS", "6"))
FAZHI_PROPOSAL_REHANDLING_MONTHS = int(os.environ.get("FAZHI_PROPOSAL_REHANDLING_MONTHS", "1"))
FAZHI_PROPOSAL_MAX_ROUNDS = int(os.environ.get("FAZHI_PROPOSAL_MAX_ROUNDS", "2"))
FAZHI_PROPOSAL_CLOSING_CUTOFF = os.environ.get("FAZHI_PROPOSAL_CLOSING_CUTOFF", "09-30")
FAZHI_DISCLOSURE_FEE_PAUSES_CLOCK = env_bool("FAZHI_DISCLOSURE_FEE_PAUSES_CLOCK", True)
FAZHI_DISCLOSURE_FEE_PAYMENT_WORKDAYS = int(
    os.environ.get("FAZHI_DISCLOSURE_FEE_PAYMENT_WORKDAYS", "20")
)
FAZHI_DISCLOSURE_APPLY_LIMIT = int(os.environ.get("FAZHI_DISCLOSURE_APPLY_LIMIT", "5"))
FAZHI_DISCLOSURE_APPLY_WINDOW = int(os.environ.get("FAZHI_DISCLOSURE_APPLY_WINDOW", "3600"))
FAZHI_DISCLOSURE_TRACK_LIMIT = int(os.environ.get("FAZHI_DISCLOSURE_TRACK_LIMIT", "30"))
# Reply kinds whose 救济途径 says 复议前置 (行政复议法(2023) art. 23 ¶1(4)): disclosure/rules.py.
FAZHI_DISCLOSURE_REVIEW_FIRST_SITUATIONS = tuple(
    os.environ.get("FAZHI_DISCLOSURE_REVIEW_FIRST_SITUATIONS", "36_3,37").split(",")
)
# 司法建议 reply period (日) when the court sets none; no statute does (litigation/rules.py).
FAZHI_LITIGATION_ADVICE_REPLY_DAYS = int(os.environ.get("FAZHI_LITIGATION_ADVICE_REPLY_DAYS", "60"))
FAZHI_LETTER_REPLY_WORKDAYS = int(os.environ.get("FAZHI_LETTER_REPLY_WORKDAYS", "10"))

# Imports (fazhi/core/imports/limits.py and running.py say why each default): the largest upload
# on the import page; what a file may hold before it is refused unread — sized so that a ledger
# of 1 000 000 rows × 40 columns still imports from the command line; and how long one write
# transaction of an import may keep other users' writes waiting.
FAZHI_IMPORT_MAX_BYTES = int(os.environ.get("FAZHI_IMPORT_MAX_BYTES", str(50 * 2**20)))
FAZHI_IMPORT_MAX_ROWS = int(os.environ.get("FAZHI_IMPORT_MAX_ROWS", "1048576"))
FAZHI_IMPORT_MAX_COLUMNS = int(os.environ.get("FAZHI_IMPORT_MAX_COLUMNS", "256"))
FAZHI_IMPORT_MAX_ROW_CHARS = int(os.environ.get("FAZHI_IMPORT_MAX_ROW_CHARS", "1000000"))
FAZHI_IMPORT_MAX_UNZIPPED_BYTES = int(
    os.environ.get("FAZHI_IMPORT_MAX_UNZIPPED_BYTES", str(4 * 2**30))
)
FAZHI_IMPORT_MAX_ZIP_RATIO = int(os.environ.get("FAZHI_IMPORT_MAX_ZIP_RATIO", "200"))
FAZHI_IMPORT_MAX_ZIP_ENTRIES = int(os.environ.get("FAZHI_IMPORT_MAX_ZIP_ENTRIES", "10000"))

# Attachments (evidence, papers) of a record: the largest file accepted, and the types offices
# exchange. Pages a browser would run (html, svg, js) are never accepted: every download is
# served as an attachment with nosniff besides.
FAZHI_ATTACHMENT_MAX_BYTES = int(os.environ.get("FAZHI_ATTACHMENT_MAX_BYTES", str(20 * 2**20)))
# 全过程记录校验 on its page reads at most this many bytes of files a request (then offers to go
# on): a county's recordings are checked in parts, each a few seconds, never one request for all.
# `fazhi enforcement_records verify` checks everything at once.
FAZHI_RECORD_CHECK_BYTES = int(os.environ.get("FAZHI_RECORD_CHECK_BYTES", str(512 * 2**20)))
# Searches of the public pages (执法公示, 规范性文件库) one client address may run a minute: a
# search reads what no index narrows; beyond it the page answers 429 in Chinese.
FAZHI_PUBLIC_SEARCH_LIMIT = int(os.environ.get("FAZHI_PUBLIC_SEARCH_LIMIT", "30"))
FAZHI_ATTACHMENT_TYPES = tuple(
    os.environ.get(
        "FAZHI_ATTACHMENT_TYPES", "pdf,ofd,jpg,jpeg,png,tif,tiff,doc,docx,wps,xls,xlsx,et,txt,zip"
    ).split(",")
)
# How long one transaction of an import lasts; empty: 0.2 s on SQLite, 0.5 s on PostgreSQL
# (fazhi/core/imports/running.py says why).
FAZHI_IMPORT_TRANSACTION_SECONDS = float(os.environ.get("FAZHI_IMPORT_TRANSACTION_SECONDS") or 0)
# How long a list page remembers that its filters match more records than it counts ("超过 1000
# 件"), per user and filters, so that paging does not count them again (fazhi.core.ledger.views).
# A total within the bound is always counted afresh. 0: count every page.
FAZHI_LIST_TOTAL_SECONDS = float(os.environ.get("FAZHI_LIST_TOTAL_SECONDS") or 60)
# How long a list page's filters trust the units a government has, as read for an earlier page,
# before reading them again (fazhi.core.ledger.filters). A unit saved or deleted in this process
# is seen at once; in another app server process within this time. 0: read them for every page.
FAZHI_LIST_UNITS_SECONDS = float(os.environ.get("FAZHI_LIST_UNITS_SECONDS") or 10)
# PostgreSQL: the statistics target of every column naming an org unit, set after each migrate
# (fazhi.core.unit_statistics): with the default 100 a small unit's rows were guessed 4× too
# many and its list walked the date index (78 ms instead of 1.5 ms at 1 000 000 cases).
# 0 leaves the columns as they are.
FAZHI_UNIT_STATISTICS = int(os.environ.get("FAZHI_UNIT_STATISTICS") or 1000)
# Where an import uploaded in the page runs (fazhi/core/imports/background.py): "process", a
# `fazhi import_run` process started for it, which shows its progress in the page and outlives
# the request (a city's ledger takes minutes); or "inline", inside the upload request. At most
# FAZHI_IMPORT_MAX_RUNNING run at once (each keeps a core busy); later uploads wait in a queue.
FAZHI_IMPORT_RUNNER = os.environ.get("FAZHI_IMPORT_RUNNER", "process")
FAZHI_IMPORT_MAX_RUNNING = int(os.environ.get("FAZHI_IMPORT_MAX_RUNNING", "2"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("FAZHI_LOG_LEVEL", "WARNING")},
}

# Serving (`fazhi serve`, docs/architecture.md 配置). Granian runs FAZHI_SERVE_WORKERS processes of
# FAZHI_SERVE_THREADS threads each. On PostgreSQL every process keeps a pool of at most
# FAZHI_DB_POOL_MAX connections shared by its threads (a thread waits up to
# FAZHI_DB_POOL_TIMEOUT seconds for one), so a server opens at most workers × FAZHI_DB_POOL_MAX
# connections however many requests arrive; persistent per-thread connections (CONN_MAX_AGE) are
# what exhausted max_connections before, and Django refuses them together with a pool.
# FAZHI_DB_POOL_MAX=0 turns the pool off (e.g. behind PgBouncer): one connection per request.
# SQLite keeps its persistent connections: it has no server whose connections could run out.
FAZHI_SERVE_HOST = os.environ.get("FAZHI_SERVE_HOST", "127.0.0.1")
FAZHI_SERVE_PORT = int(os.environ.get("FAZHI_SERVE_PORT", "8000"))
FAZHI_SERVE_WORKERS = int(os.environ.get("FAZHI_SERVE_WORKERS", "2"))
FAZHI_SERVE_THREADS = int(os.environ.get("FAZHI_SERVE_THREADS", "4"))
FAZHI_DB_POOL_MAX = int(os.environ.get("FAZHI_DB_POOL_MAX", "4"))
FAZHI_DB_POOL_TIMEOUT = float(os.environ.get("FAZHI_DB_POOL_TIMEOUT", "10"))
# PostgreSQL: parameters sent apart from the statement, and a statement a connection has run
# PREPARE_AFTER times kept prepared (parsed and planned once): an import's chunk runs the same
# INSERT and UPDATE hundreds of times (bench/README.md). On only for the import commands
# (fazhi/cli.py): a prepared statement may get a generic plan, made without its parameters, and
# the workbench's statement then walked a whole county's open items for one department's (1 ms
# became 44 ms at 1 000 000 cases). Never behind a transaction-mode PgBouncer without
# max_prepared_statements, where a prepared statement may not meet its connection again.
FAZHI_DB_PREPARED = env_bool("FAZHI_DB_PREPARED", False)
PREPARE_AFTER = 5  # psycopg's default
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    if FAZHI_DB_PREPARED:
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=PREPARE_AFTER
        )
    if FAZHI_DB_POOL_MAX > 0:
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1,
            "max_size": FAZHI_DB_POOL_MAX,
            "timeout": FAZHI_DB_POOL_TIMEOUT,
        }
# Static files from the application itself (WhiteNoise, right after the security headers are
# set): hashed names once `fazhi serve` or `fazhi collectstatic` has collected them, served with
# a year's immutable caching; see fazhi.core.staticfiles for the fallback.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
STORAGES["staticfiles"] = {"BACKEND": "fazhi.core.staticfiles.HashedWhenCollected"}
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every start until something is collected
