"""Organisation: the OPD tree of an instansi (Sekretariat Daerah, dinas, badan, kecamatan, schools, puskesmas, RSUD),
sized to a headcount.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .dasar import J
from .wilayah import _Wilayah


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

    Budgets (docs/domain.md §10: Tebo has 40 % guru and 18 % nakes; a province runs only the upper secondary
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
