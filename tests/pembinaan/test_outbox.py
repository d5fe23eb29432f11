"""The outbox: queued once, sent once over a reused SMTP connection, retried, then visible as failed."""

import threading
from datetime import timedelta

import psycopg2
import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from pembinaan import services
from pembinaan.models import Notifikasi
from tests import factories as f
from tests import smtp


@pytest.fixture
def smtp_server(settings):
    controller, handler = smtp.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    yield handler
    controller.stop()


def _queue(user, kunci="a", **kw):
    return services.notifikasi_queue(penerima=user, jenis="uji", kunci=kunci, judul="Judul", isi="Isi", **kw)


@pytest.mark.django_db
def test_same_key_queues_once_and_day_is_part_of_the_key():
    user = f.user("penerima", email="p@contoh.go.id")
    assert _queue(user) is True
    assert _queue(user) is False
    assert _queue(user, tanggal=timezone.localdate() + timedelta(days=1)) is True
    services.notifikasi_queue_many([dict(penerima=user, jenis="uji", kunci="a", judul="J", isi="I")] * 3)
    assert Notifikasi.objects.filter(penerima=user).count() == 2


@pytest.mark.django_db
def test_user_without_email_gets_in_app_notification_only(smtp_server):
    user = f.user("tanpaemail")
    _queue(user)
    assert services.outbox_send() == (0, 0, 0)
    assert Notifikasi.objects.get().status_email == Notifikasi.StatusEmail.TANPA_EMAIL
    assert smtp_server.messages == []


@pytest.mark.django_db
def test_batch_is_sent_over_one_connection(smtp_server):
    users = [f.user(f"u{i}", email=f"u{i}@contoh.go.id") for i in range(25)]
    for u in users:
        _queue(u, tautan="/pegawai/")
    sent, failed, retried = services.outbox_send()
    assert (sent, failed, retried) == (25, 0, 0)
    assert len(smtp_server.messages) == 25
    assert smtp_server.connections == 1
    assert sorted(m.rcpt_tos[0] for m in smtp_server.messages) == sorted(u.email for u in users)
    assert "http://localhost:8000/pegawai/" in smtp_server.messages[0].content.decode()
    # Sending again sends nothing: each row went out once.
    assert services.outbox_send() == (0, 0, 0)
    assert len(smtp_server.messages) == 25


@pytest.mark.django_db
def test_mail_server_down_retries_with_backoff_then_fails_visibly(settings, client):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", smtp.free_port(), 2
    settings.OUTBOX_MAX_ATTEMPTS = 3
    inst = f.InstansiFactory()
    user = f.user("penerima", email="p@contoh.go.id")
    services.notifikasi_queue(penerima=user, jenis="uji", kunci="x", judul="Undangan", isi="Isi", instansi=inst)

    assert services.outbox_send() == (0, 0, 1)
    row = Notifikasi.objects.get()
    assert row.status_email == "menunggu" and row.percobaan == 1 and row.coba_lagi_pada > timezone.now()
    # Not due yet: the next sweep leaves it alone.
    assert services.outbox_send() == (0, 0, 0)
    for _attempt in (2, 3):
        Notifikasi.objects.update(coba_lagi_pada=timezone.now() - timedelta(seconds=1))
        services.outbox_send()
    row.refresh_from_db()
    assert row.status_email == "gagal" and row.percobaan == 3 and "Connection" in row.galat_terakhir

    client.force_login(f.hr_user(inst))
    page = client.get(reverse("outbox-gagal")).content.decode()
    assert "Undangan" in page and "p@contoh.go.id" in page
    # The service itself refuses an actor outside the instansi (another instansi's HR, the recipient).
    for orang_lain in (f.hr_user(f.InstansiFactory(), "hr.lain"), user):
        with pytest.raises(PermissionDenied):
            services.notifikasi_retry(actor=orang_lain, notifikasi=row)
    row.refresh_from_db()
    assert row.status_email == "gagal"
    client.post(reverse("outbox-retry", args=[row.pk]))
    row.refresh_from_db()
    assert row.status_email == "menunggu" and row.percobaan == 0


@pytest.mark.django_db(transaction=True)
def test_rows_locked_by_another_worker_are_skipped(smtp_server):
    users = [f.user(f"k{i}", email=f"k{i}@contoh.go.id") for i in range(4)]
    for u in users:
        _queue(u)
    locked_ids = list(Notifikasi.objects.order_by("id").values_list("id", flat=True)[:2])
    # Another worker (its own connection) holds the first two rows.
    params = connection.get_connection_params()
    other = psycopg2.connect(**{k: v for k, v in params.items() if k != "cursor_factory"})
    try:
        cur = other.cursor()
        cur.execute("SELECT id FROM pembinaan_notifikasi WHERE id = ANY(%s) FOR UPDATE", [locked_ids])
        sent, _, _ = services.outbox_send()
        assert sent == 2
        assert sorted(m.rcpt_tos[0] for m in smtp_server.messages) == ["k2@contoh.go.id", "k3@contoh.go.id"]
    finally:
        other.rollback()
        other.close()
    assert services.outbox_send()[0] == 2
    assert len(smtp_server.messages) == 4


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_send_each_message_once(smtp_server):
    users = [f.user(f"c{i}", email=f"c{i}@contoh.go.id") for i in range(40)]
    for u in users:
        _queue(u)
    results = []

    def sweep():
        from django.db import connection as conn

        try:
            results.append(services.outbox_send(batch=40))
        finally:
            conn.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r[0] for r in results) == 40
    assert len(smtp_server.messages) == 40
    assert Notifikasi.objects.filter(status_email="terkirim").count() == 40


@pytest.mark.django_db
def test_unread_count_in_navbar_and_marked_read_when_opened(client):
    inst = f.InstansiFactory()
    pegawai = f.PegawaiFactory(instansi=inst)
    user = f.pegawai_user(pegawai)
    _queue(user, kunci="1")
    _queue(user, kunci="2")
    client.force_login(user)
    page = client.get(reverse("pegawai-detail", args=[pegawai.pk])).content.decode()
    assert 'data-testid="unread">2<' in page
    assert "Judul" in client.get(reverse("notifikasi")).content.decode()
    page = client.get(reverse("pegawai-detail", args=[pegawai.pk])).content.decode()
    assert 'data-testid="unread"' not in page
