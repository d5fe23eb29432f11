"""An anonymous visitor on a phone reads the public transparency page of an instansi, downloads its data, and
opens an earlier month that stays reachable (issue 12 part C). Snapshots are built and published by the same
service as HR's page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pembinaan.services.transparansi import transparansi_bangun_sinkron
from tests.e2e.conftest import screenshot
from tests.factories import PegawaiFactory, UnitKerjaFactory, nip_pppk

PONSEL = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True, "device_scale_factor": 1}


def tanpa_gulir_samping(page, nama):
    lebar = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    screenshot(page, f"transparansi-ponsel-{nama}")
    assert lebar[0] <= lebar[1] + 1, f"{nama}: page is {lebar[0]}px wide in a {lebar[1]}px viewport"


@pytest.fixture
def terbit(instansi, hr):
    """Two published months: a month ago one OPD, today two (the second OPD's staff joined in between)."""
    pendidikan = UnitKerjaFactory(instansi=instansi, nama="Dinas Pendidikan dan Kebudayaan")
    for i in range(14):
        PegawaiFactory(instansi=instansi, unit_kerja=pendidikan, jenis_kelamin="LP"[i % 2])
    for i in range(6):
        lahir = datetime.date(1990, 1 + i, 5)
        PegawaiFactory(instansi=instansi, unit_kerja=pendidikan, jenis_asn="PPPK", golongan="IX", tmt_cpns=None,
                       tanggal_lahir=lahir, nip=nip_pppk(lahir, 2023))
    hari_ini = timezone.localdate()
    lama = transparansi_bangun_sinkron(actor=hr, instansi=instansi, tanggal=hari_ini - datetime.timedelta(days=31),
                                       terbitkan=True)
    kesehatan = UnitKerjaFactory(instansi=instansi, nama="Dinas Kesehatan")
    for i in range(11):
        PegawaiFactory(instansi=instansi, unit_kerja=kesehatan, jenis_kelamin="PL"[i % 2])
    baru = transparansi_bangun_sinkron(actor=hr, instansi=instansi, tanggal=hari_ini, terbitkan=True)
    return lama, baru


def test_pengunjung_anonim_di_ponsel_membaca_dan_mengunduh(new_page, live_server, instansi, terbit):
    lama, baru = terbit
    page = new_page(**PONSEL, accept_downloads=True)
    page.goto("/transparansi/")
    expect(page.get_by_role("heading", name="Transparansi pembinaan ASN")).to_be_visible()
    tanpa_gulir_samping(page, "daftar")
    page.get_by_role("link", name=instansi.nama).click()

    expect(page.get_by_role("heading", name=instansi.nama, level=1)).to_be_visible()
    expect(page.get_by_test_id("per-tanggal")).to_contain_text(f"{baru.tanggal.day} ")
    expect(page.get_by_role("rowheader", name="Dinas Kesehatan").first).to_be_visible()
    grafik = page.get_by_role("img", name="Grafik: Jumlah ASN menurut jenis")
    expect(grafik.first).to_be_visible()  # drawn on the server, no script
    tanpa_gulir_samping(page, "instansi")

    with page.expect_download() as unduhan:
        page.get_by_role("link", name="Unduh CSV").click()
    berkas = unduhan.value
    assert berkas.suggested_filename == f"transparansi-{instansi.kode}-{baru.tanggal:%Y-%m-%d}.csv"
    isi = open(berkas.path(), "rb").read()
    assert isi.startswith("\ufeffindikator,unit,kategori,jenis,nilai,disembunyikan,alasan".encode())
    assert "Dinas Kesehatan" in isi.decode("utf-8-sig")

    # The earlier month, from the list on the page: the same address with its date, without the later OPD.
    page.get_by_text("Data terbitan lain").click()
    page.get_by_role("link", name=f"data per {lama.tanggal.day} ").click()
    expect(page).to_have_url(f"{live_server.url}/transparansi/{instansi.kode}/?tanggal={lama.tanggal:%Y-%m-%d}")
    expect(page.get_by_test_id("per-tanggal")).to_contain_text(f"{lama.tanggal.day} ")
    expect(page.get_by_role("rowheader", name="Dinas Pendidikan dan Kebudayaan").first).to_be_visible()
    expect(page.get_by_role("rowheader", name="Dinas Kesehatan")).to_have_count(0)
    tanpa_gulir_samping(page, "instansi-lama")

    # The card the government's own site frames: the headline figures, the date, a way to the full page.
    page.goto(f"/transparansi/{instansi.kode}/sematkan/")
    expect(page.get_by_role("heading", name=instansi.nama)).to_be_visible()
    expect(page.get_by_role("link", name="Selengkapnya")).to_have_attribute("href", f"/transparansi/{instansi.kode}/")
    tanpa_gulir_samping(page, "sematkan")

    page.goto(f"/transparansi/{instansi.kode}/")
    page.get_by_role("link", name="Metodologi", exact=True).first.click()
    expect(page.get_by_role("heading", name="Metodologi dan definisi")).to_be_visible()
    expect(page.get_by_role("main").get_by_text("Pasal 17 huruf h")).to_be_visible()
    tanpa_gulir_samping(page, "metodologi")


@pytest.mark.parametrize("ukuran", [{"width": 1366, "height": 768}, {"width": 360, "height": 640}],
                         ids=["desktop", "ponsel"])
def test_halaman_transparansi_tanpa_pelanggaran_aksesibilitas(new_page, instansi, terbit, ukuran):
    """axe-core (serious and critical, as tests/e2e/test_aksesibilitas.py) on every public page, the 404 too."""
    from tests.e2e.test_aksesibilitas import _pelanggaran

    lama, _ = terbit
    page = new_page(viewport=ukuran)
    salah = []
    for path, status in (("/transparansi/", 200), (f"/transparansi/{instansi.kode}/", 200),
                         (f"/transparansi/{instansi.kode}/?tanggal={lama.tanggal:%Y-%m-%d}", 200),
                         ("/transparansi/metodologi/", 200), (f"/transparansi/{instansi.kode}/sematkan/", 200),
                         (f"/transparansi/{instansi.kode}/?tanggal=2000-01-01", 404)):
        assert page.goto(path).status == status, path
        baris = _pelanggaran(page)
        if baris:
            salah.append(f"{path}:\n" + "\n".join(baris))
    assert not salah, "axe-core:\n" + "\n".join(salah)
