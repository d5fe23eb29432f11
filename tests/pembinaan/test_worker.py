"""Behaviour that runs in Celery, exercised with a real worker and the real Redis broker."""


import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pembinaan import services
from pembinaan.models import ImporPegawai, Notifikasi, Pegawai
from pembinaan.tasks import outbox_send_task
from tests import factories as f
from tests import smtp
from tests.conftest import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_outbox_task_sends_through_real_worker(settings, celery_worker_real):
    controller, handler = smtp.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
        for i in range(5):
            u = f.user(f"w{i}", email=f"w{i}@contoh.go.id")
            services.notifikasi_queue(penerima=u, jenis="uji", kunci="x", judul="Halo", isi="Isi")
        # Beat firing twice: two tasks, still one message per row.
        outbox_send_task.delay()
        outbox_send_task.delay()
        assert wait_until(lambda: Notifikasi.objects.filter(status_email="terkirim").count() == 5)
        assert wait_until(lambda: len(handler.messages) == 5)
        assert len(handler.messages) == 5
    finally:
        controller.stop()


def _big_csv(n):
    import datetime

    lines = ["NIP BARU,NAMA,TANGGAL LAHIR,JENIS KELAMIN,STATUS CPNS PNS,TMT CPNS,GOL AKHIR NAMA,UNOR ID,UNOR NAMA"]
    for i in range(n):
        lahir = datetime.date(1970, 1, 1) + datetime.timedelta(days=i % 9000)
        nip = f"{lahir:%Y%m%d}201003{1 + i % 2}{i % 999 + 1:03d}"
        lines.append(f"{nip[:8]} {nip[8:]},Pegawai {i},{lahir:%d-%m-%Y},{'MF'[i % 2]},P,01-03-2010,III/a,U{i % 7},"
                     f"Unit {i % 7}")
    return "\n".join(lines).encode()


def test_large_import_runs_as_celery_job_with_progress(settings, celery_worker_real):
    settings.IMPOR_BATAS_SINKRON = 2000
    inst = f.InstansiFactory()
    hr = f.hr_user(inst)
    data = _big_csv(2500)
    impor = services.impor_create(actor=hr, berkas=SimpleUploadedFile("besar.csv", data))
    # The request returned before checking: the job does it.
    assert impor.status == ImporPegawai.Status.MEMERIKSA
    assert wait_until(lambda: ImporPegawai.objects.get(pk=impor.pk).status == "siap", timeout=60)
    impor.refresh_from_db()
    assert impor.ringkasan["baru"] == 2500 and impor.diproses == 2500
    assert Pegawai.objects.count() == 0  # the dry run wrote nothing
    services.impor_confirm(actor=hr, impor=impor)
    assert wait_until(lambda: ImporPegawai.objects.get(pk=impor.pk).status == "selesai", timeout=60)
    assert Pegawai.objects.filter(instansi=inst).count() == 2500


def test_healthz_sees_the_running_worker(client, celery_worker_real):
    data = client.get("/healthz").json()
    assert data == {"database": "ok", "redis": "ok", "celery": "ok", "celery_workers": 1, "status": "ok"}
