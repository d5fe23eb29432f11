"""gunicorn settings of every server of this project: production (README, "Deploying"), the production stack test
(tests/pembinaan/test_produksi.py), the check-in bench (tests/bench/bench_checkin.py) and the load run (tests/load/).

gunicorn reads ./gunicorn.conf.py by itself when it starts in the repository root: ``gunicorn -b 0.0.0.0:8000``.
Flags on the command line and ``GUNICORN_CMD_ARGS`` still win over this file.

Sizing (issue 14 §5, measured with the check-in burst, 300 participants at once on a 2-core machine): threaded
workers (gthread), ``WEB_CONCURRENCY`` processes of ``GUNICORN_THREADS`` threads. The work of a request is Python
(one core per process at a time, the GIL) plus waiting for PostgreSQL and Redis: a few threads per process fill
that wait; more processes than cores only add switching. See the README for the measured table.
"""

import gc
import multiprocessing
import os


def _angka(nama, bawaan):
    nilai = os.environ.get(nama, "").strip()
    return int(nilai) if nilai else bawaan


wsgi_app = "pembinaan.wsgi:application"
worker_class = "gthread"
# One process per core (at least two, so a restarting worker never leaves the site without one).
workers = _angka("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count()))
threads = _angka("GUNICORN_THREADS", 4)
# Load the app once in the master, before forking: workers start fast and share the imported code's memory.
preload_app = True
# Behind nginx / a load balancer that keeps upstream connections open: an idle connection parks in the worker's
# selector (no thread), and closing it sooner than the proxy does would break a request sent on it in that moment.
keepalive = _angka("GUNICORN_KEEPALIVE", 20)
timeout = _angka("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
# Workers are not replaced after a number of requests by default: a replaced worker closes the keep-alive
# connections a client is about to reuse (the load run saw 9 resets in 18,000 requests with 2,000), and `make load`
# measures no memory growth worth it. GUNICORN_MAX_REQUESTS=2000 turns it on (spread by 10 %) if memory grows.
max_requests = _angka("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = max_requests // 10
# Heartbeat files in memory: a worker blocked on a slow disk is not taken for a dead one.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# One JSON line per request comes from the app (pembinaan.middleware.LogPermintaanMiddleware): no access log here.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def when_ready(server):
    """The app is loaded (preload_app) and the workers are about to be forked: move every object that exists now
    (Django, the URL patterns, the templates' modules ...) out of the garbage collector's reach. A worker's full
    collection then walks only what its requests created, instead of ~165,000 long-lived objects (about 0.1 s with
    the GIL held, every thread of the worker stalled), and the pages shared with the master stay shared."""
    gc.collect()
    gc.freeze()
