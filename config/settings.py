"""Settings for Klyngebesøg, driven by environment variables (see .env.example).

Production differs from development only through the environment. Nothing here is read
from app code at import time.
"""

import ipaddress
import os
import re
import warnings
from collections.abc import Mapping
from pathlib import Path

import dj_database_url
import xstatic.pkg.bootstrap
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
# `or`: VAR_DIR= (empty, as in .env.example) means the default, not the current directory.
VAR_DIR = Path(os.environ.get("VAR_DIR") or BASE_DIR / "var")


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 (DEBUG only)
# Without DEBUG the key is required to serve: config/wsgi.py and config/asgi.py refuse to start
# without it (require_secret_key). Commands that sign nothing (migrate, makemigrations,
# collectstatic) run without it, and anything that would sign with an empty key fails in
# Django itself.


def require_secret_key() -> None:
    """Raises ImproperlyConfigured, saying how to fix it, when a server would start without
    a secret key."""
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (e.g. "
            "SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(50))')), "
            "or set DEBUG=1 for local development."
        )


ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")


def site_url_from_env(environ: Mapping[str, str], *, debug: bool) -> str:
    """The public address of the site (scheme, host, port; no trailing slash), used in
    e-mails and calendar files, where no request is at hand.

    SITE_URL wins when set. In development it defaults to the address `make run` serves on,
    http://127.0.0.1:$PORT, so `PORT=8001 make run` sends working links. In production there
    is no guess: it stays empty, and the servers (config/wsgi.py) and the mail worker refuse
    to start, since every link in every mail would otherwise point at the wrong place."""
    explicit = environ.get("SITE_URL", "").strip()
    if explicit:
        return explicit.rstrip("/")
    if debug:
        return f"http://127.0.0.1:{environ.get('PORT', '').strip() or '8000'}"
    return ""


SITE_URL = site_url_from_env(os.environ, debug=DEBUG)


def require_site_url() -> None:
    """Raises ImproperlyConfigured, saying how to fix it, when a server would start without
    its public address."""
    if not SITE_URL:
        raise ImproperlyConfigured(
            "SITE_URL is not set. Set it in the environment to the public address of the "
            "site (e.g. SITE_URL=https://booking.example.dk): every link in e-mails and "
            "calendar files starts with it. DEBUG=1 derives it from PORT."
        )


INSTALLED_APPS = [
    # Before the admin, so the admin's forms get the per-language fields (docs/i18n.md).
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # notify before django_tasks_db: its `db_worker` (the queue plus the scheduled jobs,
    # notify/management/commands/db_worker.py) is the one `manage.py db_worker` runs.
    "core",
    "notify",
    "django_tasks_db",
    "tours",
    "booking",
    "events",
    "figures",
    "catalogue",
    "workspace",
    "widget",
    "octo",
    "dayplan",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "core.middleware.SecureCookiesOverTLSMiddleware",
    "core.middleware.HttpMethodsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "core.language.PreferredLanguageMiddleware",
    "core.middleware.RateLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "workspace.context_processors.navigation",
                "dayplan.context_processors.day_plan",
            ],
        },
    },
    {
        # Plain-text mail (subjects and text bodies, notify.mail.render_text): the same
        # templates, not HTML-escaped, so "Kaffe & kage" is not sent as "Kaffe &amp; kage".
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

# Database: SQLite in var/ unless DATABASE_URL says otherwise (postgres://... in production).
if not os.environ.get("DATABASE_URL"):
    # A fresh clone has no var/ yet; SQLite cannot create the file without its folder.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        # `or`, not a default: scripts/run-tests sets DATABASE_URL= (empty) for the SQLite run.
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the task worker share the file: WAL lets readers run beside the
    # writer, IMMEDIATE takes the write lock at BEGIN so two writers queue instead of
    # failing half-way, and busy_timeout makes them wait rather than error.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
if os.environ.get("TEST_DATABASE_NAME"):
    # Lets several checkouts run their PostgreSQL tests side by side.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: Danish first, then English and German. Times in Europe/Copenhagen.
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English")), ("de", _("German"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
# Formats Django's locales lack (e.g. Danish thousands separators): config/formats/<lang>.
FORMAT_MODULE_PATH = ["config.formats"]

# Content translation (django-modeltranslation, docs/i18n.md): each translated field gets a
# column per language (title_da, title_en, title_de); an empty one falls back to Danish.
MODELTRANSLATION_DEFAULT_LANGUAGE = "da"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("da",)
# `Tour(title=...)` written while English is active fills title_en; this fills title_da too
# when it is not given, so no row is ever without its Danish text.
MODELTRANSLATION_AUTO_POPULATE = "default"

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# In production (DEBUG off) static files are collected with hashed names and served by
# WhiteNoise from the web process, compressed and cached for a year; no CDN, no extra server.
if DEBUG:
    # Development serves static files from the apps through the finders; var/static exists
    # only after collectstatic, which production runs.
    WHITENOISE_USE_FINDERS = True
    warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
STATICFILES_DIRS = [
    # Bootstrap's compiled CSS and JS, from the xstatic-bootstrap package: served by us, no CDN.
    ("bootstrap", xstatic.pkg.bootstrap.BASE_DIR),
    BASE_DIR / "static",
]

# Uploaded photos (tours.photos writes their renditions under MEDIA_ROOT/photos/). Served by
# config.media in development and production alike, or by the reverse proxy (deployment.md).
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Mail: SMTP when EMAIL_HOST is set; otherwise each message is written to var/mail/*.eml.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Klyngebesøg <booking@klyngebesog.dk>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS"),
                "use_ssl": env_bool("EMAIL_USE_SSL"),
                "timeout": int(os.environ.get("EMAIL_TIMEOUT", "20")),
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "config.mail.EmlFileBackend",
            "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
        }
    }

# Side effects are rows in the database, written in the same transaction as the change that
# causes them, and carried out by `manage.py db_worker`: mail (notify.outbox) is polled every
# OUTBOX_POLL_SECONDS; webhooks, reminders and the scheduled jobs are task rows.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# How long at most a committed mail waits for the worker to notice it (a poll is one indexed
# SELECT that finds nothing; 0.2 to 5 seconds are sensible).
OUTBOX_POLL_SECONDS = float(os.environ.get("OUTBOX_POLL_SECONDS", "1"))
# Leases of work a worker claims (notify/sweep.py): a mail still being sent, or a task still
# running, after this many seconds belongs to a worker that died, and is given back by the
# sweeper the worker runs every WORKER_SWEEP_SECONDS.
OUTBOX_LEASE_SECONDS = int(os.environ.get("OUTBOX_LEASE_SECONDS", "900"))
TASK_LEASE_SECONDS = int(os.environ.get("TASK_LEASE_SECONDS", "900"))
WORKER_SWEEP_SECONDS = int(os.environ.get("WORKER_SWEEP_SECONDS", "60"))

# Visitors' personal data (name, e-mail, phone, note) of bookings, waiting-list entries and
# event registrations is erased this many days after the visit (or the cancellation); the
# figures stay. Run daily by the task worker. docs/privacy.md.
RETENTION_DAYS = int(os.environ.get("RETENTION_DAYS", "90"))
# How long a waiting-list offer holds the freed places before they pass to the next in line.
WAITLIST_OFFER_HOURS = int(os.environ.get("WAITLIST_OFFER_HOURS", "12"))
# Webhooks (docs/webhooks.md): each request times out after this many seconds. Targets on
# loopback, private and link-local addresses are refused unless this is on: only for tests
# and a receiver on a developer's own machine, never in production.
# How long a web process trusts its reading of which event types nobody subscribes to
# (notify.webhooks.listened_types): a new endpoint receives events at most this late.
WEBHOOK_LISTENERS_CACHE_SECONDS = float(os.environ.get("WEBHOOK_LISTENERS_CACHE_SECONDS", "5"))
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "15"))
WEBHOOK_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOK_ALLOW_PRIVATE_TARGETS")
# The websites that may embed the whole cluster's booking widget (docs/widget.md), separated
# by spaces: each company lists its own in the workspace.
WIDGET_CLUSTER_ORIGINS = os.environ.get("WIDGET_CLUSTER_ORIGINS", "")

# Places held for a partner (booking.reservations, the OCTO API): how long a hold lasts when the
# partner does not say, and the longest it may last from now on creation or extension.
BOOKING_HOLD_MINUTES = int(os.environ.get("BOOKING_HOLD_MINUTES", "30"))
BOOKING_HOLD_MAX_MINUTES = int(os.environ.get("BOOKING_HOLD_MAX_MINUTES", "60"))
# The contact resellers see in GET /octo/supplier (docs/octo.md); empty answers null.
OCTO_SUPPLIER_EMAIL = os.environ.get("OCTO_SUPPLIER_EMAIL", "")
OCTO_SUPPLIER_PHONE = os.environ.get("OCTO_SUPPLIER_PHONE", "")

# The partner API (config/api.py, docs/api.md). JSON only; every 4xx has one error shape.
# Public views open themselves up explicitly; anything else needs a signed-in user.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["core.api.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.ApiPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.errors.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Klyngebesøg API",
    "DESCRIPTION": "Availability and booking of company tours in the cluster. See docs/api.md.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the drf-spectacular-sidecar package, served as our own static files.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Several models have a `status`; name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "SlotStatusEnum": "tours.models.Slot.Status",
        "BookingStatusEnum": "booking.models.Booking.Status",
        "WaitlistStatusEnum": "booking.models.WaitlistEntry.Status",
        "LanguageEnum": LANGUAGES,
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.document_client_errors",
    ],
}

# A cache shared by every web process (Redis) when REDIS_URL is set, as it should be with more
# than one process: rate limits and cached public feeds must be counted and kept once. Without
# it each process keeps its own, which is right for `make run`.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "klyngebesog"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Abuse limits on public writes (core/ratelimit.py, docs/security.md), counted by
# django-ratelimit in the cache above: Redis in production, shared by every process and host.
# RATE_LIMITS=off lifts every limit, for load tests and benchmarks run by an operator (make
# bench and the scale-out test set it); it is never the default.
_RATE_LIMITS = os.environ.get("RATE_LIMITS", "on").strip().lower() or "on"
if _RATE_LIMITS not in {"on", "off"}:
    raise ImproperlyConfigured(f"RATE_LIMITS must be on or off, not {_RATE_LIMITS!r}")
RATELIMIT_ENABLE = _RATE_LIMITS == "on"
RATELIMIT_CACHE_PREFIX = "rl:"
# Each limit: (per client address, per target). The target is what the request is about:
# the e-mail address (bookings, waiting lists, registrations, find-my-booking, password
# reset), the account (log-in: failed attempts only) or the secret link (host answers,
# changes through a visitor's link). Rates are COUNT/PERIOD (s, m, h, d; 15m is 15 minutes),
# several separated by commas; each is RATE_LIMIT_<NAME>_CLIENT / RATE_LIMIT_<NAME>_TARGET.
RATE_LIMIT_DEFAULTS = {
    "booking": ("30/h,100/d", "10/h"),
    "waitlist": ("20/h", "5/h"),
    "lost_link": ("5/15m,20/d", "3/h"),
    "registration": ("20/h", "5/h"),
    "host_answer": ("30/h", "10/h"),
    "visitor_change": ("60/h", "20/h"),
    # Adding and removing visits of a day plan (the plan is booked under "booking").
    "dayplan": ("120/h", "120/h"),
    "login": ("30/15m", "10/15m"),
    "password_reset": ("10/h", "3/h"),
}
_RATE = re.compile(r"[1-9][0-9]*/[0-9]*[smhd]")


def _rates(name: str, default: str) -> tuple[str, ...]:
    text = os.environ.get(name) or default
    rates = tuple(part.strip() for part in text.split(",") if part.strip())
    if not rates or not all(_RATE.fullmatch(rate) for rate in rates):
        raise ImproperlyConfigured(
            f"{name}={text!r}: each rate is COUNT/PERIOD (e.g. 5/15m or 20/d), "
            "several separated by commas"
        )
    return rates


RATE_LIMITS_RATES = {
    name: {
        "client": _rates(f"RATE_LIMIT_{name.upper()}_CLIENT", client),
        "target": _rates(f"RATE_LIMIT_{name.upper()}_TARGET", target),
    }
    for name, (client, target) in RATE_LIMIT_DEFAULTS.items()
}
# The proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated),
# e.g. 127.0.0.1 for nginx on the same host. Empty: the client is REMOTE_ADDR, and the header
# is ignored, since anyone can send it.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: {_proxy!r} is not an address or network"
        ) from None
# Online bookings by visitors: the most places one booking may take (larger groups are told
# to contact the company) and how many bookings one e-mail address may hold on one departure.
# Each tour may set its own; these apply where it does not. Staff bookings are not limited.
BOOKING_MAX_PLACES = int(os.environ.get("BOOKING_MAX_PLACES", "10"))
BOOKING_MAX_PER_EMAIL = int(os.environ.get("BOOKING_MAX_PER_EMAIL", "2"))

# How long a public calendar feed is served from the cache before it is built again.
FEED_CACHE_SECONDS = int(os.environ.get("FEED_CACHE_SECONDS", "60"))
# How long a rendered part of a public page (a tour's dates, the home page's departures) is
# kept (booking.templatetags.page_cache): a change to the supply shows at once (tours.supply),
# and nothing, not even a cut-off passing, shows later than a feed would. 0 turns it off.
PAGE_CACHE_SECONDS = min(
    int(os.environ.get("PAGE_CACHE_SECONDS", FEED_CACHE_SECONDS)), FEED_CACHE_SECONDS
)

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Cookies are Secure unless DEBUG or SECURE_COOKIES=0 (plain HTTP on loopback, as `make serve`);
# whatever the setting, a response to a request that came over TLS marks every cookie Secure
# (core.middleware.SecureCookiesOverTLSMiddleware).
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY") else None
)
# HTTPS only, on by default without DEBUG (docs/security.md): plain HTTP is redirected, and a
# browser that has seen the site over TLS keeps to TLS for a year. A plain-HTTP trial on
# loopback (`make serve`, the benchmark, the scale-out test) turns both off explicitly. The
# health check stays reachable over plain HTTP for load balancers.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS") or (0 if DEBUG else 31_536_000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
X_FRAME_OPTIONS = "DENY"
# A form refused for CSRF says so in the visitor's language, with the way on
# (templates/403_csrf.html).
CSRF_FAILURE_VIEW = "config.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy on every response (Django's own middleware), in every mode so the
# tests and the browser matrix see what production sends. Scripts and styles come only from
# our own static files, and each <script>/<link> carries the request's nonce
# ({% csp_nonce_attr %}); no inline script, style or handler is allowed. data: images are
# Bootstrap's form icons. Pages may not be framed (frame-ancestors 'none'); a view that must
# be embeddable overrides the policy with django.views.decorators.csp.csp_override, starting
# from this dict.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Company staff log in to the workspace by e-mail; the admin keeps its username log-in.
AUTHENTICATION_BACKENDS = [
    "workspace.backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
# After log-in each role lands where its work is (workspace.account_views.LoginView).
LOGIN_REDIRECT_URL = "account_start"
LOGOUT_REDIRECT_URL = "login"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"redact_tokens": {"()": "config.logs.RedactTokensFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_tokens"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Events: travel time between stops is great-circle distance x road factor at this speed.
EVENT_ROAD_FACTOR = float(os.environ.get("EVENT_ROAD_FACTOR", "1.3"))
EVENT_AVERAGE_SPEED_KMH = float(os.environ.get("EVENT_AVERAGE_SPEED_KMH", "60"))
