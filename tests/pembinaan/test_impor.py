"""Employee import end to end: real CSV/XLSX files → reader → engine → PostgreSQL (issue 2, section 4).

Every rejected row is asserted with its row number, its column and key words of the Indonesian message a
user reads. Files are built with tests/pembinaan/siasn.py (the exact SIASN header, valid defaults per row).
"""

import datetime
import io
import zipfile

import pghistory
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction

from pembinaan import services
from pembinaan.impor import berkas as berkas_mod
from pembinaan.impor import pegawai as engine
from pembinaan.models import ImporPegawai, Jabatan, Pegawai, UnitKerja
from tests import factories as f
from tests.pembinaan import siasn
from tests.pembinaan.siasn import BARIS, pegawai, pppk

pytestmark = pytest.mark.django_db

Event = Pegawai.pgh_event_model
HARI_INI = datetime.date.today()

# One fixed, valid PNS used by the "must be caught" cases: born 26-09-1986, TMT CPNS May 2015, male, no. 001.
NIP_ANI = "198609262015051001"


def ani(**cells):
    base = {"NIP BARU": NIP_ANI, "TANGGAL LAHIR": "26-09-1986", "TMT CPNS": "01-05-2015", "JENIS KELAMIN": "M",
            "NAMA": "Ani Setiawan"}
    return pegawai(900, **base, **cells)


@pytest.fixture
def inst():
    return f.InstansiFactory(kode=siasn.INSTANSI_KODE, nama=siasn.INSTANSI_NAMA)


@pytest.fixture
def lain():
    return f.InstansiFactory(kode="MERANGIN", nama="Pemerintah Kabupaten Merangin")


def tabel(rows, jenis="csv", **kwargs):
    data, nama = siasn.berkas(rows, jenis, **kwargs)
    return berkas_mod.baca(io.BytesIO(data), nama)


def periksa(inst, rows, jenis="csv", **kwargs):
    return engine.periksa(tabel(rows, jenis, **kwargs), inst)


def impor(inst, rows, jenis="csv", **kwargs):
    """Apply the way the service does: one transaction, instansi row locked, history context 'impor'."""
    t = tabel(rows, jenis, **kwargs)
    with transaction.atomic():
        type(inst).objects.select_for_update().get(pk=inst.pk)
        with pghistory.context(sumber="impor"):
            hasil = engine.terapkan(t, inst)
        if not hasil.ok:
            transaction.set_rollback(True)
    return hasil


def pesan(hasil, baris, kolom):
    found = [g.pesan for g in hasil.galat if g.baris == baris and g.kolom == kolom]
    assert found, f"tidak ada galat di baris {baris}, kolom {kolom}; galat: {[g.as_dict() for g in hasil.galat]}"
    return " ".join(found)


def assert_galat(hasil, baris, kolom, *kata):
    text = pesan(hasil, baris, kolom)
    for k in kata:
        assert k.lower() in text.lower(), f"{k!r} tidak ada dalam pesan: {text}"
    return text


def hitung():
    return Pegawai.objects.count(), UnitKerja.objects.count(), Jabatan.objects.count(), Event.objects.count()


# ---------------------------------------------------------------------------------------------------------------
# Must be caught: each case is one bad row next to a good one, in a CSV and in an XLSX file.

def _kembar():
    return [ani(), pegawai(2, nip_baru=NIP_ANI, tanggal_lahir="26-09-1986", tmt_cpns="01-05-2015",
                           jenis_kelamin="M")]


KASUS = {
    # id: (rows, row index of the bad row, column, key words)
    "nip-notasi-ilmiah": ([ani(nip_baru="1.98609E+17")], 0, "NIP BARU", ["notasi ilmiah", "Teks"]),
    "nip-notasi-ilmiah-koma": ([ani(nip_baru="1,98609E+17")], 0, "NIP BARU", ["notasi ilmiah", "Teks"]),
    "nip-digit-hilang-000": ([ani(nip_baru="198609262015051000")], 0, "NIP BARU", ["000", "angka", "Teks"]),
    "nip-17-digit": ([ani(nip_baru="19860926201505100")], 0, "NIP BARU", ["18 digit", "17 digit"]),
    "nip-19-digit": ([ani(nip_baru="1986092620150510011")], 0, "NIP BARU", ["18 digit", "19 digit"]),
    "nip-huruf": ([ani(nip_baru="19860926201505100O")], 0, "NIP BARU", ["angka", "'O'"]),
    "nip-kosong": ([ani(nip_baru="")], 0, "NIP BARU", ["NIP", "kosong"]),
    "nip-tanggal-lahir-mustahil": ([ani(nip_baru="198602312015051001", tanggal_lahir="28-02-1986")], 0,
                                   "NIP BARU", ["tanggal lahir", "19860231", "valid"]),
    "nip-bulan-tmt-13": ([ani(nip_baru="198609262015131001", tmt_cpns="")], 0, "NIP BARU",
                         ["bulan", "13", "01-12"]),
    "nip-kode-kelamin-3": ([ani(nip_baru="198609262015053001")], 0, "NIP BARU",
                           ["jenis kelamin", "(3)", "1 (laki-laki)", "2 (perempuan)"]),
    "nip-tmt-masa-depan": ([ani(nip_baru=f"19860926{HARI_INI.year + 1}011001", tmt_cpns="")], 0, "NIP BARU",
                           ["TMT CPNS", "masa depan"]),
    "kolom-tmt-masa-depan": ([ani(tmt_golongan=f"01-01-{HARI_INI.year + 1}")], 0, "TMT GOLONGAN",
                             ["masa depan", f"01-01-{HARI_INI.year + 1}"]),
    "tanggal-lahir-beda-dengan-nip": ([ani(tanggal_lahir="27-09-1986")], 0, "NIP BARU",
                                      ["tanggal lahir", "26 September 1986", "27 September 1986", "tidak sama"]),
    "kelamin-beda-dengan-nip": ([ani(jenis_kelamin="F")], 0, "NIP BARU",
                                ["jenis kelamin", "laki-laki", "perempuan", "tidak sesuai"]),
    "tmt-cpns-beda-dengan-nip": ([ani(tmt_cpns="01-06-2015")], 0, "NIP BARU", ["TMT CPNS", "Mei 2015", "Juni 2015"]),
    "nip-dua-kali": (_kembar(), 1, "NIP BARU", [NIP_ANI, "dua kali", f"baris {BARIS[1]}"]),
    "golongan-tak-dikenal": ([ani(gol_akhir_nama="V/z")], 0, "GOL AKHIR NAMA", ["'V/z'", "III/a", "IV/e"]),
    "golongan-pppk-untuk-pns": ([ani(gol_akhir_nama="IX")], 0, "GOL AKHIR NAMA",
                                ["'IX'", "PPPK tidak boleh", "I/a", "IV/e"]),
    "golongan-pns-untuk-pppk": ([pppk(3, gol_akhir_nama="III/a")], 0, "GOL AKHIR NAMA",
                                ["'III/a'", "PNS tidak boleh", "XVII"]),
    "jenis-jabatan-tak-dikenal": ([ani(jenis_jabatan_nama="Jabatan Rahasia")], 0, "JENIS JABATAN NAMA",
                                  ["'Jabatan Rahasia'", "Pelaksana", "Fungsional", "JPT Pratama"]),
    "nama-kosong": ([ani(nama="")], 0, "NAMA", ["nama", "kosong"]),
    "nama-hanya-spasi": ([ani(nama=" \u00a0 ")], 0, "NAMA", ["nama", "kosong"]),
    "tanggal-lahir-tak-terbaca": ([ani(tanggal_lahir="31-02-1986")], 0, "TANGGAL LAHIR",
                                  ["31-02-1986", "DD-MM-YYYY"]),
    "jenis-kelamin-tak-dikenal": ([ani(jenis_kelamin="X")], 0, "JENIS KELAMIN", ["'X'", "M/F"]),
    "nip-atasan-tidak-ada": ([ani(nip_atasan="197001012000031001")], 0, "NIP ATASAN",
                             ["197001012000031001", "tidak ditemukan", siasn.INSTANSI_NAMA]),
    "instansi-lain": ([ani(instansi_induk_nama="Pemerintah Kabupaten Merangin")], 0, "INSTANSI INDUK NAMA",
                      ["Pemerintah Kabupaten Merangin", siasn.INSTANSI_NAMA]),
    "nik-angka-ilmiah": ([ani(nik="1.50901E+15")], 0, "NIK", ["notasi ilmiah", "Teks"]),
    "nik-15-digit": ([ani(nik="150901000000001")], 0, "NIK", ["16 digit"]),
    "email-salah": ([ani(email="bukan-email")], 0, "EMAIL", ["bukan-email", "tidak sah"]),
}


@pytest.mark.parametrize("jenis", ["csv", "xlsx"])
@pytest.mark.parametrize("kasus", list(KASUS))
def test_baris_salah_ditolak_dengan_baris_kolom_dan_pesan(inst, kasus, jenis):
    rows, i, kolom, kata = KASUS[kasus]
    rows = [pegawai(50), *rows]  # a good row first: the bad one is at spreadsheet row 3 (or 4)
    hasil = periksa(inst, rows, jenis)
    assert not hasil.ok
    assert_galat(hasil, BARIS[i + 1], kolom, *kata)
    assert {g.baris for g in hasil.galat} == {BARIS[i + 1]}, [g.as_dict() for g in hasil.galat]


def test_nip_sebagai_sel_angka_xlsx_ditolak(inst):
    """Excel kept 15 digits of an NIP typed as a number: the reader must not 'repair' it."""
    rows = [pegawai(50), ani(nip_baru=198609262015051001), ani(nip_baru=198609262015051001.0, nama="Budi")]
    hasil = periksa(inst, rows, "xlsx")
    for i in (1, 2):
        text = assert_galat(hasil, BARIS[i], "NIP BARU", "angka", "15 digit", "Teks", "198609262015051000")
        assert "e+17" not in text.lower()
    assert {g.baris for g in hasil.galat} == {BARIS[1], BARIS[2]}


def test_nip_atasan_sebagai_sel_angka_ditolak(inst):
    hasil = periksa(inst, [pegawai(50), ani(nip_atasan=198609262015051001)], "xlsx")
    assert_galat(hasil, BARIS[1], "NIP ATASAN", "angka", "Teks")


def test_nip_terdaftar_di_instansi_lain_ditolak(inst, lain):
    f.PegawaiFactory(instansi=lain, nip=NIP_ANI, tanggal_lahir=datetime.date(1986, 9, 26))
    hasil = periksa(inst, [pegawai(50), ani()])
    assert_galat(hasil, BARIS[1], "NIP BARU", NIP_ANI, "instansi lain")


def test_instansi_dengan_id_siasn_dicocokkan_dengan_id(inst):
    inst.siasn_id = "A5EB03E23BFBF6A0E040640A040252AD"
    inst.save()
    rows = [pegawai(1, instansi_induk_id=inst.siasn_id, instansi_induk_nama="PEMKAB TEBO"),
            pegawai(2, instansi_induk_id="A5EB03E23CCCF6A0E040640A040252AD", instansi_induk_nama="Pemkab Merangin")]
    hasil = periksa(inst, rows)
    assert [g.baris for g in hasil.galat] == [BARIS[1]]
    assert_galat(hasil, BARIS[1], "INSTANSI INDUK ID", "Pemkab Merangin", siasn.INSTANSI_NAMA)


def test_nama_instansi_gaya_siasn_diterima(inst):
    """SIASN writes 'Pemerintah Kab. Tebo' / 'PEMERINTAH KABUPATEN TEBO': the same instansi."""
    rows = [pegawai(1, instansi_induk_nama="Pemerintah Kab. Tebo"),
            pegawai(2, instansi_induk_nama="PEMERINTAH  KABUPATEN TEBO"),
            pegawai(3, instansi_induk_nama="Pemkab Tebo")]
    assert periksa(inst, rows).ok


def test_pns_id_ganda_ditolak_sebelum_menulis(inst):
    dipakai = "8AE48A0000000000000000000000000099"
    f.PegawaiFactory(instansi=inst, pns_id=dipakai, nama="Sudah Ada")
    rows = [pegawai(1), pegawai(2, pns_id=pegawai(1)["PNS ID"]), pegawai(3, pns_id=dipakai)]
    hasil = impor(inst, rows)
    assert_galat(hasil, BARIS[1], "PNS ID", "dua kali", f"baris {BARIS[0]}")
    assert_galat(hasil, BARIS[2], "PNS ID", "sudah dipakai", "Sudah Ada")
    assert Pegawai.objects.count() == 1


def test_semua_baris_salah_dilaporkan_sekaligus(inst):
    """One file, many different problems: every bad row is reported, in row order, in one dry run."""
    rows = [pegawai(50)] + [r for rows, _, _, _ in KASUS.values() for r in rows]
    hasil = periksa(inst, rows, "xlsx")
    assert len({g.baris for g in hasil.galat}) == len(rows) - 1  # every row but the first
    assert [g.baris for g in hasil.galat] == sorted(g.baris for g in hasil.galat)
    assert hasil.ringkasan()["baris"] == len(rows)
    assert hasil.ringkasan()["baris_ditolak"] == len(rows) - 1


def test_nomor_baris_mengikuti_spreadsheet_walau_ada_baris_kosong(inst):
    rows = [pegawai(1), {}, {}, ani(nama="")]  # two blank rows: the bad row is at spreadsheet row 5
    for jenis in ("csv", "xlsx"):
        hasil = periksa(inst, rows, jenis)
        assert [g.baris for g in hasil.galat] == [5], jenis


# ---------------------------------------------------------------------------------------------------------------
# All or nothing.

def _campuran():
    """Two good rows naming new units and jabatan, one bad row."""
    return [pegawai(1, unor_id="U-BARU-1", unor_nama="Bidang Baru", jabatan_nama="Analis Baru"),
            pegawai(2, gol_akhir_nama="V/z"),
            pegawai(3, satuan_kerja_kerja_id="S-BARU", satuan_kerja_kerja_nama="Dinas Baru")]


@pytest.mark.parametrize("jenis", ["csv", "xlsx"])
def test_satu_baris_ditolak_tidak_ada_yang_ditulis_terapkan(inst, jenis):
    f.PegawaiFactory(instansi=inst)
    sebelum = hitung()
    hasil = impor(inst, _campuran(), jenis)
    assert not hasil.ok
    assert_galat(hasil, BARIS[1], "GOL AKHIR NAMA", "V/z")
    assert hitung() == sebelum


def test_satu_baris_ditolak_tidak_ada_yang_ditulis_lewat_layanan(inst):
    hr = f.hr_user(inst)
    sebelum = hitung()
    upload = SimpleUploadedFile("pegawai.xlsx", siasn.xlsx_bytes(_campuran()))
    imp = services.impor_create(actor=hr, berkas=upload)
    assert imp.status == ImporPegawai.Status.DITOLAK
    assert imp.galat == [{"baris": BARIS[1], "kolom": "GOL AKHIR NAMA", "pesan": imp.galat[0]["pesan"]}]
    assert "V/z" in imp.galat[0]["pesan"]
    assert imp.ringkasan["baris_ditolak"] == 1
    with pytest.raises(ValidationError):
        services.impor_confirm(actor=hr, impor=imp)
    assert hitung() == sebelum


def test_perubahan_data_setelah_uji_coba_ditolak_saat_impor(inst, lain):
    """The dry run was clean, then another instansi registered one NIP: the apply checks again, writes nothing."""
    hr = f.hr_user(inst)
    rows = [pegawai(1, unor_id="U-BARU", unor_nama="Bidang Baru"), ani(), pegawai(3)]
    imp = services.impor_create(actor=hr, berkas=SimpleUploadedFile("pegawai.csv", siasn.csv_bytes(rows)))
    assert imp.status == ImporPegawai.Status.SIAP, imp.galat
    assert imp.ringkasan["baru"] == 3
    assert imp.ringkasan["unit_baru"] == sorted(["Bidang Baru", siasn.SATKER_NAMA, siasn.UNOR_NAMA])
    f.PegawaiFactory(instansi=lain, nip=NIP_ANI, tanggal_lahir=datetime.date(1986, 9, 26))
    sebelum = hitung()
    imp = services.impor_confirm(actor=hr, impor=imp)
    assert imp.status == ImporPegawai.Status.DITOLAK
    assert imp.galat[0]["baris"] == BARIS[1] and "instansi lain" in imp.galat[0]["pesan"]
    assert hitung() == sebelum


def test_alur_layanan_lengkap_mencatat_riwayat_dengan_sumber_impor(inst):
    hr = f.hr_user(inst)
    rows = [pegawai(1), pegawai(2, nip_atasan=pegawai(1)["NIP BARU"])]
    imp = services.impor_create(actor=hr, berkas=SimpleUploadedFile("pegawai.xlsx", siasn.xlsx_bytes(rows)))
    assert imp.status == ImporPegawai.Status.SIAP, imp.galat
    imp = services.impor_confirm(actor=hr, impor=imp)
    assert imp.status == ImporPegawai.Status.SELESAI
    assert imp.ringkasan["baru"] == 2
    staf = Pegawai.objects.get(nip=pegawai(2)["NIP BARU"])
    assert staf.atasan.nip == pegawai(1)["NIP BARU"]
    metadata = Event.objects.filter(pgh_obj=staf).latest("pgh_id").pgh_context.metadata
    assert metadata["sumber"] == "impor" and metadata["user"] == hr.pk
    # every new employee has its "insert" event, with who and through what
    for p in Pegawai.objects.all():
        event = Event.objects.get(pgh_obj=p, pgh_label="insert")
        assert event.nama == p.nama and event.nip == p.nip
        assert event.pgh_context.metadata["sumber"] == "impor" and event.pgh_context.metadata["user"] == hr.pk


# ---------------------------------------------------------------------------------------------------------------
# Must be accepted.

@pytest.mark.parametrize("jenis", ["csv", "xlsx"])
def test_nip_dengan_spasi_diterima(inst, jenis):
    rows = [ani(nip_baru="19860926 201505 1 001"), pegawai(2, nip_baru=" 19860926\u00a0201505\u00a01\u00a0002 ",
                                                           tanggal_lahir="26-09-1986", tmt_cpns="01-05-2015",
                                                           jenis_kelamin="M")]
    hasil = impor(inst, rows, jenis)
    assert hasil.ok, [g.as_dict() for g in hasil.galat]
    assert set(Pegawai.objects.values_list("nip", flat=True)) == {NIP_ANI, "198609262015051002"}


@pytest.mark.parametrize("jenis", ["csv", "xlsx"])
def test_ni_pppk_diterima(inst, jenis):
    rows = [pppk(1), pppk(2, **{"NIP BARU": siasn.nip_pppk(siasn.lahir(2), 2025, "F", 14, kontrak="24"),
                                "JENIS PEGAWAI NAMA": "PPPK Paruh Waktu", "TMT CPNS": "01-10-2025",
                                "TMT GOLONGAN": "01-10-2025", "GOL AKHIR NAMA": "Golongan V"}),
            # no status columns at all: digits 13-14 ("21") say PPPK
            pppk(3, jenis_pegawai_nama="", kedudukan_hukum_id="", kedudukan_hukum_nama="")]
    hasil = impor(inst, rows, jenis)
    assert hasil.ok, [g.as_dict() for g in hasil.galat]
    got = {p.nip[12:14]: (p.jenis_asn, p.golongan) for p in Pegawai.objects.all()}
    assert got == {"21": ("PPPK", "IX"), "24": ("PPPK_PW", "V")} and Pegawai.objects.count() == 3


@pytest.mark.parametrize("jenis", ["csv", "xlsx"])
def test_nama_dinormalisasi(inst, jenis):
    rows = [pegawai(1, nama="Ma'ruf Amin"), pegawai(2, nama="  Siti\u00a0\u00a0Nur\u00a0Haliza \t"),
            pegawai(3, nama=" O'Brien  Sitompul ", gelar_depan=" dr.\u00a0", gelar_belakang=" Sp.A ")]
    hasil = impor(inst, rows, jenis)
    assert hasil.ok, [g.as_dict() for g in hasil.galat]
    nama = dict(Pegawai.objects.values_list("nip", "nama"))
    assert [nama[r["NIP BARU"]] for r in rows] == ["Ma'ruf Amin", "Siti Nur Haliza", "O'Brien Sitompul"]
    p3 = Pegawai.objects.get(nip=rows[2]["NIP BARU"])
    assert (p3.gelar_depan, p3.gelar_belakang) == ("dr.", "Sp.A")


@pytest.mark.parametrize("jenis", ["csv", "xlsx"])
def test_teks_mirip_rumus_disimpan_apa_adanya(inst, jenis):
    rows = [pegawai(1, nama='=HYPERLINK("http://contoh.test","klik")', gelar_belakang="=1+1"),
            pegawai(2, nama="Budi =1+1", gelar_belakang="+S.Pd", tempat_lahir_nama="@SUM(A1)",
                    nomor_hp="+6281234567890"),
            pegawai(3, nama="-Rahmat", gelar_depan="-")]
    hasil = impor(inst, rows, jenis)
    assert hasil.ok, [g.as_dict() for g in hasil.galat]
    p = {x.nip: x for x in Pegawai.objects.all()}
    p1, p2, p3 = (p[r["NIP BARU"]] for r in rows)
    assert (p1.nama, p1.gelar_belakang) == ('=HYPERLINK("http://contoh.test","klik")', "=1+1")
    assert (p2.nama, p2.gelar_belakang, p2.tempat_lahir, p2.no_hp) == ("Budi =1+1", "+S.Pd", "@SUM(A1)",
                                                                       "+6281234567890")
    assert (p3.nama, p3.gelar_depan) == ("-Rahmat", "-")


def test_tanggal_siasn_dan_sel_tanggal_excel(inst):
    rows = [
        ani(),  # DD-MM-YYYY text, as SIASN writes
        pegawai(2, nip_baru="199002142019031002", tanggal_lahir=datetime.date(1990, 2, 14),
                tmt_cpns=datetime.date(2019, 3, 1), tmt_golongan=datetime.datetime(2023, 4, 1, 0, 0),
                jenis_kelamin="M"),
        pegawai(3, nip_baru="198805172014032003", tanggal_lahir="17/05/1988", tmt_cpns="2014-03-01",
                jenis_kelamin="F", tmt_golongan=""),
    ]
    hasil = impor(inst, rows, "xlsx")
    assert hasil.ok, [g.as_dict() for g in hasil.galat]
    got = {p.nip: (p.tanggal_lahir, p.tmt_cpns, p.tmt_golongan) for p in Pegawai.objects.all()}
    d = datetime.date
    assert got[NIP_ANI][:2] == (d(1986, 9, 26), d(2015, 5, 1))
    assert got["199002142019031002"] == (d(1990, 2, 14), d(2019, 3, 1), d(2023, 4, 1))
    assert got["198805172014032003"] == (d(1988, 5, 17), d(2014, 3, 1), None)


def test_sel_tanggal_excel_yang_bertentangan_dengan_nip_ditolak(inst):
    hasil = periksa(inst, [ani(tanggal_lahir=datetime.date(1986, 9, 27))], "xlsx")
    assert_galat(hasil, BARIS[0], "NIP BARU", "27 September 1986", "tidak sama")


@pytest.mark.parametrize("jenis", ["csv", "xlsx"])
def test_kolom_tambahan_diabaikan(inst, jenis):
    header = ["KETERANGAN", *siasn.HEADER_SIASN[:10], "KOLOM BUATAN SENDIRI", *siasn.HEADER_SIASN[10:], "CATATAN"]
    rows = [pegawai(1, KETERANGAN="=1+1", **{"KOLOM BUATAN SENDIRI": "apa saja", "CATATAN": "x"})]
    hasil = impor(inst, rows, jenis, header=header)
    assert hasil.ok, [g.as_dict() for g in hasil.galat]
    assert Pegawai.objects.get().nama == "Pegawai Nomor 1"


def test_csv_titik_koma_dengan_bom(inst):
    rows = [pegawai(1, nama="Ma'ruf; Amin"), pegawai(2, nama="Dédé Suryani")]
    data = siasn.csv_bytes(rows, delimiter=";", bom=True)
    assert data.startswith(b"\xef\xbb\xbfPNS ID;NIP BARU;")
    t = berkas_mod.baca(io.BytesIO(data), "PEGAWAI.CSV")
    assert t.header[:2] == ["PNS ID", "NIP BARU"]
    with transaction.atomic():
        hasil = engine.terapkan(t, inst)
    assert hasil.ok, [g.as_dict() for g in hasil.galat]
    assert sorted(Pegawai.objects.values_list("nama", flat=True)) == ["Dédé Suryani", "Ma'ruf; Amin"]


def test_csv_windows_1252_dan_ekspor_excel_lama(inst):
    data = siasn.csv_bytes([pegawai(1, nama="Dédé Suryani")], delimiter=";", encoding="cp1252")
    hasil = engine.periksa(berkas_mod.baca(io.BytesIO(data), "pegawai.csv"), inst)
    assert hasil.ok and hasil.rows[0]["nama"] == "Dédé Suryani"


def test_unit_baru_dibuat_dan_dicantumkan_pada_uji_coba(inst):
    rows = [pegawai(1), pegawai(2),
            pegawai(3, unor_id="U-2", unor_nama="Bidang Mutasi"),
            # staff placed directly in the satuan kerja: UNOR = SATUAN KERJA
            pegawai(4, unor_id=siasn.SATKER_ID, unor_nama=siasn.SATKER_NAMA),
            pegawai(5, satuan_kerja_kerja_id="S-2", satuan_kerja_kerja_nama="Dinas Kesehatan",
                    unor_id="U-3", unor_nama="Puskesmas Muara Tebo")]
    uji = periksa(inst, rows)
    assert uji.ok, [g.as_dict() for g in uji.galat]
    semua = sorted([siasn.SATKER_NAMA, siasn.UNOR_NAMA, "Bidang Mutasi", "Dinas Kesehatan", "Puskesmas Muara Tebo"])
    assert uji.ringkasan()["unit_baru"] == semua
    assert uji.baru == 5 and uji.jabatan_baru == 1
    assert UnitKerja.objects.count() == 0

    hasil = impor(inst, rows)
    assert hasil.ok and hasil.unit_baru == semua
    units = {u.nama: u for u in UnitKerja.objects.filter(instansi=inst)}
    assert len(units) == 5
    satker, dinkes = units[siasn.SATKER_NAMA], units["Dinas Kesehatan"]
    assert satker.induk is None and satker.siasn_unor_id == siasn.SATKER_ID
    assert units[siasn.UNOR_NAMA].induk == satker and units["Bidang Mutasi"].induk == satker
    assert units["Puskesmas Muara Tebo"].induk == dinkes and dinkes.induk is None
    by_nip = {p.nip: p.unit_kerja.nama for p in Pegawai.objects.select_related("unit_kerja")}
    assert [by_nip[r["NIP BARU"]] for r in rows] == [siasn.UNOR_NAMA, siasn.UNOR_NAMA, "Bidang Mutasi",
                                                       siasn.SATKER_NAMA, "Puskesmas Muara Tebo"]
    # the next file with the same units creates none
    hasil = impor(inst, [*rows, pegawai(6, unor_id="U-2", unor_nama="Bidang Mutasi")])
    assert hasil.ok and hasil.unit_baru == [] and hasil.baru == 1 and UnitKerja.objects.count() == 5


def test_unit_tanpa_id_siasn_dicocokkan_dengan_nama(inst):
    """Units typed by HR (no UNOR ID) are matched by name, case-insensitively, and used as parents."""
    induk = f.UnitKerjaFactory(instansi=inst, nama="Dinas Pendidikan")
    rows = [pegawai(1, satuan_kerja_kerja_id="", satuan_kerja_kerja_nama="Dinas  pendidikan", unor_id="",
                    unor_nama="SD Negeri 1 Muara Tebo"),
            pegawai(2, satuan_kerja_kerja_id="", satuan_kerja_kerja_nama="Dinas Pendidikan", unor_id="",
                    unor_nama="")]
    uji = periksa(inst, rows)
    assert uji.unit_baru == ["SD Negeri 1 Muara Tebo"]
    assert impor(inst, rows).ok
    sd = UnitKerja.objects.get(nama="SD Negeri 1 Muara Tebo")
    assert sd.induk == induk and UnitKerja.objects.count() == 2
    assert Pegawai.objects.get(nip=rows[1]["NIP BARU"]).unit_kerja == induk
    assert impor(inst, rows).tidak_berubah == 2


def test_jabatan_dibuat_dengan_jenis_dan_jenjang(inst):
    struktural = {"jenis_jabatan_id": "1", "jenis_jabatan_nama": "Jabatan Struktural"}
    rows = [pegawai(1, jenis_jabatan_nama="Jabatan Fungsional Tertentu",
                    jabatan_nama="Analis Sumber Daya Manusia Aparatur Ahli Pertama"),
            pegawai(2, **struktural, jabatan_nama="Kepala Pusat Data", eselon="III.b"),
            pegawai(3, jenis_jabatan_nama="JPT Pratama", jabatan_nama="Kepala Badan"),
            pegawai(4),
            # SIASN's export has no ESELON column: the usual names of structural posts tell the kind
            pegawai(5, **struktural, jabatan_nama="Kepala Seksi Mutasi"),
            pegawai(6, **struktural, jabatan_nama="Sekretaris Daerah"),
            pegawai(7, **struktural, jabatan_nama="Kepala Dinas Pendidikan"),
            pegawai(8, **struktural, jabatan_nama="Camat Tebo Ilir"),
            pegawai(9, **struktural, jabatan_nama="pengadministrasi perkantoran")]
    hasil = impor(inst, rows)
    assert not hasil.ok
    assert_galat(hasil, BARIS[8], "JENIS JABATAN NAMA", "pengadministrasi perkantoran", "ESELON")
    rows[8] = pegawai(9, jabatan_nama="PENGADMINISTRASI  PERKANTORAN")  # same jabatan as row 4: case ignored
    hasil = impor(inst, rows)
    assert hasil.ok and hasil.jabatan_baru == 8
    got = {j.nama: (j.jenis, j.jenjang) for j in Jabatan.objects.all()}
    assert got == {"Analis Sumber Daya Manusia Aparatur Ahli Pertama": ("fungsional", "ahli_pertama"),
                   "Kepala Pusat Data": ("administrator", ""), "Kepala Badan": ("jpt_pratama", ""),
                   "Pengadministrasi Perkantoran": ("pelaksana", ""), "Kepala Seksi Mutasi": ("pengawas", ""),
                   "Sekretaris Daerah": ("jpt_pratama", ""), "Kepala Dinas Pendidikan": ("jpt_pratama", ""),
                   "Camat Tebo Ilir": ("administrator", "")}
    assert Pegawai.objects.filter(jabatan__nama="Pengadministrasi Perkantoran").count() == 2


def test_jabatan_struktural_tanpa_eselon_ditolak(inst):
    hasil = periksa(inst, [pegawai(1, jenis_jabatan_id="1", jenis_jabatan_nama="Jabatan Struktural",
                                   jabatan_nama="Kepala Pusat Data"),
                           pegawai(2, jenis_jabatan_id="1", jenis_jabatan_nama="Jabatan Struktural",
                                   jabatan_nama="Kepala Bidang Mutasi", eselon="V.a")])
    assert_galat(hasil, BARIS[0], "JENIS JABATAN NAMA", "Kepala Pusat Data", "ESELON", "Administrator")
    assert_galat(hasil, BARIS[1], "JENIS JABATAN NAMA", "ESELON 'V.a' tidak dikenal")


# ---------------------------------------------------------------------------------------------------------------
# Re-import and updates.

def test_impor_ulang_tidak_mengubah_apa_pun(inst):
    rows = [pegawai(1), pegawai(2, nip_atasan=pegawai(1)["NIP BARU"]), pppk(3, nip_atasan=pegawai(1)["NIP BARU"]),
            pegawai(4, unor_id="U-2", unor_nama="Bidang Mutasi", jenis_jabatan_nama="Jabatan Fungsional Tertentu",
                    jabatan_nama="Pranata Komputer Ahli Muda", nama="Ma'ruf\u00a0 Amin", gelar_belakang="=1+1")]
    for jenis in ("csv", "xlsx"):
        pertama = impor(inst, rows, jenis)
        assert pertama.ok, [g.as_dict() for g in pertama.galat]
        sebelum = hitung()
        uji = periksa(inst, rows, jenis)
        assert (uji.baru, uji.diperbarui, uji.tidak_berubah, uji.unit_baru, uji.jabatan_baru) == (0, 0, 4, [], 0)
        hasil = impor(inst, rows, jenis)
        assert (hasil.baru, hasil.diperbarui, hasil.tidak_berubah, hasil.unit_baru) == (0, 0, len(rows), [])
        assert hitung() == sebelum  # no new rows, and no new history events


def test_berkas_lebih_baru_memperbarui_tepat_satu_pegawai(inst):
    rows = [pegawai(n) for n in range(1, 6)]
    assert impor(inst, rows).ok
    target = Pegawai.objects.get(nip=rows[2]["NIP BARU"])
    events = Event.objects.count()
    diperbarui_lain = dict(Pegawai.objects.exclude(pk=target.pk).values_list("pk", "diperbarui"))

    rows[2] = {**rows[2], "GOL AKHIR NAMA": "III/b", "GOL AKHIR ID": "32", "TMT GOLONGAN": "01-04-2024"}
    uji = periksa(inst, rows, "xlsx")
    assert (uji.baru, uji.diperbarui, uji.tidak_berubah) == (0, 1, 4)
    hasil = impor(inst, rows, "xlsx")
    assert (hasil.baru, hasil.diperbarui, hasil.tidak_berubah) == (0, 1, 4)

    target.refresh_from_db()
    assert (target.golongan, target.tmt_golongan) == ("III/b", datetime.date(2024, 4, 1))
    assert Event.objects.count() == events + 1
    event = Event.objects.get(pgh_obj=target, golongan="III/b")
    assert event.pgh_label == "update" and event.pgh_context.metadata["sumber"] == "impor"
    assert Event.objects.filter(pgh_obj=target).order_by("pgh_id").first().golongan == "III/a"
    assert dict(Pegawai.objects.exclude(pk=target.pk).values_list("pk", "diperbarui")) == diperbarui_lain


def test_kolom_yang_tidak_ada_di_berkas_tidak_mengosongkan_data(inst):
    """A short sheet (NIP, name, birth date, sex, NIP ATASAN) sets the atasan and leaves everything else alone."""
    rows = [pegawai(1), pegawai(2), pegawai(3)]
    assert impor(inst, rows).ok
    sebelum = {p.nip: (p.unit_kerja_id, p.jabatan_id, p.golongan, p.nik, p.pns_id, p.tmt_cpns)
               for p in Pegawai.objects.all()}
    header = ["NIP BARU", "NAMA", "TANGGAL LAHIR", "JENIS KELAMIN", "NIP ATASAN"]
    pendek = [rows[0], {**rows[1], "NIP ATASAN": rows[0]["NIP BARU"]}, {**rows[2], "NIP ATASAN": rows[0]["NIP BARU"]}]
    uji = periksa(inst, pendek, header=header)
    assert (uji.diperbarui, uji.tidak_berubah) == (2, 1)
    hasil = impor(inst, pendek, "xlsx", header=header)
    assert (hasil.diperbarui, hasil.tidak_berubah) == (2, 1), [g.as_dict() for g in hasil.galat]
    sesudah = {p.nip: (p.unit_kerja_id, p.jabatan_id, p.golongan, p.nik, p.pns_id, p.tmt_cpns)
               for p in Pegawai.objects.all()}
    assert sesudah == sebelum
    assert Pegawai.objects.filter(atasan__nip=rows[0]["NIP BARU"]).count() == 2


def test_cpns_tetap_cpns_bila_berkas_tanpa_kolom_status(inst):
    assert impor(inst, [pegawai(1, status_cpns_pns="C", gol_akhir_nama="II/c")]).ok
    assert Pegawai.objects.get().jenis_asn == "CPNS"
    header = ["NIP BARU", "NAMA", "TANGGAL LAHIR", "JENIS KELAMIN", "GOL AKHIR NAMA"]
    hasil = impor(inst, [pegawai(1, gol_akhir_nama="II/d")], header=header)
    assert hasil.ok and hasil.diperbarui == 1
    assert Pegawai.objects.values_list("jenis_asn", "golongan").get() == ("CPNS", "II/d")


# ---------------------------------------------------------------------------------------------------------------
# NIP ATASAN.

@pytest.mark.parametrize("jenis", ["csv", "xlsx"])
def test_nip_atasan_menetapkan_atasan_juga_bila_atasan_di_baris_berikutnya(inst, jenis):
    kepala_lama = f.PegawaiFactory(instansi=inst, nama="Kepala Lama")
    rows = [pegawai(1, nip_atasan=pegawai(3)["NIP BARU"]),  # the atasan comes later in the file
            pegawai(2, nip_atasan=kepala_lama.nip),  # the atasan is already in the database
            pegawai(3, nip_atasan=" ".join([pegawai(4)["NIP BARU"][:8], pegawai(4)["NIP BARU"][8:]])),
            pegawai(4)]
    hasil = impor(inst, rows, jenis)
    assert hasil.ok, [g.as_dict() for g in hasil.galat]
    atasan = dict(Pegawai.objects.values_list("nip", "atasan__nip"))
    assert [atasan[r["NIP BARU"]] for r in rows] == [rows[2]["NIP BARU"], kepala_lama.nip, rows[3]["NIP BARU"], None]
    # changing only the atasan counts as an update and is recorded
    rows[1] = {**rows[1], "NIP ATASAN": rows[3]["NIP BARU"]}
    events = Event.objects.count()
    hasil = impor(inst, rows, jenis)
    assert (hasil.diperbarui, hasil.tidak_berubah) == (1, 3)
    assert Event.objects.count() == events + 1
    assert Pegawai.objects.get(nip=rows[1]["NIP BARU"]).atasan.nip == rows[3]["NIP BARU"]


def test_nip_atasan_di_instansi_lain_tidak_diterima(inst, lain):
    orang_lain = f.PegawaiFactory(instansi=lain)
    hasil = periksa(inst, [pegawai(1, nip_atasan=orang_lain.nip)])
    assert_galat(hasil, BARIS[0], "NIP ATASAN", orang_lain.nip, "tidak ditemukan")


def test_nip_atasan_diri_sendiri_ditolak(inst):
    hasil = periksa(inst, [pegawai(1, nip_atasan=pegawai(1)["NIP BARU"])])
    assert_galat(hasil, BARIS[0], "NIP ATASAN", "dirinya sendiri")


# ---------------------------------------------------------------------------------------------------------------
# Upload safety.

def test_jenis_berkas_selain_csv_xlsx_ditolak(inst):
    for nama in ("pegawai.xls", "pegawai.ods", "pegawai.csv.exe", "pegawai"):
        with pytest.raises(berkas_mod.BerkasTidakValid, match=r"\.csv atau \.xlsx"):
            berkas_mod.baca(io.BytesIO(siasn.csv_bytes([pegawai(1)])), nama)
    hr = f.hr_user(inst)
    with pytest.raises(berkas_mod.BerkasTidakValid):
        services.impor_create(actor=hr, berkas=SimpleUploadedFile("pegawai.xls", b"\xd0\xcf\x11\xe0"))
    assert ImporPegawai.objects.count() == 0


def test_xlsx_yang_bukan_zip_ditolak(inst):
    with pytest.raises(berkas_mod.BerkasTidakValid, match="bukan XLSX"):
        berkas_mod.baca(io.BytesIO(siasn.csv_bytes([pegawai(1)])), "pegawai.xlsx")
    with pytest.raises(berkas_mod.BerkasTidakValid, match="bukan XLSX"):
        berkas_mod.baca(io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100), "pegawai.xlsx")
    # through the upload flow the user sees the reason on the import page
    hr = f.hr_user(inst)
    imp = services.impor_create(actor=hr, berkas=SimpleUploadedFile("pegawai.xlsx", b"NIP BARU,NAMA\n1,2\n"))
    assert imp.status == ImporPegawai.Status.DITOLAK and "bukan XLSX" in imp.galat[0]["pesan"]


def _zip(members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_zip_yang_bukan_xlsx_atau_rusak_ditolak():
    with pytest.raises(berkas_mod.BerkasTidakValid, match="tidak dapat dibaca"):
        berkas_mod.baca(io.BytesIO(_zip({"catatan.txt": b"halo"})), "pegawai.xlsx")
    data = siasn.xlsx_bytes([pegawai(1)])
    with pytest.raises(berkas_mod.BerkasTidakValid, match="rusak|tidak dapat dibaca"):
        berkas_mod.baca(io.BytesIO(data[: len(data) // 2]), "pegawai.xlsx")


def test_bom_zip_xlsx_ditolak_tanpa_diekstrak():
    bom = _zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b" " * (64 * 1024 * 1024)})
    assert len(bom) < 200 * 1024  # a ratio of more than 300 to 1
    with pytest.raises(berkas_mod.BerkasTidakValid, match="terlalu besar"):
        berkas_mod.baca(io.BytesIO(bom), "pegawai.xlsx")


def test_bom_zip_dengan_ukuran_palsu_ditolak():
    """The zip directory claims a small size but the member inflates to far more: refused all the same."""
    asli = b"<x/>" + b" " * (4 * 1024 * 1024)
    data = bytearray(_zip({"xl/worksheets/sheet1.xml": asli}))
    palsu = (1000).to_bytes(4, "little")
    real = len(asli).to_bytes(4, "little")
    # local header: uncompressed size at offset 22; central directory: at offset 24
    lokal = data.find(b"PK\x03\x04")
    pusat = data.find(b"PK\x01\x02")
    assert data[lokal + 22:lokal + 26] == real and data[pusat + 24:pusat + 28] == real
    data[lokal + 22:lokal + 26] = palsu
    data[pusat + 24:pusat + 28] = palsu
    with pytest.raises(berkas_mod.BerkasTidakValid, match="terlalu besar"):
        berkas_mod.baca(io.BytesIO(bytes(data)), "pegawai.xlsx")


def test_xlsx_wajar_tidak_dianggap_bom():
    t = berkas_mod.baca(io.BytesIO(siasn.xlsx_bytes([pegawai(n) for n in range(1, 101)])), "pegawai.xlsx")
    assert len(t.baris) == 100
    from pembinaan import ekspor

    t = berkas_mod.baca(io.BytesIO(ekspor.templat_xlsx()), "templat.xlsx")
    assert t.header == siasn.HEADER_SIASN and t.baris == []


@pytest.mark.parametrize("hilang", ["NAMA", "NIP BARU", "TANGGAL LAHIR", "JENIS KELAMIN"])
def test_kolom_wajib_hilang_ditolak_dengan_nama_kolom(inst, hilang):
    header = [h for h in siasn.HEADER_SIASN if h != hilang]
    hasil = periksa(inst, [pegawai(1)], "xlsx", header=header)
    assert not hasil.ok and len(hasil.galat) == 1
    g = hasil.galat[0]
    assert g.baris == 1 and g.kolom == hilang and hilang in g.pesan and "tidak ditemukan" in g.pesan


def test_berkas_kosong_dan_csv_rusak_ditolak_dengan_pesan():
    for data in (b"", b"\n\n", "\ufeff".encode()):
        with pytest.raises(berkas_mod.BerkasTidakValid, match="kosong"):
            berkas_mod.baca(io.BytesIO(data), "pegawai.csv")
    with pytest.raises(berkas_mod.BerkasTidakValid):
        berkas_mod.baca(io.BytesIO(b"NIP BARU,NAMA\n1\x00,2\n"), "pegawai.csv")
    # bytes that are neither UTF-8 nor Windows-1252 are still read (as Latin-1), not a crash
    t = berkas_mod.baca(io.BytesIO(b"NIP BARU,NAMA\n1,Dede \x81\n"), "pegawai.csv")
    assert t.baris[0][1][0] == "1"


# ---------------------------------------------------------------------------------------------------------------
# The management command.

def _tulis(tmp_path, rows, jenis="csv", **kwargs):
    data, nama = siasn.berkas(rows, jenis, **kwargs)
    path = tmp_path / nama
    path.write_bytes(data)
    return str(path)


def test_perintah_uji_coba_mencetak_galat_dan_gagal(inst, tmp_path):
    path = _tulis(tmp_path, [pegawai(1), ani(nip_baru="1.98609E+17"), pegawai(3, nama="")], "csv")
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 baris ditolak"):
        call_command("impor_pegawai", path, "--instansi", "TEBO", "--dry-run", stdout=out)
    text = out.getvalue()
    assert f"Baris {BARIS[1]}, kolom NIP BARU: " in text and "notasi ilmiah" in text
    assert f"Baris {BARIS[2]}, kolom NAMA: Nama kosong" in text
    assert Pegawai.objects.count() == 0


def test_perintah_tanpa_uji_coba_juga_menolak_semua(inst, tmp_path):
    path = _tulis(tmp_path, [pegawai(1), pegawai(2, gol_akhir_nama="V/z")], "xlsx")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("impor_pegawai", path, "--instansi", "TEBO", stdout=out)
    assert f"Baris {BARIS[1]}, kolom GOL AKHIR NAMA: " in out.getvalue()
    assert hitung()[:3] == (0, 0, 0)


def test_perintah_mengimpor_berkas_bersih_dan_mencetak_ringkasan(inst, tmp_path):
    rows = [pegawai(1), pegawai(2, nip_atasan=pegawai(1)["NIP BARU"]), pppk(3)]
    path = _tulis(tmp_path, rows, "xlsx")
    out = io.StringIO()
    call_command("impor_pegawai", path, "--instansi", "TEBO", "--dry-run", stdout=out)
    assert "Baru: 3" in out.getvalue() and "uji coba" in out.getvalue().lower()
    assert Pegawai.objects.count() == 0

    out = io.StringIO()
    call_command("impor_pegawai", path, "--instansi", "tebo", stdout=out)
    text = out.getvalue()
    for baris in ("Baru: 3", "Diperbarui: 0", "Tidak berubah: 0", "Unit baru: 2", "Jabatan baru: 1"):
        assert baris in text, text
    assert siasn.UNOR_NAMA in text
    assert Pegawai.objects.count() == 3
    staf = Pegawai.objects.get(nip=rows[1]["NIP BARU"])
    assert Event.objects.filter(pgh_obj=staf).latest("pgh_id").pgh_context.metadata["sumber"] == "impor"
    assert Event.objects.filter(pgh_label="insert", pgh_context__metadata__sumber="impor").count() == 3

    out = io.StringIO()
    call_command("impor_pegawai", path, "--instansi", "TEBO", stdout=out)
    assert "Tidak berubah: 3" in out.getvalue() and "Baru: 0" in out.getvalue()


def test_perintah_menulis_lewat_layanan_impor(inst, tmp_path, monkeypatch):
    """The command does not repeat the service's locking and history: it writes through impor_apply_tabel, and the
    history names the command."""
    from pembinaan.services import impor as impor_service

    panggilan = []
    asli = impor_service.impor_apply_tabel

    def mata_mata(**kwargs):
        panggilan.append(kwargs)
        return asli(**kwargs)

    monkeypatch.setattr(impor_service, "impor_apply_tabel", mata_mata)
    monkeypatch.setattr(services, "impor_apply_tabel", mata_mata)
    call_command("impor_pegawai", _tulis(tmp_path, [pegawai(1), pppk(2)]), "--instansi", "TEBO",
                 stdout=io.StringIO())
    assert [(p["instansi"].pk, p["perintah"]) for p in panggilan] == [(inst.pk, "impor_pegawai")]
    metadata = Event.objects.filter(pgh_label="insert").latest("pgh_id").pgh_context.metadata
    assert metadata["sumber"] == "impor" and metadata["perintah"] == "impor_pegawai"


def test_perintah_instansi_atau_berkas_tidak_dikenal(inst, tmp_path):
    path = _tulis(tmp_path, [pegawai(1)])
    with pytest.raises(CommandError, match="Instansi dengan kode 'TIDAKADA' tidak ditemukan.*TEBO"):
        call_command("impor_pegawai", path, "--instansi", "TIDAKADA", stdout=io.StringIO())
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("impor_pegawai", str(tmp_path / "tidak-ada.csv"), "--instansi", "TEBO", stdout=io.StringIO())
    bukan = tmp_path / "pegawai.xlsx"
    bukan.write_bytes(b"NIP BARU,NAMA\n")
    with pytest.raises(CommandError, match="bukan XLSX"):
        call_command("impor_pegawai", str(bukan), "--instansi", "TEBO", stdout=io.StringIO())
    with pytest.raises(CommandError, match=r"\.csv atau \.xlsx"):
        call_command("impor_pegawai", str(tmp_path), "--instansi", "TEBO", stdout=io.StringIO())
