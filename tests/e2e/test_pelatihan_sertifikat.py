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
