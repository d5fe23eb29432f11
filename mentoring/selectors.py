"""Reads of mentoring/: mentor suggestions, pair lists, the HR overview, the dashboard panel, the export.
Every function issues a fixed number of queries whatever the number of employees, pairs or sessions."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from pembinaan import referensi as ref
from pembinaan.models import UnitKerja, nama_lengkap
from pembinaan.selectors import pegawai_kompetensi, peta_induk_unit

from . import kecocokan
from .models import JenisMentoring, PasanganMentoring, PengaturanMentoring, SesiMentoring

PS = PasanganMentoring.Status
SS = SesiMentoring.Status
SESI_HIDUP = (SS.MENUNGGU, SS.DIKONFIRMASI)  # sessions that count as activity
JUMLAH_SARAN = 10
GAP_TERATAS = 3


def _pct(n, total):
    return round(100 * n / total, 1) if total else None


def _golongan_values():
    """The golongan ranks as a VALUES list (joined once per row, instead of a 34-branch CASE evaluated in
    every expression that uses the rank)."""
    return ", ".join(f"('{kode}', {n})" for kode, n in ref.URUTAN_GOLONGAN.items())


def _rumpun_sql(kolom):
    return f"btrim(regexp_replace(lower(btrim(COALESCE({kolom}, ''))), '{kecocokan.RUMPUN_POLA}', ''))"


# One statement for all candidates of the instansi: the mentee, their unit's ancestors and OPD, their largest
# assessed competency gaps, each candidate's strength on those gaps and current load, and a score. The
# candidate set is bounded by relevance (same OPD, same field, strong on a gap, or the atasan) and by
# seniority (not a lower golongan); only the best JUMLAH_SARAN rows leave the database.
# Cost at 25,000 employees (make bench): the field (rumpun) regexp runs once per jabatan of the instansi (jr),
# not once per candidate; the rank comes from a join; kuat reads the index on (kompetensi, level); the
# jabatan and unit names are joined to the best rows only.
# Beside other instansi (issue 15), the cost is the mentee's instansi's alone: no row of another instansi is
# read, and no plan depends on estimates that a neighbour's bulk load makes stale. The shared (manajerial)
# competencies are assessed in every instansi, so kuat reads this instansi's candidates' profile rows through
# (pegawai, kompetensi) INCLUDE (level) (mentoring migration 0002) with the array of their ids: an index-only
# scan over this instansi's entries (the (kompetensi, level) index walks every instansi's rows, and a semi-join
# on the ids let a misestimate turn into one primary-key probe per profile row). The unit tree (un) and the
# fields (jr) are read through the instansi; the same-field test is a hashed look-up in the ids of the mentee's
# field (sr): a join on jr became a nested loop of candidates x jabatan when jr was estimated at one row.
_SARAN_SQL = """
WITH RECURSIVE gol(kode, rank) AS (VALUES {golongan}
), m AS (
    SELECT p.id, p.unit_kerja_id, p.atasan_id, p.tmt_cpns, g.rank, {rumpun_m} AS rumpun
    FROM pembinaan_pegawai p LEFT JOIN pembinaan_jabatan j ON j.id = p.jabatan_id
    LEFT JOIN gol g ON g.kode = p.golongan WHERE p.id = %(mentee)s
), un AS MATERIALIZED (
    SELECT id, induk_id FROM pembinaan_unitkerja WHERE instansi_id = %(instansi)s
), atas(id, d) AS (
    SELECT unit_kerja_id, 0 FROM m WHERE unit_kerja_id IS NOT NULL
    UNION ALL
    SELECT u.induk_id, a.d + 1 FROM un u JOIN atas a ON u.id = a.id WHERE u.induk_id IS NOT NULL
), opd(id) AS (
    (SELECT id FROM atas ORDER BY d DESC LIMIT 1)
    UNION ALL
    SELECT u.id FROM un u JOIN opd o ON u.induk_id = o.id
), gap AS MATERIALIZED (
    SELECT s.kompetensi_id, s.level AS wajib, s.level - pk.level AS gap
    FROM m JOIN pembinaan_pegawai p ON p.id = m.id
    JOIN pembinaan_standarkompetensijabatan s ON s.jabatan_id = p.jabatan_id
    JOIN pembinaan_profilkompetensi pk ON pk.pegawai_id = m.id AND pk.kompetensi_id = s.kompetensi_id
    WHERE s.level > pk.level
    ORDER BY 3 DESC, 1 LIMIT {gap_teratas}
), kuat AS (
    SELECT pk.pegawai_id, COUNT(*) AS n, SUM(g.gap) AS bobot,
           array_agg(pk.kompetensi_id ORDER BY g.gap DESC, pk.kompetensi_id) AS komp,
           array_agg(pk.level ORDER BY g.gap DESC, pk.kompetensi_id) AS level
    FROM gap g JOIN pembinaan_profilkompetensi pk ON pk.kompetensi_id = g.kompetensi_id
    WHERE pk.pegawai_id = ANY(ARRAY(
            SELECT id FROM pembinaan_pegawai
            WHERE instansi_id = %(instansi)s AND status = 'aktif' AND jenis_asn <> 'CPNS'))
      AND pk.level >= g.wajib
    GROUP BY pk.pegawai_id
), beban AS (
    SELECT mentor_id, COUNT(*) AS n FROM mentoring_pasanganmentoring
    WHERE instansi_id = %(instansi)s AND status = 'aktif' GROUP BY mentor_id
), jr AS MATERIALIZED (
    SELECT id, {rumpun_jr} AS rumpun FROM pembinaan_jabatan WHERE instansi_id = %(instansi)s
), sr AS MATERIALIZED (
    SELECT jr.id FROM jr JOIN m ON jr.rumpun = m.rumpun WHERE m.rumpun <> ''
), kandidat AS (
    SELECT c.id, c.nama, c.gelar_depan, c.gelar_belakang, c.nip, c.jenis_asn, c.golongan, c.tmt_cpns,
           c.unit_kerja_id, c.atasan_id, c.jabatan_id,
           c.id = m.atasan_id AS atasan,
           c.unit_kerja_id = m.unit_kerja_id AS satu_unit,
           c.unit_kerja_id IN (SELECT id FROM atas) AS unit_induk,
           c.unit_kerja_id IN (SELECT id FROM opd) AS satu_opd,
           -- a jabatan outside jr (of another instansi) is read on its own; no jabatan: not the same field
           COALESCE(c.jabatan_id IN (SELECT id FROM sr) OR (
               m.rumpun <> '' AND c.jabatan_id NOT IN (SELECT id FROM jr)
               AND (SELECT {rumpun_x} FROM pembinaan_jabatan x WHERE x.id = c.jabatan_id) = m.rumpun), false
           ) AS satu_rumpun,
           gc.rank - m.rank AS selisih_golongan,
           (c.tmt_cpns < m.tmt_cpns) AS lebih_lama,
           COALESCE(k.n, 0) AS kuat_n, COALESCE(k.bobot, 0) AS kuat_bobot, k.komp, k.level,
           COALESCE(b.n, 0) AS beban
    FROM pembinaan_pegawai c CROSS JOIN m
    LEFT JOIN gol gc ON gc.kode = c.golongan
    LEFT JOIN kuat k ON k.pegawai_id = c.id
    LEFT JOIN beban b ON b.mentor_id = c.id
    WHERE c.instansi_id = %(instansi)s AND c.status = 'aktif' AND c.id <> m.id AND c.jenis_asn <> 'CPNS'
), terbaik AS (
    SELECT *,
           (CASE WHEN atasan AND %(atasan_utama)s THEN 1000 ELSE 0 END)
           + (CASE WHEN satu_unit THEN 30 WHEN unit_induk THEN 20 WHEN satu_opd THEN 10 ELSE 0 END)
           + (CASE WHEN satu_rumpun THEN 25 ELSE 0 END)
           + (CASE WHEN selisih_golongan > 0 THEN 15 WHEN selisih_golongan = 0 AND lebih_lama THEN 8 ELSE 0 END)
           + 20 * kuat_n + 5 * kuat_bobot
           + 3 * GREATEST(%(kapasitas)s - beban, 0) AS skor
    FROM kandidat
    WHERE (beban < %(kapasitas)s OR (atasan AND %(atasan_utama)s))
      AND (selisih_golongan IS NULL OR selisih_golongan >= 0 OR (atasan AND %(atasan_utama)s))
      AND (satu_opd OR satu_rumpun OR kuat_n > 0 OR atasan)
    ORDER BY skor DESC, selisih_golongan NULLS LAST, nama, id
    LIMIT %(limit)s
)
SELECT t.id, t.nama, t.gelar_depan, t.gelar_belakang, t.nip, t.jenis_asn, t.golongan, t.tmt_cpns,
       t.unit_kerja_id, t.atasan_id, cj.nama AS jabatan, cj.jenjang, cu.nama AS unit,
       t.atasan, t.satu_unit, t.unit_induk, t.satu_opd, t.satu_rumpun, t.selisih_golongan, t.lebih_lama,
       t.kuat_n, t.kuat_bobot, t.komp, t.level, t.beban, t.skor
FROM terbaik t
LEFT JOIN pembinaan_jabatan cj ON cj.id = t.jabatan_id
LEFT JOIN pembinaan_unitkerja cu ON cu.id = t.unit_kerja_id
ORDER BY t.skor DESC, t.selisih_golongan NULLS LAST, t.nama, t.id
"""


def _saran_sql():
    return _SARAN_SQL.format(
        golongan=_golongan_values(), rumpun_m=_rumpun_sql("j.nama"), rumpun_jr=_rumpun_sql("nama"),
        rumpun_x=_rumpun_sql("x.nama"), gap_teratas=GAP_TERATAS)


def kesenjangan(*, mentee, limit=GAP_TERATAS):
    """The mentee's largest assessed competency gaps, largest first (ties by competency, as in the suggestion
    statement): [{"id", "nama", "wajib", "level", "gap"}]. From the employee page's standard-vs-assessed table."""
    gaps = [r for r in pegawai_kompetensi(pegawai=mentee) if r["gap"]]
    gaps.sort(key=lambda r: (-r["gap"], r["kompetensi"].pk))
    return [{"id": r["kompetensi"].pk, "nama": r["kompetensi"].nama, "wajib": r["standar"], "level": r["asesmen"],
             "gap": r["gap"]} for r in gaps[:limit]]


def saran_mentor(*, mentee, jenis, limit=JUMLAH_SARAN):
    """Ranked mentor suggestions for ``mentee`` with the reasons of each rank and the warnings HR would have
    to confirm. For Latsar CPNS and leadership training the atasan comes first (DOMAIN.md 8).

    Five queries: the settings, the suggestion statement, the mentee's standards and profile, the unit tree."""
    aturan = PengaturanMentoring.untuk(mentee.instansi_id)
    atasan_utama = jenis in (JenisMentoring.LATSAR, JenisMentoring.KEPEMIMPINAN)
    with connection.cursor() as cur:
        cur.execute(_saran_sql(), {"mentee": mentee.pk, "instansi": mentee.instansi_id,
                                   "kapasitas": aturan.kapasitas_mentor, "atasan_utama": atasan_utama,
                                   "limit": limit})
        cols = [c.name for c in cur.description]
        rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    gaps = {g["id"]: g for g in kesenjangan(mentee=mentee)}
    induk = peta_induk_unit(mentee.instansi_id)
    profil_mentee = kecocokan.Profil.dari(mentee)
    out = []
    for r in rows:
        profil = kecocokan.Profil(r["id"], r["nama"], r["jenis_asn"], r["golongan"], r["tmt_cpns"],
                                  r["jenjang"] or "", r["jabatan"] or "", r["unit_kerja_id"], r["atasan_id"])
        out.append({**r, "alasan": _alasan(r, mentee, gaps, aturan.kapasitas_mentor, atasan_utama),
                    "peringatan": kecocokan.peringatan(profil, profil_mentee, jenis=jenis, beban=r["beban"],
                                                       kapasitas=aturan.kapasitas_mentor, induk=induk),
                    "nama_lengkap": nama_lengkap(r["gelar_depan"], r["nama"], r["gelar_belakang"]),
                    "golongan_label": ref.golongan_label(r["golongan"])})
    return {"saran": out, "kesenjangan": list(gaps.values()), "kapasitas": aturan.kapasitas_mentor}


def _alasan(r, mentee, gaps, kapasitas, atasan_utama):
    out = []
    if r["atasan"]:
        out.append("Atasan langsung mentee" + (" (ketentuan Latsar/kepemimpinan: mentor = atasan langsung)"
                                               if atasan_utama else ""))
    if r["satu_unit"]:
        out.append("Satu unit kerja")
    elif r["unit_induk"]:
        out.append("Bekerja di unit induk mentee")
    elif r["satu_opd"]:
        out.append("Satu perangkat daerah (OPD)")
    if r["satu_rumpun"]:
        out.append(f"Rumpun jabatan sama ({r['jabatan']})")
    if r["selisih_golongan"] is not None and r["selisih_golongan"] > 0:
        out.append(f"Lebih senior: golongan {r['golongan']}, mentee {mentee.golongan}")
    elif r["selisih_golongan"] == 0 and r["lebih_lama"]:
        out.append("Golongan sama dengan masa kerja lebih lama")
    for kid, level in zip(r["komp"] or [], r["level"] or [], strict=True):
        g = gaps.get(kid)
        if g:
            out.append(f"Kuat di {g['nama']} (level {level}; mentee {g['level']}, standar {g['wajib']})")
    sisa = kapasitas - r["beban"]
    if sisa > 0:
        out.append(f"Masih dapat membimbing {sisa} mentee lagi ({r['beban']} dari {kapasitas})")
    return out


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
    from pembinaan import nip as nip_mod
    from pembinaan.selectors import unit_dan_subunit

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
    from .models import PERNYATAAN_B18

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
    from django.db.models import F

    return list(qs.filter(status=SS.MENUNGGU).exclude(penulis=pegawai)
                .exclude(pasangan__status=PS.DIBATALKAN)
                .values("pasangan_id", mentor=F("pasangan__mentor_id"), mentee=F("pasangan__mentee_id"),
                        nama_mentor=F("pasangan__mentor__nama"), nama_mentee=F("pasangan__mentee__nama"))
                .annotate(jumlah=Count("pk")).order_by("pasangan_id"))


def b18_belum_diisi(qs, *, pegawai):
    """Confirmed sessions in ``qs`` (``sesi_pihak_scope``) where ``pegawai`` is the mentee and has not given the
    B.1.8 feedback, per pair with the oldest such session: [{"pasangan_id", "nama_mentor", "jumlah", "sesi_id"}].
    One query."""
    from django.db.models import F, Min

    return list(qs.filter(status=SS.DIKONFIRMASI, pasangan__mentee=pegawai, umpan_balik__isnull=True)
                .values("pasangan_id", nama_mentor=F("pasangan__mentor__nama"))
                .annotate(jumlah=Count("pk"), sesi_id=Min("pk")).order_by("pasangan_id"))
