"""HR record a unit's organisational predikat on the period overview and the curve warning follows it; pimpinan,
on a phone, read the recorded predikat and a distribution that does not give away who got what (issue 12)."""

import datetime

from playwright.sync_api import expect

from evaluasi.models import Evaluasi, PredikatOrganisasiUnit
from tests.e2e.conftest import login, screenshot
from tests.evaluasi.factories import PeriodeFactory
from tests.factories import PASSWORD, PegawaiFactory, UnitKerjaFactory, nip_pppk, pimpinan_user

PONSEL = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 1}


def _ajukan(periode, unit, predikat, pegawai):
    Evaluasi.objects.create(periode=periode, pegawai=pegawai, unit_kerja=unit, status="diajukan",
                            rating_hasil_kerja="di_atas", rating_perilaku_kerja="di_atas", predikat=predikat)


def test_hr_menetapkan_predikat_organisasi_dan_pimpinan_melihat_sebaran_terlindung(new_page, live_server,
                                                                                     instansi, hr):
    periode = PeriodeFactory(instansi=instansi, nama="Tahunan 2026", jenis="tahunan", status="dibuka",
                             mulai=datetime.date(2026, 1, 1), selesai=datetime.date(2026, 12, 31),
                             tenggat=datetime.date(2027, 1, 15))
    dishub = UnitKerjaFactory(instansi=instansi, nama="Dinas Perhubungan")
    lahir = datetime.date(1992, 5, 6)
    _ajukan(periode, dishub, "sangat_baik", PegawaiFactory(instansi=instansi, unit_kerja=dishub))
    _ajukan(periode, dishub, "sangat_baik", PegawaiFactory(
        instansi=instansi, unit_kerja=dishub, jenis_asn="PPPK", golongan="VII", tanggal_lahir=lahir,
        tmt_cpns=datetime.date(2023, 3, 1), nip=nip_pppk(lahir, 2023)))
    PegawaiFactory(instansi=instansi, unit_kerja=dishub)  # no form submitted for this one yet
    url = f"/evaluasi/periode/{periode.pk}/ringkasan/"

    page = new_page()
    login(page, live_server, hr.username, PASSWORD)
    page.goto(url)
    peringatan = page.get_by_test_id("peringatan")
    expect(peringatan).to_contain_text("predikat organisasi belum ditetapkan: dianggap Baik")
    page.get_by_label("Predikat organisasi Dinas Perhubungan").select_option(label="Istimewa")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan predikat organisasi").click()
    expect(page.get_by_role("alert").filter(has_text="Predikat organisasi tersimpan")).to_be_visible()
    expect(page.get_by_label("Predikat organisasi Dinas Perhubungan")).to_have_value("istimewa")
    expect(page.get_by_test_id("peringatan")).to_contain_text("untuk unit berpredikat Istimewa")
    expect(page.locator('[data-unit="Dinas Perhubungan"] [data-predikat="sangat_baik"]')).to_contain_text("2")
    screenshot(page, "evaluasi-predikat-organisasi-hr")
    assert PredikatOrganisasiUnit.objects.get(periode=periode, unit_kerja=dishub).predikat == "istimewa"

    pimpinan = pimpinan_user(instansi)
    ponsel = new_page(**PONSEL)
    login(ponsel, live_server, pimpinan.username, PASSWORD)
    ponsel.goto(url)
    baris = ponsel.locator('[data-unit="Dinas Perhubungan"]')
    expect(baris).to_contain_text("Istimewa")
    expect(baris.get_by_test_id("rincian-tersembunyi")).to_contain_text("rincian tidak ditampilkan")
    expect(baris.locator('[data-predikat="sangat_baik"]')).to_have_count(0)
    expect(ponsel.get_by_test_id("peringatan")).to_have_count(0)
    expect(ponsel.get_by_test_id("catatan-pengungkapan")).to_be_visible()
    expect(ponsel.get_by_role("button", name="Simpan predikat organisasi")).to_have_count(0)
    screenshot(ponsel, "evaluasi-predikat-organisasi-pimpinan-ponsel")
