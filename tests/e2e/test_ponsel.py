"""The pages HR and employees use most are usable on a phone: no sideways scrolling, a working menu."""

import datetime

from playwright.sync_api import expect

from tests.e2e.conftest import login, screenshot
from tests.factories import PASSWORD, JabatanFactory, PegawaiFactory, UnitKerjaFactory

PONSEL = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 1}


def tanpa_gulir_samping(page, nama):
    lebar = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    screenshot(page, f"ponsel-{nama}")
    assert lebar[0] <= lebar[1] + 1, f"{nama}: page is {lebar[0]}px wide in a {lebar[1]}px viewport"


def test_halaman_utama_nyaman_di_ponsel(new_page, live_server, instansi, hr):
    unit = UnitKerjaFactory(instansi=instansi, nama="Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian")
    jabatan = JabatanFactory(instansi=instansi, nama="Analis Sumber Daya Manusia Aparatur Ahli Muda",
                             jenis="fungsional", jenjang="ahli_muda")
    kepala = PegawaiFactory(instansi=instansi, unit_kerja=unit, nama="Sutrisno", gelar_depan="Dr.",
                            gelar_belakang="S.E., M.Si.")
    orang = PegawaiFactory(instansi=instansi, unit_kerja=unit, jabatan=jabatan, atasan=kepala,
                           nama="Raden Roro Kusumawardhani Puspitasari", gelar_depan="Dra.",
                           gelar_belakang="S.Kom., M.T.I.", tempat_lahir="Kabupaten Tanjung Jabung Barat",
                           email="kusumawardhani.puspitasari@bkpsdm.tebokab.go.id",
                           tanggal_lahir=datetime.date(1984, 3, 12))
    for _ in range(3):
        PegawaiFactory(instansi=instansi, unit_kerja=unit, jabatan=jabatan)
    page = new_page(**PONSEL)

    page.goto("/akun/masuk/")
    expect(page.get_by_role("button", name="Masuk", exact=True)).to_be_visible()
    tanpa_gulir_samping(page, "masuk")

    login(page, live_server, hr.username, PASSWORD)
    menu = page.get_by_role("button", name="Menu")
    pegawai_link = page.get_by_role("link", name="Pegawai", exact=True)
    expect(menu).to_be_visible()
    expect(pegawai_link).to_be_hidden()  # collapsed behind the toggler on a phone
    menu.click()
    expect(pegawai_link).to_be_visible()
    expect(page.get_by_role("link", name="Impor", exact=True)).to_be_visible()
    expect(page.locator("#nav")).to_have_class("navbar-collapse collapse show")  # opening animation over
    screenshot(page, "ponsel-menu-terbuka")
    pegawai_link.click()

    expect(page.get_by_role("heading", name="Pegawai", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=orang.nama_lengkap)).to_be_visible()
    tanpa_gulir_samping(page, "daftar-pegawai")

    page.get_by_role("link", name=orang.nama_lengkap).click()
    expect(page.get_by_role("heading", name=orang.nama_lengkap)).to_be_visible()
    expect(page.get_by_test_id("atasan")).to_have_text(kepala.nama_lengkap)
    tanpa_gulir_samping(page, "detail-pegawai")

    menu.click()
    page.get_by_role("link", name="Impor", exact=True).click()
    expect(page.get_by_role("heading", name="Impor data pegawai")).to_be_visible()
    expect(page.get_by_role("button", name="Unggah dan periksa")).to_be_visible()
    tanpa_gulir_samping(page, "impor")
