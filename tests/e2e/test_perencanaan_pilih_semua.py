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


def test_halaman_rencana_yang_berjalan_muat_di_telepon(new_page, live_server, instansi, hr):
    """Every HR page of a set, running plan fits a 390 px phone: nothing wider than the screen to scroll sideways
    (wide tables scroll inside their own box)."""
    import datetime

    from django.urls import reverse
    from django.utils import timezone

    from pelatihan.models import ProgramPelatihan, SiklusRencana
    from tests.pelatihan.factories import ProgramFactory, SesiFactory

    opd = UnitKerjaFactory(instansi=instansi, nama="Dinas Pekerjaan Umum dan Penataan Ruang")
    tahun = timezone.localdate().year
    siklus = siklus_baru(instansi, tahun=tahun, tahap=SiklusRencana.Tahap.BERJALAN, versi=1,
                         nomor_keputusan="800/1/BKPSDM")
    gizi = kompetensi(instansi, "T-GIZI", "Pengelolaan Gizi Masyarakat")
    orang = [PegawaiFactory(instansi=instansi, unit_kerja=opd, nama=f"Pegawai {i}") for i in range(2)]
    orang.append(pppk(instansi=instansi, unit_kerja=opd, nama="Pegawai PPPK"))
    item = RencanaItem.objects.create(siklus=siklus, nomor=1, nama_program="Pelatihan Gizi Masyarakat Tingkat Lanjut",
                                      bentuk=bentuk("KL03"), triwulan=2, jp=24, terkunci=True, versi=1)
    item.kebutuhan.set([kebutuhan(siklus, p, gizi) for p in orang])
    program = ProgramFactory(instansi=instansi, rencana_item=item, status=ProgramPelatihan.Status.BERJALAN,
                             judul="Pelatihan Gizi Masyarakat angkatan I")
    SesiFactory(program=program, tanggal=timezone.localdate() - datetime.timedelta(days=2))

    page = new_page(**TELEPON)
    login(page, live_server, hr.username, PASSWORD)
    for nama in ("siklus-detail", "rencana-list", "rencana-cakupan", "rencana-realisasi", "rencana-monev",
                 "rencana-monev-ubah"):
        page.goto(live_server.url + reverse(f"pelatihan:{nama}", args=[siklus.pk]))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        screenshot(page, f"telepon-{nama}-390")
        lebar = page.evaluate("document.documentElement.scrollWidth")
        assert lebar <= 390, f"{nama}: {lebar} px wide on a 390 px phone"
