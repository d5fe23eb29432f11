"""Reference data fixed by regulation (docs/domain.md §2, §3 and §5.2). Ships with the code."""

from django.db import models

# PNS golongan/ruang with the SIASN id and pangkat (docs/domain.md §2.1).
GOLONGAN_PNS = [
    ("11", "I/a", "Juru Muda"),
    ("12", "I/b", "Juru Muda Tingkat I"),
    ("13", "I/c", "Juru"),
    ("14", "I/d", "Juru Tingkat I"),
    ("21", "II/a", "Pengatur Muda"),
    ("22", "II/b", "Pengatur Muda Tingkat I"),
    ("23", "II/c", "Pengatur"),
    ("24", "II/d", "Pengatur Tingkat I"),
    ("31", "III/a", "Penata Muda"),
    ("32", "III/b", "Penata Muda Tingkat I"),
    ("33", "III/c", "Penata"),
    ("34", "III/d", "Penata Tingkat I"),
    ("41", "IV/a", "Pembina"),
    ("42", "IV/b", "Pembina Tingkat I"),
    ("43", "IV/c", "Pembina Utama Muda"),
    ("44", "IV/d", "Pembina Utama Madya"),
    ("45", "IV/e", "Pembina Utama"),
]
# PPPK golongan I–XVII have no pangkat (docs/domain.md §2.2).
GOLONGAN_PPPK = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
]
GOLONGAN_PNS_KODE = [g[1] for g in GOLONGAN_PNS]
PANGKAT = {g[1]: g[2] for g in GOLONGAN_PNS}
SIASN_GOLONGAN_ID = {g[0]: g[1] for g in GOLONGAN_PNS}
# Rank used to sort and compare seniority: PNS 1..17, PPPK 1..17.
URUTAN_GOLONGAN = {kode: i + 1 for i, kode in enumerate(GOLONGAN_PNS_KODE)} | {
    kode: i + 1 for i, kode in enumerate(GOLONGAN_PPPK)
}
GOLONGAN_CHOICES = [
    ("PNS", [(kode, f"{kode} – {pangkat}") for _, kode, pangkat in GOLONGAN_PNS]),
    ("PPPK", [(kode, f"Golongan {kode}") for kode in GOLONGAN_PPPK]),
]


class JenisAsn(models.TextChoices):
    PNS = "PNS", "PNS"
    CPNS = "CPNS", "CPNS"
    PPPK = "PPPK", "PPPK"
    PPPK_PW = "PPPK_PW", "PPPK Paruh Waktu"


JENIS_PNS = {JenisAsn.PNS, JenisAsn.CPNS}
JENIS_PPPK = {JenisAsn.PPPK, JenisAsn.PPPK_PW}


class JenisJabatan(models.TextChoices):
    """UU 20/2023 Pasal 13–18: manajerial (JPT, administrator, pengawas) and nonmanajerial."""

    JPT_UTAMA = "jpt_utama", "JPT Utama"
    JPT_MADYA = "jpt_madya", "JPT Madya"
    JPT_PRATAMA = "jpt_pratama", "JPT Pratama"
    ADMINISTRATOR = "administrator", "Administrator"
    PENGAWAS = "pengawas", "Pengawas"
    FUNGSIONAL = "fungsional", "Fungsional"
    PELAKSANA = "pelaksana", "Pelaksana"


JENIS_MANAJERIAL = {
    JenisJabatan.JPT_UTAMA, JenisJabatan.JPT_MADYA, JenisJabatan.JPT_PRATAMA,
    JenisJabatan.ADMINISTRATOR, JenisJabatan.PENGAWAS,
}


class Jenjang(models.TextChoices):
    """Jenjang of jabatan fungsional (keahlian and keterampilan)."""

    AHLI_UTAMA = "ahli_utama", "Ahli Utama"
    AHLI_MADYA = "ahli_madya", "Ahli Madya"
    AHLI_MUDA = "ahli_muda", "Ahli Muda"
    AHLI_PERTAMA = "ahli_pertama", "Ahli Pertama"
    PENYELIA = "penyelia", "Penyelia"
    MAHIR = "mahir", "Mahir"
    TERAMPIL = "terampil", "Terampil"
    PEMULA = "pemula", "Pemula"


# JF jenjang ↔ golongan range (docs/domain.md §2.3, PNS ruang). PPPK golongan are checked on the same rank scale as
# URUTAN_GOLONGAN (I = I/a … IX = III/a … XVII = IV/e), the alignment the mentoring checks already use; it matches
# the starting golongan by education (S-1: III/a and IX, S-2: III/b and X). A misfit is a warning, never a refusal.
RENTANG_JENJANG = {
    Jenjang.AHLI_PERTAMA: ("III/a", "III/b"),
    Jenjang.AHLI_MUDA: ("III/c", "III/d"),
    Jenjang.AHLI_MADYA: ("IV/a", "IV/c"),
    Jenjang.AHLI_UTAMA: ("IV/d", "IV/e"),
    Jenjang.PEMULA: ("II/a", "II/a"),
    Jenjang.TERAMPIL: ("II/b", "II/d"),
    Jenjang.MAHIR: ("III/a", "III/b"),
    Jenjang.PENYELIA: ("III/c", "III/d"),
}


def peringatan_jenjang(jenjang, golongan):
    """A warning (Indonesian sentence) when the golongan lies outside the jenjang's range, else ''."""
    rentang = RENTANG_JENJANG.get(jenjang)
    rank = URUTAN_GOLONGAN.get(golongan)
    if not rentang or rank is None:
        return ""
    bawah, atas = (URUTAN_GOLONGAN[g] for g in rentang)
    if bawah <= rank <= atas:
        return ""
    label = Jenjang(jenjang).label
    if golongan in PANGKAT:
        sesuai = rentang[0] if bawah == atas else f"{rentang[0]}–{rentang[1]}"
    else:
        pppk = [GOLONGAN_PPPK[bawah - 1], GOLONGAN_PPPK[atas - 1]]
        sesuai = f"golongan PPPK {pppk[0]}" if bawah == atas else f"golongan PPPK {pppk[0]}–{pppk[1]}"
    arah = "lebih rendah" if rank < bawah else "lebih tinggi"
    return (f"Golongan {golongan} {arah} dari rentang jenjang {label} ({sesuai}); periksa golongan atau "
            "jenjang jabatannya.")


class JenisKelamin(models.TextChoices):
    LAKI_LAKI = "L", "Laki-laki"
    PEREMPUAN = "P", "Perempuan"


class StatusPegawai(models.TextChoices):
    AKTIF = "aktif", "Aktif"
    CUTI = "cuti", "Cuti di luar tanggungan negara"
    TUGAS_BELAJAR = "tugas_belajar", "Tugas belajar"
    DIBERHENTIKAN_SEMENTARA = "diberhentikan_sementara", "Diberhentikan sementara"
    MUTASI = "mutasi", "Mutasi keluar"
    PENSIUN = "pensiun", "Pensiun"
    BERHENTI = "berhenti", "Berhenti"
    MENINGGAL = "meninggal", "Meninggal dunia"


class KategoriKompetensi(models.TextChoices):
    MANAJERIAL = "manajerial", "Manajerial"
    SOSIAL_KULTURAL = "sosial_kultural", "Sosial kultural"
    TEKNIS = "teknis", "Teknis"


# PermenPANRB 38/2017 (docs/domain.md §5.2): 8 manajerial + Perekat Bangsa. Teknis are per instansi.
KOMPETENSI_DASAR = [
    ("M1", "Integritas", KategoriKompetensi.MANAJERIAL),
    ("M2", "Kerja Sama", KategoriKompetensi.MANAJERIAL),
    ("M3", "Komunikasi", KategoriKompetensi.MANAJERIAL),
    ("M4", "Orientasi pada Hasil", KategoriKompetensi.MANAJERIAL),
    ("M5", "Pelayanan Publik", KategoriKompetensi.MANAJERIAL),
    ("M6", "Pengembangan Diri dan Orang Lain", KategoriKompetensi.MANAJERIAL),
    ("M7", "Mengelola Perubahan", KategoriKompetensi.MANAJERIAL),
    ("M8", "Pengambilan Keputusan", KategoriKompetensi.MANAJERIAL),
    ("SK1", "Perekat Bangsa", KategoriKompetensi.SOSIAL_KULTURAL),
]

# Starting golongan by education (docs/domain.md §2.1 and §2.2): used by the demo data.
GOLONGAN_AWAL_PNS = {"SD": "I/a", "SLTP": "I/c", "SLTA": "II/a", "D-I": "II/a", "D-II": "II/b",
                     "D-III": "II/c", "S-1": "III/a", "D-IV": "III/a", "S-2": "III/b", "S-3": "III/c"}
GOLONGAN_AWAL_PPPK = {"SD": "I", "SLTP": "IV", "SLTA": "V", "D-I": "V", "D-II": "VI",
                      "D-III": "VII", "S-1": "IX", "D-IV": "IX", "S-2": "X", "S-3": "XI"}


def golongan_label(kode):
    if not kode:
        return ""
    if kode in PANGKAT:
        return f"{kode} ({PANGKAT[kode]})"
    return f"Golongan {kode}"
