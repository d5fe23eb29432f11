"""Reading uploaded tables (CSV or XLSX) safely and fast.

XLSX is read with python-calamine (a Rust reader: ~10x faster than openpyxl on 100k rows, and its
XML parser does not expand entities, so "billion laughs" files cannot blow up). Before reading we
check the zip: the sizes its directory declares, and then the real size of every member, inflated
in bounded steps and never kept, so a compressed bomb (even one whose directory lies about its
sizes) is refused without being inflated in memory. Cells keep their Python type (a number stays a
float) because an NIP stored as a number must be reported, not silently "fixed".
"""

import csv
import gc
import io
import itertools
import struct
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field

# An honest 100,000-row SIASN export inflates to ~60 MB of XML; anything far beyond is refused.
MAKS_XLSX_TERURAI = 400 * 1024 * 1024
MAKS_RASIO_KOMPRESI = 200
_LANGKAH = 1024 * 1024  # inflate at most this much at a time while checking the real sizes

PESAN_RUSAK = "Berkas XLSX rusak dan tidak dapat dibaca. Simpan ulang dari Excel sebagai .xlsx lalu unggah lagi."
PESAN_BOM = "Isi berkas XLSX terlalu besar setelah diekstrak; berkas ditolak demi keamanan."


class BerkasTidakValid(ValueError):
    """The file as a whole cannot be read (wrong type, damaged, too large). Message in Indonesian."""


@dataclass
class Tabel:
    header: list[str]
    baris: list[tuple[int, list]] = field(default_factory=list)  # (row number as the user sees it, cells)
    baris_header: int = 1  # row number of the header row


def normalise_header(value) -> str:
    return " ".join(str(value or "").replace("\u00a0", " ").replace("\ufeff", "").split()).upper()


def jenis_berkas(nama: str) -> str:
    nama = (nama or "").lower()
    if nama.endswith(".csv"):
        return "csv"
    if nama.endswith(".xlsx"):
        return "xlsx"
    raise BerkasTidakValid("Jenis berkas tidak didukung: unggah berkas .csv atau .xlsx.")


@contextmanager
def tanpa_gc():
    """Pause the cyclic garbage collector while millions of cells are created (none of them in cycles): its
    repeated passes over the growing table cost ~40% of reading a 100,000-row file."""
    aktif = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if aktif:
            gc.enable()


def baca(fileobj, nama: str) -> Tabel:
    """Read the first sheet (XLSX) or the whole CSV; skip blank rows; row numbers are 1-based."""
    with tanpa_gc():
        return _baca(fileobj, nama)


def _baca(fileobj, nama: str) -> Tabel:
    jenis = jenis_berkas(nama)
    fileobj.seek(0)
    data = fileobj.read()
    if jenis == "xlsx":
        rows = _baca_xlsx(data)
    else:
        rows = _baca_csv(data)
    tabel = None
    for nomor, row in rows:
        if not any(_isi(v) for v in row):
            continue
        if tabel is None:
            tabel = Tabel(header=[normalise_header(v) for v in row], baris_header=nomor)
            continue
        tabel.baris.append((nomor, row if type(row) is list else list(row)))  # the reader's own lists: no copy
    if tabel is None:
        raise BerkasTidakValid("Berkas kosong: tidak ada baris judul kolom.")
    return tabel


def _isi(value) -> bool:
    return value is not None and str(value).strip() != ""


def _baca_xlsx(data: bytes):
    from python_calamine import CalamineWorkbook

    if not data.startswith(b"PK"):
        raise BerkasTidakValid("Berkas bukan XLSX yang sah (mungkin .xls lama atau CSV yang diganti namanya). "
                               "Buka di Excel lalu simpan sebagai .xlsx (Excel Workbook) atau .csv.")
    periksa_zip(data)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
        start_row = (sheet.start or (0, 0))[0]
        rows = sheet.to_python()  # every cell converted here, so a damaged sheet fails inside this try
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise BerkasTidakValid(f"Berkas XLSX tidak dapat dibaca: {exc}") from exc
    return zip(itertools.count(start_row + 1), rows, strict=False)  # (row number, cells) without a list of pairs


def periksa_zip(data: bytes) -> None:
    """Refuse a zip whose members inflate beyond the limits, checking the real sizes, not only the declared."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise BerkasTidakValid(PESAN_RUSAK) from exc
    total = sum(info.file_size for info in infos)
    if total > MAKS_XLSX_TERURAI or total > MAKS_RASIO_KOMPRESI * max(len(data), 1):
        raise BerkasTidakValid(PESAN_BOM)
    view = memoryview(data)
    for info in infos:
        lokal = info.header_offset
        if data[lokal:lokal + 4] != b"PK\x03\x04":
            raise BerkasTidakValid(PESAN_RUSAK)
        panjang_nama, panjang_extra = struct.unpack("<HH", data[lokal + 26:lokal + 30])
        mulai = lokal + 30 + panjang_nama + panjang_extra
        isi = view[mulai:mulai + info.compress_size]
        if info.flag_bits & 0x1:
            raise BerkasTidakValid("Berkas XLSX terenkripsi atau berkata sandi; buka proteksinya lalu simpan ulang.")
        if info.compress_type == zipfile.ZIP_STORED:
            if len(isi) != info.file_size:
                raise BerkasTidakValid(PESAN_RUSAK)
            continue
        if info.compress_type != zipfile.ZIP_DEFLATED:
            raise BerkasTidakValid(PESAN_RUSAK)
        ukuran = _ukuran_terurai(isi, info.file_size)
        if ukuran > info.file_size:
            raise BerkasTidakValid(PESAN_BOM)
        if ukuran != info.file_size:
            raise BerkasTidakValid(PESAN_RUSAK)


def _ukuran_terurai(isi, batas: int) -> int:
    """Inflate a raw deflate stream in bounded steps, discarding the output; stop once it exceeds ``batas``.

    Returns the inflated size (> batas means "more than declared"), -1 if the stream is damaged or unfinished."""
    d = zlib.decompressobj(-15)
    keluar = 0
    try:
        for pos in range(0, len(isi), _LANGKAH):
            keluar += len(d.decompress(isi[pos:pos + _LANGKAH], _LANGKAH))
            while d.unconsumed_tail and keluar <= batas:
                keluar += len(d.decompress(d.unconsumed_tail, _LANGKAH))
            if keluar > batas:
                return keluar
            if d.eof:
                break
        keluar += len(d.flush())
    except zlib.error:
        return -1
    return keluar if d.eof else -1


def _baca_csv(data: bytes):
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel "Unicode text": UTF-16
        text = data.decode("utf-16", errors="replace")
    else:
        for encoding in ("utf-8-sig", "cp1252", "latin-1"):  # latin-1 never fails
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise BerkasTidakValid("Berkas CSV berisi data biner (mungkin berkas Excel yang diganti namanya menjadi "
                               ".csv). Simpan ulang dari Excel sebagai CSV atau .xlsx.")
    first_line = text.split("\n", 1)[0]
    # Indonesian Excel writes CSV with ';' because ',' is the decimal separator; "Unicode text" uses tabs.
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        # Row numbers are record numbers, as Excel shows them (a cell with a line break is still one row).
        for nomor, row in enumerate(reader, start=1):
            rows.append((nomor, row))
    except csv.Error as exc:
        raise BerkasTidakValid(f"Berkas CSV tidak dapat dibaca di sekitar baris {len(rows) + 1}: {exc}.") from exc
    return rows
