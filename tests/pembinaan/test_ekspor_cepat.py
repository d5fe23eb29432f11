"""The employee export without model instances and without openpyxl's per-cell objects (issue 14 §2): the same
columns, values and order as the Resource export, NIP as text, formulas made inert, dates as dates, PNS and PPPK
rows, re-importable, a fixed number of queries."""

import datetime
import decimal
import io

import pghistory
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.styles.numbers import is_date_format

from pembinaan import ekspor
from pembinaan.impor import berkas as berkas_mod
from pembinaan.impor import pegawai as engine
from pembinaan.models import Pegawai
from tests import factories as f
from tests.pembinaan.test_ekspor import data  # noqa: F401  (the fixture: imported PNS, PPPK, CPNS, formula text)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(client, data):  # noqa: F811
    inst, _ = data
    client.force_login(f.hr_user(inst))
    return inst


def _unduh(client, fmt="xlsx", **query):
    r = client.get(reverse("pegawai-export", args=[fmt]), query)
    assert r.status_code == 200, r.status_code
    return r.content


def test_baris_sama_dengan_ekspor_resource(data):  # noqa: F811
    """Same headers, same values, same order as PegawaiResource (which the admin still uses)."""
    inst, rows = data
    qs = Pegawai.objects.filter(instansi=inst)
    lama = ekspor.dataset(qs)
    baru = list(ekspor.baris_pegawai(qs))
    assert ekspor.HEADER_EKSPOR == list(lama.headers)
    assert [list(r) for r in baru] == [list(r) for r in lama]
    jenis = {r[ekspor.HEADER_EKSPOR.index("JENIS PEGAWAI NAMA")] for r in baru}
    assert jenis == {"PNS", "CPNS", "PPPK"} and len(baru) == len(rows)


def test_xlsx_dari_halaman_terbuka_dengan_header_nip_teks_dan_rumus_inert(client, hr, data):  # noqa: F811
    _, rows = data
    ws = load_workbook(io.BytesIO(_unduh(client))).active
    assert ws.title == "Pegawai"
    assert [c.value for c in ws[1]] == ekspor.HEADER_EKSPOR
    assert all(c.font.b for c in ws[1])
    kolom = {h: i for i, h in enumerate(ekspor.HEADER_EKSPOR)}
    isi = {r[kolom["NIP BARU"]].value: r for r in ws.iter_rows(min_row=2)}
    assert set(isi) == {r["NIP BARU"] for r in rows}
    for sel in isi.values():
        for nama in ("NIP BARU", "NIK", "NIP ATASAN", "PNS ID"):
            c = sel[kolom[nama]]
            assert c.number_format == "@", (nama, c.value)
            assert c.value is None or c.data_type == "s", (nama, c.value)
        assert all(c.data_type != "f" for c in sel)
    satu, dua, pppk = (isi[rows[i]["NIP BARU"]] for i in range(3))
    assert satu[kolom["NAMA"]].value == "'" + rows[0]["NAMA"]
    assert satu[kolom["GELAR BELAKANG"]].value == "'=1+1"
    assert satu[kolom["NOMOR HP"]].value == "'+6281200000001"
    assert satu[kolom["NIK"]].value == "1509012345678901"
    assert dua[kolom["NAMA"]].value == "'-Rahmat" and dua[kolom["GELAR DEPAN"]].value == "'@dr."
    assert dua[kolom["NIP ATASAN"]].value == rows[0]["NIP BARU"]
    # PNS and PPPK rows: kind, golongan and the SIASN date text (DD-MM-YYYY, what the import reads back).
    assert (satu[kolom["JENIS PEGAWAI NAMA"]].value, pppk[kolom["JENIS PEGAWAI NAMA"]].value) == ("PNS", "PPPK")
    assert pppk[kolom["GOL AKHIR NAMA"]].value == rows[2]["GOL AKHIR NAMA"]
    assert pppk[kolom["NIP ATASAN"]].value == rows[0]["NIP BARU"]
    p = Pegawai.objects.get(nip=rows[2]["NIP BARU"])
    assert pppk[kolom["TANGGAL LAHIR"]].value == f"{p.tanggal_lahir:%d-%m-%Y}"
    assert pppk[kolom["UNOR NAMA"]].value == "Bidang Mutasi"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_berkas_dari_halaman_diimpor_ulang_tanpa_perubahan(client, hr, data, fmt):  # noqa: F811
    inst, rows = data
    tabel = berkas_mod.baca(io.BytesIO(_unduh(client, fmt)), f"ekspor.{fmt}")
    uji = engine.periksa(tabel, inst)
    assert uji.ok, [g.as_dict() for g in uji.galat]
    assert (uji.baru, uji.diperbarui, uji.tidak_berubah) == (0, 0, len(rows))
    events = Pegawai.pgh_event_model.objects.count()
    with transaction.atomic(), pghistory.context(sumber="impor"):
        hasil = engine.terapkan(tabel, inst)
    assert (hasil.baru, hasil.diperbarui, hasil.tidak_berubah) == (0, 0, len(rows))
    assert Pegawai.pgh_event_model.objects.count() == events


def test_csv_dari_halaman_sama_dengan_ekspor_resource(client, hr, data):  # noqa: F811
    inst, _ = data
    lama = ekspor.dataset(Pegawai.objects.filter(instansi=inst))
    assert _unduh(client, "csv") == ekspor.csv_bytes(lama.headers, lama)


def test_jumlah_kueri_tetap_berapa_pun_pegawainya(client, hr, django_assert_max_num_queries):
    inst = hr
    unit = f.UnitKerjaFactory(instansi=inst)
    atasan = f.PegawaiFactory(instansi=inst, unit_kerja=unit)
    with CaptureQueriesContext(connection) as sedikit:
        _unduh(client, unit_kerja=unit.pk)
    for _ in range(15):
        f.PegawaiFactory(instansi=inst, unit_kerja=unit, atasan=atasan, jabatan=f.JabatanFactory(instansi=inst))
    with django_assert_max_num_queries(len(sedikit.captured_queries)):
        isi = _unduh(client, unit_kerja=unit.pk)
    assert load_workbook(io.BytesIO(isi)).active.max_row == 1 + 16


def test_unit_instansi_lain_tidak_ikut(client, hr):
    lain = f.InstansiFactory(kode="LAIN", nama="Instansi Lain")
    unit_lain = f.UnitKerjaFactory(instansi=lain)
    orang_lain = f.PegawaiFactory(instansi=lain, unit_kerja=unit_lain)
    ws = load_workbook(io.BytesIO(_unduh(client, unit_kerja=unit_lain.pk))).active
    nip = {r[1].value for r in ws.iter_rows(min_row=2)}
    assert orang_lain.nip not in nip and nip == set(Pegawai.objects.filter(instansi=hr).values_list("nip", flat=True))


def test_xlsx_bytes_tanggal_angka_dan_teks_khusus():
    """The writer on its own: a date cell is a date, numbers are numbers, text keeps its spaces and line breaks,
    characters XML cannot hold are left out, a name column quoted against formulas, the sheet title kept."""
    waktu = datetime.datetime(2025, 3, 4, 13, 30, 15)
    headers = ["NIP BARU", "TANGGAL", "WAKTU", "JP", "NILAI", "AKTIF", "CATATAN", "NAMA"]
    rows = [
        ["198609262015051001", datetime.date(2024, 12, 31), waktu, 20, 87.5, True, "  dua\r\nbaris ", "=1+1"],
        ["199001252022032001", None, None, 0, None, False, "a\x00b\x1fc & <d>", "Budi"],
    ]
    ws = load_workbook(io.BytesIO(ekspor.xlsx_bytes(headers, rows, judul="Kinerja \"Tahunan\" & JP"))).active
    assert ws.title == "Kinerja \"Tahunan\" & JP"
    a, b = ws[2], ws[3]
    assert a[0].value == "198609262015051001" and a[0].data_type == "s" and a[0].number_format == "@"
    assert a[1].value == datetime.datetime(2024, 12, 31) and a[1].is_date and is_date_format(a[1].number_format)
    assert a[2].value == waktu and a[2].is_date
    assert (a[3].value, a[4].value, a[5].value) == (20, 87.5, True)
    assert a[6].value == "  dua\r\nbaris "
    assert a[7].value == "'=1+1" and a[7].data_type == "s"
    assert (b[1].value, b[2].value, b[3].value, b[4].value, b[5].value) == (None, None, 0, None, False)
    assert b[6].value == "abc & <d>"
    # The same file through the import's reader (python-calamine).
    tabel = berkas_mod.baca(io.BytesIO(ekspor.xlsx_bytes(headers, rows)), "x.xlsx")
    assert tabel.header == headers and len(tabel.baris) == 2


def test_xlsx_bytes_judul_dan_angka_tak_lazim_tetap_terbuka():
    """A sheet name with characters Excel refuses, a Decimal, NaN: the file still opens, nothing is lost silently
    except the refused characters of the name."""
    raw = ekspor.xlsx_bytes(["NILAI", "RASIO"], [[decimal.Decimal("12.50"), float("nan")]],
                              judul="Rekap 2025/2026 [JP]: *semua*?")
    ws = load_workbook(io.BytesIO(raw)).active
    assert ws.title == "Rekap 20252026 JP semua"
    assert ws["A2"].value == 12.5 and ws["B2"].value == "nan"
