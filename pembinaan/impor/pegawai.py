"""Checking and writing a SIASN "data pegawai" table (DOMAIN.md 11.1) for one instansi.

``periksa`` checks every row and collects every problem (row number, column, Indonesian message)
without writing anything. ``terapkan`` runs the same checks inside one transaction and, only when
no row is rejected, writes everything in bulk: new units and jabatan, new and changed employees,
then the atasan links. Employees are matched by NIP, so re-importing a file changes nothing and a
newer file updates what changed (the audit triggers record each change). A column that is not in
the file leaves that field of existing employees untouched (a short sheet never blanks data).
The database is read and written with a fixed number of queries, whatever the number of rows.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

import pghistory
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import NOT_PROVIDED, BooleanField
from django.db.models.expressions import RawSQL
from django.utils import timezone

from .. import bulk
from .. import nip as nip_mod
from .. import referensi as ref
from ..models import Jabatan, Pegawai, UnitKerja
from .berkas import Tabel, tanpa_gc

# Column headers exactly as SIASN writes them (plus NIP ATASAN and the optional ESELON).
KOLOM = {
    "PNS ID": "pns_id",
    "NIP BARU": "nip",
    "NAMA": "nama",
    "GELAR DEPAN": "gelar_depan",
    "GELAR BELAKANG": "gelar_belakang",
    "TEMPAT LAHIR NAMA": "tempat_lahir",
    "TANGGAL LAHIR": "tanggal_lahir",
    "JENIS KELAMIN": "jenis_kelamin",
    "NIK": "nik",
    "NOMOR HP": "no_hp",
    "EMAIL": "email",
    "EMAIL GOV": "email_gov",
    "JENIS PEGAWAI NAMA": "jenis_pegawai",
    "KEDUDUKAN HUKUM ID": "kedudukan_hukum_id",
    "KEDUDUKAN HUKUM NAMA": "kedudukan_hukum",
    "STATUS CPNS PNS": "status_cpns_pns",
    "TMT CPNS": "tmt_cpns",
    "GOL AKHIR ID": "gol_id",
    "GOL AKHIR NAMA": "golongan",
    "TMT GOLONGAN": "tmt_golongan",
    "JENIS JABATAN ID": "jenis_jabatan_id",
    "JENIS JABATAN NAMA": "jenis_jabatan",
    "JABATAN ID": "jabatan_id",
    "JABATAN NAMA": "jabatan",
    "ESELON": "eselon",
    "TINGKAT PENDIDIKAN NAMA": "pendidikan",
    "UNOR ID": "unor_id",
    "UNOR NAMA": "unor",
    "INSTANSI INDUK ID": "instansi_id",
    "INSTANSI INDUK NAMA": "instansi",
    "SATUAN KERJA KERJA ID": "satker_id",
    "SATUAN KERJA KERJA NAMA": "satker",
    "NIP ATASAN": "nip_atasan",
}
WAJIB = ["NIP BARU", "NAMA", "TANGGAL LAHIR", "JENIS KELAMIN"]

# The downloadable template: the SIASN header (DOMAIN.md 11.1) plus NIP ATASAN and ESELON (SIASN's export has no
# eselon column; for a "Jabatan Struktural" whose kind cannot be told from its name, ESELON decides).
HEADER_SIASN = [
    "PNS ID", "NIP BARU", "NIP LAMA", "NAMA", "GELAR DEPAN", "GELAR BELAKANG", "TEMPAT LAHIR ID",
    "TEMPAT LAHIR NAMA", "TANGGAL LAHIR", "JENIS KELAMIN", "AGAMA ID", "AGAMA NAMA", "JENIS KAWIN ID",
    "JENIS KAWIN NAMA", "NIK", "NOMOR HP", "EMAIL", "EMAIL GOV", "ALAMAT", "NPWP NOMOR", "BPJS",
    "JENIS PEGAWAI ID", "JENIS PEGAWAI NAMA", "KEDUDUKAN HUKUM ID", "KEDUDUKAN HUKUM NAMA", "STATUS CPNS PNS",
    "KARTU ASN VIRTUAL", "NOMOR SK CPNS", "TANGGAL SK CPNS", "TMT CPNS", "NOMOR SK PNS", "TANGGAL SK PNS",
    "TMT PNS", "GOL AWAL ID", "GOL AWAL NAMA", "GOL AKHIR ID", "GOL AKHIR NAMA", "TMT GOLONGAN", "MK TAHUN",
    "MK BULAN", "JENIS JABATAN ID", "JENIS JABATAN NAMA", "JABATAN ID", "JABATAN NAMA", "TMT JABATAN",
    "TINGKAT PENDIDIKAN ID", "TINGKAT PENDIDIKAN NAMA", "PENDIDIKAN ID", "PENDIDIKAN NAMA", "TAHUN LULUS",
    "KPKN ID", "KPKN NAMA", "LOKASI KERJA ID", "LOKASI KERJA NAMA", "UNOR ID", "UNOR NAMA",
    "INSTANSI INDUK ID", "INSTANSI INDUK NAMA", "INSTANSI KERJA ID", "INSTANSI KERJA NAMA",
    "SATUAN KERJA INDUK ID", "SATUAN KERJA INDUK NAMA", "SATUAN KERJA KERJA ID", "SATUAN KERJA KERJA NAMA",
    "NIP ATASAN", "ESELON",
]

# Fields compared and written for an employee (everything the file can say about them) ...
FIELDS = [
    "pns_id", "nama", "gelar_depan", "gelar_belakang", "tempat_lahir", "tanggal_lahir", "jenis_kelamin",
    "jenis_asn", "golongan", "tmt_cpns", "tmt_golongan", "pendidikan", "nik", "email", "no_hp",
    "jabatan_id", "unit_kerja_id",
]
# ... and the columns that carry each one: a field whose columns are all absent from the file is left as it is.
SUMBER = {
    "pns_id": {"pns_id"}, "nama": {"nama"}, "gelar_depan": {"gelar_depan"}, "gelar_belakang": {"gelar_belakang"},
    "tempat_lahir": {"tempat_lahir"}, "tanggal_lahir": {"tanggal_lahir"}, "jenis_kelamin": {"jenis_kelamin"},
    "jenis_asn": {"nip"}, "golongan": {"golongan", "gol_id"}, "tmt_cpns": {"tmt_cpns"},
    "tmt_golongan": {"tmt_golongan"}, "pendidikan": {"pendidikan"}, "nik": {"nik"}, "email": {"email", "email_gov"},
    "no_hp": {"no_hp"}, "jabatan_id": {"jabatan", "jenis_jabatan", "jenis_jabatan_id"},
    "unit_kerja_id": {"unor", "unor_id", "satker", "satker_id"},
}
KOLOM_STATUS = {"jenis_pegawai", "kedudukan_hukum_id", "kedudukan_hukum", "status_cpns_pns"}

JENIS_JABATAN_NAMA = {
    "JPT UTAMA": ref.JenisJabatan.JPT_UTAMA,
    "JPT MADYA": ref.JenisJabatan.JPT_MADYA,
    "JPT PRATAMA": ref.JenisJabatan.JPT_PRATAMA,
    "ADMINISTRATOR": ref.JenisJabatan.ADMINISTRATOR,
    "PENGAWAS": ref.JenisJabatan.PENGAWAS,
    "FUNGSIONAL": ref.JenisJabatan.FUNGSIONAL,
    "JABATAN FUNGSIONAL": ref.JenisJabatan.FUNGSIONAL,
    "JABATAN FUNGSIONAL TERTENTU": ref.JenisJabatan.FUNGSIONAL,
    "FUNGSIONAL TERTENTU": ref.JenisJabatan.FUNGSIONAL,
    "PELAKSANA": ref.JenisJabatan.PELAKSANA,
    "JABATAN PELAKSANA": ref.JenisJabatan.PELAKSANA,
    "JABATAN FUNGSIONAL UMUM": ref.JenisJabatan.PELAKSANA,
    "FUNGSIONAL UMUM": ref.JenisJabatan.PELAKSANA,
}
JENIS_JABATAN_SIASN_ID = {"2": ref.JenisJabatan.FUNGSIONAL, "4": ref.JenisJabatan.PELAKSANA}
STRUKTURAL = {"1", "JABATAN STRUKTURAL", "STRUKTURAL"}
# SIASN jenis jabatan 3 "Rangkap" (DOMAIN.md 3.3): a jabatan fungsional held together with a structural post (a
# doctor heading a puskesmas, a teacher heading a school). The post that leads and evaluates decides when it can be
# told (ESELON, or the usual structural names); otherwise the person is in their jabatan fungsional.
RANGKAP = {"3", "RANGKAP", "JABATAN RANGKAP"}
ESELON = {"I.A": ref.JenisJabatan.JPT_MADYA, "I.B": ref.JenisJabatan.JPT_MADYA,
          "II.A": ref.JenisJabatan.JPT_PRATAMA, "II.B": ref.JenisJabatan.JPT_PRATAMA,
          "III.A": ref.JenisJabatan.ADMINISTRATOR, "III.B": ref.JenisJabatan.ADMINISTRATOR,
          "IV.A": ref.JenisJabatan.PENGAWAS, "IV.B": ref.JenisJabatan.PENGAWAS}
_ESELON_POLA = re.compile(r"(?:ESELON)?(IV|III|II|I)[.\-/]?([AB])")
# SIASN's export has no eselon column. The usual names of structural posts in a pemerintah daerah (PP 18/2016
# naming: kepala dinas/badan II.b, sekretaris and kepala bidang/bagian and camat III, kepala seksi/subbagian and
# lurah IV) tell the kind; the first matching prefix wins, an ESELON column always takes precedence.
STRUKTURAL_NAMA = [
    ("SEKRETARIS DAERAH", "SEKDA"), ("SEKDA", "SEKDA"),
    ("ASISTEN", ref.JenisJabatan.JPT_PRATAMA), ("STAF AHLI", ref.JenisJabatan.JPT_PRATAMA),
    ("KEPALA DINAS", ref.JenisJabatan.JPT_PRATAMA), ("KEPALA BADAN", ref.JenisJabatan.JPT_PRATAMA),
    ("SEKRETARIS DPRD", ref.JenisJabatan.JPT_PRATAMA), ("SEKRETARIS DEWAN", ref.JenisJabatan.JPT_PRATAMA),
    ("KEPALA SATUAN POLISI PAMONG PRAJA", ref.JenisJabatan.JPT_PRATAMA),
    ("INSPEKTUR PEMBANTU", ref.JenisJabatan.ADMINISTRATOR), ("INSPEKTUR", ref.JenisJabatan.JPT_PRATAMA),
    ("SEKRETARIS KELURAHAN", ref.JenisJabatan.PENGAWAS), ("SEKRETARIS", ref.JenisJabatan.ADMINISTRATOR),
    ("KEPALA BIDANG", ref.JenisJabatan.ADMINISTRATOR), ("KABID", ref.JenisJabatan.ADMINISTRATOR),
    ("KEPALA BAGIAN", ref.JenisJabatan.ADMINISTRATOR), ("KABAG", ref.JenisJabatan.ADMINISTRATOR),
    ("CAMAT", ref.JenisJabatan.ADMINISTRATOR),
    ("KEPALA SUB BAGIAN", ref.JenisJabatan.PENGAWAS), ("KEPALA SUBBAGIAN", ref.JenisJabatan.PENGAWAS),
    ("KASUBBAG", ref.JenisJabatan.PENGAWAS), ("KASUBAG", ref.JenisJabatan.PENGAWAS),
    ("KEPALA SUB BIDANG", ref.JenisJabatan.PENGAWAS), ("KEPALA SUBBIDANG", ref.JenisJabatan.PENGAWAS),
    ("KASUBBID", ref.JenisJabatan.PENGAWAS), ("KEPALA SEKSI", ref.JenisJabatan.PENGAWAS),
    ("KASI ", ref.JenisJabatan.PENGAWAS), ("KASIE ", ref.JenisJabatan.PENGAWAS), ("LURAH", ref.JenisJabatan.PENGAWAS),
]
JENJANG_NAMA = [(label.upper(), value) for value, label in ref.Jenjang.choices]
GOLONGAN_PNS_UPPER = {kode.upper(): kode for kode in ref.GOLONGAN_PNS_KODE}
DIIZINKAN_JENIS_JABATAN = "JPT Utama, JPT Madya, JPT Pratama, Administrator, Pengawas, Fungsional, Pelaksana " \
    "(atau nama SIASN: Jabatan Struktural, Jabatan Fungsional Tertentu, Rangkap, Jabatan Fungsional Umum)"
FORMAT_TANGGAL = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%y", "%d.%m.%Y")
EXCEL_EPOCH = date(1899, 12, 30)
_TANGGAL_DMY = re.compile(r"([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})")
PEMICU_RUMUS = ("=", "+", "-", "@")
# Instansi names as SIASN and HR staff write them: "Pemerintah Kab. Tebo" = "PEMKAB TEBO" = "Kabupaten Tebo".
SINGKATAN_INSTANSI = {"KAB": "KABUPATEN", "PROV": "PROVINSI", "PROP": "PROVINSI", "PROPINSI": "PROVINSI",
                      "PEMKAB": "KABUPATEN", "PEMPROV": "PROVINSI", "PEMPROP": "PROVINSI", "PEMKOT": "KOTA",
                      "PEMERINTAH": "", "PEM": "", "PEMDA": ""}
OFF = 4  # position of the first of FIELDS in the tuples read for existing employees
# The dry run lists each new and changed employee up to this many (the counts are always complete); the page shows
# them 50 at a time, and ``impor_pegawai --dry-run`` prints every one (semua_perubahan=True).
MAKS_PERUBAHAN = 2000
LABEL_FIELD = {
    "pns_id": "PNS ID", "nama": "Nama", "gelar_depan": "Gelar depan", "gelar_belakang": "Gelar belakang",
    "tempat_lahir": "Tempat lahir", "tanggal_lahir": "Tanggal lahir", "jenis_kelamin": "Jenis kelamin",
    "jenis_asn": "Jenis ASN", "golongan": "Golongan", "tmt_cpns": "TMT CPNS", "tmt_golongan": "TMT golongan",
    "pendidikan": "Pendidikan", "nik": "NIK", "email": "E-mail", "no_hp": "Nomor HP", "jabatan_id": "Jabatan",
    "unit_kerja_id": "Unit kerja",
}
_LABEL_PILIHAN = {"jenis_kelamin": dict(ref.JenisKelamin.choices), "jenis_asn": dict(ref.JenisAsn.choices)}


@dataclass
class Galat:
    baris: int
    kolom: str
    pesan: str

    def as_dict(self):
        return {"baris": self.baris, "kolom": self.kolom, "pesan": self.pesan}


@dataclass
class Hasil:
    galat: list[Galat] = field(default_factory=list)
    peringatan: list[Galat] = field(default_factory=list)  # reported, never a reason to reject
    rows: list[dict] = field(default_factory=list)
    unit_baru: list[str] = field(default_factory=list)
    jabatan_baru: int = 0
    baru: int = 0
    diperbarui: int = 0
    tidak_berubah: int = 0
    jumlah: int = 0  # data rows in the file
    # The dry run's list of who is new and what changes for whom (file order, at most ``maks_perubahan`` entries):
    # {"nip", "nama", "jenis_asn", "baru": bool, "perubahan": [[label, old, new], ...]}.
    perubahan: list[dict] = field(default_factory=list)

    @property
    def ok(self):
        return not self.galat

    def ringkasan(self):
        return {"baris": self.jumlah or len(self.rows),
                "baru": self.baru, "diperbarui": self.diperbarui, "tidak_berubah": self.tidak_berubah,
                "unit_baru": self.unit_baru, "jabatan_baru": self.jabatan_baru,
                "baris_ditolak": len({g.baris for g in self.galat}), "jumlah_peringatan": len(self.peringatan)}


def teks(value) -> str:
    """Cell → clean text: NFC, non-breaking and repeated spaces folded, surrounding blanks removed.

    Excel's "treat as text" apostrophe before a formula character (what our export writes: ``'=1+1``) is dropped,
    so an exported list imports back unchanged; every other character is kept verbatim."""
    if value is None or value == "":
        return ""
    if type(value) is not str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        value = str(value)
    if not value.isascii():
        value = unicodedata.normalize("NFC", value).replace("\u200b", "").replace("\ufeff", "")
    text = " ".join(value.split())  # str.split() also splits on NBSP and the other Unicode spaces
    if text[:1] == "'" and text[1:2] in PEMICU_RUMUS:
        text = text[1:]
    return text


def kalimat(message):
    """The NIP validator's fragments ('tanggal lahir … tidak valid') as a sentence."""
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


def tanggal(value):
    """Parse an SIASN date (DD-MM-YYYY), an Excel date cell, or an Excel serial number. None if empty."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)):
        if 1 <= value < 80000:
            return EXCEL_EPOCH + timedelta(days=int(value))
        raise ValueError
    text = teks(value)
    if not text:
        return None
    text = text.split(" ")[0]
    match = _TANGGAL_DMY.fullmatch(text)  # the common case, without strptime's overhead
    if match:
        return date(int(match[3]), int(match[2]), int(match[1]))
    for fmt in FORMAT_TANGGAL:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError


def _seperti_excel(value) -> str:
    """A numeric cell as Excel shows it in a Number format: 15 significant digits, the rest zeros."""
    try:
        return str(int(Decimal(f"{value:.15g}")))
    except (ArithmeticError, ValueError):
        return str(value)


def _nomor(value, kolom, panjang_nama):
    """An identifier column (NIP, NIK): text only. A numeric cell has already lost digits in Excel."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return None, (f"{kolom} tersimpan sebagai angka ({_seperti_excel(value)}); Excel hanya menyimpan 15 digit "
                      f"sehingga digit terakhir {panjang_nama} hilang. Format kolom {kolom} sebagai Teks lalu isi "
                      f"ulang dari sumber aslinya (atau ekspor ulang dari SIASN).")
    text = teks(value)
    if re.fullmatch(r"[0-9.,]+[eE][+]?[0-9]+", text):
        return None, (f"{kolom} tertulis dalam notasi ilmiah ({text}): kolom ini pernah diformat sebagai angka di "
                      f"Excel sehingga digitnya hilang. Format kolom {kolom} sebagai Teks lalu isi ulang.")
    return text, None


def jenis_asn_baris(r, nip_text):
    kh = teks(r.get("kedudukan_hukum_id"))
    label = (teks(r.get("jenis_pegawai")) + " " + teks(r.get("kedudukan_hukum"))).upper()
    if "PARUH WAKTU" in label:
        return ref.JenisAsn.PPPK_PW
    if kh in {"71", "72"} or "PPPK" in label or "P3K" in label:
        return ref.JenisAsn.PPPK
    status = teks(r.get("status_cpns_pns")).upper()
    if status == "C" or "CPNS" in label:
        return ref.JenisAsn.CPNS
    if status or "PNS" in label:
        return ref.JenisAsn.PNS
    # No status columns: the NIP itself tells. Digits 13-14 are a month (01-12) for PNS; for PPPK "2" (the PPPK
    # marker) then the contract count 1-9 (DOMAIN.md 1.2). Anything else (00, 13-20, 30-99) is neither: most likely
    # a PNS NIP with a mistyped TMT month, which must be reported, not taken for a PPPK (None).
    digits = re.sub(r"\D", "", nip_text)
    if len(digits) != 18:
        return ref.JenisAsn.PNS  # the NIP check reports the length
    tengah = digits[12:14]
    if 1 <= int(tengah) <= 12:
        return ref.JenisAsn.PNS
    if tengah[0] == "2" and tengah[1] != "0":
        return ref.JenisAsn.PPPK
    return None


def golongan_baris(r, jenis_asn):
    """Return (kode, error)."""
    raw = teks(r.get("golongan"))
    gol_id = teks(r.get("gol_id"))
    if not raw and gol_id in ref.SIASN_GOLONGAN_ID and jenis_asn in ref.JENIS_PNS:
        raw = ref.SIASN_GOLONGAN_ID[gol_id]
    if not raw:
        return "", None
    value = raw.upper().replace("GOLONGAN", "").replace(" ", "").replace("-", "/")
    label = "PNS" if jenis_asn in ref.JENIS_PNS else "PPPK"
    if jenis_asn in ref.JENIS_PNS:
        if value in GOLONGAN_PNS_UPPER:
            return GOLONGAN_PNS_UPPER[value], None
        extra = " (golongan PPPK tidak boleh dipakai untuk PNS)" if value in ref.GOLONGAN_PPPK else ""
        return "", (f"Golongan '{raw}' tidak dikenal untuk {label}{extra}. Nilai yang diizinkan: "
                    f"{', '.join(ref.GOLONGAN_PNS_KODE)}.")
    if value in ref.GOLONGAN_PPPK:
        return value, None
    extra = " (golongan PNS tidak boleh dipakai untuk PPPK)" if value in GOLONGAN_PNS_UPPER else ""
    return "", (f"Golongan '{raw}' tidak dikenal untuk {label}{extra}. Nilai yang diizinkan: "
                f"{', '.join(ref.GOLONGAN_PPPK)}.")


def _jenjang(nama_jabatan):
    upper = nama_jabatan.upper()
    for label, value in JENJANG_NAMA:
        if upper.endswith(label) or f" {label} " in f" {upper} ":
            return value
    return ""


def _struktural(nama, eselon_raw, provinsi):
    """The kind of a structural post: from ESELON when given, else from the usual names of the posts."""
    eselon = teks(eselon_raw).upper().replace(" ", "")
    if eselon:
        match = _ESELON_POLA.fullmatch(eselon)
        return ESELON.get(f"{match.group(1)}.{match.group(2)}") if match else None
    upper = nama.upper() + " "
    for awalan, jenis in STRUKTURAL_NAMA:
        if upper.startswith(awalan):
            if jenis == "SEKDA":
                return ref.JenisJabatan.JPT_MADYA if provinsi else ref.JenisJabatan.JPT_PRATAMA
            return jenis
    return None


def jabatan_baris(r, *, provinsi=False):
    """Return ((nama, jenis, jenjang, siasn_id) or None, error)."""
    nama = teks(r.get("jabatan"))
    jenis_raw = teks(r.get("jenis_jabatan"))
    jenis_id = teks(r.get("jenis_jabatan_id"))
    if not nama and not jenis_raw and not jenis_id:
        return None, None
    key = jenis_raw.upper()
    jenis = JENIS_JABATAN_NAMA.get(key) or (JENIS_JABATAN_SIASN_ID.get(jenis_id) if not key else None)
    if jenis is None and (key in RANGKAP or (not key and jenis_id == "3")):
        jenis = _struktural(nama, r.get("eselon"), provinsi) or ref.JenisJabatan.FUNGSIONAL
    if jenis is None and (key in STRUKTURAL or (not key and jenis_id == "1")):
        jenis = _struktural(nama, r.get("eselon"), provinsi)
        if jenis is None:
            eselon = teks(r.get("eselon"))
            sebab = f"ESELON '{eselon}' tidak dikenal" if eselon else "jenisnya tidak dapat ditentukan dari namanya"
            return None, (f"Jabatan struktural '{nama}': {sebab}. Isi kolom ESELON (II.a, II.b, III.a, III.b, IV.a, "
                          "IV.b) atau tulis jenisnya langsung di JENIS JABATAN NAMA (JPT Pratama, Administrator, "
                          "Pengawas).")
    if jenis is None:
        return None, (f"Jenis jabatan '{jenis_raw or jenis_id}' tidak dikenal. Nilai yang diizinkan: "
                      f"{DIIZINKAN_JENIS_JABATAN}.")
    if not nama:
        return None, "Nama jabatan (JABATAN NAMA) kosong padahal jenis jabatan diisi."
    jenjang = _jenjang(nama) if jenis == ref.JenisJabatan.FUNGSIONAL else ""
    return (nama[:255], jenis, jenjang, teks(r.get("jabatan_id"))[:64]), None


def jenis_kelamin_baris(value):
    v = teks(value).upper()
    if v in {"M", "L", "LAKI-LAKI", "LAKI LAKI", "PRIA", "1"}:
        return ref.JenisKelamin.LAKI_LAKI
    if v in {"F", "P", "PEREMPUAN", "WANITA", "2"}:
        return ref.JenisKelamin.PEREMPUAN
    return None


def nama_instansi(value) -> str:
    """An instansi name reduced for comparison: upper case, punctuation and 'Pemerintah' dropped, 'Kab.' spelled out."""
    words = re.sub(r"[^0-9A-Z]+", " ", teks(value).upper()).split()
    return " ".join(w for w in (SINGKATAN_INSTANSI.get(w, w) for w in words) if w)


def _salah_satu(kolom, values):
    """``Pegawai.<kolom> = ANY(array)``: one parameter instead of one per value (``__in`` with 100,000 values
    spends seconds building the query)."""
    table = connection.ops.quote_name(Pegawai._meta.db_table)
    return RawSQL(f"{table}.{connection.ops.quote_name(kolom)} = ANY(%s)", (list(values),),
                  output_field=BooleanField())


def _kunci_nama(nama) -> str:
    return " ".join(str(nama).split()).upper()


def _kunci_unit(unit_id, nama):
    """A unit of the file: by its SIASN UNOR ID, else by its name (case and spacing ignored)."""
    return unit_id if unit_id else "#" + _kunci_nama(nama)


class Pemeriksa:
    """Checks the rows of one table for one instansi. Reads the database with a fixed number of queries."""

    def __init__(self, instansi, *, today=None, progress=None, semua_perubahan=False):
        self.instansi = instansi
        self.maks_perubahan = None if semua_perubahan else MAKS_PERUBAHAN
        self.today = today or timezone.localdate()
        self.progress = progress
        self.provinsi = "PROVINSI" in nama_instansi(instansi.nama).split()
        self._instansi_cocok = {}

    def periksa(self, tabel: Tabel, *, hitung_perubahan=True) -> Hasil:
        with tanpa_gc():
            return self._periksa(tabel, hitung_perubahan)

    def _periksa(self, tabel, hitung_perubahan):
        hasil = Hasil(jumlah=len(tabel.baris))
        header = tabel.header
        hilang = [k for k in WAJIB if k not in header]
        if hilang:
            hasil.galat.append(Galat(tabel.baris_header, ", ".join(hilang),
                                     f"Kolom wajib tidak ditemukan: {', '.join(hilang)}. Gunakan berkas ekspor "
                                     "data pegawai SIASN atau templat impor (nama kolom harus sama)."))
            return hasil
        index = {KOLOM[h]: i for i, h in enumerate(header) if h in KOLOM}
        self.index = index
        self.fields = [f for f in FIELDS if SUMBER[f] & index.keys()]
        self.pos = [OFF + FIELDS.index(f) for f in self.fields]
        self.status_ada = bool(KOLOM_STATUS & index.keys())

        instansi = self.instansi
        existing = {
            row[0]: row for row in Pegawai.objects.filter(_salah_satu("nip", self._semua(tabel, "nip"))).values_list(
                "nip", "instansi_id", "id", "atasan__nip", *FIELDS)
        }
        pns_id_dipakai = {}
        if "pns_id" in index:
            pns_id_dipakai = {p: (nip, inst, nama) for p, nip, inst, nama in Pegawai.objects.filter(
                _salah_satu("pns_id", [p for p in self._semua(tabel, "pns_id") if p])).values_list(
                "pns_id", "nip", "instansi_id", "nama")}
        nip_instansi = set(Pegawai.objects.filter(instansi=instansi).values_list("nip", flat=True)) \
            if "nip_atasan" in index else set()
        self.unit_existing = dict(UnitKerja.objects.filter(instansi=instansi).exclude(siasn_unor_id="")
                                  .values_list("siasn_unor_id", "id"))
        self.unit_by_nama = {}
        for nama, pk in UnitKerja.objects.filter(instansi=instansi, siasn_unor_id="").order_by("id") \
                .values_list("nama", "id"):
            self.unit_by_nama.setdefault(_kunci_nama(nama), pk)
        self.jabatan_existing = {}
        for nama, jenis, jenjang, pk in Jabatan.objects.filter(instansi=instansi).order_by("id") \
                .values_list("nama", "jenis", "jenjang", "id"):
            self.jabatan_existing.setdefault((_kunci_nama(nama), jenis, jenjang), pk)

        nip_seen = {}
        pns_id_seen = {}
        unit_baru = {}
        jabatan_baru = set()
        rows = []
        for n, (nomor, cells) in enumerate(tabel.baris):
            if self.progress and n % 2000 == 0:
                self.progress(n)
            r = {name: (cells[i] if i < len(cells) else None) for name, i in index.items()}
            row, errors = self._baris(nomor, r, existing, nip_seen)
            if row and row["pns_id"]:
                errors = (errors or []) + self._cek_pns_id(nomor, row, pns_id_seen, pns_id_dipakai)
            if errors:
                hasil.galat.extend(errors)
                continue
            if row["_peringatan"]:
                hasil.peringatan.append(Galat(nomor, "JABATAN NAMA", f"{row['_jabatan'][0]}: {row['_peringatan']}"))
            for key, nama in row["_unit"]:
                if self.unit_lama(key, nama) is None and key not in unit_baru:
                    unit_baru[key] = nama
            if row["_jabatan"] and self._kunci_jabatan(row["_jabatan"]) not in self.jabatan_existing:
                jabatan_baru.add(self._kunci_jabatan(row["_jabatan"]))
            rows.append(row)

        # NIP ATASAN: must be someone in this file or already an employee of this instansi.
        for row in rows:
            atasan = row["_nip_atasan"]
            if atasan and atasan not in nip_seen and atasan not in nip_instansi:
                hasil.galat.append(Galat(row["_baris"], "NIP ATASAN",
                                         f"NIP ATASAN {atasan} tidak ditemukan, baik di berkas ini maupun di data "
                                         f"pegawai {instansi.nama}."))
        hasil.galat.sort(key=lambda g: g.baris)
        hasil.rows = rows
        hasil.unit_baru = sorted(unit_baru.values())
        hasil.jabatan_baru = len(jabatan_baru)
        if hitung_perubahan and hasil.ok:
            self._hitung_perubahan(hasil, existing)
        return hasil

    def _semua(self, tabel, name):
        """Every value of a text column (NIPs normalised), for one batched database lookup."""
        i = self.index.get(name)
        if i is None:
            return []
        values = (cells[i] for _, cells in tabel.baris if i < len(cells) and isinstance(cells[i], str))
        if name == "nip":
            return [nip_mod.normalise(teks(v)) for v in values]
        return [teks(v)[:64] for v in values]

    @staticmethod
    def _kunci_jabatan(jabatan):
        return _kunci_nama(jabatan[0]), jabatan[1], jabatan[2]

    def unit_lama(self, key, nama):
        """The id of an existing unit for a unit of the file (by UNOR ID, else by name), or None."""
        if not key.startswith("#"):
            found = self.unit_existing.get(key)
            if found:
                return found
        return self.unit_by_nama.get(_kunci_nama(nama))

    def _cocok_instansi(self, inst_id, inst_nama):
        """True when the row's INSTANSI INDUK columns name the importing instansi (cached per distinct value)."""
        key = (inst_id, inst_nama)
        if key not in self._instansi_cocok:
            siasn_id = self.instansi.siasn_id
            if inst_id and siasn_id:
                cocok = inst_id.upper() == siasn_id.upper()
            elif inst_nama:
                cocok = nama_instansi(inst_nama) == nama_instansi(self.instansi.nama)
            else:
                cocok = True
            self._instansi_cocok[key] = cocok
        return self._instansi_cocok[key]

    def _cek_pns_id(self, nomor, row, pns_id_seen, pns_id_dipakai):
        errors = []
        pns_id = row["pns_id"]
        if pns_id in pns_id_seen:
            errors.append(Galat(nomor, "PNS ID", f"PNS ID {pns_id} muncul dua kali dalam berkas (juga di baris "
                                                 f"{pns_id_seen[pns_id]})."))
        else:
            pns_id_seen[pns_id] = nomor
        pemilik = pns_id_dipakai.get(pns_id)
        if pemilik and pemilik[0] != row["nip"]:
            siapa = f"{pemilik[2]} (NIP {pemilik[0]})" if pemilik[1] == self.instansi.pk else "pegawai instansi lain"
            errors.append(Galat(nomor, "PNS ID", f"PNS ID {pns_id} sudah dipakai oleh {siapa}. Periksa NIP BARU dan "
                                                 "PNS ID baris ini."))
        return errors

    def _baris(self, nomor, r, existing, nip_seen):
        errors = []

        def err(kolom, pesan):
            errors.append(Galat(nomor, kolom, pesan))

        nip_text, nip_err = _nomor(r.get("nip"), "NIP BARU", "NIP")
        if nip_err:
            err("NIP BARU", nip_err)
        elif not nip_text:
            err("NIP BARU", "NIP BARU kosong; setiap baris harus memiliki NIP atau NI PPPK 18 digit.")

        nama = teks(r.get("nama"))
        if not nama:
            err("NAMA", "Nama kosong; setiap pegawai harus memiliki nama.")
        elif len(nama) > 200:
            err("NAMA", f"Nama lebih dari 200 karakter ({len(nama)} karakter).")

        try:
            tgl_lahir = tanggal(r.get("tanggal_lahir"))
            if tgl_lahir is None:
                err("TANGGAL LAHIR", "Tanggal lahir kosong.")
        except ValueError:
            tgl_lahir = None
            err("TANGGAL LAHIR", f"Tanggal lahir '{teks(r.get('tanggal_lahir'))}' tidak dapat dibaca; "
                                 "gunakan format DD-MM-YYYY (mis. 26-09-1986).")

        jk = jenis_kelamin_baris(r.get("jenis_kelamin"))
        if jk is None:
            err("JENIS KELAMIN", f"Jenis kelamin '{teks(r.get('jenis_kelamin'))}' tidak dikenal; gunakan M/F "
                                 "(seperti SIASN) atau L/P.")

        jenis_asn = jenis_asn_baris(r, nip_text or "")
        if jenis_asn is None:
            tengah = re.sub(r"\D", "", nip_text)[12:14]
            err("NIP BARU", f"Jenis ASN tidak dapat ditentukan: digit 13-14 NIP ({tengah}) bukan bulan TMT CPNS "
                            "(01-12) dan bukan penanda NI PPPK (21-29). Jika pegawai ini PNS, bulan TMT dalam NIP "
                            "salah ketik; jika PPPK, isi kolom JENIS PEGAWAI NAMA atau KEDUDUKAN HUKUM ID (tambahkan "
                            "kolomnya bila belum ada).")
        tmt, tmt_err = self._tanggal_lalu(r, "tmt_cpns", "TMT CPNS")
        tmt_golongan, tmt_gol_err = self._tanggal_lalu(r, "tmt_golongan", "TMT GOLONGAN")
        for e in (tmt_err, tmt_gol_err):
            if e:
                errors.append(Galat(nomor, *e))

        nip_final = None
        if nip_text and jenis_asn:
            nip_final, messages = nip_mod.validate(
                nip_text, jenis_asn=jenis_asn, tanggal_lahir=tgl_lahir, jenis_kelamin=jk,
                tmt=tmt if jenis_asn in ref.JENIS_PNS else None, today=self.today)
            for m in messages:
                err("NIP BARU", kalimat(m))
            if not messages:
                label = "NI PPPK" if jenis_asn in ref.JENIS_PPPK else "NIP"
                if nip_final in nip_seen:
                    err("NIP BARU", f"{label} {nip_final} muncul dua kali dalam berkas (juga di baris "
                                    f"{nip_seen[nip_final]}).")
                else:
                    nip_seen[nip_final] = nomor
                other = existing.get(nip_final)
                if other and other[1] != self.instansi.pk:
                    err("NIP BARU", f"{label} {nip_final} sudah terdaftar pada instansi lain; pegawai pindah instansi "
                                    "harus dimutasi oleh instansi asalnya terlebih dahulu.")
                elif other and not self.status_ada:
                    # No status column: keep what is recorded (a CPNS stays CPNS) within the family the NIP tells.
                    lama = other[OFF + FIELDS.index("jenis_asn")]
                    if (lama in ref.JENIS_PNS) == (jenis_asn in ref.JENIS_PNS):
                        jenis_asn = lama

        inst_id, inst_nama = teks(r.get("instansi_id")), teks(r.get("instansi"))
        if (inst_id or inst_nama) and not self._cocok_instansi(inst_id, inst_nama):
            kolom = "INSTANSI INDUK ID" if inst_id and self.instansi.siasn_id else "INSTANSI INDUK NAMA"
            err(kolom, f"Baris ini milik instansi '{inst_nama or inst_id}', bukan {self.instansi.nama} yang sedang "
                       "mengimpor. Hapus baris instansi lain dari berkas.")

        golongan, gol_err = golongan_baris(r, jenis_asn) if jenis_asn else ("", None)
        if gol_err:
            err("GOL AKHIR NAMA", gol_err)
        jabatan, jab_err = jabatan_baris(r, provinsi=self.provinsi)
        if jab_err:
            err("JENIS JABATAN NAMA", jab_err)

        nik, nik_err = _nomor(r.get("nik"), "NIK", "NIK")
        if nik_err:
            err("NIK", nik_err)
        elif nik:
            nik = nip_mod.normalise(nik)
            if not re.fullmatch(r"[0-9]{16}", nik):
                err("NIK", f"NIK '{teks(r.get('nik'))}' harus 16 digit angka (ditemukan {len(nik)} karakter).")
        email = teks(r.get("email")) or teks(r.get("email_gov"))
        if email:
            try:
                validate_email(email)
            except ValidationError:
                err("EMAIL", f"Alamat e-mail '{email}' tidak sah.")
        nip_atasan = ""
        if "nip_atasan" in r:
            atasan_text, atasan_err = _nomor(r.get("nip_atasan"), "NIP ATASAN", "NIP")
            if atasan_err:
                err("NIP ATASAN", atasan_err)
            elif atasan_text:
                nip_atasan = nip_mod.normalise(atasan_text)
                if not re.fullmatch(r"[0-9]{18}", nip_atasan):
                    err("NIP ATASAN", f"NIP ATASAN '{atasan_text}' harus 18 digit angka.")
                elif nip_atasan == nip_final:
                    err("NIP ATASAN", "Pegawai tidak boleh menjadi atasan dirinya sendiri.")

        if errors:
            return None, errors

        unit = []
        satker_id, satker = teks(r.get("satker_id"))[:64], teks(r.get("satker"))[:255]
        unor_id, unor = teks(r.get("unor_id"))[:64], teks(r.get("unor"))[:255]
        if satker:
            unit.append((_kunci_unit(satker_id, satker), satker))
        if unor and (not unit or _kunci_unit(unor_id, unor) != unit[0][0]):
            unit.append((_kunci_unit(unor_id, unor), unor))
        row = {
            "_baris": nomor, "_unit": unit, "_jabatan": jabatan, "_nip_atasan": nip_atasan,
            "nip": nip_final, "pns_id": teks(r.get("pns_id"))[:64], "nama": nama,
            "gelar_depan": teks(r.get("gelar_depan"))[:50], "gelar_belakang": teks(r.get("gelar_belakang"))[:100],
            "tempat_lahir": teks(r.get("tempat_lahir"))[:100], "tanggal_lahir": tgl_lahir, "jenis_kelamin": jk,
            "jenis_asn": jenis_asn, "golongan": golongan, "tmt_cpns": tmt, "tmt_golongan": tmt_golongan,
            "pendidikan": teks(r.get("pendidikan"))[:50], "nik": nik or "", "email": email[:254],
            "no_hp": teks(r.get("no_hp"))[:30],
            "_peringatan": ref.peringatan_jenjang(jabatan[2], golongan) if jabatan and golongan else "",
        }
        return row, None

    def _tanggal_lalu(self, r, key, kolom):
        """A date column that may be empty but never in the future. Returns (date, (kolom, pesan) or None)."""
        try:
            value = tanggal(r.get(key))
        except ValueError:
            return None, (kolom, f"{kolom} '{teks(r.get(key))}' tidak dapat dibaca; gunakan format DD-MM-YYYY.")
        if value and value > self.today:
            return None, (kolom, f"{kolom} {value:%d-%m-%Y} ada di masa depan (hari ini {self.today:%d-%m-%Y}).")
        return value, None

    def _hitung_perubahan(self, hasil, existing):
        """Dry-run counts: how many rows are new, changed, unchanged (units/jabatan ids as they would be); and,
        for the first ``maks_perubahan`` of them, who is new and which field changes from what to what."""
        maks = self.maks_perubahan
        nama_unit = nama_jabatan = None
        for row in hasil.rows:
            old = existing.get(row["nip"])
            catat = maks is None or len(hasil.perubahan) < maks
            if old is None:
                hasil.baru += 1
                if catat:
                    hasil.perubahan.append({"nip": row["nip"], "nama": row["nama"], "jenis_asn": str(row["jenis_asn"]),
                                            "baru": True, "perubahan": []})
                continue
            new_values = self.nilai(row, lambda key, nama: self.unit_lama(key, nama) or -1, self.jabatan_existing)
            atasan_berubah = row["_nip_atasan"] and row["_nip_atasan"] != old[3]
            beda = [(f, v, old[p]) for f, v, p in zip(self.fields, new_values, self.pos, strict=True) if v != old[p]]
            if not (atasan_berubah or beda):
                hasil.tidak_berubah += 1
                continue
            hasil.diperbarui += 1
            if not catat:
                continue
            if nama_unit is None:  # two queries, only when something changes
                nama_unit = dict(UnitKerja.objects.filter(instansi=self.instansi).values_list("id", "nama"))
                nama_jabatan = dict(Jabatan.objects.filter(instansi=self.instansi).values_list("id", "nama"))
            daftar = []
            for f, baru, lama in beda:
                if f == "unit_kerja_id":
                    tampil_baru = nama_unit.get(baru) or f"{row['_unit'][-1][1]} (unit baru)"
                    tampil_lama = nama_unit.get(lama, "")
                elif f == "jabatan_id":
                    tampil_baru = nama_jabatan.get(baru) or f"{row['_jabatan'][0]} (jabatan baru)"
                    tampil_lama = nama_jabatan.get(lama, "")
                else:
                    tampil_baru, tampil_lama = _tampil(f, baru), _tampil(f, lama)
                daftar.append([LABEL_FIELD[f], tampil_lama or "–", tampil_baru or "–"])
            if atasan_berubah:
                daftar.append(["NIP atasan", old[3] or "–", row["_nip_atasan"]])
            hasil.perubahan.append({"nip": row["nip"], "nama": old[OFF + FIELDS.index("nama")],
                                    "jenis_asn": str(row["jenis_asn"]), "baru": False, "perubahan": daftar})

    def nilai(self, row, unit_id, jabatan_ids):
        """The values of ``self.fields`` for a row; ``unit_id(key, nama)`` resolves a unit of the file."""
        values = []
        for f in self.fields:
            if f == "jabatan_id":
                values.append(jabatan_ids.get(self._kunci_jabatan(row["_jabatan"]), -1) if row["_jabatan"] else None)
            elif f == "unit_kerja_id":
                values.append(unit_id(*row["_unit"][-1]) if row["_unit"] else None)
            else:
                values.append(row[f])
        return values


def _tampil(field_name, value):
    """A field's value as a person reads it in the dry run's list of changes."""
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return f"{value:%d-%m-%Y}"
    return _LABEL_PILIHAN.get(field_name, {}).get(value, str(value))


def periksa(tabel, instansi, *, today=None, progress=None, semua_perubahan=False) -> Hasil:
    """The dry run. ``semua_perubahan``: list every new and changed employee, not only the first MAKS_PERUBAHAN."""
    return Pemeriksa(instansi, today=today, progress=progress, semua_perubahan=semua_perubahan).periksa(tabel)


BARIS_ANALYZE = 5000


def segarkan_statistik(hasil):
    """After a large import, refresh the planner's statistics (autovacuum may take minutes to notice)
    so the lists and dashboards do not run on plans made for an empty table. Call after commit."""
    if hasil.ok and hasil.baru + hasil.diperbarui >= BARIS_ANALYZE:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE pembinaan_pegawai")


def terapkan(tabel, instansi, *, today=None, progress=None) -> Hasil:
    """Check again and write, all in the caller's transaction. Nothing is written if any row is rejected."""
    pemeriksa = Pemeriksa(instansi, today=today, progress=progress)
    hasil = pemeriksa.periksa(tabel, hitung_perubahan=False)
    if not hasil.ok:
        return hasil
    assert transaction.get_connection().in_atomic_block, "terapkan() must run inside transaction.atomic()"
    with pghistory.context(sumber="impor"), tanpa_gc():
        _pemicu_tanpa_pengecualian()
        _tulis(pemeriksa, hasil, tabel, instansi, progress)
    return hasil


def _pemicu_tanpa_pengecualian():
    """Keep the history triggers on their fast path for the rest of this transaction.

    Each row written fires pgtrigger's ``_pgtrigger_should_ignore()`` and pghistory's ``_pgh_attach_context()``;
    both read a setting and catch the error raised when it is unset or empty. Catching an error inside a trigger
    of a large statement costs ~0.5 ms a row (the subtransaction abort walks the statement's queued trigger
    events), which made a 100,000-row import take minutes. ``pgtrigger.ignore`` gets the empty list (ignore
    nothing: the same meaning as unset), transaction-local, unless a caller's ``pgtrigger.ignore(...)`` set it.
    The statement is deliberately not a SELECT: ``pghistory.context`` attaches its variables to every other
    statement, so they are set for the transaction also for what bypasses Django's cursor (COPY) or is a SELECT.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('pgtrigger.ignore', true)")
        if not (cursor.fetchone()[0] or "").startswith("{"):
            cursor.execute("SET LOCAL pgtrigger.ignore = '{}'")


def _tulis(pemeriksa, hasil, tabel, instansi, progress):
    # 1. Units: SATUAN KERJA as parents, UNOR under them. Existing units (by UNOR ID, else by name) are reused.
    unit_ids = {}

    def unit_id(key, nama):
        return unit_ids.get(key) or pemeriksa.unit_lama(key, nama)

    parents, children = {}, {}
    for row in hasil.rows:
        units = row["_unit"]
        if units:
            parents.setdefault(units[0][0], units[0][1])
        if len(units) == 2:
            children.setdefault(units[1][0], (units[1][1], units[0]))
    created_all = []
    for group in (parents, children):
        new_units = []
        for key, value in group.items():
            nama, induk = (value, None) if group is parents else value
            if key in unit_ids or unit_id(key, nama) is not None:
                continue
            new_units.append((key, UnitKerja(instansi=instansi, nama=nama, induk_id=unit_id(*induk) if induk else None,
                                             siasn_unor_id="" if key.startswith("#") else key)))
            unit_ids[key] = -1  # a key that appears as a parent and as a child is created once
        created = UnitKerja.objects.bulk_create([u for _, u in new_units])
        unit_ids.update({key: u.id for (key, _), u in zip(new_units, created, strict=True)})
        created_all += created
    hasil.unit_baru = sorted(u.nama for u in created_all)

    # 2. Jabatan (matched by name, case and spacing ignored, kind and jenjang).
    jabatan_ids = dict(pemeriksa.jabatan_existing)
    new_jabatan = {}
    for row in hasil.rows:
        j = row["_jabatan"]
        if j:
            key = pemeriksa._kunci_jabatan(j)
            if key not in jabatan_ids and key not in new_jabatan:
                new_jabatan[key] = Jabatan(instansi=instansi, nama=j[0], jenis=j[1], jenjang=j[2],
                                           siasn_jabatan_id=j[3])
    for key, jab in zip(new_jabatan, Jabatan.objects.bulk_create(list(new_jabatan.values()), batch_size=2000),
                        strict=True):
        jabatan_ids[key] = jab.id
    hasil.jabatan_baru = len(new_jabatan)

    # 3. Employees: create the new, update only what changed (only the fields the file has columns for).
    fields = pemeriksa.fields
    existing = {row[0]: row for row in Pegawai.objects.filter(instansi=instansi).values_list(
        "nip", "atasan_id", "id", "atasan__nip", *FIELDS)}
    now = timezone.now()
    to_create, to_update = [], []
    for row in hasil.rows:
        new_values = pemeriksa.nilai(row, unit_id, jabatan_ids)
        old = existing.get(row["nip"])
        if old is None:
            to_create.append({"instansi_id": instansi.pk, "nip": row["nip"], **dict(zip(fields, new_values,
                                                                                        strict=True))})
        elif any(v != old[p] for v, p in zip(new_values, pemeriksa.pos, strict=True)):
            to_update.append({"id": old[2], **dict(zip(fields, new_values, strict=True)), "diperbarui": now})
        else:
            hasil.tidak_berubah += 1
    if to_create:
        # COPY without the per-row insert trigger, then every "insert" history event in one statement,
        # attached to the same pghistory context (who, "impor") as the trigger would.
        with bulk.without_insert_history():
            bulk.copy_rows(Pegawai, lengkapi(Pegawai, to_create, now=now))
        _pemicu_tanpa_pengecualian()  # leaving pgtrigger.ignore() emptied the setting again
        bulk.record_insert_events("instansi_id = %s AND nip = ANY(%s)", [instansi.pk, [r["nip"] for r in to_create]])
    perbarui(Pegawai, to_update)
    hasil.baru, hasil.diperbarui = len(to_create), len(to_update)
    if progress:
        progress(len(tabel.baris))

    # 4. Atasan links (needs the ids of the employees just created).
    if any(row["_nip_atasan"] for row in hasil.rows):
        ids = dict(Pegawai.objects.filter(instansi=instansi).values_list("nip", "id"))
        current = {nip: old[1] for nip, old in existing.items()}
        links = []
        for row in hasil.rows:
            if not row["_nip_atasan"]:
                continue
            atasan_id = ids[row["_nip_atasan"]]
            if current.get(row["nip"]) != atasan_id:
                links.append({"id": ids[row["nip"]], "atasan_id": atasan_id, "diperbarui": now})
        perbarui(Pegawai, links)
        # An existing employee whose only change is the atasan counts as updated too.
        counted = {p["id"] for p in to_update} | {ids[p["nip"]] for p in to_create}
        hasil.diperbarui += sum(1 for p in links if p["id"] not in counted)
        hasil.tidak_berubah -= sum(1 for p in links if p["id"] not in counted)


# Bulk writes without model instances: the ORM's bulk_create/bulk_update spend most of a 100,000-row import
# building and preparing objects (and bulk_update's CASE WHEN grows with the batch). New rows go in with COPY
# (pembinaan.bulk); updates with one UPDATE ... FROM (VALUES ...) per batch, through Django's cursor so that
# pghistory's context is attached to the update trigger's events.
BATCH = 1000


def _str(value):
    return str(value) if isinstance(value, str) else value  # TextChoices members → plain str for the driver


def lengkapi(model, rows, *, now=None):
    """Rows (dicts {attname: value}, all with the same keys) completed with the model's default for every other
    column, as the ORM would fill them (COPY does not know Django's defaults)."""
    if not rows:
        return rows
    now = now or timezone.now()
    defaults = {}
    for f in model._meta.concrete_fields:
        if f.primary_key or f.attname in rows[0] or f.db_default is not NOT_PROVIDED:
            continue  # a database default is applied by COPY itself
        value = now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()
        defaults[f.attname] = _str(f.get_db_prep_save(value, connection))
    return [{**r, **defaults} for r in rows]


def perbarui(model, rows, *, batch=BATCH):
    """UPDATE rows given as dicts {"id": pk, attname: value, ...} (all with the same keys), a batch a statement."""
    if not rows:
        return
    meta, qn = model._meta, connection.ops.quote_name
    names = [n for n in rows[0] if n != "id"]
    fields = [meta.get_field(n) for n in names]
    satu = "(" + ", ".join([f"%s::{meta.pk.rel_db_type(connection)}"] +
                           [f"%s::{f.db_type(connection)}" for f in fields]) + ")"
    kolom = ", ".join(["id"] + [qn(f.column) for f in fields])
    set_ = ", ".join(f"{qn(f.column)} = v.{qn(f.column)}" for f in fields)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start:start + batch]
            params = []
            for r in chunk:
                params.append(r["id"])
                params.extend(_str(r[n]) for n in names)
            cursor.execute(f"UPDATE {qn(meta.db_table)} AS t SET {set_} FROM (VALUES "
                           f"{', '.join([satu] * len(chunk))}) AS v({kolom}) WHERE t.{qn(meta.pk.column)} = v.id",
                           params)
