"""The row checker of a Moodle course completion report (report/completion, "Download in spreadsheet format"):
pure computation over the rows and what the instansi has (its employees by NIP or e-mail, the programme's
participants and their credits).

What Moodle writes (report/completion/index.php, CSV branch): a header row ``ID, Name, <identity fields the site
shows: "ID number", "Email address", …>, <per activity: "<activity>", "<activity> - Completion date">,
<other criteria>, "Course complete"``; one row per tracked user; "Course complete" is
``userdate(timecompleted, strftimedatetimeshort)`` in the downloading user's language, or empty when the user has
not completed the course. The Excel variant is the same table (CSV with a UTF-8 BOM, or an .xlsx saved from it).

Same reader, same row errors and the same all-or-nothing rule as the employee and attendance imports. The reads
are ``selectors.moodle.moodle_impor_periksa``; the write, only of a clean file and in one transaction, is
``services.moodle.moodle_import``. Re-importing the same file changes nothing.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from pembinaan import nip as nip_mod
from pembinaan.impor.pemeriksa import Galat
from pembinaan.impor.sel import kolom_indeks, nomor_identitas, sel_di, teks

IDENTITAS = {"nip": "ID number (NIP)", "email": "Email address"}
# English and Indonesian language packs (Indonesian strings of the identity fields are our best reading of the
# id pack: "Nomor ID", "Alamat email"; both are accepted).
KOLOM = {
    "nip": ("ID NUMBER", "IDNUMBER", "NOMOR ID", "NIP"),
    "email": ("EMAIL ADDRESS", "EMAIL", "ALAMAT EMAIL", "ALAMAT SUREL", "SUREL"),
}
KOLOM_SELESAI = ("COURSE COMPLETE", "KURSUS SELESAI", "KURSUS LENGKAP", "PENYELESAIAN KURSUS")
KOLOM_NAMA = ("NAME", "NAMA", "NAMA LENGKAP")

BULAN = {
    "january": 1, "jan": 1, "januari": 1,
    "february": 2, "feb": 2, "februari": 2, "pebruari": 2, "peb": 2,
    "march": 3, "mar": 3, "maret": 3,
    "april": 4, "apr": 4,
    "may": 5, "mei": 5,
    "june": 6, "jun": 6, "juni": 6,
    "july": 7, "jul": 7, "juli": 7,
    "august": 8, "aug": 8, "agustus": 8, "agu": 8, "agt": 8, "ags": 8,
    "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "nop": 11, "nopember": 11,
    "december": 12, "dec": 12, "desember": 12, "des": 12,
}
_JAM = r"(?:,?\s*(?:pukul\s+)?(\d{1,2})[:.](\d{2})(?:\s*([ap])\.?m\.?)?)?"
_NAMA_BULAN = re.compile(r"(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})" + _JAM)
_ANGKA = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})" + _JAM)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ t](\d{1,2}):(\d{2})(?::\d{2})?)?()")
_HARI = re.compile(r"^[a-z']+,\s*")


def tanggal_moodle(value):
    """A "Course complete" cell → date (None when blank). Moodle's formats in English and Indonesian:
    "Monday, 3 March 2025, 10:15 AM", "Senin, 3 Maret 2025, 10:15", "3/03/25, 10:15" (strftimedatetimeshort of the
    en and id packs is day/month/year), "2025-03-03 10:15", or a date cell of an .xlsx. Raises ValueError."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = teks(value).lower()
    if not text or text in ("-", "—"):
        return None
    text = _HARI.sub("", text)
    m = _NAMA_BULAN.fullmatch(text)
    if m:
        bulan = BULAN.get(m[2])
        if bulan is None:
            raise ValueError
        hari, tahun = int(m[1]), int(m[3])
    else:
        m = _ANGKA.fullmatch(text) or _ISO.fullmatch(text)
        if m is None:
            raise ValueError
        if "-" in m[0][:5]:
            tahun, bulan, hari = int(m[1]), int(m[2]), int(m[3])
        else:
            hari, bulan, tahun = int(m[1]), int(m[2]), int(m[3])
            tahun += 2000 if tahun < 100 else 0
    if m[4] is not None and (int(m[4]) > (12 if m.lastindex >= 6 and m[6] else 23) or int(m[5]) > 59):
        raise ValueError
    return date(tahun, bulan, hari)  # ValueError for 31 February


@dataclass
class HasilImporMoodle:
    galat: list = field(default_factory=list)
    baris: list = field(default_factory=list)  # (pegawai_id, peserta_id or None, completion date)
    kosong: list = field(default_factory=list)  # (row number, name, identity) of rows without a completion
    peserta_baru: list = field(default_factory=list)  # names of employees who become participants
    baru: int = 0  # completions credited now
    tetap: int = 0  # already credited with the same date: nothing changes
    diubah: int = 0  # credited before with another date
    jumlah: int = 0

    @property
    def ok(self):
        return not self.galat


def _kunci(identitas, cells, i, nomor, kolom, errors):
    if identitas == "nip":
        text, err = nomor_identitas(sel_di(cells, i), kolom, "NIP")
        if err:
            errors.append(Galat(nomor, kolom, err))
            return None
        nip = nip_mod.normalise(text or "")
        if not re.fullmatch(r"[0-9]{18}", nip):
            errors.append(Galat(nomor, kolom, f"'{text or '(kosong)'}' bukan NIP 18 digit; kolom {kolom} di Moodle "
                                              "harus berisi NIP pegawai."))
            return None
        return nip
    email = teks(sel_di(cells, i)).lower()
    if "@" not in email:
        errors.append(Galat(nomor, kolom, f"'{email or '(kosong)'}' bukan alamat e-mail."))
        return None
    return email


def periksa(tabel, *, identitas, pegawai, peserta, kredit, hari_ini):
    """Check every row. ``identitas``: "nip" or "email"; ``pegawai``: {NIP or lower-case e-mail: [(pegawai id,
    name)]} of the instansi's employees; ``peserta``: {pegawai id: (peserta id, status)} of the programme;
    ``kredit``: {peserta id: credited date}. Returns HasilImporMoodle with the clean rows or every error."""
    hasil = HasilImporMoodle(jumlah=len(tabel.baris))
    i_id = kolom_indeks(tabel.header, KOLOM[identitas])
    i_selesai = kolom_indeks(tabel.header, KOLOM_SELESAI)
    i_nama = kolom_indeks(tabel.header, KOLOM_NAMA)
    hilang = [n for n, i in ((IDENTITAS[identitas], i_id), ("Course complete", i_selesai)) if i is None]
    if hilang:
        hasil.galat.append(Galat(tabel.baris_header, ", ".join(hilang),
                                 f"Kolom tidak ditemukan: {', '.join(hilang)}. Unduh laporan penyelesaian kursus "
                                 "Moodle dengan kolom identitas itu ditampilkan (Site administration › Users › "
                                 "Permissions › Show user identity), atau pilih kolom identitas yang lain."))
        return hasil
    kolom = tabel.header[i_id]
    seen = {}
    for nomor, cells in tabel.baris:
        errors = []
        tgl = _tanggal_baris(nomor, sel_di(cells, i_selesai), errors)
        if tgl is None:
            hasil.kosong.append((nomor, teks(sel_di(cells, i_nama)), teks(sel_di(cells, i_id))))
            continue
        if tgl and tgl > hari_ini:
            errors.append(Galat(nomor, "Course complete", f"Tanggal selesai {tgl:%d-%m-%Y} belum terjadi."))
        kunci = _kunci(identitas, cells, i_id, nomor, kolom, errors)
        cocok = _pegawai_baris(nomor, kunci, kolom, pegawai, seen, errors) if kunci else None
        if not errors:
            seen[kunci] = nomor
            _catat(hasil, nomor, kolom, cocok, tgl, peserta, kredit, errors)
        hasil.galat.extend(errors)
    return hasil


def _tanggal_baris(nomor, nilai, errors):
    try:
        return tanggal_moodle(nilai)
    except ValueError:
        errors.append(Galat(nomor, "Course complete",
                            f"Tanggal selesai '{teks(nilai)}' tidak dapat dibaca; contoh yang dikenali: "
                            "'Senin, 3 Maret 2025, 10:15', 'Monday, 3 March 2025, 10:15 AM', '3/03/25, 10:15'."))
        return False


def _pegawai_baris(nomor, kunci, kolom, pegawai, seen, errors):
    cocok = pegawai.get(kunci, [])
    if not cocok:
        errors.append(Galat(nomor, kolom, f"{kunci} tidak cocok dengan pegawai mana pun di instansi ini."))
    elif len(cocok) > 1:
        errors.append(Galat(nomor, kolom, f"E-mail {kunci} dipakai {len(cocok)} pegawai; gunakan kolom "
                                          "ID number (NIP)."))
    elif kunci in seen:
        errors.append(Galat(nomor, kolom, f"{kunci} sudah ada di baris {seen[kunci]}."))
    return cocok[0] if len(cocok) == 1 else None


def _catat(hasil, nomor, kolom, cocok, tgl, peserta, kredit, errors):
    pegawai_id, nama_pegawai = cocok
    ps = peserta.get(pegawai_id)
    if ps is not None and ps[1] == "mundur":
        errors.append(Galat(nomor, kolom, f"{nama_pegawai} sudah mengundurkan diri dari program ini; "
                                          "penyelesaiannya tidak dicatat."))
        return
    hasil.baris.append((pegawai_id, ps[0] if ps else None, tgl))
    if ps is None:
        hasil.peserta_baru.append(nama_pegawai)
        hasil.baru += 1
    elif kredit.get(ps[0]) == tgl and ps[1] == "lulus":
        hasil.tetap += 1
    elif ps[0] in kredit:
        hasil.diubah += 1
    else:
        hasil.baru += 1
