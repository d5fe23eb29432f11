"""Select-all and kept ticks on a 390 px phone (issue 11 usability): HR ticks every suggested group at once with the
'Ambil semua kelompok' box (static rencana.js, no inline script: the CSP fixture fails on any violation); on the 20 JP
coverage list, 'Pilih semua' ticks the PNS below target, a refused 'Masukkan yang dicentang' (no line chosen) comes
back with its error and the ticks kept, and the same post with a line chosen succeeds."""

from playwright.sync_api import expect

from pelatihan.models import RencanaItem
from tests.e2e.conftest import login, screenshot
from tests.factories import PASSWORD, PegawaiFactory, UnitKerjaFactory
from tests.pelatihan.factories import bentuk
from tests.pelatihan.rencana_data import kebutuhan, kompetensi, pppk, siklus_baru

TELEPON = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_pilih_semua_dan_centang_tetap_di_telepon(new_page, live_server, instansi, hr):
    opd = UnitKerjaFactory(instansi=instansi, nama="Dinas Kesehatan")
    siklus = siklus_baru(instansi)
    gizi = kompetensi(instansi, "T-GIZI", "Pengelolaan Gizi Masyarakat")
    arsip = kompetensi(instansi, "T-ARSIP", "Kearsipan Dinamis")
    pns = [PegawaiFactory(instansi=instansi, unit_kerja=opd, nama=f"Pegawai PNS {i}") for i in range(3)]
    kontrak = pppk(instansi=instansi, unit_kerja=opd, nama="Pegawai PPPK")
    for p in pns + [kontrak]:
        kebutuhan(siklus, p, gizi)
    kebutuhan(siklus, pns[0], arsip)

    page = new_page(**TELEPON)
    login(page, live_server, hr.username, PASSWORD)
    page.goto(f"{live_server.url}/pelatihan/perencanaan/{siklus.pk}/rencana/kelompok/")
    semua = page.get_by_label("Ambil semua kelompok")
    expect(semua).to_be_visible()
    semua.check()
    kotak = page.locator('input[data-pilih-anggota="kelompok"]')
    assert kotak.count() == 2
    for i in range(kotak.count()):
        expect(kotak.nth(i)).to_be_checked()
    kotak.nth(0).uncheck()
    assert semua.evaluate("e => e.indeterminate")  # some ticked: the box says so
    semua.check()
    screenshot(page, "rencana-kelompok-pilih-semua-390")
    page.get_by_role("button", name="Buat baris rencana dari kelompok yang dicentang").click()
    expect(page.get_by_role("alert")).to_contain_text("2 baris rencana dibuat")
    assert RencanaItem.objects.filter(siklus=siklus).count() == 2

    # Lines of 0 JP for the coverage: nobody has 20 JP planned yet (the lines made above carry their JP; reset).
    RencanaItem.objects.filter(siklus=siklus).update(jp=4)
    tujuan = RencanaItem.objects.create(siklus=siklus, nomor=9, nama_program="E-learning 20 JP",
                                        bentuk=bentuk("NKL03"), triwulan=1, jp=20)
    page.goto(f"{live_server.url}/pelatihan/perencanaan/{siklus.pk}/cakupan-jp/")
    daftar = page.get_by_test_id("daftar-kurang")
    expect(daftar).to_contain_text("Pegawai PNS 0")
    expect(daftar).not_to_contain_text("Pegawai PPPK")  # PPPK has no 20 JP target
    page.get_by_label("Pilih semua pegawai di halaman ini").check()
    centang = page.locator('input[data-pilih-anggota="pegawai"]')
    assert centang.count() == 3
    page.get_by_role("button", name="Masukkan yang dicentang").click()  # no line chosen: refused
    expect(page.get_by_test_id("galat-tambah")).to_contain_text("Pilih baris rencana tujuan.")
    for i in range(centang.count()):
        expect(centang.nth(i)).to_be_checked()  # the ticks survived the refusal
    screenshot(page, "rencana-cakupan-ditolak-390")
    page.get_by_label("Masukkan ke baris").select_option(value=str(tujuan.pk))
    page.get_by_role("button", name="Masukkan yang dicentang").click()
    expect(page.get_by_role("alert").first).to_contain_text("3 pegawai dimasukkan")
    assert set(tujuan.kebutuhan.values_list("pegawai_id", flat=True)) == {p.pk for p in pns}
    screenshot(page, "rencana-cakupan-390")
