"""Issue 11 part A in the browser: HR opens the planning cycle → the derivation job runs in the real worker with
progress on the page → an employee on a phone sees their derived needs (a "belum dinilai" one, the JP shortfall)
and proposes one of their own → the supervisor, on a phone, approves it → HR verifies the OPD."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from pelatihan.models import Kebutuhan, RekapJP, SiklusRencana
from pembinaan.models import Kompetensi, StandarKompetensiJabatan
from tests.e2e.conftest import login, screenshot
from tests.e2e.test_ponsel import PONSEL, tanpa_gulir_samping
from tests.factories import PASSWORD, JabatanFactory, PegawaiFactory, UnitKerjaFactory, pegawai_user


@pytest.fixture
def dunia(instansi, hr):
    dinas = UnitKerjaFactory(instansi=instansi, nama="Dinas Kependudukan dan Pencatatan Sipil")
    bidang = UnitKerjaFactory(instansi=instansi, nama="Bidang Pelayanan Pendaftaran Penduduk", induk=dinas)
    jab = JabatanFactory(instansi=instansi, nama="Pengadministrasi Kependudukan")
    StandarKompetensiJabatan.objects.create(
        jabatan=jab, kompetensi=Kompetensi.objects.create(instansi=instansi, kode="ADM1", kategori="teknis",
                                                          nama="Administrasi Kependudukan Digital"), level=3)
    Kompetensi.objects.create(instansi=instansi, kode="ADM2", nama="Layanan Publik Daring", kategori="teknis")
    kepala = PegawaiFactory(instansi=instansi, unit_kerja=dinas, nama="Hartono")
    staf = PegawaiFactory(instansi=instansi, unit_kerja=bidang, jabatan=jab, atasan=kepala,
                          nama="Siti Rahmawati Kusumaningrum")
    RekapJP.objects.create(pegawai=staf, tahun=2026, total=6)
    return {"dinas": dinas, "kepala": pegawai_user(kepala), "staf": pegawai_user(staf), "pegawai": staf}


def test_siklus_kebutuhan_usulan_persetujuan_verifikasi(page, new_page, live_server, hr, dunia, celery_worker_real):
    # HR opens the cycle of next year with the default windows, then opens the collection: the job derives the needs
    login(page, live_server, hr.username, PASSWORD)
    page.goto(reverse("pelatihan:siklus-list"))
    page.get_by_role("link", name="+ Buka siklus baru").click()
    expect(page.get_by_label("Persiapan mulai")).to_have_value("2026-08-01")
    page.get_by_role("button", name="Buka siklus").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rencana pengembangan kompetensi 2027")
    page.get_by_role("button", name="Buka pengumpulan kebutuhan").click()
    expect(page.get_by_test_id("status-penyusunan")).to_contain_text("Selesai", timeout=60_000)
    expect(page.get_by_test_id("ringkasan-sumber")).to_contain_text("1 belum dinilai")
    screenshot(page, "perencanaan-siklus-hr")
    siklus = SiklusRencana.objects.get(tahun=2027)
    assert siklus.tahap == "pengumpulan" and siklus.status_penyusunan == "selesai"

    # the employee, on a phone: derived needs with their source, then a proposal of their own
    ponsel = new_page(**PONSEL)
    login(ponsel, live_server, dunia["staf"].username, PASSWORD)
    ponsel.goto(reverse("pelatihan:kebutuhan-saya"))
    daftar = ponsel.get_by_test_id("daftar-kebutuhan")
    expect(daftar).to_contain_text("Administrasi Kependudukan Digital")
    expect(daftar.get_by_test_id("belum-dinilai")).to_be_visible()
    expect(daftar).to_contain_text("JP 2026: 6 dari target 20")
    turunan = Kebutuhan.objects.get(sumber="jp", pegawai=dunia["pegawai"])
    expect(daftar.get_by_test_id(f"kebutuhan-{turunan.pk}").get_by_test_id("status")).to_have_text(
        "Menunggu verifikasi BKPSDM")  # derived: straight to HR, no supervisor step
    tanpa_gulir_samping(ponsel, "perencanaan-kebutuhan-saya")
    ponsel.get_by_test_id("tambah-usulan").click()
    ponsel.get_by_label("Kompetensi yang ingin dikembangkan").select_option(label="Layanan Publik Daring")
    ponsel.get_by_label("Bentuk yang diinginkan").select_option(label="KL10 – Bimbingan teknis")
    ponsel.get_by_label("Alasan").fill("Loket daring dibuka tahun depan")
    tanpa_gulir_samping(ponsel, "perencanaan-usulan-form")
    ponsel.get_by_role("button", name="Kirim usulan").click()
    usulan = Kebutuhan.objects.get(sumber="usulan", pegawai=dunia["pegawai"])
    kartu = ponsel.get_by_test_id(f"kebutuhan-{usulan.pk}")
    expect(kartu).to_contain_text("Layanan Publik Daring")
    expect(kartu.get_by_test_id("status")).to_have_text("Diusulkan")
    tanpa_gulir_samping(ponsel, "perencanaan-kebutuhan-terkirim")

    # the supervisor, on a phone, approves it
    atasan = new_page(**PONSEL)
    login(atasan, live_server, dunia["kepala"].username, PASSWORD)
    atasan.goto(reverse("pelatihan:kebutuhan-bawahan"))
    usul = atasan.get_by_test_id(f"usulan-{usulan.pk}")
    expect(usul).to_contain_text("Loket daring dibuka tahun depan")
    tanpa_gulir_samping(atasan, "perencanaan-usulan-bawahan")
    usul.get_by_role("button", name="Setujui").click()
    expect(atasan.get_by_role("alert").first).to_contain_text("disetujui")
    usulan.refresh_from_db()
    assert usulan.status == "disetujui"

    # HR verifies the OPD: the proposal and the derived needs
    page.goto(reverse("pelatihan:kebutuhan-opd", args=[siklus.pk]))
    page.get_by_role("link", name="Dinas Kependudukan dan Pencatatan Sipil").click()
    expect(page.get_by_test_id("ekuitas")).to_contain_text("tanpa JP sama sekali")
    screenshot(page, "perencanaan-verifikasi-opd")
    page.get_by_test_id("verifikasi-semua").click()
    expect(page.get_by_test_id(f"kebutuhan-{usulan.pk}").get_by_test_id("status")).to_have_text("Diverifikasi BKPSDM")
    assert not Kebutuhan.objects.filter(siklus=siklus).exclude(status="diverifikasi").exists()

    ponsel.reload()
    expect(ponsel.get_by_test_id(f"kebutuhan-{usulan.pk}").get_by_test_id("status")).to_have_text(
        "Diverifikasi BKPSDM")
