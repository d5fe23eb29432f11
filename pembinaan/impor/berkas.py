"""Reading uploaded tables (CSV or XLSX) safely and fast.

XLSX is read with python-calamine (a Rust reader: ~10x faster than openpyxl on 100k rows, and its
XML parser does not expand entities, so "billion laughs" files cannot blow up). Before reading we
check the zip directory so a compressed bomb is refused without being inflated. Cells keep their
Python type (a number stays a float) because an NIP stored as a number must be reported, not
silently "fixed".
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field

# An honest 100,000-row SIASN export inflates to ~60 MB of XML; anything far beyond is refused.
MAKS_XLSX_TERURAI = 400 * 1024 * 1024
MAKS_RASIO_KOMPRESI = 200


class BerkasTidakValid(ValueError):
    """The file as a whole cannot be read (wrong type, damaged, too large). Message in Indonesian."""


@dataclass
class Tabel:
    header: list[str]
    baris: list[tuple[int, list]] = field(default_factory=list)  # (row number as the user sees it, cells)


def normalise_header(value) -> str:
    return " ".join(str(value or "").replace("\u00a0", " ").split()).upper()


def jenis_berkas(nama: str) -> str:
    nama = nama.lower()
    if nama.endswith(".csv"):
        return "csv"
    if nama.endswith(".xlsx"):
        return "xlsx"
    raise BerkasTidakValid("Jenis berkas tidak didukung: unggah berkas .csv atau .xlsx.")


def baca(fileobj, nama: str) -> Tabel:
    """Read the first sheet (XLSX) or the whole CSV; skip blank rows; row numbers are 1-based."""
    jenis = jenis_berkas(nama)
    fileobj.seek(0)
    data = fileobj.read()
    if jenis == "xlsx":
        rows = _baca_xlsx(data)
    else:
        rows = _baca_csv(data)
    header_row = None
    tabel = None
    for nomor, row in rows:
        if not any(_isi(v) for v in row):
            continue
        if header_row is None:
            header_row = [normalise_header(v) for v in row]
            tabel = Tabel(header=header_row)
            continue
        tabel.baris.append((nomor, list(row)))
    if tabel is None:
        raise BerkasTidakValid("Berkas kosong: tidak ada baris judul kolom.")
    return tabel


def _isi(value) -> bool:
    return value is not None and str(value).strip() != ""


def _baca_xlsx(data: bytes):
    from python_calamine import CalamineWorkbook

    if not data.startswith(b"PK"):
        raise BerkasTidakValid("Berkas bukan XLSX yang sah (mungkin .xls lama atau CSV yang diganti namanya).")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            total = sum(info.file_size for info in zf.infolist())
    except zipfile.BadZipFile as exc:
        raise BerkasTidakValid("Berkas XLSX rusak dan tidak dapat dibaca.") from exc
    if total > MAKS_XLSX_TERURAI or total > MAKS_RASIO_KOMPRESI * max(len(data), 1):
        raise BerkasTidakValid("Isi berkas XLSX terlalu besar setelah diekstrak; berkas ditolak demi keamanan.")
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
        start_row = (sheet.start or (0, 0))[0]
        return [(start_row + i + 1, row) for i, row in enumerate(sheet.iter_rows())]
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise BerkasTidakValid(f"Berkas XLSX tidak dapat dibaca: {exc}") from exc


def _baca_csv(data: bytes):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first_line = text.split("\n", 1)[0]
    # Indonesian Excel writes CSV with ';' because ',' is the decimal separator.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [(reader.line_num, row) for row in reader]
