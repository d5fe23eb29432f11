from .base import *  # noqa: F403
from .base import configure_services, env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
configure_services(globals(), allow_embedded=True)
