import os

from .base import *  # noqa: F403
from .base import configure_services

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast hashing, tests only
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_FAILURE_LIMIT = 3
DASBOR_CACHE_DETIK = 0  # tests see the numbers of the data they just wrote
configure_services(globals(), allow_embedded=True)
# One test database per pytest process, so parallel runs on one machine never collide.
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("PEMBINAAN_TEST_DB", f"test_pembinaan_{os.getpid()}")}  # noqa: F405
