import contextlib
import time
from io import StringIO

import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _referensi_sesudah_flush(request):
    """Tests marked ``django_db(transaction=True)`` (the real worker's, the backup drill's) start after another
    transactional test's flush, which removes what the data migrations seed: the groups "Admin BKPSDM" /
    "Pimpinan" with their permissions, the Kompetensi rows and the LAN bentuk pelatihan. Seed them again (the
    seeds are idempotent), as the browser tests' conftest does after live_server's flush."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction", marker.args[0] if marker.args else False):
        return
    import importlib

    from django.apps import apps

    request.getfixturevalue("transactional_db")
    importlib.import_module("pembinaan.migrations.0002_referensi").seed(apps, None)
    importlib.import_module("pelatihan.migrations.0002_referensi").seed(apps, None)


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


@contextlib.contextmanager
def demo_sekali(django_db_blocker, pegawai):
    """Seed the demo data once for a test module (a seed takes seconds; once per test was a third of `make test`).

    Seeded inside an outer transaction rolled back after the module: each test still runs in its own savepoint
    (what one test changes, the next does not see) and the next module finds the database as it was. Yields what
    ``seed_demo`` printed."""
    from django.core.management import call_command
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("seed_demo", pegawai=pegawai, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def _demo_modul(request, django_db_setup, django_db_blocker):
    """The demo data seeded once for the requesting test module, with the module's ``N`` employees (default 120)."""
    with demo_sekali(django_db_blocker, getattr(request.module, "N", 120)) as keluaran:
        yield keluaran


@pytest.fixture
def seeded(_demo_modul, db):
    """What ``seed_demo`` printed; the data stay for the module, each test's own changes are rolled back."""
    return _demo_modul
