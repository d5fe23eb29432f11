from .base import *  # noqa: F403
from .base import atur_log_json, atur_sentry, configure_services, env, env_bool

DEBUG = False
PRODUKSI = True
if SECRET_KEY.startswith("dev-only"):  # noqa: F405
    raise RuntimeError("DJANGO_SECRET_KEY wajib diisi di produksi.")
configure_services(globals(), allow_embedded=env_bool("PEMBINAAN_ALLOW_EMBEDDED", False))
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}  # noqa: F405
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", "0"))
# Static files served by the app itself (behind the load balancer / CDN-less deployments).
MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")  # noqa: F405
# Issue 14: check --deploy is clean with the README's production variables. HSTS: DJANGO_HSTS_SECONDS (0 until the
# site is known to work over HTTPS; then 31536000). HTTPS redirect: nginx / the load balancer does it, the app
# trusts X-Forwarded-Proto (above), so SECURE_SSL_REDIRECT defaults to on and can be turned off with
# DJANGO_SSL_REDIRECT=0 for a proxy that already redirects (and the check then says so honestly).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]  # the load balancer probes over plain HTTP
# Only hosts under the app's own name are covered (e.g. *.pembinaan.bkpsdm.example.go.id): safe to include.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_SUBDOMAINS", True)
# Preload lists take registered domains (the apex, e.g. a whole go.id name the instansi does not own), so an app on
# a subdomain cannot be preloaded: security.W021 is silenced unless DJANGO_HSTS_PRELOAD=1 says otherwise.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
LOG_FORMAT = env("LOG_FORMAT", "json")
atur_log_json(globals())
atur_sentry(env("SENTRY_DSN", ""))
