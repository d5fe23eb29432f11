"""Parsing and validation of the 18-digit NIP PNS and NI PPPK (docs/domain.md §1 and §11.4).

Pure Python: no Django, no database. Every message is short, user-facing Bahasa Indonesia that names what is
wrong and the offending value. Messages start with a lowercase word and carry no final full stop, so callers can
prefix them (e.g. ``f"Baris {n}: {pesan}"``).

NIP PNS (Perka BKN 22/2007)::

    YYYYMMDD  YYYYMM  G  NNN
    lahir     TMT     1=L, 2=P; urutan 001-999

NI PPPK (observed layout; digits 13-14 are informational, *not* a month)::

    YYYYMMDD  YYYY  xx  G  NNN
    lahir     tahun pengangkatan
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

__all__ = ["NipError", "NipInfo", "normalise", "parse_nip_pns", "parse_ni_pppk", "validate"]

PANJANG = 18
USIA_MINIMUM = 17  # years between birth and first appointment (suggested check, docs/domain.md §1.1)
TAHUN_MINIMUM = 1900  # anything earlier in a birth or appointment year is a typo

JENIS_PNS = ("PNS", "CPNS")
JENIS_PPPK = ("PPPK", "PPPK_PW")
_WIB = ZoneInfo("Asia/Jakarta")

_NAMA_BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
_KELAMIN = {"1": "L", "2": "P"}
_NAMA_KELAMIN = {"L": "laki-laki", "P": "perempuan"}

# Whitespace of any kind (incl. NBSP U+00A0, narrow NBSP U+202F, figure space U+2007), zero-width characters and
# BOM, dots, and every common dash (hyphen-minus, non-breaking hyphen, figure/en/em dash, minus sign).
_PEMISAH = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff.\-\u2010-\u2015\u2212]+")
_ANGKA = frozenset("0123456789")
_NOTASI_ILMIAH = re.compile(r"\d+(?:,\d+)?[eE]\+?\d+")  # "1.98609E+17"; Indonesian Excel: "1,98609E+17"


class NipError(ValueError):
    """Raised with an Indonesian, user-facing message (str(err)).

    ``messages`` holds the individual problems; ``str(err)`` joins them with "; ".
    """

    def __init__(self, message: str, messages: list[str] | None = None):
        super().__init__(message)
        self.messages = list(messages) if messages else [message]


@dataclass(frozen=True)
class NipInfo:
    nip: str  # 18 digits
    jenis: str  # "PNS" or "PPPK"
    tanggal_lahir: date
    tmt: date | None  # PNS: first day of TMT CPNS month; PPPK: None
    tahun_pengangkatan: int  # PNS: TMT year; PPPK: digits 9-12
    jenis_kelamin: str  # "L" or "P"
    urutan: int  # last 3 digits


def normalise(value) -> str:
    """Strip spaces, non-breaking spaces, dots, dashes and surrounding blanks from a typed NIP/NI PPPK string.

    Does not convert numbers: callers handle numeric Excel cells themselves. Return '' for None.
    A single leading apostrophe (Excel's "store as text" prefix that leaks into CSV exports) is removed too.
    """
    if value is None:
        return ""
    teks = _PEMISAH.sub("", str(value))
    if teks.startswith("'"):
        teks = _PEMISAH.sub("", teks[1:])
    return teks


def ulang_tahun(lahir: date, usia: int) -> date:
    """The day a person born on ``lahir`` turns ``usia`` (29 February birthdays fall on 1 March)."""
    try:
        return lahir.replace(year=lahir.year + usia)
    except ValueError:
        return date(lahir.year + usia, 3, 1)


def _tgl(d: date) -> str:
    return f"{d.day} {_NAMA_BULAN[d.month - 1]} {d.year}"


def _bulan(tahun: int, bulan: int) -> str:
    return f"{_NAMA_BULAN[bulan - 1]} {tahun}"


def _potong(teks: str, batas: int = 40) -> str:
    return teks if len(teks) <= batas else teks[: batas - 1] + "…"


def _label(jenis: str) -> str:
    return "NIP" if jenis == "PNS" else "NI PPPK"


def _cek_bentuk(nip: str, label: str, asli: str) -> str | None:
    """The single message for an empty, non-numeric or wrong-length value, or None if it is 18 digits."""
    if not nip:
        return f"{label} belum diisi"
    lain = [c for c in dict.fromkeys(nip) if c not in _ANGKA]
    if lain:
        if _NOTASI_ILMIAH.fullmatch(nip):
            return (
                f"{label} terbaca sebagai angka Excel dalam notasi ilmiah ({_potong(asli)}) dan digit akhirnya hilang; "
                f"format kolom {label} sebagai Teks lalu isi ulang dari data asli"
            )
        daftar = ", ".join(repr(c) for c in lain[:5])
        return f"{label} hanya boleh berisi angka; ditemukan karakter {daftar} dalam {_potong(asli)!r}"
    if len(nip) != PANJANG:
        pesan = f"{label} harus {PANJANG} digit, ditemukan {len(nip)} digit ({_potong(nip)})"
        if len(nip) == 9:
            pesan += f"; NIP lama 9 digit tidak diterima, gunakan {label} baru {PANJANG} digit"
        return pesan
    return None


def _periksa(nip: str, jenis: str, today: date, asli: str = "") -> tuple[list[str], _Dekode | None]:
    """Check an already normalised value against the rules for ``jenis`` ("PNS" or "PPPK").

    Returns (messages, decoded). ``decoded`` is None only when the value is empty, non-numeric or of the wrong
    length; otherwise it holds every field that could be decoded (None where those digits are invalid).
    """
    label = _label(jenis)
    bentuk = _cek_bentuk(nip, label, asli.strip() or nip)
    if bentuk:
        return [bentuk], None

    pesan: list[str] = []
    lahir = _periksa_lahir(nip, label, pesan)
    tahun = int(nip[8:12])
    if jenis == "PNS":
        tmt = _periksa_tmt_pns(nip, lahir, today, pesan)
        tahun_ok = tmt is not None
    else:
        tmt = None
        tahun_ok = _periksa_tahun_pppk(nip, lahir, today, pesan)
    kelamin, urutan = _periksa_kelamin_urutan(nip, label, pesan)
    return pesan, _Dekode(lahir, tmt, tahun if tahun_ok else None, kelamin, urutan)


def _periksa_lahir(nip: str, label: str, pesan: list[str]) -> date | None:
    """Digits 1-8: birth date (None, with a message, when invalid)."""
    try:
        lahir = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        pesan.append(f"tanggal lahir dalam {label} ({nip[0:8]}) bukan tanggal yang valid")
        return None
    if lahir.year < TAHUN_MINIMUM:
        pesan.append(f"tahun lahir dalam {label} ({nip[0:4]}) tidak wajar")
        return None
    return lahir


def _periksa_tmt_pns(nip: str, lahir: date | None, today: date, pesan: list[str]) -> date | None:
    """Digits 9-14 of a NIP PNS: the TMT CPNS (year and month). None when those digits are invalid."""
    tahun, bulan = int(nip[8:12]), int(nip[12:14])
    if not 1 <= bulan <= 12:
        pesan.append(f"bulan TMT CPNS dalam NIP ({nip[8:14]}) tidak valid: bulan {nip[12:14]} harus 01-12")
        return None
    if tahun < TAHUN_MINIMUM:
        pesan.append(f"tahun TMT CPNS dalam NIP ({nip[8:14]}) tidak wajar")
        return None
    tmt = date(tahun, bulan, 1)
    if tmt > today:
        pesan.append(f"TMT CPNS dalam NIP ({nip[8:14]} = {_bulan(tahun, bulan)}) berada di masa depan")
    elif lahir and tmt < ulang_tahun(lahir, USIA_MINIMUM):
        # The TMT is the 1st of its month: born on 20 May 1990, a May 2007 TMT finds the person still 16.
        pesan.append(
            f"TMT CPNS dalam NIP ({nip[8:14]} = {_tgl(tmt)}) kurang dari {USIA_MINIMUM} tahun "
            f"setelah tanggal lahir ({_tgl(lahir)}): pada TMT itu pegawai belum berusia {USIA_MINIMUM} tahun"
        )
    return tmt


def _periksa_tahun_pppk(nip: str, lahir: date | None, today: date, pesan: list[str]) -> bool:
    """Digits 9-12 of a NI PPPK: the year of appointment. False when those digits are invalid.

    Digits 13-14 are informational only (usually "21"; "24" seen for PPPK paruh waktu): never a month."""
    tahun = int(nip[8:12])
    if tahun < TAHUN_MINIMUM:
        pesan.append(f"tahun pengangkatan dalam NI PPPK ({nip[8:12]}) tidak wajar")
        return False
    if tahun > today.year:
        pesan.append(f"tahun pengangkatan dalam NI PPPK ({nip[8:12]}) berada di masa depan")
    elif lahir and tahun < lahir.year + USIA_MINIMUM:
        pesan.append(
            f"tahun pengangkatan dalam NI PPPK ({nip[8:12]}) kurang dari {USIA_MINIMUM} tahun "
            f"setelah tahun lahir ({lahir.year})"
        )
    return True


def _periksa_kelamin_urutan(nip: str, label: str, pesan: list[str]) -> tuple[str | None, int]:
    """Digit 15 (gender) and digits 16-18 (sequence)."""
    kode = nip[14]
    kelamin = _KELAMIN.get(kode)
    if kelamin is None:
        pesan.append(f"kode jenis kelamin dalam {label} ({kode}) tidak valid: harus 1 (laki-laki) atau 2 (perempuan)")
    urutan = int(nip[15:18])
    if urutan == 0:
        pesan.append(
            f"nomor urut dalam {label} (000) tidak valid: harus 001-999; {label} yang berakhiran 000 biasanya "
            f"pernah tersimpan sebagai angka di Excel sehingga digit terakhirnya hilang; format kolom sebagai Teks "
            f"lalu isi ulang dari data asli"
        )
    return kelamin, urutan


@dataclass(frozen=True)
class _Dekode:
    """Fields decoded from an 18-digit value; None where those digits are invalid."""

    tanggal_lahir: date | None
    tmt: date | None
    tahun_pengangkatan: int | None
    jenis_kelamin: str | None
    urutan: int


def _parse(value: str, jenis: str, today: date | None) -> NipInfo:
    nip = normalise(value)
    pesan, d = _periksa(nip, jenis, _sebagai_date(today) or _hari_ini(), str(value))
    if pesan:
        raise NipError("; ".join(pesan), pesan)
    if d is None or d.tanggal_lahir is None or d.tahun_pengangkatan is None or d.jenis_kelamin is None:
        # Cannot happen: every undecodable part adds a message above. Guarded explicitly (not by assert, which
        # vanishes under python -O) so that a future change cannot return a half-filled NipInfo.
        raise RuntimeError(f"NIP {nip!r} lolos pemeriksaan tetapi tidak terbaca lengkap")
    return NipInfo(
        nip=nip,
        jenis=jenis,
        tanggal_lahir=d.tanggal_lahir,
        tmt=d.tmt,
        tahun_pengangkatan=d.tahun_pengangkatan,
        jenis_kelamin=d.jenis_kelamin,
        urutan=d.urutan,
    )


def parse_nip_pns(value: str, *, today: date | None = None) -> NipInfo:
    """Parse a NIP PNS (also used for CPNS). Raises NipError listing every problem found."""
    return _parse(value, "PNS", today)


def parse_ni_pppk(value: str, *, today: date | None = None) -> NipInfo:
    """Parse a NI PPPK (full-time or paruh waktu). Raises NipError listing every problem found."""
    return _parse(value, "PPPK", today)


def _hari_ini() -> date:
    """Today in Asia/Jakarta (the date an Indonesian user means), without Django: this module is pure Python."""
    return datetime.now(_WIB).date()


def _sebagai_date(value: date | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def validate(
    value,
    *,
    jenis_asn: str,
    tanggal_lahir: date | None = None,
    jenis_kelamin: str | None = None,
    tmt: date | None = None,
    today: date | None = None,
) -> tuple[str, list[str]]:
    """Normalise `value` and check it for jenis_asn in {"PNS","CPNS"} (NIP PNS rules) or {"PPPK","PPPK_PW"}
    (NI PPPK rules). Returns (normalised_nip, messages); messages empty means valid. Cross-checks, when the
    argument is given: tanggal_lahir must equal digits 1-8; jenis_kelamin ("L"/"P") must match digit 15;
    for PNS, tmt (TMT CPNS) year+month must equal digits 9-14; for PPPK, tmt's year must equal digits 9-12.

    Cross-checks are skipped for a part of the number that is itself invalid (that problem is already reported).
    An unknown jenis_asn is a programming error and raises ValueError (not NipError).
    """
    kind = str(jenis_asn).strip().upper()
    if kind in JENIS_PNS:
        jenis = "PNS"
    elif kind in JENIS_PPPK:
        jenis = "PPPK"
    else:
        raise ValueError(f"jenis_asn tidak dikenal: {jenis_asn!r} (harus PNS, CPNS, PPPK atau PPPK_PW)")

    nip = normalise(value)
    pesan, info = _periksa(nip, jenis, _sebagai_date(today) or _hari_ini(), "" if value is None else str(value))
    if info is None:  # empty, non-numeric or wrong length: nothing to cross-check
        return nip, pesan

    label = _label(jenis)
    tanggal_lahir = _sebagai_date(tanggal_lahir)
    tmt = _sebagai_date(tmt)

    if tanggal_lahir is not None and info.tanggal_lahir is not None and info.tanggal_lahir != tanggal_lahir:
        pesan.append(
            f"tanggal lahir dalam {label} ({nip[0:8]} = {_tgl(info.tanggal_lahir)}) tidak sama dengan "
            f"tanggal lahir pegawai ({_tgl(tanggal_lahir)})"
        )

    if jenis_kelamin is not None and str(jenis_kelamin).strip():
        jk = str(jenis_kelamin).strip().upper()
        if jk not in _NAMA_KELAMIN:
            pesan.append(f"jenis kelamin pegawai ({jenis_kelamin}) tidak dikenal: harus L atau P")
        elif info.jenis_kelamin is not None and info.jenis_kelamin != jk:
            pesan.append(
                f"kode jenis kelamin dalam {label} ({nip[14]} = {_NAMA_KELAMIN[info.jenis_kelamin]}) tidak sesuai "
                f"dengan jenis kelamin pegawai ({jk} = {_NAMA_KELAMIN[jk]})"
            )

    if tmt is not None:
        if jenis == "PNS":
            if info.tmt is not None and (info.tmt.year, info.tmt.month) != (tmt.year, tmt.month):
                pesan.append(
                    f"TMT CPNS dalam NIP ({nip[8:14]} = {_bulan(info.tmt.year, info.tmt.month)}) tidak sama dengan "
                    f"TMT CPNS pegawai ({_bulan(tmt.year, tmt.month)})"
                )
        elif info.tahun_pengangkatan is not None and info.tahun_pengangkatan != tmt.year:
            pesan.append(
                f"tahun pengangkatan dalam NI PPPK ({nip[8:12]}) tidak sama dengan tahun TMT PPPK pegawai ({tmt.year})"
            )

    return nip, pesan
