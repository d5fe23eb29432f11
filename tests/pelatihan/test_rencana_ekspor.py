"""Issue 11 part B: the plan's XLSX (two sheets, exact columns, NIP as text, PP 11/2017 Pasal 207 covered, totals as
on the page), the PDF of the set plan, the command line, and the plan pages' fixed query counts."""

import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from pelatihan.models import Kebutuhan, RencanaItem
from tests import factories as f
from tests.pelatihan.factories import MitraFactory, bentuk
from tests.pelatihan.rencana_data import kebutuhan, kompetensi, ppk_user, pppk, siklus_baru

pytestmark = pytest.mark.django_db

INVENTARISASI = ["No", "NIP", "Nama", "Jabatan", "Jenis Jabatan", "Golongan", "Unit/OPD", "Kompetensi",
                 "Jenis Kompetensi", "Level Standar", "Level Saat Ini", "Kesenjangan", "Sumber Kebutuhan", "Prioritas",
                 "Bentuk", "Rencana Program", "JP", "Triwulan", "Status"]
RENCANA = ["No", "Kompetensi", "Nama Program", "Bentuk", "Jalur", "Penyelenggara", "Jadwal", "JP", "Jumlah Peserta",
           "OPD Peserta", "Biaya Satuan", "Total Biaya", "Sumber Dana", "Kesesuaian Kurikulum", "Kode Sub-Kegiatan",
           "Prioritas"]

# PP 11/2017 Pasal 207 (docs/domain.md §5.1): the content of the needs and plan the PPK sets, item by item, and the
# columns of the export that carry it (sheet, column).
PASAL_207 = {
    "a. jenis kompetensi": [("Inventarisasi", "Kompetensi"), ("Inventarisasi", "Jenis Kompetensi"),
                            ("Rencana Pelaksanaan", "Kompetensi")],
    "b. target PNS": [("Inventarisasi", "NIP"), ("Inventarisasi", "Nama"), ("Rencana Pelaksanaan", "Jumlah Peserta"),
                      ("Rencana Pelaksanaan", "OPD Peserta")],
    "c. jenis dan jalur": [("Rencana Pelaksanaan", "Bentuk"), ("Rencana Pelaksanaan", "Jalur")],
    "d. penyelenggara": [("Rencana Pelaksanaan", "Penyelenggara")],
    "e. jadwal": [("Rencana Pelaksanaan", "Jadwal"), ("Inventarisasi", "Triwulan")],
    "f. kesesuaian dengan standar kurikulum instansi pembina": [("Rencana Pelaksanaan", "Kesesuaian Kurikulum")],
    "g. anggaran": [("Rencana Pelaksanaan", "Biaya Satuan"), ("Rencana Pelaksanaan", "Total Biaya"),
                    ("Rencana Pelaksanaan", "Sumber Dana"), ("Rencana Pelaksanaan", "Kode Sub-Kegiatan")],
}


@pytest.fixture
def rencana():
    inst = f.InstansiFactory(kode="EKSP")
    dinkes = f.UnitKerjaFactory(instansi=inst, nama="Dinas Kesehatan")
    disdik = f.UnitKerjaFactory(instansi=inst, nama="Dinas Pendidikan")
    jab = f.JabatanFactory(instansi=inst, nama="Analis SDM", jenis="fungsional", jenjang="ahli_muda")
    siklus = siklus_baru(inst)
    gizi = kompetensi(inst, "T1", "Pengelolaan Gizi")
    layanan = kompetensi(inst, "M5E", "Pelayanan Publik Eksp", "manajerial")
    pns = f.PegawaiFactory(instansi=inst, unit_kerja=dinkes, jabatan=jab, nama="Budi Santoso", golongan="III/c")
    pns2 = f.PegawaiFactory(instansi=inst, unit_kerja=disdik, nama="Citra Lestari")
    kontrak = pppk(instansi=inst, unit_kerja=disdik, nama="Dewi PPPK")
    k1 = kebutuhan(siklus, pns, gizi, status=Kebutuhan.Status.MASUK_RENCANA)
    k2 = kebutuhan(siklus, kontrak, gizi, status=Kebutuhan.Status.MASUK_RENCANA)
    k3 = kebutuhan(siklus, pns2, layanan, status=Kebutuhan.Status.MASUK_RENCANA, level_kini=None, kesenjangan=None)
    kebutuhan(siklus, pns2, sumber=Kebutuhan.Sumber.JP, status=Kebutuhan.Status.DIVERIFIKASI, keterangan="JP 8 dari 20")
    kebutuhan(siklus, pns, layanan, sumber=Kebutuhan.Sumber.USULAN, status=Kebutuhan.Status.DITOLAK)  # not listed
    gizi_item = RencanaItem.objects.create(
        siklus=siklus, nomor=1, nama_program="Pelatihan Gizi", bentuk=bentuk("KL03"), triwulan=2, jp=24,
        penyelenggara=MitraFactory(instansi=inst, nama="Poltekkes"), biaya_satuan=Decimal(1250000),
        total_biaya=Decimal(2500000), sumber_dana="apbd_opd", kode_sub_kegiatan="=1+2", sesuai_kurikulum=True,
        rujukan_kurikulum="Kurikulum Kemenkes")
    gizi_item.kompetensi.add(gizi)
    gizi_item.kebutuhan.add(k1, k2)
    layanan_item = RencanaItem.objects.create(
        siklus=siklus, nomor=2, nama_program="E-learning Pelayanan", bentuk=bentuk("NKL03"), triwulan=3, jp=20,
        biaya_satuan=Decimal(0), total_biaya=Decimal(0), sumber_dana="tanpa_biaya")
    layanan_item.kompetensi.add(layanan)
    layanan_item.kebutuhan.add(k3)
    return {"inst": inst, "siklus": siklus, "pns": pns, "pppk": kontrak, "hr": f.hr_user(inst)}


def _buku(data):
    return openpyxl.load_workbook(io.BytesIO(data))


def _kolom(ws, nama):
    kepala = [c.value for c in ws[1]]
    return kepala.index(nama)


def test_xlsx_dua_lembar_kolom_tepat_nip_teks(rencana, client):
    client.force_login(rencana["hr"])
    resp = client.get(reverse("pelatihan:rencana-ekspor", args=[rencana["siklus"].pk]) + "?format=xlsx")
    assert resp.status_code == 200 and resp["Cache-Control"] == "private, no-store"
    assert "attachment" in resp["Content-Disposition"]
    wb = _buku(resp.content)
    assert wb.sheetnames == ["Inventarisasi", "Rencana Pelaksanaan"]
    inv, ren = wb["Inventarisasi"], wb["Rencana Pelaksanaan"]
    assert [c.value for c in inv[1]] == INVENTARISASI
    assert [c.value for c in ren[1]] == RENCANA
    rows = list(inv.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 4  # the refused proposal is not in the inventory
    nip = _kolom(inv, "NIP")
    for r in inv.iter_rows(min_row=2):
        assert isinstance(r[nip].value, str) and len(r[nip].value) == 18 and r[nip].number_format == "@"
    by_nip = {r[nip]: r for r in rows}
    budi, dewi = by_nip[rencana["pns"].nip], by_nip[rencana["pppk"].nip]  # PNS and PPPK alike
    assert budi[INVENTARISASI.index("Golongan")] == "III/c (Penata)"
    assert budi[INVENTARISASI.index("Jenis Jabatan")] == "Fungsional"
    assert budi[INVENTARISASI.index("Rencana Program")] == "Pelatihan Gizi"
    assert budi[INVENTARISASI.index("Triwulan")] == "II" and budi[INVENTARISASI.index("JP")] == 24
    assert dewi[INVENTARISASI.index("Golongan")] == "Golongan IX"
    assert dewi[INVENTARISASI.index("Bentuk")] == "KL03"
    belum = [r for r in rows if r[INVENTARISASI.index("Kompetensi")] == "Pelayanan Publik Eksp"][0]
    assert belum[INVENTARISASI.index("Level Saat Ini")] == "Belum dinilai"  # never a silent 0
    gizi = list(ren.iter_rows(min_row=2, values_only=True))[0]
    assert gizi[RENCANA.index("Bentuk")] == "KL03 – Pelatihan teknis (SIASN 3)"
    assert gizi[RENCANA.index("Jalur")] == "Pelatihan klasikal"
    assert gizi[RENCANA.index("Kode Sub-Kegiatan")] == "'=1+2"  # a formula never survives
    assert gizi[RENCANA.index("OPD Peserta")] == "Dinas Kesehatan; Dinas Pendidikan"
    assert gizi[RENCANA.index("Kesesuaian Kurikulum")] == "Ya – Kurikulum Kemenkes"


def test_setiap_butir_pasal_207_punya_kolom(rencana, client):
    client.force_login(rencana["hr"])
    wb = _buku(client.get(reverse("pelatihan:rencana-ekspor", args=[rencana["siklus"].pk])).content)
    kepala = {ws.title: {c.value for c in ws[1]} for ws in wb.worksheets}
    assert len(PASAL_207) == 7
    for butir, kolom in PASAL_207.items():
        assert kolom, butir
        for lembar, nama in kolom:
            assert nama in kepala[lembar], f"Pasal 207 {butir}: no column {nama!r} in {lembar}"
        # the column is filled for a planned line / need, not just present
        lembar, nama = kolom[0]
        ws = wb[lembar]
        isi = [r[_kolom(ws, nama)] for r in ws.iter_rows(min_row=2, max_row=2, values_only=True)]
        assert isi[0] not in (None, ""), f"Pasal 207 {butir}: {lembar}/{nama} empty"


def _angka(teks):
    return int(re.sub(r"[^0-9]", "", teks))


def test_jumlah_lembar_sama_dengan_halaman(rencana, client):
    client.force_login(rencana["hr"])
    s = rencana["siklus"]
    page = client.get(reverse("pelatihan:rencana-list", args=[s.pk])).content.decode()
    total = {k: _angka(re.search(rf'data-testid="total-{k}">([^<]*)<', page).group(1))
             for k in ("jp", "peserta", "biaya")}
    assert total == {"jp": 44, "peserta": 3, "biaya": 2500000}
    wb = _buku(client.get(reverse("pelatihan:rencana-ekspor", args=[s.pk])).content)
    ren = wb["Rencana Pelaksanaan"]
    rows = list(ren.iter_rows(min_row=2, values_only=True))
    baris, jumlah = rows[:-1], rows[-1]
    assert jumlah[1] == "JUMLAH"
    for nama, kunci in (("JP", "jp"), ("Jumlah Peserta", "peserta"), ("Total Biaya", "biaya")):
        i = RENCANA.index(nama)
        assert sum(r[i] for r in baris) == jumlah[i] == total[kunci], nama
    inventaris = re.search(r"(\d+) kebutuhan dalam inventarisasi", page).group(1)
    assert wb["Inventarisasi"].max_row - 1 == int(inventaris)


def test_pdf_rencana_dan_ppk_mengunduh(rencana, client):
    client.force_login(ppk_user(rencana["inst"]))  # the penetap reads and downloads the plan too
    resp = client.get(reverse("pelatihan:rencana-ekspor", args=[rencana["siklus"].pk]) + "?format=pdf")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    assert resp.content.startswith(b"%PDF") and b"/Type /Page" in resp.content
    assert "rencana-bangkom-eksp-2027-v0.pdf" in resp["Content-Disposition"]


def test_perintah_ekspor_rencana(rencana, client, tmp_path):
    tujuan = tmp_path / "rencana.xlsx"
    out = io.StringIO()
    call_command("ekspor_rencana", "--instansi", "eksp", "--tahun", str(rencana["siklus"].tahun), str(tujuan),
                 stdout=out)
    assert "4 kebutuhan, 2 baris rencana, 3 peserta" in out.getvalue()
    client.force_login(rencana["hr"])
    halaman = _buku(client.get(reverse("pelatihan:rencana-ekspor", args=[rencana["siklus"].pk])).content)
    berkas = openpyxl.load_workbook(tujuan)
    for nama in ("Inventarisasi", "Rencana Pelaksanaan"):
        assert list(berkas[nama].values) == list(halaman[nama].values)  # the same service as the page
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("ekspor_rencana", "--instansi", "TIDAKADA", "--tahun", "2027", str(tujuan))
    with pytest.raises(CommandError, match="Belum ada siklus"):
        call_command("ekspor_rencana", "--instansi", "EKSP", "--tahun", "2040", str(tujuan))


@pytest.mark.parametrize("halaman", ["rencana-list", "rencana-cakupan", "rencana-tetapkan", "rencana-kelompok"])
def test_jumlah_query_tetap(rencana, client, django_assert_max_num_queries, halaman):
    """The plan pages issue the same number of queries with 3 or 40 more employees, needs and lines."""
    s = rencana["siklus"]
    user = ppk_user(rencana["inst"]) if halaman == "rencana-tetapkan" else rencana["hr"]
    client.force_login(user)
    url = reverse(f"pelatihan:{halaman}", args=[s.pk])
    f.PegawaiFactory(instansi=rencana["inst"])  # one PNS not covered yet: the coverage list has a row
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as kecil:
        assert client.get(url).status_code == 200
    unit = f.UnitKerjaFactory(instansi=rencana["inst"])
    gizi = kompetensi(rencana["inst"], "T9", "Kompetensi Tambahan")
    for i in range(40):
        p = f.PegawaiFactory(instansi=rencana["inst"], unit_kerja=unit)
        k = kebutuhan(s, p, gizi)
        if i % 2:
            item = RencanaItem.objects.create(siklus=s, nomor=10 + i, nama_program=f"Baris {i}", triwulan=1, jp=20,
                                              bentuk=bentuk("KL03"))
            item.kompetensi.add(gizi)
            item.kebutuhan.add(k)
    with django_assert_max_num_queries(len(kecil)):
        assert client.get(url).status_code == 200


def test_pdf_rencana_berversi_tanpa_tanggal_keputusan(rencana):
    """A cycle marked set without a decree date on record (set outside the penetapan page) still prints."""
    from pelatihan.ekspor_rencana import rencana_pdf

    s = rencana["siklus"]
    s.versi, s.tahap = 1, "berjalan"
    s.save()
    assert rencana_pdf(siklus=s).startswith(b"%PDF")
