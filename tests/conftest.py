import time

import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def celery_worker_real(settings):
    """A real Celery worker (in-process thread) consuming from the real Redis broker.

    Needs ``django_db(transaction=True)``: the worker's thread has its own database connection and
    only sees committed rows.
    """
    from celery.contrib.testing.worker import start_worker

    from pembinaan.celery import app

    app.conf.broker_url = settings.CELERY_BROKER_URL
    with start_worker(app, pool="threads", concurrency=2, perform_ping_check=False, shutdown_timeout=10,
                      loglevel="WARNING") as worker:
        yield worker


def wait_until(predicate, timeout=30, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False
