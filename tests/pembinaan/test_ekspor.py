"""Export of employee lists (issue 2, section 4): safe to open in Excel, identifiers kept as text, re-importable."""

import csv
import datetime
import io
import re

import pghistory
import pytest
from django.db import transaction
from openpyxl import load_workbook

from pembinaan import ekspor
from pembinaan.impor import berkas as berkas_mod
from pembinaan.impor import pegawai as engine
from pembinaan.models import Pegawai
from tests import factories as f
from tests.pembinaan import siasn
from tests.pembinaan.siasn import pegawai, pppk

PEMICU = ["=1+1", "==1+1", "+6281234567890", "-5", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://x\",\"klik\")"]


@pytest.mark.parametrize("nilai", PEMICU)
def test_netralkan_memberi_tanda_kutip_pada_awalan_rumus(nilai):
    hasil = ekspor.netralkan(nilai)
    assert hasil.startswith("'") and hasil[1:] == nilai


@pytest.mark.parametrize("nilai", ["Budi Santoso", "Ma'ruf Amin", "a=b", "S.Kom.", "1+1", "", " =1+1", "x-5",
                                   5, 3.5, -5, 0, datetime.date(2024, 1, 1)])
def test_netralkan_membiarkan_teks_biasa_dan_angka(nilai):
    assert ekspor.netralkan(nilai) == nilai


def test_netralkan_none_menjadi_kosong():
    assert ekspor.netralkan(None) == ""


@pytest.fixture
def data(db):
    """Employees imported through the engine: units, jabatan, an atasan, a PPPK, formula-like text."""
    inst = f.InstansiFactory(kode=siasn.INSTANSI_KODE, nama=siasn.INSTANSI_NAMA)
    rows = [
        pegawai(1, nama='=HYPERLINK("http://contoh.test","klik")', gelar_belakang="=1+1", nomor_hp="+6281200000001",
                nik="1509012345678901"),
        pegawai(2, nip_atasan=pegawai(1)["NIP BARU"], nama="-Rahmat", gelar_depan="@dr.", tempat_lahir_nama="+Bangko",
                jenis_jabatan_nama="Jabatan Fungsional Tertentu", jabatan_nama="Pranata Komputer Ahli Muda"),
        pppk(3, nip_atasan=pegawai(1)["NIP BARU"], unor_id="U-2", unor_nama="Bidang Mutasi"),
        pegawai(4, status_cpns_pns="C", gol_akhir_nama="II/c", unor_id=siasn.SATKER_ID, unor_nama=siasn.SATKER_NAMA,
                jenis_jabatan_nama="Jabatan Struktural", jabatan_nama="Kepala Seksi Mutasi", nama="Ma'ruf Amin"),
        pegawai(5, jenis_jabatan_nama="", jabatan_nama="", jenis_jabatan_id="", unor_id="", unor_nama="",
                satuan_kerja_kerja_id="", satuan_kerja_kerja_nama="", nik="", email="", nomor_hp="", tmt_golongan=""),
    ]
    tabel = berkas_mod.baca(io.BytesIO(siasn.xlsx_bytes(rows)), "pegawai.xlsx")
    with transaction.atomic(), pghistory.context(sumber="impor"):
        hasil = engine.terapkan(tabel, inst)
    assert hasil.ok, [g.as_dict() for g in hasil.galat]
    return inst, rows


def _ekspor(inst):
    ds = ekspor.dataset(Pegawai.objects.filter(instansi=inst))
    return list(ds.headers), [list(r) for r in ds]


def test_xlsx_nip_dan_nik_sebagai_teks_dan_rumus_dinetralkan(data):
    inst, rows = data
    headers, isi = _ekspor(inst)
    wb = load_workbook(io.BytesIO(ekspor.xlsx_bytes(headers, isi)))
    ws = wb.active
    kolom = {c.value: c.column for c in ws[1]}
    sel = {ws.cell(row=r, column=kolom["NIP BARU"]).value: r for r in range(2, ws.max_row + 1)}
    assert set(sel) == {r["NIP BARU"] for r in rows}  # all 18 digits intact, as text
    for nip, r in sel.items():
        for nama_kolom in ("NIP BARU", "NIK", "NIP ATASAN"):
            c = ws.cell(row=r, column=kolom[nama_kolom])
            assert c.number_format == "@", (nama_kolom, c.value)
            assert c.value is None or c.data_type == "s", (nama_kolom, c.value)
        assert len(nip) == 18 and nip.isdigit()
    r1 = sel[rows[0]["NIP BARU"]]
    assert ws.cell(row=r1, column=kolom["NIK"]).value == "1509012345678901"
    nama = ws.cell(row=r1, column=kolom["NAMA"])
    assert nama.data_type != "f" and nama.value == "'" + rows[0]["NAMA"]
    assert ws.cell(row=r1, column=kolom["GELAR BELAKANG"]).value == "'=1+1"
    assert ws.cell(row=r1, column=kolom["NOMOR HP"]).value == "'+6281200000001"
    r2 = sel[rows[1]["NIP BARU"]]
    assert ws.cell(row=r2, column=kolom["NIP ATASAN"]).value == rows[0]["NIP BARU"]
    assert ws.cell(row=r2, column=kolom["NAMA"]).value == "'-Rahmat"
    assert ws.cell(row=r2, column=kolom["GELAR DEPAN"]).value == "'@dr."
    for row in ws.iter_rows(min_row=2):
        for c in row:
            assert c.data_type != "f", c.coordinate


def test_csv_dinetralkan_dan_diawali_bom(data):
    inst, rows = data
    headers, isi = _ekspor(inst)
    raw = ekspor.csv_bytes(headers, isi)
    assert raw.startswith(b"\xef\xbb\xbf")
    records = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert records[0] == headers
    by_nip = {r[headers.index("NIP BARU")]: dict(zip(headers, r, strict=True)) for r in records[1:]}
    assert set(by_nip) == {r["NIP BARU"] for r in rows}
    satu = by_nip[rows[0]["NIP BARU"]]
    assert satu["NAMA"] == "'" + rows[0]["NAMA"] and satu["GELAR BELAKANG"] == "'=1+1"
    assert satu["NIK"] == "1509012345678901"
    assert by_nip[rows[1]["NIP BARU"]]["NAMA"] == "'-Rahmat"
    for record in records[1:]:
        for cell in record:
            assert not cell.startswith(ekspor.PEMICU_RUMUS), record


@pytest.mark.parametrize("jenis", ["xlsx", "csv"])
def test_ekspor_diimpor_ulang_tanpa_perubahan(data, jenis):
    inst, rows = data
    headers, isi = _ekspor(inst)
    isi_berkas = ekspor.xlsx_bytes(headers, isi) if jenis == "xlsx" else ekspor.csv_bytes(headers, isi)
    tabel = berkas_mod.baca(io.BytesIO(isi_berkas), f"ekspor.{jenis}")
    events = Pegawai.pgh_event_model.objects.count()
    uji = engine.periksa(tabel, inst)
    assert uji.ok, [g.as_dict() for g in uji.galat]
    assert (uji.baru, uji.diperbarui, uji.tidak_berubah, uji.unit_baru, uji.jabatan_baru) == (0, 0, len(rows), [], 0)
    with transaction.atomic(), pghistory.context(sumber="impor"):
        hasil = engine.terapkan(tabel, inst)
    assert (hasil.baru, hasil.diperbarui, hasil.tidak_berubah) == (0, 0, len(rows))
    assert Pegawai.pgh_event_model.objects.count() == events
    assert Pegawai.objects.get(nip=rows[0]["NIP BARU"]).nama == rows[0]["NAMA"]


def test_templat_memakai_header_siasn_dan_kolom_teks():
    wb = load_workbook(io.BytesIO(ekspor.templat_xlsx()))
    ws = wb["Data Pegawai"]
    assert [c.value for c in ws[1]] == engine.HEADER_SIASN
    kolom = {c.value: c.column_letter for c in ws[1]}
    for nama_kolom in ("NIP BARU", "NIK", "NIP ATASAN"):  # the whole column is formatted as Text
        assert ws.column_dimensions[kolom[nama_kolom]].number_format == "@"
    t = berkas_mod.baca(io.BytesIO(ekspor.templat_xlsx()), "templat.xlsx")
    assert t.header == engine.HEADER_SIASN and t.baris == []


@pytest.mark.parametrize("nilai", ["Budi;=1+2", "Budi,=1+2", "Budi\t@SUM(A1)", "Budi; =1+2", 'Budi;"=1+2',
                                   "baris satu\n=HYPERLINK(\"http://x\")", "a\r\n+62812", "x;-5", "=1;=2,+3"])
@pytest.mark.parametrize("pemisah", [",", ";", "\t"])
def test_csv_tidak_memuat_rumus_setelah_pemisah_mana_pun(nilai, pemisah):
    """Excel with the Indonesian list separator (``;``) splits on it without honouring the quotes: no piece
    of a value, however a reader splits it, may start a formula."""
    raw = ekspor.csv_bytes(["NAMA", "NIP BARU"], [[nilai, "198609262015051001"]])
    teks = raw.decode("utf-8-sig")
    for baris in re.split(r"\r\n|\n|\r", teks):
        for potongan in baris.split(pemisah):
            sel = potongan.strip(' "')
            assert not sel.startswith(ekspor.PEMICU_RUMUS), (nilai, pemisah, potongan)
    # Read back as CSV the value is the same text with quote marks added, nothing else.
    record = list(csv.reader(io.StringIO(teks, newline="")))[1]
    assert record[0].replace("'", "") == nilai.replace("'", "") and record[1] == "198609262015051001"


def test_csv_membiarkan_pemisah_tanpa_pemicu():
    raw = ekspor.csv_bytes(["NAMA"], [["Dr. Budi, S.Kom., M.T."], ["Jl. Merdeka; No. 5"], ["0812-3456-789"]])
    records = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [r[0] for r in records[1:]] == ["Dr. Budi, S.Kom., M.T.", "Jl. Merdeka; No. 5", "0812-3456-789"]
