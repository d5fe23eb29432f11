"""An employee reports learning done elsewhere with a certificate; HR verifies one report and rejects another."""

import importlib

from django.apps import apps
from django.utils import timezone
from playwright.sync_api import expect

from pelatihan.models import BentukPelatihan, JpBawaan, KreditJP, LaporanBelajar, RekapJP
from tests.e2e.conftest import login, screenshot
from tests.factories import PASSWORD, PegawaiFactory, UnitKerjaFactory, pegawai_user
from tests.pelatihan.test_laporan import pdf_minimal

SEMINAR = "Seminar Nasional Transformasi Digital Pelayanan Publik"
KURSUS = "Kursus Daring Manajemen Kinerja ASN"


def test_laporan_belajar_diverifikasi_lalu_jp_tampil_dan_laporan_ditolak_menampilkan_alasan(
        new_page, live_server, instansi, hr):
    importlib.import_module("pelatihan.migrations.0002_referensi").seed(apps, None)  # flushed by live_server
    seminar = BentukPelatihan.objects.get(kode="KL06")
    JpBawaan.objects.update_or_create(instansi=instansi, bentuk=seminar, defaults={"jp": 4})
    # HR cleared the suggested default of e-learning (a new instansi gets referensi.JP_BAWAAN seeded).
    JpBawaan.objects.filter(instansi=instansi, bentuk__kode="NKL03").delete()
    unit = UnitKerjaFactory(instansi=instansi, nama="Dinas Komunikasi dan Informatika")
    pegawai = PegawaiFactory(instansi=instansi, unit_kerja=unit, nama="Rina Wulandari")
    akun = pegawai_user(pegawai)
    hari_ini = timezone.localdate().isoformat()

    # The employee reports a one-day seminar: choosing the bentuk fills in the instansi's default JP.
    page = new_page()
    login(page, live_server, akun.username, PASSWORD)
    page.goto("/pelatihan/laporan/")
    expect(page.get_by_role("heading", name="Laporan belajar saya")).to_be_visible()
    page.get_by_role("link", name="+ Laporkan kegiatan belajar").click()
    page.get_by_label("Bentuk pengembangan kompetensi").select_option(label=str(seminar))
    expect(page.locator("#id_jp")).to_have_value("4")
    expect(page.locator("#id_jp_helptext")).to_contain_text("JP bawaan BKPSDM untuk Seminar/konferensi/sarasehan: 4 JP")
    # The minutes actually spent are recorded too; leaving the field shows what they amount to in JP.
    page.get_by_label("Lama belajar (menit)").fill("200")
    page.get_by_label("Nama kegiatan").fill(SEMINAR)
    expect(page.locator("#id_jp_helptext")).to_contain_text("200 menit ÷ 45 = 4 JP")
    expect(page.locator("#id_jp")).to_have_value("4")
    page.get_by_label("Penyelenggara").fill("Kementerian Komunikasi dan Digital")
    page.get_by_label("Tanggal mulai").fill(hari_ini)
    page.get_by_label("Tanggal selesai").fill(hari_ini)
    page.get_by_label("Sertifikat").set_input_files(
        files=[{"name": "sertifikat-seminar.pdf", "mimeType": "application/pdf", "buffer": pdf_minimal(SEMINAR)}])
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim laporan").click()
    expect(page.get_by_role("alert")).to_contain_text("terkirim dan menunggu verifikasi")
    expect(page.locator("tr", has_text=SEMINAR).get_by_test_id("status")).to_have_text("Menunggu verifikasi")

    # A second report, first with a text file called .pdf: refused, and nothing typed is lost.
    page.get_by_role("link", name="+ Laporkan kegiatan belajar").click()
    page.get_by_label("Bentuk pengembangan kompetensi").select_option(label="NKL03 – E-learning")
    expect(page.locator("#id_jp_helptext")).to_contain_text("Belum ada JP bawaan")
    page.get_by_label("Lama belajar (menit)").fill("150")
    page.get_by_label("Nama kegiatan").fill(KURSUS)
    expect(page.locator("#id_jp_helptext")).to_contain_text("150 menit ÷ 45 = 3 JP")
    page.get_by_label("Penyelenggara").fill("LAN RI")
    page.get_by_label("Tanggal mulai").fill(hari_ini)
    page.get_by_label("Tanggal selesai").fill(hari_ini)
    page.get_by_label("JP", exact=True).fill("3")
    sertifikat = page.get_by_label("Sertifikat")
    sertifikat.set_input_files(files=[{"name": "sertifikat.pdf", "mimeType": "application/pdf",
                                       "buffer": b"Bukan PDF, hanya teks."}])
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim laporan").click()
    expect(page.locator("#div_id_berkas .invalid-feedback")).to_contain_text("PDF, JPG atau PNG")
    expect(page.get_by_label("Nama kegiatan")).to_have_value(KURSUS)
    expect(page.get_by_label("Penyelenggara")).to_have_value("LAN RI")
    expect(page.get_by_label("JP", exact=True)).to_have_value("3")
    expect(page.get_by_label("Lama belajar (menit)")).to_have_value("150")
    expect(page.get_by_label("Tanggal selesai")).to_have_value(hari_ini)
    sertifikat.set_input_files(files=[{"name": "sertifikat-kursus.pdf", "mimeType": "application/pdf",
                                       "buffer": pdf_minimal(KURSUS)}])
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim laporan").click()
    expect(page.get_by_role("alert")).to_contain_text("terkirim")
    screenshot(page, "laporan-belajar-diajukan")

    # HR, in a browser of their own: the queue, the certificate, verify one, reject the other with a reason.
    hr_page = new_page()
    login(hr_page, live_server, hr.username, PASSWORD)
    hr_page.goto("/pelatihan/laporan/verifikasi/")
    expect(hr_page.get_by_role("heading", name="Verifikasi laporan belajar")).to_be_visible()
    item_seminar = hr_page.locator(".list-group-item", has_text=SEMINAR)
    item_kursus = hr_page.locator(".list-group-item", has_text=KURSUS)
    expect(item_seminar).to_contain_text("Rina Wulandari")
    expect(item_seminar).to_contain_text("4 JP")
    expect(item_seminar).to_contain_text("Lama belajar: 200 menit (≈ 4 JP bila 1 JP = 45 menit)")
    href = item_seminar.get_by_role("link", name="Lihat sertifikat").get_attribute("href")
    berkas = hr_page.request.get(href)
    assert berkas.status == 200 and berkas.headers["content-type"] == "application/pdf"
    assert berkas.body() == pdf_minimal(SEMINAR)
    screenshot(hr_page, "laporan-belajar-antrian")
    with hr_page.expect_navigation():
        item_seminar.get_by_role("button", name="Verifikasi").click()
    expect(hr_page.get_by_role("alert")).to_contain_text("diverifikasi; 4 JP dicatat")
    alasan = "Sertifikat tidak mencantumkan jumlah jam pelajaran; unggah sertifikat resmi dari LAN."
    item_kursus.locator("summary", has_text="Tolak").click()
    item_kursus.get_by_label("Alasan penolakan").fill(alasan)
    with hr_page.expect_navigation():
        item_kursus.get_by_role("button", name="Tolak laporan").click()
    expect(hr_page.get_by_role("alert")).to_contain_text("ditolak")
    expect(hr_page.get_by_text("Tidak ada laporan yang menunggu verifikasi.")).to_be_visible()

    # The employee sees both decisions, the reason, and the credit on the JP page.
    page.goto("/pelatihan/laporan/")
    expect(page.locator("tr", has_text=SEMINAR).get_by_test_id("status")).to_have_text("Diverifikasi")
    baris_kursus = page.locator("tr", has_text=KURSUS)
    expect(baris_kursus.get_by_test_id("status")).to_have_text("Ditolak")
    expect(baris_kursus.get_by_test_id("alasan")).to_have_text(f"Alasan: {alasan}")
    screenshot(page, "laporan-belajar-hasil")
    page.goto("/pelatihan/jp/")
    expect(page.get_by_test_id("total-jp")).to_have_text("4")
    kredit = page.get_by_test_id("kredit").locator("tbody tr", has_text=SEMINAR)
    expect(kredit).to_contain_text("Laporan belajar mandiri")
    expect(page.get_by_test_id("kredit")).not_to_contain_text(KURSUS)

    laporan = LaporanBelajar.objects.get(judul=SEMINAR)
    assert KreditJP.objects.filter(pegawai=pegawai).get().laporan == laporan
    assert RekapJP.objects.get(pegawai=pegawai, tahun=timezone.localdate().year).total == 4
