"""Issue 11 §7: a programme linked to a plan line credits JP and the realisation page moves. HR links a running
programme to the line of the set plan in the programme form, closes it (the passes are credited in the JP ledger),
and the realisation page, its per-OPD chart table and the monev report show the line realised; the pimpinan reads the
same figures on a phone, without names."""

import datetime
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import expect

from pelatihan.models import Kebutuhan, Kehadiran, ProgramPelatihan, RencanaItem, SiklusRencana, jendela_bawaan
from pembinaan.models import Kompetensi
from tests.e2e.conftest import login, screenshot
from tests.factories import PASSWORD, PegawaiFactory, UnitKerjaFactory, pimpinan_user
from tests.pelatihan import factories as pf


def test_program_tertaut_mengkredit_jp_dan_realisasi_bergerak(new_page, live_server, instansi, hr):
    hari = timezone.localdate() - datetime.timedelta(days=2)
    tahun = hari.year
    opd = UnitKerjaFactory(instansi=instansi, nama="Dinas Kesehatan")
    bidang = UnitKerjaFactory(instansi=instansi, nama="Bidang Pelayanan", induk=opd)
    orang = [PegawaiFactory(instansi=instansi, unit_kerja=bidang, nama=n) for n in ("Rina Marlina", "Budi Santoso")]
    komp = Kompetensi.objects.filter(instansi__isnull=True).order_by("kode")[0]
    siklus = SiklusRencana.objects.create(instansi=instansi, tahun=tahun, tahap=SiklusRencana.Tahap.BERJALAN,
                                          versi=1, **jendela_bawaan(tahun))
    item = RencanaItem.objects.create(siklus=siklus, nomor=1, nama_program="Pelayanan Prima", triwulan=4, jp=12,
                                      bentuk=pf.bentuk("KL03"), biaya_satuan=Decimal(1500000),
                                      total_biaya=Decimal(3000000))
    item.kebutuhan.set([Kebutuhan.objects.create(
        siklus=siklus, pegawai=p, opd=opd, kompetensi=komp, sumber=Kebutuhan.Sumber.KOMPETENSI, level_standar=3,
        level_kini=2, kesenjangan=1, status=Kebutuhan.Status.MASUK_RENCANA) for p in orang])
    program = pf.ProgramFactory(instansi=instansi, judul="Pelayanan Prima Angkatan I", jp=12,
                                status=ProgramPelatihan.Status.BERJALAN)
    sesi = pf.SesiFactory(program=program, tanggal=hari)
    for p in orang:
        peserta = pf.PesertaFactory(program=program, pegawai=p)
        Kehadiran.objects.create(peserta=peserta, sesi=sesi, status="hadir", cara="panitia")

    page = new_page()
    login(page, live_server, hr.username, PASSWORD)
    page.get_by_role("button", name="Pelatihan").click()
    page.get_by_role("link", name="Realisasi dan monev rencana").click()
    page.get_by_role("link", name="Realisasi").first.click()
    expect(page.get_by_test_id("terlatih")).to_contain_text("0 dari 2")
    expect(page.get_by_test_id("jp-kredit")).to_contain_text("0 dari 24 JP")

    # Link the programme to the plan line in its form, then close it.
    page.goto(f"/pelatihan/program/{program.pk}/ubah/")
    page.get_by_label("Item rencana yang direalisasikan").select_option(
        label=f"Rencana {tahun} · 1. Pelayanan Prima (triwulan 4)")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan").click()
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="Selesaikan program").click()
    expect(page.get_by_test_id("status-program")).to_have_text("Selesai")

    page.goto(f"/pelatihan/perencanaan/{siklus.pk}/realisasi/")
    expect(page.get_by_test_id("terlatih")).to_contain_text("2 dari 2 (100")
    expect(page.get_by_test_id("jp-kredit")).to_contain_text("24 dari 24 JP")
    expect(page.get_by_test_id("item-selesai")).to_contain_text("1 / 1")
    baris_opd = page.get_by_test_id("tabel-opd").get_by_role("row", name="Dinas Kesehatan")
    expect(baris_opd).to_contain_text("24")
    expect(page.get_by_test_id("grafik-opd").locator("svg")).to_have_attribute(
        "aria-label", "JP direncanakan dan terealisasi per OPD (angkanya ada di tabel di sampingnya)")
    expect(page.get_by_test_id("tabel-item")).to_contain_text("Pelayanan Prima Angkatan I")
    screenshot(page, "perencanaan-realisasi-hr")

    # Year end: HR types the actual spend as people write it; the monev report moves.
    page.get_by_role("link", name="Laporan monev").click()
    page.get_by_role("link", name="Isi realisasi biaya dan temuan").click()
    page.get_by_label("Pelayanan Prima").fill("2.700.000")
    page.get_by_label("Temuan dan rekomendasi monev").fill("Peserta meminta kelas lanjutan.")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan").click()
    indikator = page.get_by_test_id("indikator")
    expect(indikator.locator("[data-indikator=anggaran]")).to_contain_text("90")
    expect(indikator.locator("[data-indikator=peserta]")).to_contain_text("100")
    expect(page.get_by_test_id("temuan")).to_contain_text("Peserta meminta kelas lanjutan.")
    screenshot(page, "perencanaan-monev-hr")

    # The pimpinan, on a phone: the same aggregates, no names, no programme titles.
    pimpinan = pimpinan_user(instansi)
    hp = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    login(hp, live_server, pimpinan.username, PASSWORD)
    hp.goto(f"/pelatihan/perencanaan/{siklus.pk}/realisasi/")
    expect(hp.get_by_test_id("terlatih")).to_contain_text("2 dari 2")
    expect(hp.locator("body")).not_to_contain_text("Rina Marlina")
    expect(hp.locator("body")).not_to_contain_text("Pelayanan Prima Angkatan I")
    screenshot(hp, "perencanaan-realisasi-pimpinan-ponsel")
