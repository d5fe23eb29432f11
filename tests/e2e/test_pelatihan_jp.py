"""The JP rules as people meet them: a PPPK sees her ceiling per contract year (no 20 JP floor) and prints a page
that says whose it is; HR switches on a 20 JP target for PPPK and she appears on the behind-pace list."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from pelatihan import selectors
from pelatihan.services import jp as ledger
from tests.e2e.conftest import login, screenshot
from tests.factories import PASSWORD, PegawaiFactory, nip_pppk, pegawai_user
from tests.mentoring.factories import SesiMentoringFactory


def test_pppk_melihat_batas_tahun_kontrak_mencetak_dan_hr_mengatur_target(new_page, live_server, instansi, hr):
    today = timezone.localdate()
    lahir = datetime.date(1990, 8, 17)
    tmt = datetime.date(today.year - 2, today.month, 1)
    sari = PegawaiFactory(instansi=instansi, nama="Sari Wulandari", jenis_asn="PPPK", golongan="IX",
                          tanggal_lahir=lahir, tmt_cpns=tmt, nip=nip_pppk(lahir, tmt.year, jenis_kelamin="P"))
    akun = pegawai_user(sari)
    ledger.kredit_set(pegawai_id=sari.pk, tanggal=today, jp=6, keterangan="Kursus daring",
                      sesi_mentoring_id=SesiMentoringFactory().pk)
    mulai, akhir = selectors.tahun_kontrak(tmt, today)

    page = new_page()
    login(page, live_server, akun.username, PASSWORD)
    page.goto("/pelatihan/jp/")
    aturan = page.get_by_test_id("aturan-jp")
    expect(aturan).to_contain_text("Tidak ada target JP minimal untuk PPPK")
    expect(aturan).not_to_contain_text("kurang")
    expect(page.get_by_test_id("batas-jp")).to_contain_text(
        f"Tahun perjanjian kerja yang dihitung: {mulai:%d-%m-%Y} s.d. {akhir:%d-%m-%Y}")
    expect(page.get_by_test_id("batas-jp")).to_contain_text("terpakai 6 JP, sisa 18 JP")
    screenshot(page, "jp-saya-pppk")

    # The printout says whose page it is; the menus are not printed.
    page.emulate_media(media="print")
    identitas = page.get_by_test_id("identitas-cetak")
    expect(identitas).to_be_visible()
    expect(identitas).to_contain_text("Sari Wulandari")
    expect(identitas.locator("tr", has=page.locator("th", has_text="NI PPPK"))).to_contain_text(sari.nip_tampil)
    expect(identitas.locator("tr", has=page.locator("th", has_text="Tahun"))).to_contain_text(str(today.year))
    expect(page.locator("nav.navbar")).to_be_hidden()
    page.emulate_media(media="screen")
    expect(identitas).to_be_hidden()

    # HR's region monitors 20 JP for every ASN: a PPPK target on the settings page.
    hr_page = new_page()
    login(hr_page, live_server, hr.username, PASSWORD)
    hr_page.goto("/pelatihan/pengaturan-jp/")
    hr_page.get_by_role("link", name="Target dan batas JP per jenis ASN").click()
    hr_page.get_by_label("Target minimal PPPK (JP per tahun kalender)").fill("20")
    with hr_page.expect_navigation():
        hr_page.get_by_role("button", name="Simpan").click()
    expect(hr_page.get_by_role("alert")).to_contain_text("Target dan batas JP per jenis ASN tersimpan")
    expect(hr_page.get_by_label("Target minimal PPPK (JP per tahun kalender)")).to_have_value("20")
    screenshot(hr_page, "jp-aturan")
    hr_page.goto(f"/pelatihan/jp/tertinggal/?tahun={today.year - 1}")
    expect(hr_page.locator("tr", has_text="Sari Wulandari")).to_contain_text("20 (PPPK)")

    page.reload()
    expect(page.get_by_test_id("aturan-jp")).to_contain_text("Masih kurang 14 JP untuk target PPPK minimal 20 JP")
