"""Checking and writing a SIASN "data pegawai" table (DOMAIN.md 11.1) for one instansi.

``periksa`` checks every row and collects every problem (row number, column, Indonesian message)
without writing anything. ``terapkan`` runs the same checks inside one transaction and, only when
no row is rejected, writes everything in bulk: new units and jabatan, new and changed employees,
then the atasan links. Employees are matched by NIP, so re-importing a file changes nothing and a
newer file updates what changed (the audit triggers record each change).
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from .. import nip as nip_mod
from .. import referensi as ref
from ..models import Jabatan, Pegawai, UnitKerja
from .berkas import Tabel

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

# The downloadable template: the SIASN header (DOMAIN.md 11.1) plus NIP ATASAN.
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
    "NIP ATASAN",
]

# Fields compared and written for an employee (everything the file can say about them).
FIELDS = [
    "pns_id", "nama", "gelar_depan", "gelar_belakang", "tempat_lahir", "tanggal_lahir", "jenis_kelamin",
    "jenis_asn", "golongan", "tmt_cpns", "tmt_golongan", "pendidikan", "nik", "email", "no_hp",
    "jabatan_id", "unit_kerja_id",
]

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
ESELON = {"I.A": ref.JenisJabatan.JPT_MADYA, "I.B": ref.JenisJabatan.JPT_MADYA,
          "II.A": ref.JenisJabatan.JPT_PRATAMA, "II.B": ref.JenisJabatan.JPT_PRATAMA,
          "III.A": ref.JenisJabatan.ADMINISTRATOR, "III.B": ref.JenisJabatan.ADMINISTRATOR,
          "IV.A": ref.JenisJabatan.PENGAWAS, "IV.B": ref.JenisJabatan.PENGAWAS}
JENJANG_NAMA = [(label.upper(), value) for value, label in ref.Jenjang.choices]
GOLONGAN_PNS_UPPER = {kode.upper(): kode for kode in ref.GOLONGAN_PNS_KODE}
DIIZINKAN_JENIS_JABATAN = "JPT Utama, JPT Madya, JPT Pratama, Administrator, Pengawas, Fungsional, Pelaksana " \
    "(atau nama SIASN: Jabatan Struktural + ESELON, Jabatan Fungsional Tertentu, Jabatan Fungsional Umum)"
FORMAT_TANGGAL = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%y")
EXCEL_EPOCH = date(1899, 12, 30)
_SPASI = re.compile(r"\s+")
OFF = 4  # position of the first of FIELDS in the tuples read for existing employees


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
    rows: list[dict] = field(default_factory=list)
    unit_baru: list[str] = field(default_factory=list)
    jabatan_baru: int = 0
    baru: int = 0
    diperbarui: int = 0
    tidak_berubah: int = 0

    @property
    def ok(self):
        return not self.galat

    def ringkasan(self):
        return {"baris": len(self.rows) + len({g.baris for g in self.galat}) if self.galat else len(self.rows),
                "baru": self.baru, "diperbarui": self.diperbarui, "tidak_berubah": self.tidak_berubah,
                "unit_baru": self.unit_baru, "jabatan_baru": self.jabatan_baru,
                "baris_ditolak": len({g.baris for g in self.galat})}


def teks(value) -> str:
    """Cell → clean text: NFC, non-breaking and repeated spaces folded, surrounding blanks removed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", str(value)).replace("\u00a0", " ").replace("\u200b", "")
    return _SPASI.sub(" ", text).strip()


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
    for fmt in FORMAT_TANGGAL:
        try:
            return datetime.strptime(text.split(" ")[0], fmt).date()
        except ValueError:
            continue
    raise ValueError


def _nomor(value, kolom, panjang_nama):
    """An identifier column (NIP, NIK): text only. A numeric cell has already lost digits in Excel."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        shown = f"{value:.0f}" if isinstance(value, float) else str(value)
        return None, (f"{kolom} tersimpan sebagai angka ({shown}); Excel hanya menyimpan 15 digit sehingga digit "
                      f"terakhir {panjang_nama} hilang. Format kolom {kolom} sebagai Teks lalu isi ulang dari sumber "
                      f"aslinya (atau ekspor ulang dari SIASN).")
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
    # No status columns: the NIP itself tells. Digits 13-14 are a month for PNS, "21"/"24"... for PPPK.
    digits = re.sub(r"\D", "", nip_text)
    if len(digits) == 18 and not 1 <= int(digits[12:14]) <= 12:
        return ref.JenisAsn.PPPK
    return ref.JenisAsn.PNS


def golongan_baris(r, jenis_asn):
    """Return (kode, error)."""
    raw = teks(r.get("golongan"))
    gol_id = teks(r.get("gol_id"))
    if not raw and gol_id in ref.SIASN_GOLONGAN_ID and jenis_asn in ref.JENIS_PNS:
        raw = ref.SIASN_GOLONGAN_ID[gol_id]
    if not raw:
        return "", None
    value = raw.upper().replace("GOLONGAN", "").replace(" ", "").replace("-", "/")
    if jenis_asn in ref.JENIS_PNS:
        if value in GOLONGAN_PNS_UPPER:
            return GOLONGAN_PNS_UPPER[value], None
        extra = " (golongan PPPK tidak boleh dipakai untuk PNS)" if value in ref.GOLONGAN_PPPK else ""
        return "", (f"Golongan '{raw}' tidak dikenal untuk {jenis_asn}{extra}. Nilai yang diizinkan: "
                    f"{', '.join(ref.GOLONGAN_PNS_KODE)}.")
    if value in ref.GOLONGAN_PPPK:
        return value, None
    extra = " (golongan PNS tidak boleh dipakai untuk PPPK)" if value in GOLONGAN_PNS_UPPER else ""
    return "", (f"Golongan '{raw}' tidak dikenal untuk PPPK{extra}. Nilai yang diizinkan: "
                f"{', '.join(ref.GOLONGAN_PPPK)}.")


def _jenjang(nama_jabatan):
    upper = nama_jabatan.upper()
    for label, value in JENJANG_NAMA:
        if upper.endswith(label) or f" {label} " in f" {upper} ":
            return value
    return ""


def jabatan_baris(r):
    """Return ((nama, jenis, jenjang, siasn_id) or None, error)."""
    nama = teks(r.get("jabatan"))
    jenis_raw = teks(r.get("jenis_jabatan"))
    jenis_id = teks(r.get("jenis_jabatan_id"))
    if not nama and not jenis_raw and not jenis_id:
        return None, None
    key = jenis_raw.upper()
    jenis = JENIS_JABATAN_NAMA.get(key) or (JENIS_JABATAN_SIASN_ID.get(jenis_id) if not key else None)
    if jenis is None and (key in STRUKTURAL or (not key and jenis_id == "1")):
        eselon = teks(r.get("eselon")).upper().replace(" ", "").replace("/", ".")
        jenis = ESELON.get(eselon)
        if jenis is None:
            return None, ("Jabatan struktural perlu kolom ESELON (II.a, II.b, III.a, III.b, IV.a, IV.b) untuk "
                          "menentukan jenisnya, atau tulis jenisnya langsung (JPT Pratama, Administrator, Pengawas).")
    if jenis is None:
        return None, f"Jenis jabatan '{jenis_raw or jenis_id}' tidak dikenal. Nilai yang diizinkan: {DIIZINKAN_JENIS_JABATAN}."
    if not nama:
        return None, "Nama jabatan kosong padahal jenis jabatan diisi."
    jenjang = _jenjang(nama) if jenis == ref.JenisJabatan.FUNGSIONAL else ""
    return (nama[:255], jenis, jenjang, teks(r.get("jabatan_id"))[:64]), None


def jenis_kelamin_baris(value):
    v = teks(value).upper()
    if v in {"M", "L", "LAKI-LAKI", "LAKI LAKI", "PRIA", "1"}:
        return ref.JenisKelamin.LAKI_LAKI
    if v in {"F", "P", "PEREMPUAN", "WANITA", "2"}:
        return ref.JenisKelamin.PEREMPUAN
    return None


class Pemeriksa:
    """Checks the rows of one table for one instansi. Reads the database with a fixed number of queries."""

    def __init__(self, instansi, *, today=None, progress=None):
        self.instansi = instansi
        self.today = today or date.today()
        self.progress = progress

    def periksa(self, tabel: Tabel, *, hitung_perubahan=True) -> Hasil:
        hasil = Hasil()
        header = tabel.header
        hilang = [k for k in WAJIB if k not in header]
        if hilang:
            hasil.galat.append(Galat(1, ", ".join(hilang), f"Kolom wajib tidak ditemukan: {', '.join(hilang)}. "
                                     "Gunakan berkas ekspor data pegawai SIASN atau templat impor."))
            return hasil
        index = {KOLOM[h]: i for i, h in enumerate(header) if h in KOLOM}

        instansi = self.instansi
        existing = {
            row[0]: row for row in Pegawai.objects.filter(nip__in=self._semua_nip(tabel, index)).values_list(
                "nip", "instansi_id", "id", "atasan__nip", *FIELDS)
        }
        nip_instansi = set(Pegawai.objects.filter(instansi=instansi).values_list("nip", flat=True)) \
            if "nip_atasan" in index else set()
        unit_existing = dict(UnitKerja.objects.filter(instansi=instansi).exclude(siasn_unor_id="")
                             .values_list("siasn_unor_id", "id"))
        unit_by_nama = {n.upper(): i for n, i in UnitKerja.objects.filter(instansi=instansi, siasn_unor_id="")
                        .values_list("nama", "id")}
        jabatan_existing = {(n, j, jj): i for n, j, jj, i in Jabatan.objects.filter(instansi=instansi)
                            .values_list("nama", "jenis", "jenjang", "id")}
        self.unit_existing, self.unit_by_nama, self.jabatan_existing = unit_existing, unit_by_nama, jabatan_existing

        nip_seen = {}
        unit_baru = {}
        jabatan_baru = set()
        rows = []
        for n, (nomor, cells) in enumerate(tabel.baris):
            if self.progress and n % 2000 == 0:
                self.progress(n)
            r = {name: (cells[i] if i < len(cells) else None) for name, i in index.items()}
            row, errors = self._baris(nomor, r, existing, nip_seen)
            if errors:
                hasil.galat.extend(errors)
                continue
            for key, nama in row["_unit"]:
                if key not in unit_existing and key.upper() not in unit_by_nama and key not in unit_baru:
                    unit_baru[key] = nama
            if row["_jabatan"] and row["_jabatan"][:3] not in jabatan_existing:
                jabatan_baru.add(row["_jabatan"][:3])
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

    @staticmethod
    def _semua_nip(tabel, index):
        i = index.get("nip")
        return [nip_mod.normalise(teks(cells[i])) for _, cells in tabel.baris if i is not None and i < len(cells)
                and isinstance(cells[i], str)]

    def _baris(self, nomor, r, existing, nip_seen):
        errors = []

        def err(kolom, pesan):
            errors.append(Galat(nomor, kolom, pesan))

        nip_text, nip_err = _nomor(r.get("nip"), "NIP BARU", "NIP")
        if nip_err:
            err("NIP BARU", nip_err)
        elif not nip_text:
            err("NIP BARU", "NIP kosong.")

        nama = teks(r.get("nama"))
        if not nama:
            err("NAMA", "Nama kosong.")
        elif len(nama) > 200:
            err("NAMA", "Nama lebih dari 200 karakter.")

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
        tmt, tmt_err = self._tanggal_lalu(r, "tmt_cpns", "TMT CPNS")
        tmt_golongan, tmt_gol_err = self._tanggal_lalu(r, "tmt_golongan", "TMT GOLONGAN")
        for e in (tmt_err, tmt_gol_err):
            if e:
                errors.append(Galat(nomor, *e))

        nip_final = None
        if nip_text:
            nip_final, messages = nip_mod.validate(
                nip_text, jenis_asn=jenis_asn, tanggal_lahir=tgl_lahir, jenis_kelamin=jk,
                tmt=tmt if jenis_asn in ref.JENIS_PNS else None, today=self.today)
            for m in messages:
                err("NIP BARU", kalimat(m))
            if not messages:
                if nip_final in nip_seen:
                    err("NIP BARU", f"NIP {nip_final} muncul dua kali dalam berkas (juga di baris {nip_seen[nip_final]}).")
                else:
                    nip_seen[nip_final] = nomor
                other = existing.get(nip_final)
                if other and other[1] != self.instansi.pk:
                    err("NIP BARU", f"NIP {nip_final} sudah terdaftar pada instansi lain; pegawai pindah instansi "
                                    "harus dimutasi oleh instansi asalnya terlebih dahulu.")

        inst_id, inst_nama = teks(r.get("instansi_id")), teks(r.get("instansi"))
        if (inst_id and self.instansi.siasn_id and inst_id != self.instansi.siasn_id) or (
                inst_nama and not self.instansi.siasn_id and inst_nama.upper() != self.instansi.nama.upper()):
            err("INSTANSI INDUK NAMA", f"Baris ini milik instansi '{inst_nama or inst_id}', bukan {self.instansi.nama} "
                                       "yang sedang mengimpor.")

        golongan, gol_err = golongan_baris(r, jenis_asn)
        if gol_err:
            err("GOL AKHIR NAMA", gol_err)
        jabatan, jab_err = jabatan_baris(r)
        if jab_err:
            err("JENIS JABATAN NAMA", jab_err)

        nik, nik_err = _nomor(r.get("nik"), "NIK", "NIK")
        if nik_err:
            err("NIK", nik_err)
        elif nik and not re.fullmatch(r"[0-9]{16}", nik.replace(" ", "")):
            err("NIK", f"NIK '{nik}' harus 16 digit angka.")
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
        if satker and (satker_id or satker) != (unor_id or unor):
            unit.append((satker_id or satker, satker))
        if unor:
            unit.append((unor_id or unor, unor))
        row = {
            "_baris": nomor, "_unit": unit, "_jabatan": jabatan, "_nip_atasan": nip_atasan,
            "nip": nip_final, "pns_id": teks(r.get("pns_id"))[:64], "nama": nama,
            "gelar_depan": teks(r.get("gelar_depan"))[:50], "gelar_belakang": teks(r.get("gelar_belakang"))[:100],
            "tempat_lahir": teks(r.get("tempat_lahir"))[:100], "tanggal_lahir": tgl_lahir, "jenis_kelamin": jk,
            "jenis_asn": jenis_asn, "golongan": golongan, "tmt_cpns": tmt, "tmt_golongan": tmt_golongan,
            "pendidikan": teks(r.get("pendidikan"))[:50], "nik": (nik or "").replace(" ", ""), "email": email,
            "no_hp": teks(r.get("no_hp"))[:30],
        }
        return row, None

    def _tanggal_lalu(self, r, key, kolom):
        """A date column that may be empty but never in the future. Returns (date, (kolom, pesan) or None)."""
        try:
            value = tanggal(r.get(key))
        except ValueError:
            return None, (kolom, f"{kolom} '{teks(r.get(key))}' tidak dapat dibaca; gunakan format DD-MM-YYYY.")
        if value and value > self.today:
            return None, (kolom, f"{kolom} {value:%d-%m-%Y} ada di masa depan.")
        return value, None

    def _unit_id(self, row, unit_ids):
        if not row["_unit"]:
            return None
        key = row["_unit"][-1][0]
        return unit_ids.get(key) or self.unit_by_nama.get(key.upper()) or -1

    def _hitung_perubahan(self, hasil, existing):
        """Dry-run counts: how many rows are new, changed, unchanged (units/jabatan ids as they would be)."""
        for row in hasil.rows:
            old = existing.get(row["nip"])
            if old is None:
                hasil.baru += 1
                continue
            new_values = self._nilai(row, self.unit_existing, self.jabatan_existing)
            atasan_berubah = row["_nip_atasan"] and row["_nip_atasan"] != old[3]
            if atasan_berubah or any(v != old[OFF + i] for i, v in enumerate(new_values)):
                hasil.diperbarui += 1
            else:
                hasil.tidak_berubah += 1

    def _nilai(self, row, unit_ids, jabatan_ids):
        values = []
        for f in FIELDS:
            if f == "jabatan_id":
                values.append(jabatan_ids.get(row["_jabatan"][:3], -1) if row["_jabatan"] else None)
            elif f == "unit_kerja_id":
                values.append(self._unit_id(row, unit_ids) if row["_unit"] else None)
            else:
                values.append(row[f])
        return values


def periksa(tabel, instansi, *, today=None, progress=None) -> Hasil:
    return Pemeriksa(instansi, today=today, progress=progress).periksa(tabel)


def terapkan(tabel, instansi, *, today=None, progress=None) -> Hasil:
    """Check again and write, all in the caller's transaction. Nothing is written if any row is rejected."""
    pemeriksa = Pemeriksa(instansi, today=today, progress=progress)
    hasil = pemeriksa.periksa(tabel, hitung_perubahan=False)
    if not hasil.ok:
        return hasil
    assert transaction.get_connection().in_atomic_block, "terapkan() must run inside transaction.atomic()"

    # 1. Units: SATUAN KERJA as parents, UNOR under them.
    unit_ids = dict(pemeriksa.unit_existing)
    unit_ids.update({k: v for k, v in pemeriksa.unit_by_nama.items()})
    parents, children = {}, {}
    for row in hasil.rows:
        if len(row["_unit"]) == 2:
            parents.setdefault(row["_unit"][0][0], row["_unit"][0][1])
            children.setdefault(row["_unit"][1][0], (row["_unit"][1][1], row["_unit"][0][0]))
        elif row["_unit"]:
            parents.setdefault(row["_unit"][0][0], row["_unit"][0][1])
    new_units = []
    for key, nama in parents.items():
        if key not in unit_ids and key.upper() not in unit_ids:
            new_units.append(UnitKerja(instansi=instansi, nama=nama, siasn_unor_id=key if key != nama else ""))
    created = UnitKerja.objects.bulk_create(new_units)
    unit_ids.update({(u.siasn_unor_id or u.nama): u.id for u in created})
    created_all = list(created)
    new_units = []
    for key, (nama, parent_key) in children.items():
        if key not in unit_ids and key.upper() not in unit_ids:
            new_units.append(UnitKerja(instansi=instansi, nama=nama, induk_id=unit_ids.get(parent_key),
                                       siasn_unor_id=key if key != nama else ""))
    created = UnitKerja.objects.bulk_create(new_units)
    unit_ids.update({(u.siasn_unor_id or u.nama): u.id for u in created})
    created_all += created
    hasil.unit_baru = sorted(u.nama for u in created_all)

    # 2. Jabatan.
    jabatan_ids = dict(pemeriksa.jabatan_existing)
    new_jabatan = {}
    for row in hasil.rows:
        j = row["_jabatan"]
        if j and j[:3] not in jabatan_ids and j[:3] not in new_jabatan:
            new_jabatan[j[:3]] = Jabatan(instansi=instansi, nama=j[0], jenis=j[1], jenjang=j[2], siasn_jabatan_id=j[3])
    for jab in Jabatan.objects.bulk_create(list(new_jabatan.values()), batch_size=2000):
        jabatan_ids[(jab.nama, jab.jenis, jab.jenjang)] = jab.id
    hasil.jabatan_baru = len(new_jabatan)

    # 3. Employees: create the new, update only what changed.
    existing = {row[0]: row for row in Pegawai.objects.filter(instansi=instansi).values_list(
        "nip", "atasan_id", "id", "atasan__nip", *FIELDS)}
    to_create, to_update = [], []
    for row in hasil.rows:
        values = dict(zip(FIELDS, pemeriksa._nilai(row, unit_ids, jabatan_ids), strict=True))
        old = existing.get(row["nip"])
        if old is None:
            to_create.append(Pegawai(instansi=instansi, nip=row["nip"], **values))
        elif any(values[f] != old[OFF + i] for i, f in enumerate(FIELDS)):
            to_update.append(Pegawai(id=old[2], **values))
        else:
            hasil.tidak_berubah += 1
    Pegawai.objects.bulk_create(to_create, batch_size=2000)
    if to_update:
        Pegawai.objects.bulk_update(to_update, FIELDS, batch_size=1000)
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
                links.append(Pegawai(id=ids[row["nip"]], atasan_id=atasan_id))
        if links:
            Pegawai.objects.bulk_update(links, ["atasan"], batch_size=2000)
            # An existing employee whose only change is the atasan counts as updated too.
            counted = {p.id for p in to_update} | {p.id for p in to_create}
            hasil.diperbarui += sum(1 for p in links if p.id not in counted)
            hasil.tidak_berubah -= sum(1 for p in links if p.id not in counted)
    return hasil
