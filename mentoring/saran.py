"""Mentor suggestions for one mentee (the suggestion statement and the reasons of each rank): a read, kept apart
from mentoring.selectors (which re-exports ``saran_mentor`` and ``kesenjangan``) because the statement is long and
tuned on its own (make bench). Fixed number of queries whatever the number of employees."""

from django.db import connection

from pembinaan import referensi as ref
from pembinaan.models import nama_lengkap
from pembinaan.selectors import pegawai_kompetensi, peta_induk_unit

from . import kecocokan
from .models import JenisMentoring, PengaturanMentoring

JUMLAH_SARAN = 10
GAP_TERATAS = 3


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
    to confirm. For Latsar CPNS and leadership training the atasan comes first (docs/domain.md §8).

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
