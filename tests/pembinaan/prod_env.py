"""Run ``manage.py`` under the production settings in a child process, pointed at servers that do not exist.

What it proves: the behaviour holds with ``pembinaan.settings.prod`` itself (not a flag a test flipped),
and the command stops before touching a database.
"""

import os
import subprocess
import sys
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent.parent


def manage_prod(*args, **env):
    # Not the test process's own switches: the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright, which a
    # production process must not inherit (check --deploy refuses it: async.E001).
    lingkungan = {k: v for k, v in os.environ.items()
                  if k not in {"PEMBINAAN_SERVER_DEMO", "SITE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    lingkungan.update({
        "DJANGO_SETTINGS_MODULE": "pembinaan.settings.prod",
        "DJANGO_SECRET_KEY": "uji-" + "x" * 50,
        "DATABASE_URL": "postgresql://tidakada@127.0.0.1:9/tidakada",
        "REDIS_URL": "redis://127.0.0.1:9/0",
        **env,
    })
    return subprocess.run([sys.executable, "manage.py", *args], cwd=RAIZ, env=lingkungan, capture_output=True,
                          text=True, timeout=120)
