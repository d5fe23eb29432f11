"""Reading one cell of an import file: text, dates, identifiers (NIP, NIK) and the SIASN codes for jenis ASN,
golongan, jabatan and jenis kelamin. Pure functions, no database; shared by the employee import and pelatihan's
attendance import.
"""

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal

from .. import referensi as ref
from .kolom import (
    DIIZINKAN_JENIS_JABATAN,
    ESELON,
    ESELON_POLA,
    GOLONGAN_PNS_UPPER,
    JENIS_JABATAN_NAMA,
    JENIS_JABATAN_SIASN_ID,
    JENJANG_NAMA,
    RANGKAP,
    SINGKATAN_INSTANSI,
    STRUKTURAL,
    STRUKTURAL_NAMA,
)

FORMAT_TANGGAL = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%y", "%d.%m.%Y")
EXCEL_EPOCH = date(1899, 12, 30)
_TANGGAL_DMY = re.compile(r"([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})")
PEMICU_RUMUS = ("=", "+", "-", "@")
_NOTASI_ILMIAH = re.compile(r"[0-9.,]+[eE][+]?[0-9]+")


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


def seperti_excel(value) -> str:
    """A numeric cell as Excel shows it in a Number format: 15 significant digits, the rest zeros."""
    try:
        return str(int(Decimal(f"{value:.15g}")))
    except (ArithmeticError, ValueError):
        return str(value)


def nomor_identitas(value, kolom, panjang_nama):
    """An identifier column (NIP, NIK): text only. A numeric cell has already lost digits in Excel."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return None, (f"{kolom} tersimpan sebagai angka ({seperti_excel(value)}); Excel hanya menyimpan 15 digit "
                      f"sehingga digit terakhir {panjang_nama} hilang. Format kolom {kolom} sebagai Teks lalu isi "
                      f"ulang dari sumber aslinya (atau ekspor ulang dari SIASN).")
    text = teks(value)
    if _NOTASI_ILMIAH.fullmatch(text):
        return None, (f"{kolom} tertulis dalam notasi ilmiah ({text}): kolom ini pernah diformat sebagai angka di "
                      f"Excel sehingga digitnya hilang. Format kolom {kolom} sebagai Teks lalu isi ulang.")
    return text, None


def jenis_asn_baris(r, nip_text):
    return jenis_asn_status(r) or jenis_asn_nip(nip_text)


def jenis_asn_status(r):
    """The jenis ASN the status columns tell, or None when they say nothing (then the NIP tells)."""
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
    return None


def jenis_asn_nip(nip_text):
    """The jenis ASN an NIP tells by itself (digits 13-14), None when it is neither PNS nor PPPK."""
    # No status columns: the NIP itself tells. Digits 13-14 are a month (01-12) for PNS; for PPPK "2" (the PPPK
    # marker) then the contract count 1-9 (docs/domain.md §1.2). Anything else (00, 13-20, 30-99) is neither: most
    # likely a PNS NIP with a mistyped TMT month, which must be reported, not taken for a PPPK (None).
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


def jenjang_dari_nama(nama_jabatan):
    upper = nama_jabatan.upper()
    for label, value in JENJANG_NAMA:
        if upper.endswith(label) or f" {label} " in f" {upper} ":
            return value
    return ""


def jenis_struktural(nama, eselon_raw, provinsi):
    """The kind of a structural post: from ESELON when given, else from the usual names of the posts."""
    eselon = teks(eselon_raw).upper().replace(" ", "")
    if eselon:
        match = ESELON_POLA.fullmatch(eselon)
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
        jenis = jenis_struktural(nama, r.get("eselon"), provinsi) or ref.JenisJabatan.FUNGSIONAL
    if jenis is None and (key in STRUKTURAL or (not key and jenis_id == "1")):
        jenis = jenis_struktural(nama, r.get("eselon"), provinsi)
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
    jenjang = jenjang_dari_nama(nama) if jenis == ref.JenisJabatan.FUNGSIONAL else ""
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


def kolom_indeks(header, names):
    """The index of the first of ``names`` found in ``header`` (a file's normalised header row), else None."""
    for name in names:
        if name in header:
            return header.index(name)
    return None


def sel_di(cells, i):
    """The cell at ``i`` of a row, None when the column is absent or the row is shorter."""
    return cells[i] if i is not None and i < len(cells) else None
