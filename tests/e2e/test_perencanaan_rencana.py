"""The plan lines of issue 11 through the browser: HR groups the verified needs into a line and prices it; HR (without
the penetapan permission) gets 404 on the set action; the PPK sets the plan; the XLSX downloads with the issue's
columns and the page's totals; a later edit is refused without a revision reason and recorded with one."""

import re

import openpyxl
from playwright.sync_api import expect

from pelatihan.models import Kebutuhan, RevisiRencana, SiklusRencana
from tests.e2e.conftest import login, screenshot
from tests.factories import PASSWORD, PegawaiFactory, UnitKerjaFactory
from tests.pelatihan.factories import MitraFactory
from tests.pelatihan.rencana_data import kebutuhan, kompetensi, ppk_user, pppk, siklus_baru

KOLOM_RENCANA = ["No", "Kompetensi", "Nama Program", "Bentuk", "Jalur", "Penyelenggara", "Jadwal", "JP",
                 "Jumlah Peserta", "OPD Peserta", "Biaya Satuan", "Total Biaya", "Sumber Dana", "Kesesuaian Kurikulum",
                 "Kode Sub-Kegiatan", "Prioritas"]


def _menu(page, item):
    page.get_by_role("button", name="Pelatihan").or_(page.get_by_role("link", name="Pelatihan", exact=True)).click()
    page.get_by_role("link", name=item, exact=True).click()


def _angka(teks):
    return int(re.sub(r"[^0-9]", "", teks))


def test_hr_menyusun_baris_ppk_menetapkan_xlsx_dan_revisi(new_page, live_server, instansi, hr, tmp_path):
    opd = UnitKerjaFactory(instansi=instansi, nama="Dinas Kesehatan")
    MitraFactory(instansi=instansi, nama="BPSDM Provinsi Jambi")
    siklus = siklus_baru(instansi)
    gizi = kompetensi(instansi, "T-GIZI", "Pengelolaan Gizi Masyarakat")
    orang = [PegawaiFactory(instansi=instansi, unit_kerja=opd, nama=f"Pegawai Gizi {i}") for i in range(3)]
    orang.append(pppk(instansi=instansi, unit_kerja=opd, nama="Pegawai Gizi PPPK"))
    for p in orang:
        kebutuhan(siklus, p, gizi)

    page = new_page()
    login(page, live_server, hr.username, PASSWORD)
    _menu(page, "Rencana pelaksanaan dan penetapan")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rencana pelaksanaan 2027")
    page.get_by_role("link", name=re.compile(r"Kelompokkan kebutuhan \(4 siap\)")).click()
    baris = page.get_by_test_id("kelompok-0")
    expect(baris).to_contain_text("Pengelolaan Gizi Masyarakat")
    expect(baris).to_contain_text("disarankan NKL04")  # 4 people for a classroom form: distance learning suggested
    baris.get_by_label("Ambil kelompok Pengelolaan Gizi Masyarakat").check()
    baris.get_by_label("Nama program (Pengelolaan Gizi Masyarakat)").fill("Pelatihan Jarak Jauh Gizi Masyarakat")
    baris.get_by_label("JP (Pengelolaan Gizi Masyarakat)").fill("20")
    baris.get_by_label("Triwulan (Pengelolaan Gizi Masyarakat)").select_option(label="Triwulan II")
    screenshot(page, "rencana-kelompok")
    page.get_by_role("button", name="Buat baris rencana dari kelompok yang dicentang").click()
    expect(page.get_by_role("alert")).to_contain_text("1 baris rencana dibuat")

    # Price the line.
    page.get_by_role("link", name="Ubah", exact=True).click()
    page.get_by_label("Penyelenggara").select_option(label="BPSDM Provinsi Jambi")
    page.get_by_label("Biaya satuan per peserta (Rp)").fill("1250000")
    page.get_by_label("Sumber dana").select_option(label="APBD BKPSDM")
    page.get_by_label("Kode sub-kegiatan").fill("5.01.01.2.05.01")
    page.get_by_label("Sesuai kurikulum instansi pembina").check()
    page.get_by_label("Rujukan kurikulum").fill("Kurikulum Kemenkes 2024")
    expect(page.get_by_test_id("kebutuhan-baris").locator("input:checked")).to_have_count(4)
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("alert")).to_contain_text("tersimpan")
    expect(page.get_by_test_id("total-biaya")).to_have_text("Rp 5.000.000")
    expect(page.get_by_test_id("cakupan-ringkas")).to_contain_text("3 dari 3 pegawai bertarget")
    expect(page.get_by_role("link", name="Tetapkan rencana")).to_have_count(0)  # not HR's to set
    screenshot(page, "rencana-list-hr")

    # HR without the penetapan permission: the set action answers 404.
    resp = page.goto(f"/pelatihan/perencanaan/{siklus.pk}/tetapkan/")
    assert resp.status == 404

    # The PPK sets the plan.
    ppk = ppk_user(instansi)
    ppk_page = new_page()
    login(ppk_page, live_server, ppk.username, PASSWORD)
    _menu(ppk_page, "Rencana pelaksanaan dan penetapan")
    ppk_page.get_by_role("link", name="Tetapkan rencana").click()
    expect(ppk_page.get_by_test_id("ringkasan-penetapan")).to_contain_text("3 dari 3 pegawai bertarget tercakup")
    ppk_page.get_by_label("Nomor keputusan PPK").fill("800/412/BKPSDM/2026")
    ppk_page.get_by_label("Tanggal keputusan").fill("2026-10-20")
    ppk_page.get_by_role("button", name="Tetapkan rencana").click()
    expect(ppk_page.get_by_role("alert")).to_contain_text("Rencana ditetapkan (versi 1)")
    expect(ppk_page.get_by_test_id("status-rencana")).to_contain_text("800/412/BKPSDM/2026")
    screenshot(ppk_page, "rencana-ditetapkan")

    # The XLSX: the two sheets, the columns, the page's totals.
    total = {k: _angka(ppk_page.get_by_test_id(f"total-{k}").inner_text()) for k in ("jp", "peserta", "biaya")}
    with ppk_page.expect_download() as unduh:
        ppk_page.get_by_role("link", name="Unduh XLSX").click()
    berkas = tmp_path / unduh.value.suggested_filename
    unduh.value.save_as(berkas)
    assert berkas.name == "rencana-bangkom-tebo-2027-v1.xlsx"
    wb = openpyxl.load_workbook(berkas)
    assert wb.sheetnames == ["Inventarisasi", "Rencana Pelaksanaan"]
    ren = wb["Rencana Pelaksanaan"]
    assert [c.value for c in ren[1]] == KOLOM_RENCANA
    rows = list(ren.iter_rows(min_row=2, values_only=True))
    jumlah = rows[-1]
    assert jumlah[1] == "JUMLAH"
    assert (jumlah[KOLOM_RENCANA.index("JP")], jumlah[KOLOM_RENCANA.index("Jumlah Peserta")],
            jumlah[KOLOM_RENCANA.index("Total Biaya")]) == (total["jp"], total["peserta"], total["biaya"])
    assert rows[0][KOLOM_RENCANA.index("Penyelenggara")] == "BPSDM Provinsi Jambi"
    inv = wb["Inventarisasi"]
    nip = [c.value for c in inv[1]].index("NIP")
    assert sorted(r[nip].value for r in inv.iter_rows(min_row=2)) == sorted(p.nip for p in orang)
    assert all(r[nip].number_format == "@" for r in inv.iter_rows(min_row=2))

    # After penetapan a change needs a reason.
    page.goto("/pelatihan/perencanaan/rencana/")
    page.get_by_role("link", name="Revisi", exact=True).click()
    page.get_by_label("Biaya satuan per peserta (Rp)").fill("1500000")
    page.get_by_role("button", name="Simpan revisi").click()
    expect(page.get_by_text("Alasan revisi wajib diisi")).to_be_visible()
    expect(page.get_by_label("Biaya satuan per peserta (Rp)")).to_have_value("1500000")  # what was typed is kept
    page.get_by_label("Alasan revisi").fill("APBD Perubahan: harga satuan naik")
    page.get_by_role("button", name="Simpan revisi").click()
    expect(page.get_by_role("alert")).to_contain_text("tersimpan")
    riwayat = page.get_by_test_id("riwayat-revisi")
    expect(riwayat).to_contain_text("APBD Perubahan: harga satuan naik")
    expect(riwayat).to_contain_text("Penetapan rencana")
    expect(page.get_by_test_id("versi")).to_have_text("2")
    expect(page.get_by_test_id("total-biaya")).to_have_text("Rp 6.000.000")
    screenshot(page, "rencana-revisi")
    assert SiklusRencana.objects.get(pk=siklus.pk).versi == 2
    assert RevisiRencana.objects.get(siklus=siklus, versi=2).penulis == hr
    assert set(Kebutuhan.objects.filter(siklus=siklus).values_list("status", flat=True)) == {"masuk_rencana"}
