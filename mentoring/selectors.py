"""Reads of mentoring/: mentor suggestions (the statement lives in mentoring.saran), pair lists, the HR overview,
the dashboard panel, the export.
Every function issues a fixed number of queries whatever the number of employees, pairs or sessions."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, F, IntegerField, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from pembinaan import nip as nip_mod
from pembinaan import referensi as ref
from pembinaan.models import Pegawai, UnitKerja, nama_lengkap
from pembinaan.selectors import peta_induk_unit, unit_dan_subunit

from . import kecocokan
from .models import PERNYATAAN_B18, JenisMentoring, PasanganMentoring, PengaturanMentoring, SesiMentoring
from .saran import GAP_TERATAS, JUMLAH_SARAN, kesenjangan, saran_mentor  # noqa: F401 (the read API)

PS = PasanganMentoring.Status
SS = SesiMentoring.Status
SESI_HIDUP = (SS.MENUNGGU, SS.DIKONFIRMASI)  # sessions that count as activity


def _pct(n, total):
    return round(100 * n / total, 1) if total else None


# ---------------------------------------------------------------------------------------------- lists

def _sesi_terakhir():
    return Subquery(SesiMentoring.objects.filter(pasangan=OuterRef("pk"), status__in=SESI_HIDUP)
                    .order_by("-tanggal").values("tanggal")[:1])


def tanpa_aktivitas(qs, batas):
    """Active pairs whose last session (logged or confirmed) — or, without one, the planned start — is before
    ``batas``; annotated with that date as ``terakhir``. The overview statement counts the same."""
    return (qs.filter(status=PS.AKTIF).annotate(terakhir=Coalesce(_sesi_terakhir(), "rencana_mulai"))
            .filter(terakhir__lt=batas))


def pasangan_annotated(qs):
    return (qs.select_related("mentor", "mentee", "mentee__unit_kerja")
            .annotate(sesi_terakhir=_sesi_terakhir(),
                      sesi_dikonfirmasi=Count("sesi", filter=Q(sesi__status=SS.DIKONFIRMASI)),
                      sesi_menunggu=Count("sesi", filter=Q(sesi__status=SS.MENUNGGU))))


def batas_aktivitas(instansi_id, today=None):
    today = today or timezone.localdate()
    return today - timedelta(days=PengaturanMentoring.untuk(instansi_id).hari_tanpa_sesi)


def filter_pasangan(qs, *, status="", jenis="", q="", unit_id=None, kondisi="", instansi_id=None, today=None):
    today = today or timezone.localdate()
    if status in PS.values:
        qs = qs.filter(status=status)
    if jenis in JenisMentoring.values:
        qs = qs.filter(jenis=jenis)
    if unit_id:
        qs = qs.filter(mentee__unit_kerja_id__in=unit_dan_subunit(unit_id))
    if q:
        angka = nip_mod.normalise(q)
        if angka.isdigit() and len(angka) >= 4:
            qs = qs.filter(Q(mentor__nip__startswith=angka) | Q(mentee__nip__startswith=angka))
        else:
            qs = qs.filter(Q(mentor__nama__icontains=q) | Q(mentee__nama__icontains=q))
    if kondisi == "tanpa_aktivitas":
        qs = tanpa_aktivitas(qs, batas_aktivitas(instansi_id, today))
    elif kondisi == "lewat_rencana":
        qs = qs.filter(status=PS.AKTIF, rencana_selesai__lt=today)
    return qs


def pasangan_pribadi(*, pegawai):
    """An employee's own pairs: as mentor and as mentee. One query."""
    rows = list(pasangan_annotated(PasanganMentoring.objects.filter(Q(mentor=pegawai) | Q(mentee=pegawai)))
                .order_by("-rencana_mulai", "-pk"))
    urut = {PS.AKTIF: 0, PS.USULAN: 1, PS.SELESAI: 2, PS.DIBATALKAN: 3}
    rows.sort(key=lambda p: urut[p.status])  # stable: newest first within each status
    return {"sebagai_mentor": [p for p in rows if p.mentor_id == pegawai.pk],
            "sebagai_mentee": [p for p in rows if p.mentee_id == pegawai.pk]}


def pasangan_bulk_kandidat(*, instansi, jenis, tahun_cpns=None, unit_id=None, jenis_asn=None):
    """Employees a bulk creation considers: active, of the instansi, with the filters HR chose (default for
    Latsar: CPNS). Mentor: the atasan langsung."""
    qs = (Pegawai.objects.filter(instansi=instansi, status=ref.StatusPegawai.AKTIF)
          .select_related("jabatan", "atasan__jabatan", "unit_kerja").order_by("nama", "pk"))
    if jenis_asn:
        qs = qs.filter(jenis_asn=jenis_asn)
    elif jenis == JenisMentoring.LATSAR:
        qs = qs.filter(jenis_asn=ref.JenisAsn.CPNS)
    if tahun_cpns:
        qs = qs.filter(tmt_cpns__year=tahun_cpns)
    if unit_id:
        qs = qs.filter(unit_kerja_id__in=unit_dan_subunit(unit_id))
    return qs


def unit_pilihan(*, instansi):
    """(id, name) of the instansi's units, for the pair list's unit filter."""
    return UnitKerja.objects.filter(instansi=instansi).order_by("nama").values_list("pk", "nama")


def unit_milik(*, instansi, unit_id):
    """``unit_id`` when it is a unit of ``instansi``, else None (a foreign unit filters like no unit)."""
    if unit_id is None or not UnitKerja.objects.filter(pk=unit_id, instansi=instansi).exists():
        return None
    return unit_id


def pasangan_terbuka(*, mentee, jenis):
    """The mentee's proposed or active pair of this kind, with its mentor, or None."""
    return (PasanganMentoring.objects.filter(mentee=mentee, jenis=jenis, status__in=[PS.USULAN, PS.AKTIF])
            .select_related("mentor").first())


def pasangan_detail(*, pasangan):
    """Sessions with their credited JP and B.1.8, the B.1.9 forms. Three queries."""
    from pelatihan.models import KreditJP

    sesi = list(pasangan.sesi.select_related("penulis", "umpan_balik").annotate(
        jp=Subquery(KreditJP.objects.filter(sesi_mentoring_id=OuterRef("pk")).values("jp")[:1],
                    output_field=IntegerField())).order_by("-tanggal", "-id"))
    evaluasi = list(pasangan.evaluasi_kompetensi.prefetch_related("item__kompetensi").order_by("-tanggal", "-id"))
    hidup = [s for s in sesi if s.status == SS.DIKONFIRMASI]
    return {"sesi": sesi, "evaluasi_kompetensi": evaluasi,
            "total_menit": sum(s.durasi_menit for s in hidup), "total_jp": sum(s.jp or 0 for s in hidup),
            "jumlah_dikonfirmasi": len(hidup)}


# ------------------------------------------------------------------------------------------ overview

# Every unit of the instansi with its top-level unit (the OPD): the unit tree is small. Walked within the
# instansi's units (un), so that other instansi's trees are never read (issue 15).
_AKAR_CTE = """
WITH RECURSIVE un AS MATERIALIZED (
    SELECT id, induk_id FROM pembinaan_unitkerja WHERE instansi_id = %(instansi)s
), akar(id, akar_id) AS (
    SELECT id, id FROM un WHERE induk_id IS NULL
    UNION ALL
    SELECT u.id, a.akar_id FROM un u JOIN akar a ON u.induk_id = a.id
)
"""

# Issue 15: the cost is the instansi's own. The sessions are read through (pasangan, tanggal) for the array of
# this instansi's active pairs, and each mentee's unit by primary key (a join let the planner hash a scan of
# every instansi's sessions and employees once a large neighbour was loaded).
_OVERVIEW_SQL = _AKAR_CTE + """, sesi AS (
    SELECT s.pasangan_id, COUNT(*) FILTER (WHERE s.tanggal >= %(d90)s) AS n90, MAX(s.tanggal) AS terakhir
    FROM mentoring_sesimentoring s
    WHERE s.pasangan_id = ANY(ARRAY(SELECT id FROM mentoring_pasanganmentoring
                                    WHERE instansi_id = %(instansi)s AND status = 'aktif'))
      AND s.status IN ('menunggu', 'dikonfirmasi')
    GROUP BY s.pasangan_id
), pas AS (
    SELECT p.status, p.rencana_mulai, p.rencana_selesai, a.akar_id, s.n90, s.terakhir
    FROM mentoring_pasanganmentoring p
    LEFT JOIN akar a ON a.id = (SELECT e.unit_kerja_id FROM pembinaan_pegawai e WHERE e.id = p.mentee_id)
    LEFT JOIN sesi s ON s.pasangan_id = p.id
    WHERE p.instansi_id = %(instansi)s
)
SELECT akar_id,
       COUNT(*) FILTER (WHERE status = 'aktif'),
       COUNT(*) FILTER (WHERE status = 'usulan'),
       COALESCE(SUM(n90) FILTER (WHERE status = 'aktif'), 0)::int,
       COUNT(*) FILTER (WHERE status = 'aktif' AND COALESCE(terakhir, rencana_mulai) < %(batas)s),
       COUNT(*) FILTER (WHERE status = 'aktif' AND rencana_selesai < %(hari_ini)s),
       COUNT(*) FILTER (WHERE status = 'selesai'),
       COUNT(*) FILTER (WHERE status = 'dibatalkan')
FROM pas GROUP BY akar_id
"""

# Mentors at or over capacity (a few hundred at most), each with the OPD where the mentor works and the load.
_PENUH_SQL = _AKAR_CTE + """, beban AS (
    SELECT mentor_id, COUNT(*) AS n FROM mentoring_pasanganmentoring
    WHERE instansi_id = %(instansi)s AND status = 'aktif' GROUP BY mentor_id HAVING COUNT(*) >= %(kapasitas)s
)
SELECT b.mentor_id, a.akar_id, b.n, e.nama, e.gelar_depan, e.gelar_belakang, e.nip, u.nama
FROM beban b JOIN pembinaan_pegawai e ON e.id = b.mentor_id LEFT JOIN akar a ON a.id = e.unit_kerja_id
LEFT JOIN pembinaan_unitkerja u ON u.id = e.unit_kerja_id
"""


@dataclass(frozen=True)
class MentorPenuh:
    pk: int
    beban: int
    nama: str
    nama_lengkap: str
    nip: str
    unit: str


def _beban_penuh(cur, params):
    """The mentors at or over capacity: [(OPD id, MentorPenuh)]."""
    cur.execute(_PENUH_SQL, params)
    return [(akar_id, MentorPenuh(pk, n, nama, nama_lengkap(depan, nama, belakang), nip, unit or ""))
            for pk, akar_id, n, nama, depan, belakang, nip, unit in cur.fetchall()]

KOLOM = ("aktif", "usulan", "sesi_90", "tanpa_aktivitas", "lewat_rencana", "selesai", "dibatalkan")


def overview(*, instansi, today=None):
    """HR overview per top-level unit (the mentee's OPD): active pairs, sessions per active pair in the last
    90 days, active pairs without activity for the instansi's N days, active pairs past their planned end,
    mentors at capacity, completion rate (finished / (finished + cancelled + active past the planned end)).
    Four queries whatever the number of pairs and sessions."""
    today = today or timezone.localdate()
    aturan = PengaturanMentoring.untuk(instansi.pk)
    params = {"instansi": instansi.pk, "d90": today - timedelta(days=90), "hari_ini": today,
              "batas": today - timedelta(days=aturan.hari_tanpa_sesi), "kapasitas": aturan.kapasitas_mentor}
    per_root = defaultdict(lambda: dict.fromkeys((*KOLOM, "mentor_penuh", "mentor_lebih"), 0))
    with connection.cursor() as cur:
        cur.execute(_OVERVIEW_SQL, params)
        for akar_id, *nilai in cur.fetchall():
            per_root[akar_id].update(zip(KOLOM, nilai, strict=True))
        penuh = _beban_penuh(cur, params)
    for akar_id, m in penuh:
        per_root[akar_id]["mentor_penuh"] += 1
        per_root[akar_id]["mentor_lebih"] += m.beban > aturan.kapasitas_mentor
    roots = list(UnitKerja.objects.filter(instansi=instansi, induk__isnull=True).order_by("nama", "pk")
                 .values_list("id", "nama"))

    def baris(uid, nama, a):
        berakhir = a["selesai"] + a["dibatalkan"] + a["lewat_rencana"]
        return {"id": uid, "nama": nama, **a,
                "sesi_per_pasangan": round(a["sesi_90"] / a["aktif"], 1) if a["aktif"] else None,
                "tingkat_selesai": _pct(a["selesai"], berakhir)}

    units = [baris(uid, nama, per_root[uid]) for uid, nama in roots if uid in per_root]
    if None in per_root:
        units.append(baris(None, "Tanpa unit kerja", per_root[None]))
    total = dict.fromkeys((*KOLOM, "mentor_penuh", "mentor_lebih"), 0)
    for a in per_root.values():
        for k in total:
            total[k] += a[k]
    return {"unit": units, "total": baris(None, "Semua unit", total), "aturan": aturan, "hari_ini": today,
            "mentor_penuh": sorted((m for _, m in penuh), key=lambda m: (-m.beban, m.nama, m.pk))}


def umpan_balik_ringkas(*, instansi, today=None, hari=365):
    """B.1.8 answers of the instansi's mentees over the last ``hari`` days, averaged per statement: aggregates
    only (no mentor or mentee named), so pimpinan may see them too. One query."""

    today = today or timezone.localdate()
    with connection.cursor() as cur:
        cur.execute("""
            SELECT j.key, AVG(j.value::int), COUNT(*), COUNT(DISTINCT u.id)
            FROM mentoring_umpanbalikbimbingan u
            JOIN mentoring_sesimentoring s ON s.id = u.sesi_id
            JOIN mentoring_pasanganmentoring p ON p.id = s.pasangan_id
            CROSS JOIN LATERAL jsonb_each_text(u.jawaban) j
            WHERE p.instansi_id = %s AND s.tanggal >= %s
            GROUP BY j.key""", [instansi.pk, today - timedelta(days=hari)])
        per_kunci = {k: (float(avg), n, forms) for k, avg, n, forms in cur.fetchall()}
    jumlah = max((v[2] for v in per_kunci.values()), default=0)
    return {"jumlah": jumlah, "hari": hari,
            "baris": [{"teks": teks, "rata": round(per_kunci[k][0], 1) if k in per_kunci else None,
                       "n": per_kunci[k][1] if k in per_kunci else 0} for k, teks in PERNYATAAN_B18]}


def panel_dasbor(*, instansi, today=None):
    """The dashboard's mentoring panel: the overview totals and the sessions confirmed in the last 30 days."""
    today = today or timezone.localdate()
    data = overview(instansi=instansi, today=today)["total"]
    data["sesi_30"] = SesiMentoring.objects.filter(
        pasangan__instansi=instansi, status=SS.DIKONFIRMASI, tanggal__gte=today - timedelta(days=30)).count()
    return data


def ekspor_pasangan(qs):
    """Headers and rows for the XLSX export of the (filtered) pair list; one query, streamed."""
    from pelatihan.models import KreditJP

    headers = ["NIP MENTEE", "NAMA MENTEE", "UNIT KERJA MENTEE", "NIP MENTOR", "NAMA MENTOR", "JENIS", "STATUS",
               "RENCANA MULAI", "RENCANA SELESAI", "SESI DIKONFIRMASI", "MENIT DIKONFIRMASI", "JP DIKREDITKAN",
               "SESI TERAKHIR", "TUJUAN", "RINGKASAN PENUTUP"]
    # The ledger knows a session by its id only (pelatihan sits below mentoring): the pair's sessions by subquery;
    # their credits all belong to the mentee, so grouping by employee gives the pair's one sum.
    sesi_pasangan = SesiMentoring.objects.filter(pasangan=OuterRef(OuterRef("pk"))).values("pk")
    jp = Subquery(KreditJP.objects.filter(sesi_mentoring_id__in=sesi_pasangan).values("pegawai")
                  .annotate(t=Sum("jp")).values("t"), output_field=IntegerField())
    qs = (qs.select_related("mentor", "mentee__unit_kerja")
          .annotate(sesi_terakhir=_sesi_terakhir(),
                    n_sesi=Count("sesi", filter=Q(sesi__status=SS.DIKONFIRMASI)),
                    menit=Coalesce(Sum("sesi__durasi_menit", filter=Q(sesi__status=SS.DIKONFIRMASI)), 0),
                    total_jp=Coalesce(jp, 0))
          .order_by("mentee__nama", "pk"))

    def rows():
        for p in qs.iterator(chunk_size=2000):
            yield [p.mentee.nip, p.mentee.nama_lengkap, p.mentee.unit_kerja.nama if p.mentee.unit_kerja else "",
                   p.mentor.nip, p.mentor.nama_lengkap, p.get_jenis_display(), p.get_status_display(),
                   p.rencana_mulai, p.rencana_selesai, p.n_sesi, p.menit, p.total_jp, p.sesi_terakhir, p.tujuan,
                   p.ringkasan_penutup]

    return headers, rows()


# ------------------------------------------------------------------------- the employee's home (mentoring/beranda.py)

def sesi_menunggu_saya(qs, *, pegawai):
    """Sessions in ``qs`` (``sesi_pihak_scope``) that wait for ``pegawai``'s confirmation (written by the other
    side; pairs not cancelled), per pair: [{"pasangan_id", "mentor", "mentee", "nama_mentor", "nama_mentee",
    "jumlah"}]. One query."""

    return list(qs.filter(status=SS.MENUNGGU).exclude(penulis=pegawai)
                .exclude(pasangan__status=PS.DIBATALKAN)
                .values("pasangan_id", mentor=F("pasangan__mentor_id"), mentee=F("pasangan__mentee_id"),
                        nama_mentor=F("pasangan__mentor__nama"), nama_mentee=F("pasangan__mentee__nama"))
                .annotate(jumlah=Count("pk")).order_by("pasangan_id"))


def b18_belum_diisi(qs, *, pegawai):
    """Confirmed sessions in ``qs`` (``sesi_pihak_scope``) where ``pegawai`` is the mentee and has not given the
    B.1.8 feedback, per pair with the oldest such session: [{"pasangan_id", "nama_mentor", "jumlah", "sesi_id"}].
    One query."""

    return list(qs.filter(status=SS.DIKONFIRMASI, pasangan__mentee=pegawai, umpan_balik__isnull=True)
                .values("pasangan_id", nama_mentor=F("pasangan__mentor__nama"))
                .annotate(jumlah=Count("pk"), sesi_id=Min("pk")).order_by("pasangan_id"))


# ----------------------------------------------------------------------------------------- pairs many at once
# Read by the bulk page's preview and again, under lock, by services.pasangan.pasangan_bulk_create.

def beban_mentor(mentor_ids):
    """Active mentees per mentor, one query."""
    rows = (PasanganMentoring.objects.filter(mentor_id__in=list(mentor_ids), status=PS.AKTIF)
            .values("mentor_id").annotate(n=Count("id")))
    return {r["mentor_id"]: r["n"] for r in rows}


@dataclass
class BarisMassal:
    mentee: Pegawai
    mentor: Pegawai | None
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def bisa(self):
        return self.mentor is not None and not self.errors


BATAS_MASSAL = 2000


def pasangan_bulk_preview(*, instansi, jenis, mentee_qs):
    """One row per candidate mentee with its mentor (the atasan) and the errors/warnings; a fixed number of
    queries whatever the count (the checks run over values loaded once)."""
    mentees = list(mentee_qs[:BATAS_MASSAL + 1])
    if len(mentees) > BATAS_MASSAL:
        raise ValidationError(f"Terlalu banyak pegawai ({len(mentees) - 1}+); persempit dengan tahun atau unit "
                              f"(paling banyak {BATAS_MASSAL} sekaligus).")
    induk = peta_induk_unit(instansi.pk)
    kapasitas = PengaturanMentoring.untuk(instansi.pk).kapasitas_mentor
    sudah = set(PasanganMentoring.objects.filter(mentee__in=[m.pk for m in mentees], jenis=jenis,
                                                 status__in=[PS.USULAN, PS.AKTIF]).values_list("mentee_id", flat=True))
    beban = beban_mentor({m.atasan_id for m in mentees if m.atasan_id})
    rows = []
    for m in mentees:
        row = BarisMassal(mentee=m, mentor=m.atasan)
        if m.status != ref.StatusPegawai.AKTIF:
            row.errors.append(f"Berstatus {m.get_status_display().lower()}, bukan aktif.")
        elif m.atasan is None:
            row.errors.append("Belum punya atasan langsung: tetapkan atasan atau buat pasangan satu per satu.")
        elif m.pk in sudah:
            row.errors.append("Sudah punya pasangan jenis ini yang aktif atau diusulkan.")
        elif m.atasan.status != ref.StatusPegawai.AKTIF or m.atasan.instansi_id != instansi.pk:
            row.errors.append(f"Atasan {m.atasan.nama} tidak aktif di {instansi.nama}.")
        else:
            n = beban.get(m.atasan_id, 0)
            row.warnings = kecocokan.peringatan(kecocokan.Profil.dari(m.atasan), kecocokan.Profil.dari(m),
                                                jenis=jenis, beban=n, kapasitas=kapasitas, induk=induk)
            beban[m.atasan_id] = n + 1  # the mentees before this one in the list count too
        rows.append(row)
    return rows
