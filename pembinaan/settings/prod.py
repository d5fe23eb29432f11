from .base import *  # noqa: F403
from .base import configure_services, env, env_bool

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
