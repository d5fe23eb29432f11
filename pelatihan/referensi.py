"""LAN training forms (Peraturan LAN 10/2018) with their SIASN jenis diklat ids (docs/domain.md §4.2)."""

# (kode, nama, klasikal, SIASN jenis_diklat id)
BENTUK = [
    ("KL01", "Pelatihan struktural kepemimpinan", True, 1),
    ("KL02", "Pelatihan manajerial", True, 5),
    ("KL03", "Pelatihan teknis", True, 3),
    ("KL04", "Pelatihan fungsional", True, 2),
    ("KL05", "Pelatihan sosial kultural", True, 6),
    ("KL06", "Seminar/konferensi/sarasehan", True, 9),
    ("KL07", "Workshop/lokakarya", True, 4),
    ("KL08", "Kursus", True, 11),
    ("KL09", "Penataran", True, 12),
    ("KL10", "Bimbingan teknis", True, 8),
    ("KL11", "Sosialisasi", True, 7),
    ("KL12", "Jalur klasikal lainnya", True, 13),
    ("NKL01", "Coaching", False, 14),
    ("NKL02", "Mentoring", False, 15),
    ("NKL03", "E-learning", False, 16),
    ("NKL04", "Pelatihan jarak jauh", False, 17),
    ("NKL05", "Detasering (secondment)", False, 18),
    ("NKL06", "Pembelajaran alam terbuka (outbound)", False, 19),
    ("NKL07", "Patok banding (benchmarking)", False, 20),
    ("NKL08", "Pertukaran PNS dengan pegawai swasta/BUMN/BUMD", False, 21),
    ("NKL09", "Belajar mandiri (self development)", False, 22),
    ("NKL10", "Komunitas belajar (community of practices)", False, 23),
    ("NKL11", "Bimbingan di tempat kerja", False, 24),
    ("NKL12", "Magang/praktik kerja", False, 10),
    ("NKL13", "Jalur nonklasikal lainnya", False, 25),
]

# Suggested defaults only (docs/domain.md §4.3: no national table; HR edits them per instansi).
JP_BAWAAN = {"KL06": 4, "KL07": 5, "NKL01": 2, "NKL02": 2, "NKL03": 3, "NKL07": 10, "NKL05": 20,
             "NKL08": 20, "NKL12": 20, "NKL09": 2, "NKL10": 2}

TARGET_JP_PNS = 20
BATAS_JP_PPPK = 24
MENIT_PER_JP = 45  # docs/domain.md §4.1: 1 JP = 45 minutes of learning
JP_LAPORAN_MIN, JP_LAPORAN_MAKS = 1, 200  # JP of one self-reported activity

# docs/domain.md §4.1 defaults per jenis ASN: (target per calendar year, ceiling). PNS (and CPNS, who are PNS
# candidates held to the same rule) at least 20 JP, no ceiling (PP 11/2017 Pasal 203); PPPK no national
# floor, at most 24 JP per contract year (PP 49/2018 Pasal 40). HR changes them per instansi (AturanJP).
ATURAN_JP_BAWAAN = {
    "PNS": (TARGET_JP_PNS, None),
    "CPNS": (TARGET_JP_PNS, None),
    "PPPK": (None, BATAS_JP_PPPK),
    "PPPK_PW": (None, BATAS_JP_PPPK),
}
