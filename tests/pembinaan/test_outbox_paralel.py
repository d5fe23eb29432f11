"""The outbox sends a large batch over several SMTP connections at once, and still sends each message once,
even with two sweeps running at the same time (issue 14, section 5)."""

import threading
from collections import Counter
from email import message_from_bytes

import pytest
from django.contrib.auth import get_user_model

from pembinaan import services
from pembinaan.models import Notifikasi
from tests import smtp


@pytest.fixture
def smtp_server(settings):
    controller, handler = smtp.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    yield handler
    controller.stop()


def _antre(n):
    User = get_user_model()
    users = User.objects.bulk_create(
        [User(username=f"par{i}", email=f"par{i}@contoh.go.id", password="!") for i in range(n)])
    services.notifikasi_queue_many([dict(penerima=u, jenis="uji", kunci="a", judul="Judul", isi="Isi")
                                    for u in users])
    return users


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_parallel_sweeps_send_each_message_exactly_once(smtp_server, settings):
    settings.OUTBOX_PARALLEL, settings.OUTBOX_PER_CONNECTION = 4, 10
    users = _antre(200)
    results = []

    def sweep():
        from django.db import connection as conn

        try:
            while True:
                hasil = services.outbox_send(batch=60)
                if hasil == (0, 0, 0):
                    break
                results.append(hasil)
        finally:
            conn.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ids = Counter(m.original_content.split(b"X-Pembinaan-Notifikasi: ")[1].split(b"\r\n")[0]
                  for m in smtp_server.messages)
    assert len(ids) == 200 and set(ids.values()) == {1}  # every row reached the server once, none twice
    assert sorted(m.rcpt_tos[0] for m in smtp_server.messages) == sorted(u.email for u in users)
    assert sum(r[0] for r in results) == 200
    assert smtp_server.connections > 2  # each sweep used several connections at once
    assert Notifikasi.objects.filter(status_email="terkirim", percobaan=1, coba_lagi_pada__isnull=True).count() == 200


@pytest.mark.django_db(transaction=True)
def test_parallel_batch_with_server_down_retries_every_row_once(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", smtp.free_port(), 2
    settings.OUTBOX_PARALLEL, settings.OUTBOX_PER_CONNECTION = 4, 10
    _antre(40)
    assert services.outbox_send(batch=40) == (0, 0, 40)
    assert Notifikasi.objects.filter(status_email="menunggu", percobaan=1, coba_lagi_pada__isnull=False).count() == 40


@pytest.mark.django_db(transaction=True)
def test_one_batch_is_spread_over_parallel_connections(smtp_server, settings):
    settings.OUTBOX_PARALLEL, settings.OUTBOX_PER_CONNECTION = 4, 10
    _antre(45)
    assert services.outbox_send(batch=45) == (45, 0, 0)
    assert smtp_server.connections == 4  # 45 rows at ≥10 a connection, capped at 4: one open each, reused
    assert len(smtp_server.messages) == 45
    # each message is whole: its own recipient, date and Message-ID, the shared subject and body
    parsed = [message_from_bytes(m.original_content) for m in smtp_server.messages]
    assert sorted(p["To"] for p in parsed) == sorted(m.rcpt_tos[0] for m in smtp_server.messages)
    assert len({p["Message-ID"] for p in parsed}) == 45 and all(p["Date"] for p in parsed)
    assert {p["Subject"] for p in parsed} == {"Judul"}
    assert {p.get_payload(decode=True).decode().replace("\r\n", "\n").strip() for p in parsed} == {
        "Isi\n\n— Pembinaan ASN"}
