"""Issue 4, browser test 3: after the deadline HR sees the overdue forms, and the escalation reaches the
evaluator's own atasan in their notifications."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from evaluasi.services.pengingat import pengingat_scan
from tests import factories as f
from tests.e2e.conftest import login, screenshot
from tests.evaluasi.factories import EvaluasiFactory, PeriodeFactory


def test_overdue_forms_for_hr_and_escalation_to_the_atasan(page, new_page, live_server, instansi, hr):
    unit = f.UnitKerjaFactory(instansi=instansi, nama="Dinas Kesehatan")
    kepala = f.PegawaiFactory(instansi=instansi, unit_kerja=unit, nama="Kepala Dinas Kesehatan")
    penilai = f.PegawaiFactory(instansi=instansi, unit_kerja=unit, atasan=kepala, nama="Kepala Bidang Yankes")
    staf = [f.PegawaiFactory(instansi=instansi, unit_kerja=unit, atasan=penilai) for _ in range(2)]
    f.pegawai_user(kepala)
    f.pegawai_user(penilai)
    today = timezone.localdate()
    periode = PeriodeFactory(
        instansi=instansi,
        nama="Triwulan III",
        status="dibuka",
        mulai=today - datetime.timedelta(days=100),
        selesai=today - datetime.timedelta(days=10),
        tenggat=today - datetime.timedelta(days=3),
    )
    for pegawai in staf:
        EvaluasiFactory(
            periode=periode,
            pegawai=pegawai,
            penilai=penilai,
            penilai_nama=penilai.nama,
            penilai_nip=penilai.nip,
            unit_kerja=unit,
        )
    EvaluasiFactory(
        periode=periode,
        pegawai=penilai,
        penilai=kepala,
        unit_kerja=unit,
        status="diajukan",
        rating_hasil_kerja="sesuai",
        rating_perilaku_kerja="sesuai",
        predikat="baik",
    )
    # The daily beat job ran this morning (the deadline passed three days ago).
    pengingat_scan(today=today)

    login(page, live_server, hr.username, f.PASSWORD)
    page.goto(f"{live_server.url}/evaluasi/periode/{periode.pk}/ringkasan/")
    baris = page.locator("tr[data-unit='Dinas Kesehatan']")
    expect(baris.locator("[data-kolom='terlambat']")).to_have_text("2")
    expect(baris.locator("[data-kolom='diajukan']")).to_contain_text("1")
    expect(page.get_by_text("tenggat sudah lewat")).to_be_visible()
    screenshot(page, "evaluasi-terlambat-hr")

    atasan_page = new_page()
    login(atasan_page, live_server, kepala.nip, f.PASSWORD)
    expect(atasan_page.get_by_test_id("unread")).to_be_visible()
    atasan_page.goto(f"{live_server.url}/notifikasi/")
    expect(atasan_page.get_by_text("Eskalasi: evaluasi Triwulan III terlambat 3 hari")).to_be_visible()
    expect(atasan_page.locator(".list-group-item", has_text="Eskalasi")).to_contain_text("Kepala Bidang Yankes")
    screenshot(atasan_page, "evaluasi-eskalasi-atasan")
