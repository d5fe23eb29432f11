"""pelatihan's indicators of the public transparency page (issue 12), registered in ``PelatihanConfig.ready``
through ``pembinaan.komposisi.daftar_indikator_transparansi``.

Raw aggregates per OPD only; the snapshot builder applies the disclosure rules (``pembinaan.pengungkapan``).
Four set-based queries whatever the size: JP per PNS this year up to the as-of date (ledger), JP per PNS last year
(the yearly summary), programmes held by bentuk, and participants and JP delivered by bentuk. And the realisation
of the year's set plan (issue 11), when there is one (``indikator_rencana``).
"""

from collections import defaultdict
from datetime import date

from django.db import connection

from pembinaan import referensi as ref
from pembinaan.komposisi import daftar_indikator_transparansi
from pembinaan.transparansi_indikator import (
    HITUNGAN,
    INSTANSI,
    JUMLAH,
    MEDIAN,
    PERSEN,
    Indikator,
    tambah_angka,
    tambah_daftar,
    tambah_kontribusi,
    tambah_pasangan,
)

from .models import ProgramPelatihan

TARGET_JP = 20  # the national minimum (PP 17/2020 Pasal 203(4)); the page states it as such
PRODUSEN = "BKPSDM (sistem pembinaan ASN)"
STATUS_PESERTA = ["terdaftar", "lulus", "tidak_lulus"]  # took part: not waiting, not withdrawn
STATUS_PROGRAM = [ProgramPelatihan.Status.BERJALAN.value, ProgramPelatihan.Status.SELESAI.value]

_JP_TAHUN_INI = """
    SELECT p.unit_kerja_id, COALESCE(s.jp, 0)
    FROM pembinaan_pegawai p
    LEFT JOIN (SELECT k.pegawai_id, SUM(k.jp) AS jp FROM pelatihan_kreditjp k
               JOIN pembinaan_pegawai q ON q.id = k.pegawai_id AND q.instansi_id = %s
               WHERE k.tanggal BETWEEN %s AND %s GROUP BY k.pegawai_id) s ON s.pegawai_id = p.id
    WHERE p.instansi_id = %s AND p.status = 'aktif' AND p.jenis_asn = ANY(%s)
"""

_JP_TAHUN_LALU = """
    SELECT p.unit_kerja_id, COALESCE(r.total, 0)
    FROM pembinaan_pegawai p
    LEFT JOIN pelatihan_rekapjp r ON r.pegawai_id = p.id AND r.tahun = %s
    WHERE p.instansi_id = %s AND p.status = 'aktif' AND p.jenis_asn = ANY(%s)
"""

# Programmes that started (first session) this year up to the as-of date and ran or finished.
_PROGRAM_TAHUN_INI = """
    SELECT pr.id, b.kode, b.nama FROM pelatihan_programpelatihan pr
    JOIN pelatihan_bentukpelatihan b ON b.id = pr.bentuk_id
    JOIN (SELECT program_id, MIN(tanggal) AS mulai FROM pelatihan_sesipelatihan GROUP BY program_id) s
         ON s.program_id = pr.id
    WHERE pr.instansi_id = %s AND pr.status = ANY(%s) AND s.mulai BETWEEN %s AND %s
"""

_PESERTA = f"""
    SELECT g.unit_kerja_id, b.nama, COUNT(*)
    FROM pelatihan_peserta ps
    JOIN ({_PROGRAM_TAHUN_INI}) pr ON pr.id = ps.program_id
    JOIN pembinaan_pegawai g ON g.id = ps.pegawai_id
    JOIN pelatihan_bentukpelatihan b ON b.kode = pr.kode
    WHERE ps.status = ANY(%s)
    GROUP BY g.unit_kerja_id, b.nama
"""

# JP credited this year up to the as-of date from programmes and verified self-reports, per person and bentuk.
_JP_BENTUK = """
    SELECT g.unit_kerja_id, b.kode, b.nama, k.pegawai_id, SUM(k.jp)
    FROM pelatihan_kreditjp k
    JOIN pembinaan_pegawai g ON g.id = k.pegawai_id
    LEFT JOIN pelatihan_peserta ps ON ps.id = k.peserta_id
    LEFT JOIN pelatihan_programpelatihan pr ON pr.id = ps.program_id
    LEFT JOIN pelatihan_laporanbelajar lb ON lb.id = k.laporan_id
    JOIN pelatihan_bentukpelatihan b ON b.id = COALESCE(pr.bentuk_id, lb.bentuk_id)
    WHERE g.instansi_id = %s AND k.tanggal BETWEEN %s AND %s
    GROUP BY g.unit_kerja_id, b.kode, b.nama, k.pegawai_id
"""


def _fetch(sql, params):
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def _jp_pns(konteks, sql, params):
    """{opd: {"≥ 20 JP": (pembilang, basis)}} and {opd: {"Median": [JP per PNS]}}."""
    capai, nilai = [], []
    for unit_id, jp in _fetch(sql, params):
        capai.append((unit_id, f"PNS ≥ {TARGET_JP} JP", (1 if jp >= TARGET_JP else 0, 1)))
        nilai.append((unit_id, "Median JP", int(jp)))
    return konteks.gulung(capai, tambah_pasangan), konteks.gulung(nilai, tambah_daftar)


def indikator(konteks):
    i, awal, akhir = konteks.instansi.pk, konteks.awal_tahun, konteks.tanggal
    pns = sorted(ref.JENIS_PNS)
    persen_ini, median_ini = _jp_pns(konteks, _JP_TAHUN_INI, [i, awal, akhir, i, pns])
    persen_lalu, _ = _jp_pns(konteks, _JP_TAHUN_LALU, [konteks.tahun - 1, i, pns])
    tahun = konteks.tahun

    program = defaultdict(int)
    kode_bentuk = {}
    for _pid, kode, nama in _fetch(_PROGRAM_TAHUN_INI, [i, STATUS_PROGRAM, awal, akhir]):
        program[nama] += 1
        kode_bentuk[nama] = kode
    peserta = [(u, nama, n) for u, nama, n in
               _fetch(_PESERTA, [i, STATUS_PROGRAM, awal, akhir, STATUS_PESERTA])]
    jp_baris = []  # (unit, bentuk, {pegawai: JP}): the contributors of each sum (dominance rule)
    for unit_id, kode, nama, pegawai_id, jp in _fetch(_JP_BENTUK, [i, awal, akhir]):
        kode_bentuk[nama] = kode
        jp_baris.append((unit_id, nama, {pegawai_id: int(jp)}))
    bentuk = sorted(kode_bentuk, key=lambda nama: kode_bentuk[nama])
    peserta_bentuk = sorted({nama for _u, nama, _n in peserta}, key=lambda n: kode_bentuk[n])
    jp_bentuk = sorted({nama for _u, nama, _n in jp_baris}, key=lambda n: kode_bentuk[n])
    program_bentuk = [b for b in bentuk if b in program]

    kelompok = "Pengembangan kompetensi"
    return [
        Indikator("jp20_pns_berjalan", f"PNS dengan ≥ {TARGET_JP} JP tahun {tahun} (sampai tanggal data)",
                  f"Persentase PNS aktif (termasuk CPNS) yang telah mengumpulkan paling sedikit {TARGET_JP} jam "
                  f"pelajaran pengembangan kompetensi sejak 1 Januari {tahun} sampai tanggal data.",
                  "persen", kelompok, PRODUSEN, PERSEN, [f"PNS ≥ {TARGET_JP} JP"], persen_ini),
        Indikator("jp20_pns_tahun_lalu", f"PNS dengan ≥ {TARGET_JP} JP tahun {tahun - 1}",
                  f"Persentase PNS aktif (termasuk CPNS) pada tanggal data yang mengumpulkan paling sedikit "
                  f"{TARGET_JP} jam pelajaran sepanjang tahun {tahun - 1}.",
                  "persen", kelompok, PRODUSEN, PERSEN, [f"PNS ≥ {TARGET_JP} JP"], persen_lalu, frekuensi="Tahunan"),
        Indikator("jp_median_pns", f"Median JP PNS tahun {tahun} (sampai tanggal data)",
                  "Nilai tengah jam pelajaran yang telah dikumpulkan PNS aktif (termasuk CPNS) sejak 1 Januari "
                  "sampai tanggal data; pegawai tanpa JP dihitung 0.", "JP", kelompok, PRODUSEN, MEDIAN,
                  ["Median JP"], median_ini),
        Indikator("pelatihan_diselenggarakan", f"Pelatihan yang diselenggarakan tahun {tahun} menurut bentuk",
                  "Program pelatihan instansi yang berjalan atau selesai dan sesi pertamanya jatuh sejak 1 Januari "
                  "sampai tanggal data, menurut bentuk pelatihan (LAN).", "program", kelompok, PRODUSEN, HITUNGAN,
                  program_bentuk, {INSTANSI: dict(program)} if program else {}, hanya_instansi=True),
        Indikator("peserta_pelatihan", f"Peserta pelatihan tahun {tahun} menurut bentuk",
                  "Keikutsertaan pegawai (terdaftar, lulus atau tidak lulus) dalam program pelatihan tersebut, "
                  "menurut perangkat daerah pegawai dan bentuk pelatihan; satu pegawai dapat dihitung lebih dari "
                  "sekali.", "keikutsertaan", kelompok, PRODUSEN, HITUNGAN, peserta_bentuk,
                  konteks.gulung(peserta, tambah_angka)),
        Indikator("jp_diberikan", f"JP yang diberikan tahun {tahun} menurut bentuk",
                  "Jumlah jam pelajaran yang dikreditkan kepada pegawai dari program pelatihan dan laporan belajar "
                  "mandiri yang diverifikasi, sejak 1 Januari sampai tanggal data, menurut perangkat daerah pegawai "
                  "dan bentuk pelatihan.", "JP", kelompok, PRODUSEN, JUMLAH, jp_bentuk,
                  konteks.gulung(jp_baris, tambah_kontribusi)),
    ]


# ---------------------------------------------------------------------------- plan realisation (issue 11's plan)

_T_ITEM = "pelatihan_rencanaitem"
# Per person, the sums the dominance rule needs (issue 11's selectors give them per group only), with issue 11's
# definitions (pelatihan/selectors/realisasi.py): JP planned = the JP of each line of the cycle whose needs name the
# person, once per line, at the OPD of the need; JP credited = the ledger's credits from programmes linked to the
# cycle's lines, at the employee's unit, from 1 January to the as-of date.
_JP_RENCANA_PEGAWAI = f"""
    SELECT t.opd_id, t.pegawai_id, SUM(i.jp)
    FROM (SELECT DISTINCT ON (ik.rencanaitem_id, k.pegawai_id) ik.rencanaitem_id AS item_id, k.pegawai_id, k.opd_id
          FROM {_T_ITEM}_kebutuhan ik JOIN pelatihan_kebutuhan k ON k.id = ik.kebutuhan_id
          WHERE k.siklus_id = %s ORDER BY ik.rencanaitem_id, k.pegawai_id, k.opd_id) t
    JOIN {_T_ITEM} i ON i.id = t.item_id AND i.siklus_id = %s
    GROUP BY 1, 2
"""
_JP_KREDIT_RENCANA_PEGAWAI = f"""
    SELECT p.unit_kerja_id, kj.pegawai_id, SUM(kj.jp)
    FROM pembinaan_pegawai p
    JOIN pelatihan_kreditjp kj ON kj.pegawai_id = p.id AND kj.tanggal BETWEEN %s AND %s
    JOIN pelatihan_peserta ps ON ps.id = kj.peserta_id
    JOIN pelatihan_programpelatihan pr ON pr.id = ps.program_id
    JOIN {_T_ITEM} i ON i.id = pr.rencana_item_id AND i.siklus_id = %s
    WHERE p.instansi_id = %s
    GROUP BY 1, 2
"""
KATEGORI_DIMULAI, KATEGORI_SELESAI = "Item dimulai", "Item selesai"
KATEGORI_TERLATIH = "Peserta sasaran terlatih"
KATEGORI_JP_RENCANA, KATEGORI_JP_KREDIT = "JP direncanakan", "JP terealisasi"


def siklus_tetap(*, instansi, tahun):
    """The set plan (stage ditetapkan, berjalan or dievaluasi) of ``instansi`` for ``tahun``, or None."""
    from .models import SiklusRencana
    from .selectors.realisasi import TAHAP_TETAP

    return (SiklusRencana.objects.filter(instansi=instansi, tahun=tahun, tahap__in=TAHAP_TETAP)
            .order_by("-versi", "-id").first())


def indikator_rencana(konteks):
    """Plan realisation of the as-of date's year, read through issue 11's ``realisasi_siklus``: lines started and
    finished (instansi only), target participants trained per OPD, and JP planned vs credited per OPD (sums with
    their per-person contributors for the dominance rule). No set plan for the year: no indicator at all (absent,
    not zero). Nine queries whatever the size (one, with no plan)."""
    from .selectors.realisasi import realisasi_siklus

    siklus = siklus_tetap(instansi=konteks.instansi, tahun=konteks.tahun)
    if siklus is None:
        return []
    real = realisasi_siklus(siklus=siklus, today=konteks.tanggal)
    r, tahun = real["r"], siklus.tahun
    kelompok = "Realisasi rencana pengembangan kompetensi"
    hasil = []
    if r["item"]:
        hasil.append(Indikator(
            "rencana_item", f"Item rencana pengembangan kompetensi tahun {tahun} yang dimulai dan selesai",
            f"Persentase item rencana pelaksanaan pengembangan kompetensi tahun {tahun} yang ditetapkan, yang "
            "pelaksanaannya sudah dimulai (ada program tertaut dengan sesi sampai tanggal data) dan yang selesai "
            "(semua program tertautnya ditutup).", "persen item", kelompok, PRODUSEN, PERSEN,
            [KATEGORI_DIMULAI, KATEGORI_SELESAI],
            {INSTANSI: {KATEGORI_DIMULAI: (r["dimulai"], r["item"]), KATEGORI_SELESAI: (r["selesai"], r["item"])}},
            hanya_instansi=True))
    terlatih = [(o["opd_id"], KATEGORI_TERLATIH, (o["terlatih"], o["target"]))
                for o in real["per_opd"] if o["target"]]
    if terlatih:
        hasil.append(Indikator(
            "rencana_peserta_terlatih", f"Peserta sasaran rencana tahun {tahun} yang sudah dilatih",
            "Persentase pegawai yang kebutuhannya dijawab item rencana yang ditetapkan dan yang sudah memperoleh "
            "JP dari program yang tertaut ke item itu, menurut perangkat daerah kebutuhan.", "persen", kelompok,
            PRODUSEN, PERSEN, [KATEGORI_TERLATIH], konteks.gulung(terlatih, tambah_pasangan), frekuensi="Bulanan"))
    rencana = [(opd, KATEGORI_JP_RENCANA, {pegawai: int(jp)})
               for opd, pegawai, jp in _fetch(_JP_RENCANA_PEGAWAI, [siklus.pk, siklus.pk]) if jp]
    kredit = [(unit, KATEGORI_JP_KREDIT, {pegawai: int(jp)}) for unit, pegawai, jp in _fetch(
        _JP_KREDIT_RENCANA_PEGAWAI, [date(tahun, 1, 1), konteks.tanggal, siklus.pk, konteks.instansi.pk]) if jp]
    if rencana:
        hasil.append(Indikator(
            "rencana_jp_direncanakan", f"JP yang direncanakan tahun {tahun}",
            "Jam pelajaran item rencana yang ditetapkan dikalikan pegawai sasarannya (sekali per pegawai per "
            "item), menurut perangkat daerah kebutuhan.", "JP", kelompok, PRODUSEN, JUMLAH, [KATEGORI_JP_RENCANA],
            konteks.gulung(rencana, tambah_kontribusi), frekuensi="Tahunan"))
        hasil.append(Indikator(
            "rencana_jp_terealisasi", f"JP terealisasi dari rencana tahun {tahun} (sampai tanggal data)",
            "Jam pelajaran yang dikreditkan kepada pegawai dari program yang tertaut ke item rencana yang "
            "ditetapkan, sejak 1 Januari sampai tanggal data, menurut perangkat daerah pegawai.", "JP", kelompok,
            PRODUSEN, JUMLAH, [KATEGORI_JP_KREDIT], konteks.gulung(kredit, tambah_kontribusi)))
    return hasil


def daftar():
    daftar_indikator_transparansi(20, indikator)
    daftar_indikator_transparansi(25, indikator_rencana)
