"""Generate a realistic SIASN "data pegawai" XLSX of any size (for make bench)."""

import datetime
import random

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from pembinaan.impor.pegawai import HEADER_SIASN

DEPAN = ["Ahmad", "Budi", "Siti", "Dewi", "Rina", "Agus", "Sri", "Eko", "Yuni", "Hendra", "Rahmat", "Nur",
         "Wahyu", "Fitri", "Dedi", "Indah", "Joko", "Lestari", "Taufik", "Ratna", "Zulkifli", "Yusuf", "Mega"]
BELAKANG = ["Saputra", "Wati", "Hidayat", "Susanti", "Pratama", "Rahayu", "Santoso", "Lubis", "Siregar",
            "Nasution", "Putri", "Kurniawan", "Harahap", "Syahputra", "Yanti", "Gunawan", "Fauzi", "Marlina"]
OPD = ["Dinas Pendidikan", "Dinas Kesehatan", "RSUD", "Sekretariat Daerah", "BKPSDM", "Bappeda", "Inspektorat",
       "Dinas PUPR", "Dinas Pertanian", "Dinas Sosial", "Dinas Perhubungan", "Satpol PP", "BPKAD", "Bapenda"]
JABATAN = [("Jabatan Fungsional Tertentu", "Guru Ahli Pertama"), ("Jabatan Fungsional Tertentu", "Guru Ahli Muda"),
           ("Jabatan Fungsional Tertentu", "Perawat Terampil"), ("Jabatan Fungsional Tertentu", "Bidan Mahir"),
           ("Jabatan Fungsional Umum", "Pengadministrasi Perkantoran"),
           ("Jabatan Fungsional Umum", "Penata Layanan Operasional"), ("Pengawas", "Kepala Seksi"),
           ("Administrator", "Kepala Bidang")]
PNS_GOL = ["II/a", "II/b", "II/c", "III/a", "III/b", "III/c", "III/d", "IV/a"]
PPPK_GOL = ["V", "VII", "IX", "X"]


def rows(n, *, seed=1, instansi_nama="", seq_start=0):
    rnd = random.Random(seed)
    col = {h: i for i, h in enumerate(HEADER_SIASN)}
    seq = {}
    for i in range(n):
        lahir = datetime.date(1966, 1, 1) + datetime.timedelta(days=rnd.randrange(0, 36 * 365))
        laki = rnd.random() < 0.45
        pppk = rnd.random() < 0.3
        if pppk:
            tahun = rnd.randint(max(2019, lahir.year + 19), 2025)
            head = f"{lahir:%Y%m%d}{tahun}21{1 if laki else 2}"
            tmt = datetime.date(tahun, 3, 1)
        else:
            tmt = datetime.date(rnd.randint(lahir.year + 20, min(2024, lahir.year + 35)), rnd.randint(1, 12), 1)
            head = f"{lahir:%Y%m%d}{tmt:%Y%m}{1 if laki else 2}"
        seq[head] = seq.get(head, seq_start) + 1
        nip = f"{head}{seq[head]:03d}"
        opd = rnd.randrange(len(OPD))
        unor = rnd.randrange(25)
        jenis, jab = rnd.choice(JABATAN)
        row = [None] * len(HEADER_SIASN)
        row[col["PNS ID"]] = f"A5{seed:02X}{i:028X}"
        row[col["NIP BARU"]] = nip
        row[col["NAMA"]] = f"{rnd.choice(DEPAN)} {rnd.choice(BELAKANG)}"
        row[col["GELAR BELAKANG"]] = rnd.choice(["S.Pd.", "S.E.", "S.Kep.", "", "A.Md.", "M.Si."])
        row[col["TEMPAT LAHIR NAMA"]] = rnd.choice(["Bengkulu", "Muara Tebo", "Bangko", "Jambi", "Curup"])
        row[col["TANGGAL LAHIR"]] = f"{lahir:%d-%m-%Y}"
        row[col["JENIS KELAMIN"]] = "M" if laki else "F"
        row[col["NIK"]] = f"17{rnd.randrange(10**13, 10**14)}"
        row[col["JENIS PEGAWAI NAMA"]] = "PPPK" if pppk else "PNS DAERAH"
        row[col["KEDUDUKAN HUKUM ID"]] = "71" if pppk else "01"
        row[col["STATUS CPNS PNS"]] = "" if pppk else "P"
        row[col["TMT CPNS"]] = f"{tmt:%d-%m-%Y}"
        row[col["GOL AKHIR NAMA"]] = rnd.choice(PPPK_GOL if pppk else PNS_GOL)
        row[col["JENIS JABATAN NAMA"]] = jenis
        row[col["JABATAN NAMA"]] = jab
        row[col["TINGKAT PENDIDIKAN NAMA"]] = rnd.choice(["S-1/Sarjana", "D-IV", "D-III", "SLTA", "S-2"])
        row[col["UNOR ID"]] = f"UNOR-{opd:02d}-{unor:02d}"
        row[col["UNOR NAMA"]] = f"{OPD[opd]} – Unit {unor + 1}"
        row[col["SATUAN KERJA KERJA ID"]] = f"SATKER-{opd:02d}"
        row[col["SATUAN KERJA KERJA NAMA"]] = OPD[opd]
        row[col["INSTANSI INDUK NAMA"]] = instansi_nama
        yield row


def write_xlsx(path, n, **kwargs):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Data Pegawai")
    ws.append(HEADER_SIASN)
    text_cols = {HEADER_SIASN.index(h) for h in ("NIP BARU", "NIK")}
    for row in rows(n, **kwargs):
        out = []
        for i, v in enumerate(row):
            if i in text_cols:
                c = WriteOnlyCell(ws, value=v)
                c.number_format = "@"
                out.append(c)
            else:
                out.append(v)
        ws.append(out)
    wb.save(path)
