"""Backup and restore drilled (issue 14): `cadangkan` then `pulihkan` into a fresh database, every table compared;
then Redis wiped and the outbox (in PostgreSQL) still delivered by the real worker."""

import contextlib
import json
import subprocess
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from pembinaan import cadangan, embedded, services
from pembinaan.demo import DEMO_PASSWORD, demo_logins
from pembinaan.models import Notifikasi, Pegawai
from tests import factories as f
from tests import smtp
from tests.conftest import wait_until

# transaction=True: pg_dump and the worker read committed rows. The reference rows of the data migrations (seed_demo
# needs them) are seeded again after each flush by tests/conftest.py.
pytestmark = pytest.mark.django_db(transaction=True)


def _admin():
    import psycopg2

    conn = psycopg2.connect(**cadangan.parameter_koneksi("default", "postgres"))
    conn.autocommit = True
    return conn


@contextlib.contextmanager
def _basis_data_baru():
    """A fresh, empty database on the same server, dropped afterwards."""
    nama = f"{connection.settings_dict['NAME']}_pulih"
    conn = _admin()
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{nama}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{nama}"')
    try:
        yield nama
    finally:
        with conn.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{nama}" WITH (FORCE)')
        conn.close()


@contextlib.contextmanager
def _django_memakai(nama):
    """Point Django's connection at database ``nama`` (the restored one) for a while."""
    asli = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = nama
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = asli


def _seed_dan_cadangkan(settings, tmp_path, pegawai=60):
    call_command("seed_demo", pegawai=pegawai, stdout=open("/dev/null", "w"))
    berkas = Path(settings.MEDIA_ROOT) / "impor" / "2026" / "12" / "daftar.csv"
    berkas.parent.mkdir(parents=True)
    berkas.write_bytes(b"NIP,NAMA\n199001012020011001,Uji\n")
    folder = tmp_path / "cadangan"
    call_command("cadangkan", str(folder), stdout=open("/dev/null", "w"))
    return folder


def test_backup_restores_into_a_fresh_database_identical_and_usable(settings, tmp_path, client):
    folder = _seed_dan_cadangkan(settings, tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    asli = cadangan.manifest_basis_data(cadangan.parameter_koneksi())
    # The manifest was counted in the dump's snapshot: it is the database as it was.
    assert manifest["tabel"] == asli
    assert manifest["tabel"]["pembinaan_pegawai"]["baris"] == Pegawai.objects.count() > 0
    assert manifest["media"] == cadangan.manifest_media(Path(settings.MEDIA_ROOT))
    assert manifest["media"]["impor/2026/12/daftar.csv"]["ukuran"] == 32

    settings.MEDIA_ROOT = tmp_path / "media-pulih"
    with _basis_data_baru() as nama:
        call_command("pulihkan", str(folder), nama_basis_data=nama, stdout=open("/dev/null", "w"))
        pulih = cadangan.manifest_basis_data(cadangan.parameter_koneksi("default", nama))
        assert pulih == asli  # every table: same row count, same checksum
        assert len(pulih) > 40 and sum(t["baris"] for t in pulih.values()) > 1000
        assert cadangan.manifest_media(tmp_path / "media-pulih") == manifest["media"]

        with _django_memakai(nama):
            assert Pegawai.objects.count() == manifest["tabel"]["pembinaan_pegawai"]["baris"]
            hr = client.post(reverse("login"), {"username": "hr.tebo", "password": DEMO_PASSWORD})
            assert hr.status_code == 302
            for halaman in (reverse("pegawai-list"), reverse("dasbor"), reverse("pelatihan:program-list")):
                assert client.get(halaman).status_code == 200, halaman
            client.logout()
            nip = next(r["username"] for r in demo_logins() if r["peran"] == "Pegawai")
            assert client.post(reverse("login"), {"username": nip, "password": DEMO_PASSWORD}).status_code == 302
            for halaman in (reverse("beranda"), reverse("pelatihan:jp-saya")):
                assert client.get(halaman).status_code == 200, halaman
            client.logout()


def test_restore_refuses_a_non_empty_database_and_a_tampered_backup(settings, tmp_path):
    folder = _seed_dan_cadangkan(settings, tmp_path)
    # The test database itself is not empty.
    with pytest.raises(CommandError, match="tidak kosong.*--timpa"):
        call_command("pulihkan", str(folder))
    with _basis_data_baru() as nama:
        with open(folder / "basis-data.dump", "ab") as dump:
            dump.write(b"x")
        with pytest.raises(CommandError, match="rusak: checksum SHA-256"):
            call_command("pulihkan", str(folder), nama_basis_data=nama)
    with pytest.raises(CommandError, match="bukan cadangan"):
        call_command("pulihkan", str(tmp_path / "tidak-ada"))


def test_restore_check_names_a_table_whose_rows_changed(settings, tmp_path):
    folder = _seed_dan_cadangkan(settings, tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    settings.MEDIA_ROOT = tmp_path / "media-pulih"
    with _basis_data_baru() as nama:
        call_command("pulihkan", str(folder), nama_basis_data=nama, stdout=open("/dev/null", "w"))
        import psycopg2

        conn = psycopg2.connect(**cadangan.parameter_koneksi("default", nama))
        with conn, conn.cursor() as cur:
            cur.execute("UPDATE pembinaan_pegawai SET nama = nama || '.' WHERE id = (SELECT min(id) FROM "
                        "pembinaan_pegawai)")
        conn.close()
        beda = cadangan.bandingkan_tabel(manifest["tabel"],
                                         cadangan.manifest_basis_data(cadangan.parameter_koneksi("default", nama)))
    # Same row count, one changed name: the checksum names the table (the history trigger added an event row too).
    assert f"Tabel pembinaan_pegawai: jumlah baris sama ({manifest['tabel']['pembinaan_pegawai']['baris']}) tetapi " \
           "isinya berbeda (checksum)." in beda
    assert all(b.split(":")[0] in ("Tabel pembinaan_pegawai", "Tabel pembinaan_pegawaievent") for b in beda)


# --- Redis wiped: the outbox lives in PostgreSQL, nothing is lost -------------------------------------------------

@pytest.fixture
def redis_sendiri(settings, tmp_path):
    """A Redis of this test's own (the embedded one is shared by everybody's tests: FLUSHALL there would hurt)."""
    import redis

    sock = Path("/tmp") / f"pembinaan-uji-redis-{time.monotonic_ns()}.sock"
    proses = subprocess.Popen([str(embedded._redis_binary()), "--port", "0", "--unixsocket", str(sock),
                               "--unixsocketperm", "700", "--save", "", "--appendonly", "no",
                               "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    klien = redis.Redis(unix_socket_path=str(sock))
    assert wait_until(lambda: sock.exists() and klien.ping(), timeout=10)
    from pembinaan.celery import app

    broker_lama = app.conf.broker_url
    settings.CELERY_BROKER_URL = app.conf.broker_url = "redis+socket://" + str(sock)
    try:
        yield klien
    finally:
        app.conf.broker_url = broker_lama
        proses.terminate()
        proses.wait(timeout=10)


def _ketukan_beat():
    """What celery beat sends every 30 s (CELERY_BEAT_SCHEDULE "kirim-outbox"), on a fresh broker connection."""
    from pembinaan.celery import app
    from pembinaan.tasks import outbox_send_task

    with app.connection_for_write() as conn:
        outbox_send_task.apply_async(connection=conn)


@pytest.mark.worker
def test_redis_wiped_pending_outbox_is_still_sent(settings, redis_sendiri, request):
    controller, handler = smtp.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
        for i in range(6):
            u = f.user(f"r{i}", email=f"r{i}@contoh.go.id")
            services.notifikasi_queue(penerima=u, jenis="uji", kunci="redis", judul="Halo", isi="Isi")
        _ketukan_beat()
        assert redis_sendiri.dbsize() > 0  # the send task waits in Redis
        redis_sendiri.flushall()
        assert redis_sendiri.dbsize() == 0  # ... and is gone

        request.getfixturevalue("celery_worker_real")  # the worker comes back to an empty broker
        time.sleep(2)
        assert Notifikasi.objects.filter(status_email="menunggu").count() == 6 and handler.messages == []
        _ketukan_beat()  # beat's next tick
        assert wait_until(lambda: Notifikasi.objects.filter(status_email="terkirim").count() == 6)
        assert wait_until(lambda: len(handler.messages) == 6)
        assert sorted(m.rcpt_tos[0] for m in handler.messages) == sorted(f"r{i}@contoh.go.id" for i in range(6))
    finally:
        controller.stop()
