"""The SIASN "data pegawai" table (docs/domain.md §11.1): its columns, the template's header, and the reference values
the cells are read against (jenis jabatan, eselon, the usual structural names, instansi abbreviations).

Data only; reading a cell is pembinaan.impor.sel, checking a row pembinaan.impor.pemeriksa.
"""

import re

from .. import referensi as ref

# Column headers exactly as SIASN writes them (plus NIP ATASAN and the optional ESELON).
KOLOM = {
    "PNS ID": "pns_id",
    "NIP BARU": "nip",
    "NAMA": "nama",
    "GELAR DEPAN": "gelar_depan",
    "GELAR BELAKANG": "gelar_belakang",
    "TEMPAT LAHIR NAMA": "tempat_lahir",
    "TANGGAL LAHIR": "tanggal_lahir",
    "JENIS KELAMIN": "jenis_kelamin",
    "NIK": "nik",
    "NOMOR HP": "no_hp",
    "EMAIL": "email",
    "EMAIL GOV": "email_gov",
    "JENIS PEGAWAI NAMA": "jenis_pegawai",
    "KEDUDUKAN HUKUM ID": "kedudukan_hukum_id",
    "KEDUDUKAN HUKUM NAMA": "kedudukan_hukum",
    "STATUS CPNS PNS": "status_cpns_pns",
    "TMT CPNS": "tmt_cpns",
    "GOL AKHIR ID": "gol_id",
    "GOL AKHIR NAMA": "golongan",
    "TMT GOLONGAN": "tmt_golongan",
    "JENIS JABATAN ID": "jenis_jabatan_id",
    "JENIS JABATAN NAMA": "jenis_jabatan",
    "JABATAN ID": "jabatan_id",
    "JABATAN NAMA": "jabatan",
    "ESELON": "eselon",
    "TINGKAT PENDIDIKAN NAMA": "pendidikan",
    "UNOR ID": "unor_id",
    "UNOR NAMA": "unor",
    "INSTANSI INDUK ID": "instansi_id",
    "INSTANSI INDUK NAMA": "instansi",
    "SATUAN KERJA KERJA ID": "satker_id",
    "SATUAN KERJA KERJA NAMA": "satker",
    "NIP ATASAN": "nip_atasan",
}
WAJIB = ["NIP BARU", "NAMA", "TANGGAL LAHIR", "JENIS KELAMIN"]

# The downloadable template: the SIASN header (docs/domain.md §11.1) plus NIP ATASAN and ESELON (SIASN's export has no
# eselon column; for a "Jabatan Struktural" whose kind cannot be told from its name, ESELON decides).
HEADER_SIASN = [
    "PNS ID", "NIP BARU", "NIP LAMA", "NAMA", "GELAR DEPAN", "GELAR BELAKANG", "TEMPAT LAHIR ID",
    "TEMPAT LAHIR NAMA", "TANGGAL LAHIR", "JENIS KELAMIN", "AGAMA ID", "AGAMA NAMA", "JENIS KAWIN ID",
    "JENIS KAWIN NAMA", "NIK", "NOMOR HP", "EMAIL", "EMAIL GOV", "ALAMAT", "NPWP NOMOR", "BPJS",
    "JENIS PEGAWAI ID", "JENIS PEGAWAI NAMA", "KEDUDUKAN HUKUM ID", "KEDUDUKAN HUKUM NAMA", "STATUS CPNS PNS",
    "KARTU ASN VIRTUAL", "NOMOR SK CPNS", "TANGGAL SK CPNS", "TMT CPNS", "NOMOR SK PNS", "TANGGAL SK PNS",
    "TMT PNS", "GOL AWAL ID", "GOL AWAL NAMA", "GOL AKHIR ID", "GOL AKHIR NAMA", "TMT GOLONGAN", "MK TAHUN",
    "MK BULAN", "JENIS JABATAN ID", "JENIS JABATAN NAMA", "JABATAN ID", "JABATAN NAMA", "TMT JABATAN",
    "TINGKAT PENDIDIKAN ID", "TINGKAT PENDIDIKAN NAMA", "PENDIDIKAN ID", "PENDIDIKAN NAMA", "TAHUN LULUS",
    "KPKN ID", "KPKN NAMA", "LOKASI KERJA ID", "LOKASI KERJA NAMA", "UNOR ID", "UNOR NAMA",
    "INSTANSI INDUK ID", "INSTANSI INDUK NAMA", "INSTANSI KERJA ID", "INSTANSI KERJA NAMA",
    "SATUAN KERJA INDUK ID", "SATUAN KERJA INDUK NAMA", "SATUAN KERJA KERJA ID", "SATUAN KERJA KERJA NAMA",
    "NIP ATASAN", "ESELON",
]

# Fields compared and written for an employee (everything the file can say about them) ...
FIELDS = [
    "pns_id", "nama", "gelar_depan", "gelar_belakang", "tempat_lahir", "tanggal_lahir", "jenis_kelamin",
    "jenis_asn", "golongan", "tmt_cpns", "tmt_golongan", "pendidikan", "nik", "email", "no_hp",
    "jabatan_id", "unit_kerja_id",
]
# ... and the columns that carry each one: a field whose columns are all absent from the file is left as it is.
SUMBER = {
    "pns_id": {"pns_id"}, "nama": {"nama"}, "gelar_depan": {"gelar_depan"}, "gelar_belakang": {"gelar_belakang"},
    "tempat_lahir": {"tempat_lahir"}, "tanggal_lahir": {"tanggal_lahir"}, "jenis_kelamin": {"jenis_kelamin"},
    "jenis_asn": {"nip"}, "golongan": {"golongan", "gol_id"}, "tmt_cpns": {"tmt_cpns"},
    "tmt_golongan": {"tmt_golongan"}, "pendidikan": {"pendidikan"}, "nik": {"nik"}, "email": {"email", "email_gov"},
    "no_hp": {"no_hp"}, "jabatan_id": {"jabatan", "jenis_jabatan", "jenis_jabatan_id"},
    "unit_kerja_id": {"unor", "unor_id", "satker", "satker_id"},
}
KOLOM_STATUS = {"jenis_pegawai", "kedudukan_hukum_id", "kedudukan_hukum", "status_cpns_pns"}

JENIS_JABATAN_NAMA = {
    "JPT UTAMA": ref.JenisJabatan.JPT_UTAMA,
    "JPT MADYA": ref.JenisJabatan.JPT_MADYA,
    "JPT PRATAMA": ref.JenisJabatan.JPT_PRATAMA,
    "ADMINISTRATOR": ref.JenisJabatan.ADMINISTRATOR,
    "PENGAWAS": ref.JenisJabatan.PENGAWAS,
    "FUNGSIONAL": ref.JenisJabatan.FUNGSIONAL,
    "JABATAN FUNGSIONAL": ref.JenisJabatan.FUNGSIONAL,
    "JABATAN FUNGSIONAL TERTENTU": ref.JenisJabatan.FUNGSIONAL,
    "FUNGSIONAL TERTENTU": ref.JenisJabatan.FUNGSIONAL,
    "PELAKSANA": ref.JenisJabatan.PELAKSANA,
    "JABATAN PELAKSANA": ref.JenisJabatan.PELAKSANA,
    "JABATAN FUNGSIONAL UMUM": ref.JenisJabatan.PELAKSANA,
    "FUNGSIONAL UMUM": ref.JenisJabatan.PELAKSANA,
}
JENIS_JABATAN_SIASN_ID = {"2": ref.JenisJabatan.FUNGSIONAL, "4": ref.JenisJabatan.PELAKSANA}
STRUKTURAL = {"1", "JABATAN STRUKTURAL", "STRUKTURAL"}
# SIASN jenis jabatan 3 "Rangkap" (docs/domain.md §3.3): a jabatan fungsional held together with a structural post (a
# doctor heading a puskesmas, a teacher heading a school). The post that leads and evaluates decides when it can be
# told (ESELON, or the usual structural names); otherwise the person is in their jabatan fungsional.
RANGKAP = {"3", "RANGKAP", "JABATAN RANGKAP"}
ESELON = {"I.A": ref.JenisJabatan.JPT_MADYA, "I.B": ref.JenisJabatan.JPT_MADYA,
          "II.A": ref.JenisJabatan.JPT_PRATAMA, "II.B": ref.JenisJabatan.JPT_PRATAMA,
          "III.A": ref.JenisJabatan.ADMINISTRATOR, "III.B": ref.JenisJabatan.ADMINISTRATOR,
          "IV.A": ref.JenisJabatan.PENGAWAS, "IV.B": ref.JenisJabatan.PENGAWAS}
ESELON_POLA = re.compile(r"(?:ESELON)?(IV|III|II|I)[.\-/]?([AB])")
# SIASN's export has no eselon column. The usual names of structural posts in a pemerintah daerah (PP 18/2016
# naming: kepala dinas/badan II.b, sekretaris and kepala bidang/bagian and camat III, kepala seksi/subbagian and
# lurah IV) tell the kind; the first matching prefix wins, an ESELON column always takes precedence.
STRUKTURAL_NAMA = [
    ("SEKRETARIS DAERAH", "SEKDA"), ("SEKDA", "SEKDA"),
    ("ASISTEN", ref.JenisJabatan.JPT_PRATAMA), ("STAF AHLI", ref.JenisJabatan.JPT_PRATAMA),
    ("KEPALA DINAS", ref.JenisJabatan.JPT_PRATAMA), ("KEPALA BADAN", ref.JenisJabatan.JPT_PRATAMA),
    ("SEKRETARIS DPRD", ref.JenisJabatan.JPT_PRATAMA), ("SEKRETARIS DEWAN", ref.JenisJabatan.JPT_PRATAMA),
    ("KEPALA SATUAN POLISI PAMONG PRAJA", ref.JenisJabatan.JPT_PRATAMA),
    ("INSPEKTUR PEMBANTU", ref.JenisJabatan.ADMINISTRATOR), ("INSPEKTUR", ref.JenisJabatan.JPT_PRATAMA),
    ("SEKRETARIS KELURAHAN", ref.JenisJabatan.PENGAWAS), ("SEKRETARIS", ref.JenisJabatan.ADMINISTRATOR),
    ("KEPALA BIDANG", ref.JenisJabatan.ADMINISTRATOR), ("KABID", ref.JenisJabatan.ADMINISTRATOR),
    ("KEPALA BAGIAN", ref.JenisJabatan.ADMINISTRATOR), ("KABAG", ref.JenisJabatan.ADMINISTRATOR),
    ("CAMAT", ref.JenisJabatan.ADMINISTRATOR),
    ("KEPALA SUB BAGIAN", ref.JenisJabatan.PENGAWAS), ("KEPALA SUBBAGIAN", ref.JenisJabatan.PENGAWAS),
    ("KASUBBAG", ref.JenisJabatan.PENGAWAS), ("KASUBAG", ref.JenisJabatan.PENGAWAS),
    ("KEPALA SUB BIDANG", ref.JenisJabatan.PENGAWAS), ("KEPALA SUBBIDANG", ref.JenisJabatan.PENGAWAS),
    ("KASUBBID", ref.JenisJabatan.PENGAWAS), ("KEPALA SEKSI", ref.JenisJabatan.PENGAWAS),
    ("KASI ", ref.JenisJabatan.PENGAWAS), ("KASIE ", ref.JenisJabatan.PENGAWAS), ("LURAH", ref.JenisJabatan.PENGAWAS),
]
JENJANG_NAMA = [(label.upper(), value) for value, label in ref.Jenjang.choices]
GOLONGAN_PNS_UPPER = {kode.upper(): kode for kode in ref.GOLONGAN_PNS_KODE}
DIIZINKAN_JENIS_JABATAN = "JPT Utama, JPT Madya, JPT Pratama, Administrator, Pengawas, Fungsional, Pelaksana " \
    "(atau nama SIASN: Jabatan Struktural, Jabatan Fungsional Tertentu, Rangkap, Jabatan Fungsional Umum)"
# Instansi names as SIASN and HR staff write them: "Pemerintah Kab. Tebo" = "PEMKAB TEBO" = "Kabupaten Tebo".
SINGKATAN_INSTANSI = {"KAB": "KABUPATEN", "PROV": "PROVINSI", "PROP": "PROVINSI", "PROPINSI": "PROVINSI",
                      "PEMKAB": "KABUPATEN", "PEMPROV": "PROVINSI", "PEMPROP": "PROVINSI", "PEMKOT": "KOTA",
                      "PEMERINTAH": "", "PEM": "", "PEMDA": ""}
OFF = 4  # position of the first of FIELDS in the tuples read for existing employees
# The dry run lists each new and changed employee up to this many (the counts are always complete); the page shows
# them 50 at a time, and ``impor_pegawai --dry-run`` prints every one (semua_perubahan=True).
MAKS_PERUBAHAN = 2000
LABEL_FIELD = {
    "pns_id": "PNS ID", "nama": "Nama", "gelar_depan": "Gelar depan", "gelar_belakang": "Gelar belakang",
    "tempat_lahir": "Tempat lahir", "tanggal_lahir": "Tanggal lahir", "jenis_kelamin": "Jenis kelamin",
    "jenis_asn": "Jenis ASN", "golongan": "Golongan", "tmt_cpns": "TMT CPNS", "tmt_golongan": "TMT golongan",
    "pendidikan": "Pendidikan", "nik": "NIK", "email": "E-mail", "no_hp": "Nomor HP", "jabatan_id": "Jabatan",
    "unit_kerja_id": "Unit kerja",
}
LABEL_PILIHAN = {"jenis_kelamin": dict(ref.JenisKelamin.choices), "jenis_asn": dict(ref.JenisAsn.choices)}
