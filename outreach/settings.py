"""
Settings for the outreach site, read from the environment (django-environ).

Every value a department changes is an environment variable with a safe default; `.env.example` lists them
and the README explains each. The defaults run the site on SQLite and a local-memory cache, so `make run`
needs no services.
"""

from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

# Required in production. Management commands run without it; the web server refuses to start without a strong
# one (outreach/wsgi.py, and `manage.py check --deploy`).
SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-do-not-use-in-production" if DEBUG else "")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])

# --- Site address (issue 10)
# The scheme and host (and port) residents reach the site at, e.g. "https://outreach.example.org". Every absolute
# URL the site writes (canonical and hreflang links, sitemaps, feeds, calendars, the flyer, robots.txt) starts
# with it, through `editorial.links.absolute_url()`, and never with the Host header or path a visitor sent.
# Required in production (`manage.py check --deploy`; the WSGI application refuses to start without it).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "")

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before the admin.
    "modeltranslation",
    # Django's admin, with the site's AdminSite (translation queue, work counts) as the default site.
    "editorial.apps.EditorialAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_prose_editor",
    "simple_history",
    "imagekit",
    "csp",
    # The project's layers, lowest first: the editorial building blocks, the content apps, then the site itself.
    "editorial",
    "events",
    "policies",
    "guides",
    "outreach",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Early, so a cached page skips sessions, locale, authentication and the view (README "Caching").
    "editorial.pagecache.PageCacheMiddleware",
    "outreach.middleware.DatabaseUnavailableMiddleware",
    "csp.middleware.CSPMiddleware",
    "outreach.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "editorial.login.SessionLimitMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "outreach.urls"
WSGI_APPLICATION = "outreach.wsgi.application"

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
                "outreach.context_processors.site",
            ],
        },
    },
]

# The model holding the site's name, numbers and official address; the layers below `outreach` reach it only
# through this name (editorial.models.site_settings()).
SITE_SETTINGS_MODEL = "outreach.SiteSettings"

# --- Data -----------------------------------------------------------------------------------------------------

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Behind PgBouncer in transaction mode (README "Several servers") each transaction may run on another server
# connection, so a server-side cursor (QuerySet.iterator()) opened in one would be gone in the next: set this true
# there. Prepared statements need nothing: Django's psycopg 3 backend binds parameters on the client.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool("DISABLE_SERVER_SIDE_CURSORS", default=False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several app-server workers on one SQLite file: readers never wait for a writer (WAL), and a writer takes
    # the lock when its transaction starts (IMMEDIATE) so two writers queue for up to `timeout` seconds instead
    # of one failing at once with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# A PostgreSQL standby streaming from the primary (README "Database failover and read scaling"): the anonymous
# pages the page cache renders are read from it whenever it has replayed the current content (editorial.replicas);
# staff, forms and every write use the primary. Needs REDIS_URL (the shared page cache notes the primary's position).
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **env.db("DATABASE_REPLICA_URL"),
        **{name: DATABASES["default"][name] for name in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS")},
        "DISABLE_SERVER_SIDE_CURSORS": DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"],
        # Tests see the primary through it: no test database of its own.
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["editorial.replicas.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, wrapped so that a dead Redis degrades to "no cache" instead of a 500.
            "BACKEND": "outreach.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="outreach"),
            "TIMEOUT": 300,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    # The page cache and its content stamp, in the same Redis under their own prefix: every server shares them.
    CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": f"{CACHES['default']['KEY_PREFIX']}-pages"}
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "outreach"},
        # Its own store, so that many pages never push rate-limit counters or lockouts out of the default one.
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "outreach-pages",
            "OPTIONS": {"MAX_ENTRIES": env.int("PAGE_CACHE_MAX_ENTRIES", default=1000)},
        },
    }

# The anonymous page cache and HTTP caching (editorial/pagecache.py, README "Caching"). Pages are invalidated
# precisely, so the server-side lifetime is only a safety net; 0 turns the server-side page cache off (the HTTP
# headers stay). The HTTP lifetimes are what a browser and a CDN may keep a page without asking again: no purge
# reaches them, so they bound how long an edit takes to reach readers behind them.
PAGE_CACHE_ALIAS = "pages"
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# With a shared page cache (Redis), each process also keeps copies of the pages it served, up to this many bytes
# (0: none). They never go stale: a page's key holds the content stamp, which is read from Redis every request.
PAGE_CACHE_LOCAL_BYTES = env.int("PAGE_CACHE_LOCAL_BYTES", default=16 * 1024 * 1024)
HTTP_MAX_AGE = env.int("HTTP_MAX_AGE", default=60)
HTTP_SHARED_MAX_AGE = env.int("HTTP_SHARED_MAX_AGE", default=60)
HTTP_STALE_WHILE_REVALIDATE = env.int("HTTP_STALE_WHILE_REVALIDATE", default=30)
HTTP_STALE_IF_ERROR = env.int("HTTP_STALE_IF_ERROR", default=86400)
# Never looked up in the page cache and left without caching headers (besides the admin, which is always left out).
PAGE_CACHE_SKIP_PATHS = ["/healthz"]

# --- Languages and time ---------------------------------------------------------------------------------------

# The first language is the source language every translation is made from and falls back to. Adding a
# language is this list plus `makemigrations` (see the README); nothing in the code names a language.
LANGUAGE_CODES = env.list("LANGUAGES", default=["en", "es"])
LANGUAGES = [(code, LANG_INFO[code]["name"]) for code in LANGUAGE_CODES]
LANGUAGE_CODE = LANGUAGE_CODES[0]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("TIME_ZONE", default="America/Chicago")
FORMAT_MODULE_PATH = ["outreach.formats"]

MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_LANGUAGES = tuple(LANGUAGE_CODES)
MODELTRANSLATION_FALLBACK_LANGUAGES = (LANGUAGE_CODE,)

# --- Static and media -----------------------------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Files the site makes from its published content (link-preview pictures, flyer PDFs): served only by views that
# start from published(), never by the web server, so a withdrawn item's file is unreachable; any app server makes
# them again when it lacks them, so the folder is neither shared nor backed up, and may be emptied at any time.
GENERATED_ROOT = Path(env("GENERATED_ROOT", default=str(BASE_DIR / "generated")))
# The static mirror (`manage.py export_static`, README "Static mirror"): every public page as plain files, which
# the web server in front serves when no app server answers, or which any static host can publish.
STATIC_MIRROR_ROOT = Path(env("STATIC_MIRROR_ROOT", default=str(BASE_DIR / "mirror")))

# --- Flyer PDFs (issue 12): made by headless Chromium (events/flyer.py; README "Links and other formats") -----------
# No Chromium at this path: the flyer offers no PDF and its PDF address answers 404.
CHROMIUM_PATH = env("CHROMIUM_PATH", default="/usr/bin/chromium")
FLYER_PDF_TIMEOUT = env.int("FLYER_PDF_TIMEOUT", default=30)  # seconds; the request gets a 503 after that
FLYER_PDF_PAPER = env("FLYER_PDF_PAPER", default="Letter")  # the flyer fits Letter and A4 alike

# --- Uploads (issue 10): what staff may upload (editorial/uploads.py; README "Uploads") ---------------------------
MAX_IMAGE_BYTES = env.int("MAX_IMAGE_BYTES", default=5 * 1024 * 1024)
MAX_IMAGE_PIXELS = env.int("MAX_IMAGE_PIXELS", default=40_000_000)
MAX_PDF_BYTES = env.int("MAX_PDF_BYTES", default=20 * 1024 * 1024)
# Uploads above this are streamed to a temporary file instead of held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Where uploads are kept: every app server must reach the same files (README "Several servers"). By default a
# folder, MEDIA_ROOT, which with several servers is a directory they all mount (NFS, a shared volume); with
# MEDIA_STORAGE=s3, an S3-compatible object store through django-storages. Every upload is written and read through
# the default storage (never a file-system path), so either works unchanged. The keys come from the environment
# (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, read by boto3) or the server's role, never from this file.
MEDIA_STORAGE = env("MEDIA_STORAGE", default="filesystem")
if MEDIA_STORAGE == "filesystem":
    media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            # Unset for Amazon S3; the address of any other S3-compatible store (MinIO, DigitalOcean Spaces, R2…).
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            # A folder inside the bucket, so one bucket can hold several sites.
            "location": env("AWS_LOCATION", default=""),
            # The host pages link uploads at (a CDN in front of the bucket); unset: the bucket's own address.
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", default=None),
            # Plain public addresses by default: a signed one expires, and cached pages would keep dead links.
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
            # Uploads are stored under generated unique names, and renditions under a hash of their source, so a
            # name is never reused for other content.
            "file_overwrite": True,
            "object_parameters": {"CacheControl": "public, max-age=2592000"},
        },
    }
else:
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be 'filesystem' or 's3', not {MEDIA_STORAGE!r}.")
STORAGES = {
    "default": media_storage,
    "staticfiles": {"BACKEND": "outreach.staticfiles.OutreachStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security (issue 10) ------------------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Where the admin lives: a path ending in "/" without a leading one (outreach.checks says when it is wrong).
ADMIN_URL = env("ADMIN_URL", default="admin/")
LOGIN_URL = "admin:login"
# A `next=` that would leave the site is dropped by Django; the login then lands on the admin's index.
LOGIN_REDIRECT_URL = "admin:index"

# Staff logins (editorial/login.py): counted in the database (editorial.SharedCounter), so every worker of every
# server sees the same count. A username is only ever stored as a keyed hash; no address is kept anywhere.
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_LOCKOUT_SECONDS = env.int("LOGIN_LOCKOUT_SECONDS", default=3600)
# Password spraying (one or two guesses at many usernames): past this many failures in the window, across all
# usernames, every login is refused until the window ends.
LOGIN_SITE_FAILURE_LIMIT = env.int("LOGIN_SITE_FAILURE_LIMIT", default=30)
LOGIN_SITE_WINDOW_SECONDS = env.int("LOGIN_SITE_WINDOW_SECONDS", default=15 * 60)

# Staff sessions end after 30 minutes without a request, and 8 hours after signing in whatever they do
# (editorial.login.SessionLimitMiddleware, which renews an active session's 30 minutes at most once a minute
# rather than writing it on every request). Readers have no session at all.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_MAX_SECONDS = env.int("SESSION_MAX_SECONDS", default=8 * 3600)

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# In production every request is HTTPS (the load balancer's health probe excepted) and browsers are told to
# remember it for a year, for this host's subdomains too. `preload` only consents to the browsers' preload list
# (someone must still submit the domain). Set SECURE_HSTS_INCLUDE_SUBDOMAINS=false if a subdomain of the site's
# own host must stay on plain HTTP; SECURE_HSTS_PRELOAD=false to withhold consent.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_HTTPS_PROXY", False) else None
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if SESSION_COOKIE_SECURE:
    # A `__Host-` cookie is only accepted over HTTPS, for this exact host and path "/": no subdomain or
    # plain-HTTP page can set or overwrite it.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
# The ask form's CSRF cookie lasts until the browser closes, not a year; a form sent after that is shown
# again with the question kept (outreach.views.csrf_failure).
CSRF_COOKIE_AGE = None
CSRF_FAILURE_VIEW = "outreach.views.csrf_failure"
# The language is the URL prefix; the site never stores it in a cookie.
LANGUAGE_COOKIE_AGE = None

# Browser features no page of the site uses, turned off for the site and anything it might embed
# (outreach.middleware.PermissionsPolicyMiddleware writes the header). An empty list means "nobody".
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}

# No inline script or style anywhere, public pages or admin, and no third-party request. The nonce is only sent
# when a page asks for one: the admin's rich-text editor, for its import map and its base stylesheet.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# Static files are the site's own; no other origin needs to read them.
WHITENOISE_ALLOW_ALL_ORIGINS = False

# --- Third-party apps ------------------------------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Renditions of an image are made once, when it is saved (in the editor's request), and a page only computes
# their addresses: no page view waits for an image or asks the storage whether a file exists, which matters
# once several servers share the storage. After restoring media or adding a rendition: `manage.py generateimages`.
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "imagekit.cachefiles.strategies.Optimistic"
# Renditions are named by a hash only (CACHE/images/<hash>.webp): their addresses say nothing about the upload's
# name, so a page never points to where the original (with its camera data) is stored.
IMAGEKIT_SPEC_CACHEFILE_NAMER = "imagekit.cachefiles.namers.hash"

# --- The program ----------------------------------------------------------------------------------------------

# Where the "Quick exit" link goes: a neutral page that gives nothing away on a shared phone.
QUICK_EXIT_URL = env("QUICK_EXIT_URL", default="https://www.weather.gov/")
# Languages a meeting or a resource can be offered in (codes from Django's list of languages).
SPOKEN_LANGUAGES = env.list("SPOKEN_LANGUAGES", default=["en", "es", "vi", "zh-hans", "ar", "ko", "fr", "pt"])
# Shown on the "site unavailable" page when the database is down and no settings row has been seen yet.
EMERGENCY_NUMBER = env("EMERGENCY_NUMBER", default="911")
NON_EMERGENCY_NUMBER = env("NON_EMERGENCY_NUMBER", default="")
EVENTS_PER_PAGE = env.int("EVENTS_PER_PAGE", default=12)
# The all-meetings calendar covers the next year, up to this many meetings.
CALENDAR_MAX_EVENTS = env.int("CALENDAR_MAX_EVENTS", default=500)

# Residents' questions: how long they are kept, and the spam defences (none of which stores who asked).
QUESTION_RETENTION_DAYS = env.int("QUESTION_RETENTION_DAYS", default=90)
SPAM_RETENTION_DAYS = env.int("SPAM_RETENTION_DAYS", default=7)
QUESTION_MAX_LENGTH = env.int("QUESTION_MAX_LENGTH", default=4000)
ASK_MIN_SECONDS = env.int("ASK_MIN_SECONDS", default=3)
ASK_RATE_LIMIT = env.int("ASK_RATE_LIMIT", default=10)
ASK_RATE_WINDOW_SECONDS = env.int("ASK_RATE_WINDOW_SECONDS", default=3600)
# Behind a reverse proxy every request comes from the proxy: name the header that carries the client's address
# (as a WSGI key, e.g. HTTP_X_REAL_IP). The address is only ever hashed for the rate limit, never stored.
CLIENT_ADDRESS_HEADER = env("CLIENT_ADDRESS_HEADER", default="REMOTE_ADDR")

# --- Logging --------------------------------------------------------------------------------------------------

# Nothing the project logs names a visitor: no client address, no user agent. See README "Privacy".
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # pikepdf announces its logging bridge at INFO each time it loads.
    "loggers": {"pikepdf": {"level": "WARNING"}},
}
