"""A participant who passed downloads their certificate; the address it carries confirms it to anyone."""

import datetime
import importlib
import re

import pytest
from django.apps import apps
from playwright.sync_api import expect

from pelatihan.models import Peserta
from pelatihan.services.sertifikat import sertifikat_issue
from tests.e2e.conftest import login, screenshot
from tests.factories import PASSWORD, PegawaiFactory, pegawai_user
from tests.pelatihan.factories import MitraFactory, PesertaFactory, ProgramFactory, SesiFactory

# The public verification address is added to pembinaan/urls.py by its owner; until then the URLconf of the
# unit tests (the project's plus that address) serves it.
pytestmark = pytest.mark.urls("tests.pelatihan.test_sertifikat")

JUDUL = "Pelatihan Penyusunan Standar Pelayanan"


def test_peserta_lulus_mengunduh_sertifikat_dan_verifikasi_publik_mengonfirmasi(
        new_page, live_server, instansi, settings):
    settings.SITE_URL = live_server.url  # the address printed in the PDF points at this server
    importlib.import_module("pelatihan.migrations.0002_referensi").seed(apps, None)  # flushed by live_server
    program = ProgramFactory(instansi=instansi, judul=JUDUL, jp=30, status="selesai",
                             penyelenggara=MitraFactory(instansi=instansi, nama="BPSDM Provinsi Jambi"))
    for hari in (2, 3, 4):
        SesiFactory(program=program, tanggal=datetime.date(2026, 11, hari))
    pegawai = PegawaiFactory(instansi=instansi, nama="Rahmat Hidayat", gelar_belakang="S.E.")
    akun = pegawai_user(pegawai)
    peserta = PesertaFactory(program=program, pegawai=pegawai, status=Peserta.Status.LULUS, nilai_post_test=88)
    sertifikat = sertifikat_issue(peserta=peserta)

    page = new_page()
    login(page, live_server, akun.username, PASSWORD)
    page.goto("/pelatihan/sertifikat/")
    expect(page.get_by_role("heading", name="Sertifikat saya")).to_be_visible()
    baris = page.get_by_test_id("sertifikat").locator("tr", has_text=JUDUL)
    expect(baris).to_contain_text(sertifikat.nomor)
    with page.expect_download() as info:
        baris.get_by_role("link", name="Unduh PDF").click()
    unduhan = info.value
    assert unduhan.suggested_filename == f"sertifikat-{sertifikat.nomor.replace('/', '-')}.pdf"
    with open(unduhan.path(), "rb") as fh:
        pdf = fh.read()
    assert pdf.startswith(b"%PDF-")
    screenshot(page, "pelatihan-sertifikat-saya")

    # The certificate's link (the same address as its QR), opened by someone not logged in.
    (alamat,) = {m.decode() for m in re.findall(rb"/URI \(([^)]*)\)", pdf)}
    assert alamat == f"{live_server.url}/verifikasi/{sertifikat.kode_verifikasi}/"
    publik = new_page()
    publik.goto(alamat)
    expect(publik.get_by_role("status")).to_contain_text("Sertifikat sah")
    data = publik.get_by_test_id("verifikasi")
    for teks in ("Rahmat Hidayat, S.E.", JUDUL, "2\u20134 November 2026", "30 JP", "Pemerintah Kabupaten Tebo",
                 "BPSDM Provinsi Jambi"):
        expect(data).to_contain_text(teks)
    isi = publik.content()
    assert pegawai.nip not in isi and pegawai.nip_tampil not in isi and "88" not in publik.inner_text("main")
    expect(publik.get_by_role("button", name="Keluar")).to_have_count(0)  # really anonymous
    screenshot(publik, "pelatihan-verifikasi-sertifikat")

    # A mistyped code: a friendly page, status 404.
    kode = sertifikat.kode_verifikasi
    resp = publik.goto(f"/verifikasi/{kode[:-1]}{'Y' if kode.endswith('X') else 'X'}/")
    assert resp.status == 404
    expect(publik.get_by_role("heading", name="Sertifikat tidak ditemukan")).to_be_visible()


def _teks_pdf(pdf):
    """The text drawing operations of a PDF, its content streams inflated (fpdf2 compresses them)."""
    import zlib

    keluar = [pdf]
    for isi in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            keluar.append(zlib.decompress(isi))
        except zlib.error:
            pass
    return b"\n".join(keluar)


def test_hr_menetapkan_penandatangan_peserta_diberitahu_dan_hr_mengunduh_zip(new_page, live_server, instansi, hr):
    import io
    import zipfile

    importlib.import_module("pelatihan.migrations.0002_referensi").seed(apps, None)  # flushed by live_server
    program = ProgramFactory(instansi=instansi, judul=JUDUL, jp=30, status="selesai",
                             penyelenggara=MitraFactory(instansi=instansi, nama="BPSDM Provinsi Jambi"))
    SesiFactory(program=program, tanggal=datetime.date(2026, 11, 2))

    # HR names the signatory; a NIP with a letter is refused with the field named, the rest kept.
    hr_page = new_page()
    login(hr_page, live_server, hr.username, PASSWORD)
    hr_page.goto(f"/pelatihan/program/{program.pk}/")
    hr_page.get_by_role("link", name="Penandatangan sertifikat").click()
    expect(hr_page.get_by_test_id("penandatangan-sekarang")).to_contain_text("Belum ada penandatangan")
    hr_page.get_by_label("Nama penandatangan").fill("Dr. Hj. Nurhayati, M.Si.")
    hr_page.get_by_label("Jabatan").fill("Kepala BKPSDM Kabupaten Tebo")
    hr_page.get_by_label("NIP").fill("19700101 200003 2 00A")
    with hr_page.expect_navigation():
        hr_page.get_by_role("button", name="Simpan").click()
    expect(hr_page.locator("#div_id_nip .invalid-feedback")).to_contain_text("NIP penandatangan harus 18 angka")
    expect(hr_page.get_by_label("Nama penandatangan")).to_have_value("Dr. Hj. Nurhayati, M.Si.")
    hr_page.get_by_label("NIP").fill("19700101 200003 2 001")
    with hr_page.expect_navigation():
        hr_page.get_by_role("button", name="Simpan").click()
    expect(hr_page.get_by_test_id("penandatangan-sekarang")).to_contain_text("Dr. Hj. Nurhayati, M.Si.")
    screenshot(hr_page, "pelatihan-penandatangan-sertifikat")

    # Two participants pass (one PNS, one PPPK) and get their certificates.
    lahir = datetime.date(1993, 6, 6)
    from tests.factories import nip_pppk

    lulus = []
    for kw in ({"nama": "Rahmat Hidayat"},
               {"nama": "Dewi Lestari", "jenis_asn": "PPPK", "golongan": "IX", "tanggal_lahir": lahir,
                "tmt_cpns": datetime.date(2024, 3, 1), "nip": nip_pppk(lahir, 2024)}):
        pegawai = PegawaiFactory(instansi=instansi, **kw)
        peserta = PesertaFactory(program=program, pegawai=pegawai, status=Peserta.Status.LULUS)
        lulus.append((pegawai, pegawai_user(pegawai), sertifikat_issue(peserta=peserta)))

    # The PPPK participant finds the notice and follows its link to her certificate.
    pegawai, akun, sertifikat = lulus[1]
    page = new_page()
    login(page, live_server, akun.username, PASSWORD)
    page.goto("/notifikasi/")
    pesan = page.locator(".list-group-item", has_text=f"Selamat, Anda lulus {JUDUL}")
    expect(pesan).to_have_count(1)
    pesan.get_by_role("link", name="Buka").click()
    expect(page.get_by_role("heading", name="Sertifikat saya")).to_be_visible()
    baris = page.get_by_test_id("sertifikat").locator("tr", has_text=JUDUL)
    with page.expect_download() as info:
        baris.get_by_role("link", name="Unduh PDF").click()
    with open(info.value.path(), "rb") as fh:
        teks = _teks_pdf(fh.read())
    for isi in ("Dr. Hj. Nurhayati, M.Si.", "Kepala BKPSDM Kabupaten Tebo", "NIP 19700101 200003 2 001",
                f"NI PPPK {pegawai.nip_tampil}"):
        assert isi.encode("cp1252") in teks, isi

    # HR downloads every certificate of the programme at once.
    hr_page.goto(f"/pelatihan/program/{program.pk}/")
    with hr_page.expect_download() as info:
        hr_page.get_by_role("link", name="Unduh semua sertifikat (ZIP)").click()
    assert info.value.suggested_filename == f"sertifikat-program-{program.pk}.zip"
    with open(info.value.path(), "rb") as fh, zipfile.ZipFile(io.BytesIO(fh.read())) as z:
        nama = sorted(z.namelist())
        assert nama == sorted(f"sertifikat-{s.nomor.replace('/', '-')}-{p.nip}.pdf" for p, _, s in lulus)
        for (p, _, _), n in zip(sorted(lulus, key=lambda x: x[2].nomor), sorted(nama), strict=True):
            assert p.nama.encode("cp1252") in _teks_pdf(z.read(n))
