"""A training programme from start to end, through the browser as its users see it.

HR creates the programme (typing its new partner in the programme form, JP filled from the bentuk), three
sessions, opens registration and pastes the two employees' NIPs; the organiser shows the rotating check-in
code, employee 1 types it on a phone; HR records the other sessions; HR closes the programme (1 of 2
passed); employee 1 downloads the certificate, an anonymous visitor verifies it, and "JP saya" shows the credit.
"""

import datetime
import importlib
import re

from django.apps import apps
from django.utils import timezone
from playwright.sync_api import expect

from pelatihan.models import BentukPelatihan, JpBawaan, Kehadiran, KreditJP, Peserta, ProgramPelatihan
from tests.e2e.conftest import ARTIFACTS, login, screenshot
from tests.factories import PASSWORD, PegawaiFactory, pegawai_user

PONSEL = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 1}

JUDUL = "Pelatihan Teknis Pengadaan Barang/Jasa"
MITRA = "BPSDM Provinsi Jambi"
TOPIK = ["Dasar hukum pengadaan", "Perencanaan pengadaan", "Praktik e-purchasing"]


def _jadwal():
    """Three (date, start, end), all already held so the programme can be closed: the first ended minutes
    ago today (its check-in stays open for the margin after the end), the other two on the two previous
    days. The JP credit is dated the last session, today, so "JP saya" shows it this year."""
    now = timezone.localtime()
    hari_ini = now.date()
    mulai = max(now.replace(hour=0, minute=0), now - datetime.timedelta(hours=2))
    selesai = max(mulai + datetime.timedelta(minutes=1), now - datetime.timedelta(minutes=5))
    lain = [hari_ini - datetime.timedelta(days=k) for k in (2, 1)]
    return [(hari_ini, f"{mulai:%H:%M}", f"{selesai:%H:%M}")] + [(t, "08:00", "12:00") for t in lain]


def _menu(page, item):
    """Pelatihan → ``item`` from the navigation bar (behind the toggler on a phone)."""
    toggler = page.get_by_role("button", name="Menu")
    if toggler.is_visible():
        toggler.click()
        expect(page.locator("#nav")).to_have_class(re.compile(r"\bshow\b"))
    page.get_by_role("button", name="Pelatihan").or_(page.get_by_role("link", name="Pelatihan", exact=True)).click()
    page.get_by_role("link", name=item, exact=True).click()


def _tanpa_gulir_samping(page, nama):
    lebar = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert lebar[0] <= lebar[1] + 1, f"{nama}: page is {lebar[0]}px wide in a {lebar[1]}px viewport"


def _catat(panitia, nama, status):
    """On the organiser's screen: Ubah → status → Simpan for one participant (htmx swaps the list)."""
    baris = panitia.locator("#daftar-hadir tbody tr", has_text=nama)
    baris.locator("summary", has_text="Ubah").click()
    baris.get_by_label(f"Status {nama}").select_option(label=status)
    baris.get_by_role("button", name="Simpan").click()
    expect(panitia.locator("#daftar-hadir").get_by_role("status")).to_have_text(f"Kehadiran {nama} tersimpan.")
    expect(baris.get_by_test_id("status")).to_have_text(status)


def test_program_dari_katalog_sampai_sertifikat_dan_jp_saya(new_page, live_server, instansi, hr, settings):
    settings.SITE_URL = live_server.url  # the address printed in the certificate points at this server
    importlib.import_module("pelatihan.migrations.0002_referensi").seed(apps, None)  # flushed by live_server
    JpBawaan.objects.update_or_create(instansi=instansi, bentuk=BentukPelatihan.objects.get(kode="KL07"),
                                      defaults={"jp": 5})  # HR's setting
    siti = PegawaiFactory(instansi=instansi, nama="Siti Rahmawati", gelar_belakang="S.E.")
    budi = PegawaiFactory(instansi=instansi, nama="Budi Santoso")
    akun_siti = pegawai_user(siti)
    jadwal = _jadwal()

    # 1. HR: partner, programme, three sessions, registration open, two nominations.
    page = new_page()
    login(page, live_server, hr.username, PASSWORD)
    _menu(page, "Program pelatihan")
    page.get_by_role("link", name="+ Program baru").click()
    expect(page.get_by_role("heading", name="Program pelatihan baru")).to_be_visible()
    page.get_by_label("Judul").fill(JUDUL)
    jp = page.get_by_label(re.compile(r"^\s*JP\*?\s*$"))
    page.get_by_label("Bentuk").select_option(label="KL07 – Workshop/lokakarya")
    expect(jp).to_have_value("5")  # the bentuk's default, filled in the browser
    page.get_by_label("Bentuk").select_option(label="KL03 – Pelatihan teknis")
    expect(jp).to_have_value("")  # KL03 has no default: the previous default is not left behind
    jp.fill("24")
    page.get_by_label("Bentuk").select_option(label="KL07 – Workshop/lokakarya")
    expect(jp).to_have_value("24")  # typed by the user: kept
    page.get_by_label("Bentuk").select_option(label="KL03 – Pelatihan teknis")
    # No partner yet (the list is empty on first use): typed in the form itself.
    page.get_by_label("…atau nama penyelenggara baru").fill(MITRA)
    page.get_by_label("Jenis penyelenggara baru").select_option(label="BPSDM")
    page.get_by_label("Kuota").fill("10")
    page.get_by_label("Mode").select_option(label="Tatap muka")
    page.get_by_label("Tempat").fill("Aula BKPSDM Kabupaten Tebo")
    page.get_by_label("Kehadiran minimal (%)").fill("60")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", name=JUDUL)).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Program tersimpan sebagai draf")
    expect(page.get_by_test_id("status-program")).to_have_text("Draf")

    for (tanggal, mulai, selesai), topik in zip(jadwal, TOPIK, strict=True):
        page.get_by_role("link", name="+ Sesi").click()
        expect(page.get_by_role("heading", name=f"Sesi: {JUDUL}")).to_be_visible()
        page.get_by_label("Tanggal").fill(tanggal.isoformat())
        page.get_by_label("Jam mulai").fill(mulai)
        page.get_by_label("Jam selesai").fill(selesai)
        page.get_by_label("Topik").fill(topik)
        page.get_by_label("Tempat").fill("Aula BKPSDM")
        page.get_by_label("Narasumber lain").fill("Ir. Hendra Gunawan, M.T. (LKPP)")
        page.get_by_role("button", name="Simpan sesi").click()
        expect(page.get_by_role("alert")).to_have_text("Sesi tersimpan.")
        expect(page.locator("li", has_text=topik)).to_be_visible()
    expect(page.get_by_role("heading", name="Sesi (3)")).to_be_visible()

    page.get_by_role("button", name="Buka pendaftaran").click()
    expect(page.get_by_role("alert")).to_have_text("Pendaftaran dibuka.")
    expect(page.get_by_test_id("status-program")).to_have_text("Dibuka")

    page.get_by_test_id("tambah-peserta").locator("summary").click()
    # Pasted from a memo: one as printed on the SK (with spaces), one plain, one mistyped.
    assert " " in siti.nip_tampil
    page.get_by_label("Atau tempel daftar NIP / NI PPPK").fill(f"{siti.nip_tampil}\n{budi.nip}, 19870101")
    page.get_by_role("button", name="Tambahkan peserta").click()
    expect(page.locator(".alert-success")).to_have_text("2 peserta ditambahkan.")
    expect(page.locator(".alert-danger")).to_contain_text("19870101: bukan NIP / NI PPPK (harus 18 angka)")
    expect(page.get_by_label("Atau tempel daftar NIP / NI PPPK")).to_have_value("19870101")  # back for correction
    peserta_tabel = page.locator("table", has_text="Pre/Post")
    for nama in ("Siti Rahmawati, S.E.", "Budi Santoso"):
        expect(peserta_tabel.locator("tbody tr", has_text=nama)).to_contain_text("Terdaftar")
    expect(page.get_by_role("heading", name="Peserta (2/10)")).to_be_visible()
    screenshot(page, "program-hr-peserta-dinominasikan")

    # 2. The organiser's screen of the first session; employee 1 checks in on a phone.
    program_url = page.url
    page.locator("li", has_text=TOPIK[0]).get_by_role("link", name="Presensi").click()
    expect(page.get_by_role("heading", name=f"Presensi: {TOPIK[0]}")).to_be_visible()
    expect(page.get_by_test_id("qr").locator("svg")).to_be_visible()
    expect(page.get_by_test_id("rekap")).to_contain_text("0 dari 2 peserta hadir")
    screenshot(page, "program-panitia-kode")

    hp = new_page(**PONSEL)
    login(hp, live_server, akun_siti.username, PASSWORD)
    _menu(hp, "Presensi (isi kode)")
    expect(hp.get_by_role("heading", name="Presensi pelatihan")).to_be_visible()
    expect(hp.get_by_text(TOPIK[0])).to_be_visible()
    kode = page.get_by_test_id("kode").inner_text().strip()  # read off the screen in the room, just now
    hp.get_by_label("Kode presensi").fill(kode)
    hp.get_by_role("button", name="Catat kehadiran").click()
    expect(hp.get_by_role("alert")).to_contain_text("Presensi berhasil. Anda tercatat hadir pada")
    expect(hp.get_by_role("alert")).to_contain_text(TOPIK[0])
    _tanpa_gulir_samping(hp, "presensi")
    screenshot(hp, "program-ponsel-presensi-berhasil")
    # Typing it again (a second tap) says so, and records nothing more.
    hp.get_by_label("Kode presensi").fill(page.get_by_test_id("kode").inner_text().strip())
    hp.get_by_role("button", name="Catat kehadiran").click()
    expect(hp.get_by_test_id("hasil")).to_contain_text("Anda sudah tercatat hadir pada")

    expect(page.locator("#daftar-hadir tbody tr", has_text="Siti Rahmawati")
           .get_by_test_id("status")).to_have_text("Hadir", timeout=15_000)  # the live list polls
    expect(page.get_by_test_id("rekap")).to_contain_text("1 dari 2 peserta hadir")
    _catat(page, "Budi Santoso", "Alpa")
    screenshot(page, "program-panitia-sesi-1")

    for topik in TOPIK[1:]:  # sessions 2 and 3: recorded by the organiser
        page.goto(program_url)
        page.locator("li", has_text=topik).get_by_role("link", name="Presensi").click()
        expect(page.get_by_role("heading", name=f"Presensi: {topik}")).to_be_visible()
        _catat(page, "Siti Rahmawati, S.E.", "Hadir")
    screenshot(page, "program-panitia-sesi-3")
    assert Kehadiran.objects.filter(peserta__pegawai=siti, status="hadir").count() == 3
    assert list(Kehadiran.objects.filter(peserta__pegawai=budi).values_list("status", flat=True)) == ["alpa"]

    # 3. HR closes the programme: 1 of 2 passed.
    page.goto(program_url)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Selesaikan program").click()
    expect(page.get_by_role("alert")).to_have_text(
        "Program selesai: 1 dari 2 peserta lulus; JP dicatat dan sertifikat diterbitkan.")
    expect(page.get_by_test_id("status-program")).to_have_text("Selesai")
    baris_siti = peserta_tabel.locator("tbody tr", has_text="Siti Rahmawati")
    baris_budi = peserta_tabel.locator("tbody tr", has_text="Budi Santoso")
    expect(baris_siti.locator("td").nth(1)).to_contain_text(re.compile(r"^\s*Lulus"))
    expect(baris_siti.locator("td").nth(2)).to_have_text("100%")
    expect(baris_siti.get_by_role("link", name="Sertifikat")).to_be_visible()
    expect(baris_budi.locator("td").nth(1)).to_contain_text(re.compile(r"^\s*Tidak lulus"))
    expect(baris_budi.locator("td").nth(2)).to_have_text("0%")
    expect(baris_budi.get_by_role("link", name="Sertifikat")).to_have_count(0)
    screenshot(page, "program-hr-selesai")
    program = ProgramPelatihan.objects.get(judul=JUDUL)
    assert program.status == "selesai"

    # 4. Employee 1: certificate, public verification, JP saya.
    _menu(hp, "Sertifikat dan umpan balik")
    expect(hp.get_by_role("heading", name="Sertifikat saya")).to_be_visible()
    baris = hp.get_by_test_id("sertifikat").locator("tr", has_text=JUDUL)
    sertifikat = Peserta.objects.get(program=program, pegawai=siti).sertifikat
    expect(baris).to_contain_text(sertifikat.nomor)
    _tanpa_gulir_samping(hp, "sertifikat saya")
    screenshot(hp, "program-ponsel-sertifikat")
    with hp.expect_download() as info:
        baris.get_by_role("link", name="Unduh PDF").click()
    unduhan = info.value
    assert unduhan.suggested_filename == f"sertifikat-{sertifikat.nomor.replace('/', '-')}.pdf"
    with open(unduhan.path(), "rb") as fh:
        pdf = fh.read()
    assert pdf.startswith(b"%PDF-")
    unduhan.save_as(ARTIFACTS / "program-sertifikat.pdf")  # to look at
    alamat = baris.get_by_role("link", name="Halaman verifikasi").get_attribute("href")
    assert alamat == f"/verifikasi/{sertifikat.kode_verifikasi}/"
    assert f"{live_server.url}{alamat}".encode() in pdf  # the same address as the certificate's link/QR

    publik = new_page()  # someone not logged in, scanning the QR
    publik.goto(alamat)
    expect(publik.get_by_role("status")).to_contain_text("Sertifikat sah")
    data = publik.get_by_test_id("verifikasi")
    for teks in ("Siti Rahmawati, S.E.", JUDUL, "24 JP", MITRA, instansi.nama):
        expect(data).to_contain_text(teks)
    expect(publik.get_by_role("button", name="Keluar")).to_have_count(0)
    screenshot(publik, "program-verifikasi-publik")

    _menu(hp, "JP saya")
    expect(hp.get_by_role("heading", name=re.compile(r"^JP saya"))).to_be_visible()
    expect(hp.get_by_test_id("total-jp")).to_have_text("24")
    kredit = hp.get_by_test_id("kredit").locator("tbody tr", has_text=JUDUL)
    expect(kredit).to_contain_text("Pelatihan")
    expect(kredit.locator("td").last).to_have_text("24")
    _tanpa_gulir_samping(hp, "JP saya")
    screenshot(hp, "program-ponsel-jp-saya")
    assert KreditJP.objects.filter(pegawai=siti).count() == 1 and not KreditJP.objects.filter(pegawai=budi).exists()
