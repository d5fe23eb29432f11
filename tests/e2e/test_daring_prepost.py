"""The pre-test and post-test of a classroom programme taken on a phone (issue 13 A): HR sets both tests on the
programme's page from a question bank; a PNS participant takes the pre-test and then the post-test on a 360 × 640
phone, a PPPK participant the pre-test on a 390 × 844 phone; HR finds the scores on the programme's participants
list with the gain computed (a score of 0 is a score, not a blank)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from pelatihan.models import Kuis, Peserta
from tests.e2e.conftest import login, screenshot
from tests.factories import PASSWORD
from tests.pelatihan import daring_data
from tests.pelatihan.factories import PesertaFactory, SesiFactory

PONSEL_KECIL = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True,
                "device_scale_factor": 1}
PONSEL = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 1}


def _tanpa_gulir_samping(page, nama):
    screenshot(page, f"prepost-{nama}")
    lebar = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert lebar[0] <= lebar[1] + 1, f"{nama}: page is {lebar[0]}px wide in a {lebar[1]}px viewport"


def _atur_tes(page, jenis, bank):
    page.locator("[name=jenis]").select_option(jenis)
    page.locator("[name=bank]").select_option(str(bank.pk))
    page.locator("[name=jumlah_soal]").fill("4")
    page.locator("[name=nilai_lulus]").fill("0")
    page.locator("[name=maks_percobaan]").fill("1")
    page.locator("[name=jeda_jam]").fill("0")
    page.locator("[name=batas_menit]").fill("15")
    page.get_by_role("button", name="Simpan kuis").click()
    expect(page.get_by_role("alert")).to_contain_text("Kuis tersimpan")


def _kerjakan(page, live_server, pegawai, judul_tes, benar, nama):
    """From the menu's course list: open the test, start it, answer ``benar`` questions right and the rest wrong,
    submit; returns the score shown."""
    page.goto(reverse("pelatihan:kelas-list"))
    page.get_by_test_id("tes-saya").get_by_role("link", name=judul_tes).click()
    _tanpa_gulir_samping(page, f"{nama}-tes")
    page.get_by_test_id("mulai-kuis").click()
    soal = page.locator("fieldset")
    expect(soal).to_have_count(4)
    for i in range(4):
        awalan = "Jawaban benar" if i < benar else "Jawaban keliru"
        soal.nth(i).get_by_label(awalan, exact=False).first.check()
    _tanpa_gulir_samping(page, f"{nama}-soal")
    page.get_by_test_id("kirim-kuis").click()
    expect(page.get_by_test_id("status-hasil")).to_be_visible()
    _tanpa_gulir_samping(page, f"{nama}-hasil")


def test_pre_test_dan_post_test_di_ponsel_masuk_daftar_peserta(new_page, live_server):
    d = daring_data.bangun(kode="PREPOST")
    sesi = SesiFactory(program__instansi=d.inst, program__judul="Bimtek Pelayanan Publik")
    program = sesi.program
    PesertaFactory(program=program, pegawai=d.pns)
    PesertaFactory(program=program, pegawai=d.pppk)

    # HR sets both tests from the programme's page.
    hr = new_page(viewport={"width": 1280, "height": 900})
    login(hr, live_server, d.hr.username, PASSWORD)
    hr.goto(reverse("pelatihan:program-detail", args=[program.pk]))
    hr.get_by_test_id("atur-tes-daring").click()
    _atur_tes(hr, "pre_test", d.bank)
    _atur_tes(hr, "post_test", d.bank)
    assert set(Kuis.objects.filter(program=program).values_list("jenis", flat=True)) == {"pre_test", "post_test"}

    # The PNS participant on a small phone: pre-test with 2 of 4 right, then the post-test all right.
    pns = new_page(**PONSEL_KECIL)
    pns.on("dialog", lambda dialog: dialog.accept())  # "Kirim jawaban?"
    login(pns, live_server, d.pns.user.username, PASSWORD)
    _kerjakan(pns, live_server, d.pns, "Pre-test: Bimtek Pelayanan Publik", 2, "pns-pre")
    expect(pns.get_by_text("50", exact=False).first).to_be_visible()
    _kerjakan(pns, live_server, d.pns, "Post-test: Bimtek Pelayanan Publik", 4, "pns-post")

    # The PPPK participant on another phone: the pre-test, nothing right.
    pppk = new_page(**PONSEL)
    pppk.on("dialog", lambda dialog: dialog.accept())
    login(pppk, live_server, d.pppk.user.username, PASSWORD)
    _kerjakan(pppk, live_server, d.pppk, "Pre-test: Bimtek Pelayanan Publik", 0, "pppk-pre")

    assert dict(Peserta.objects.filter(program=program).values_list("pegawai__jenis_asn", "nilai_pre_test")) == {
        "PNS": 50, "PPPK": 0}

    # HR's participants list: the scores and the gain.
    hr.goto(reverse("pelatihan:program-detail", args=[program.pk]))
    baris_pns = hr.get_by_role("row").filter(has_text=d.pns.nama)
    expect(baris_pns).to_contain_text("50 / 100")
    expect(baris_pns).to_contain_text("kenaikan +50")
    baris_pppk = hr.get_by_role("row").filter(has_text=d.pppk.nama)
    expect(baris_pppk).to_contain_text("0 / –")
    expect(baris_pppk).not_to_contain_text("kenaikan")
    screenshot(hr, "prepost-hr-peserta")


pytestmark = pytest.mark.e2e
