"""The SIASN training-history export (issue 13 part B): the credited learning of a period and unit as the two
SIASN shapes, so HR uploads what the system already knows instead of retyping it.

- Sheet "Riwayat Diklat": ``jenisDiklatId = 1`` (Diklat Struktural) goes to SIASN riwayat diklat struktural
  (DOMAIN.md §4.2, §11.2).
- Sheet "Riwayat Kursus": every other jenis diklat goes to riwayat kursus.

Headers are SIASN's field names (DOMAIN.md §11.2); a field this system does not know is present and left empty
(``latihanStrukturalId``, ``jenisKursusId``): docs/domain.md "Ekspor riwayat SIASN" says which and why. NIPs and
PNS IDs are text cells (``@``) so Excel keeps all 18 digits; every value goes through ``pembinaan.ekspor.netralkan``.
"""

import io

from openpyxl import Workbook

from pembinaan.ekspor import lembar_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JENIS_DIKLAT_STRUKTURAL = 1
KOLOM_DIKLAT = ["nipBaru", "idPns", "nama", "latihanStrukturalId", "latihanStrukturalNama", "nomor", "tanggal",
                "tanggalSelesai", "tahun", "jumlahJam", "institusiPenyelenggara", "sumber"]
KOLOM_KURSUS = ["nipBaru", "idPns", "nama", "jenisDiklatId", "jenisDiklatNama", "jenisKursusId", "namaKursus",
                "institusiPenyelenggara", "jumlahJam", "noSertipikat", "tahunKursus", "tanggalKursus",
                "tanggalSelesaiKursus", "sumber"]
KOLOM_TEKS = {"nipBaru", "idPns", "nomor", "noSertipikat"}
FORMAT_TANGGAL = "%d-%m-%Y"  # SIASN's DD-MM-YYYY (DOMAIN.md §11.1)


def _tgl(d):
    return d.strftime(FORMAT_TANGGAL) if d else ""


def baris_diklat(r):
    return [r.nip, r.pns_id, r.nama_pegawai, "", r.nama, r.nomor_sertifikat, _tgl(r.mulai), _tgl(r.selesai),
            r.selesai.year if r.selesai else "", r.jp, r.penyelenggara, r.sumber]


def baris_kursus(r):
    return [r.nip, r.pns_id, r.nama_pegawai, r.jenis_diklat_id, r.jenis_diklat, "", r.nama, r.penyelenggara, r.jp,
            r.nomor_sertifikat, r.selesai.year if r.selesai else "", _tgl(r.mulai), _tgl(r.selesai), r.sumber]


def _lembar(wb, judul, headers, rows):
    lembar_xlsx(wb, judul, headers, rows, kolom_teks=KOLOM_TEKS)


def riwayat_xlsx(baris):
    """``baris``: selectors.siasn.riwayat_siasn rows → XLSX bytes with the two sheets."""
    wb = Workbook(write_only=True)
    _lembar(wb, "Riwayat Diklat", KOLOM_DIKLAT,
            [baris_diklat(r) for r in baris if r.jenis_diklat_id == JENIS_DIKLAT_STRUKTURAL])
    _lembar(wb, "Riwayat Kursus", KOLOM_KURSUS,
            [baris_kursus(r) for r in baris if r.jenis_diklat_id != JENIS_DIKLAT_STRUKTURAL])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
