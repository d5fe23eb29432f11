"""Realistic, deterministic demo data for a regional government (DOMAIN.md sections 1–3 and 10).

``generate_instansi`` builds one instansi: an OPD tree (Sekretariat Daerah, dinas, badan, kecamatan,
schools, puskesmas, RSUD) sized to the requested headcount, Jabatan of every kind, employees with a
consistent NIP / birth date / TMT / sex / golongan / jabatan, supervisors (atasan langsung), the
competency standards of every jabatan and assessed competency profiles for about half of the staff.
It is shared by ``seed_demo`` and the benchmarks, so it is fast (all rows are generated in Python; the
small tables are written with ``bulk_create``, employees and competency profiles with COPY: 100,000
employees take well under a minute) and deterministic: the same kode, seed and reference date always
give the same data.

``buat_akun_demo`` and ``demo_logins`` create and list the demo accounts. Every demo account has an
e-mail address at ``DEMO_EMAIL_DOMAIN`` (a reserved, undeliverable domain): that is how they are found
again.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from . import bulk
from . import referensi as ref
from .models import (
    Instansi,
    Jabatan,
    Kompetensi,
    Pegawai,
    Petugas,
    ProfilKompetensi,
    StandarKompetensiJabatan,
    UnitKerja,
)

J = ref.JenisJabatan
JENIS_JPT = {J.JPT_UTAMA, J.JPT_MADYA, J.JPT_PRATAMA}

DEMO_PASSWORD = "Demo-2026!"
DEMO_EMAIL_DOMAIN = "demo.example"  # RFC 2606: never a real mailbox
GRUP_HR = "Admin BKPSDM"  # both groups are created by migration pembinaan 0002
GRUP_PIMPINAN = "Pimpinan"
# The three reference regions and their real headcounts (DOMAIN.md 10): seed_demo splits N in this ratio.
INSTANSI_DEMO = (
    ("BENGKULU", "Pemerintah Provinsi Bengkulu", 10_300),
    ("TEBO", "Pemerintah Kabupaten Tebo", 3_500),
    ("MERANGIN", "Pemerintah Kabupaten Merangin", 5_700),
)
BATCH = 2000

# ---------------------------------------------------------------------------------------------------
# Regions


@dataclass(frozen=True)
class _Wilayah:
    provinsi: bool
    nama: str  # short name used in unit names ("Tebo")
    wilayah: tuple[str, ...]  # kabupaten/kota of a province, kecamatan of a kabupaten
    kode_nik: str  # first four digits of a local NIK
    rumah_sakit: tuple[str, ...]
    kota_lahir: tuple[str, ...]  # other birthplaces common among the local workforce


_WILAYAH = {
    "BENGKULU": _Wilayah(
        True, "Bengkulu",
        ("Kota Bengkulu", "Bengkulu Utara", "Bengkulu Selatan", "Bengkulu Tengah", "Rejang Lebong", "Kepahiang",
         "Lebong", "Kaur", "Seluma", "Mukomuko"),
        "1771", ("RSUD Dr. M. Yunus", "Rumah Sakit Khusus Jiwa Soeprapto"),
        ("Bengkulu", "Curup", "Manna", "Argamakmur", "Padang", "Palembang", "Lubuklinggau", "Jakarta", "Yogyakarta"),
    ),
    "TEBO": _Wilayah(
        False, "Tebo",
        ("Tebo Tengah", "Tebo Ilir", "Tebo Ulu", "Muara Tabir", "Sumay", "Tengah Ilir", "Rimbo Bujang", "Rimbo Ulu",
         "Rimbo Ilir", "VII Koto", "VII Koto Ilir", "Serai Serumpun"),
        "1508", ("RSUD Sultan Thaha Saifuddin",),
        ("Muara Tebo", "Jambi", "Muara Bungo", "Padang", "Bukittinggi", "Palembang", "Kebumen", "Banyumas"),
    ),
    "MERANGIN": _Wilayah(
        False, "Merangin",
        ("Bangko", "Bangko Barat", "Nalo Tantan", "Batang Masumai", "Pamenang", "Pamenang Barat", "Pamenang Selatan",
         "Renah Pamenang", "Tabir", "Tabir Ulu", "Tabir Selatan", "Tabir Ilir", "Tabir Timur", "Tabir Lintas",
         "Tabir Barat", "Margo Tabir", "Sungai Manau", "Renah Pembarap", "Pangkalan Jambu", "Muara Siau",
         "Lembah Masurai", "Tiang Pumpung", "Jangkat", "Sungai Tenang"),
        "1502", ("RSUD Kolonel Abundjani",),
        ("Bangko", "Jambi", "Sungai Penuh", "Sarolangun", "Padang", "Bukittinggi", "Solok", "Wonogiri"),
    ),
}


def _wilayah(kode, nama):
    if kode in _WILAYAH:
        return _WILAYAH[kode]
    pendek = nama.split()[-1]
    provinsi = "provinsi" in nama.lower()
    arah = ("Kota", "Utara", "Selatan", "Timur", "Barat", "Tengah", "Hulu", "Hilir")
    return _Wilayah(provinsi, pendek, tuple(f"{pendek} {a}" for a in arah), "1900",
                    (f"RSUD {'Provinsi ' if provinsi else ''}{pendek}",), (pendek, "Jakarta", "Medan", "Padang"))


# ---------------------------------------------------------------------------------------------------
# People: names, titles, roles

_NAMA_L = (
    # Javanese
    "Agus", "Budi", "Joko", "Bambang", "Eko", "Dwi", "Tri", "Wahyu", "Heru", "Sutrisno", "Slamet", "Sugeng", "Teguh",
    "Purnomo", "Yudi", "Hadi", "Bayu", "Galih", "Sugiyanto", "Wawan", "Suparman", "Priyo", "Gatot", "Sigit",
    # Malay / Sumatran / Islamic
    "Ahmad", "Abdul", "Rahmat", "Syafrudin", "Zulkifli", "Fauzi", "Hendra", "Yusri", "Ridwan", "Syahrial", "Syamsul",
    "Junaidi", "Firdaus", "Khairul", "Ismail", "Hasan", "Rusli", "Zainal", "Mukhlis", "Hamdani", "Saiful", "Irwan",
    "Edi", "Amri", "Darmawan", "Herman", "Jamaludin", "Kasim", "Azhar",
    # Minang
    "Afrizal", "Zulhendri", "Yulizar", "Syafri", "Defri", "Novrizal", "Erizal", "Asrizal", "Jasman", "Rinaldi",
    "Dasril", "Yuhendri", "Zulfahmi", "Afdal", "Nofriadi",
    # younger generation
    "Rizky", "Aditya", "Fajar", "Rian", "Andika", "Dedi", "Doni", "Fikri", "Ilham", "Reza", "Arya", "Rangga",
    "Farhan", "Yoga", "Dimas", "Randi", "Hafiz",
)
_NAMA_P = (
    "Sri", "Siti", "Endang", "Wahyuni", "Sulastri", "Suharti", "Rini", "Sumiati", "Yuliani", "Ratna", "Dewi", "Retno",
    "Kartika", "Setyowati", "Tutik", "Lilik", "Eni", "Nining", "Sukarni", "Winarti",
    "Nur", "Nurhayati", "Rosmaini", "Fitri", "Aisyah", "Fatimah", "Rahmawati", "Khadijah", "Zubaidah", "Nurlela",
    "Rosita", "Hasanah", "Maimunah", "Syarifah", "Nurjanah", "Halimah", "Yusnidar", "Asmawati", "Rosnani",
    "Yulianti", "Desmawati", "Yenni", "Erniwati", "Yusnita", "Desi", "Efrida", "Elvi", "Fitria", "Rosmiati",
    "Novita", "Nelvi", "Delfi", "Zurniati", "Afrida", "Mardiana",
    "Putri", "Anisa", "Dinda", "Ayu", "Indah", "Intan", "Mega", "Nadia", "Rahma", "Citra", "Dian", "Febri", "Novi",
    "Anggun", "Wulan", "Tiara", "Sinta", "Nabila",
)
_BELAKANG_L = (
    "Saputra", "Pratama", "Kurniawan", "Setiawan", "Wibowo", "Nugroho", "Santoso", "Hidayat", "Firmansyah",
    "Ramadhan", "Syahputra", "Gunawan", "Susanto", "Prasetyo", "Hermawan", "Wijaya", "Putra", "Hakim", "Rahman",
    "Effendi", "Syahrial", "Iskandar", "Maulana", "Hasibuan", "Harahap", "Siregar", "Nasution", "Lubis", "Daulay",
)
_BELAKANG_P = (
    "Lestari", "Wulandari", "Rahayu", "Handayani", "Susanti", "Yanti", "Sari", "Ningsih", "Puspitasari", "Anggraini",
    "Oktaviani", "Putri", "Safitri", "Utami", "Maharani", "Purnamasari", "Febriani", "Novianti", "Permatasari",
    "Marlina", "Rahmadani", "Kurniasih", "Harahap", "Siregar", "Nasution", "Lubis",
)

# Titles by field of study and level of education ("" = no title).
_GELAR = {
    "umum": {"D-III": ("A.Md.", "A.Md.Kom.", "A.Md.Ak."), "D-IV": ("S.STP.", "S.Tr.AP."),
             "S-1": ("S.E.", "S.H.", "S.Sos.", "S.IP.", "S.Kom.", "S.AP.", "S.Ak.", "S.I.Kom."),
             "S-2": ("M.Si.", "M.M.", "M.H.", "M.AP.", "M.E.")},
    "ekonomi": {"D-III": ("A.Md.Ak.",), "S-1": ("S.E.", "S.Ak."), "S-2": ("M.Ak.", "M.E.", "M.M.")},
    "komputer": {"D-III": ("A.Md.Kom.",), "S-1": ("S.Kom.", "S.T."), "S-2": ("M.Kom.",)},
    "sosial": {"D-III": ("A.Md.",), "S-1": ("S.Sos.", "S.Tr.Sos."), "S-2": ("M.Si.",)},
    "komunikasi": {"D-III": ("A.Md.",), "S-1": ("S.I.Kom.", "S.Sos."), "S-2": ("M.I.Kom.",)},
    "pendidikan": {"D-IV": ("S.Pd.",), "S-1": ("S.Pd.", "S.Pd.", "S.Pd.", "S.Pd.I.", "S.Si."),
                   "S-2": ("M.Pd.",)},
    "keperawatan": {"D-III": ("A.Md.Kep.",), "S-1": ("S.Kep.",), "S-2": ("M.Kep.",)},
    "kebidanan": {"D-III": ("A.Md.Keb.",), "D-IV": ("S.Tr.Keb.",), "S-1": ("S.Keb.",), "S-2": ("M.Keb.",)},
    "kedokteran": {"S-1": ("",), "S-2": ("M.Kes.", "Sp.PD.", "Sp.A.", "Sp.OG.", "Sp.B.")},
    "kedokteran_gigi": {"S-1": ("",), "S-2": ("M.Kes.",)},
    "farmasi": {"D-III": ("A.Md.Farm.",), "S-1": ("S.Farm., Apt.",), "S-2": ("M.Farm.",)},
    "gizi": {"D-III": ("A.Md.Gz.",), "S-1": ("S.Gz.",), "S-2": ("M.Gz.",)},
    "sanitasi": {"D-III": ("A.Md.KL.",), "S-1": ("S.KM.",), "S-2": ("M.Kes.",)},
    "laboratorium": {"D-III": ("A.Md.AK.",), "D-IV": ("S.Tr.Kes.",), "S-1": ("S.Si.",), "S-2": ("M.Kes.",)},
    "radiologi": {"D-III": ("A.Md.Rad.",), "D-IV": ("S.Tr.Rad.",), "S-1": ("S.Tr.Rad.",), "S-2": ("M.Kes.",)},
    "kesmas": {"D-III": ("A.Md.Kes.",), "S-1": ("S.KM.",), "S-2": ("M.Kes.", "M.K.M.")},
    "teknik": {"D-III": ("A.Md.T.",), "S-1": ("S.T.",), "S-2": ("M.T.",)},
    "pertanian": {"D-III": ("A.Md.P.",), "S-1": ("S.P.", "S.Pt.", "S.TP."), "S-2": ("M.P.", "M.Si.")},
}
_GELAR_DEPAN_PROFESI = {"kedokteran": "dr.", "kedokteran_gigi": "drg.", "keperawatan": "Ns."}


@dataclass(frozen=True)
class _Peran:
    """A staff role: a jabatan fungsional family (keahlian and/or keterampilan) or pelaksana."""

    ahli: str | None  # keahlian jabatan, for S-1/D-IV and above
    terampil: str | None  # keterampilan jabatan, for D-III and below
    ilmu: str
    pendidikan: tuple[tuple[str, float], ...]
    pppk: float = 0.1  # share appointed as PPPK
    perempuan: float = 0.5
    senior: bool = False  # only experienced PNS hold it


_UMUM_S1 = (("S-1", 0.75), ("S-2", 0.25))
_PERAN = {
    "pelaksana": _Peran(None, None, "umum", (("SD", 0.01), ("SLTP", 0.02), ("SLTA", 0.34), ("D-III", 0.16),
                                              ("S-1", 0.44), ("S-2", 0.03)), pppk=0.2),
    "guru": _Peran("Guru", None, "pendidikan", (("S-1", 0.87), ("D-IV", 0.03), ("S-2", 0.10)), pppk=0.45,
                   perempuan=0.68),
    "pengawas_sekolah": _Peran("Pengawas Sekolah", None, "pendidikan", (("S-1", 0.4), ("S-2", 0.6)), senior=True),
    "perawat": _Peran("Perawat", "Perawat", "keperawatan", (("D-III", 0.55), ("S-1", 0.43), ("S-2", 0.02)),
                      pppk=0.35, perempuan=0.72),
    "bidan": _Peran("Bidan", "Bidan", "kebidanan", (("D-III", 0.65), ("D-IV", 0.33), ("S-2", 0.02)), pppk=0.35,
                    perempuan=1.0),
    "dokter": _Peran("Dokter", None, "kedokteran", (("S-1", 0.8), ("S-2", 0.2)), pppk=0.15, perempuan=0.6),
    "dokter_gigi": _Peran("Dokter Gigi", None, "kedokteran_gigi", (("S-1", 1.0),), pppk=0.15, perempuan=0.75),
    "apoteker": _Peran("Apoteker", "Asisten Apoteker", "farmasi", (("S-1", 0.5), ("D-III", 0.5)), pppk=0.3,
                       perempuan=0.8),
    "nutrisionis": _Peran("Nutrisionis", "Nutrisionis", "gizi", (("D-III", 0.6), ("S-1", 0.4)), pppk=0.3,
                          perempuan=0.85),
    "sanitarian": _Peran("Tenaga Sanitasi Lingkungan", "Tenaga Sanitasi Lingkungan", "sanitasi",
                         (("D-III", 0.6), ("S-1", 0.4)), pppk=0.3, perempuan=0.6),
    "pranata_lab": _Peran("Pranata Laboratorium Kesehatan", "Pranata Laboratorium Kesehatan", "laboratorium",
                          (("D-III", 0.7), ("D-IV", 0.3)), pppk=0.3, perempuan=0.7),
    "radiografer": _Peran("Radiografer", "Radiografer", "radiologi", (("D-III", 0.7), ("D-IV", 0.3)), pppk=0.3,
                          perempuan=0.4),
    "epidemiolog": _Peran("Epidemiolog Kesehatan", None, "kesmas", (("S-1", 0.8), ("S-2", 0.2)), pppk=0.2,
                          perempuan=0.6),
    "adminkes": _Peran("Administrator Kesehatan", None, "kesmas", _UMUM_S1, pppk=0.15, perempuan=0.6),
    "penyuluh_pertanian": _Peran("Penyuluh Pertanian", "Penyuluh Pertanian", "pertanian",
                                 (("SLTA", 0.1), ("D-III", 0.3), ("S-1", 0.55), ("S-2", 0.05)), pppk=0.45,
                                 perempuan=0.35),
    "medik_veteriner": _Peran("Medik Veteriner", "Paramedik Veteriner", "pertanian", (("D-III", 0.5), ("S-1", 0.5)),
                              pppk=0.2, perempuan=0.45),
    "penyuluh_perikanan": _Peran("Penyuluh Perikanan", "Penyuluh Perikanan", "pertanian",
                                 (("D-III", 0.3), ("S-1", 0.7)), pppk=0.3, perempuan=0.35),
    "penyuluh_kehutanan": _Peran("Penyuluh Kehutanan", "Penyuluh Kehutanan", "pertanian",
                                 (("D-III", 0.3), ("S-1", 0.7)), pppk=0.2, perempuan=0.3),
    "polhut": _Peran("Polisi Kehutanan", "Polisi Kehutanan", "umum", (("SLTA", 0.5), ("D-III", 0.2), ("S-1", 0.3)),
                     perempuan=0.15),
    "analis_kebijakan": _Peran("Analis Kebijakan", None, "umum", (("S-1", 0.7), ("S-2", 0.3))),
    "perencana": _Peran("Perencana", None, "umum", (("S-1", 0.7), ("S-2", 0.3))),
    "statistisi": _Peran("Statistisi", "Statistisi", "umum", (("D-III", 0.3), ("S-1", 0.7)), pppk=0.2),
    "analis_sdm": _Peran("Analis Sumber Daya Manusia Aparatur", None, "umum", (("S-1", 0.85), ("S-2", 0.15)),
                         perempuan=0.55),
    "auditor": _Peran("Auditor", "Auditor", "ekonomi", (("D-III", 0.1), ("S-1", 0.7), ("S-2", 0.2)), pppk=0.05),
    "p2upd": _Peran("Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah", None, "umum", _UMUM_S1),
    "analis_keuangan": _Peran("Analis Keuangan Pusat dan Daerah", None, "ekonomi", (("S-1", 0.85), ("S-2", 0.15))),
    "pengelola_pbj": _Peran("Pengelola Pengadaan Barang/Jasa", None, "umum", (("S-1", 0.85), ("S-2", 0.15))),
    "pranata_komputer": _Peran("Pranata Komputer", "Pranata Komputer", "komputer", (("D-III", 0.4), ("S-1", 0.6)),
                               pppk=0.3, perempuan=0.4),
    "pranata_humas": _Peran("Pranata Hubungan Masyarakat", "Pranata Hubungan Masyarakat", "komunikasi",
                            (("D-III", 0.3), ("S-1", 0.7)), pppk=0.2),
    "arsiparis": _Peran("Arsiparis", "Arsiparis", "umum", (("D-III", 0.5), ("S-1", 0.5)), pppk=0.2, perempuan=0.6),
    "pustakawan": _Peran("Pustakawan", "Pustakawan", "umum", (("D-III", 0.4), ("S-1", 0.6)), pppk=0.2,
                         perempuan=0.65),
    "teknik_jalan": _Peran("Teknik Jalan dan Jembatan", "Teknik Jalan dan Jembatan", "teknik",
                           (("D-III", 0.35), ("S-1", 0.6), ("S-2", 0.05)), pppk=0.2, perempuan=0.2),
    "teknik_pengairan": _Peran("Teknik Pengairan", "Teknik Pengairan", "teknik",
                               (("D-III", 0.35), ("S-1", 0.6), ("S-2", 0.05)), pppk=0.2, perempuan=0.2),
    "penguji_kendaraan": _Peran("Penguji Kendaraan Bermotor", "Penguji Kendaraan Bermotor", "teknik",
                                (("SLTA", 0.3), ("D-III", 0.4), ("S-1", 0.3)), perempuan=0.1),
    "pengendali_dampak": _Peran("Pengendali Dampak Lingkungan", None, "teknik", (("S-1", 0.85), ("S-2", 0.15))),
    "adminduk": _Peran("Administrator Database Kependudukan", None, "komputer", (("S-1", 1.0),)),
    "pekerja_sosial": _Peran("Pekerja Sosial", "Pekerja Sosial", "sosial", (("D-III", 0.3), ("S-1", 0.7)),
                             perempuan=0.6),
    "penyuluh_kb": _Peran("Penyuluh Keluarga Berencana", None, "sosial", (("S-1", 0.9), ("S-2", 0.1)), pppk=0.2,
                          perempuan=0.6),
    "satpol_pp": _Peran("Polisi Pamong Praja", "Polisi Pamong Praja", "umum",
                        (("SLTA", 0.65), ("D-III", 0.1), ("S-1", 0.25)), pppk=0.25, perempuan=0.2),
    "pemadam": _Peran("Analis Kebakaran", "Pemadam Kebakaran", "umum", (("SLTA", 0.85), ("D-III", 0.1), ("S-1", 0.05)),
                      pppk=0.3, perempuan=0.05),
}
_KEAHLIAN = {"D-IV", "S-1", "S-2", "S-3"}
# Managers: education, share of women, minimum age and minimum years of service.
_MANAJERIAL = {
    J.JPT_MADYA: ((("S-2", 0.7), ("S-3", 0.3)), 0.15, 48, 22),
    J.JPT_PRATAMA: ((("S-2", 0.8), ("S-1", 0.15), ("S-3", 0.05)), 0.2, 42, 16),
    J.ADMINISTRATOR: ((("S-2", 0.5), ("S-1", 0.5)), 0.3, 36, 10),
    J.PENGAWAS: ((("S-1", 0.7), ("S-2", 0.2), ("D-III", 0.1)), 0.4, 30, 5),
}

_URUT_PNS = {kode: i + 1 for i, kode in enumerate(ref.GOLONGAN_PNS_KODE)}  # I/a = 1 … IV/e = 17
_III_A, _III_B, _III_C, _III_D, _IV_A, _IV_C = 9, 10, 11, 12, 13, 15
# Highest ruang reached by regular promotion, by education (PNS pelaksana).
_PUNCAK_PENDIDIKAN = {"SD": "II/a", "SLTP": "II/c", "SLTA": "III/b", "D-I": "III/b", "D-II": "III/b",
                      "D-III": "III/c", "D-IV": "III/d", "S-1": "III/d", "S-2": "IV/a", "S-3": "IV/b"}
# Golongan range of managerial posts (old eselon II.b/III/IV mapping).
_RENTANG_MANAJERIAL = {J.JPT_MADYA: (15, 17), J.JPT_PRATAMA: (14, 16), J.ADMINISTRATOR: (12, 14),
                       J.PENGAWAS: (10, 12)}
_USIA_MASUK = {"SD": 18, "SLTP": 18, "SLTA": 19, "D-I": 20, "D-II": 21, "D-III": 22, "D-IV": 23, "S-1": 23,
               "S-2": 25, "S-3": 28}
# CPNS appointment years (TMT) skipped: the 2015–2018 moratorium and no intake with TMT in 2023.
_TANPA_FORMASI = {2015, 2016, 2017, 2018, 2023}
_TAHUN_PPPK = ((2021, 0.15), (2022, 0.25), (2023, 0.2), (2024, 0.2), (2025, 0.2))
_STATUS_NONAKTIF = (
    (ref.StatusPegawai.TUGAS_BELAJAR, 25), (ref.StatusPegawai.PENSIUN, 25), (ref.StatusPegawai.CUTI, 15),
    (ref.StatusPegawai.MUTASI, 15), (ref.StatusPegawai.BERHENTI, 10), (ref.StatusPegawai.MENINGGAL, 5),
    (ref.StatusPegawai.DIBERHENTIKAN_SEMENTARA, 5),
)

# ---------------------------------------------------------------------------------------------------
# Organisation


@dataclass(eq=False)
class _Unit:
    nama: str
    kepala: str  # jabatan of the head (managerial units)
    jenis: str  # JenisJabatan of the head
    anak: list[_Unit] = field(default_factory=list)
    staf: tuple = ()  # staff mix ((peran, weight), ...); empty: as the parent unit
    ilmu: str = ""  # field of study of the managers; empty: as the parent unit
    bobot: float = 1.0  # relative share of its pool's staff
    pool: str = ""  # "umum", "rs", "sekolah" or "puskesmas"; empty: as the parent unit
    inti: bool = False  # always part of the tree, even for a tiny instansi
    kepala_peran: tuple = ()  # schools and puskesmas: the head is a senior fungsional of one of these roles
    # Filled while planning and writing.
    induk: _Unit | None = None
    jumlah_staf: int = 0
    pk: int | None = None


_STAF_UMUM = (("pelaksana", 72), ("analis_kebijakan", 6), ("perencana", 4), ("pranata_komputer", 5),
              ("arsiparis", 5), ("analis_keuangan", 3), ("pengelola_pbj", 2), ("pranata_humas", 3))
_STAF_SEKOLAH = (("guru", 93), ("pelaksana", 6), ("pustakawan", 1))
_STAF_PUSKESMAS = (("perawat", 30), ("bidan", 28), ("dokter", 7), ("dokter_gigi", 2), ("apoteker", 5),
                   ("nutrisionis", 4), ("sanitarian", 4), ("pranata_lab", 4), ("epidemiolog", 1), ("adminkes", 3),
                   ("pelaksana", 12))
_STAF_RS = (("perawat", 45), ("bidan", 8), ("dokter", 12), ("dokter_gigi", 1), ("apoteker", 5), ("nutrisionis", 2),
            ("pranata_lab", 4), ("radiografer", 2), ("sanitarian", 1), ("adminkes", 2), ("pelaksana", 18))


def _staf(*khusus):
    """A staff mix: the given specialist roles plus the general mix (pelaksana and common JF)."""
    return tuple(khusus) + _STAF_UMUM


def _sub(nama, jenis=J.PENGAWAS, akhiran="", anak=(), **kw):
    """A sub-unit headed by 'Kepala <nama>'; ``akhiran`` qualifies generic unit names (not the jabatan)."""
    return _Unit(f"{nama} {akhiran}".strip(), f"Kepala {nama}", jenis, list(anak), **kw)


def _opd(nama, bidang=(), *, kepala=None, jenis=J.JPT_PRATAMA, staf=_STAF_UMUM, ilmu="umum", bobot=1.0,
         inti=False, inti_bidang="", pool="umum", sekretariat=True):
    """A dinas/badan: the head, a Sekretariat with two subbagian, and bidang with their seksi/subbidang."""
    anak = []
    if sekretariat:
        # The secretariat runs administration and finance: general staff whatever the OPD does.
        anak.append(_Unit(f"Sekretariat {nama}", f"Sekretaris {nama}", J.ADMINISTRATOR, [
            _sub("Subbagian Umum dan Kepegawaian", akhiran=nama), _sub("Subbagian Keuangan dan Aset", akhiran=nama),
        ], staf=_STAF_UMUM))
    for nama_bidang, seksi in bidang:
        inti_ini = nama_bidang == inti_bidang  # with its first seksi/subbidang
        anak.append(_sub(nama_bidang, J.ADMINISTRATOR, anak=[_sub(s, inti=inti_ini and i == 0)
                                                             for i, s in enumerate(seksi)], inti=inti_ini))
    return _Unit(nama, kepala or f"Kepala {nama}", jenis, anak, staf=staf, ilmu=ilmu, bobot=bobot, inti=inti,
                 pool=pool)


def _rumah_sakit(nama, provinsi, bobot=3.0):
    """A hospital: an OPD headed by a JPT (province) or a unit of the Dinas Kesehatan (kabupaten)."""
    if provinsi:
        anak = [_sub(b, J.ADMINISTRATOR, nama, [_sub(s, akhiran=nama) for s in seksi]) for b, seksi in (
            ("Bagian Umum dan Keuangan", ()), ("Bidang Pelayanan Medik", ("Seksi Pelayanan Rawat Inap",)),
            ("Bidang Keperawatan", ("Seksi Asuhan Keperawatan",)), ("Bidang Penunjang", ()))]
    else:
        anak = [_sub(s, akhiran=nama) for s in ("Subbagian Tata Usaha", "Seksi Pelayanan Medik",
                                                "Seksi Keperawatan", "Seksi Penunjang")]
    return _Unit(nama, f"Direktur {nama}", J.JPT_PRATAMA if provinsi else J.ADMINISTRATOR, anak, staf=_STAF_RS,
                 ilmu="kedokteran", bobot=bobot, pool="rs")


def _templat(w: _Wilayah):
    """Every OPD of the instansi, most important first (the order decides what a small instansi keeps)."""
    prov = w.provinsi
    if prov:
        biro = (
            ("Biro Pemerintahan dan Otonomi Daerah", ("Bagian Pemerintahan", "Bagian Otonomi Daerah")),
            ("Biro Kesejahteraan Rakyat", ("Bagian Bina Mental Spiritual", "Bagian Kesejahteraan Sosial")),
            ("Biro Hukum", ("Bagian Perundang-undangan", "Bagian Bantuan Hukum")),
            ("Biro Organisasi", ("Bagian Kelembagaan dan Analisis Jabatan", "Bagian Reformasi Birokrasi")),
            ("Biro Perekonomian", ("Bagian Perekonomian", "Bagian Sumber Daya Alam")),
            ("Biro Umum", ("Bagian Tata Usaha Pimpinan", "Bagian Rumah Tangga")),
            ("Biro Administrasi Pimpinan", ("Bagian Protokol", "Bagian Materi dan Komunikasi Pimpinan")),
            ("Biro Pengadaan Barang dan Jasa", ("Bagian Pengelolaan Pengadaan",)),
        )
        setda_anak = [_sub(b, J.JPT_PRATAMA, anak=[_sub(g, J.ADMINISTRATOR) for g in bagian]) for b, bagian in biro]
    else:
        bagian = (
            ("Bagian Pemerintahan", ()), ("Bagian Hukum", ("Subbagian Perundang-undangan", "Subbagian Bantuan Hukum")),
            ("Bagian Organisasi", ("Subbagian Kelembagaan dan Analisis Jabatan", "Subbagian Reformasi Birokrasi")),
            ("Bagian Umum", ("Subbagian Tata Usaha Pimpinan", "Subbagian Rumah Tangga")),
            ("Bagian Perekonomian dan Sumber Daya Alam", ()), ("Bagian Kesejahteraan Rakyat", ()),
            ("Bagian Pengadaan Barang dan Jasa", ()), ("Bagian Protokol dan Komunikasi Pimpinan", ()),
            ("Bagian Perencanaan dan Keuangan", ()),
        )
        setda_anak = [_sub(b, J.ADMINISTRATOR, anak=[_sub(s) for s in subbag]) for b, subbag in bagian]
    setda = _Unit("Sekretariat Daerah", "Sekretaris Daerah", J.JPT_MADYA if prov else J.JPT_PRATAMA, setda_anak,
                  staf=_STAF_UMUM, ilmu="umum", bobot=2.5, inti=True, pool="umum")

    if prov:
        bidang_dik = (("Bidang Pembinaan SMA", ("Seksi Kurikulum SMA", "Seksi Peserta Didik SMA")),
                      ("Bidang Pembinaan SMK", ("Seksi Kurikulum SMK", "Seksi Peserta Didik SMK")),
                      ("Bidang Pembinaan Pendidikan Khusus", ()))
    else:
        bidang_dik = (("Bidang Pembinaan Sekolah Dasar", ("Seksi Kurikulum SD", "Seksi Sarana dan Prasarana SD")),
                      ("Bidang Pembinaan Sekolah Menengah Pertama", ("Seksi Kurikulum SMP",
                                                                     "Seksi Sarana dan Prasarana SMP")),
                      ("Bidang Pendidikan Anak Usia Dini dan Nonformal", ()))
    disdik = _opd("Dinas Pendidikan dan Kebudayaan", bidang_dik + (
        ("Bidang Guru dan Tenaga Kependidikan", ("Seksi Pendidik", "Seksi Tenaga Kependidikan")),
        ("Bidang Kebudayaan", ())), staf=_staf(("pengawas_sekolah", 25)), ilmu="pendidikan", inti=True)
    dinkes = _opd("Dinas Kesehatan", (
        ("Bidang Kesehatan Masyarakat", ("Seksi Kesehatan Keluarga dan Gizi", "Seksi Promosi Kesehatan")),
        ("Bidang Pencegahan dan Pengendalian Penyakit", ("Seksi Surveilans dan Imunisasi",
                                                         "Seksi Pengendalian Penyakit Menular")),
        ("Bidang Pelayanan dan Sumber Daya Kesehatan", ("Seksi Pelayanan Kesehatan", "Seksi Kefarmasian")),
    ), staf=_staf(("adminkes", 20), ("epidemiolog", 10), ("sanitarian", 5), ("nutrisionis", 5), ("apoteker", 5)),
        ilmu="kesmas", inti=True)
    if not prov:
        dinkes.anak.append(_rumah_sakit(w.rumah_sakit[0], provinsi=False))
    bkpsdm = _opd("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", (
        ("Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian", ("Subbidang Data dan Informasi Kepegawaian",)),
        ("Bidang Mutasi dan Promosi", ("Subbidang Mutasi", "Subbidang Promosi dan Jabatan")),
        ("Bidang Pengembangan Kompetensi", ("Subbidang Pengembangan Kompetensi Manajerial",
                                            "Subbidang Pengembangan Kompetensi Teknis dan Fungsional")),
        ("Bidang Penilaian Kinerja dan Penghargaan", ()),
    ), staf=_staf(("analis_sdm", 60), ("pranata_komputer", 10)), inti=True,
        inti_bidang="Bidang Pengembangan Kompetensi")

    opd = [setda, disdik, dinkes, bkpsdm]
    if prov:  # the province's hospitals are OPD of their own (in a kabupaten the RSUD is under the Dinkes)
        opd += [_rumah_sakit(nama, provinsi=True, bobot=3.0 if i == 0 else 1.5) for i, nama in enumerate(w.rumah_sakit)]
    opd += [
        _opd("Badan Perencanaan Pembangunan Daerah", (
            ("Bidang Perencanaan Pemerintahan dan Pembangunan Manusia", ()),
            ("Bidang Perekonomian dan Sumber Daya Alam", ("Subbidang Pertanian dan Kelautan",)),
            ("Bidang Infrastruktur dan Kewilayahan", ("Subbidang Infrastruktur",)),
            ("Bidang Penelitian dan Pengembangan", ())), staf=_staf(("perencana", 50), ("statistisi", 6))),
        _Unit("Inspektorat", "Inspektur", J.JPT_PRATAMA, [
            _Unit("Sekretariat Inspektorat", "Sekretaris Inspektorat", J.ADMINISTRATOR, [
                _sub("Subbagian Perencanaan dan Pelaporan", akhiran="Inspektorat"),
                _sub("Subbagian Umum dan Keuangan", akhiran="Inspektorat")], staf=_STAF_UMUM),
            *[_Unit(f"Inspektorat Pembantu Wilayah {r}", f"Inspektur Pembantu Wilayah {r}", J.ADMINISTRATOR)
              for r in ("I", "II", "III", "IV")],
        ], staf=_staf(("auditor", 70), ("p2upd", 50)), ilmu="ekonomi", bobot=1.5, pool="umum"),
        _opd("Badan Pengelolaan Keuangan dan Aset Daerah", (
            ("Bidang Anggaran", ()), ("Bidang Perbendaharaan", ("Subbidang Belanja Langsung",)),
            ("Bidang Akuntansi", ()), ("Bidang Aset", ("Subbidang Penatausahaan Aset",))),
            staf=_staf(("analis_keuangan", 30)), ilmu="ekonomi", bobot=1.5),
        _opd("Dinas Pekerjaan Umum dan Penataan Ruang", (
            ("Bidang Bina Marga", ("Seksi Pembangunan Jalan dan Jembatan", "Seksi Preservasi Jalan dan Jembatan")),
            ("Bidang Sumber Daya Air", ("Seksi Irigasi",)), ("Bidang Cipta Karya", ()), ("Bidang Penataan Ruang", ()),
            ("Bidang Bina Konstruksi", ())), staf=_staf(("teknik_jalan", 30), ("teknik_pengairan", 18)),
            ilmu="teknik", bobot=2.0),
        _opd("Dinas Tanaman Pangan, Hortikultura dan Perkebunan" if prov else "Dinas Pertanian", (
            ("Bidang Tanaman Pangan dan Hortikultura", ("Seksi Produksi Tanaman Pangan", "Seksi Perlindungan Tanaman")),
            ("Bidang Perkebunan", ()), ("Bidang Peternakan dan Kesehatan Hewan", ("Seksi Kesehatan Hewan",)),
            ("Bidang Penyuluhan", ("Seksi Kelembagaan dan Ketenagaan Penyuluhan",))),
            staf=_staf(("penyuluh_pertanian", 100), ("medik_veteriner", 8)), ilmu="pertanian",
            bobot=1.2 if prov else 2.5),
        _opd("Sekretariat Dewan Perwakilan Rakyat Daerah", (
            ("Bagian Umum dan Keuangan", ()), ("Bagian Persidangan dan Perundang-undangan", ()),
            ("Bagian Fasilitasi Penganggaran dan Pengawasan", ())),
            kepala="Sekretaris Dewan Perwakilan Rakyat Daerah", bobot=1.5),
        _opd("Satuan Polisi Pamong Praja" if prov else "Satuan Polisi Pamong Praja dan Pemadam Kebakaran", (
            ("Bidang Penegakan Peraturan Daerah", ()),
            ("Bidang Ketertiban Umum dan Ketenteraman Masyarakat", ("Seksi Operasi dan Pengendalian",)),
            ("Bidang Perlindungan Masyarakat", ()), *(() if prov else (("Bidang Pemadam Kebakaran", (
                "Seksi Operasi Pemadaman dan Penyelamatan",)),))),
            staf=_staf(("satpol_pp", 150), *(() if prov else (("pemadam", 50),))), bobot=2.5),
        _opd("Dinas Sosial", (("Bidang Rehabilitasi Sosial", ()), ("Bidang Perlindungan dan Jaminan Sosial", ()),
                              ("Bidang Pemberdayaan Sosial", ())), staf=_staf(("pekerja_sosial", 40)), ilmu="sosial"),
        _opd("Dinas Komunikasi, Informatika dan Statistik" if prov else "Dinas Komunikasi dan Informatika", (
            ("Bidang Informasi dan Komunikasi Publik", ()), ("Bidang Aplikasi Informatika", ()),
            ("Bidang Statistik dan Persandian", ())),
            staf=_staf(("pranata_komputer", 40), ("pranata_humas", 20), ("statistisi", 10)), ilmu="komputer"),
    ]
    if not prov:
        opd.append(_opd("Dinas Kependudukan dan Pencatatan Sipil", (
            ("Bidang Pelayanan Pendaftaran Penduduk", ("Seksi Identitas Penduduk",)),
            ("Bidang Pelayanan Pencatatan Sipil", ("Seksi Kelahiran dan Kematian",)),
            ("Bidang Pengelolaan Informasi Administrasi Kependudukan", ())),
            staf=_staf(("adminduk", 12), ("pranata_komputer", 10)), bobot=1.2))
    else:
        opd.append(_opd("Badan Pendapatan Daerah", (
            ("Bidang Pajak Daerah", ("Subbidang Pajak Kendaraan Bermotor",)),
            ("Bidang Retribusi dan Pendapatan Lain", ()),
            ("Bidang Pengendalian dan Evaluasi", ())), staf=_staf(("analis_keuangan", 10)), ilmu="ekonomi", bobot=2.0))
    opd += [
        _opd("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", (
            ("Bidang Pelayanan Perizinan", ()), ("Bidang Penanaman Modal", ()),
            ("Bidang Pengaduan dan Informasi", ()))),
        _opd("Dinas Perhubungan", (
            ("Bidang Lalu Lintas dan Angkutan Jalan", ("Seksi Manajemen dan Rekayasa Lalu Lintas",)),
            ("Bidang Sarana dan Prasarana", ()), ("Bidang Keselamatan", ())),
            staf=_staf(("penguji_kendaraan", 12)), ilmu="teknik", bobot=1.5),
        _opd("Dinas Lingkungan Hidup", (
            ("Bidang Tata Lingkungan", ()), ("Bidang Pengelolaan Sampah dan Limbah B3", ("Seksi Pengelolaan Sampah",)),
            ("Bidang Pengendalian Pencemaran dan Kerusakan Lingkungan", ())),
            staf=_staf(("pengendali_dampak", 15)), ilmu="teknik", bobot=1.5),
        _opd("Badan Penanggulangan Bencana Daerah", (
            ("Bidang Pencegahan dan Kesiapsiagaan", ()), ("Bidang Kedaruratan dan Logistik", ()),
            ("Bidang Rehabilitasi dan Rekonstruksi", ())),
            kepala="Kepala Pelaksana Badan Penanggulangan Bencana Daerah"),
        _opd("Badan Kesatuan Bangsa dan Politik", (
            ("Bidang Ideologi dan Wawasan Kebangsaan", ()), ("Bidang Politik Dalam Negeri", ())), bobot=0.7),
        _opd("Dinas Pemberdayaan Masyarakat dan Desa", (
            ("Bidang Pemerintahan Desa", ()), ("Bidang Pemberdayaan Masyarakat Desa", ()))),
        _opd("Dinas Pengendalian Penduduk, Keluarga Berencana, Pemberdayaan Perempuan dan Perlindungan Anak", (
            ("Bidang Pengendalian Penduduk dan Keluarga Berencana", ()),
            ("Bidang Perlindungan Perempuan dan Anak", ())),
            staf=_staf(("penyuluh_kb", 30)), ilmu="sosial"),
        _opd("Dinas Pariwisata" if prov else "Dinas Pariwisata, Kepemudaan dan Olahraga", (
            ("Bidang Destinasi Pariwisata", ()), ("Bidang Pemasaran Pariwisata", ())), bobot=0.8),
        _opd("Dinas Perindustrian dan Perdagangan", (
            ("Bidang Perindustrian", ()), ("Bidang Perdagangan", ("Seksi Metrologi Legal",))), ilmu="ekonomi"),
        _opd("Dinas Koperasi dan Usaha Kecil dan Menengah", (
            ("Bidang Kelembagaan Koperasi", ()), ("Bidang Usaha Kecil dan Menengah", ())), ilmu="ekonomi", bobot=0.7),
        _opd("Dinas Perumahan dan Kawasan Permukiman", (
            ("Bidang Perumahan", ()), ("Bidang Kawasan Permukiman", ())), ilmu="teknik", bobot=0.8),
        _opd("Dinas Ketahanan Pangan", (
            ("Bidang Ketersediaan dan Kerawanan Pangan", ()), ("Bidang Konsumsi dan Keamanan Pangan", ())),
            staf=_staf(("penyuluh_pertanian", 10)), ilmu="pertanian", bobot=0.8),
        _opd("Dinas Kelautan dan Perikanan" if prov else "Dinas Perikanan", (
            ("Bidang Perikanan Budidaya", ()), ("Bidang Perikanan Tangkap", ())),
            staf=_staf(("penyuluh_perikanan", 30)), ilmu="pertanian"),
        _opd("Dinas Perpustakaan dan Kearsipan", (
            ("Bidang Perpustakaan", ()), ("Bidang Kearsipan", ())), staf=_staf(("pustakawan", 40), ("arsiparis", 30)),
            bobot=0.8),
        _opd("Dinas Tenaga Kerja dan Transmigrasi", (
            ("Bidang Penempatan dan Pelatihan Tenaga Kerja", ()), ("Bidang Hubungan Industrial", ()),
            ("Bidang Transmigrasi", ())), bobot=0.8),
    ]
    if prov:
        opd += [
            _opd("Dinas Kehutanan", (("Bidang Perlindungan Hutan", ()), ("Bidang Penyuluhan dan Pemberdayaan", ())),
                 staf=_staf(("penyuluh_kehutanan", 40), ("polhut", 40)), ilmu="pertanian", bobot=1.5),
            _opd("Dinas Energi dan Sumber Daya Mineral", (("Bidang Mineral dan Batubara", ()),
                                                          ("Bidang Energi dan Ketenagalistrikan", ())),
                 ilmu="teknik", bobot=0.7),
        ]
    else:
        for kec in w.wilayah:
            seksi = [_sub(s, akhiran=f"Kecamatan {kec}") for s in (
                "Seksi Pemerintahan", "Seksi Ketenteraman dan Ketertiban Umum", "Seksi Kesejahteraan Sosial")]
            sekretariat = _Unit(f"Sekretariat Kecamatan {kec}", "Sekretaris Kecamatan", J.ADMINISTRATOR)
            opd.append(_Unit(f"Kecamatan {kec}", f"Camat {kec}", J.ADMINISTRATOR, [sekretariat, *seksi],
                             staf=_STAF_UMUM, ilmu="umum", bobot=0.8, pool="umum"))
    return opd


def _hubungkan(units, induk=None):
    """Set ``induk`` and inherit staff mix, field of study and pool from the parent."""
    for u in units:
        u.induk = induk
        if induk is not None:
            u.staf = u.staf or induk.staf
            u.ilmu = u.ilmu or induk.ilmu
            u.pool = u.pool or induk.pool
        _hubungkan(u.anak, u)


def _bagi(total, bobot, minimum):
    """Split ``total`` into integers proportional to ``bobot``, each at least its ``minimum``."""
    sisa = total - sum(minimum)
    if sisa < 0:
        raise ValueError("jumlah_pegawai terlalu kecil untuk struktur ini")
    jumlah_bobot = sum(bobot) or 1.0
    kuota = [sisa * b / jumlah_bobot for b in bobot]
    hasil = [int(q) for q in kuota]
    for i in sorted(range(len(bobot)), key=lambda i: hasil[i] - kuota[i])[: sisa - sum(hasil)]:
        hasil[i] += 1
    return [h + m for h, m in zip(hasil, minimum, strict=True)]


def _satelit(rng, w, induk, pool, jumlah):
    """Schools under the Dinas Pendidikan or puskesmas under the Dinas Kesehatan, for ``jumlah`` people."""
    if pool == "sekolah":
        # (kind, share of the teachers, average headcount)
        jenis = (("SMA", 0.52, 34), ("SMK", 0.40, 32), ("SLB", 0.08, 14)) if w.provinsi else (
            ("SD", 0.62, 10), ("SMP", 0.38, 22))
        staf, kepala_peran = _STAF_SEKOLAH, ("guru",)
    else:
        jenis = (("Puskesmas", 1.0, 28),)
        staf, kepala_peran = _STAF_PUSKESMAS, ("dokter", "dokter", "adminkes", "perawat")
    perkiraan = sum(jumlah * share / rata for _, share, rata in jenis)
    banyak = max(1, min(round(perkiraan), jumlah // 2))  # each needs a head and at least one staff member
    per_jenis = _bagi(banyak, [share / rata for _, share, rata in jenis], [0] * len(jenis))
    hasil, nomor = [], defaultdict(int)
    for (nama_jenis, _, rata), n in zip(jenis, per_jenis, strict=True):
        for i in range(n):
            tempat = w.wilayah[i % len(w.wilayah)]
            nomor[(nama_jenis, tempat)] += 1
            k = nomor[(nama_jenis, tempat)]
            if pool == "sekolah":
                nama = f"{nama_jenis} Negeri {k} {tempat}"
            else:
                nama = f"Puskesmas {tempat}" + (f" {_romawi(k)}" if k > 1 else "")
            u = _Unit(nama, "", J.FUNGSIONAL, staf=staf, ilmu="", bobot=rata * rng.uniform(0.6, 1.4), pool=pool,
                      kepala_peran=kepala_peran)
            u.induk = induk
            u.ilmu = induk.ilmu
            induk.anak.append(u)
            hasil.append(u)
    return hasil


def _romawi(n):
    return ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")[n - 1] if n <= 10 else str(n)


LANGKAH_LEVEL, LANGKAH_SAUDARA = 4, 2


def _rancang(rng, w, n):
    """Choose the units for ``n`` employees and set each unit's staff count. Returns the units, parents first.

    Budgets (DOMAIN.md 10: Tebo has 40 % guru and 18 % nakes; a province runs only the upper secondary
    schools and a few hospitals): schools, health (puskesmas and hospitals) and the rest. Managerial units
    are added core first, then breadth first, until about 8.5 % of the headcount are managers.
    """
    roots = _templat(w)
    _hubungkan(roots)
    p_sekolah, p_kesehatan = (0.50, 0.12) if w.provinsi else (0.40, 0.18)
    b_sekolah, b_kesehatan = round(n * p_sekolah), round(n * p_kesehatan)
    b_umum = n - b_sekolah - b_kesehatan
    inti = [u for u in _dfs(roots) if u.inti]
    maks_manajer = max(1, min(max(len(inti), round(0.085 * n)), b_umum // 2))

    dipilih = []
    terpilih = set()

    def tambah(u):
        if len(dipilih) < maks_manajer and u not in terpilih and (u.induk is None or u.induk in terpilih):
            dipilih.append(u)
            terpilih.add(u)

    for u in inti:
        tambah(u)
    # Then by score (see _skor): a small instansi keeps fewer OPD, but with bidang and seksi, so every kind of
    # jabatan and a real chain of supervisors exist at any size.
    skor = {}
    for rank, akar in enumerate(roots):
        _skor(akar, rank, skor)
    for u in sorted(skor, key=skor.get):  # stable: ties keep the template order
        tambah(u)
    for u in dipilih:
        u.anak = [c for c in u.anak if c in terpilih]

    # Budgets of pools without units go to the general pool.
    disdik = next((u for u in dipilih if u.nama == "Dinas Pendidikan dan Kebudayaan"), None)
    dinkes = next((u for u in dipilih if u.nama == "Dinas Kesehatan"), None)
    rs = [u for u in dipilih if u.pool == "rs"]
    b_puskesmas = round(b_kesehatan * 0.6) if (dinkes and not w.provinsi) else 0
    b_rs = b_kesehatan - b_puskesmas if rs else 0
    b_sekolah = b_sekolah if (disdik and b_sekolah >= 2) else 0
    b_puskesmas = b_puskesmas if b_puskesmas >= 2 else 0
    budget = {"umum": n - b_sekolah - b_puskesmas - b_rs, "rs": b_rs}
    satelit = []
    if b_sekolah:
        satelit += _satelit(rng, w, disdik, "sekolah", b_sekolah)
        budget["sekolah"] = b_sekolah
    if b_puskesmas:
        satelit += _satelit(rng, w, dinkes, "puskesmas", b_puskesmas)
        budget["puskesmas"] = b_puskesmas

    # Staff per unit: at least one each, so that every head leads someone of their own.
    for pool, total in budget.items():
        units = [u for u in dipilih + satelit if u.pool == pool]
        if not units:
            continue
        minimum = [1] * len(units)
        bobot = [_bobot(u) * rng.uniform(0.5, 1.5) for u in units]  # units of one OPD differ in size
        for u, jumlah in zip(units, _bagi(total - len(units), bobot, minimum), strict=True):
            u.jumlah_staf = jumlah
    return [u for u in _dfs(roots) if u in terpilih or u.kepala_peran]


def _bobot(u):
    """Share of its pool's staff: a school or puskesmas by its size; other units by their OPD's size,
    the top unit of the pool (the OPD itself) half as much again."""
    if u.kepala_peran:
        return u.bobot
    akar = u
    while akar.induk is not None and akar.induk.pool == u.pool:
        akar = akar.induk
    return akar.bobot * (1.5 if akar is u else 1.0)


def _dfs(units):
    for u in units:
        yield u
        yield from _dfs(u.anak)


def _skor(u, nilai, skor):
    """Selection order: the OPD's rank, plus a step per level and per earlier sibling."""
    skor[u] = nilai
    for i, anak in enumerate(u.anak):
        _skor(anak, nilai + LANGKAH_LEVEL + LANGKAH_SAUDARA * i, skor)


# ---------------------------------------------------------------------------------------------------
# Employees


def _pilih(rng, pasangan):
    nilai, bobot = zip(*pasangan, strict=True)
    return rng.choices(nilai, weights=bobot)[0]


def _jenjang_keahlian(idx):
    if idx <= _III_B:
        return ref.Jenjang.AHLI_PERTAMA
    if idx <= _III_D:
        return ref.Jenjang.AHLI_MUDA
    return ref.Jenjang.AHLI_MADYA if idx <= _IV_C else ref.Jenjang.AHLI_UTAMA


def _jenjang_keterampilan(idx):
    if idx <= 5:  # II/a
        return ref.Jenjang.PEMULA
    if idx <= 8:  # II/d
        return ref.Jenjang.TERAMPIL
    return ref.Jenjang.MAHIR if idx <= _III_B else ref.Jenjang.PENYELIA


class _Pembuat:
    """Generates one employee at a time; owns the random stream and the NIP sequence counters."""

    def __init__(self, rng, w, kode, acuan, urut_nip):
        self.rng = rng
        self.w = w
        self.kode = kode.lower()
        self.acuan = acuan
        self.urut_nip = urut_nip  # first 15 NIP digits -> highest sequence used (DOMAIN.md 1.1)

    def orang(self, unit, *, jenis, jabatan="", peran=None, senior=False, status=ref.StatusPegawai.AKTIF):
        """The fields of one Pegawai (without ids and links) and the key of its Jabatan."""
        rng, acuan = self.rng, self.acuan
        manajerial = jenis in ref.JENIS_MANAJERIAL
        if manajerial:
            pendidikan_dist, p_perempuan, usia_min, masa_kerja_min = _MANAJERIAL[jenis]
        else:
            senior = senior or peran.senior
            pendidikan_dist, p_perempuan = peran.pendidikan, peran.perempuan
            usia_min, masa_kerja_min = (40, 10) if senior else (0, 1)
        pns_wajib = manajerial or senior or status in (ref.StatusPegawai.PENSIUN, ref.StatusPegawai.TUGAS_BELAJAR)
        pppk = not pns_wajib and rng.random() < peran.pppk
        perempuan = rng.random() < p_perempuan
        pendidikan = _pilih(rng, pendidikan_dist)
        # Many S-2/S-3 holders joined with an S-1 and studied while in service.
        if pendidikan in ("S-2", "S-3") and rng.random() < 0.65:
            pendidikan_masuk = "S-1"
        else:
            pendidikan_masuk = pendidikan
        usia_masuk = _USIA_MASUK[pendidikan_masuk]

        # Birth year: below the retirement age (BUP 58, 60 for JPT and guru) unless retired.
        bup = 60 if (jenis in JENIS_JPT or (peran and peran.ahli in ("Guru", "Pengawas Sekolah"))) else 58
        if status == ref.StatusPegawai.PENSIUN:
            th_min, th_max = 1966, max(1966, acuan.year - bup)
        else:
            th_min = max(1966, acuan.year - bup + 1)
            th_max = min(2002, acuan.year - max(usia_min, usia_masuk + masa_kerja_min))
        th_max = max(th_min, th_max)
        # PNS skew older (the workforce is ageing); PPPK are spread evenly.
        miring = 1.0 if pppk else 1.2
        th_lahir = th_min + int((th_max - th_min + 1) * rng.random() ** miring)
        lahir = date(th_lahir, 1, 1) + timedelta(days=rng.randrange(365))

        if pppk:
            tahun = [(t, b) for t, b in _TAHUN_PPPK if th_lahir + usia_masuk <= t <= acuan.year - 1]
            th_tmt = _pilih(rng, tahun) if tahun else min(acuan.year - 1, th_lahir + usia_masuk)
        else:
            hi = acuan.year - masa_kerja_min
            lo = min(hi, th_lahir + usia_masuk)
            th_tmt = min(hi, lo + int(rng.random() ** 1.5 * 13))
            if th_tmt in _TANPA_FORMASI:
                # Earlier than planned if need be (a little younger at appointment), never under 18.
                boleh = [t for t in range(max(th_lahir + 18, lo - 4), hi + 1) if t not in _TANPA_FORMASI] or [th_tmt]
                th_tmt = min(boleh, key=lambda t: (abs(t - th_tmt), t))
        tmt = date(th_tmt, rng.choice((1, 1, 2, 3, 3, 4, 6, 7, 10, 12)), 1)
        if tmt > acuan:
            tmt = acuan.replace(day=1)

        if pppk:
            jenis_asn = ref.JenisAsn.PPPK
            golongan, tmt_golongan = ref.GOLONGAN_AWAL_PPPK[pendidikan], tmt
            idx = None
        else:
            jenis_asn = ref.JenisAsn.CPNS if tmt > acuan - timedelta(days=365) else ref.JenisAsn.PNS
            idx, tmt_golongan = self._golongan_pns(jenis, peran, pendidikan, pendidikan_masuk, tmt, senior,
                                                   cpns=jenis_asn == ref.JenisAsn.CPNS)
            golongan = ref.GOLONGAN_PNS_KODE[idx - 1]

        if manajerial:
            kunci = (jabatan, jenis, "")
        elif peran.ahli is None and peran.terampil is None:  # pelaksana (PermenPANRB 45/2022 titles)
            kunci = (self._pelaksana(pendidikan), J.PELAKSANA, "")
        else:
            keahlian = (pendidikan in _KEAHLIAN and peran.ahli) or not peran.terampil
            if keahlian:
                jenjang = ref.Jenjang.AHLI_PERTAMA if pppk else _jenjang_keahlian(idx)
            else:
                jenjang = ref.Jenjang.TERAMPIL if pppk else _jenjang_keterampilan(idx)
            nama_jf = peran.ahli if keahlian else peran.terampil
            kunci = (f"{nama_jf} {jenjang.label}", J.FUNGSIONAL, jenjang.value)

        ilmu = (peran.ilmu if peran else (unit.ilmu if rng.random() < 0.65 else "umum")) or "umum"
        nama = self._nama(perempuan)
        depan, belakang = self._gelar(ilmu, pendidikan, lahir, perempuan)
        s = "2" if perempuan else "1"
        awal = f"{lahir.year:04d}{lahir.month:02d}{lahir.day:02d}" + (
            f"{tmt.year:04d}21" if pppk else f"{tmt.year:04d}{tmt.month:02d}") + s
        urut = self.urut_nip[awal] + 1
        if urut > 999:
            raise ValueError(f"urutan NIP habis untuk {awal}")
        self.urut_nip[awal] = urut
        pegawai = dict(
            nip=f"{awal}{urut:03d}",
            pns_id=f"{rng.getrandbits(128):032X}",
            nama=nama,
            gelar_depan=depan,
            gelar_belakang=belakang,
            jenis_kelamin=ref.JenisKelamin.PEREMPUAN if perempuan else ref.JenisKelamin.LAKI_LAKI,
            tempat_lahir=self._tempat_lahir(),
            tanggal_lahir=lahir,
            jenis_asn=jenis_asn,
            golongan=golongan,
            tmt_cpns=tmt,
            tmt_golongan=tmt_golongan,
            pendidikan=pendidikan,
            status=status,
            nik=self._nik(lahir, perempuan) if rng.random() < 0.9 else "",
            email=self._email(nama) if rng.random() < 0.85 else "",
            no_hp=f"08{rng.choice(('11', '12', '13', '21', '22', '52', '77', '81', '95'))}{rng.randrange(10**8):08d}"
            if rng.random() < 0.8 else "",
        )
        return pegawai, kunci

    def _golongan_pns(self, jenis, peran, pendidikan, pendidikan_masuk, tmt, senior, *, cpns):
        """(ruang index 1..17, TMT golongan): regular promotion every ~4 years from the starting ruang."""
        rng, acuan = self.rng, self.acuan
        idx = _URUT_PNS[ref.GOLONGAN_AWAL_PNS[pendidikan_masuk]]
        if cpns:
            return idx, tmt
        lo, hi = 1, _URUT_PNS[_PUNCAK_PENDIDIKAN[pendidikan]]
        if jenis in _RENTANG_MANAJERIAL:
            lo, hi = _RENTANG_MANAJERIAL[jenis]
        elif peran.ahli or peran.terampil:
            keahlian = (pendidikan in _KEAHLIAN and peran.ahli) or not peran.terampil
            hi = _IV_C if keahlian else _III_D
            if senior:
                lo = _III_C if keahlian else _III_A
        tgl = tmt
        while idx < hi:
            # Slower above III/d (angka kredit, fewer posts).
            jeda = rng.choice((4, 4, 4, 5)) if idx < _III_D else rng.choice((4, 5, 6, 7))
            berikut = date(tgl.year + jeda, rng.choice((4, 10)), 1)
            if berikut > acuan:
                break
            idx, tgl = idx + 1, berikut
        if idx < lo:  # appointed to a post above the regular path: promoted recently
            idx = lo
            tgl = max(tmt, date(acuan.year - rng.randint(1, 3), rng.choice((4, 10)), 1))
        return idx, tgl

    def _pelaksana(self, pendidikan):
        if pendidikan in ("S-1", "S-2", "D-IV"):
            return "Penata Layanan Operasional"
        if pendidikan == "D-III":
            return self.rng.choice(("Pengelola Layanan Operasional", "Pengadministrasi Perkantoran"))
        return self.rng.choice(("Pengadministrasi Perkantoran", "Operator Layanan Operasional"))

    def _nama(self, perempuan):
        rng = self.rng
        depan_pool, belakang_pool = (_NAMA_P, _BELAKANG_P) if perempuan else (_NAMA_L, _BELAKANG_L)
        bagian = [rng.choice(depan_pool)]
        if not perempuan and rng.random() < 0.08:
            bagian.insert(0, rng.choice(("Muhammad", "M.")))
        bentuk = rng.random()
        if bentuk < 0.15:  # a single name, common among older Javanese
            return " ".join(bagian)
        if bentuk > 0.8:
            tengah = rng.choice(depan_pool)
            if tengah not in bagian:
                bagian.append(tengah)
        belakang = rng.choice(belakang_pool)
        if belakang not in bagian:
            bagian.append(belakang)
        return " ".join(bagian)

    def _gelar(self, ilmu, pendidikan, lahir, perempuan):
        rng = self.rng
        daftar = _GELAR.get(ilmu, _GELAR["umum"])
        depan = []
        if self.acuan.year - lahir.year >= 40 and rng.random() < 0.12:
            depan.append("Hj." if perempuan else "H.")
        if pendidikan == "S-3":
            depan.append("Dr.")
        s1 = rng.choice(daftar.get("S-1") or _GELAR["umum"]["S-1"])
        if ilmu in ("teknik", "pertanian") and lahir.year < 1972 and pendidikan in ("S-1", "S-2", "S-3") \
                and rng.random() < 0.5:
            depan.append("Ir.")  # engineers of that generation, instead of S.T./S.P.
            s1 = ""
        if ilmu in _GELAR_DEPAN_PROFESI and pendidikan in ("S-1", "S-2", "S-3"):
            depan.append(_GELAR_DEPAN_PROFESI[ilmu])
        if pendidikan in ("SD", "SLTP", "SLTA"):
            belakang = ""
        elif pendidikan in ("D-I", "D-II", "D-III", "D-IV"):
            belakang = rng.choice(daftar.get(pendidikan) or daftar.get("D-III") or _GELAR["umum"][pendidikan])
        elif pendidikan == "S-1":
            belakang = s1
        else:
            s2 = rng.choice(daftar.get("S-2") or _GELAR["umum"]["S-2"])
            belakang = ", ".join(g for g in (s1, s2) if g) if not s2.startswith("Sp.") else s2
        return " ".join(depan), belakang

    def _tempat_lahir(self):
        w, rng = self.w, self.rng
        return rng.choice(w.wilayah) if rng.random() < 0.55 else rng.choice(w.kota_lahir)

    def _nik(self, lahir, perempuan):
        """NIK: region (6) + birth date DDMMYY with 40 added to the day for women + sequence (4)."""
        rng = self.rng
        hari = lahir.day + (40 if perempuan else 0)
        return f"{self.w.kode_nik}{rng.randint(1, 24):02d}{hari:02d}{lahir.month:02d}{lahir.year % 100:02d}" \
               f"{rng.randint(1, 2999):04d}"

    def _email(self, nama):
        kata = [k.strip(".").lower() for k in nama.split() if k not in ("M.",)]
        lokal = ".".join(kata[:2]) if len(kata) > 1 else kata[0]
        return f"{lokal}{self.rng.randint(1, 99)}@{self.kode}.example"


def _urut_nip_terpakai():
    """The highest sequence in use for every 15-digit NIP prefix, so new NIPs never collide."""
    urut = defaultdict(int)
    for nip in Pegawai.objects.values_list("nip", flat=True).iterator(chunk_size=20_000):
        awal, nomor = nip[:15], int(nip[15:])
        if nomor > urut[awal]:
            urut[awal] = nomor
    return urut


def _level_standar(jenis, jenjang):
    """Required level of the shipped competencies (PermenPANRB 38/2017 pattern)."""
    if jenis in JENIS_JPT:
        return 4
    if jenis == J.ADMINISTRATOR:
        return 3
    if jenis == J.PENGAWAS:
        return 2
    return 2 if jenjang.startswith("ahli") else 1


def generate_instansi(*, kode, nama, jumlah_pegawai, seed=0, siasn_id="", tanggal_acuan=None) -> Instansi:
    """Create one instansi with ``jumlah_pegawai`` employees (nothing to do if it already has employees).

    Deterministic for a given kode, seed and ``tanggal_acuan`` (the day the data describe; default the
    1st of January of the current year, so the data stay put all year and never lie in the future).
    """
    if jumlah_pegawai < 10:
        raise ValueError("jumlah_pegawai minimal 10")
    acuan = tanggal_acuan or timezone.localdate().replace(month=1, day=1)
    rng = random.Random(f"{kode}:{seed}")  # str seeds are hashed with SHA-512: stable across runs
    w = _wilayah(kode, nama)
    with transaction.atomic():
        instansi, _ = Instansi.objects.get_or_create(kode=kode, defaults={"nama": nama, "siasn_id": siasn_id})
        if instansi.pegawai.exists():
            return instansi
        units = _rancang(rng, w, jumlah_pegawai)
        _simpan_unit(instansi, units)
        pegawai, jabatan_kunci = _buat_pegawai(rng, w, kode, acuan, units, bulk.reserve_ids(Pegawai, jumlah_pegawai))
        jabatan_id = _simpan_jabatan(instansi, jabatan_kunci)
        sekarang = timezone.now()
        for p, kunci in zip(pegawai, jabatan_kunci, strict=True):
            p.update(instansi_id=instansi.pk, jabatan_id=jabatan_id[kunci], diperbarui=sekarang)
        # pghistory's row trigger costs about half a millisecond per row (PL/pgSQL exception blocks): skip it
        # for the bulk insert and write the same "insert" events afterwards in one statement.
        with bulk.without_insert_history():
            bulk.copy_rows(Pegawai, pegawai)
        bulk.record_insert_events("instansi_id = %s", [instansi.pk])
        _simpan_kompetensi(rng, acuan, instansi, pegawai, jabatan_kunci)
    return instansi


def _simpan_unit(instansi, units):
    """Insert the tree level by level (a unit needs its parent's id)."""
    per_kedalaman = defaultdict(list)
    for u in units:
        d, x = 0, u
        while x.induk is not None:
            d, x = d + 1, x.induk
        per_kedalaman[d].append(u)
    for d in sorted(per_kedalaman):
        objs = [UnitKerja(instansi=instansi, nama=u.nama, induk_id=u.induk.pk if u.induk else None)
                for u in per_kedalaman[d]]
        UnitKerja.objects.bulk_create(objs, batch_size=BATCH)
        for u, o in zip(per_kedalaman[d], objs, strict=True):
            u.pk = o.pk


def _buat_pegawai(rng, w, kode, acuan, units, ids):
    """Every unit's head and staff (field dicts with ids from ``ids``) and their jabatan keys."""
    pembuat = _Pembuat(rng, w, kode, acuan, _urut_nip_terpakai())
    # A few employees are no longer active: staff only, never the only person under a head.
    layak = sum(u.jumlah_staf for u in units if u.jumlah_staf >= 2)
    nonaktif = set(rng.sample(range(layak), max(1, round(0.025 * layak)))) if layak else set()
    nomor_layak = 0
    pegawai, kunci_jabatan = [], []
    id_baru = iter(ids)
    kepala = {}
    sekda = None
    for u in units:
        if u.kepala_peran:
            peran = _PERAN[rng.choice(u.kepala_peran)]
            p, kunci = pembuat.orang(u, jenis=J.FUNGSIONAL, peran=peran, senior=True)
        else:
            p, kunci = pembuat.orang(u, jenis=u.jenis, jabatan=u.kepala)
        p.update(id=next(id_baru), unit_kerja_id=u.pk)
        # Heads of sub-units report to the head of the parent unit; heads of OPD to the Sekda.
        if u.induk is not None:
            p["atasan_id"] = kepala[u.induk]["id"]
        elif sekda is None:
            p["atasan_id"] = None
            sekda = p
        else:
            p["atasan_id"] = sekda["id"]
        kepala[u] = p
        pegawai.append(p)
        kunci_jabatan.append(kunci)

        staf_peran = [(_PERAN[k], b) for k, b in u.staf]
        for _ in range(u.jumlah_staf):
            status = ref.StatusPegawai.AKTIF
            if u.jumlah_staf >= 2:
                if nomor_layak in nonaktif:
                    status = _pilih(rng, _STATUS_NONAKTIF)
                nomor_layak += 1
            p, kunci = pembuat.orang(u, jenis=None, peran=_pilih(rng, staf_peran), status=status)
            p.update(id=next(id_baru), unit_kerja_id=u.pk, atasan_id=kepala[u]["id"])
            pegawai.append(p)
            kunci_jabatan.append(kunci)
    return pegawai, kunci_jabatan


def _simpan_jabatan(instansi, kunci_jabatan):
    """Insert the jabatan used (keeping any that exist) and return key -> id."""
    unik = list(dict.fromkeys(kunci_jabatan))
    Jabatan.objects.bulk_create(
        [Jabatan(instansi=instansi, nama=n, jenis=j, jenjang=jj) for n, j, jj in unik],
        batch_size=BATCH, ignore_conflicts=True,
    )
    return {(n, j, jj): pk for pk, n, j, jj in
            Jabatan.objects.filter(instansi=instansi).values_list("pk", "nama", "jenis", "jenjang")}


def _simpan_kompetensi(rng, acuan, instansi, pegawai, kunci_jabatan):
    """Standards for every jabatan; assessed profiles for about half of the active employees."""
    kompetensi = list(Kompetensi.objects.filter(instansi__isnull=True).order_by("kode"))
    if not kompetensi:
        return
    standar = [
        StandarKompetensiJabatan(jabatan_id=pk, kompetensi=k, level=_level_standar(jenis, jenjang))
        for pk, jenis, jenjang in Jabatan.objects.filter(instansi=instansi).values_list("pk", "jenis", "jenjang")
        for k in kompetensi
    ]
    StandarKompetensiJabatan.objects.bulk_create(standar, batch_size=BATCH, ignore_conflicts=True)
    profil = []
    for p, (_, jenis, jenjang) in zip(pegawai, kunci_jabatan, strict=True):
        if p["status"] != ref.StatusPegawai.AKTIF or rng.random() >= 0.5:
            continue
        dasar = _level_standar(jenis, jenjang)
        tanggal = acuan - timedelta(days=rng.randint(30, 1000))
        for k in kompetensi:
            level = min(5, max(1, dasar + rng.choice((-1, 0, 0, 0, 1))))
            profil.append({"pegawai_id": p["id"], "kompetensi_id": k.pk, "level": level, "tanggal_asesmen": tanggal})
    bulk.copy_rows(ProfilKompetensi, profil)


# ---------------------------------------------------------------------------------------------------
# Demo accounts


def _email_demo(lokal):
    return f"{lokal}@{DEMO_EMAIL_DOMAIN}"


def buat_akun_demo():
    """Create the missing demo accounts (password ``DEMO_PASSWORD``); returns one line per account created.

    Existing accounts are left exactly as they are, so a second run changes nothing.
    """
    User = get_user_model()
    dibuat = []
    sandi = make_password(DEMO_PASSWORD)  # hashed once: PBKDF2 is deliberately slow

    def user(username, **kw):
        obj, baru = User.objects.get_or_create(username=username, defaults={"password": sandi, **kw})
        if baru:
            dibuat.append(username)
        return obj

    user("admin", email=_email_demo("admin"), is_staff=True, is_superuser=True, first_name="Superadmin")
    instansi = {i.kode: i for i in Instansi.objects.filter(kode__in=[k for k, _, _ in INSTANSI_DEMO])}
    petugas = [(f"hr.{k.lower()}", GRUP_HR, k) for k, _, _ in INSTANSI_DEMO] + [
        ("pimpinan.bengkulu", GRUP_PIMPINAN, "BENGKULU")]
    for username, grup, kode in petugas:
        if kode not in instansi:
            continue
        u = user(username, email=_email_demo(username),
                 first_name=("Admin BKPSDM" if grup == GRUP_HR else "Pimpinan"), last_name=instansi[kode].nama[:150])
        u.groups.add(Group.objects.get_or_create(name=grup)[0])  # no-op when already a member
        Petugas.objects.get_or_create(user=u, defaults={"instansi": instansi[kode]})
    if "BENGKULU" in instansi:
        dibuat += _akun_pegawai_demo(instansi["BENGKULU"], sandi)
    return dibuat


def _akun_pegawai_demo(instansi, sandi):
    """Accounts (username = NIP) for a head of a bidang and one of their subordinates without subordinates."""
    demo = Pegawai.objects.filter(instansi=instansi, user__email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
    if demo.exists():
        return []
    aktif = Pegawai.objects.filter(instansi=instansi, status=ref.StatusPegawai.AKTIF)
    daun = aktif.filter(bawahan__isnull=True)
    calon = aktif.filter(bawahan__in=daun).distinct()
    # Prefer the head of the Bidang Pengembangan Kompetensi (they run staff development), then any head of a
    # bidang, then (tiny instansi only) any supervisor.
    atasan = (calon.filter(jabatan__nama="Kepala Bidang Pengembangan Kompetensi").order_by("nip").first()
              or calon.filter(jabatan__jenis=J.ADMINISTRATOR, unit_kerja__nama__startswith="Bidang")
              .order_by("nip").first()
              or calon.order_by("nip").first())
    if atasan is None:
        return []
    bawahan = daun.filter(atasan=atasan).order_by("jabatan__jenis", "nip").first()
    User = get_user_model()
    dibuat = []
    for p in (atasan, bawahan):
        lokal = ".".join(k.strip(".").lower() for k in p.nama.split()[:2])
        email = _email_demo(lokal)
        u = User.objects.create(username=p.nip, password=sandi, email=email, first_name=p.nama[:150])
        Pegawai.objects.filter(pk=p.pk).update(user=u, email=email)
        dibuat.append(p.nip)
    return dibuat


_URUTAN_PERAN = ("Superadmin", "Admin BKPSDM", "Pimpinan", "Atasan", "Pegawai")


def demo_logins() -> list[dict]:
    """The demo accounts as they are in the database: username, password, peran, instansi, keterangan."""
    User = get_user_model()
    hasil = []
    users = (User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}", is_active=True)
             .select_related("petugas__instansi", "pegawai__instansi", "pegawai__jabatan", "pegawai__unit_kerja")
             .prefetch_related("groups"))
    for u in users:
        grup = {g.name for g in u.groups.all()}
        petugas = getattr(u, "petugas", None)
        pegawai = getattr(u, "pegawai", None)
        if u.is_superuser:
            peran, instansi, ket = "Superadmin", "Semua", "Semua instansi, lewat Django admin (/admin/)"
        elif petugas is not None and GRUP_HR in grup:
            peran, instansi = "Admin BKPSDM", petugas.instansi.nama
            ket = "Semua data pegawai, pelatihan, mentoring dan evaluasi instansinya saja"
        elif petugas is not None and GRUP_PIMPINAN in grup:
            peran, instansi, ket = "Pimpinan", petugas.instansi.nama, "Dasbor dan laporan agregat instansinya"
        elif pegawai is not None:
            instansi = pegawai.instansi.nama
            jabatan = pegawai.jabatan.nama if pegawai.jabatan else "tanpa jabatan"
            jumlah = pegawai.bawahan.count()
            if jumlah:
                peran = "Atasan"
                ket = f"{jabatan}: data sendiri dan {jumlah} bawahan langsung"
                if pegawai.bawahan.filter(bawahan__isnull=False).exists():
                    ket += " (serta bawahan tidak langsung)"
            else:
                peran = "Pegawai"
                ket = f"{jabatan}: hanya data sendiri"
            mentor = pegawai.pasangan_mentor.filter(status="aktif").count()
            if mentor:
                ket += f"; mentor bagi {mentor} mentee"
            if pegawai.pasangan_mentee.filter(status="aktif").exists():
                ket += "; punya mentor"
        else:
            continue
        hasil.append({"username": u.username, "password": DEMO_PASSWORD, "peran": peran, "instansi": instansi,
                      "keterangan": ket})
    hasil.sort(key=lambda r: (_URUTAN_PERAN.index(r["peran"]), r["instansi"], r["username"]))
    return hasil


def format_logins(logins) -> str:
    """A plain-text table of ``demo_logins()`` for the terminal."""
    kolom = (("peran", "Peran"), ("username", "Username"), ("password", "Kata sandi"), ("instansi", "Instansi"),
             ("keterangan", "Yang dilihat"))
    lebar = {k: max([len(judul)] + [len(str(r[k])) for r in logins]) for k, judul in kolom}
    baris = ["  ".join(judul.ljust(lebar[k]) for k, judul in kolom).rstrip(),
             "  ".join("-" * lebar[k] for k, _ in kolom)]
    baris += ["  ".join(str(r[k]).ljust(lebar[k]) for k, _ in kolom).rstrip() for r in logins]
    return "\n".join(baris)
