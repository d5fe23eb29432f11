"""An employee on a phone (360 × 640) takes an online course: enrols, reads the lessons (the server refuses "next"
until the heartbeats of the visible page add up to the minimum time), fails the quiz, waits out the cool-down (the
stored time of the attempt is moved back: no sleeping), passes, and finds the certificate and the JP credit."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from pelatihan.models import KreditJP, PercobaanKuis, RekapJP, Sertifikat
from pelatihan.services import daring as svc
from tests.e2e.conftest import login, screenshot
from tests.factories import PASSWORD
from tests.pelatihan import daring_data

PONSEL_KECIL = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True,
                "device_scale_factor": 1}


def _tanpa_gulir_samping(page, nama):
    screenshot(page, f"daring-{nama}")
    lebar = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert lebar[0] <= lebar[1] + 1, f"{nama}: page is {lebar[0]}px wide in a {lebar[1]}px viewport"


@pytest.fixture
def detak_cepat(monkeypatch):
    """Heartbeats every second instead of every 15 (the minimum times below are seconds), so the real page's real
    heartbeats meet them without a long test."""
    monkeypatch.setattr(svc, "DETAK_DETIK", 1)


def _jawab(page, awalan):
    for legend in page.locator("fieldset").all():
        legend.get_by_label(awalan, exact=False).first.check()


def test_pegawai_menyelesaikan_kelas_daring_di_ponsel(new_page, live_server, detak_cepat):
    d = daring_data.bangun(durasi=(3, 3), kode="TEBO2")
    page = new_page(**PONSEL_KECIL)
    page.on("dialog", lambda dialog: dialog.accept())  # "Kirim jawaban?"
    login(page, live_server, d.pns.user.username, PASSWORD)

    # The course list, then enrolment.
    page.goto(reverse("pelatihan:kelas-list"))
    page.get_by_role("link", name="Memahami BerAKHLAK").click()
    _tanpa_gulir_samping(page, "kelas-sebelum-daftar")
    page.get_by_test_id("daftar").click()
    expect(page.get_by_role("alert")).to_contain_text("Anda terdaftar")
    page.get_by_test_id("lanjut").click()

    # Lesson 1: "next" at once is refused by the server, with the time left, in Indonesian.
    expect(page.get_by_role("heading", name="Berorientasi pelayanan")).to_be_visible()
    page.get_by_test_id("berikutnya").click()
    expect(page.get_by_role("alert")).to_contain_text("waktu belajar minimal belum terpenuhi")
    _tanpa_gulir_samping(page, "materi-ditolak")
    # The visible page's heartbeats (every second here) make up the minimum on the server.
    expect(page.get_by_test_id("sisa-waktu")).to_contain_text("Waktu belajar minimal terpenuhi", timeout=20000)
    page.get_by_test_id("berikutnya").click()

    # Lesson 2: a video with its text alternative; the course page then offers the quiz.
    expect(page.get_by_role("heading", name="Video akuntabel")).to_be_visible()
    expect(page.get_by_text("Transkrip video akuntabel.")).to_be_visible()
    _tanpa_gulir_samping(page, "materi-video")
    expect(page.get_by_test_id("sisa-waktu")).to_contain_text("Waktu belajar minimal terpenuhi", timeout=20000)
    page.get_by_test_id("berikutnya").click()
    expect(page.get_by_role("alert")).to_contain_text("Semua materi selesai")
    page.get_by_test_id("ke-kuis").click()

    # Attempt 1: all wrong.
    page.get_by_test_id("mulai-kuis").click()
    expect(page.locator("fieldset")).to_have_count(3)
    _tanpa_gulir_samping(page, "kuis")
    _jawab(page, "Jawaban keliru")
    page.get_by_test_id("kirim-kuis").click()
    expect(page.get_by_test_id("status-hasil")).to_contain_text("Belum lulus")
    expect(page.get_by_test_id("sisa-percobaan")).to_contain_text("Sisa 2 percobaan")
    expect(page.get_by_test_id("sisa-percobaan")).to_contain_text("WIB")
    _tanpa_gulir_samping(page, "hasil-gagal")
    page.goto(reverse("pelatihan:kuis-detail", args=[d.kuis.pk]))
    expect(page.get_by_test_id("jeda")).to_contain_text("WIB")
    expect(page.get_by_test_id("mulai-kuis")).to_have_count(0)

    # The cool-down passes (the attempt's stored time moves back 24 hours).
    p = PercobaanKuis.objects.get(kuis=d.kuis)
    PercobaanKuis.objects.filter(pk=p.pk).update(dikirim_pada=p.dikirim_pada - datetime.timedelta(hours=24),
                                                 mulai=p.mulai - datetime.timedelta(hours=24))
    page.reload()
    page.get_by_test_id("mulai-kuis").click()
    _jawab(page, "Jawaban benar")
    page.get_by_test_id("kirim-kuis").click()
    expect(page.get_by_test_id("status-hasil")).to_have_text("Lulus")
    _tanpa_gulir_samping(page, "hasil-lulus")

    # Completed: certificate and JP.
    page.get_by_role("link", name="Kembali ke kelas").click()
    expect(page.get_by_test_id("lulus")).to_be_visible()
    page.get_by_role("link", name="Lihat sertifikat saya").click()
    expect(page.get_by_text("Memahami BerAKHLAK").first).to_be_visible()
    _tanpa_gulir_samping(page, "sertifikat")
    page.goto(reverse("pelatihan:jp-saya"))
    expect(page.get_by_text("Memahami BerAKHLAK").first).to_be_visible()
    assert KreditJP.objects.filter(pegawai=d.pns).count() == 1
    assert RekapJP.objects.get(pegawai=d.pns).total == d.program.jp
    assert Sertifikat.objects.filter(peserta__pegawai=d.pns, peserta__program=d.program).count() == 1
    assert PercobaanKuis.objects.filter(kuis=d.kuis).count() == 2


def test_hr_membangun_dan_menerbitkan_kelas_lalu_melihat_corong(new_page, live_server, instansi, hr):
    """HR builds a small course with plain forms: a video without its text alternative is refused (what was typed
    stays), the quiz is set, publishing 3 JP for 10 minutes of lessons asks for a reason, two NIPs are pasted
    (one wrong: named, nobody assigned), then the funnel."""
    from pelatihan.models import KelasDaring
    from tests.factories import PegawaiFactory, UnitKerjaFactory
    from tests.pelatihan.factories import MitraFactory

    opd = UnitKerjaFactory(instansi=instansi, nama="Dinas Pendidikan")
    orang = PegawaiFactory(instansi=instansi, unit_kerja=opd, nama="Guru Belajar")
    MitraFactory(instansi=instansi, nama="BKPSDM Tebo")
    page = new_page(viewport={"width": 1280, "height": 900})
    login(page, live_server, hr.username, PASSWORD)
    page.goto(reverse("pelatihan:kelas-list"))
    page.get_by_role("link", name="+ Kelas baru").click()
    page.get_by_label("Judul").fill("Cara memakai SIASN")
    page.get_by_label("Penyelenggara").select_option(label="BKPSDM Tebo")
    page.get_by_label("JP").fill("3")
    page.get_by_label("Pegawai boleh mendaftar sendiri").check()
    page.get_by_role("button", name="Simpan sebagai draf").click()
    expect(page.get_by_role("alert")).to_contain_text("Kelas dibuat sebagai draf")
    page.get_by_label("Judul modul").fill("Masuk ke SIASN")
    page.get_by_role("button", name="+ Modul").click()
    page.get_by_role("link", name="+ Materi").click()
    page.get_by_label("Judul").fill("Video cara masuk")
    page.get_by_label("Jenis").select_option("video")
    page.get_by_label("Tautan video/luar").fill("video.contoh.go.id/siasn")
    page.get_by_label("Waktu belajar minimal (menit)").fill("10")
    page.get_by_role("button", name="Simpan materi").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("teks pengganti")
    expect(page.get_by_label("Judul")).to_have_value("Video cara masuk")
    page.get_by_label("Teks materi").fill("Buka siasn-instansi.bkn.go.id, masukkan NIP dan sandi, lalu …")
    page.get_by_role("button", name="Simpan materi").click()
    expect(page.get_by_text("Video cara masuk – Tautan video, minimal 10 menit")).to_be_visible()
    screenshot(page, "daring-hr-kelola")

    program = KelasDaring.objects.get(program__judul="Cara memakai SIASN").program
    # Two questions in a bank (the bank page's service; its form is tested in test_daring_halaman).
    from pelatihan.services import kuis as kuis_svc

    bank = kuis_svc.bank_create(actor=hr, nama="Bank SIASN")
    for i in range(2):
        kuis_svc.soal_add(actor=hr, bank=bank, teks=f"Soal {i}?", jenis="benar_salah", pilihan=[("Benar", True)])
    page.get_by_role("link", name="Atur kuis akhir").click()
    page.get_by_label("Bank").select_option(label="Bank SIASN")
    page.get_by_label("Jumlah soal yang diundi").fill("2")
    page.get_by_role("button", name="Simpan kuis").click()
    expect(page.get_by_role("alert")).to_contain_text("Kuis tersimpan")
    page.get_by_role("link", name="Cara memakai SIASN").click()

    expect(page.get_by_test_id("peringatan-jp")).to_contain_text("melebihi")
    page.get_by_role("button", name="Terbitkan").click()
    expect(page.get_by_role("alert")).to_contain_text("1 JP = 45 menit")
    page.get_by_label("Alasan JP melebihi waktu belajar minimal").fill("Ada praktik mandiri di SIASN 2 jam")
    page.get_by_role("button", name="Terbitkan").click()
    expect(page.get_by_role("alert")).to_contain_text("Kelas diterbitkan")
    expect(page.get_by_test_id("alasan-jp")).to_have_text("Ada praktik mandiri di SIASN 2 jam")

    page.get_by_role("link", name="Tugaskan pegawai").click()
    page.get_by_label("Tempel daftar NIP / NI PPPK").fill(f"{orang.nip}\n19990101")
    page.get_by_role("button", name="Tugaskan").click()
    expect(page.get_by_test_id("galat")).to_contain_text("baris 2")
    expect(page.get_by_label("Tempel daftar NIP / NI PPPK")).to_have_value(f"{orang.nip}\n19990101")
    assert not program.peserta.exists()
    page.get_by_label("Tempel daftar NIP / NI PPPK").fill(orang.nip)
    page.get_by_role("button", name="Tugaskan").click()
    expect(page.get_by_role("alert").first).to_contain_text("1 pegawai ditugaskan")
    page.get_by_role("link", name="Corong peserta").click()
    expect(page.get_by_test_id("corong").locator("tbody tr")).to_contain_text("Dinas Pendidikan")
    screenshot(page, "daring-hr-corong")


def test_hr_menyusun_ulang_dan_menghapus_materi(new_page, live_server):
    """HR moves a lesson up and deletes another (the browser asks first: cancelling deletes nothing); once a
    learner has opened a lesson the page says the order is locked and offers no delete."""
    d = daring_data.bangun(kode="SUSUN", terbitkan=False)
    page = new_page(viewport={"width": 1280, "height": 900})
    login(page, live_server, d.hr.username, PASSWORD)
    page.goto(reverse("pelatihan:kelas-kelola", args=[d.program.pk]))
    materi = page.get_by_test_id("materi")
    expect(materi.first).to_contain_text("Berorientasi pelayanan")
    page.get_by_role("button", name="Naikkan materi Video akuntabel").click()
    expect(page.get_by_role("alert")).to_contain_text("Urutan materi")
    expect(materi.first).to_contain_text("Video akuntabel")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Hapus materi Berorientasi pelayanan").click()
    expect(materi).to_have_count(2)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Hapus materi Berorientasi pelayanan").click()
    expect(page.get_by_role("alert")).to_contain_text("dihapus")
    expect(materi).to_have_count(1)
    screenshot(page, "daring-hr-susun")
    svc.kelas_publish(actor=d.hr, program=d.program)
    svc.kelas_daftar_mandiri(actor=d.pppk.user, program=d.program)
    svc.materi_detak(actor=d.pppk.user, materi=d.materi2, awal=True)
    page.reload()
    expect(page.get_by_test_id("kunci-urutan")).to_contain_text("1 peserta sudah mulai belajar")
    expect(page.get_by_role("button", name="Hapus materi Video akuntabel")).to_have_count(0)
