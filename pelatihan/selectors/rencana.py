"""Reads of the plan lines of a planning cycle (issue 11, part B): the suggested grouping of needs into lines, the
lines with their totals, the 20 JP coverage of the plan and the revision history. Each function issues a fixed
number of queries whatever the number of needs, lines or employees.

Grouping (``saran_pengelompokan``): the verified needs not yet in a line, grouped by what they are about
(a competency; a mandatory programme — Latsar, PKP, PKA; or, for needs without a competency, their source) × the
bentuk they call for. The bentuk is the employee's own wish (``bentuk_usulan``) when they gave one, else a
suggestion by kind (``BENTUK_SARAN``: manajerial → KL02, sosial kultural → KL05, teknis → KL03, PKP/PKA → KL01,
Latsar → KL12, a JP shortfall → NKL03 e-learning, other needs → KL03). A classroom group smaller than the cycle's
``ukuran_kelas_minimal`` (default 20) is flagged and suggested as distance learning (NKL04) instead: a class that
small is rarely worth running, a distance course is. HR accepts or changes every suggestion before a line is made.

20 JP coverage (``cakupan_jp``): an employee's planned JP is the sum of the JP of the distinct lines holding any
of their needs. The target and the ceiling are those of their jenis ASN in the instansi's JP rules
(``selectors.aturan_jp``: PNS and CPNS at least 20 JP, PPPK no target and at most 24 JP, docs/domain.md §4.1).
Counted: active employees plus those whose status itself exempts them (tugas belajar, CLTN, diberhentikan
sementara: exempt by status, no row needed); others are exempt through the cycle's list (``PengecualianJP``: MPP,
or any of the four reasons recorded by HR). Below the target and not exempt: "belum tercakup". Planned above the
ceiling: flagged (PPPK by default), never refused.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count

from pembinaan import referensi as ref
from pembinaan.models import Pegawai

from ..models import BentukPelatihan, Kebutuhan, PengecualianJP, RencanaItem, RevisiRencana
from .jp import aturan_jp
from .program import jp_bawaan_instansi

ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV"}

# The suggested bentuk of a group whose needs name none (docs/domain.md §4.2 codes). A suggestion only.
BENTUK_SARAN = {
    ref.KategoriKompetensi.MANAJERIAL: "KL02",
    ref.KategoriKompetensi.SOSIAL_KULTURAL: "KL05",
    ref.KategoriKompetensi.TEKNIS: "KL03",
    Kebutuhan.Wajib.LATSAR: "KL12",
    Kebutuhan.Wajib.PKP: "KL01",
    Kebutuhan.Wajib.PKA: "KL01",
    Kebutuhan.Sumber.JP: "NKL03",
}
BENTUK_LAIN = "KL03"
BENTUK_KELAS_KECIL = "NKL04"  # a classroom group below the minimum: pelatihan jarak jauh
JP_SARAN = 20  # a suggested line's JP when the instansi has no default for its bentuk (one line covers 20 JP)

# Statuses that exempt an employee from the 20 JP coverage by themselves (docs/domain.md §4.1 and the issue).
STATUS_PENGECUALIAN = {
    ref.StatusPegawai.TUGAS_BELAJAR: PengecualianJP.Alasan.TUGAS_BELAJAR,
    ref.StatusPegawai.CUTI: PengecualianJP.Alasan.CLTN,
    ref.StatusPegawai.DIBERHENTIKAN_SEMENTARA: PengecualianJP.Alasan.DIBERHENTIKAN_SEMENTARA,
}
STATUS_DIHITUNG = (ref.StatusPegawai.AKTIF, *STATUS_PENGECUALIAN)
ALASAN_PENGECUALIAN = dict(PengecualianJP.Alasan.choices)


def triwulan_label(n):
    return f"Triwulan {ROMAWI.get(n, n)}"


# ---------------------------------------------------------------------------- the suggested grouping

@dataclass
class Kelompok:
    """One suggested plan line: needs about the same thing × one bentuk."""

    kunci: str  # stable across requests: "k<kompetensi id>|<bentuk kode>", "w<wajib>|…", "s<sumber>|…"
    judul: str  # what the group is about (competency name, mandatory programme, source)
    kompetensi_id: int | None
    bentuk: BentukPelatihan
    kebutuhan_ids: list = field(default_factory=list)
    pegawai_ids: set = field(default_factory=set)
    opd: set = field(default_factory=set)
    kecil: bool = False  # classroom and fewer people than the minimum
    bentuk_asal: BentukPelatihan | None = None  # the classroom bentuk replaced by the small-class suggestion
    jp: int = JP_SARAN
    prioritas: int = Kebutuhan.Prioritas.SEDANG

    @property
    def jumlah_pegawai(self):
        return len(self.pegawai_ids)

    @property
    def nama_program(self):
        return f"{self.bentuk.nama} {self.judul}"[:255]


def _tentang(k):
    """(key part, title, competency id) of what a need is about."""
    if k["kompetensi_id"] is not None:
        return f"k{k['kompetensi_id']}", k["kompetensi__nama"], k["kompetensi_id"]
    if k["jenis_wajib"]:
        return f"w{k['jenis_wajib']}", Kebutuhan.Wajib(k["jenis_wajib"]).label, None
    return f"s{k['sumber']}", Kebutuhan.Sumber(k["sumber"]).label, None


def _bentuk_saran(k):
    if k["kompetensi_id"] is not None:
        return BENTUK_SARAN.get(k["kompetensi__kategori"], BENTUK_LAIN)
    return BENTUK_SARAN.get(k["jenis_wajib"]) or BENTUK_SARAN.get(k["sumber"], BENTUK_LAIN)


def kebutuhan_siap(siklus):
    """Needs of the cycle ready to be put in a line: verified by HR and in no line yet."""
    return Kebutuhan.objects.filter(siklus=siklus, status=Kebutuhan.Status.DIVERIFIKASI, item_rencana__isnull=True)


def saran_pengelompokan(*, siklus):
    """The suggested lines for the verified needs not yet planned (a list of ``Kelompok``, biggest first). Three
    queries: the bentuk list, the instansi's JP defaults, the needs."""
    bentuk = {b.kode: b for b in BentukPelatihan.objects.all()}
    bentuk_id = {b.pk: b for b in bentuk.values()}
    jp_bawaan = jp_bawaan_instansi(instansi=siklus.instansi_id)
    kelompok = {}
    rows = (kebutuhan_siap(siklus).order_by("id")
            .values("id", "pegawai_id", "kompetensi_id", "kompetensi__nama", "kompetensi__kategori", "jenis_wajib",
                    "sumber", "bentuk_usulan_id", "opd_id", "prioritas", "prioritas_manual"))
    for k in rows:
        bagian, judul, kompetensi_id = _tentang(k)
        b = bentuk_id.get(k["bentuk_usulan_id"]) or bentuk[_bentuk_saran(k)]
        kunci = f"{bagian}|{b.kode}"
        g = kelompok.get(kunci)
        if g is None:
            g = kelompok[kunci] = Kelompok(kunci=kunci, judul=judul, kompetensi_id=kompetensi_id, bentuk=b,
                                           prioritas=Kebutuhan.Prioritas.RENDAH)
        g.kebutuhan_ids.append(k["id"])
        g.pegawai_ids.add(k["pegawai_id"])
        if k["opd_id"]:
            g.opd.add(k["opd_id"])
        g.prioritas = min(g.prioritas, k["prioritas_manual"] or k["prioritas"])
    hasil = sorted(kelompok.values(), key=lambda g: (-g.jumlah_pegawai, g.judul, g.bentuk.kode))
    for g in hasil:
        if g.bentuk.klasikal and g.jumlah_pegawai < siklus.ukuran_kelas_minimal:
            g.kecil, g.bentuk_asal, g.bentuk = True, g.bentuk, bentuk[BENTUK_KELAS_KECIL]
        g.jp = jp_bawaan.get(g.bentuk.pk) or JP_SARAN
    return hasil


# ---------------------------------------------------------------------------- the lines and their totals

def item_siklus(siklus):
    return RencanaItem.objects.filter(siklus=siklus)


def rencana_ringkas(*, siklus):
    """The lines of the cycle with what the page and the export show, and the totals. Five queries: the lines
    (with bentuk and penyelenggara), their competencies, head counts, the OPD of their participants, and the number
    of needs in the inventory.

    Each line gets ``jumlah_peserta`` (distinct employees of its needs), ``opd_peserta`` (their OPD names),
    ``nama_kompetensi`` and ``jadwal``; totals: lines, JP, participants (sum over lines), distinct employees,
    total cost."""
    items = list(item_siklus(siklus).select_related("bentuk", "penyelenggara").prefetch_related("kompetensi")
                 .annotate(jumlah_peserta=Count("kebutuhan__pegawai", distinct=True))
                 .order_by("nomor", "id"))
    opd = defaultdict(set)
    for item_id, nama in (RencanaItem.kebutuhan.through.objects.filter(rencanaitem__siklus=siklus)
                          .exclude(kebutuhan__opd__isnull=True)
                          .values_list("rencanaitem_id", "kebutuhan__opd__nama").distinct()):
        opd[item_id].add(nama)
    for i in items:
        i.opd_peserta = sorted(opd[i.pk])
        i.nama_kompetensi = [k.nama for k in i.kompetensi.all()]
        i.jadwal = triwulan_label(i.triwulan)
    pegawai = (Kebutuhan.objects.filter(siklus=siklus, item_rencana__isnull=False)
               .values("pegawai_id").distinct().count())
    total = {
        "baris": len(items), "jp": sum(i.jp for i in items), "peserta": sum(i.jumlah_peserta for i in items),
        "pegawai": pegawai, "biaya": sum((i.total_biaya for i in items), start=0),
        "kebutuhan": kebutuhan_inventaris(siklus).count(),
    }
    return items, total


def kebutuhan_inventaris(siklus):
    """The inventory of the cycle (PP 11/2017 Pasal 205(1)(a)): every need not refused or returned."""
    return Kebutuhan.objects.filter(siklus=siklus).exclude(
        status__in=[Kebutuhan.Status.DITOLAK, Kebutuhan.Status.DIKEMBALIKAN])


def kebutuhan_item(*, item, siklus, batas=300):
    """For a line's edit page: its needs (with employee and OPD) and the verified needs still free, those about
    the line's competencies first. Two queries."""
    kolom = ("pegawai", "pegawai__jabatan", "opd", "kompetensi")
    sekarang = list(item.kebutuhan.select_related(*kolom).order_by("pegawai__nama", "id")) if item else []
    kompetensi = [k.pk for k in item.kompetensi.all()] if item else []
    bebas = kebutuhan_siap(siklus).select_related(*kolom)
    if kompetensi:
        bebas = bebas.filter(kompetensi__in=kompetensi)
    bebas = list(bebas.order_by("pegawai__nama", "id")[:batas])
    return sekarang, bebas


LABEL_PERUBAHAN = {
    "nama_program": "Nama program", "bentuk": "Bentuk", "jalur": "Jalur", "penyelenggara": "Penyelenggara",
    "triwulan": "Triwulan", "jp": "JP", "biaya_satuan": "Biaya satuan", "total_biaya": "Total biaya",
    "sumber_dana": "Sumber dana", "kode_sub_kegiatan": "Kode sub-kegiatan", "sesuai_kurikulum": "Sesuai kurikulum",
    "rujukan_kurikulum": "Rujukan kurikulum", "prioritas": "Prioritas", "kompetensi": "Kompetensi",
    "peserta": "Jumlah peserta", "baris": "Jumlah baris", "nomor_keputusan": "Nomor keputusan",
    "tanggal_keputusan": "Tanggal keputusan", "dihapus": "Baris dihapus",
}
UANG = {"biaya_satuan", "total_biaya"}


def _nilai_tampil(kunci, nilai):
    """A value of the history as people read it: money in rupiah, yes/no, lists joined."""
    if nilai is None or nilai == "":
        return "–"
    if kunci in UANG:
        return "Rp " + f"{int(float(nilai)):,}".replace(",", ".")
    if isinstance(nilai, bool):
        return "ya" if nilai else "tidak"
    if kunci == "triwulan":
        return triwulan_label(nilai)
    if kunci == "tanggal_keputusan":
        return "-".join(reversed(str(nilai).split("-")))  # 2026-10-20 -> 20-10-2026
    if isinstance(nilai, list):
        return ", ".join(map(str, nilai)) or "–"
    return nilai


def riwayat_revisi(*, siklus):
    """The versions of a set plan, newest first; each with ``judul_baris`` (the line it changed, as named then)."""
    hasil = list(RevisiRencana.objects.filter(siklus=siklus).select_related("penulis", "item").order_by("-versi"))
    for r in hasil:
        r.judul_baris = (r.item.nama_program if r.item_id else r.sebelum.get("nama_program")) or "Seluruh rencana"
        if r.sesudah == {"dihapus": True}:
            r.perubahan = [("Baris dihapus", None, r.sebelum.get("nama_program", ""))]
            continue
        r.perubahan = [(LABEL_PERUBAHAN.get(k, k), _nilai_tampil(k, r.sebelum.get(k)) if r.sebelum else None,
                        _nilai_tampil(k, v)) for k, v in r.sesudah.items() if k != "kebutuhan"]
    return hasil


# ---------------------------------------------------------------------------- 20 JP coverage

def _jp_terencana_sql():
    item = RencanaItem._meta.db_table
    tautan = RencanaItem.kebutuhan.through._meta.db_table
    kebutuhan = Kebutuhan._meta.db_table
    return f"""
        SELECT p.id, p.jenis_asn, p.status, COALESCE(r.jp, 0), e.alasan
        FROM {Pegawai._meta.db_table} p
        LEFT JOIN (
            SELECT x.pegawai_id, SUM(x.jp) AS jp FROM (
                SELECT DISTINCT k.pegawai_id, i.id, i.jp
                FROM {item} i
                JOIN {tautan} t ON t.rencanaitem_id = i.id
                JOIN {kebutuhan} k ON k.id = t.kebutuhan_id
                WHERE i.siklus_id = %s
            ) x GROUP BY x.pegawai_id
        ) r ON r.pegawai_id = p.id
        LEFT JOIN {PengecualianJP._meta.db_table} e ON e.pegawai_id = p.id AND e.siklus_id = %s
        WHERE p.instansi_id = %s AND p.status = ANY(%s)
    """


def jp_terencana(*, siklus):
    """{employee id: planned JP} for every employee counted in the cycle's coverage (one query)."""
    with connection.cursor() as cur:
        cur.execute(_jp_terencana_sql(), [siklus.pk, siklus.pk, siklus.instansi_id, list(STATUS_DIHITUNG)])
        return {pid: jp for pid, _j, _s, jp, _a in cur.fetchall()}


@dataclass
class Cakupan:
    """The 20 JP coverage of a cycle's plan."""

    bertarget: int = 0  # employees whose jenis ASN has a target (PNS and CPNS by default)
    tercakup: int = 0  # of them: planned JP at or above the target
    dikecualikan: int = 0  # of them: exempt (status or the list)
    kurang: list = field(default_factory=list)  # (employee id, planned JP, target), lowest first
    melebihi: list = field(default_factory=list)  # (employee id, planned JP, ceiling): above the ceiling
    pengecualian: dict = field(default_factory=dict)  # employee id -> (reason label, from status?)
    jp: dict = field(default_factory=dict)  # employee id -> planned JP

    @property
    def belum(self):
        return len(self.kurang)

    @property
    def lengkap(self):
        return not self.kurang

    @property
    def persen(self):
        return round(100 * (self.tercakup + self.dikecualikan) / self.bertarget, 1) if self.bertarget else 100.0


def cakupan_jp(*, siklus):
    """The coverage of the plan (two queries: the JP rules, then one aggregate over employees × planned lines ×
    the exemption list)."""
    aturan = aturan_jp(instansi_id=siklus.instansi_id)
    c = Cakupan()
    with connection.cursor() as cur:
        cur.execute(_jp_terencana_sql(), [siklus.pk, siklus.pk, siklus.instansi_id, list(STATUS_DIHITUNG)])
        rows = cur.fetchall()
    for pid, jenis, status, jp, alasan in rows:
        target, batas = aturan.get(jenis, (None, None))
        c.jp[pid] = jp
        if status in STATUS_PENGECUALIAN:
            c.pengecualian[pid] = (ALASAN_PENGECUALIAN[STATUS_PENGECUALIAN[status]], True)
        elif alasan:
            c.pengecualian[pid] = (ALASAN_PENGECUALIAN.get(alasan, alasan), False)
        if batas is not None and jp > batas:
            c.melebihi.append((pid, jp, batas))
        if target is None:
            continue
        c.bertarget += 1
        if pid in c.pengecualian:
            c.dikecualikan += 1
        elif jp >= target:
            c.tercakup += 1
        else:
            c.kurang.append((pid, jp, target))
    c.kurang.sort(key=lambda r: (r[1], r[0]))
    c.melebihi.sort(key=lambda r: (-r[1], r[0]))
    return c


def pegawai_baris(ids):
    """{id: Pegawai} with unit and jabatan, for one page of a coverage list (one query)."""
    return Pegawai.objects.select_related("unit_kerja", "jabatan").in_bulk(list(ids))


def pengecualian_siklus(*, siklus):
    return list(PengecualianJP.objects.filter(siklus=siklus).select_related("pegawai__unit_kerja", "dibuat_oleh")
                .order_by("pegawai__nama"))


def pegawai_status_pengecualian(*, siklus):
    """Employees exempt by their status (no row in the list needed), for the coverage page (one query)."""
    return list(Pegawai.objects.filter(instansi_id=siklus.instansi_id, status__in=list(STATUS_PENGECUALIAN))
                .select_related("unit_kerja").order_by("nama"))
