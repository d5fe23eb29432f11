"""The row checker of an organiser's attendance sheet (NIP, session date, status) for one programme: pure
computation over the rows and what the programme has (its active participants, its sessions by date).

Same reader and the same all-or-nothing rule as the employee import: every row is checked first and every problem
reported with its row, column and an Indonesian message. The reads are ``selectors.kehadiran_impor_periksa``; the
write, only of a clean sheet and in one transaction, is ``services.kehadiran.kehadiran_import``. Re-importing the
same sheet changes nothing.
"""

from dataclasses import dataclass, field

from pembinaan import nip as nip_mod
from pembinaan.impor.pemeriksa import Galat
from pembinaan.impor.sel import kolom_indeks, nomor_identitas, sel_di, tanggal, teks

KOLOM_NIP = ("NIP BARU", "NIP")
KOLOM_TANGGAL = ("TANGGAL SESI", "TANGGAL")
KOLOM_STATUS = ("STATUS", "KEHADIRAN", "STATUS KEHADIRAN")
KOLOM_ALASAN = ("ALASAN", "KETERANGAN")
STATUS = {"HADIR": "hadir", "H": "hadir", "IZIN": "izin", "I": "izin", "SAKIT": "sakit", "S": "sakit",
          "ALPA": "alpa", "A": "alpa", "TANPA KETERANGAN": "alpa"}


@dataclass
class HasilImporKehadiran:
    galat: list = field(default_factory=list)
    baris: list = field(default_factory=list)  # (peserta_id, sesi_id, status, alasan)
    baru: int = 0
    diubah: int = 0
    tetap: int = 0

    @property
    def ok(self):
        return not self.galat


def _nip_baris(nomor, cells, i_nip, peserta, errors):
    nip_text, nip_err = nomor_identitas(sel_di(cells, i_nip), "NIP", "NIP")
    nip = nip_mod.normalise(nip_text or "")
    if nip_err:
        errors.append(Galat(nomor, "NIP", nip_err))
    elif nip not in peserta:
        errors.append(Galat(nomor, "NIP", f"NIP {nip or '(kosong)'} bukan peserta aktif program ini."))
    return nip


def _tanggal_baris(nomor, cells, i_tgl, sesi_by_date, errors):
    try:
        tgl = tanggal(sel_di(cells, i_tgl))
    except ValueError:
        errors.append(Galat(nomor, "TANGGAL SESI", f"Tanggal '{teks(sel_di(cells, i_tgl))}' tidak dapat dibaca; "
                                                   "gunakan DD-MM-YYYY."))
        return None
    if tgl is None:
        errors.append(Galat(nomor, "TANGGAL SESI", "Tanggal sesi kosong."))
    elif tgl not in sesi_by_date:
        tanggal_sesi = ", ".join(f"{d:%d-%m-%Y}" for d in sorted(sesi_by_date))
        errors.append(Galat(nomor, "TANGGAL SESI", f"Tidak ada sesi pada {tgl:%d-%m-%Y}. Tanggal sesi program "
                                                   f"ini: {tanggal_sesi}."))
    elif len(sesi_by_date[tgl]) > 1:
        errors.append(Galat(nomor, "TANGGAL SESI", f"Ada beberapa sesi pada {tgl:%d-%m-%Y}; catat kehadiran "
                                                   "sesi-sesi itu di layar presensi."))
    return tgl


def _status_baris(nomor, cells, i_status, errors):
    status = STATUS.get(teks(sel_di(cells, i_status)).upper())
    if status is None:
        errors.append(Galat(nomor, "STATUS", f"Status '{teks(sel_di(cells, i_status))}' tidak dikenal; gunakan "
                                             "Hadir, Izin, Sakit atau Alpa."))
    return status


def periksa(tabel, *, peserta, sesi_by_date):
    """Check every row. ``peserta``: {NIP: peserta id} of the programme's active participants; ``sesi_by_date``:
    {date: [session ids]} of its sessions. Returns HasilImporKehadiran with the clean rows or every error."""
    hasil = HasilImporKehadiran()
    i_nip, i_tgl, i_status = (kolom_indeks(tabel.header, k) for k in (KOLOM_NIP, KOLOM_TANGGAL, KOLOM_STATUS))
    i_alasan = kolom_indeks(tabel.header, KOLOM_ALASAN)
    hilang = [names[0] for names, i in ((KOLOM_NIP, i_nip), (KOLOM_TANGGAL, i_tgl), (KOLOM_STATUS, i_status))
              if i is None]
    if hilang:
        hasil.galat.append(Galat(1, ", ".join(hilang), f"Kolom wajib tidak ditemukan: {', '.join(hilang)}. "
                                 "Daftar hadir perlu kolom NIP, TANGGAL SESI (DD-MM-YYYY) dan STATUS."))
        return hasil
    seen = {}
    for nomor, cells in tabel.baris:
        errors = []
        nip = _nip_baris(nomor, cells, i_nip, peserta, errors)
        tgl = _tanggal_baris(nomor, cells, i_tgl, sesi_by_date, errors)
        status = _status_baris(nomor, cells, i_status, errors)
        if not errors:
            key = (nip, tgl)
            if key in seen:
                errors.append(Galat(nomor, "NIP", f"NIP {nip} pada {tgl:%d-%m-%Y} sudah ada di baris {seen[key]}."))
            else:
                seen[key] = nomor
                hasil.baris.append((peserta[nip], sesi_by_date[tgl][0], status,
                                    teks(sel_di(cells, i_alasan))[:255]))
        hasil.galat.extend(errors)
    return hasil
