"""Build SIASN "data pegawai" files (docs/domain.md §11.1) for tests, as CSV or XLSX bytes.

Every row starts from sensible, valid defaults (a PNS whose NIP agrees with the birth date, TMT CPNS and sex,
a golongan, a jabatan, a unit) so a test only states the cells it cares about::

    rows = [pegawai(1), pegawai(2, nama="Ma'ruf Amin", **{"GOL AKHIR NAMA": "IV/a"})]
    data = csv_bytes(rows)              # or xlsx_bytes(rows)

Keyword names are header names with ``_`` for spaces (``nip_baru="…"`` is "NIP BARU"); keys with spaces can be
given through ``**{...}``. A value of ``None`` leaves the cell empty. ``pppk(n)`` builds a valid PPPK row.
Data rows are at spreadsheet rows 2, 3, …: ``BARIS[i]`` is the row number of ``rows[i]``.
"""

import csv
import datetime
import io

from openpyxl import Workbook

from pembinaan.impor.pegawai import HEADER_SIASN

INSTANSI_NAMA = "Pemerintah Kabupaten Tebo"
INSTANSI_KODE = "TEBO"
SATKER_ID = "A8ACA7B1B2C53912E040640A040269BB"
SATKER_NAMA = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
UNOR_ID = "A8ACA7B1B2C63912E040640A040269BB"
UNOR_NAMA = "Bidang Pengembangan Kompetensi"
BARIS = {i: i + 2 for i in range(10_000)}  # list index → row number as the spreadsheet shows it


def _isi(row, cells):
    for name, value in cells.items():
        row[name if " " in name or name in HEADER_SIASN else name.upper().replace("_", " ")] = value
    return row


def tanggal(d: datetime.date) -> str:
    return f"{d:%d-%m-%Y}"


def lahir(n: int) -> datetime.date:
    """A distinct, valid birth date per n (1965-01-01 … about 2000)."""
    return datetime.date(1965, 1, 1) + datetime.timedelta(days=(n * 37) % 12_700)


def nip_pns(tgl_lahir, tmt, jenis_kelamin="M", urutan=1):
    return f"{tgl_lahir:%Y%m%d}{tmt:%Y%m}{1 if jenis_kelamin == 'M' else 2}{urutan:03d}"


def nip_pppk(tgl_lahir, tahun, jenis_kelamin="M", urutan=1, kontrak="21"):
    return f"{tgl_lahir:%Y%m%d}{tahun}{kontrak}{1 if jenis_kelamin == 'M' else 2}{urutan:03d}"


def pegawai(n: int, **cells) -> dict:
    """A valid PNS row number n (1-based, any n gives a distinct NIP), then the given cells."""
    tgl = lahir(n)
    tmt = datetime.date(tgl.year + 23, 1 + n % 12, 1)
    jk = "M" if n % 2 else "F"
    row = {
        "PNS ID": f"8AE48A{n:026X}",
        "NIP BARU": nip_pns(tgl, tmt, jk, urutan=n % 999 + 1),
        "NAMA": f"Pegawai Nomor {n}",
        "GELAR DEPAN": "",
        "GELAR BELAKANG": "S.Kom.",
        "TEMPAT LAHIR NAMA": "Muara Tebo",
        "TANGGAL LAHIR": tanggal(tgl),
        "JENIS KELAMIN": jk,
        "AGAMA NAMA": "Islam",
        "NIK": f"1509{n:012d}",
        "NOMOR HP": f"0812{n:08d}",
        "EMAIL": f"pegawai{n}@contoh.go.id",
        "JENIS PEGAWAI ID": "4",
        "JENIS PEGAWAI NAMA": "PNS Daerah Kabupaten/Kota",
        "KEDUDUKAN HUKUM ID": "01",
        "KEDUDUKAN HUKUM NAMA": "Aktif",
        "STATUS CPNS PNS": "P",
        "TMT CPNS": tanggal(tmt),
        "TMT PNS": tanggal(tmt.replace(year=tmt.year + 1)),
        "GOL AKHIR ID": "31",
        "GOL AKHIR NAMA": "III/a",
        "TMT GOLONGAN": tanggal(tmt.replace(year=tmt.year + 1)),
        "JENIS JABATAN ID": "4",
        "JENIS JABATAN NAMA": "Jabatan Fungsional Umum",
        "JABATAN NAMA": "Pengadministrasi Perkantoran",
        "TINGKAT PENDIDIKAN NAMA": "S-1/Sarjana",
        "UNOR ID": UNOR_ID,
        "UNOR NAMA": UNOR_NAMA,
        "INSTANSI INDUK NAMA": INSTANSI_NAMA,
        "INSTANSI KERJA NAMA": INSTANSI_NAMA,
        "SATUAN KERJA KERJA ID": SATKER_ID,
        "SATUAN KERJA KERJA NAMA": SATKER_NAMA,
    }
    return _isi(row, cells)


def pppk(n: int, **cells) -> dict:
    """A valid PPPK row: NI PPPK with digits 13-14 = "21" (not a month), golongan IX."""
    tgl = lahir(n)
    tahun = min(tgl.year + 25, 2024)
    jk = "M" if n % 2 else "F"
    row = pegawai(
        n, **{
            "NIP BARU": nip_pppk(tgl, tahun, jk, urutan=n % 999 + 1),
            "JENIS PEGAWAI NAMA": "PPPK", "KEDUDUKAN HUKUM ID": "71", "KEDUDUKAN HUKUM NAMA": "PPPK Aktif",
            "STATUS CPNS PNS": "", "TMT CPNS": f"01-03-{tahun}", "TMT PNS": "", "GOL AKHIR ID": "",
            "GOL AKHIR NAMA": "IX", "TMT GOLONGAN": f"01-03-{tahun}",
        })
    return _isi(row, cells)


def _nilai(row, h):
    value = row.get(h)
    return "" if value is None else value


def csv_bytes(rows, *, header=None, delimiter=",", bom=False, encoding="utf-8") -> bytes:
    header = list(header or HEADER_SIASN)
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_nilai(row, h) for h in header])
    return (("\ufeff" if bom else "") + out.getvalue()).encode(encoding)


def xlsx_bytes(rows, *, header=None, judul="Data Pegawai") -> bytes:
    """Strings are written as text cells (never formulas, even '=1+1'); numbers, dates and datetimes as real
    numeric/date cells, just as Excel stores them."""
    header = list(header or HEADER_SIASN)
    wb = Workbook()
    ws = wb.active
    ws.title = judul
    ws.append(header)
    for r, row in enumerate(rows, start=2):
        for c, h in enumerate(header, start=1):
            value = row.get(h)
            if value is None or value == "":
                continue
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl would otherwise store '=…' as a formula
            elif isinstance(value, datetime.date):
                cell.number_format = "DD-MM-YYYY"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def berkas(rows, jenis="csv", **kwargs) -> tuple[bytes, str]:
    """(content, file name) for ``jenis`` "csv" or "xlsx"."""
    if jenis == "xlsx":
        return xlsx_bytes(rows, **kwargs), "pegawai.xlsx"
    return csv_bytes(rows, **kwargs), "pegawai.csv"
