"""The export of a cycle's plan (issue 11): the XLSX with the two sheets of PP 11/2017 Pasal 205(1) and the PDF of
the set plan. The page, the PDF and ``manage.py ekspor_rencana`` all call these functions.

- "Inventarisasi" (Pasal 205(1)(a), the competencies each PNS must improve): one row per need of the inventory
  (``selectors.rencana.kebutuhan_inventaris``: every need not refused or returned), with the line(s) that answer it.
- "Rencana Pelaksanaan" (Pasal 205(1)(b)): one row per plan line, then a JUMLAH row whose JP, participants and
  total cost are the totals the plan page shows.

Pasal 207 asks for (a) jenis kompetensi, (b) target PNS, (c) jenis dan jalur, (d) penyelenggara, (e) jadwal,
(f) kesesuaian dengan kurikulum instansi pembina and (g) anggaran: the columns below carry each of them (the test
says which). NIPs are text cells (``@``) so Excel keeps all 18 digits, and every value goes through
``pembinaan.ekspor.netralkan`` (no formula survives).

The PDF uses fpdf2 (already the certificates' dependency) with its core Helvetica; text outside Windows-1252 is
transliterated by ``pelatihan.sertifikat.teks_pdf``.
"""

import io
from collections import defaultdict

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from openpyxl import Workbook

from pembinaan import referensi as ref
from pembinaan.ekspor import lembar_xlsx

from .models import Kebutuhan, RencanaItem
from .selectors import rencana as sel
from .sertifikat import ENCODING, tanggal_id, teks_pdf

KOLOM_INVENTARISASI = [
    "No", "NIP", "Nama", "Jabatan", "Jenis Jabatan", "Golongan", "Unit/OPD", "Kompetensi", "Jenis Kompetensi",
    "Level Standar", "Level Saat Ini", "Kesenjangan", "Sumber Kebutuhan", "Prioritas", "Bentuk", "Rencana Program",
    "JP", "Triwulan", "Status",
]
KOLOM_RENCANA = [
    "No", "Kompetensi", "Nama Program", "Bentuk", "Jalur", "Penyelenggara", "Jadwal", "JP", "Jumlah Peserta",
    "OPD Peserta", "Biaya Satuan", "Total Biaya", "Sumber Dana", "Kesesuaian Kurikulum", "Kode Sub-Kegiatan",
    "Prioritas",
]
KOLOM_TEKS = {"NIP"}
JUDUL_INVENTARISASI, JUDUL_RENCANA = "Inventarisasi", "Rencana Pelaksanaan"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JENIS_JABATAN = dict(ref.JenisJabatan.choices)
KATEGORI = dict(ref.KategoriKompetensi.choices)


def bentuk_teks(bentuk):
    """"KL03 – Pelatihan teknis (SIASN 3)": the LAN code and the SIASN jenis diklat id."""
    return f"{bentuk.kode} – {bentuk.nama} (SIASN {bentuk.siasn_jenis_diklat_id})"


def jalur_teks(item):
    if item.jalur == RencanaItem.Jalur.PENDIDIKAN:
        return "Pendidikan"
    return "Pelatihan klasikal" if item.bentuk.klasikal else "Pelatihan nonklasikal"


def kurikulum_teks(item):
    if not item.sesuai_kurikulum:
        return "Tidak"
    return f"Ya – {item.rujukan_kurikulum}" if item.rujukan_kurikulum else "Ya"


def baris_rencana(items):
    """The rows of "Rencana Pelaksanaan" for lines from ``selectors.rencana.rencana_ringkas``."""
    return [[i.nomor or n, "; ".join(i.nama_kompetensi), i.nama_program, bentuk_teks(i.bentuk), jalur_teks(i),
             i.penyelenggara.nama if i.penyelenggara_id else "", i.jadwal, i.jp, i.jumlah_peserta,
             "; ".join(i.opd_peserta), i.biaya_satuan, i.total_biaya, i.get_sumber_dana_display(), kurikulum_teks(i),
             i.kode_sub_kegiatan, i.get_prioritas_display()]
            for n, i in enumerate(items, start=1)]


def baris_jumlah(total):
    baris = [""] * len(KOLOM_RENCANA)
    baris[1] = "JUMLAH"
    baris[KOLOM_RENCANA.index("JP")] = total["jp"]
    baris[KOLOM_RENCANA.index("Jumlah Peserta")] = total["peserta"]
    baris[KOLOM_RENCANA.index("Total Biaya")] = total["biaya"]
    return baris


def baris_inventarisasi(siklus):
    """The rows of "Inventarisasi": one per need, ordered by OPD, name and source (three queries: the lines of
    each need, the lines, the needs)."""
    per_kebutuhan = defaultdict(list)
    for kebutuhan_id, item_id in (RencanaItem.kebutuhan.through.objects.filter(rencanaitem__siklus=siklus)
                                  .values_list("kebutuhan_id", "rencanaitem_id")):
        per_kebutuhan[kebutuhan_id].append(item_id)
    items = {i.pk: i for i in sel.item_siklus(siklus).select_related("bentuk")}
    qs = (sel.kebutuhan_inventaris(siklus)
          .select_related("pegawai__jabatan", "opd", "kompetensi", "bentuk_usulan")
          .order_by("opd__nama", "pegawai__nama", "pegawai_id", "sumber", "kompetensi__nama", "id"))
    for n, k in enumerate(qs.iterator(chunk_size=2000), start=1):
        p = k.pegawai
        baris = sorted((items[i] for i in per_kebutuhan.get(k.pk, ())), key=lambda i: (i.nomor, i.pk))
        bentuk = baris[0].bentuk.kode if baris else (k.bentuk_usulan.kode if k.bentuk_usulan_id else "")
        if k.kompetensi_id:
            kompetensi, jenis = k.kompetensi.nama, KATEGORI.get(k.kompetensi.kategori, "")
        else:
            kompetensi, jenis = (k.get_jenis_wajib_display() if k.jenis_wajib else ""), ""
        yield [n, p.nip, p.nama_lengkap, p.jabatan.nama if p.jabatan_id else "",
               JENIS_JABATAN.get(p.jabatan.jenis, "") if p.jabatan_id else "", p.golongan_label,
               k.opd.nama if k.opd_id else "", kompetensi, jenis, k.level_standar,
               "Belum dinilai" if k.belum_dinilai else k.level_kini, k.kesenjangan, k.get_sumber_display(),
               Kebutuhan.Prioritas(k.prioritas_efektif).label, bentuk, "; ".join(i.nama_program for i in baris),
               sum(i.jp for i in baris) if baris else None,
               ", ".join(sel.ROMAWI[i.triwulan] for i in baris), k.get_status_display()]


def _lembar(wb, judul, kolom, rows):
    lembar_xlsx(wb, judul, kolom, rows, kolom_teks=KOLOM_TEKS)


def rencana_xlsx(*, siklus):
    """The workbook (bytes): "Inventarisasi" then "Rencana Pelaksanaan" with its JUMLAH row."""
    items, total = sel.rencana_ringkas(siklus=siklus)
    wb = Workbook(write_only=True)
    _lembar(wb, JUDUL_INVENTARISASI, KOLOM_INVENTARISASI, baris_inventarisasi(siklus))
    _lembar(wb, JUDUL_RENCANA, KOLOM_RENCANA, [*baris_rencana(items), baris_jumlah(total)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def nama_berkas(siklus, ext):
    return f"rencana-bangkom-{siklus.instansi.kode.lower()}-{siklus.tahun}-v{siklus.versi}.{ext}"


# ---------------------------------------------------------------------------- the PDF of the set plan

def rupiah(nilai):
    """Rp 1.250.000 (Indonesian thousands separator, whole rupiah)."""
    return "Rp " + f"{int(round(nilai or 0)):,}".replace(",", ".")


PDF_KOLOM = [("No", 8), ("Kompetensi", 34), ("Nama Program", 48), ("Bentuk", 30), ("Jalur", 20),
             ("Penyelenggara", 28), ("Jadwal", 17), ("JP", 9), ("Peserta", 13), ("Biaya Satuan", 24),
             ("Total Biaya", 26)]


def rencana_pdf(*, siklus):
    """A4 landscape: title, decree, the lines (the columns that fit on paper) with the totals, the sources of funds
    and the version; every line's full data is in the XLSX."""
    items, total = sel.rencana_ringkas(siklus=siklus)
    pdf = FPDF(orientation="L", format="A4")
    pdf.core_fonts_encoding = ENCODING
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.set_margins(10, 10, 10)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 6, teks_pdf("RENCANA PENGEMBANGAN KOMPETENSI ASN"), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.cell(0, 6, teks_pdf(f"{siklus.instansi.nama.upper()} TAHUN {siklus.tahun}"), align="C",
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", size=9)
    if siklus.versi:
        tanggal = f" tanggal {tanggal_id(siklus.tanggal_keputusan)}" if siklus.tanggal_keputusan else ""
        keputusan = (f"Ditetapkan dengan keputusan PPK nomor {siklus.nomor_keputusan or '-'}{tanggal} · "
                     f"versi {siklus.versi}")
    else:
        keputusan = "DRAF – belum ditetapkan oleh PPK"
    pdf.cell(0, 6, teks_pdf(keputusan), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_font("Helvetica", size=7)
    lebar = tuple(w for _, w in PDF_KOLOM)
    rata = ("CENTER", "LEFT", "LEFT", "LEFT", "LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT")
    with pdf.table(col_widths=lebar, text_align=rata, line_height=3.6, first_row_as_headings=True) as t:
        row = t.row()
        for judul, _ in PDF_KOLOM:
            row.cell(judul)
        for n, i in enumerate(items, start=1):
            row = t.row()
            for v in (i.nomor or n, "; ".join(i.nama_kompetensi), i.nama_program, bentuk_teks(i.bentuk),
                      jalur_teks(i), i.penyelenggara.nama if i.penyelenggara_id else "-", i.jadwal, i.jp,
                      i.jumlah_peserta, rupiah(i.biaya_satuan), rupiah(i.total_biaya)):
                row.cell(teks_pdf(v))
        row = t.row()
        for v in ("", "JUMLAH", "", "", "", "", "", total["jp"], total["peserta"], "", rupiah(total["biaya"])):
            row.cell(teks_pdf(v))
    pdf.ln(3)
    pdf.set_font("Helvetica", size=8)
    per_dana = defaultdict(lambda: 0)
    for i in items:
        per_dana[i.get_sumber_dana_display()] += i.total_biaya
    dana = "; ".join(f"{k} {rupiah(v)}" for k, v in sorted(per_dana.items()))
    pdf.multi_cell(0, 4, teks_pdf(f"Menurut sumber dana: {dana or '-'}. {total['baris']} baris, {total['pegawai']} "
                                  f"pegawai sasaran, {total['kebutuhan']} kebutuhan dalam inventarisasi (rincian per "
                                  "pegawai pada lembar Inventarisasi berkas XLSX)."),
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
