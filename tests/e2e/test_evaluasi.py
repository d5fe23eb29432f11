"""A supervisor fills, saves and submits a staff member's evaluation; the employee sees the result; another
supervisor's staff form answers 404 and a submitted form cannot be changed. The period and its forms come
from the factories (status dibuka)."""

from playwright.sync_api import expect

from evaluasi.models import Evaluasi
from evaluasi.predikat import predikat
from tests.e2e.conftest import login, screenshot
from tests.evaluasi.factories import EvaluasiFactory, PeriodeFactory
from tests.factories import PASSWORD, PegawaiFactory, UnitKerjaFactory, pegawai_user


def _evaluasi(periode, pegawai, penilai):
    return EvaluasiFactory(periode=periode, pegawai=pegawai, penilai=penilai, penilai_nama=penilai.nama,
                           penilai_nip=penilai.nip, penilai_jabatan="Kepala Bidang Pembinaan",
                           penilai_unit=penilai.unit_kerja.nama)


def test_penilai_mengisi_mengajukan_dan_pegawai_melihat_hasil(new_page, live_server, instansi):
    unit = UnitKerjaFactory(instansi=instansi, nama="Dinas Pendidikan")
    kepala = PegawaiFactory(instansi=instansi, unit_kerja=unit, nama="Sutrisno Hadi")
    penilai = PegawaiFactory(instansi=instansi, unit_kerja=unit, nama="Ratna Sari Dewi", atasan=kepala)
    agus = PegawaiFactory(instansi=instansi, unit_kerja=unit, nama="Agus Salim", atasan=penilai)
    budi = PegawaiFactory(instansi=instansi, unit_kerja=unit, nama="Budi Hartono", atasan=penilai)
    lain = PegawaiFactory(instansi=instansi, unit_kerja=unit, nama="Wijaya Kusuma", atasan=kepala)
    citra = PegawaiFactory(instansi=instansi, unit_kerja=unit, nama="Citra Lestari", atasan=lain)
    penilai_akun, agus_akun = pegawai_user(penilai), pegawai_user(agus)
    periode = PeriodeFactory(instansi=instansi, status="dibuka", nama="Triwulan I 2026")
    ev_agus = _evaluasi(periode, agus, penilai)
    _evaluasi(periode, budi, penilai)
    ev_citra = _evaluasi(periode, citra, lain)
    harapan = predikat("di_atas", "sesuai").label  # the matrix: Di Atas × Sesuai

    page = new_page()
    login(page, live_server, penilai_akun.username, PASSWORD)
    page.goto("/evaluasi/penilai/")
    expect(page.get_by_role("heading", name="Evaluasi bawahan")).to_be_visible()
    bagian = page.get_by_test_id(f"periode-{periode.pk}")
    expect(bagian.get_by_role("heading")).to_contain_text("Triwulan I 2026")
    expect(bagian.locator("tbody tr")).to_have_count(2)
    expect(bagian.locator("tbody tr").nth(0)).to_contain_text("Agus Salim")
    expect(bagian.locator("tbody tr").nth(1)).to_contain_text("Budi Hartono")
    expect(page.get_by_text("Citra Lestari")).to_have_count(0)

    page.get_by_test_id(f"evaluasi-{ev_agus.pk}").get_by_role("link", name="Isi evaluasi").click()
    expect(page.get_by_role("heading", name="Evaluasi kinerja Agus Salim")).to_be_visible()
    pratinjau = page.get_by_test_id("pratinjau-predikat")
    page.get_by_role("group", name="Rating hasil kerja").get_by_label("Di Atas Ekspektasi").check()
    expect(pratinjau).to_contain_text("Pilih kedua rating")
    page.get_by_role("group", name="Rating perilaku kerja").get_by_label("Sesuai Ekspektasi").check()
    expect(pratinjau).to_have_text(harapan)  # computed by the server, fetched by htmx
    page.get_by_label("Catatan Akuntabel").fill("Laporan keuangan selalu tepat waktu.")
    page.get_by_label("Catatan umpan balik berkelanjutan").fill("Dialog kinerja 12 Maret: target tercapai.")
    page.get_by_role("group", name="Rekomendasi pengembangan kompetensi").get_by_label("Integritas").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan draf").click()
    expect(page.get_by_role("alert")).to_have_text("Draf tersimpan.")
    expect(page.get_by_label("Catatan Akuntabel")).to_have_value("Laporan keuangan selalu tepat waktu.")
    expect(page.get_by_role("group", name="Rating hasil kerja").get_by_label("Di Atas Ekspektasi")).to_be_checked()
    expect(pratinjau).to_have_text(harapan)
    assert Evaluasi.objects.get(pk=ev_agus.pk).status == "draf"

    with page.expect_navigation():
        page.get_by_role("button", name="Ajukan", exact=True).click()
    # A confirmation step first: nothing is locked yet.
    expect(page.get_by_test_id("konfirmasi-ajukan")).to_contain_text("terkunci")
    expect(page.get_by_test_id("predikat")).to_have_text(harapan)
    assert Evaluasi.objects.get(pk=ev_agus.pk).status == "draf"
    with page.expect_navigation():
        page.get_by_role("button", name="Ya, ajukan dan kunci").click()
    expect(page.get_by_role("alert").first).to_contain_text(f"diajukan dengan predikat {harapan}")
    expect(page.get_by_test_id("predikat")).to_have_text(harapan)
    expect(page.get_by_role("button", name="Simpan draf")).to_have_count(0)
    screenshot(page, "evaluasi-diajukan")

    # The submitted form cannot be changed, even by a hand-made POST with a valid session and CSRF token.
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    ev = Evaluasi.objects.get(pk=ev_agus.pk)
    page.request.post(f"{live_server.url}/evaluasi/{ev.pk}/isi/", headers={"X-CSRFToken": token}, form={
        "aksi": "draf", "versi": str(ev.versi), "rating_hasil_kerja": "di_bawah", "rating_perilaku_kerja": "di_bawah"})
    after = Evaluasi.objects.get(pk=ev.pk)
    assert (after.status, after.rating_hasil_kerja, after.predikat, after.versi) == ("diajukan", "di_atas", "baik",
                                                                                        ev.versi)

    # Another supervisor's staff: 404, for reading and for writing.
    response = page.goto(f"/evaluasi/{ev_citra.pk}/isi/")
    assert response.status == 404
    expect(page.get_by_text("Citra Lestari")).to_have_count(0)
    response = page.request.post(f"{live_server.url}/evaluasi/{ev_citra.pk}/isi/", headers={"X-CSRFToken": token},
                                 form={"aksi": "ajukan", "versi": "0", "rating_hasil_kerja": "di_atas",
                                       "rating_perilaku_kerja": "di_atas"})
    assert response.status == 404
    assert Evaluasi.objects.get(pk=ev_citra.pk).status == "belum"

    # The employee sees their result with the evaluator as recorded.
    pegawai_page = new_page()
    login(pegawai_page, live_server, agus_akun.username, PASSWORD)
    pegawai_page.goto("/evaluasi/hasil/")
    hasil = pegawai_page.get_by_test_id(f"hasil-{ev_agus.pk}")
    expect(hasil.get_by_test_id("predikat")).to_have_text(harapan)
    expect(hasil.get_by_test_id("rating-hasil")).to_have_text("Di Atas Ekspektasi")
    expect(hasil.get_by_test_id("rating-perilaku")).to_have_text("Sesuai Ekspektasi")
    expect(hasil).to_contain_text("Laporan keuangan selalu tepat waktu.")
    expect(hasil).to_contain_text("Integritas")
    expect(hasil.get_by_test_id("penilai-nama")).to_have_text("Ratna Sari Dewi")
    expect(hasil.get_by_role("button", name="Ajukan keberatan")).to_be_visible()
    screenshot(pegawai_page, "evaluasi-hasil-pegawai")


def test_galat_hilang_saat_kolom_diperbaiki_lalu_ajukan_dengan_konfirmasi(new_page, live_server, instansi):
    """An error stays only while it is true: choosing the missing rating clears its message (and the summary) at
    once, the resubmission shows no error, and the form locks only after the confirmation step."""
    unit = UnitKerjaFactory(instansi=instansi, nama="Dinas Sosial")
    penilai = PegawaiFactory(instansi=instansi, unit_kerja=unit, nama="Kasi Rahmawati")
    staf = PegawaiFactory(instansi=instansi, unit_kerja=unit, nama="Dedi Kurniawan", atasan=penilai)
    akun = pegawai_user(penilai)
    periode = PeriodeFactory(instansi=instansi, status="dibuka", nama="Triwulan II 2026")
    ev = _evaluasi(periode, staf, penilai)

    page = new_page()
    login(page, live_server, akun.username, PASSWORD)
    page.goto(f"/evaluasi/{ev.pk}/isi/")
    page.get_by_role("group", name="Rating hasil kerja").get_by_label("Sesuai Ekspektasi").check()
    page.get_by_label("Catatan umpan balik berkelanjutan").fill("Catatan yang tidak boleh hilang.")
    with page.expect_navigation():
        page.get_by_role("button", name="Ajukan", exact=True).click()
    galat = page.get_by_test_id("galat-rating_perilaku_kerja")
    expect(galat).to_have_text("Pilih rating perilaku kerja sebelum mengajukan.")
    expect(page.get_by_text("Data belum tersimpan")).to_be_visible()
    expect(page.get_by_label("Catatan umpan balik berkelanjutan")).to_have_value("Catatan yang tidak boleh hilang.")

    page.get_by_role("group", name="Rating perilaku kerja").get_by_label("Di Atas Ekspektasi").check()
    expect(galat).to_have_count(0)  # fixed: the message goes without a round trip
    expect(page.get_by_text("Data belum tersimpan")).to_have_count(0)

    with page.expect_navigation():
        page.get_by_role("button", name="Ajukan", exact=True).click()
    expect(page.get_by_test_id("konfirmasi-ajukan")).to_be_visible()
    expect(page.locator(".text-danger")).to_have_count(0)
    assert Evaluasi.objects.get(pk=ev.pk).status == "draf"
    with page.expect_navigation():
        page.get_by_role("link", name="Kembali mengubah").click()
    expect(page.get_by_label("Catatan umpan balik berkelanjutan")).to_have_value("Catatan yang tidak boleh hilang.")
    with page.expect_navigation():
        page.get_by_role("button", name="Ajukan", exact=True).click()
    with page.expect_navigation():
        page.get_by_role("button", name="Ya, ajukan dan kunci").click()
    expect(page.get_by_role("alert").first).to_contain_text("diajukan dengan predikat Baik")
    assert Evaluasi.objects.get(pk=ev.pk).status == "diajukan"
