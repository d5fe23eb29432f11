"""Export of employee lists to XLSX and CSV, safe to open in Excel.

django-import-export's own escape option strips only one leading ``=`` (``==1+1`` still runs, and
``+ - @`` and tab pass), so every cell goes through ``netralkan`` here. NIP and NIK are written as
text cells with the ``@`` number format so Excel never turns them into rounded numbers.

CSV has one more trap: Excel splits a CSV on the list separator of the computer's locale, which is ``;``
in Indonesia, and does not honour the quotes of a comma-separated file then, so ``Budi;=1+2`` becomes
two cells, the second a formula. In CSV a formula trigger after any separator inside a value (``,``
``;`` tab, line break) gets a quote too (``Budi;'=1+2``), whichever separator a reader splits on.
XLSX, the default export, has no separators and needs only the leading quote.
"""

import csv
import io
import re

from import_export import fields, resources
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .impor.pegawai import HEADER_SIASN
from .models import Pegawai

PEMICU_RUMUS = ("=", "+", "-", "@", "\t", "\r")
KOLOM_TEKS = {"NIP BARU", "NIK", "NIP ATASAN", "PNS ID", "nip", "nipNrpPenilai", "NIP MENTEE", "NIP MENTOR"}


# A separator (optionally followed by spaces or quote marks) right before a formula trigger.
_PEMICU_SETELAH_PEMISAH = re.compile(r"""([,;\t\r\n][ "]*)(?=[=+\-@])""")


def netralkan(value):
    """Make a cell value inert in spreadsheet programs: text that could start a formula gets a quote."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(PEMICU_RUMUS):
        return "'" + value
    return value


class PegawaiResource(resources.ModelResource):
    """Export columns use the SIASN header names, so an exported list can be imported again."""

    pns_id = fields.Field(attribute="pns_id", column_name="PNS ID")
    nip = fields.Field(attribute="nip", column_name="NIP BARU")
    nama = fields.Field(attribute="nama", column_name="NAMA")
    gelar_depan = fields.Field(attribute="gelar_depan", column_name="GELAR DEPAN")
    gelar_belakang = fields.Field(attribute="gelar_belakang", column_name="GELAR BELAKANG")
    tempat_lahir = fields.Field(attribute="tempat_lahir", column_name="TEMPAT LAHIR NAMA")
    tanggal_lahir = fields.Field(column_name="TANGGAL LAHIR")
    jenis_kelamin = fields.Field(column_name="JENIS KELAMIN")
    jenis_asn = fields.Field(column_name="JENIS PEGAWAI NAMA")
    golongan = fields.Field(attribute="golongan", column_name="GOL AKHIR NAMA")
    tmt_golongan = fields.Field(column_name="TMT GOLONGAN")
    tmt_cpns = fields.Field(column_name="TMT CPNS")
    jenis_jabatan = fields.Field(column_name="JENIS JABATAN NAMA")
    jabatan = fields.Field(attribute="jabatan__nama", column_name="JABATAN NAMA")
    pendidikan = fields.Field(attribute="pendidikan", column_name="TINGKAT PENDIDIKAN NAMA")
    unor_id = fields.Field(attribute="unit_kerja__siasn_unor_id", column_name="UNOR ID")
    unor = fields.Field(attribute="unit_kerja__nama", column_name="UNOR NAMA")
    status = fields.Field(column_name="STATUS")
    nik = fields.Field(attribute="nik", column_name="NIK")
    email = fields.Field(attribute="email", column_name="EMAIL")
    no_hp = fields.Field(attribute="no_hp", column_name="NOMOR HP")
    nip_atasan = fields.Field(attribute="atasan__nip", column_name="NIP ATASAN")

    class Meta:
        model = Pegawai
        fields = ("pns_id", "nip", "nama", "gelar_depan", "gelar_belakang", "tempat_lahir", "tanggal_lahir",
                  "jenis_kelamin", "jenis_asn", "golongan", "tmt_golongan", "tmt_cpns", "jenis_jabatan", "jabatan",
                  "pendidikan", "unor_id", "unor", "status", "nik", "email", "no_hp", "nip_atasan")
        export_order = fields

    def dehydrate_tanggal_lahir(self, obj):
        return f"{obj.tanggal_lahir:%d-%m-%Y}" if obj.tanggal_lahir else ""

    def dehydrate_tmt_golongan(self, obj):
        return f"{obj.tmt_golongan:%d-%m-%Y}" if obj.tmt_golongan else ""

    def dehydrate_tmt_cpns(self, obj):
        return f"{obj.tmt_cpns:%d-%m-%Y}" if obj.tmt_cpns else ""

    def dehydrate_jenis_kelamin(self, obj):
        return {"L": "M", "P": "F"}.get(obj.jenis_kelamin, "")

    def dehydrate_jenis_asn(self, obj):
        return obj.get_jenis_asn_display()

    def dehydrate_jenis_jabatan(self, obj):
        return obj.jabatan.get_jenis_display() if obj.jabatan_id else ""

    def dehydrate_status(self, obj):
        return obj.get_status_display()


def dataset(queryset):
    qs = queryset.select_related("jabatan", "unit_kerja", "atasan").order_by("nama", "id")
    return PegawaiResource().export(queryset=qs)


def lembar_xlsx(wb, judul, headers, rows, *, kolom_teks=KOLOM_TEKS):
    """Append a sheet to a write-only workbook: bold headers, every value through ``netralkan``, and the columns
    named in ``kolom_teks`` (NIP and other long numbers) written as text cells, never as numbers Excel rounds."""
    ws = wb.create_sheet(judul[:31])
    text_cols = {i for i, h in enumerate(headers) if h in kolom_teks}
    bold = Font(bold=True)
    header_cells = []
    for h in headers:
        cell = WriteOnlyCell(ws, value=h)
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    for row in rows:
        out = []
        for i, value in enumerate(row):
            value = netralkan(value)
            if i in text_cols:
                cell = WriteOnlyCell(ws, value=str(value))
                cell.number_format = "@"
                out.append(cell)
            else:
                out.append(value)
        ws.append(out)


def xlsx_bytes(headers, rows, *, judul="Pegawai"):
    wb = Workbook(write_only=True)
    lembar_xlsx(wb, judul, headers, rows)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def netralkan_csv(value):
    """``netralkan``, and a quote before a formula trigger that follows a separator inside the value."""
    value = netralkan(value)
    if isinstance(value, str):
        return _PEMICU_SETELAH_PEMISAH.sub(r"\1'", value)
    return value


def csv_bytes(headers, rows):
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([netralkan_csv(v) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel then reads UTF-8 names correctly


def templat_xlsx():
    """The import template: the SIASN header names, identifier columns formatted as text."""
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Data Pegawai"
    ws.append(HEADER_SIASN)
    for i, h in enumerate(HEADER_SIASN, start=1):
        ws.cell(row=1, column=i).font = Font(bold=True)
        column = ws.column_dimensions[get_column_letter(i)]
        column.width = max(12, len(h) + 2)
        if h in KOLOM_TEKS:
            column.number_format = "@"  # the whole column is Text: Excel keeps all 18 digits as typed
    info = wb.create_sheet("Petunjuk")
    for line in [
        "Petunjuk pengisian templat impor pegawai",
        "1. Nama kolom sama dengan ekspor data pegawai SIASN; berkas ekspor SIASN dapat diunggah apa adanya.",
        "2. Kolom wajib: NIP BARU, NAMA, TANGGAL LAHIR, JENIS KELAMIN (M/F).",
        "3. Tanggal ditulis DD-MM-YYYY, mis. 26-09-1986.",
        "4. NIP BARU, NIK dan NIP ATASAN harus berformat Teks (sudah diatur di templat ini).",
        "5. NIP ATASAN (opsional) diisi NIP atasan langsung; atasan harus ada di berkas atau sudah terdaftar.",
        "6. Jika satu baris saja ditolak, tidak ada data yang disimpan: perbaiki lalu unggah ulang.",
    ]:
        info.append([line])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
