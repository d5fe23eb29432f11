"""People: names, academic titles, the roles (jabatan) people hold and the rules of careers (education, golongan, age
at entry).
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import referensi as ref
from .dasar import J

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
